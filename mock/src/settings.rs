//! The behaviour settings of a mock endpoint: where Cognito's documentation leaves the
//! behaviour open (the attempt cap, TOTP replay, timestamp tolerance, token issuer...), the
//! mock makes its choice a documented setting.

use serde::{Deserialize, Serialize};

/// How the `iss` claim of issued tokens is formed.
///
/// On AWS, `iss` is the endpoint's URL plus the pool id, and the JWKS is at
/// `{iss}/.well-known/jwks.json`. The default keeps that relation true for the mock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenIssuer {
    /// `{endpoint}/{userPoolId}` (e.g. `http://127.0.0.1:9229/us-east-1_AbC`), so that
    /// verifiers that derive the issuer from the endpoint (pycognito with `endpoint_url`) or
    /// fetch `{iss}/.well-known/jwks.json` work against the mock (default). Falls back to
    /// `Aws` when the mock is used in-process without an HTTP server.
    #[default]
    Endpoint,
    /// `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`, the AWS value itself, for
    /// verifiers that hard-code it (give them the mock's JWKS explicitly).
    Aws,
    /// `https://issuer-cognito-idp.{region}.amazonaws.com/{userPoolId}`, the issuer domain
    /// Cognito introduced in 2026 beside the original one (`"aws_issuer"` in the config
    /// file), for testing that a verifier accepts both (give it the mock's JWKS explicitly).
    #[serde(rename = "aws_issuer")]
    AwsIssuer,
}

/// Where the RSA keys that sign a pool's tokens come from (pools given a `signing_key_pem` in
/// the config file always use that key).
///
/// In the config file: `"per_pool"` or `"shared"`; any other value is refused with a message
/// naming `settings.signing_keys`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", try_from = "String")]
pub enum SigningKeys {
    /// Each pool gets its own freshly generated key of `rsa_key_bits` bits, on first use, as
    /// on AWS (default). Costs one RSA key generation per pool (tens of milliseconds).
    #[default]
    PerPool,
    /// One RSA-2048 key, generated once per process on first use, signs for every pool of
    /// every [`crate::Mock`] in the process; each pool still has a `kid` of its own, so its
    /// JWKS differs from every other pool's and it refuses tokens signed under another pool's
    /// `kid`. Makes creating many pools (a fresh mock per test) cheap, at the cost of key
    /// isolation between pools: anything holding the process's key could sign for any pool.
    /// Needs `rsa_key_bits` 2048.
    Shared,
}

impl TryFrom<String> for SigningKeys {
    type Error = String;

    /// Parses the config file's value: `"per_pool"` or `"shared"`.
    ///
    /// # Errors
    /// A message naming `settings.signing_keys` and the accepted values.
    fn try_from(value: String) -> Result<SigningKeys, String> {
        match value.as_str() {
            "per_pool" => Ok(SigningKeys::PerPool),
            "shared" => Ok(SigningKeys::Shared),
            _ => Err(format!(
                "settings.signing_keys must be \"per_pool\" or \"shared\", not {value:?}"
            )),
        }
    }
}

/// One access key the mock accepts when it verifies SigV4 ([`SigV4Settings`]). `Debug` and
/// serialization never show the secret key or the session token.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigV4Credential {
    /// The access key id (`AKID...`).
    pub access_key_id: String,
    /// Its secret access key.
    pub secret_access_key: String,
    /// For temporary credentials: the session token requests must carry in
    /// `X-Amz-Security-Token`.
    #[serde(default)]
    pub session_token: Option<String>,
}

impl SigV4Credential {
    /// A long-term key (no session token).
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        SigV4Credential {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: None,
        }
    }

    /// Parses `AKID:SECRET` or `AKID:SECRET:SESSION_TOKEN` (the CLI's `--sigv4-credentials`).
    ///
    /// # Errors
    /// A message that never holds the secret.
    pub fn parse(text: &str) -> Result<SigV4Credential, String> {
        let mut parts = text.splitn(3, ':');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(id), Some(secret), token) if !id.is_empty() && !secret.is_empty() => {
                Ok(SigV4Credential {
                    access_key_id: id.to_owned(),
                    secret_access_key: secret.to_owned(),
                    session_token: token.filter(|t| !t.is_empty()).map(str::to_owned),
                })
            }
            _ => Err(
                "SigV4 credentials must be ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]".into(),
            ),
        }
    }
}

