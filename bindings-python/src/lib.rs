//! Python bindings of cognito-mfa, built by maturin as the private extension module
//! `cognito_mfa._native`.
//!
//! The public Python package (`bindings-python/python/cognito_mfa`) re-exports what is here with
//! an explicit `__all__`; the exception classes are plain Python classes in
//! `cognito_mfa/errors.py`, instantiated by [`error::to_py_err`], the one function where a core
//! error becomes a Python exception.
//!
//! The modules mirror the core's: [`totp`] wraps `cognito_mfa::totp`, [`error`] maps
//! `cognito_mfa::Error`. Wrapper types are named `PyX` in Rust and exposed as `X`.
//! Doc comments on exported items are written as Python docstrings.

pub mod args;
pub mod error;
pub mod totp;

use pyo3::prelude::*;

/// Private native core of cognito_mfa; import the public names from ``cognito_mfa``.
#[pymodule(name = "_native")]
pub mod native {
    #[pymodule_export]
    use crate::totp::{
        PyKeyUri, PyReplayGuard, PyTotp, hotp, parse_uri, qr_svg, qr_text, random_secret,
    };

    /// The version of the package (the workspace version of Cargo.toml).
    #[pymodule_export]
    #[allow(non_upper_case_globals)]
    const __version__: &str = env!("CARGO_PKG_VERSION");
}
