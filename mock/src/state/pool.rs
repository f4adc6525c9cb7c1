//! User pools, their configuration, their users and their app clients.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use cognito_mfa::protocol::auth::other_flows;
use cognito_mfa::protocol::{AuthFlow, MfaType, SecretString, ids};
use parking_lot::{Mutex, RwLock};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::device::DeviceTracking;
use super::user::User;
use crate::error::{ServiceError, codes};
use crate::jwt::{KeySource, PoolKey};

/// Why [`Pool::insert_user`] refused a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UserExists {
    /// Another user has the same user name.
    Name,
    /// Another user has the same alias (e-mail address or phone number).
    Alias,
}

impl UserExists {
    /// The message Cognito's AdminCreateUser gives for this case.
    pub(crate) fn message(self) -> &'static str {
        match self {
            UserExists::Name => "User account already exists",
            UserExists::Alias => "An account with the given email already exists.",
        }
    }
}

impl From<UserExists> for ServiceError {
    /// `UsernameExistsException` with [`UserExists::message`].
    fn from(exists: UserExists) -> Self {
        ServiceError::new(codes::USERNAME_EXISTS, exists.message())
    }
}

/// A pool's `MfaConfiguration`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum MfaMode {
    /// No MFA challenge; users cannot enable a factor.
    #[default]
    #[serde(rename = "OFF")]
    Off,
    /// Every user must use a factor (`MFA_SETUP` for users without one).
    #[serde(rename = "ON")]
    On,
    /// Users with an enabled factor are challenged.
    #[serde(rename = "OPTIONAL")]
    Optional,
}

impl MfaMode {
    /// The wire name: `OFF`, `ON` or `OPTIONAL`.
    pub fn as_str(self) -> &'static str {
        match self {
            MfaMode::Off => "OFF",
            MfaMode::On => "ON",
            MfaMode::Optional => "OPTIONAL",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<MfaMode> {
        match text {
            "OFF" => Some(MfaMode::Off),
            "ON" => Some(MfaMode::On),
            "OPTIONAL" => Some(MfaMode::Optional),
            _ => None,
        }
    }
}

/// A pool's password policy (Cognito's defaults: 8 characters, upper, lower, digit, symbol).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PasswordPolicy {
    /// Minimum length (6–99, default 8).
    pub minimum_length: u32,
    /// Needs an upper-case letter (default true).
    pub require_uppercase: bool,
    /// Needs a lower-case letter (default true).
    pub require_lowercase: bool,
    /// Needs a digit (default true).
    pub require_numbers: bool,
    /// Needs one of Cognito's symbols (default true).
    pub require_symbols: bool,
    /// Days a temporary password stays valid (default 7).
    pub temporary_password_validity_days: u32,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
            temporary_password_validity_days: 7,
        }
    }
}

/// The characters Cognito counts as symbols in a password.
const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

impl PasswordPolicy {
    /// Checks a password against the policy.
    ///
    /// # Errors
    /// `InvalidPasswordException` naming the first rule broken.
    pub(crate) fn check(&self, password: &str) -> Result<(), ServiceError> {
        let fail = |why: &str| {
            Err(ServiceError::new(
                codes::INVALID_PASSWORD,
                format!("Password did not conform with policy: {why}"),
            ))
        };
        let length = u32::try_from(password.chars().count()).unwrap_or(u32::MAX);
        if length < self.minimum_length {
            return fail("Password not long enough");
        }
        if self.require_uppercase && !password.chars().any(|c| c.is_uppercase()) {
            return fail("Password must have uppercase characters");
        }
        if self.require_lowercase && !password.chars().any(|c| c.is_lowercase()) {
            return fail("Password must have lowercase characters");
        }
        if self.require_numbers && !password.chars().any(|c| c.is_ascii_digit()) {
            return fail("Password must have numeric characters");
        }
        if self.require_symbols && !password.chars().any(|c| SYMBOLS.contains(c)) {
            return fail("Password must have symbol characters");
        }
        Ok(())
    }

    pub(crate) fn to_json(&self) -> Value {
        json!({
            "MinimumLength": self.minimum_length,
            "RequireUppercase": self.require_uppercase,
            "RequireLowercase": self.require_lowercase,
            "RequireNumbers": self.require_numbers,
            "RequireSymbols": self.require_symbols,
            "TemporaryPasswordValidityDays": self.temporary_password_validity_days,
        })
    }
}