impl std::fmt::Debug for SigV4Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigV4Credential")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl Serialize for SigV4Credential {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("SigV4Credential", 3)?;
        state.serialize_field("access_key_id", &self.access_key_id)?;
        state.serialize_field("secret_access_key", "<redacted>")?;
        state.serialize_field(
            "session_token",
            &self.session_token.as_ref().map(|_| "<redacted>"),
        )?;
        state.end()
    }
}

/// SigV4 verification of the admin operations (`settings.sigv4`; off when absent). When on,
/// every operation that AWS authorizes with IAM (the `Admin*` operations, pool and app-client
/// management, `ListUsers`) must be signed for service `cognito-idp` in the pool's region by
/// one of `credentials`; the user-side operations (authorized by tokens or by nothing) are
/// accepted signed or not, as on AWS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigV4Settings {
    /// The keys accepted.
    pub credentials: Vec<SigV4Credential>,
    /// Largest accepted distance in seconds between `X-Amz-Date` and the virtual clock
    /// (default 300, AWS's five minutes).
    #[serde(default = "default_max_skew")]
    pub max_skew_seconds: u64,
}

const fn default_max_skew() -> u64 {
    300
}

impl SigV4Settings {
    /// Verification with these keys and AWS's five minutes of clock skew.
    pub fn new(credentials: Vec<SigV4Credential>) -> Self {
        SigV4Settings {
            credentials,
            max_skew_seconds: default_max_skew(),
        }
    }
}

/// Behaviour settings (all optional in the config file; the defaults are listed per field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Wrong MFA codes accepted on one challenge session; the session is invalidated by the
    /// wrong code that reaches this number (default 5).
    pub max_code_attempts: u32,
    /// Refuse a TOTP code whose time step is not later than the last step accepted for the
    /// user, as RFC 6238 §5.2 asks (default `true`).
    pub totp_replay_refusal: bool,
    /// TOTP time steps accepted on either side of the current one (default 1, i.e. ±30 s).
    pub totp_window_steps: u64,
    /// Challenge-session lifetime in minutes for app clients created without
    /// `AuthSessionValidity` (default 3, as AWS).
    pub default_auth_session_validity_minutes: u32,
    /// Lifetime of an SMS or e-mail MFA code in seconds (default 180).
    pub mfa_code_validity_seconds: u64,
    /// Lifetime of a sign-up confirmation code in seconds (default 86400).
    pub confirmation_code_validity_seconds: u64,
    /// Largest accepted distance in seconds between an SRP `TIMESTAMP` and the virtual clock;
    /// `null` (the default) checks only the format, so tests may move the clock freely.
    pub srp_timestamp_tolerance_seconds: Option<u64>,
    /// How the `iss` claim is formed (default `"endpoint"`).
    pub token_issuer: TokenIssuer,
    /// Region of pools created without an explicit id (default `us-east-1`).
    pub region: String,
    /// Size in bits of the RSA key generated for each pool (default 2048; 2048–4096).
    pub rsa_key_bits: usize,
    /// Whether each pool generates its own signing key or all pools of the process share one
    /// (default `"per_pool"`).
    pub signing_keys: SigningKeys,
    /// SigV4 verification of the admin operations (default: off, any signature or none is
    /// accepted).
    pub sigv4: Option<SigV4Settings>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_code_attempts: 5,
            totp_replay_refusal: true,
            totp_window_steps: 1,
            default_auth_session_validity_minutes: 3,
            mfa_code_validity_seconds: 180,
            confirmation_code_validity_seconds: 86_400,
            srp_timestamp_tolerance_seconds: None,
            token_issuer: TokenIssuer::Endpoint,
            region: "us-east-1".to_owned(),
            rsa_key_bits: 2048,
            signing_keys: SigningKeys::PerPool,
            sigv4: None,
        }
    }
}

