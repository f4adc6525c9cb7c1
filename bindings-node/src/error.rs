//! The one place where an error becomes a JavaScript exception.
//!
//! Every error of this package reaches JavaScript through [`to_js_error`]: a core
//! [`cognito_mfa::Error`] (a Cognito service error or a client-side one), an argument of the
//! wrong type (reported as the core's `InvalidInput` by [`crate::args`], or, for what napi-rs
//! refused to convert, by [`refused_argument`]), an error of the
//! embedded mock endpoint, or a Rust panic inside the work behind a Promise. So `err.code` is
//! always a stable code, and `err.name` the same string.

use std::any::Any;

use cognito_mfa::Error;
use cognito_mfa::error::ErrorDetail;
use cognito_mfa::protocol::error::codes;
use cognito_mfa_mock::MockError;
use napi::bindgen_prelude::{Env, Object};
use napi::{JsValue, Status};
use napi_derive::napi;

/// The code of the error a Rust panic (a bug) turns into, as napi-rs uses for the panics it
/// catches in synchronous calls, so that both look the same.
const PANIC_CODE: &str = "GenericFailure";

/// Every code an error of this package can carry, sorted: the core's client-side codes
/// (ending in `Error`, e.g. `InvalidInputError`), the Cognito service codes it knows (ending
/// in `Exception`, e.g. `CodeMismatchException`), the codes of `cognito-mfa/testing`'s mock
/// (`MockConfigError`, `MockIoError`, `MockServerError`) and `GenericFailure` (a bug). The
/// `ErrorCode` type of `index.d.ts` lists the same strings. Cognito may answer with a service
/// code that is not listed: `err.code` is then Cognito's code as sent.
#[napi(catch_unwind, ts_return_type = "ErrorCode[]")]
pub fn error_codes() -> Vec<&'static str> {
    // The mock crate has no list of its codes: each kind of its error gives its own.
    let mock = [
        MockError::Config(String::new()),
        MockError::Io(std::io::Error::other("")),
        MockError::Server(String::new()),
    ];
    let mut all: Vec<&'static str> = Error::CLIENT_CODES
        .iter()
        .chain(codes::ALL)
        .copied()
        .chain(mock.iter().map(MockError::code))
        .chain([PANIC_CODE])
        .collect();
    all.sort_unstable();
    all
}

/// An error on its way to JavaScript.
pub enum Failure<'a> {
    /// An error of the core: its [`Error::code`], and for service errors Cognito's message,
    /// HTTP status and request id.
    Core(&'a Error),
    /// An error of the embedded mock endpoint that is not a Cognito service error
    /// (`MockConfigError`, `MockIoError`, `MockServerError`).
    Mock(&'a MockError),
    /// A panic, with its payload.
    Panic(&'a (dyn Any + Send)),
}

impl<'a> From<&'a Error> for Failure<'a> {
    fn from(error: &'a Error) -> Self {
        Failure::Core(error)
    }
}

impl<'a> From<&'a MockError> for Failure<'a> {
    fn from(error: &'a MockError) -> Self {
        Failure::Mock(error)
    }
}

/// Converts an error into the exception thrown (or the reason a Promise is rejected with).
///
/// The result is an `Error` object built on the JavaScript thread whose `code` and `name` are
/// both the error's code: Cognito's code for a service error (e.g.
/// `"CodeMismatchException"`), a code ending in `Error` for a client-side one (e.g.
/// `"NotSignedInError"`). `message` is Cognito's message for a service error, else the core's
/// message; neither ever contains a secret, a code or a token. Every detail of
/// [`Error::details`] is copied under its name in camelCase: service errors carry
/// `statusCode` (the HTTP status) and `requestId` (Cognito's `x-amzn-RequestId`, when sent);
/// an unexpected response carries `statusCode` when there was one; `retryable`
/// (`NetworkError`), `challengeName` (`UnsupportedChallengeError`), `status`
/// (`SoftwareTokenNotVerifiedError`), `character` and `position` (`InvalidSecretError`),
/// `chars` (`SecretTooShortError`), `kind` (`InvalidUriError`, e.g. `"MissingSecret"`, and
/// `SrpError`), `field` (`SrpError` of a bad hex or base64 value) and `step`
/// (`CodeReusedError`).
pub fn to_js_error<'a>(env: &Env, failure: impl Into<Failure<'a>>) -> napi::Error {
    let failure = failure.into();
    match error_object(env, &failure) {
        Ok(object) => napi::Error::from(object.to_unknown()),
        // Reached only if the engine cannot allocate any more; napi still throws an Error.
        Err(_) => napi::Error::new(Status::GenericFailure, message(&failure)),
    }
}

