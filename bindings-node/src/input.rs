//! Arguments read by napi-rs's own conversions: option objects declared with
//! `#[napi(object)]` (napi's derive reads each field, as in huggingface/tokenizers) and plain
//! values (strings, string maps, class instances) read by napi's `FromNapiValue`.
//!
//! The methods take option objects and class instances as `Unknown` and read them here
//! ([`options`], [`value`], [`field`]), and plain positional values as [`Arg`], so that
//! napi's refusal (a field or value of the wrong type, a missing required field) becomes the
//! core's `InvalidInput` (for option objects through [`crate::error::refused_argument`]) —
//! `InvalidInputError` in JavaScript, as every other bad argument — instead of napi's own
//! `StringExpected`, `InvalidArg`... Those messages name the argument and what was expected,
//! never the value (napi's own messages quote it).
//!
//! The TOTP engine reads its arguments with [`crate::args`] instead, for the measured reason
//! given there.

use std::collections::BTreeMap;

use cognito_mfa::{Error, Result};
use napi::bindgen_prelude::{Env, FromNapiValue, Object, TypeName, Unknown};
use napi::{JsValue, ValueType, sys};

use crate::args::number;
use crate::error::{refused_argument, to_js_error};

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Reads the options object `value` with napi's derive of `T` (a `#[napi(object)]` struct);
/// `name` (`"data"`, `"options"`) prefixes its fields in messages (`data.UserPoolId`).
///
/// # Errors
/// `InvalidInput` if `value` is not an object, a required field is missing, or a field has
/// the wrong type.
pub fn options<T: FromNapiValue + TypeName>(value: Unknown<'_>, name: &str) -> Result<T> {
    if value.get_type().ok() != Some(ValueType::Object) {
        return Err(Error::InvalidInput(format!(
            "{name} must be an object, got {}",
            describe(&value)
        )));
    }
    // SAFETY: `value` is a live handle of the current call, just checked to be an object; the
    // derived conversion checks each field itself.
    unsafe { value.cast::<T>() }.map_err(|refusal| {
        refused_argument(&refusal, name, T::type_name(), |field| match field {
            Some(field) => field_type(&value, field),
            None => describe(&value),
        })
    })
}

/// Reads the positional argument `value` as `T` with napi's conversion; `expected` says
/// what it must be in the message (`"a string"`, `"an AuthenticationDetails"`).
///
/// # Errors
/// `InvalidInput` if napi refuses the value (or, for a `T` read from an object, such as a
/// map or a class instance, if the value is not an object).
pub fn value<T: FromNapiValue + TypeName>(value: Unknown<'_>, expected: &str) -> Result<T> {
    convert(value, None, expected)
}

/// [`value`] for the field `name` of an option object (`"data.Pool"`).
///
/// # Errors
/// As [`value`].
pub fn field<T: FromNapiValue + TypeName>(
    value: Unknown<'_>,
    name: &str,
    expected: &str,
) -> Result<T> {
    convert(value, Some(name), expected)
}

fn convert<T: FromNapiValue + TypeName>(
    value: Unknown<'_>,
    name: Option<&str>,
    expected: &str,
) -> Result<T> {
    let mismatch = || {
        let got = describe(&value);
        Error::InvalidInput(match name {
            Some(name) => format!("{name} must be {expected}, got {got}"),
            None => format!("expected {expected}, got {got}"),
        })
    };
    if T::value_type() == ValueType::Object && value.get_type().ok() != Some(ValueType::Object) {
        return Err(mismatch());
    }
    // SAFETY: `value` is a live handle of the current call; napi's conversion checks its type.
    unsafe { value.cast::<T>() }.map_err(|_| mismatch())
}

/// A positional argument of type `T` (a string, a boolean, a number, an object of strings)
/// read by [`value`]: a value of another type throws `InvalidInputError` ("expected a string, got a number").
pub struct Arg<T>(pub T);

/// What a value of the type is called in messages.
pub trait Expected {
    /// E.g. `"a string"`.
    const EXPECTED: &'static str;
}

impl Expected for String {
    const EXPECTED: &'static str = "a string";
}

impl Expected for bool {
    const EXPECTED: &'static str = "a boolean";
}

impl Expected for f64 {
    const EXPECTED: &'static str = "a number";
}

impl Expected for BTreeMap<String, String> {
    const EXPECTED: &'static str = "an object whose values are strings";
}

impl<T: FromNapiValue + TypeName + Expected> FromNapiValue for Arg<T> {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        // SAFETY: napi-rs passes the live handles of the current call.
        let value = unsafe { Unknown::from_raw_unchecked(env, value) };
        crate::input::value(value, T::EXPECTED)
            .map(Arg)
            .map_err(|error| to_js_error(&Env::from_raw(env), &error))
    }
}

/// `value` (a number of an option field) as a whole number from 0 to `max`; `name` names the
/// field in the message.
///
/// # Errors
/// `InvalidInput` if `value` is a fraction, negative, or above `max`.
pub fn whole(value: f64, name: &str, max: u64) -> Result<u64> {
    if value.fract() == 0.0 && value >= 0.0 && value <= (max as f64).min(MAX_SAFE_INTEGER) {
        Ok(value as u64)
    } else {
        let max = if max >= MAX_SAFE_INTEGER as u64 {
            "2^53 - 1".to_owned()
        } else {
            max.to_string()
        };
        Err(Error::InvalidInput(format!(
            "{name} must be a whole number from 0 to {max}"
        )))
    }
}

/// `value` as a whole number of seconds, possibly negative, from -(2^53 - 1) to 2^53 - 1;
/// `name` names it in the message.
///
/// # Errors
/// `InvalidInput` if `value` is a fraction or out of that range.
pub fn seconds(value: f64, name: &str) -> Result<i64> {
    if value.fract() == 0.0 && value.abs() <= MAX_SAFE_INTEGER {
        Ok(value as i64)
    } else {
        Err(Error::InvalidInput(format!(
            "{name} must be a whole number of seconds"
        )))
    }
}

/// What kind of value the field `field` of the object `value` holds, for a message.
fn field_type(value: &Unknown<'_>, field: &str) -> &'static str {
    let object = Object::from_raw(value.value().env, value.raw());
    match object.get::<Unknown<'_>>(field) {
        Ok(Some(field)) => describe(&field),
        Ok(None) => "undefined",
        Err(_) => "a value that cannot be read",
    }
}

/// What kind of value `value` is, for an error message, without its contents.
pub fn describe(value: &Unknown<'_>) -> &'static str {
    match value.get_type() {
        Ok(ValueType::Undefined) => "undefined",
        Ok(ValueType::Null) => "null",
        Ok(ValueType::Boolean) => "a boolean",
        Ok(ValueType::String) => "a string",
        Ok(ValueType::Symbol) => "a symbol",
        Ok(ValueType::Function) => "a function",
        Ok(ValueType::BigInt) => "a bigint",
        Ok(ValueType::Number) => match number(value) {
            Some(n) if n.is_nan() => "NaN",
            Some(n) if n.is_infinite() => "an infinite number",
            Some(n) if n < 0.0 => "a negative number",
            Some(n) if n > MAX_SAFE_INTEGER => "a number above 2^53 - 1",
            Some(n) if n.fract() != 0.0 => "a fraction",
            _ => "a number",
        },
        Ok(ValueType::Object) if value.is_typedarray().unwrap_or(false) => {
            "a typed array of another element type"
        }
        Ok(ValueType::Object) if value.is_array().unwrap_or(false) => "an array",
        Ok(_) => "an object",
        Err(_) => "a value of unknown type",
    }
}