/// The mutable configuration of a pool.
#[derive(Debug, Clone)]
pub(crate) struct PoolConfig {
    pub(crate) mfa: MfaMode,
    pub(crate) sms_mfa: bool,
    pub(crate) software_token_mfa: bool,
    pub(crate) email_mfa: bool,
    pub(crate) sms_authentication_message: String,
    pub(crate) sms_configuration: Option<Value>,
    pub(crate) email_mfa_message: String,
    pub(crate) email_mfa_subject: String,
    pub(crate) password_policy: PasswordPolicy,
    pub(crate) auto_verified_attributes: Vec<String>,
    pub(crate) username_attributes: Vec<String>,
    pub(crate) sms_verification_message: String,
    pub(crate) email_verification_message: String,
    pub(crate) email_verification_subject: String,
    pub(crate) tags: Map<String, Value>,
    /// `DeviceConfiguration`: device tracking is on when set.
    pub(crate) devices: Option<DeviceTracking>,
    pub(crate) last_modified: u64,
}

impl PoolConfig {
    /// Whether the pool offers the factor `kind`.
    pub(crate) fn offers(&self, kind: MfaType) -> bool {
        match kind {
            MfaType::SmsMfa => self.sms_mfa,
            MfaType::SoftwareTokenMfa => self.software_token_mfa,
            MfaType::EmailOtp => self.email_mfa,
            // A factor the mock does not know is never offered.
            _ => false,
        }
    }

    /// The factors the pool offers, in Cognito's order ([`MfaType::ALL`]).
    pub(crate) fn offered_factors(&self) -> Vec<MfaType> {
        MfaType::ALL
            .into_iter()
            .filter(|kind| self.offers(*kind))
            .collect()
    }
}

impl Default for PoolConfig {
    fn default() -> Self {
        PoolConfig {
            mfa: MfaMode::Off,
            sms_mfa: false,
            software_token_mfa: false,
            email_mfa: false,
            sms_authentication_message: "Your authentication code is {####}. ".to_owned(),
            sms_configuration: None,
            email_mfa_message: "Your authentication code is {####}. ".to_owned(),
            email_mfa_subject: "Your authentication code".to_owned(),
            password_policy: PasswordPolicy::default(),
            auto_verified_attributes: Vec::new(),
            username_attributes: Vec::new(),
            sms_verification_message: "Your verification code is {####}. ".to_owned(),
            email_verification_message: "Your verification code is {####}. ".to_owned(),
            email_verification_subject: "Your verification code".to_owned(),
            tags: Map::new(),
            devices: None,
            last_modified: 0,
        }
    }
}

/// The users of a pool, by (normalized) user name, plus the sign-in aliases of pools whose
/// `UsernameAttributes` are `email` / `phone_number`.
#[derive(Debug, Default)]
pub(crate) struct Users {
    pub(crate) by_name: BTreeMap<String, Arc<Mutex<User>>>,
    pub(crate) by_alias: HashMap<String, String>,
}

/// A user pool.
#[derive(Debug)]
pub(crate) struct Pool {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) region: String,
    pub(crate) created: u64,
    pub(crate) case_sensitive: bool,
    pub(crate) config: RwLock<PoolConfig>,
    pub(crate) users: RwLock<Users>,
    pub(crate) clients: RwLock<BTreeSet<String>>,
    /// The signing key, made on first use unless given in the config file.
    pub(crate) key: tokio::sync::OnceCell<Arc<PoolKey>>,
    /// Where the key comes from when it is made.
    pub(crate) key_source: KeySource,
}

impl Pool {
    /// A new empty pool.
    pub(crate) fn new(
        id: String,
        name: String,
        created: u64,
        case_sensitive: bool,
        config: PoolConfig,
        key: Option<PoolKey>,
        key_source: KeySource,
    ) -> Pool {
        let region = id
            .rsplit_once('_')
            .map(|(r, _)| r.to_owned())
            .unwrap_or_default();
        Pool {
            id,
            name,
            region,
            created,
            case_sensitive,
            config: RwLock::new(config),
            users: RwLock::new(Users::default()),
            clients: RwLock::new(BTreeSet::new()),
            key: tokio::sync::OnceCell::new_with(key.map(Arc::new)),
            key_source,
        }
    }