impl Settings {
    /// Checks the ranges of the settings.
    ///
    /// # Errors
    /// A message naming the first setting out of range.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.max_code_attempts == 0 {
            return Err("settings.max_code_attempts must be at least 1".into());
        }
        if self.totp_window_steps > 10 {
            return Err("settings.totp_window_steps must be at most 10".into());
        }
        if !(3..=15).contains(&self.default_auth_session_validity_minutes) {
            return Err("settings.default_auth_session_validity_minutes must be 3 to 15".into());
        }
        if self.mfa_code_validity_seconds == 0 || self.confirmation_code_validity_seconds == 0 {
            return Err("code validity settings must be at least 1 second".into());
        }
        if !(2048..=4096).contains(&self.rsa_key_bits) {
            return Err("settings.rsa_key_bits must be 2048 to 4096".into());
        }
        if self.signing_keys == SigningKeys::Shared && self.rsa_key_bits != 2048 {
            return Err(
                "settings.signing_keys \"shared\" uses one RSA-2048 key: settings.rsa_key_bits must be 2048".into(),
            );
        }
        let region_ok = !self.region.is_empty()
            && self
                .region
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !region_ok {
            return Err("settings.region must be letters, digits and '-'".into());
        }
        if let Some(sigv4) = &self.sigv4 {
            if sigv4.credentials.is_empty() {
                return Err("settings.sigv4.credentials must list at least one key".into());
            }
            if sigv4
                .credentials
                .iter()
                .any(|c| c.access_key_id.is_empty() || c.secret_access_key.is_empty())
            {
                return Err("settings.sigv4.credentials: empty access key id or secret".into());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_documented_ones() {
        let s = Settings::default();
        assert_eq!(s.max_code_attempts, 5);
        assert!(s.totp_replay_refusal);
        assert_eq!(s.default_auth_session_validity_minutes, 3);
        assert_eq!(s.mfa_code_validity_seconds, 180);
        assert_eq!(s.signing_keys, SigningKeys::PerPool);
        assert_eq!(s.validate(), Ok(()));
    }

    #[test]
    fn out_of_range_settings_are_named() {
        let s = Settings {
            default_auth_session_validity_minutes: 2,
            ..Settings::default()
        };
        let message = s.validate().unwrap_err();
        assert!(message.contains("default_auth_session_validity_minutes"));
        let s: Result<Settings, _> = serde_json::from_str(r#"{"max_code_atempts": 3}"#);
        assert!(s.is_err(), "unknown setting names are refused");
    }

    #[test]
    fn signing_keys_parse_and_unknown_values_name_the_setting() {
        let s: Settings = serde_json::from_str(r#"{"signing_keys": "shared"}"#).unwrap();
        assert_eq!(s.signing_keys, SigningKeys::Shared);
        let s: Settings = serde_json::from_str(r#"{"signing_keys": "per_pool"}"#).unwrap();
        assert_eq!(s.signing_keys, SigningKeys::PerPool);
        assert_eq!(
            serde_json::to_value(SigningKeys::Shared).unwrap(),
            serde_json::json!("shared")
        );
        for bad in ["sharde", "PerPool", "per-pool"] {
            let text = format!(r#"{{"signing_keys": "{bad}"}}"#);
            let err = serde_json::from_str::<Settings>(&text).unwrap_err();
            let text = err.to_string();
            assert!(text.contains("settings.signing_keys"), "{text}");
            assert!(text.contains(bad), "{text}");
        }
        let s = Settings {
            signing_keys: SigningKeys::Shared,
            rsa_key_bits: 4096,
            ..Settings::default()
        };
        let message = s.validate().unwrap_err();
        assert!(message.contains("signing_keys"), "{message}");
        assert!(message.contains("rsa_key_bits"), "{message}");
    }
}
