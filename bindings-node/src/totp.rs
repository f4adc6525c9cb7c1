//! Bindings of `cognito_mfa::totp`: the `TOTP` and `KeyUri` classes and the `randomSecret`,
//! `parseUri`, `qrSvg` and `qrText` functions.

use std::cell::OnceCell;
use std::ffi::CStr;
use std::ptr;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use cognito_mfa::totp::{self, Algorithm, KeyUri, Secret, Totp};
use cognito_mfa::{Error, Result};
use napi::JsValue;
use napi::bindgen_prelude::{Either, Env, JsObjectValue, Null, Object, Unknown};
use napi_derive::napi;

use crate::args::{
    Arg, Bag, Name, SecretInput, Text, UnixTime, Whole, bool_callback, from_js_argument, instance,
    is_nullish, whole_u32,
};
use crate::error::OrThrow;
use crate::input::describe;
use crate::registry::{self, Registration};
use crate::secret::SecretText;

/// The verification window used when none is given: one step either side (RFC 6238 §5.2).
const DEFAULT_WINDOW: u64 = 1;

/// Options of `new TOTP(secret, options)`. Absent fields take Cognito's values.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct TotpOptions {
    /// Number of digits of a code: 6, 7 or 8. Default 6.
    #[napi(ts_type = "number")]
    pub digits: Option<Whole>,
    /// Length of a time step in seconds, 1 or more. Default 30.
    #[napi(ts_type = "number")]
    pub period: Option<Whole>,
    /// HMAC hash: `"SHA1"`, `"SHA256"` or `"SHA512"` (case-insensitive, `"SHA-256"` accepted
    /// too). Default `"SHA1"`.
    #[napi(ts_type = "'SHA1' | 'SHA256' | 'SHA512' | (string & {})")]
    pub algorithm: Option<Text>,
}

impl Arg for TotpOptions {
    fn read(value: Unknown<'_>, _name: Name<'_>) -> Result<Self> {
        let bag = Bag::read(value, "options")?;
        Ok(TotpOptions {
            digits: bag.get(c"digits")?,
            period: bag.get(c"period")?,
            algorithm: bag.get(c"algorithm")?,
        })
    }
}

/// Options of `TOTP.provisioningUri(account, options)`.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct UriOptions {
    /// The service name shown by authenticator apps, e.g. `"Example Corp"`; must not be empty
    /// or contain `:`.
    #[napi(ts_type = "string")]
    pub issuer: Option<Text>,
}

impl Arg for UriOptions {
    fn read(value: Unknown<'_>, _name: Name<'_>) -> Result<Self> {
        let bag = Bag::read(value, "options")?;
        Ok(UriOptions {
            issuer: bag.get(c"issuer")?,
        })
    }
}

from_js_argument!(TotpOptions, UriOptions);

/// The settings of a `TOTP`, as `toJSON()` returns them (never the secret).
#[napi(object, object_from_js = false)]
pub struct TotpSettings {
    /// `"SHA1"`, `"SHA256"` or `"SHA512"`.
    #[napi(ts_type = "'SHA1' | 'SHA256' | 'SHA512'")]
    pub algorithm: String,
    /// Number of digits of a code.
    pub digits: u32,
    /// Length of a time step in seconds.
    pub period: f64,
}

/// A TOTP generator and verifier (RFC 6238): a shared secret with its hash algorithm, number
/// of digits and period.
///
/// The secret never shows in `console.log`, `util.inspect` or `JSON.stringify`; read it
/// explicitly with the `secret` getter.
///
/// @example
/// ```js
/// const { TOTP, randomSecret } = require('cognito-mfa')
/// const totp = new TOTP(randomSecret())
/// totp.verify(totp.now()) // true
/// ```
#[napi(js_name = "TOTP")]
pub struct JsTotp {
    inner: Arc<Totp>,
    /// Its handle for `totpVerify`, made the first time JavaScript asks for it
    /// ([`totp_handle`]); `None` inside if the registry could not take it.
    registration: OnceCell<Option<Registration>>,
}

impl JsTotp {
    fn wrap(totp: Totp) -> Self {
        JsTotp {
            inner: Arc::new(totp),
            registration: OnceCell::new(),
        }
    }
}