    /// The stored user name of a new user created as `given`, and the attribute `given`
    /// stands for in pools whose `UsernameAttributes` are `email` / `phone_number` (the
    /// stored name is then the user's `sub`).
    ///
    /// # Errors
    /// `InvalidParameterException` when `given` is not an e-mail address / phone number in
    /// such a pool.
    pub(crate) fn new_user_identity(
        &self,
        given: &str,
        sub: &str,
    ) -> Result<(String, Option<(String, String)>), ServiceError> {
        let attrs = self.config.read().username_attributes.clone();
        if attrs.is_empty() {
            return Ok((given.to_owned(), None));
        }
        let has = |a: &str| attrs.iter().any(|x| x == a);
        if has("email") && given.contains('@') {
            return Ok((sub.to_owned(), Some(("email".into(), given.to_owned()))));
        }
        if has("phone_number") && given.starts_with('+') {
            return Ok((
                sub.to_owned(),
                Some(("phone_number".into(), given.to_owned())),
            ));
        }
        Err(ServiceError::invalid_parameter(if has("email") {
            "Username should be an email."
        } else {
            "Username should be a phone number."
        }))
    }

    /// Adds a user (and its aliases).
    ///
    /// # Errors
    /// [`UserExists`] saying whether the name or an alias is taken (each operation words
    /// its `UsernameExistsException` in its own way).
    pub(crate) fn insert_user(&self, user: User) -> Result<Arc<Mutex<User>>, UserExists> {
        let key = self.name_key(&user.username);
        let aliases = self.aliases_of(&user);
        let mut users = self.users.write();
        if users.by_name.contains_key(&key) {
            return Err(UserExists::Name);
        }
        if aliases.iter().any(|a| users.by_alias.contains_key(a)) {
            return Err(UserExists::Alias);
        }
        for alias in aliases {
            users.by_alias.insert(alias, key.clone());
        }
        let user = Arc::new(Mutex::new(user));
        users.by_name.insert(key, Arc::clone(&user));
        Ok(user)
    }

    /// Removes a user and its aliases; returns whether it existed.
    pub(crate) fn remove_user(&self, username: &str) -> bool {
        let key = self.name_key(username);
        let mut users = self.users.write();
        let removed = users.by_name.remove(&key).is_some();
        users.by_alias.retain(|_, owner| *owner != key);
        removed
    }

    /// The pool name used by SRP: the part of the id after the last `_`.
    pub(crate) fn srp_name(&self) -> &str {
        ids::split_user_pool_id(&self.id).map_or(self.id.as_str(), |(_, name)| name)
    }

    /// The key under which a user name is stored (lower-cased in case-insensitive pools).
    pub(crate) fn name_key(&self, username: &str) -> String {
        if self.case_sensitive {
            username.to_owned()
        } else {
            username.to_lowercase()
        }
    }

    /// Finds a user by user name or, in pools with `UsernameAttributes`, by e-mail / phone.
    pub(crate) fn find_user(&self, name: &str) -> Option<Arc<Mutex<User>>> {
        let key = self.name_key(name);
        let users = self.users.read();
        if let Some(user) = users.by_name.get(&key) {
            return Some(Arc::clone(user));
        }
        let owner = users.by_alias.get(&name.to_lowercase())?;
        users.by_name.get(owner).cloned()
    }

    /// Like [`Pool::find_user`].
    ///
    /// # Errors
    /// `UserNotFoundException` when there is no such user.
    pub(crate) fn user(&self, name: &str) -> Result<Arc<Mutex<User>>, ServiceError> {
        self.find_user(name)
            .ok_or_else(ServiceError::user_not_found)
    }

    /// The sign-in aliases a user's attributes give in this pool.
    pub(crate) fn aliases_of(&self, user: &User) -> Vec<String> {
        let config = self.config.read();
        config
            .username_attributes
            .iter()
            .filter_map(|attr| user.attribute(attr).map(str::to_lowercase))
            .collect()
    }

