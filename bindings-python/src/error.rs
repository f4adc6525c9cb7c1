//! The one place where a core [`cognito_mfa::Error`] becomes a Python exception.
//!
//! The exception classes are plain Python classes (`cognito_mfa/errors.py`) because several
//! must derive from a built-in exception too (`InvalidInputError` is a `ValueError`,
//! `TimeoutError` a built-in `TimeoutError`, `NetworkError` a `ConnectionError`), which pyo3's
//! `create_exception!` cannot express. Each class is named exactly as the error's stable
//! [`Error::code`], so the lookup is by code; a code without a class of its own (a Cognito code
//! the package does not list) falls back to `ServiceError` for service errors and to
//! `CognitoMfaError` otherwise, and still carries its `code`.
//!
//! The embedded mock's [`MockError`] goes through the same function, with the same codes as in
//! the Node package (`MockConfigError`, `MockIoError`, `MockServerError`), and so does a Rust
//! panic (a bug): code [`PANIC_CODE`] (`GenericFailure`, as in the Node package), class
//! `cognito_mfa.errors.GenericFailure`, never pyo3's `PanicException` (a `BaseException`
//! without a code). A panic is caught where a call's work runs on the runtime
//! ([`crate::runtime`]), and in every synchronous method and function of the module by
//! [`guarded`], which wraps each body (as `#[napi(catch_unwind)]` does in the Node package).

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use cognito_mfa::Error;
use cognito_mfa::error::ErrorDetail;
use cognito_mfa_mock::MockError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule, PyType};

/// The Python module that defines the exception classes.
const ERRORS_MODULE: &str = "cognito_mfa.errors";
/// The base class of every exception, used for a client-side code without a class of its own.
const BASE_CLASS: &str = "CognitoMfaError";
/// The base class of the service's errors, used for a Cognito code without a class of its own.
const SERVICE_CLASS: &str = "ServiceError";
/// The code of the error a Rust panic (a bug) turns into: the code the Node package gives it.
pub const PANIC_CODE: &str = "GenericFailure";

/// An error that becomes a Python exception: one of the core or one of the embedded mock.
#[derive(Debug)]
pub enum Failure {
    /// An error of the core, with its [`Error::code`].
    Core(Error),
    /// The embedded mock could not be configured, started or stopped, with its
    /// [`MockError::code`] (`MockConfigError`, `MockIoError`, `MockServerError`).
    Mock(MockError),
    /// A Rust panic (a bug), with the panic's message; code [`PANIC_CODE`].
    Panic(String),
}

impl Failure {
    /// The failure for a caught panic, from its payload.
    pub fn panic(payload: &(dyn Any + Send)) -> Failure {
        let detail = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("no message");
        Failure::Panic(format!(
            "cognito-mfa: a Rust panic (a bug, please report it): {detail}"
        ))
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Core(error)
    }
}

impl From<MockError> for Failure {
    fn from(error: MockError) -> Self {
        Failure::Mock(error)
    }
}

/// The exception for a caught panic, from its payload: a `GenericFailure`.
pub fn panicked(payload: &(dyn Any + Send)) -> PyErr {
    to_py_err(Failure::panic(payload))
}

/// Runs the body of a synchronous method or function of the module (or of a conversion that
/// pyo3 calls: an argument's `from_py_with`, a result's `IntoPyObject`): a Rust panic in it (a
/// bug) becomes `GenericFailure` ([`panicked`]) instead of unwinding into pyo3, which would
/// raise `PanicException`. Costs nothing measurable when the body does not panic
/// (`catch_unwind` adds no work to the path that returns; docs/benchmarks.md measures
/// `TOTP.verify` with and without it).
///
/// # Errors
/// The body's error, or `GenericFailure` if it panicked.
#[inline]
pub fn guarded<T>(body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| Err(panicked(&*payload)))
}

/// Private test hook: a synchronous function whose body panics (a stand-in for a bug), run
/// as every synchronous method is.
///
/// Raises:
///     GenericFailure: always.
#[pyfunction]
#[pyo3(name = "_panic_in_a_sync_call_for_tests")]
#[allow(clippy::panic, reason = "the test hook's purpose is a panic")]
pub fn panic_in_a_sync_call_for_tests() -> PyResult<()> {
    guarded(|| {
        if std::hint::black_box(true) {
            panic!("the test hook's panic");
        }
        Ok(())
    })
}

