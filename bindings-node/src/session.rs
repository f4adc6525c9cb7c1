//! Bindings of `cognito_mfa::session`: `CognitoUserSession` and its tokens
//! (`CognitoIdToken`, `CognitoAccessToken`, `CognitoRefreshToken`), named and shaped as in
//! amazon-cognito-identity-js.
//!
//! Tokens are secrets: they never show in `console.log`, `util.inspect` or `JSON.stringify`
//! (those show the claims that say who and until when, see `bindings-node/index.js`); read them
//! with `getJwtToken()` / `getToken()`.

use cognito_mfa::{AccessToken, IdToken, RefreshToken, UserSession};
use napi_derive::napi;
use zeroize::Zeroizing;

use crate::secret::SecretText;

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
}

#[napi]
impl JsUserSession {
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
    ($wrapper:ident, $core:ty, $js:literal, $what:literal) => {
        #[doc = concat!("The ", $what, " of a `CognitoUserSession` (a JWT), as in amazon-cognito-identity-js.")]
        #[napi(js_name = $js)]
        pub struct $wrapper {
            inner: $core,
        }

        #[napi]
        impl $wrapper {
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
            pub fn decode_payload(&self) -> serde_json::Map<String, serde_json::Value> {
                self.inner.claims().clone()
            }

            /// The decoded payload, as `decodePayload()` returns it.
            #[napi(getter, catch_unwind, ts_return_type = "Record<string, unknown>")]
            pub fn payload(&self) -> serde_json::Map<String, serde_json::Value> {
                self.inner.claims().clone()
            }
        }
    };
}

jwt_class!(JsIdToken, IdToken, "CognitoIdToken", "ID token");
jwt_class!(
    JsAccessToken,
    AccessToken,
    "CognitoAccessToken",
    "access token"
);

/// The refresh token of a `CognitoUserSession` (opaque), as in amazon-cognito-identity-js.
#[napi(js_name = "CognitoRefreshToken")]
pub struct JsRefreshToken {
    inner: Option<RefreshToken>,
}

#[napi]
impl JsRefreshToken {
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
