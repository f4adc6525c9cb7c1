//! Wrappers of [`cognito_mfa::resume`]: a user's sign-in state as a plain object
//! (`exportState`, the static `CognitoUser.resume`) and sealed into an opaque string by
//! `StateSealer` (`seal`, `open`, and the static `CognitoUser.resumeSealed`), in a second
//! `#[napi] impl` block of `CognitoUser`. The state crosses as JSON values (napi's
//! `serde-json`); no Cognito logic lives here.

use std::collections::BTreeMap;
use std::time::Duration;

use cognito_mfa::resume::{DEFAULT_LIFETIME, Sealer, SealingKey, SignInSnapshot};
use cognito_mfa::{Error, InvalidStateReason, Result, User};
use napi::bindgen_prelude::{ClassInstance, Env, Object, Uint8Array, Unknown};
use napi_derive::napi;

use crate::client::JsUserPool;
use crate::error::OrThrow;
use crate::input;
use crate::session::JsUserSession;
use crate::user::{JsUser, outcome_to_js};

/// Seconds since the Unix epoch by the system clock.
fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn to_value(snapshot: &SignInSnapshot) -> Result<serde_json::Value> {
    serde_json::to_value(snapshot)
        .map_err(|_| Error::InvalidInput("the sign-in state cannot be serialized".into()))
}

fn from_value(state: serde_json::Value) -> Result<SignInSnapshot> {
    serde_json::from_value(state).map_err(|_| Error::InvalidState {
        reason: InvalidStateReason::Malformed,
    })
}

fn pool_of<'a>(pool: Unknown<'a>) -> Result<ClassInstance<'a, JsUserPool>> {
    input::value(pool, "a CognitoUserPool")
}

/// The options of `exportState` and `StateSealer.seal`.
#[napi(object, object_to_js = false)]
pub struct ExportStateOptions {
    /// How long a challenge's state stays valid, in seconds: 1 to 900 (default 180, Cognito's
    /// Session lifetime; give the app client's own).
    pub lifetime: Option<u32>,
    /// Whether a signed-in state keeps its refresh token (default `true`). A signed-in state's
    /// three tokens rarely fit a cookie once sealed; without the refresh token they do, and the
    /// resumed user is signed in until the access token expires but cannot refresh.
    pub refresh_token: Option<bool>,
}

/// The state of `user` as `options` ask: a challenge's valid `lifetime` seconds, a signed-in
/// state with or without its refresh token.
fn snapshot_of(user: &User, options: Option<ExportStateOptions>) -> Result<SignInSnapshot> {
    let lifetime = options
        .as_ref()
        .and_then(|options| options.lifetime)
        .map_or(DEFAULT_LIFETIME, |secs| {
            Duration::from_secs(u64::from(secs))
        });
    let snapshot = user.export_state_for(unix_now(), lifetime)?;
    Ok(
        if options.and_then(|options| options.refresh_token) == Some(false) {
            snapshot.without_refresh_token()
        } else {
            snapshot
        },
    )
}

#[napi]
impl JsUser {
    /// Signs this user in with a session obtained earlier (e.g. rebuilt with `new
    /// CognitoUserSession({ IdToken, AccessToken, RefreshToken })`), as amazon-cognito-identity-js
    /// does; no request is made, and a challenge in progress is forgotten.
    ///
    /// @throws {Error} `InvalidInputError` if `session` is not a `CognitoUserSession`.
    #[napi(catch_unwind)]
    pub fn set_sign_in_user_session(
        &self,
        env: &Env,
        #[napi(ts_arg_type = "CognitoUserSession")] session: Unknown<'_>,
    ) -> napi::Result<()> {
        let session: ClassInstance<'_, JsUserSession> =
            crate::args::instance(session, "a CognitoUserSession").or_throw(env)?;
        self.core().restore_session(session.core().clone());
        Ok(())
    }