#[napi]
impl JsTotp {
    /// Creates a TOTP from a shared secret: a base32 string (as Cognito's
    /// `AssociateSoftwareToken` returns it; lowercase, spaces and `=` padding are tolerated)
    /// or the raw key bytes.
    ///
    /// @throws {Error} `InvalidSecretError` if the base32 text holds a character outside
    /// RFC 4648's alphabet (`err.position` says where); `SecretTooShortError` if the secret is
    /// shorter than 16 base32 characters (80 bits); `InvalidInputError` for digits other than
    /// 6–8, a period of 0, an unknown algorithm, or arguments of the wrong type.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: &Env,
        #[napi(ts_arg_type = "string | Uint8Array")] secret: SecretInput,
        options: Option<TotpOptions>,
    ) -> napi::Result<Self> {
        let secret = secret.into_secret().or_throw(env)?;
        let inner = match options {
            None => Ok(Totp::new(secret)),
            Some(options) => totp_with_options(secret, options),
        };
        Ok(JsTotp::wrap(inner.or_throw(env)?))
    }

    /// Number of digits of a code (6, 7 or 8).
    #[napi(getter, catch_unwind)]
    pub fn digits(&self) -> u32 {
        self.inner.digits()
    }

    /// Length of a time step in seconds.
    #[napi(getter, catch_unwind)]
    pub fn period(&self) -> f64 {
        self.inner.period() as f64
    }

    /// The HMAC hash: `"SHA1"`, `"SHA256"` or `"SHA512"`.
    #[napi(getter, catch_unwind, ts_return_type = "'SHA1' | 'SHA256' | 'SHA512'")]
    pub fn algorithm(&self) -> &'static str {
        self.inner.algorithm().as_str()
    }

    /// The shared secret in base32 (RFC 4648, uppercase, no padding). Handle with care.
    #[napi(getter, catch_unwind, ts_return_type = "string")]
    pub fn secret(&self) -> SecretText {
        SecretText(self.inner.secret().to_base32())
    }

    /// The code for the current time.
    ///
    /// @throws {Error} `InvalidInputError` if the system clock is set before 1970.
    #[napi(catch_unwind)]
    pub fn now(&self, env: &Env) -> napi::Result<String> {
        self.inner.generate_now().or_throw(env)
    }

    /// The code for `unixTime` (seconds since 1970; a fraction is dropped).
    ///
    /// @throws {Error} `InvalidInputError` if `unixTime` is not a number from 0 to 2^53 - 1.
    #[napi(catch_unwind)]
    pub fn at(&self, #[napi(ts_arg_type = "number")] unix_time: UnixTime) -> String {
        self.inner.generate(unix_time.0)
    }

    /// The `otpauth://totp/...` key URI that provisions an authenticator app with this TOTP
    /// (show it as a QR code with `qrSvg`/`qrText`). It contains the secret.
    ///
    /// @throws {Error} `InvalidInputError` if `account` is empty, the issuer is empty, or either
    /// contains `:`.
    #[napi(catch_unwind, ts_return_type = "string")]
    pub fn provisioning_uri(
        &self,
        env: &Env,
        #[napi(ts_arg_type = "string")] account: Text,
        options: Option<UriOptions>,
    ) -> napi::Result<SecretText> {
        let issuer = options.and_then(|options| options.issuer);
        let uri = self
            .inner
            .key_uri(&account, issuer.as_deref())
            .or_throw(env)?;
        Ok(SecretText(uri.to_uri()))
    }

    /// The time step (counter) of `at` (default now): `floor(at / period)`.
    ///
    /// @throws {Error} `InvalidInputError` if `at` is not a number from 0 to 2^53 - 1.
    #[napi(catch_unwind)]
    pub fn time_step(
        &self,
        env: &Env,
        #[napi(ts_arg_type = "number")] at: Option<UnixTime>,
    ) -> napi::Result<f64> {
        let at = at_or_now(at).or_throw(env)?;
        Ok(self.inner.time_step(at) as f64)
    }

    /// Seconds from `at` (default now) until the next time step starts (1 to `period`).
    ///
    /// @throws {Error} `InvalidInputError` if `at` is not a number from 0 to 2^53 - 1.
    #[napi(catch_unwind)]
    pub fn seconds_remaining(
        &self,
        env: &Env,
        #[napi(ts_arg_type = "number")] at: Option<UnixTime>,
    ) -> napi::Result<f64> {
        let at = at_or_now(at).or_throw(env)?;
        Ok(self.inner.seconds_remaining(at) as f64)
    }

    /// The settings without the secret, so `JSON.stringify(totp)` never reveals it.
    #[napi(js_name = "toJSON", catch_unwind)]
    pub fn to_json(&self) -> TotpSettings {
        settings(&self.inner)
    }
}

/// A parsed `otpauth://totp/` key URI: what an authenticator app learns from a QR code.
///
/// The secret never shows in `console.log`, `util.inspect` or `JSON.stringify`.
#[napi(js_name = "KeyUri")]
pub struct JsKeyUri {
    inner: KeyUri,
}

