//! The hand-written reader of the TOTP engine's arguments (`TOTP`, `KeyUri`, `randomSecret`,
//! `parseUri`, `qrSvg`, `qrText` in [`crate::totp`]).
//!
//! It exists for the speed of `TOTP.verify`, the package's hot path (a server checks codes),
//! measured in `docs/benchmarks.md` ("TOTP verification", `bench/node_totp.js`): napi-rs's
//! conversions of an options object cost about 150 ns a call there, and the readers below
//! avoid work a successful call does not need: a field's qualified name (`options.window`) is
//! only formatted for an error message, property keys are static C strings, and a short string
//! is copied into a buffer on the stack rather than a fresh allocation, and a string or a
//! number is read with one Node-API call, which checks the type itself. `TOTP.verify` is
//! moreover called through a raw Node-API callback ([`bool_callback`]). The rest of the
//! binding reads its arguments with napi-rs's own conversions ([`crate::input`]).
//!
//! Every argument is read by an [`Arg`] type. A value of the wrong type or out of range
//! becomes the core's `InvalidInput` (so JavaScript sees `code === "InvalidInputError"`
//! through [`crate::error::to_js_error`]), never a crash. Messages name the type of the value
//! that was given, never the value itself: it may be a secret.

use std::ffi::CStr;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::ptr;

use cognito_mfa::totp::Secret;
use cognito_mfa::{Error, Result};
use napi::bindgen_prelude::{
    ClassInstance, Env, FromNapiValue, Object, TypeTag, Uint8Array, Unknown,
};
use napi::{JsError, JsValue, ValueType, sys};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Failure, to_js_error};
use crate::input::{MAX_SAFE_INTEGER, describe};

/// What an argument is called in an error message.
#[derive(Clone, Copy)]
pub enum Name<'a> {
    /// A positional argument: messages say "expected ...".
    Positional,
    /// A field of an options object: `options.window`, `data.Username`...
    Field(&'static str, &'a str),
}

impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Name::Positional => f.write_str("the argument"),
            Name::Field(bag, field) => write!(f, "{bag}.{field}"),
        }
    }
}

/// A value read from a JavaScript argument or option field.
pub trait Arg: Sized {
    /// Reads `value`; `name` names it in the error message.
    ///
    /// # Errors
    /// `InvalidInput` if the value has the wrong type or is out of range.
    fn read(value: Unknown<'_>, name: Name<'_>) -> Result<Self>;
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
                <$ty as $crate::args::Arg>::read(value, $crate::args::Name::Positional)
                    .map_err(|error| $crate::error::to_js_error(&env, &error))
            }
        }
    )*};
}
pub(crate) use from_js_argument;

from_js_argument!(Text, Whole, UnixTime, SecretInput);

/// How many bytes of a string are read into a buffer on the stack (codes, names, flows); a
/// longer string is read into a fresh allocation.
const INLINE_TEXT: usize = 64;

/// A string argument (a code, a user name, a password, a URI...). Zeroized when dropped,
/// since codes, passwords and URIs are secrets.
pub enum Text {
    /// Up to [`INLINE_TEXT`] - 1 bytes of UTF-8, on the stack.
    Inline {
        /// The bytes; only `..len` are the text.
        bytes: [u8; INLINE_TEXT],
        /// The length of the text.
        len: usize,
    },
    /// A longer text.
    Heap(Zeroizing<String>),
}

impl Text {
    /// The text as an owned string (zeroized when dropped).
    pub fn to_zeroizing(&self) -> Zeroizing<String> {
        Zeroizing::new(self.as_str().to_owned())
    }

    /// The text as an owned, plain string (for values that are not secrets).
    pub fn into_string(self) -> String {
        self.as_str().to_owned()
    }

    fn as_str(&self) -> &str {
        match self {
            Text::Inline { bytes, len } => bytes
                .get(..*len)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or(""),
            Text::Heap(text) => text,
        }
    }
}

