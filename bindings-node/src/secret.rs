//! Results that hold a secret (a base32 secret, a key URI, a token, a password).

use napi::bindgen_prelude::ToNapiValue;
use napi::sys;
use zeroize::Zeroizing;

/// A string result that holds a secret. JavaScript gets its own copy; the Rust one is
/// zeroized when dropped.
pub struct SecretText(pub Zeroizing<String>);

impl ToNapiValue for SecretText {
    unsafe fn to_napi_value(env: sys::napi_env, value: Self) -> napi::Result<sys::napi_value> {
        // SAFETY: forwards the live `env` that napi-rs gave us.
        unsafe { <&str as ToNapiValue>::to_napi_value(env, value.0.as_str()) }
    }
}
