//! [`UserSession`]: the tokens of a signed-in user, their decoded claims, expiry and the clock
//! drift between this machine and the service.
//!
//! Tokens are secrets: [`IdToken`], [`AccessToken`] and [`RefreshToken`] never print the token
//! in `Debug` and are zeroized on drop. Their claims are decoded (not verified: the signature is
//! for resource servers to check, and the tokens came straight from the service over TLS).
//!
//! ## Clock drift and validity, as amazon-cognito-identity-js computes them
//!
//! When a session is made from fresh tokens, `clock_drift = now − min(access.iat, id.iat)`
//! (local seconds minus the service's issue time). [`UserSession::is_valid`] then corrects the
//! local clock by that drift: the session is valid while `now − clock_drift` is before both
//! tokens' `exp`. A machine whose clock is an hour fast still sees a one-hour token as valid for
//! an hour.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::protocol::{AuthenticationResult, SecretString};

/// Seconds since the Unix epoch by the system clock (0 if the clock is before 1970).
pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A decoded JSON Web Token: the token text (secret) and its payload claims.
#[derive(Clone)]
struct Jwt {
    token: SecretString,
    claims: Map<String, Value>,
    expiration: u64,
    issued_at: u64,
}

impl Jwt {
    /// Decodes the payload (the second of three base64url parts) of `token`; `kind` names the
    /// token in errors (`IdToken`, `AccessToken`).
    fn parse(token: SecretString, kind: &str) -> Result<Jwt> {
        let not_a_jwt = || Error::unexpected(format!("{kind} is not a JSON Web Token"));
        let mut parts = token.expose().split('.');
        let (Some(_header), Some(payload), Some(_signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(not_a_jwt());
        };
        let bytes = URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .map_err(|_| not_a_jwt())?;
        let claims: Map<String, Value> = serde_json::from_slice(&bytes).map_err(|_| not_a_jwt())?;
        let number = |name: &str| {
            claims.get(name).and_then(Value::as_u64).ok_or_else(|| {
                Error::unexpected(format!("{kind}: missing or non-numeric claim `{name}`"))
            })
        };
        let expiration = number("exp")?;
        let issued_at = number("iat")?;
        Ok(Jwt {
            token,
            claims,
            expiration,
            issued_at,
        })
    }
}

macro_rules! jwt_token_type {
    ($name:ident, $wire:literal, $what:literal) => {
        #[doc = concat!("The ", $what, " (a JWT): the token text, redacted in `Debug` and zeroized on drop, and its decoded claims.")]
        #[derive(Clone)]
        pub struct $name(Jwt);

        impl $name {
            #[doc = concat!("Decodes a raw ", $what, ".")]
            ///
            /// # Errors
            /// [`Error::UnexpectedResponse`] when the text is not a JWT whose payload is a JSON
            /// object with numeric `exp` and `iat` claims.
            pub fn parse(token: impl Into<String>) -> Result<Self> {
                Jwt::parse(SecretString::new(token.into()), $wire).map($name)
            }

            /// The token text, to send to an API (a secret).
            pub fn jwt_token(&self) -> &str {
                self.0.token.expose()
            }

            /// The `exp` claim: when the token expires (Unix seconds, service clock).
            pub fn expiration(&self) -> u64 {
                self.0.expiration
            }

            /// The `iat` claim: when the token was issued (Unix seconds, service clock).
            pub fn issued_at(&self) -> u64 {
                self.0.issued_at
            }

            /// One claim of the payload, e.g. `sub`, `cognito:username`, `token_use`.
            pub fn claim(&self, name: &str) -> Option<&serde_json::Value> {
                self.0.claims.get(name)
            }

            /// A string claim, e.g. `claim_str("sub")`.
            pub fn claim_str(&self, name: &str) -> Option<&str> {
                self.claim(name).and_then(serde_json::Value::as_str)
            }

            /// Every claim of the payload.
            pub fn claims(&self) -> &serde_json::Map<String, serde_json::Value> {
                &self.0.claims
            }

            /// The payload as JSON text (for bindings that hand it to another language).
            pub fn claims_json(&self) -> String {
                // Cannot fail (string keys, a `String` out); the copy is a panic-free fallback.
                serde_json::to_string(&self.0.claims)
                    .unwrap_or_else(|_| serde_json::Value::Object(self.0.claims.clone()).to_string())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("token", &"<redacted>")
                    .field("iat", &self.0.issued_at)
                    .field("exp", &self.0.expiration)
                    .finish()
            }
        }
    };
}

jwt_token_type!(IdToken, "IdToken", "ID token");
jwt_token_type!(AccessToken, "AccessToken", "access token");

/// The refresh token: opaque, redacted in `Debug`, zeroized on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct RefreshToken(SecretString);

impl RefreshToken {
    /// Wraps a refresh token.
    pub fn new(token: impl Into<String>) -> Self {
        RefreshToken(SecretString::new(token.into()))
    }