impl Drop for Text {
    fn drop(&mut self) {
        if let Text::Inline { bytes, .. } = self {
            bytes.zeroize();
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Arg for Text {
    fn read(value: Unknown<'_>, name: Name<'_>) -> Result<Self> {
        // No `napi_typeof` first: Node-API's string read checks the type itself
        // (`napi_string_expected`), and on the hot path of `TOTP.verify` every Node-API call
        // counts (see `docs/benchmarks.md`, "TOTP verification").
        match read_inline(&value) {
            Inline::Text(text) => Ok(text),
            Inline::NotAString => Err(mismatch(name, "a string", &value)),
            Inline::TooLong => {
                // SAFETY: Node-API has just read the value as a string.
                let text = unsafe { value.cast::<String>() }
                    .map_err(|_| mismatch(name, "a string", &value))?;
                Ok(Text::Heap(Zeroizing::new(text)))
            }
        }
    }
}

/// What [`read_inline`] found.
enum Inline {
    /// The string, on the stack.
    Text(Text),
    /// The value is not a string.
    NotAString,
    /// A string too long for the stack buffer (or one Node-API could not read there).
    TooLong,
}

/// The string `value` copied into a stack buffer, if it fits (with room to spare, so that a
/// full buffer means "maybe truncated"). The buffer is the `Text`'s own, zeroized on drop.
fn read_inline(value: &Unknown<'_>) -> Inline {
    let mut text = Text::Inline {
        bytes: [0u8; INLINE_TEXT],
        len: 0,
    };
    let Text::Inline { bytes, len } = &mut text else {
        return Inline::TooLong;
    };
    // SAFETY: `value` is a live handle of the current call (napi checks that it is a string
    // and answers `napi_string_expected` if not); the buffer is INLINE_TEXT bytes long and
    // napi writes at most INLINE_TEXT - 1 of them plus a NUL, reporting the count (without
    // the NUL) in `len`.
    let status = unsafe {
        sys::napi_get_value_string_utf8(
            value.value().env,
            value.raw(),
            bytes.as_mut_ptr().cast(),
            INLINE_TEXT,
            len,
        )
    };
    if status == sys::Status::napi_string_expected {
        return Inline::NotAString;
    }
    let fits = status == sys::Status::napi_ok
        && *len < INLINE_TEXT - 1
        && bytes
            .get(..*len)
            .is_some_and(|b| std::str::from_utf8(b).is_ok());
    if fits {
        Inline::Text(text)
    } else {
        Inline::TooLong
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

impl Whole {
    /// What a `Whole` must be, for error messages.
    const EXPECTED: &'static str = "a whole number from 0 to 2^53 - 1";

    /// `number` if it is a whole number from 0 to 2^53 - 1.
    fn from_number(number: f64) -> Option<Self> {
        (number.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER).contains(&number))
            .then_some(Whole(number as u64))
    }

    /// Reads an optional argument or field: `None` for `undefined` and `null`.
    ///
    /// # Errors
    /// `InvalidInput` for any other value that is not a whole number from 0 to 2^53 - 1.
    pub fn read_optional(value: &Unknown<'_>, name: Name<'_>) -> Result<Option<Self>> {
        optional_number(value, name, Self::EXPECTED, Self::from_number)
    }
}

impl Arg for Whole {
    fn read(value: Unknown<'_>, name: Name<'_>) -> Result<Self> {
        number(&value)
            .and_then(Whole::from_number)
            .ok_or_else(|| mismatch(name, Whole::EXPECTED, &value))
    }
}

/// A unix time in seconds: a number from 0 to `Number.MAX_SAFE_INTEGER`; a fraction of a
/// second is dropped (as TOTP does), so `Date.now() / 1000` is accepted.
#[derive(Clone, Copy)]
pub struct UnixTime(pub u64);

impl UnixTime {
    /// What a `UnixTime` must be, for error messages.
    const EXPECTED: &'static str = "a unix time in seconds from 0 to 2^53 - 1";

    /// `number` (its fraction dropped) if it is from 0 to 2^53 - 1.
    fn from_number(number: f64) -> Option<Self> {
        (0.0..=MAX_SAFE_INTEGER)
            .contains(&number)
            .then(|| UnixTime(number.floor() as u64))
    }

    /// Reads an optional argument or field: `None` for `undefined` and `null`.
    ///
    /// # Errors
    /// `InvalidInput` for any other value that is not a number from 0 to 2^53 - 1.
    pub fn read_optional(value: &Unknown<'_>, name: Name<'_>) -> Result<Option<Self>> {
        optional_number(value, name, Self::EXPECTED, Self::from_number)
    }
}

impl Arg for UnixTime {
    fn read(value: Unknown<'_>, name: Name<'_>) -> Result<Self> {
        number(&value)
            .and_then(UnixTime::from_number)
            .ok_or_else(|| mismatch(name, UnixTime::EXPECTED, &value))
    }
}

/// The number in `value`, if it is a number: one Node-API call, which checks the type itself
/// (no `napi_typeof` first, no coercion).
pub fn number(value: &Unknown<'_>) -> Option<f64> {
    let mut number = 0.0;
    // SAFETY: `value` is a live handle of the current call; napi writes `number` only for a
    // number and answers `napi_number_expected` for any other value.
    let status = unsafe { sys::napi_get_value_double(value.value().env, value.raw(), &mut number) };
    (status == sys::Status::napi_ok).then_some(number)
}

/// The whole number from 0 to 2^32 - 1 in `value`, if it holds one: one Node-API call.
pub fn whole_u32(value: &Unknown<'_>) -> Option<u32> {
    let number = number(value)?;
    (number.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&number))
        .then_some(number as u32)
}

/// An optional number: `None` for `undefined` and `null`, `convert`'s value for a number it
/// accepts, else `InvalidInput` saying what was `expected`. A number is tried first, so the
/// common case costs one Node-API call.
fn optional_number<T>(
    value: &Unknown<'_>,
    name: Name<'_>,
    expected: &str,
    convert: fn(f64) -> Option<T>,
) -> Result<Option<T>> {
    match number(value) {
        Some(number) => convert(number)
            .map(Some)
            .ok_or_else(|| mismatch(name, expected, value)),
        None if is_nullish(value) => Ok(None),
        None => Err(mismatch(name, expected, value)),
    }
}

/// Whether `value` is `undefined` or `null`.
pub fn is_nullish(value: &Unknown<'_>) -> bool {
    matches!(value.get_type(), Ok(ValueType::Undefined | ValueType::Null))
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
    fn read(value: Unknown<'_>, name: Name<'_>) -> Result<Self> {
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
        let object =
            as_object(&value).ok_or_else(|| mismatch(Name::Field(name, ""), "", &value))?;
        Ok(Bag { object, name })
    }

    /// The field `field`, or `None` if it is absent, `undefined` or `null`.
    ///
    /// # Errors
    /// `InvalidInput` if the field holds a value that `T` refuses (or a getter throws).
    pub fn get<T: Arg>(&self, field: &'static CStr) -> Result<Option<T>> {
        let key = field.to_str().unwrap_or("?");
        let name = Name::Field(self.name, key);
        match self.field(field, name)? {
            Some(value) => T::read(value, name).map(Some),
            None => Ok(None),
        }
    }

    /// The raw field value, `None` when absent, `undefined` or `null`.
    fn field(&self, field: &'static CStr, name: Name<'_>) -> Result<Option<Unknown<'env>>> {
        let env = self.object.value().env;
        // SAFETY: live handles of the current call and a NUL-terminated key.
        let raw = unsafe {
            napi::bindgen_prelude::get_named_property_raw(env, self.object.raw(), field.as_ptr())
        }
        .map_err(|_| Error::InvalidInput(format!("{name} could not be read")))?;
        Ok(raw
            // SAFETY: a value napi just returned for this call.
            .map(|raw| unsafe { Unknown::from_raw_unchecked(env, raw) })
            .filter(|value| value.get_type().ok() != Some(ValueType::Null)))
    }
}

/// `value` as an instance of the class `T` (`what` names it in the message, e.g. "a TOTP").
///
/// # Errors
/// `InvalidInput` if `value` is not an instance of `T`.
pub fn instance<'env, T: TypeTag + 'env>(
    value: Unknown<'env>,
    what: &str,
) -> Result<ClassInstance<'env, T>> {
    // No `napi_typeof` first: `napi_unwrap` refuses a value that is not an object itself.
    // SAFETY: live handles of the current call; napi-rs unwraps only an object that Node-API
    // wrapped, and checks the instance's type tag before it casts the wrapped pointer, so it
    // refuses any other value.
    unsafe { ClassInstance::<T>::from_napi_value(value.value().env, value.raw()) }
        .map_err(|_| Error::InvalidInput(format!("expected {what}, got {}", describe(&value))))
}

/// Runs `body`, the work of a Node-API callback registered without napi-rs's `#[napi]`
/// wrapper (`totpVerify`, see `totp_verify` in [`crate::totp`]), with its first `N`
/// arguments (`undefined` where fewer were passed) and the count passed, and returns its
/// boolean answer to JavaScript, or throws its error through [`to_js_error`]. A panic in
/// `body` is caught and thrown as `GenericFailure`, as napi-rs's `catch_unwind` does.
///
/// Why not `#[napi]`: measured with `perf record` on a loop of valid-code `TOTP.verify`
/// calls (`docs/benchmarks.md`, "TOTP verification"), napi-rs's generated callback took 17 %
/// of the samples around the body: a borrow scope per call (an `Arc` allocated and dropped,
/// thread-local bookkeeping, `malloc`/`free`) and its `CallbackInfo`, none of which this
/// function needs, since its arguments are read by [`Arg`] types that never keep a borrow.
/// Together with reading each argument with one Node-API call (no `napi_typeof` first, no
/// coercion: 11 % of the samples before), the call went from 1.03 µs to 0.60 µs in the same
/// run (medians of 5 alternating runs on a loaded 2-core machine).
///
/// # Safety
/// `env` and `info` must be the ones Node-API passed to the running callback.
pub unsafe fn bool_callback<const N: usize>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    body: impl for<'call> FnOnce(&[Unknown<'call>; N], usize) -> Result<bool>,
) -> sys::napi_value {
    // `AssertUnwindSafe`: after a panic nothing that `body` touched is used again, only the
    // payload (to build the error).
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        let mut raw = [ptr::null_mut(); N];
        let mut argc = N;
        // SAFETY: `env` and `info` are the running callback's (the caller's contract); napi
        // writes at most `argc` (= N) handles into `raw`, `undefined` for the arguments not
        // passed, and sets `argc` to the number passed.
        let status = unsafe {
            sys::napi_get_cb_info(
                env,
                info,
                &mut argc,
                raw.as_mut_ptr(),
                ptr::null_mut(),
                ptr::null_mut(),
            )
        };
        if status != sys::Status::napi_ok {
            return Err(Error::InvalidInput(
                "the arguments could not be read".to_owned(),
            ));
        }
        // SAFETY: handles that napi has just given for the running call, used only inside it.
        let args = raw.map(|raw| unsafe { Unknown::from_raw_unchecked(env, raw) });
        body(&args, argc)
    }));
    let error = match outcome {
        Ok(Ok(answer)) => {
            let mut result = ptr::null_mut();
            // SAFETY: the live env of the running call; napi writes the handle of the
            // engine's own `true` or `false`. (If it ever failed, the call would return
            // `undefined`: a null handle is what Node-API reads as "no value".)
            unsafe { sys::napi_get_boolean(env, answer, &mut result) };
            return result;
        }
        Ok(Err(error)) => to_js_error(&Env::from_raw(env), &error),
        Err(payload) => to_js_error(&Env::from_raw(env), Failure::Panic(&*payload)),
    };
    // SAFETY: the live env of the running call, on its JavaScript thread.
    unsafe { JsError::from(error).throw_into(env) };
    ptr::null_mut()
}

/// `value` as an object, if it is one (not a function, not `null`).
fn as_object<'env>(value: &Unknown<'env>) -> Option<Object<'env>> {
    if value.get_type().ok() != Some(ValueType::Object) {
        return None;
    }
    // SAFETY: the value was just checked to be an object.
    unsafe { value.cast::<Object<'env>>() }.ok()
}

/// The `InvalidInput` error for a value that is not what was `expected` ("" for an object).
fn mismatch(name: Name<'_>, expected: &str, value: &Unknown<'_>) -> Error {
    let expected = if expected.is_empty() {
        "an object"
    } else {
        expected
    };
    let got = describe(value);
    Error::InvalidInput(match name {
        Name::Field(bag, "") => format!("{bag} must be {expected}, got {got}"),
        Name::Field(..) => format!("{name} must be {expected}, got {got}"),
        Name::Positional => format!("expected {expected}, got {got}"),
    })
}
