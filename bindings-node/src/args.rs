//! Conversions of JavaScript arguments and of secret-bearing results.
//!
//! Every argument is read by an [`Arg`] type. A value of the wrong type or out of range
//! becomes the core's `InvalidInput` (so JavaScript sees `code === "InvalidInputError"`
//! through [`crate::error::to_js_error`]), never a crash. Messages name the type of the value
//! that was given, never the value itself: it may be a secret.

use cognito_mfa::totp::Secret;
use cognito_mfa::{Error, Result};
use napi::bindgen_prelude::{Object, ToNapiValue, Uint8Array, Unknown};
use napi::{JsValue, ValueType, sys};
use zeroize::Zeroizing;

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A value read from a JavaScript argument or option field.
pub trait Arg: Sized {
    /// Reads `value`. `name` (e.g. `options.digits`) names it in the error message; `None`
    /// for a positional argument.
    ///
    /// # Errors
    /// `InvalidInput` if the value has the wrong type or is out of range.
    fn read(value: Unknown<'_>, name: Option<&str>) -> Result<Self>;
}

/// Implements napi's `FromNapiValue` for [`Arg`] types, mapping a refusal with
/// [`crate::error::to_js_error`].
macro_rules! from_js_argument {
    ($($ty:ty),* $(,)?) => {$(
        impl napi::bindgen_prelude::FromNapiValue for $ty {
            unsafe fn from_napi_value(
                env: napi::sys::napi_env,
                value: napi::sys::napi_value,
            ) -> napi::Result<Self> {
                // SAFETY: napi-rs passes the live handles of the current call.
                let value = unsafe { napi::bindgen_prelude::Unknown::from_raw_unchecked(env, value) };
                let env = napi::bindgen_prelude::Env::from_raw(env);
                <$ty as $crate::args::Arg>::read(value, None)
                    .map_err(|error| $crate::error::to_js_error(&env, &error))
            }
        }
    )*};
}
pub(crate) use from_js_argument;

/// A string argument (a code, an account name, a URI...). Zeroized when dropped, since codes
/// and URIs are secrets too.
pub struct Text(Zeroizing<String>);

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Arg for Text {
    fn read(value: Unknown<'_>, name: Option<&str>) -> Result<Self> {
        if value.get_type().ok() != Some(ValueType::String) {
            return Err(mismatch(name, "a string", &value));
        }
        // SAFETY: the value was just checked to be a string.
        let text =
            unsafe { value.cast::<String>() }.map_err(|_| mismatch(name, "a string", &value))?;
        Ok(Text(Zeroizing::new(text)))
    }
}

/// A whole number from 0 to `Number.MAX_SAFE_INTEGER` (a count of digits, seconds, steps or
/// bytes).
#[derive(Clone, Copy)]
pub struct Whole(pub u64);

impl Whole {
    /// The value as a `u32`, saturating (the core then refuses it as out of range).
    pub fn saturating_u32(self) -> u32 {
        u32::try_from(self.0).unwrap_or(u32::MAX)
    }

