//! The configuration of a mock endpoint: settings, the clock, and pools, app clients and users
//! to preload so that a test suite knows their ids in advance.
//!
//! The config file is JSON with `snake_case` keys; every key is optional and unknown keys are
//! refused (a typo must not pass silently). See `docs/mock.md` for a full example.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::MockError;
use crate::settings::Settings;
use crate::state::device::DeviceTracking;
use crate::state::pool::{MfaMode, PasswordPolicy};

/// Everything a mock endpoint starts from (and returns to on `POST /_mock/reset`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MockConfig {
    /// Behaviour settings.
    pub settings: Settings,
    /// The virtual clock at start-up.
    pub clock: ClockConfig,
    /// Pools to create at start-up (and again at each reset).
    pub pools: Vec<PoolSeed>,
}

/// The virtual clock at start-up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClockConfig {
    /// Start at this Unix time instead of real time.
    pub start: Option<u64>,
    /// Keep the clock still; it then moves only through `POST /_mock/clock`.
    pub frozen: bool,
}

/// A pool to preload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PoolSeed {
    /// The pool id, e.g. `us-east-1_TestPool1` (generated when absent).
    pub id: Option<String>,
    /// The pool name.
    pub name: String,
    /// `OFF` (default), `ON` or `OPTIONAL`.
    pub mfa_configuration: MfaMode,
    /// Whether SMS MFA is configured for the pool (default true).
    pub sms_mfa: bool,
    /// Whether software-token (TOTP) MFA is enabled for the pool (default true).
    pub software_token_mfa: bool,
    /// Whether e-mail MFA is enabled for the pool (default false).
    pub email_mfa: bool,
    /// The SMS MFA message; must contain `{####}`.
    pub sms_authentication_message: Option<String>,
    /// The password policy.
    pub password_policy: PasswordPolicy,
    /// `email` and/or `phone_number` to sign in with instead of a user name.
    pub username_attributes: Vec<String>,
    /// `email` and/or `phone_number`, where sign-up codes are sent.
    pub auto_verified_attributes: Vec<String>,
    /// Whether user names are case sensitive (default true, as the API's default).
    pub case_sensitive: bool,
    /// A fixed RSA signing key (PKCS#8 or PKCS#1 PEM), so that the JWKS never changes.
    pub signing_key_pem: Option<String>,
    /// `DeviceConfiguration` (device tracking; off when absent), e.g.
    /// `{"challenge_required_on_new_device": true}`.
    pub device_configuration: Option<DeviceTracking>,
    /// App clients of the pool.
    pub clients: Vec<ClientSeed>,
    /// Users of the pool.
    pub users: Vec<UserSeed>,
}

impl Default for PoolSeed {
    fn default() -> Self {
        PoolSeed {
            id: None,
            name: "pool".to_owned(),
            mfa_configuration: MfaMode::Off,
            sms_mfa: true,
            software_token_mfa: true,
            email_mfa: false,
            sms_authentication_message: None,
            password_policy: PasswordPolicy::default(),
            username_attributes: Vec::new(),
            auto_verified_attributes: Vec::new(),
            case_sensitive: true,
            signing_key_pem: None,
            device_configuration: None,
            clients: Vec::new(),
            users: Vec::new(),
        }
    }
}

/// An app client to preload.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClientSeed {
    /// The client id (generated when absent).
    pub id: Option<String>,
    /// The client name (default `client`).
    pub name: Option<String>,
    /// A fixed client secret (24–64 characters of `[\w+]`).
    pub secret: Option<String>,
    /// Generate a random secret (ignored when `secret` is set).
    pub generate_secret: bool,
    /// `ExplicitAuthFlows`, e.g. `["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH",
    /// "ALLOW_REFRESH_TOKEN_AUTH"]`; empty means SRP, refresh and custom auth.
    pub explicit_auth_flows: Vec<String>,
    /// `ENABLED` or `LEGACY` (default).
    pub prevent_user_existence_errors: Option<String>,
    /// Challenge-session lifetime in minutes (3–15).
    pub auth_session_validity: Option<u32>,
    /// Access-token lifetime in seconds (default 3600).
    pub access_token_validity_seconds: Option<u64>,
    /// ID-token lifetime in seconds (default 3600).
    pub id_token_validity_seconds: Option<u64>,
    /// Refresh-token lifetime in seconds (default 30 days).
    pub refresh_token_validity_seconds: Option<u64>,
}

/// A user to preload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UserSeed {
    /// The user name as `AdminCreateUser` would take it (an e-mail address or phone number in
    /// pools with `username_attributes`).
    pub username: String,
    /// A fixed `sub` (a random UUID when absent); in pools with `username_attributes` it is
    /// also the stored user name.
    pub sub: Option<String>,
    /// The password (none: the user can only be given one by the admin API).
    pub password: Option<String>,
    /// `CONFIRMED` (default), `UNCONFIRMED`, `FORCE_CHANGE_PASSWORD` or `RESET_REQUIRED`.
    pub status: Option<String>,
    /// Attributes, e.g. `{"email": "a@example.com", "phone_number": "+15555550100"}`.
    pub attributes: BTreeMap<String, String>,
    /// Whether the user is enabled (default true).
    pub enabled: bool,
    /// MFA factors and preference.
    pub mfa: UserMfaSeed,
    /// A verified TOTP secret (base32, ≥ 16 characters): the user has a software token.
    pub totp_secret: Option<String>,
}