/// The codes of the embedded mock's errors (one per [`MockError`] variant).
pub fn mock_codes() -> &'static [&'static str] {
    MockError::CODES
}

/// Converts a core or mock error into the Python exception of the same code.
///
/// The exception is an instance of `cognito_mfa.errors.<code>` with the attributes `code`
/// (e.g. `"InvalidSecretError"`, `"CodeMismatchException"`), `message` (Cognito's message for a
/// service error, else the error's text; never a secret), `status_code` and `request_id`
/// (`None` unless the core lists them) and, under the same snake_case names, every detail of
/// [`Error::details`]: `character`/`position` (InvalidSecretError), `chars`
/// (SecretTooShortError), `kind` (InvalidUriError, SrpError), `field` (SrpError of a bad hex or
/// base64 value), `step` (CodeReusedError), `retryable` (NetworkError), `challenge_name`
/// (UnsupportedChallengeError), `status` (SoftwareTokenNotVerifiedError). A mock error's
/// `message` is its text and its `status_code` and `request_id` are `None`; so are a panic's,
/// whose exception is a `GenericFailure` (also a `RuntimeError`).
///
/// Should the errors module itself fail to import (a broken installation), that import error
/// is returned instead, so this function never panics.
pub fn to_py_err(err: impl Into<Failure>) -> PyErr {
    let failure = err.into();
    Python::attach(|py| {
        match &failure {
            Failure::Core(err) => build(py, err),
            Failure::Mock(err) => build_plain(py, err.code(), &err.to_string()),
            Failure::Panic(message) => build_plain(py, PANIC_CODE, message),
        }
        .unwrap_or_else(|import_failure| import_failure)
    })
}

/// The module `cognito_mfa.errors`, imported once.
fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    Ok(ERRORS
        .get_or_try_init(py, || py.import(ERRORS_MODULE).map(Bound::unbind))?
        .bind(py))
}

/// The class named `code` in the errors module if it derives from `fallback_name`, else
/// that fallback class.
fn class_for<'py>(
    module: &Bound<'py, PyModule>,
    code: &str,
    fallback_name: &str,
) -> PyResult<Bound<'py, PyType>> {
    let fallback = module.getattr(fallback_name)?.cast_into::<PyType>()?;
    Ok(match module.getattr(code).map(Bound::cast_into::<PyType>) {
        Ok(Ok(class)) if class.is_subclass(&fallback)? => class,
        _ => fallback,
    })
}

/// An exception with a code and a message only (a mock error, a panic).
fn build_plain(py: Python<'_>, code: &str, message: &str) -> PyResult<PyErr> {
    let class = class_for(errors_module(py)?, code, BASE_CLASS)?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("code", code)?;
    let exception = class.call((message,), Some(&kwargs))?;
    Ok(PyErr::from_value(exception))
}

/// The Python exception an error was caused by, if any: what a Python device store raised.
fn python_cause(err: &Error) -> Option<&PyErr> {
    std::error::Error::source(err)?.downcast_ref::<PyErr>()
}

fn build(py: Python<'_>, err: &Error) -> PyResult<PyErr> {
    let fallback_name = if err.is_service() {
        SERVICE_CLASS
    } else {
        BASE_CLASS
    };
    let code = err.code();
    let class = class_for(errors_module(py)?, code, fallback_name)?;
    let message = match err.service() {
        Some(service) if !service.message().is_empty() => service.message().to_owned(),
        _ => err.to_string(),
    };
    let kwargs = PyDict::new(py);
    kwargs.set_item("code", code)?;
    let exception = class.call((message,), Some(&kwargs))?;
    // A Python device store's exception (src/device.rs) is the error's source.
    if let Some(cause) = python_cause(err) {
        exception.setattr("__cause__", cause.value(py))?;
    }
    // `status_code` and `request_id` default to None in the constructor; every detail the
    // core lists is copied under its own (snake_case) name.
    for (name, value) in err.details() {
        match value {
            ErrorDetail::Str(text) => exception.setattr(name, text)?,
            ErrorDetail::Int(number) => exception.setattr(name, number)?,
            ErrorDetail::Bool(flag) => exception.setattr(name, flag)?,
        }
    }
    Ok(PyErr::from_value(exception))
}