    /// Re-indexes a user's aliases after its attributes changed.
    ///
    /// # Errors
    /// `AliasExistsException` when another user already holds one of the new aliases.
    pub(crate) fn reindex_aliases(
        &self,
        username_key: &str,
        old: &[String],
        new: &[String],
    ) -> Result<(), ServiceError> {
        let mut users = self.users.write();
        for alias in new {
            if let Some(owner) = users.by_alias.get(alias)
                && owner != username_key
            {
                return Err(ServiceError::new(
                    codes::ALIAS_EXISTS,
                    "An account with the given email already exists.",
                ));
            }
        }
        for alias in old {
            if users.by_alias.get(alias).map(String::as_str) == Some(username_key) {
                users.by_alias.remove(alias);
            }
        }
        for alias in new {
            users
                .by_alias
                .insert(alias.clone(), username_key.to_owned());
        }
        Ok(())
    }

    pub(crate) fn arn(&self) -> String {
        format!(
            "arn:aws:cognito-idp:{}:123456789012:userpool/{}",
            self.region, self.id
        )
    }

    /// `DescribeUserPool`'s `UserPool`.
    pub(crate) fn describe(&self) -> Value {
        let config = self.config.read().clone();
        let estimated = self.users.read().by_name.len();
        let mut pool = json!({
            "Id": self.id,
            "Name": self.name,
            "Arn": self.arn(),
            "Policies": {"PasswordPolicy": config.password_policy.to_json()},
            "MfaConfiguration": config.mfa.as_str(),
            "SmsAuthenticationMessage": config.sms_authentication_message,
            "SmsVerificationMessage": config.sms_verification_message,
            "EmailVerificationMessage": config.email_verification_message,
            "EmailVerificationSubject": config.email_verification_subject,
            "AutoVerifiedAttributes": config.auto_verified_attributes,
            "CreationDate": self.created,
            "LastModifiedDate": config.last_modified,
            "EstimatedNumberOfUsers": estimated,
            "UsernameConfiguration": {"CaseSensitive": self.case_sensitive},
            "UserPoolTags": config.tags,
            "DeviceConfiguration": config.devices.map(DeviceTracking::to_json),
        });
        if let Some(obj) = pool.as_object_mut() {
            if !config.username_attributes.is_empty() {
                obj.insert(
                    "UsernameAttributes".into(),
                    json!(config.username_attributes),
                );
            }
            if let Some(sms) = &config.sms_configuration {
                obj.insert("SmsConfiguration".into(), sms.clone());
            }
        }
        pool
    }
}

/// Token lifetimes of an app client, in seconds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenValidity {
    pub(crate) access: u64,
    pub(crate) id: u64,
    pub(crate) refresh: u64,
}

/// An app client (immutable once created).
#[derive(Debug)]
pub(crate) struct AppClient {
    pub(crate) id: String,
    pub(crate) pool_id: String,
    pub(crate) name: String,
    pub(crate) secret: Option<SecretString>,
    pub(crate) explicit_auth_flows: Vec<String>,
    pub(crate) prevent_user_existence_errors: bool,
    pub(crate) auth_session_validity_minutes: u32,
    pub(crate) validity: TokenValidity,
    /// The values and units as given, echoed by `DescribeUserPoolClient`.
    pub(crate) validity_echo: Value,
    pub(crate) enable_token_revocation: bool,
    pub(crate) created: u64,
}

impl AppClient {
    /// Whether the client allows an auth flow (`USER_SRP_AUTH`, `USER_PASSWORD_AUTH`,
    /// `REFRESH_TOKEN_AUTH`, `ADMIN_USER_PASSWORD_AUTH`, `CUSTOM_AUTH`).
    ///
    /// No `ExplicitAuthFlows` allows SRP, refresh and custom auth. With `ALLOW_*` values, the
    /// list is exact. With only legacy values, SRP and refresh stay allowed.
    pub(crate) fn allows(&self, flow: &str) -> bool {
        let flows = &self.explicit_auth_flows;
        let has = |name: &str| flows.iter().any(|f| f == name);
        let srp_or_refresh = [AuthFlow::UserSrpAuth, AuthFlow::RefreshTokenAuth]
            .iter()
            .any(|known| known.as_str() == flow);
        if flows.is_empty() {
            return srp_or_refresh || flow == other_flows::CUSTOM_AUTH;
        }
        if flows.iter().any(|f| f.starts_with("ALLOW_")) {
            return has(&format!("ALLOW_{flow}"));
        }
        // The legacy value that allows each flow.
        let password = AuthFlow::UserPasswordAuth.as_str();
        srp_or_refresh
            || (flow == password && has(password))
            || (flow == other_flows::ADMIN_USER_PASSWORD_AUTH
                && has(other_flows::ADMIN_NO_SRP_AUTH))
            || (flow == other_flows::CUSTOM_AUTH && has("CUSTOM_AUTH_FLOW_ONLY"))
    }