    /// The state of this user as a plain object to keep server-side (it holds the challenge's
    /// Session or the tokens: secrets) and resume with `CognitoUser.resume`, in this process or
    /// another: the pool and app client ids, the user names, the challenge with its parameters
    /// and Session, or the tokens, and `issued_at` / `expires_at` (Unix seconds). A challenge's
    /// state expires `lifetime` seconds from now; a signed-in state when the access token does.
    /// No request is made.
    ///
    /// @throws {Error} `InvalidStateError` (`reason: 'NothingInProgress'`) when neither in a
    /// challenge nor signed in; `InvalidInputError` for a lifetime of 0 or above 900.
    #[napi(catch_unwind, ts_return_type = "SignInState")]
    pub fn export_state(
        &self,
        env: &Env,
        options: Option<ExportStateOptions>,
    ) -> napi::Result<serde_json::Value> {
        snapshot_of(self.core(), options)
            .and_then(|snapshot| to_value(&snapshot))
            .or_throw(env)
    }

    /// The challenge waiting for its answer, as the step that asked it resolved to it
    /// (`challengeName`, `challengeParameters` and the parsed fields: `destination`,
    /// `mfasCanChoose`...), which is what the page of a user resumed from a state shows;
    /// `null` unless a challenge is in progress. No request is made.
    #[napi(catch_unwind, ts_return_type = "Challenge | null")]
    pub fn pending_challenge<'env>(&self, env: &'env Env) -> napi::Result<Option<Object<'env>>> {
        self.core()
            .pending_challenge()
            .map(|outcome| outcome_to_js(env, outcome))
            .transpose()
    }

    /// A new user of `pool` in the state `exportState` gave: it answers the challenge (or
    /// calls the API) as the exported user would. No request is made.
    ///
    /// @throws {Error} `InvalidStateError` for another pool or app client, an expired,
    /// malformed or unresumable state (see `err.reason`); `InvalidInputError` if `pool` is
    /// not a `CognitoUserPool`.
    #[napi(catch_unwind)]
    pub fn resume(
        env: &Env,
        #[napi(ts_arg_type = "CognitoUserPool")] pool: Unknown<'_>,
        #[napi(ts_arg_type = "SignInState")] state: serde_json::Value,
    ) -> napi::Result<JsUser> {
        let resume = || -> Result<JsUser> {
            let pool = pool_of(pool)?;
            let user = pool.core().resume(&from_value(state)?, unix_now())?;
            Ok(JsUser::from_core(user))
        };
        resume().or_throw(env)
    }

    /// A new user of `pool` in the state `sealer` sealed (`StateSealer.seal`). No request is
    /// made.
    ///
    /// @throws {Error} `InvalidStateError` as `StateSealer.open` and `CognitoUser.resume`.
    #[napi(catch_unwind)]
    pub fn resume_sealed(
        env: &Env,
        #[napi(ts_arg_type = "CognitoUserPool")] pool: Unknown<'_>,
        #[napi(ts_arg_type = "StateSealer")] sealer: Unknown<'_>,
        #[napi(ts_arg_type = "string")] sealed: input::Arg<String>,
    ) -> napi::Result<JsUser> {
        let resume = || -> Result<JsUser> {
            let pool = pool_of(pool)?;
            let sealer: ClassInstance<'_, JsStateSealer> =
                crate::args::instance(sealer, "a StateSealer")?;
            let user = sealer.sealer.resume(&sealed.0, pool.core(), unix_now())?;
            Ok(JsUser::from_core(user))
        };
        resume().or_throw(env)
    }
}

/// The options of `new StateSealer(...)`.
#[napi(object, object_to_js = false)]
pub struct StateSealerOptions {
    /// Each key id (1 to 16 ASCII letters, digits, `-` or `_`) with its 32 random bytes
    /// (`crypto.randomBytes(32)`: a `Buffer` or any `Uint8Array`).
    pub keys: BTreeMap<String, Uint8Array>,
    /// The id of the key that seals; every listed key opens.
    pub seal_with: String,
}

