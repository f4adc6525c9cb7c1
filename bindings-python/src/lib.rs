//! Python bindings of cognito-mfa, built by maturin as the private extension module
//! `cognito_mfa._native`.
//!
//! The public Python package (`bindings-python/python/cognito_mfa`) re-exports what is here with
//! an explicit `__all__`: `cognito_mfa` (the TOTP engine and the asynchronous client),
//! `cognito_mfa.blocking` (the synchronous client) and `cognito_mfa.testing` (the embedded mock
//! endpoint). The exception classes and the `ChallengeName` enum are plain Python classes
//! (`errors.py`, `enums.py`); [`error::to_py_err`] is the one function where a core error
//! becomes a Python exception.
//!
//! The modules mirror the core's: [`totp`] wraps `cognito_mfa::totp`, [`client`] the
//! `UserPool`, [`user`] the `User` and its values, [`device`] the remembered devices and their
//! stores, [`session`] the `UserSession`, [`error`] maps `cognito_mfa::Error`. [`blocking`] is
//! the synchronous flavour of [`user`], [`runtime`] the process-wide tokio runtime both run on,
//! [`caller`] how Python callbacks (a device store's methods) run from it, and [`testing`] the
//! embedded mock. Wrapper types
//! are named `PyX` in Rust and exposed as `X`. Doc comments on exported items are written as
//! Python docstrings.

pub mod account;
pub mod admin;
pub mod args;
pub mod blocking;
pub mod caller;
pub mod client;
pub mod device;
pub mod error;
pub mod json;
pub mod resume;
pub mod runtime;
pub mod session;
pub mod testing;
pub mod totp;
pub mod user;
pub mod verify;

use pyo3::prelude::*;

/// Private native core of cognito_mfa; import the public names from ``cognito_mfa``,
/// ``cognito_mfa.blocking`` and ``cognito_mfa.testing``.
#[pymodule(name = "_native")]
pub mod native {
    use std::collections::BTreeMap;

    use pyo3::prelude::*;

    #[pymodule_export]
    use crate::totp::{
        PyKeyUri, PyReplayGuard, PyTotp, hotp, parse_uri, qr_svg, qr_text, random_secret,
    };

    #[pymodule_export]
    use crate::client::PyCognitoUserPool;

    #[pymodule_export]
    use crate::session::{
        PyCognitoAccessToken, PyCognitoIdToken, PyCognitoRefreshToken, PyCognitoUserSession,
    };

    #[pymodule_export]
    use crate::user::{
        PyAssociatedSoftwareToken, PyAuthResult, PyAuthenticationDetails, PyCognitoUser,
    };

    #[pymodule_export]
    use crate::account::{PyAdminUser, PyMfaOption, PyMfaSettings, PyUserData};

    #[pymodule_export]
    use crate::device::{
        PyDevice, PyDeviceCredentials, PyDeviceList, PyFileDeviceStore, PyMemoryDeviceStore,
    };

    #[pymodule_export]
    use crate::resume::PyStateSealer;

    #[pymodule_export]
    use crate::admin::{PyAdminClient, PyAwsCredentials, sign_request};

    #[pymodule_export]
    use crate::verify::{PyClaims, PyTokenVerifier};

    #[pymodule_export]
    use crate::testing::PyMockServer;

    /// The wire name of every challenge the core knows (`ChallengeName::ALL`), in its order,
    /// with whether the client answers it itself (`ChallengeName::is_internal`); private, for
    /// the test that keeps `cognito_mfa.ChallengeName` in step with the core. Raises nothing.
    #[pyfunction]
    #[pyo3(name = "_challenge_names")]
    fn challenge_names() -> Vec<(&'static str, bool)> {
        cognito_mfa::ChallengeName::ALL
            .iter()
            .map(|name| (name.as_str(), name.is_internal()))
            .collect()
    }

    /// The stable code of every exception this package raises, by origin: ``"client"`` (the
    /// core's client-side codes, `Error::CLIENT_CODES`), ``"service"`` (the Cognito codes the
    /// core knows, `protocol::error::codes::ALL`), ``"mock"`` (the embedded mock endpoint's)
    /// and ``"panic"`` (a Rust panic's); private, for the test that checks that each code has
    /// its class in `cognito_mfa.errors`. Raises nothing.
    #[pyfunction]
    #[pyo3(name = "_error_codes")]
    fn error_codes() -> BTreeMap<&'static str, Vec<&'static str>> {
        BTreeMap::from([
            ("client", cognito_mfa::Error::CLIENT_CODES.to_vec()),
            ("service", cognito_mfa::protocol::error::codes::ALL.to_vec()),
            ("mock", crate::error::mock_codes().to_vec()),
            ("panic", vec![crate::error::PANIC_CODE]),
        ])
    }

    #[pymodule_export]
    use crate::runtime::{panic_in_a_blocking_call_for_tests, panic_in_a_call_for_tests};

    #[pymodule_export]
    use crate::error::panic_in_a_sync_call_for_tests;

    /// The version of the package (the workspace version of Cargo.toml).
    #[pymodule_export]
    #[allow(non_upper_case_globals)]
    const __version__: &str = env!("CARGO_PKG_VERSION");

    /// Adds `cognito_mfa.blocking.CognitoUser` under the private name `_BlockingCognitoUser`
    /// (its Python name, `CognitoUser`, is taken here by the asynchronous class), and registers
    /// [`crate::runtime::shutdown_runtime`] to run at interpreter exit.
    #[pymodule_init]
    fn init(module: &Bound<'_, PyModule>) -> PyResult<()> {
        let py = module.py();
        let blocking = py.get_type::<crate::blocking::PyBlockingCognitoUser>();
        module.add("_BlockingCognitoUser", blocking)?;
        module.add(
            "_BlockingAdminClient",
            py.get_type::<crate::admin::PyBlockingAdminClient>(),
        )?;
        module.add(
            "_BlockingTokenVerifier",
            py.get_type::<crate::verify::PyBlockingTokenVerifier>(),
        )?;
        let shutdown = wrap_pyfunction!(crate::runtime::shutdown_runtime, module)?;
        py.import("atexit")?.call_method1("register", (shutdown,))?;
        Ok(())
    }
}
