//! Bindings of `cognito_mfa::session`: `CognitoUserSession` and its tokens
//! (`CognitoIdToken`, `CognitoAccessToken`, `CognitoRefreshToken`), named and shaped as in
//! amazon-cognito-identity-js.
//!
//! Tokens are secrets: they never show in `console.log`, `util.inspect` or `JSON.stringify`
//! (those show the claims that say who and until when, see `bindings-node/index.js`); read them
//! with `getJwtToken()` / `getToken()`.

use cognito_mfa::{AccessToken, Error, IdToken, RefreshToken, Result, UserSession};
use napi::bindgen_prelude::{ClassInstance, Env, Unknown};
use napi_derive::napi;
use zeroize::Zeroizing;

use crate::error::OrThrow;
use crate::input::{self, describe};
use crate::json::Plain;
use crate::secret::SecretText;

/// The data of `new CognitoUserSession(data)`, as amazon-cognito-identity-js takes it.
#[napi(object, object_to_js = false)]
pub struct CognitoUserSessionData<'env> {
    /// A `CognitoIdToken`.
    #[napi(js_name = "IdToken", ts_type = "CognitoIdToken")]
    pub id_token: Unknown<'env>,
    /// A `CognitoAccessToken`.
    #[napi(js_name = "AccessToken", ts_type = "CognitoAccessToken")]
    pub access_token: Unknown<'env>,
    /// A `CognitoRefreshToken` (left out: none).
    #[napi(js_name = "RefreshToken", ts_type = "CognitoRefreshToken")]
    pub refresh_token: Option<Unknown<'env>>,
    /// The local clock minus the service's, in seconds (left out: computed from the tokens'
    /// `iat` now, as for fresh tokens).
    #[napi(js_name = "ClockDrift")]
    pub clock_drift: Option<f64>,
}

/// `data[field]` of a token constructor's `{ IdToken }` / `{ AccessToken }` /
/// `{ RefreshToken }`, as a string (`None` when absent).
fn token_field(data: Option<Unknown<'_>>, field: &str) -> Result<Option<Zeroizing<String>>> {
    let Some(data) = data.filter(|data| {
        !matches!(
            data.get_type(),
            Ok(napi::ValueType::Undefined | napi::ValueType::Null)
        )
    }) else {
        return Ok(None);
    };
    let object: napi::bindgen_prelude::Object<'_> =
        input::value(data, "an object").map_err(|_| {
            Error::InvalidInput(format!(
                "data must be {{ {field} }}, got {}",
                describe(&data)
            ))
        })?;
    let value: Option<Unknown<'_>> = object
        .get(field)
        .map_err(|_| Error::InvalidInput(format!("data.{field} cannot be read")))?;
    value
        .filter(|value| {
            !matches!(
                value.get_type(),
                Ok(napi::ValueType::Undefined | napi::ValueType::Null)
            )
        })
        .map(|value| {
            input::field::<String>(value, &format!("data.{field}"), "a string").map(Zeroizing::new)
        })
        .transpose()
}

/// The tokens of a signed-in user: what `authenticateUser`, `sendMFACode` and
/// `refreshSession` give (amazon-cognito-identity-js's `CognitoUserSession`).
///
/// @example
/// ```js
/// const { session } = await user.authenticateUser(details);
/// session.isValid();                            // true
/// session.getIdToken().payload.email;           // 'alice@example.com'
/// const jwt = session.getAccessToken().getJwtToken();
/// ```
#[napi(js_name = "CognitoUserSession")]
pub struct JsUserSession {
    inner: UserSession,
}

impl JsUserSession {
    /// Wraps a core session.
    pub fn new(inner: UserSession) -> Self {
        JsUserSession { inner }
    }

    /// The core session.
    pub(crate) fn core(&self) -> &UserSession {
        &self.inner
    }
}