    /// `DescribeUserPoolClient`'s `UserPoolClient`.
    pub(crate) fn describe(&self) -> Value {
        let mut client = json!({
            "UserPoolId": self.pool_id,
            "ClientName": self.name,
            "ClientId": self.id,
            "CreationDate": self.created,
            "LastModifiedDate": self.created,
            "PreventUserExistenceErrors":
                if self.prevent_user_existence_errors { "ENABLED" } else { "LEGACY" },
            "EnableTokenRevocation": self.enable_token_revocation,
            "AuthSessionValidity": self.auth_session_validity_minutes,
        });
        if let Some(obj) = client.as_object_mut() {
            if let Some(secret) = &self.secret {
                obj.insert("ClientSecret".into(), secret.expose().into());
            }
            if !self.explicit_auth_flows.is_empty() {
                obj.insert("ExplicitAuthFlows".into(), json!(self.explicit_auth_flows));
            }
            if let Some(echo) = self.validity_echo.as_object() {
                for (k, v) in echo {
                    obj.insert(k.clone(), v.clone());
                }
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_names_the_first_broken_rule() {
        let policy = PasswordPolicy::default();
        let message = |p: &str| policy.check(p).unwrap_err().message().to_owned();
        assert_eq!(
            message("Ab1!"),
            "Password did not conform with policy: Password not long enough"
        );
        assert!(message("abcdefg1!").ends_with("uppercase characters"));
        assert!(message("ABCDEFG1!").ends_with("lowercase characters"));
        assert!(message("Abcdefgh!").ends_with("numeric characters"));
        assert!(message("Abcdefgh1").ends_with("symbol characters"));
        assert!(policy.check("Passw0rd!").is_ok());
    }

    fn client(flows: &[&str]) -> AppClient {
        AppClient {
            id: "c".into(),
            pool_id: "p".into(),
            name: "n".into(),
            secret: None,
            explicit_auth_flows: flows.iter().map(|s| (*s).to_owned()).collect(),
            prevent_user_existence_errors: false,
            auth_session_validity_minutes: 3,
            validity: TokenValidity {
                access: 3600,
                id: 3600,
                refresh: 86400,
            },
            validity_echo: Value::Null,
            enable_token_revocation: true,
            created: 0,
        }
    }

    #[test]
    fn a_taken_name_and_a_taken_alias_are_told_apart() {
        let config = PoolConfig {
            username_attributes: vec!["email".into()],
            ..PoolConfig::default()
        };
        let pool = Pool::new(
            "us-east-1_Test".into(),
            "test".into(),
            0,
            false,
            config,
            None,
            KeySource::Shared,
        );
        let user = |name: &str, email: &str| {
            let mut user = User::new(name.into(), format!("sub-{name}"), 0);
            user.update_attributes(&[("email".into(), email.into())]);
            user
        };
        assert!(pool.insert_user(user("a", "a@example.com")).is_ok());
        let name = pool.insert_user(user("A", "other@example.com")).err();
        assert_eq!(name, Some(UserExists::Name));
        let alias = pool.insert_user(user("b", "A@example.com")).err();
        assert_eq!(alias, Some(UserExists::Alias));
        let error = ServiceError::from(UserExists::Alias);
        assert_eq!(
            (error.code(), error.message()),
            (
                codes::USERNAME_EXISTS,
                "An account with the given email already exists."
            )
        );
    }

    #[test]
    fn explicit_auth_flows_are_enforced() {
        let default = client(&[]);
        assert!(default.allows("USER_SRP_AUTH"));
        assert!(default.allows("REFRESH_TOKEN_AUTH"));
        assert!(!default.allows("USER_PASSWORD_AUTH"));
        let modern = client(&["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
        assert!(modern.allows("USER_PASSWORD_AUTH"));
        assert!(!modern.allows("USER_SRP_AUTH"));
        let legacy = client(&["ADMIN_NO_SRP_AUTH"]);
        assert!(legacy.allows("ADMIN_USER_PASSWORD_AUTH"));
        assert!(legacy.allows("USER_SRP_AUTH"));
        assert!(!legacy.allows("USER_PASSWORD_AUTH"));
    }
}