    /// The token text (a secret).
    pub fn token(&self) -> &str {
        self.0.expose()
    }
}

impl fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RefreshToken(<redacted>)")
    }
}

/// The tokens of a signed-in user, like amazon-cognito-identity-js's `CognitoUserSession`.
#[derive(Clone, Debug)]
pub struct UserSession {
    id_token: IdToken,
    access_token: AccessToken,
    refresh_token: Option<RefreshToken>,
    clock_drift: i64,
}

impl UserSession {
    /// A session from decoded tokens. `clock_drift` is the local clock minus the service's, in
    /// seconds; `None` computes it now from the tokens' `iat` (as for fresh tokens).
    pub fn new(
        id_token: IdToken,
        access_token: AccessToken,
        refresh_token: Option<RefreshToken>,
        clock_drift: Option<i64>,
    ) -> Self {
        let clock_drift =
            clock_drift.unwrap_or_else(|| Self::drift_at(&id_token, &access_token, unix_now()));
        UserSession {
            id_token,
            access_token,
            refresh_token,
            clock_drift,
        }
    }

    /// A session from raw token texts, e.g. restored from storage.
    ///
    /// # Errors
    /// [`Error::UnexpectedResponse`] when the ID or access token is not a JWT with numeric
    /// `exp` and `iat` claims.
    pub fn from_tokens(
        id_token: &str,
        access_token: &str,
        refresh_token: Option<&str>,
        clock_drift: Option<i64>,
    ) -> Result<Self> {
        Ok(Self::new(
            IdToken::parse(id_token)?,
            AccessToken::parse(access_token)?,
            refresh_token.map(RefreshToken::new),
            clock_drift,
        ))
    }

    /// A session from an `AuthenticationResult` received at `now` (Unix seconds). A refresh
    /// result has no refresh token: `previous_refresh` is kept then.
    pub(crate) fn from_result(
        result: AuthenticationResult,
        previous_refresh: Option<RefreshToken>,
        now: u64,
    ) -> Result<Self> {
        let AuthenticationResult {
            access_token,
            id_token,
            refresh_token,
            ..
        } = result;
        let id_token = IdToken(Jwt::parse(id_token, "IdToken")?);
        let access_token = AccessToken(Jwt::parse(access_token, "AccessToken")?);
        let clock_drift = Self::drift_at(&id_token, &access_token, now);
        Ok(UserSession {
            id_token,
            access_token,
            refresh_token: refresh_token.map(RefreshToken).or(previous_refresh),
            clock_drift,
        })
    }

    /// `now − min(access.iat, id.iat)`, saturating.
    fn drift_at(id_token: &IdToken, access_token: &AccessToken, now: u64) -> i64 {
        let issued = id_token.issued_at().min(access_token.issued_at());
        let now = i64::try_from(now).unwrap_or(i64::MAX);
        let issued = i64::try_from(issued).unwrap_or(i64::MAX);
        now.saturating_sub(issued)
    }

    /// The ID token.
    pub fn id_token(&self) -> &IdToken {
        &self.id_token
    }

    /// The access token.
    pub fn access_token(&self) -> &AccessToken {
        &self.access_token
    }

    /// The refresh token, when the service issued one.
    pub fn refresh_token(&self) -> Option<&RefreshToken> {
        self.refresh_token.as_ref()
    }

    /// Local clock minus the service's clock, in seconds, as computed when the tokens arrived.
    pub fn clock_drift(&self) -> i64 {
        self.clock_drift
    }

    /// When the session stops being valid: the earlier `exp` of the two tokens (service clock).
    pub fn expiration(&self) -> u64 {
        self.id_token
            .expiration()
            .min(self.access_token.expiration())
    }

    /// True while both tokens are unexpired by the local clock corrected for the drift.
    pub fn is_valid(&self) -> bool {
        self.is_valid_at(unix_now())
    }