#[napi]
impl JsUserSession {
    /// A session from tokens obtained earlier (e.g. kept by the application), as in
    /// amazon-cognito-identity-js: `new CognitoUserSession({ IdToken, AccessToken,
    /// RefreshToken?, ClockDrift? })`, the tokens being instances of this package's token
    /// classes. No request is made.
    ///
    /// @throws {Error} `InvalidInputError` if `IdToken` or `AccessToken` is missing or not
    /// such an instance, or `ClockDrift` is not a whole number of seconds.
    #[napi(constructor, catch_unwind)]
    pub fn constructor(
        env: &Env,
        #[napi(ts_arg_type = "CognitoUserSessionData")] data: Unknown<'_>,
    ) -> napi::Result<Self> {
        let read = || -> Result<UserSession> {
            let data: CognitoUserSessionData<'_> = input::options(data, "data")?;
            let id: ClassInstance<'_, JsIdToken> =
                crate::args::instance(data.id_token, "data.IdToken to be a CognitoIdToken")?;
            let access: ClassInstance<'_, JsAccessToken> = crate::args::instance(
                data.access_token,
                "data.AccessToken to be a CognitoAccessToken",
            )?;
            let refresh = data
                .refresh_token
                .filter(|value| value.get_type().ok() != Some(napi::ValueType::Undefined))
                .map(|value| {
                    crate::args::instance::<JsRefreshToken>(
                        value,
                        "data.RefreshToken to be a CognitoRefreshToken",
                    )
                    .map(|token| token.inner.clone())
                })
                .transpose()?
                .flatten();
            let drift = data
                .clock_drift
                .map(|drift| input::seconds(drift, "data.ClockDrift"))
                .transpose()?;
            Ok(UserSession::new(
                id.inner.clone(),
                access.inner.clone(),
                refresh,
                drift,
            ))
        };
        Ok(JsUserSession {
            inner: read().or_throw(env)?,
        })
    }

    /// The ID token: who the user is (its payload holds the user's attributes).
    #[napi(catch_unwind, ts_return_type = "CognitoIdToken")]
    pub fn get_id_token(&self) -> JsIdToken {
        JsIdToken {
            inner: self.inner.id_token().clone(),
        }
    }

    /// The access token: what the user may do (sent to Cognito's user operations).
    #[napi(catch_unwind, ts_return_type = "CognitoAccessToken")]
    pub fn get_access_token(&self) -> JsAccessToken {
        JsAccessToken {
            inner: self.inner.access_token().clone(),
        }
    }

    /// The refresh token. Its `getToken()` is `''` when the service sent none.
    #[napi(catch_unwind, ts_return_type = "CognitoRefreshToken")]
    pub fn get_refresh_token(&self) -> JsRefreshToken {
        JsRefreshToken {
            inner: self.inner.refresh_token().cloned(),
        }
    }

    /// Whether the ID and access tokens are still valid now, by the local clock corrected by
    /// the clock drift measured at sign-in.
    #[napi(catch_unwind)]
    pub fn is_valid(&self) -> bool {
        self.inner.is_valid()
    }

    /// The difference, in seconds, between the local clock and the service's when the tokens
    /// were issued (local minus service).
    #[napi(catch_unwind)]
    pub fn get_clock_drift(&self) -> f64 {
        self.inner.clock_drift() as f64
    }

    /// When the session expires: the earlier of the two tokens' `exp` (unix seconds, the
    /// service's clock).
    #[napi(catch_unwind)]
    pub fn get_expiration(&self) -> f64 {
        self.inner.expiration() as f64
    }
}

