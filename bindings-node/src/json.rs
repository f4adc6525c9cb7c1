//! JSON from outside the package (a token's payload, the mock's responses) handed to
//! JavaScript as `JSON.parse` makes it: plain objects, in which every key, `"__proto__"`
//! included, is an own data property.
//!
//! napi-rs builds an object from a `serde_json` map with `napi_set_named_property`, an
//! assignment: a `"__proto__"` key (a claim of a token, say) runs `Object.prototype`'s setter
//! and becomes the object's prototype instead of a property. amazon-cognito-identity-js and
//! aws-jwt-verify decode payloads with `JSON.parse`, which defines the key as a property; so
//! does [`Plain`], by calling it (the global `JSON.parse`, looked up at each conversion).

use std::ptr;

use napi::bindgen_prelude::ToNapiValue;
use napi::{Status, sys};
use serde_json::Value;

/// JSON text that becomes, in JavaScript, the value `JSON.parse` makes of it.
pub struct Plain(String);

impl Plain {
    /// `value`, as its JSON text.
    pub fn value(value: &Value) -> Self {
        Plain(value.to_string())
    }

    /// JSON text already made (well-formed: `serde_json` wrote it).
    pub fn text(json: String) -> Self {
        Plain(json)
    }
}

impl ToNapiValue for Plain {
    unsafe fn to_napi_value(env: sys::napi_env, value: Self) -> napi::Result<sys::napi_value> {
        // SAFETY: `env` is the live env napi-rs converts the result in, on its JavaScript
        // thread; every handle below is made in it and used before this call returns.
        unsafe {
            let text = String::to_napi_value(env, value.0)?;
            let mut global = ptr::null_mut();
            status(sys::napi_get_global(env, &mut global))?;
            let mut json = ptr::null_mut();
            status(sys::napi_get_named_property(
                env,
                global,
                c"JSON".as_ptr(),
                &mut json,
            ))?;
            let mut parse = ptr::null_mut();
            status(sys::napi_get_named_property(
                env,
                json,
                c"parse".as_ptr(),
                &mut parse,
            ))?;
            let mut parsed = ptr::null_mut();
            status(sys::napi_call_function(
                env,
                json,
                parse,
                1,
                &text,
                &mut parsed,
            ))?;
            Ok(parsed)
        }
    }
}

/// A Node-API status as a result.
fn status(status: sys::napi_status) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::new(
            Status::from(status),
            "JSON.parse could not be called",
        ))
    }
}
