//! The one place where a core [`cognito_mfa::Error`] becomes a Python exception.
//!
//! The exception classes are plain Python classes (`cognito_mfa/errors.py`) because the
//! invalid-input family must derive from both `CognitoMfaError` and `ValueError`, which pyo3's
//! `create_exception!` cannot express. Each class is named exactly as the error's stable
//! [`Error::code`], so the lookup is by code; a code without a class of its own (none today)
//! falls back to the base class `CognitoMfaError` and still carries its `code`.

use cognito_mfa::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule, PyType};

/// The Python module that defines the exception classes.
const ERRORS_MODULE: &str = "cognito_mfa.errors";
/// The base class of every exception, used for a code without a class of its own.
const BASE_CLASS: &str = "CognitoMfaError";

/// Converts a core error into the Python exception of the same code.
///
/// The exception is an instance of `cognito_mfa.errors.<code>` with the attributes `code`
/// (e.g. `"InvalidSecretError"`), `message` (the error's text, which never holds a secret) and
/// the error's data: `character`/`position` (InvalidSecretError), `chars`
/// (SecretTooShortError), `kind` (InvalidUriError, SrpError), `step` (CodeReusedError).
///
/// Should the errors module itself fail to import (a broken installation), that import error
/// is returned instead, so this function never panics.
pub fn to_py_err(err: Error) -> PyErr {
    Python::attach(|py| build(py, &err).unwrap_or_else(|failure| failure))
}

fn build(py: Python<'_>, err: &Error) -> PyResult<PyErr> {
    static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let module = ERRORS
        .get_or_try_init(py, || py.import(ERRORS_MODULE).map(Bound::unbind))?
        .bind(py);
    let base = module.getattr(BASE_CLASS)?.cast_into::<PyType>()?;
    let code = err.code();
    let class = match module.getattr(code).map(Bound::cast_into::<PyType>) {
        Ok(Ok(class)) if class.is_subclass(&base)? => class,
        _ => base,
    };
    let kwargs = PyDict::new(py);
    kwargs.set_item("code", code)?;
    let exception = class.call((err.to_string(),), Some(&kwargs))?;
    match err {
        Error::InvalidSecret {
            character,
            position,
        } => {
            exception.setattr("character", character.to_string())?;
            exception.setattr("position", position)?;
        }
        Error::SecretTooShort { chars } => exception.setattr("chars", chars)?,
        // The kinds are fieldless (or, for SRP, carry a field name that the message repeats);
        // their derived Debug text is the variant name, e.g. "BadScheme".
        Error::InvalidUri { kind, .. } => exception.setattr("kind", format!("{kind:?}"))?,
        Error::Srp { kind, .. } => exception.setattr("kind", srp_kind_name(kind))?,
        Error::CodeReused { step } => exception.setattr("step", step)?,
        _ => {}
    }
    Ok(PyErr::from_value(exception))
}

/// The variant name of an SRP error kind, without the data some variants carry.
fn srp_kind_name(kind: &cognito_mfa::error::SrpErrorKind) -> String {
    let debug = format!("{kind:?}");
    match debug.split_once([' ', '{', '(']) {
        Some((name, _)) => name.to_owned(),
        None => debug,
    }
}

#[cfg(test)]
mod tests {
    use cognito_mfa::error::SrpErrorKind;

    use super::srp_kind_name;

    #[test]
    fn srp_kind_names_are_the_variant_names_without_data() {
        // SrpError cannot be provoked through the TOTP API, so its `kind` is checked here.
        assert_eq!(
            srp_kind_name(&SrpErrorKind::BadHex { field: "SRP_B" }),
            "BadHex"
        );
        assert_eq!(
            srp_kind_name(&SrpErrorKind::ServerValueZero),
            "ServerValueZero"
        );
    }
}