/// Implements a JWT class (`CognitoIdToken`, `CognitoAccessToken`) over a core token type.
macro_rules! jwt_class {
    ($wrapper:ident, $core:ty, $js:literal, $what:literal, $field:literal, $data:literal) => {
        #[doc = concat!("The ", $what, " of a `CognitoUserSession` (a JWT), as in amazon-cognito-identity-js.")]
        #[napi(js_name = $js)]
        pub struct $wrapper {
            inner: $core,
        }

        #[napi]
        impl $wrapper {
            #[doc = concat!("A token from its JWT, as in amazon-cognito-identity-js: `new ", $js, "({ ", $field, ": jwt })`.")]
            ///
            /// @throws {Error} `InvalidInputError` if the JWT is missing, not a string, or not
            /// a JWT with numeric `exp` and `iat` claims (its signature is not checked here).
            #[napi(constructor, catch_unwind)]
            pub fn constructor(
                env: &Env,
                #[napi(ts_arg_type = $data)] data: Unknown<'_>,
            ) -> napi::Result<Self> {
                let read = || -> Result<$core> {
                    let jwt = token_field(Some(data), $field)?
                        .ok_or_else(|| Error::InvalidInput(format!("data.{} is missing", $field)))?;
                    <$core>::parse(jwt.as_str()).map_err(|_| {
                        Error::InvalidInput(format!(
                            "data.{} must be a JWT with numeric exp and iat claims",
                            $field
                        ))
                    })
                };
                Ok($wrapper {
                    inner: read().or_throw(env)?,
                })
            }

            /// The token itself (a secret: send it, never log it).
            #[napi(catch_unwind, ts_return_type = "string")]
            pub fn get_jwt_token(&self) -> SecretText {
                SecretText(Zeroizing::new(self.inner.jwt_token().to_owned()))
            }

            /// Its expiry, `exp` (unix seconds).
            #[napi(catch_unwind)]
            pub fn get_expiration(&self) -> f64 {
                self.inner.expiration() as f64
            }

            /// When it was issued, `iat` (unix seconds).
            #[napi(catch_unwind)]
            pub fn get_issued_at(&self) -> f64 {
                self.inner.issued_at() as f64
            }

            /// Its decoded payload: the claims, e.g. `sub`, `exp`, `iat`, `token_use`. The
            /// signature is not verified here (the service's response is trusted, as in
            /// amazon-cognito-identity-js).
            #[napi(catch_unwind, ts_return_type = "Record<string, unknown>")]
            pub fn decode_payload(&self) -> Plain {
                Plain::text(self.inner.claims_json())
            }

            /// The decoded payload, as `decodePayload()` returns it.
            #[napi(getter, catch_unwind, ts_return_type = "Record<string, unknown>")]
            pub fn payload(&self) -> Plain {
                Plain::text(self.inner.claims_json())
            }
        }
    };
}

jwt_class!(
    JsIdToken,
    IdToken,
    "CognitoIdToken",
    "ID token",
    "IdToken",
    "{ IdToken: string }"
);
jwt_class!(
    JsAccessToken,
    AccessToken,
    "CognitoAccessToken",
    "access token",
    "AccessToken",
    "{ AccessToken: string }"
);

/// The refresh token of a `CognitoUserSession` (opaque), as in amazon-cognito-identity-js.
#[napi(js_name = "CognitoRefreshToken")]
pub struct JsRefreshToken {
    inner: Option<RefreshToken>,
}

#[napi]
impl JsRefreshToken {
    /// A refresh token, as in amazon-cognito-identity-js: `new CognitoRefreshToken({
    /// RefreshToken })`; left out or `''`, a token that is none (`getToken()` is `''`).
    ///
    /// @throws {Error} `InvalidInputError` if `RefreshToken` is not a string.
    #[napi(constructor, catch_unwind)]
    pub fn constructor(
        env: &Env,
        #[napi(ts_arg_type = "{ RefreshToken?: string }")] data: Option<Unknown<'_>>,
    ) -> napi::Result<Self> {
        let token = token_field(data, "RefreshToken").or_throw(env)?;
        Ok(JsRefreshToken {
            inner: token
                .filter(|token| !token.is_empty())
                .map(|token| RefreshToken::new(token.as_str())),
        })
    }

    /// The token (a secret), or `''` when the service sent none.
    #[napi(catch_unwind, ts_return_type = "string")]
    pub fn get_token(&self) -> SecretText {
        SecretText(Zeroizing::new(
            self.inner
                .as_ref()
                .map_or_else(String::new, |token| token.token().to_owned()),
        ))
    }
}