    /// The value as a `usize`, saturating (the core then refuses it as out of range).
    pub fn saturating_usize(self) -> usize {
        usize::try_from(self.0).unwrap_or(usize::MAX)
    }
}

impl Arg for Whole {
    fn read(value: Unknown<'_>, name: Option<&str>) -> Result<Self> {
        const EXPECTED: &str = "a whole number from 0 to 2^53 - 1";
        let number = number(&value).ok_or_else(|| mismatch(name, EXPECTED, &value))?;
        if number.fract() != 0.0 || !(0.0..=MAX_SAFE_INTEGER).contains(&number) {
            return Err(mismatch(name, EXPECTED, &value));
        }
        Ok(Whole(number as u64))
    }
}

/// A unix time in seconds: a number from 0 to `Number.MAX_SAFE_INTEGER`; a fraction of a
/// second is dropped (as TOTP does), so `Date.now() / 1000` is accepted.
#[derive(Clone, Copy)]
pub struct UnixTime(pub u64);

impl Arg for UnixTime {
    fn read(value: Unknown<'_>, name: Option<&str>) -> Result<Self> {
        const EXPECTED: &str = "a unix time in seconds from 0 to 2^53 - 1";
        let number = number(&value).ok_or_else(|| mismatch(name, EXPECTED, &value))?;
        if !(0.0..=MAX_SAFE_INTEGER).contains(&number) {
            return Err(mismatch(name, EXPECTED, &value));
        }
        Ok(UnixTime(number.floor() as u64))
    }
}

/// A TOTP secret as given: a base32 string, or the raw key bytes.
pub enum SecretInput {
    /// RFC 4648 base32 text (lowercase, spaces and padding tolerated by the core).
    Base32(Text),
    /// The raw key (a `Uint8Array` or a `Buffer`).
    Bytes(Uint8Array),
}

impl SecretInput {
    /// The core secret.
    ///
    /// # Errors
    /// As `Secret::from_base32` / `Secret::from_bytes`: `InvalidSecret`, `SecretTooShort`,
    /// `InvalidInput`.
    pub fn into_secret(self) -> Result<Secret> {
        match self {
            SecretInput::Base32(text) => Secret::from_base32(&text),
            SecretInput::Bytes(bytes) => Secret::from_bytes(&bytes),
        }
    }
}

impl Arg for SecretInput {
    fn read(value: Unknown<'_>, name: Option<&str>) -> Result<Self> {
        const EXPECTED: &str = "a base32 string or a Uint8Array (or Buffer)";
        match value.get_type() {
            Ok(ValueType::String) => Text::read(value, name).map(SecretInput::Base32),
            Ok(ValueType::Object) if value.is_typedarray().unwrap_or(false) => {
                // SAFETY: the value was just checked to be a typed array; napi-rs checks that
                // its element type is Uint8 (a Buffer is a Uint8Array).
                unsafe { value.cast::<Uint8Array>() }
                    .map(SecretInput::Bytes)
                    .map_err(|_| mismatch(name, EXPECTED, &value))
            }
            _ => Err(mismatch(name, EXPECTED, &value)),
        }
    }
}

/// An options object (`{ digits, period, ... }`), read field by field. `undefined` and `null`
/// options never get here: they arrive as `None` of an `Option<_>` argument.
pub struct Bag<'env> {
    object: Object<'env>,
    name: &'static str,
}

impl<'env> Bag<'env> {
    /// Checks that `value` is an object; `name` prefixes the fields in error messages.
    ///
    /// # Errors
    /// `InvalidInput` if `value` is not an object.
    pub fn read(value: Unknown<'env>, name: &'static str) -> Result<Self> {
        if value.get_type().ok() != Some(ValueType::Object) {
            return Err(mismatch(Some(name), "an object", &value));
        }
        // SAFETY: the value was just checked to be an object.
        let object = unsafe { value.cast::<Object<'env>>() }
            .map_err(|_| mismatch(Some(name), "an object", &value))?;
        Ok(Bag { object, name })
    }

    /// The field `field`, or `None` if it is absent, `undefined` or `null`.
    ///
    /// # Errors
    /// `InvalidInput` if the field holds a value that `T` refuses (or a getter throws).
    pub fn get<T: Arg>(&self, field: &str) -> Result<Option<T>> {
        let qualified = format!("{}.{field}", self.name);
        let value = self
            .object
            .get::<Unknown<'_>>(field)
            .map_err(|_| Error::InvalidInput(format!("{qualified} could not be read")))?;
        match value {
            Some(value) if value.get_type().ok() != Some(ValueType::Null) => {
                T::read(value, Some(&qualified)).map(Some)
            }
            _ => Ok(None),
        }
    }
}

/// A string result that holds a secret (a base32 secret, a key URI). JavaScript gets its own
/// copy; the Rust one is zeroized when dropped.
pub struct SecretText(pub Zeroizing<String>);

impl ToNapiValue for SecretText {
    unsafe fn to_napi_value(env: sys::napi_env, value: Self) -> napi::Result<sys::napi_value> {
        // SAFETY: forwards the live `env` that napi-rs gave us.
        unsafe { <&str as ToNapiValue>::to_napi_value(env, value.0.as_str()) }
    }
}

/// The number in `value`, if it is a number.
fn number(value: &Unknown<'_>) -> Option<f64> {
    if value.get_type().ok() != Some(ValueType::Number) {
        return None;
    }
    // SAFETY: the value was just checked to be a number.
    unsafe { value.cast::<f64>() }.ok()
}

/// The `InvalidInput` error for a value that is not what was `expected`.
fn mismatch(name: Option<&str>, expected: &str, value: &Unknown<'_>) -> Error {
    let got = describe(value);
    Error::InvalidInput(match name {
        Some(name) => format!("{name} must be {expected}, got {got}"),
        None => format!("expected {expected}, got {got}"),
    })
}

/// What kind of value `value` is, for an error message, without its contents.
fn describe(value: &Unknown<'_>) -> &'static str {
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