#[napi]
impl JsKeyUri {
    /// The key URI of `totp` for `account` (and `options.issuer`), as `parseUri` would give
    /// it back: `new KeyUri(totp, 'alice@example.com', { issuer: 'Example' })`.
    ///
    /// @throws {Error} `InvalidInputError` if `totp` is not a TOTP, `account` is empty, the
    /// issuer is empty, or either contains `:`.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: &Env,
        #[napi(ts_arg_type = "TOTP")] totp: Unknown<'_>,
        #[napi(ts_arg_type = "string")] account: Text,
        options: Option<UriOptions>,
    ) -> napi::Result<Self> {
        let totp = instance::<JsTotp>(totp, "a TOTP").or_throw(env)?;
        let issuer = options.and_then(|options| options.issuer);
        let inner = totp
            .inner
            .key_uri(&account, issuer.as_deref())
            .or_throw(env)?;
        Ok(JsKeyUri { inner })
    }

    /// The TOTP the URI describes (secret, algorithm, digits, period).
    #[napi(getter, catch_unwind)]
    pub fn totp(&self) -> JsTotp {
        JsTotp::wrap(self.inner.totp.clone())
    }

    /// The account name of the label, e.g. `"alice@example.com"`.
    #[napi(getter, catch_unwind)]
    pub fn account(&self) -> String {
        self.inner.account.clone()
    }

    /// The issuer (from the `issuer` parameter or the label), or `null` if there is none.
    #[napi(getter, catch_unwind)]
    pub fn issuer(&self) -> Option<String> {
        self.inner.issuer.clone()
    }

    /// The URI text again, normalized: percent-encoded label, base32 secret without padding,
    /// and `algorithm`, `digits` and `period` always written. It contains the secret.
    #[napi(catch_unwind, ts_return_type = "string")]
    pub fn to_uri(&self) -> SecretText {
        SecretText(self.inner.to_uri())
    }

    /// Account, issuer and TOTP settings without the secret, so `JSON.stringify` never
    /// reveals it.
    #[napi(js_name = "toJSON", catch_unwind)]
    pub fn to_json(&self) -> KeyUriSummary {
        KeyUriSummary {
            account: self.inner.account.clone(),
            issuer: self.inner.issuer.clone().map_or(Either::B(Null), Either::A),
            totp: settings(&self.inner.totp),
        }
    }
}

/// What `KeyUri.toJSON()` returns (never the secret).
#[napi(object, object_from_js = false)]
pub struct KeyUriSummary {
    /// The account name.
    pub account: String,
    /// The issuer, or `null`.
    pub issuer: Either<String, Null>,
    /// The TOTP settings.
    pub totp: TotpSettings,
}

/// `TOTP.prototype.verify(code, options)`: whether `code` is the code of the time step of
/// `options.at` (default now) or of one of the `options.window` steps (default 1) before or
/// after it. Every step of the window is compared in constant time. A well-formed code that
/// does not match gives `false`; a malformed one throws `InvalidInputError`, as does a window
/// above 100 or an argument of the wrong type. (Declared with TSDoc in `src/handwritten.d.ts`.)
///
/// `bindings-node/index.js` installs the method, which calls this native function, exported
/// as `totpVerify`, with the TOTP's handle ([`crate::registry`], from [`totp_handle`]) and the
/// option fields as arguments: `(handle, code, options.at, options.window)`, or `(handle, code,
/// undefined, undefined, options)` when `options` is not an object, for this function to
/// accept `undefined` and `null` and refuse anything else. The first call on a TOTP, or a call
/// on something else, goes to [`totp_verify_instance`] with `this` instead of the handle.
///
/// It is the package's hot path (a server checks codes), measured with `perf` on
/// `bench/node_totp.js` (`docs/benchmarks.md`, "TOTP verification"): a `#[napi]` method with an
/// options object spent about 500 ns a call outside the core, in napi-rs's tracking of the
/// `&self` borrow (~120 ns), in reading two fields of the object through Node-API (~150 ns, the
/// keys interned on every call) and in the conversions; JavaScript reads the fields for ~1 ns.
/// Then, as a `#[napi]` function with plain arguments, napi-rs's per-call scope was 17 % of the
/// samples and unwrapping `this` 25 %: hence a raw Node-API callback ([`bool_callback`]) and
/// the handle (1.03 µs → 0.33 µs a call in the same run; the figures beside each).
///
/// # Safety
/// Called by Node-API only, with the env and callback info of the running call.
unsafe extern "C" fn totp_verify(
    env: napi::sys::napi_env,
    info: napi::sys::napi_callback_info,
) -> napi::sys::napi_value {
    // SAFETY: Node-API calls this callback with the env and info of the running call.
    unsafe {
        bool_callback::<5>(env, info, |[handle, code, at, window, options], argc| {
            let code = Text::read(*code, Name::Positional)?;
            let not_a_handle =
                || Error::InvalidInput(format!("expected a TOTP handle, got {}", describe(handle)));
            let slot = whole_u32(handle).ok_or_else(not_a_handle)?;
            let (at, window) = verify_options(at, window, options, argc)?;
            registry::with_totp(slot, |totp| check(totp, &code, at, window))
                .ok_or_else(not_a_handle)?
        })
    }
}