/// Builds the JavaScript `Error` object described in [`to_js_error`].
fn error_object<'env>(env: &'env Env, failure: &Failure<'_>) -> napi::Result<Object<'env>> {
    let mut object =
        env.create_error(napi::Error::new(Status::GenericFailure, message(failure)))?;
    let code = match failure {
        Failure::Core(error) => error.code(),
        Failure::Mock(error) => error.code(),
        Failure::Panic(_) => PANIC_CODE,
    };
    object.set("code", code)?;
    object.set("name", code)?;
    let Failure::Core(error) = failure else {
        return Ok(object);
    };
    for (name, value) in error.details() {
        let name = camel_case(name);
        match value {
            ErrorDetail::Str(text) => object.set(&name, text)?,
            ErrorDetail::Int(number) => object.set(&name, as_js_number(number))?,
            ErrorDetail::Bool(flag) => object.set(&name, flag)?,
        }
    }
    Ok(object)
}

/// The `message` of the JavaScript error.
fn message(failure: &Failure<'_>) -> String {
    match failure {
        // Cognito's own words, as amazon-cognito-identity-js reports them.
        Failure::Core(Error::Service(service)) if !service.message().is_empty() => {
            service.message().to_owned()
        }
        Failure::Core(error) => error.to_string(),
        Failure::Mock(error) => error.to_string(),
        Failure::Panic(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("no message");
            format!("cognito-mfa: a Rust panic (a bug, please report it): {detail}")
        }
    }
}

/// A detail's snake_case name in JavaScript's camelCase, e.g. `status_code` → `statusCode`.
fn camel_case(snake: &str) -> String {
    let mut camel = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            camel.extend(c.to_uppercase());
            upper = false;
        } else {
            camel.push(c);
        }
    }
    camel
}

/// A count or time step as a JavaScript number (exact up to 2^53, far beyond any real value).
fn as_js_number(value: impl TryInto<u64>) -> f64 {
    value.try_into().map_or(f64::MAX, |v: u64| v as f64)
}

/// The core's `InvalidInput` for an argument that napi-rs refused to convert
/// ([`crate::input`]): the option object `name` (`"data"`) of the `#[napi(object)]` type
/// `type_name`, or a positional value. `got(field)` says what kind of value was given (for
/// the field, or the whole argument); the message never contains the value itself, so
/// napi's own message, which quotes it, is not passed on.
///
/// napi's derive reports a missing required field as ``Missing field `Name` `` and a field
/// of the wrong type with its conversion's status (`StringExpected`...) and the suffix
/// ` on <type_name>.<field>`; anything else is reported without the field.
pub fn refused_argument(
    refusal: &napi::Error,
    name: &str,
    type_name: &str,
    got: impl Fn(Option<&str>) -> &'static str,
) -> Error {
    let reason = refusal.reason.as_str();
    if let Some(field) = reason
        .strip_prefix("Missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        return Error::InvalidInput(format!("{name}.{field} is required"));
    }
    let field = reason
        .rsplit_once(&format!(" on {type_name}."))
        .map(|(_, field)| field);
    let given = got(field);
    let expected = match refusal.status {
        Status::StringExpected => Some("a string"),
        Status::NumberExpected => Some("a number"),
        Status::BooleanExpected => Some("a boolean"),
        Status::ObjectExpected => Some("an object"),
        _ => None,
    };
    Error::InvalidInput(match (field, expected) {
        (Some(field), Some(expected)) => format!("{name}.{field} must be {expected}, got {given}"),
        (Some(field), None) => format!("{name}.{field} cannot be {given}"),
        (None, Some(expected)) => format!("{name} must be {expected}, got {given}"),
        (None, None) => format!("{name} could not be read"),
    })
}

/// `.or_throw(env)` on a core result: its error goes through [`to_js_error`].
pub trait OrThrow<T> {
    /// The value, or the error converted by [`to_js_error`].
    fn or_throw(self, env: &Env) -> napi::Result<T>;
}

impl<T> OrThrow<T> for cognito_mfa::Result<T> {
    fn or_throw(self, env: &Env) -> napi::Result<T> {
        self.map_err(|error| to_js_error(env, &error))
    }
}

impl<T> OrThrow<T> for Result<T, MockError> {
    fn or_throw(self, env: &Env) -> napi::Result<T> {
        self.map_err(|error| to_js_error(env, &error))
    }
}