/// Seals sign-in states into opaque strings for a cookie or a hidden form field, and opens
/// them again: XChaCha20-Poly1305 with a key the server holds, bound to the pool and app
/// client, refused once expired. To rotate keys, add the new one, seal with it, and drop the
/// old one once the values it sealed have expired (minutes). `inspect` shows the key ids,
/// never a key.
///
/// @example
/// ```js
/// const sealer = new StateSealer({ keys: { k1: crypto.randomBytes(32) }, sealWith: 'k1' });
/// const cookie = sealer.seal(user);            // after authenticateUser: a challenge
/// const again = CognitoUser.resumeSealed(pool, sealer, cookie); // next request, any worker
/// ```
#[napi(js_name = "StateSealer")]
pub struct JsStateSealer {
    sealer: Sealer,
}

#[napi]
impl JsStateSealer {
    /// A sealer over `options.keys` that seals with `options.sealWith`.
    ///
    /// @throws {Error} `InvalidInputError` for no key, a key that is not 32 bytes, a bad key
    /// id, or `sealWith` naming none of the keys.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: &Env,
        #[napi(ts_arg_type = "StateSealerOptions")] options: Unknown<'_>,
    ) -> napi::Result<Self> {
        let build = || -> Result<Sealer> {
            let options: StateSealerOptions = input::options(options, "options")?;
            let keys = options
                .keys
                .iter()
                .map(|(id, key)| SealingKey::new(id.clone(), key))
                .collect::<Result<Vec<_>>>()?;
            Sealer::with_sealing_key(keys, &options.seal_with)
        };
        Ok(JsStateSealer {
            sealer: build().or_throw(env)?,
        })
    }

    /// Seals the state of `user` (in a challenge or signed in) into a URL-safe string of at
    /// most 4096 characters.
    ///
    /// @throws {Error} `InvalidStateError` when nothing is in progress, or
    /// (`reason: 'TooLong'`) for a signed-in state whose tokens do not fit 4096 characters:
    /// seal it with `refreshToken: false`, or keep it as a plain object; `InvalidInputError` for a bad lifetime.
    #[napi(catch_unwind)]
    pub fn seal(
        &self,
        env: &Env,
        #[napi(ts_arg_type = "CognitoUser")] user: Unknown<'_>,
        options: Option<ExportStateOptions>,
    ) -> napi::Result<String> {
        let user: ClassInstance<'_, JsUser> =
            crate::args::instance(user, "a CognitoUser").or_throw(env)?;
        snapshot_of(user.core(), options)
            .and_then(|snapshot| self.sealer.seal(&snapshot))
            .or_throw(env)
    }

    /// Opens a value `seal` made, for `pool`, and returns the state as a plain object (as
    /// `exportState` gives it). To get a user, call `CognitoUser.resumeSealed`.
    ///
    /// @throws {Error} `InvalidStateError` for a value tampered with, truncated, too long,
    /// sealed by an unlisted or another key, for another pool or app client, or expired (see
    /// `err.reason`).
    #[napi(catch_unwind, ts_return_type = "SignInState")]
    pub fn open(
        &self,
        env: &Env,
        #[napi(ts_arg_type = "CognitoUserPool")] pool: Unknown<'_>,
        #[napi(ts_arg_type = "string")] sealed: input::Arg<String>,
    ) -> napi::Result<serde_json::Value> {
        let open = || -> Result<serde_json::Value> {
            let pool = pool_of(pool)?;
            to_value(&self.sealer.open(&sealed.0, pool.core(), unix_now())?)
        };
        open().or_throw(env)
    }

    /// The id of the key that seals.
    #[napi(getter, catch_unwind)]
    pub fn seal_with(&self) -> String {
        self.sealer.sealing_key_id().to_owned()
    }
}