/// `totpVerifyInstance(totp, code, at, window[, options])`: [`totp_verify`] with the `TOTP`
/// itself instead of its handle, found through Node-API's type tag (for the first call on a
/// TOTP, before `index.js` has its handle, and for a `this` that is not a TOTP, which it
/// refuses). The errors come in the order of the arguments, as napi-rs would refuse them.
///
/// # Safety
/// Called by Node-API only, with the env and callback info of the running call.
unsafe extern "C" fn totp_verify_instance(
    env: napi::sys::napi_env,
    info: napi::sys::napi_callback_info,
) -> napi::sys::napi_value {
    // SAFETY: Node-API calls this callback with the env and info of the running call.
    unsafe {
        bool_callback::<5>(env, info, |[totp, code, at, window, options], argc| {
            let code = Text::read(*code, Name::Positional)?;
            let totp = instance::<JsTotp>(*totp, "a TOTP")?;
            let (at, window) = verify_options(at, window, options, argc)?;
            check(&totp.inner, &code, at, window)
        })
    }
}

/// The `at` and `window` of a verification, and the check of `options` itself when it is
/// passed (as the fifth of `argc` arguments, for not being an object): `undefined` and `null`
/// are accepted, anything else refused.
fn verify_options(
    at: &Unknown<'_>,
    window: &Unknown<'_>,
    options: &Unknown<'_>,
    argc: usize,
) -> Result<(Option<UnixTime>, u64)> {
    if argc > 4 && !is_nullish(options) {
        Bag::read(*options, "options")?;
    }
    let at = UnixTime::read_optional(at, Name::Field("options", "at"))?;
    let window = Whole::read_optional(window, Name::Field("options", "window"))?
        .map_or(DEFAULT_WINDOW, |window| window.0);
    Ok((at, window))
}

/// The core's verification, with a mismatch as `false`.
fn check(totp: &Totp, code: &str, at: Option<UnixTime>, window: u64) -> Result<bool> {
    let verified = match at {
        Some(at) => totp.verify(code, at.0, window),
        None => totp.verify_now(code, window),
    };
    match verified {
        Ok(_) => Ok(true),
        Err(Error::CodeMismatch) => Ok(false),
        Err(error) => Err(error),
    }
}

/// `totpHandle(totp)`: the handle of `totp` for `totpVerify` ([`crate::registry`]),
/// registering it the first time; `undefined` if the registry cannot take it (then
/// `index.js` goes on calling `totpVerifyInstance`).
#[napi(skip_typescript, catch_unwind)]
pub fn totp_handle(env: &Env, totp: Unknown<'_>) -> napi::Result<Option<u32>> {
    let totp = instance::<JsTotp>(totp, "a TOTP").or_throw(env)?;
    let registration = totp
        .registration
        .get_or_init(|| Registration::new(&totp.inner));
    Ok(registration.as_ref().map(Registration::handle))
}

/// Exports [`totp_verify`] and [`totp_verify_instance`] as the native functions `totpVerify`
/// and `totpVerifyInstance`: raw Node-API functions, since `#[napi]` would wrap them in
/// napi-rs's per-call machinery.
#[napi(module_exports)]
pub fn register_totp_verify(mut exports: Object<'_>) -> napi::Result<()> {
    let functions: [(&CStr, RawCallback); 2] = [
        (c"totpVerify", totp_verify),
        (c"totpVerifyInstance", totp_verify_instance),
    ];
    for (name, callback) in functions {
        let env = exports.value().env;
        let mut function = ptr::null_mut();
        // SAFETY: the live env of the module's initialization; a NUL-terminated name (length
        // -1, Node-API's NAPI_AUTO_LENGTH), a callback with Node-API's signature that needs
        // no data.
        let status = unsafe {
            napi::sys::napi_create_function(
                env,
                name.as_ptr(),
                -1,
                Some(callback),
                ptr::null_mut(),
                &mut function,
            )
        };
        if status != napi::sys::Status::napi_ok {
            return Err(napi::Error::new(
                napi::Status::GenericFailure,
                format!("cognito-mfa: could not create {}", name.to_string_lossy()),
            ));
        }
        // SAFETY: the handle napi has just created, in the same env.
        let function = unsafe { Unknown::from_raw_unchecked(env, function) };
        exports.set_named_property(&name.to_string_lossy(), function)?;
    }
    Ok(())
}