    /// [`UserSession::is_valid`] at the given local time (Unix seconds).
    pub fn is_valid_at(&self, now: u64) -> bool {
        let adjusted = i128::from(now) - i128::from(self.clock_drift);
        adjusted < i128::from(self.access_token.expiration())
            && adjusted < i128::from(self.id_token.expiration())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An unsigned JWT with the given payload (for tests).
    pub(crate) fn jwt(payload: &str) -> String {
        format!(
            "{}.{}.c2ln",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(payload.as_bytes())
        )
    }

    fn result(
        id_iat: u64,
        access_iat: u64,
        exp: u64,
        refresh: Option<&str>,
    ) -> AuthenticationResult {
        AuthenticationResult {
            access_token: jwt(&format!(
                r#"{{"token_use":"access","iat":{access_iat},"exp":{exp},"username":"alice"}}"#
            ))
            .into(),
            id_token: jwt(&format!(
                r#"{{"token_use":"id","iat":{id_iat},"exp":{exp},"cognito:username":"alice","email":"a@example.com"}}"#
            ))
            .into(),
            refresh_token: refresh.map(SecretString::from),
            expires_in: Some(3600),
            token_type: Some("Bearer".into()),
            new_device_metadata: None,
        }
    }

    #[test]
    fn claims_are_decoded() {
        let session = UserSession::from_result(result(1000, 1000, 4600, Some("r")), None, 1000);
        let session = session.ok();
        let id = session.as_ref().map(UserSession::id_token);
        assert_eq!(id.and_then(|t| t.claim_str("email")), Some("a@example.com"));
        assert_eq!(id.map(IdToken::expiration), Some(4600));
        assert_eq!(
            session
                .as_ref()
                .map(|s| s.access_token().claim_str("token_use")),
            Some(Some("access"))
        );
        assert_eq!(
            session
                .as_ref()
                .and_then(|s| s.refresh_token())
                .map(RefreshToken::token),
            Some("r")
        );
    }

    #[test]
    fn drift_is_now_minus_the_earliest_issue_time() {
        // Local clock 100 s ahead of the service's (identity-js: now - min(iat)).
        let session = UserSession::from_result(result(1000, 990, 4600, None), None, 1090);
        let session = session.ok();
        assert_eq!(session.as_ref().map(UserSession::clock_drift), Some(100));
        // Valid until the local clock, corrected by 100 s, reaches exp.
        assert_eq!(session.as_ref().map(|s| s.is_valid_at(4699)), Some(true));
        assert_eq!(session.as_ref().map(|s| s.is_valid_at(4700)), Some(false));
        assert_eq!(session.as_ref().map(UserSession::expiration), Some(4600));
    }

    #[test]
    fn a_slow_clock_gives_a_negative_drift() {
        let session = UserSession::from_result(result(5000, 5000, 8600, None), None, 4000).ok();
        assert_eq!(session.as_ref().map(UserSession::clock_drift), Some(-1000));
        assert_eq!(session.as_ref().map(|s| s.is_valid_at(7599)), Some(true));
        assert_eq!(session.as_ref().map(|s| s.is_valid_at(7600)), Some(false));
    }

    #[test]
    fn a_refresh_keeps_the_previous_refresh_token() {
        let previous = RefreshToken::new("old");
        let session =
            UserSession::from_result(result(1, 1, 3601, None), Some(previous.clone()), 1).ok();
        assert_eq!(
            session.and_then(|s| s.refresh_token().cloned()),
            Some(previous)
        );
    }

    #[test]
    fn tokens_never_print() {
        let session = UserSession::from_result(result(1, 1, 3601, Some("refresh-me")), None, 1);
        let text = format!("{session:?}");
        assert!(!text.contains("refresh-me"), "{text}");
        assert!(!text.contains("eyJ"), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
    }

    #[test]
    fn malformed_tokens_are_unexpected_responses() {
        let cases = [
            ("not-a-jwt".to_owned(), "IdToken is not a JSON Web Token"),
            ("a.b.c.d".to_owned(), "IdToken is not a JSON Web Token"),
            (jwt("[1,2]"), "IdToken is not a JSON Web Token"),
            (
                jwt(r#"{"iat":1}"#),
                "IdToken: missing or non-numeric claim `exp`",
            ),
            (
                jwt(r#"{"iat":"1","exp":2}"#),
                "IdToken: missing or non-numeric claim `iat`",
            ),
        ];
        for (token, message) in cases {
            let err = IdToken::parse(token).err();
            assert_eq!(
                err.map(|e| (e.code().to_owned(), e.to_string())),
                Some((
                    "UnexpectedResponseError".to_owned(),
                    format!("unexpected response: {message}")
                ))
            );
        }
    }

    #[test]
    fn restoring_from_raw_tokens_with_a_known_drift() {
        let id = jwt(r#"{"iat":10,"exp":20}"#);
        let access = jwt(r#"{"iat":10,"exp":30}"#);
        let session = UserSession::from_tokens(&id, &access, Some("r"), Some(5)).ok();
        assert_eq!(session.as_ref().map(UserSession::clock_drift), Some(5));
        assert_eq!(session.as_ref().map(|s| s.is_valid_at(24)), Some(true));
        assert_eq!(session.as_ref().map(|s| s.is_valid_at(25)), Some(false));
        assert_eq!(
            session.map(|s| s.id_token().jwt_token().to_owned()),
            Some(id)
        );
    }
}
