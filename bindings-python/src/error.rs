//! The one place where a core [`cognito_mfa::Error`] becomes a Python exception.
//!
//! The exception classes are plain Python classes (`cognito_mfa/errors.py`) because several
//! must derive from a built-in exception too (`InvalidInputError` is a `ValueError`,
//! `TimeoutError` a built-in `TimeoutError`, `NetworkError` a `ConnectionError`), which pyo3's
//! `create_exception!` cannot express. Each class is named exactly as the error's stable
//! [`Error::code`], so the lookup is by code; a code without a class of its own (a Cognito code
//! the package does not list) falls back to `ServiceError` for service errors and to
//! `CognitoMfaError` otherwise, and still carries its `code`.

use cognito_mfa::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule, PyType};

/// The Python module that defines the exception classes.
const ERRORS_MODULE: &str = "cognito_mfa.errors";
/// The base class of every exception, used for a client-side code without a class of its own.
const BASE_CLASS: &str = "CognitoMfaError";
/// The base class of the service's errors, used for a Cognito code without a class of its own.
const SERVICE_CLASS: &str = "ServiceError";

/// Converts a core error into the Python exception of the same code.
///
/// The exception is an instance of `cognito_mfa.errors.<code>` with the attributes `code`
/// (e.g. `"InvalidSecretError"`, `"CodeMismatchException"`), `message` (Cognito's message for a
/// service error, else the error's text; never a secret), `status_code` and `request_id` (of
/// the HTTP response, when there was one) and the error's data: `character`/`position`
/// (InvalidSecretError), `chars` (SecretTooShortError), `kind` (InvalidUriError, SrpError),
/// `step` (CodeReusedError), `retryable` (NetworkError), `challenge_name`
/// (UnsupportedChallengeError), `status` (SoftwareTokenNotVerifiedError).
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
    let fallback_name = if err.is_service() {
        SERVICE_CLASS
    } else {
        BASE_CLASS
    };
    let fallback = module.getattr(fallback_name)?.cast_into::<PyType>()?;
    let code = err.code();
    let class = match module.getattr(code).map(Bound::cast_into::<PyType>) {
        Ok(Ok(class)) if class.is_subclass(&fallback)? => class,
        _ => fallback,
    };
    let message = match err.service() {
        Some(service) if !service.message().is_empty() => service.message().to_owned(),
        _ => err.to_string(),
    };
    let kwargs = PyDict::new(py);
    kwargs.set_item("code", code)?;
    kwargs.set_item("status_code", err.status())?;
    kwargs.set_item("request_id", err.request_id())?;
    let exception = class.call((message,), Some(&kwargs))?;
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
        Error::Network { retryable, .. } => exception.setattr("retryable", retryable)?,
        Error::UnsupportedChallenge { name } => exception.setattr("challenge_name", name)?,
        Error::SoftwareTokenNotVerified { status } => exception.setattr("status", status)?,
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