/// The signature of a Node-API callback.
type RawCallback = unsafe extern "C" fn(
    napi::sys::napi_env,
    napi::sys::napi_callback_info,
) -> napi::sys::napi_value;

/// A new random secret from the operating system's CSPRNG, in base32 (RFC 4648, no padding).
///
/// @param length - the size of the key in bytes, 10 to 1024 (default 20, i.e. 160 bits, as
/// RFC 4226 recommends and Cognito uses).
/// @throws {Error} `InvalidInputError` for a length outside 10–1024; `RandomSourceError` if the
/// operating system's generator fails.
#[napi(catch_unwind, ts_return_type = "string")]
pub fn random_secret(
    env: &Env,
    #[napi(ts_arg_type = "number")] length: Option<Whole>,
) -> napi::Result<SecretText> {
    let secret = match length {
        None => Secret::generate(),
        Some(length) => Secret::generate_with_len(length.saturating_usize()),
    };
    Ok(SecretText(secret.or_throw(env)?.to_base32()))
}

/// Parses an `otpauth://totp/Issuer:account?secret=...` key URI (as scanned from a QR code).
/// Unknown parameters (e.g. `image`) are ignored.
///
/// @throws {Error} `InvalidUriError` with `err.kind` saying what is wrong (`"BadScheme"`,
/// `"UnsupportedType"`, `"MissingLabel"`, `"MissingSecret"`, `"BadSecret"`,
/// `"IssuerMismatch"`, `"BadAlgorithm"`, `"BadDigits"`, `"BadPeriod"`, `"BadEncoding"`,
/// `"DuplicateParameter"`); `InvalidInputError` if `uri` is not a string.
#[napi(catch_unwind)]
pub fn parse_uri(env: &Env, #[napi(ts_arg_type = "string")] uri: Text) -> napi::Result<JsKeyUri> {
    let inner = KeyUri::parse(&uri).or_throw(env)?;
    Ok(JsKeyUri { inner })
}

/// A QR code of `text` (usually a key URI) as a standalone SVG document.
///
/// @throws {Error} `InvalidInputError` if the text is too long for a QR code.
#[napi(catch_unwind)]
pub fn qr_svg(env: &Env, #[napi(ts_arg_type = "string")] text: Text) -> napi::Result<String> {
    totp::qr_svg(&text).or_throw(env)
}

/// A QR code of `text` (usually a key URI) for a terminal: lines of Unicode half blocks, two
/// rows of modules per line, with a quiet zone.
///
/// @throws {Error} `InvalidInputError` if the text is too long for a QR code.
#[napi(catch_unwind)]
pub fn qr_text(env: &Env, #[napi(ts_arg_type = "string")] text: Text) -> napi::Result<String> {
    totp::qr_text(&text).or_throw(env)
}

/// A core TOTP from a secret and the options given (absent ones take Cognito's values).
fn totp_with_options(secret: Secret, options: TotpOptions) -> Result<Totp> {
    let algorithm = match &options.algorithm {
        None => Algorithm::default(),
        Some(name) => name.parse()?,
    };
    Totp::with_options(
        secret,
        algorithm,
        options
            .digits
            .map_or(totp::DEFAULT_DIGITS, Whole::saturating_u32),
        options.period.map_or(totp::DEFAULT_PERIOD, |p| p.0),
    )
}

/// The settings of `totp` without its secret.
fn settings(totp: &Totp) -> TotpSettings {
    TotpSettings {
        algorithm: totp.algorithm().as_str().to_owned(),
        digits: totp.digits(),
        period: totp.period() as f64,
    }
}

/// `at`, or the current unix time.
///
/// # Errors
/// `InvalidInput` if the system clock is set before 1970 (as the core's `*_now()`).
fn at_or_now(at: Option<UnixTime>) -> Result<u64> {
    match at {
        Some(at) => Ok(at.0),
        None => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs())
            .map_err(|_| Error::InvalidInput("the system clock is set before 1970".to_owned())),
    }
}