impl Default for UserSeed {
    fn default() -> Self {
        UserSeed {
            username: String::new(),
            sub: None,
            password: None,
            status: None,
            attributes: BTreeMap::new(),
            enabled: true,
            mfa: UserMfaSeed::default(),
            totp_secret: None,
        }
    }
}

/// A preloaded user's MFA state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UserMfaSeed {
    /// SMS MFA enabled (needs a `phone_number` attribute).
    pub sms: bool,
    /// Software-token MFA enabled (needs `totp_secret`).
    pub software_token: bool,
    /// E-mail MFA enabled (needs an `email` attribute).
    pub email: bool,
    /// `SMS_MFA`, `SOFTWARE_TOKEN_MFA` or `EMAIL_OTP`.
    pub preferred: Option<String>,
}

impl MockConfig {
    /// Parses a configuration from JSON text.
    ///
    /// # Errors
    /// [`MockError::Config`] naming the line and column of a syntax error or the unknown /
    /// mistyped key.
    pub fn from_json(text: &str) -> Result<MockConfig, MockError> {
        let config: MockConfig = serde_json::from_str(text).map_err(MockError::config)?;
        config.settings.validate().map_err(MockError::config)?;
        if config
            .clock
            .start
            .is_some_and(|start| start > crate::clock::MAX_UNIX_SECONDS)
        {
            return Err(MockError::config(format!(
                "clock.start: {}",
                crate::clock::OUT_OF_RANGE
            )));
        }
        Ok(config)
    }

    /// Reads and parses a configuration file.
    ///
    /// # Errors
    /// [`MockError::Config`] when the file cannot be read or is invalid.
    pub fn from_file(path: &Path) -> Result<MockConfig, MockError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| MockError::config(format!("cannot read {}: {e}", path.display())))?;
        MockConfig::from_json(&text).map_err(|e| match e {
            MockError::Config(message) => {
                MockError::config(format!("{}: {message}", path.display()))
            }
            other => other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_object_is_the_default_config() {
        assert_eq!(MockConfig::from_json("{}").unwrap(), MockConfig::default());
    }

    #[test]
    fn a_full_example_parses() {
        let config = MockConfig::from_json(
            r#"{
              "settings": {"max_code_attempts": 3, "totp_replay_refusal": false},
              "clock": {"start": 1700000000, "frozen": true},
              "pools": [{
                "id": "us-east-1_Example1",
                "name": "example",
                "mfa_configuration": "OPTIONAL",
                "clients": [{"id": "exampleclient1", "secret": "abcdefghijklmnopqrstuvwxyz012345",
                             "explicit_auth_flows": ["ALLOW_USER_SRP_AUTH"]}],
                "users": [{"username": "alice", "password": "Passw0rd!",
                           "attributes": {"phone_number": "+15555550100"},
                           "mfa": {"sms": true, "preferred": "SMS_MFA"}}]
              }]
            }"#,
        )
        .unwrap();
        assert_eq!(config.settings.max_code_attempts, 3);
        assert!(config.clock.frozen);
        assert_eq!(config.pools[0].mfa_configuration, MfaMode::Optional);
        assert!(
            config.pools[0].software_token_mfa,
            "pool factors default on"
        );
        assert_eq!(
            config.pools[0].users[0].mfa.preferred.as_deref(),
            Some("SMS_MFA")
        );
    }

    #[test]
    fn the_example_of_the_docs_loads() {
        let docs = include_str!("../../docs/mock.md");
        let start = docs.find("```json\n").unwrap() + "```json\n".len();
        let end = start + docs[start..].find("```").unwrap();
        let config = MockConfig::from_json(&docs[start..end]).unwrap();
        assert_eq!(config.pools[0].clients.len(), 2);
        assert_eq!(
            config.pools[0].users[0].mfa.preferred.as_deref(),
            Some("SOFTWARE_TOKEN_MFA")
        );
        crate::Mock::new(config).unwrap();
    }

    #[test]
    fn a_clock_start_out_of_range_is_refused() {
        let refused = MockConfig::from_json(r#"{"clock": {"start": 253402300800}}"#);
        assert!(refused.is_err_and(|e| e.to_string().contains("clock.start: the clock must stay")));
        assert!(MockConfig::from_json(r#"{"clock": {"start": 253402300799}}"#).is_ok());
    }

    #[test]
    fn typos_are_refused_with_a_location() {
        let err = MockConfig::from_json(r#"{"pools": [{"nmae": "x"}]}"#).unwrap_err();
        assert_eq!(err.code(), "MockConfigError");
        assert!(err.to_string().contains("nmae"), "{err}");
        let err = MockConfig::from_json(r#"{"settings": {"max_code_attempts": 0}}"#).unwrap_err();
        assert!(err.to_string().contains("max_code_attempts"), "{err}");
        let path = std::env::temp_dir().join(format!("mock-config-{}.json", std::process::id()));
        std::fs::write(&path, r#"{"clock": {"frozen": 1}}"#).unwrap();
        let err = MockConfig::from_file(&path).unwrap_err();
        std::fs::remove_file(&path).unwrap();
        let text = err.to_string();
        assert!(text.starts_with("invalid mock configuration: "), "{text}");
        assert_eq!(
            text.matches("invalid mock configuration").count(),
            1,
            "{text}"
        );
        assert!(text.contains("line 1 column"), "{text}");
    }
}
