//! The one place where a core [`cognito_mfa::Error`] becomes a JavaScript exception.
//!
//! Every error of this package — a core error, or an argument of the wrong type (which
//! [`crate::args`] reports as the core's `InvalidInput`) — reaches JavaScript through
//! [`to_js_error`], so `err.code` is always one of the core's stable codes.

use cognito_mfa::Error;
use napi::bindgen_prelude::{Env, Object};
use napi::{JsValue, Status};

/// Converts a core error into the exception thrown to JavaScript.
///
/// The result is an `Error` object built on the JavaScript thread whose `code` and `name` are
/// both [`Error::code`] (e.g. `"InvalidSecretError"`) and whose `message` is the core's
/// message, which never contains a secret or a code. Some errors carry data too:
/// `position` (`InvalidSecretError`), `chars` (`SecretTooShortError`), `kind`
/// (`InvalidUriError`, e.g. `"MissingSecret"`) and `step` (`CodeReusedError`).
pub fn to_js_error(env: &Env, error: &Error) -> napi::Error {
    match error_object(env, error) {
        Ok(object) => napi::Error::from(object.to_unknown()),
        // Reached only if the engine cannot allocate any more; napi still throws an Error.
        Err(_) => napi::Error::new(Status::GenericFailure, error.to_string()),
    }
}

/// Builds the JavaScript `Error` object described in [`to_js_error`].
fn error_object<'env>(env: &'env Env, error: &Error) -> napi::Result<Object<'env>> {
    let mut object =
        env.create_error(napi::Error::new(Status::GenericFailure, error.to_string()))?;
    object.set("code", error.code())?;
    object.set("name", error.code())?;
    match error {
        Error::InvalidSecret { position, .. } => object.set("position", as_js_number(*position))?,
        Error::SecretTooShort { chars } => object.set("chars", as_js_number(*chars))?,
        Error::InvalidUri { kind, .. } => object.set("kind", format!("{kind:?}"))?,
        Error::CodeReused { step } => object.set("step", as_js_number(*step))?,
        _ => {}
    }
    Ok(object)
}

/// A count or time step as a JavaScript number (exact up to 2^53, far beyond any real value).
fn as_js_number(value: impl TryInto<u64>) -> f64 {
    value.try_into().map_or(f64::MAX, |v: u64| v as f64)
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
