//! A user of a pool: attributes, status, password, MFA factors and TOTP state.

use std::collections::BTreeMap;

use cognito_mfa::protocol::{MfaType, SecretString};
use cognito_mfa::totp::{ReplayGuard, Secret, Totp};
use serde_json::{Value, json};

use super::device::Devices;

/// A JSON array of factor names encoded in a string, as `MFAS_CAN_CHOOSE` and
/// `MFAS_CAN_SETUP` are sent.
pub(crate) fn mfa_list_param(kinds: &[MfaType]) -> String {
    let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    Value::from(names).to_string()
}

/// The account status of a user (`UserStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UserStatus {
    Unconfirmed,
    Confirmed,
    ForceChangePassword,
    ResetRequired,
}

impl UserStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            UserStatus::Unconfirmed => "UNCONFIRMED",
            UserStatus::Confirmed => "CONFIRMED",
            UserStatus::ForceChangePassword => "FORCE_CHANGE_PASSWORD",
            UserStatus::ResetRequired => "RESET_REQUIRED",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<UserStatus> {
        match text {
            "UNCONFIRMED" => Some(UserStatus::Unconfirmed),
            "CONFIRMED" => Some(UserStatus::Confirmed),
            "FORCE_CHANGE_PASSWORD" => Some(UserStatus::ForceChangePassword),
            "RESET_REQUIRED" => Some(UserStatus::ResetRequired),
            _ => None,
        }
    }
}

/// A verified software token.
#[derive(Debug, Clone)]
pub(crate) struct SoftwareToken {
    pub(crate) totp: Totp,
    pub(crate) friendly_name: Option<String>,
}

/// A one-time code with its expiry (confirmation codes).
#[derive(Debug, Clone)]
pub(crate) struct PendingCode {
    pub(crate) code: SecretString,
    pub(crate) expires_at: u64,
}

/// One user. Always reached through its pool's `Arc<Mutex<User>>`.
#[derive(Debug)]
pub(crate) struct User {
    pub(crate) username: String,
    pub(crate) attributes: BTreeMap<String, String>,
    pub(crate) status: UserStatus,
    pub(crate) enabled: bool,
    pub(crate) created: u64,
    pub(crate) modified: u64,
    pub(crate) password: Option<SecretString>,
    /// The SRP verifier, computed on the first SRP sign-in after a password change.
    pub(crate) verifier: Option<cognito_mfa::srp::Verifier>,
    pub(crate) sms_mfa: bool,
    pub(crate) software_token_mfa: bool,
    pub(crate) email_mfa: bool,
    pub(crate) preferred: Option<MfaType>,
    pub(crate) software_token: Option<SoftwareToken>,
    /// Associated with `AssociateSoftwareToken` but not verified yet.
    pub(crate) pending_secret: Option<Secret>,
    pub(crate) replay: ReplayGuard<()>,
    pub(crate) confirmation: Option<PendingCode>,
    /// The user's tracked devices (pools with a `DeviceConfiguration`).
    pub(crate) devices: Devices,
}

impl User {
    pub(crate) fn new(username: String, sub: String, now: u64) -> Self {
        let mut attributes = BTreeMap::new();
        attributes.insert("sub".to_owned(), sub);
        User {
            username,
            attributes,
            status: UserStatus::Unconfirmed,
            enabled: true,
            created: now,
            modified: now,
            password: None,
            verifier: None,
            sms_mfa: false,
            software_token_mfa: false,
            email_mfa: false,
            preferred: None,
            software_token: None,
            pending_secret: None,
            replay: ReplayGuard::new(),
            confirmation: None,
            devices: Devices::default(),
        }
    }

    pub(crate) fn sub(&self) -> &str {
        self.attributes
            .get("sub")
            .map(String::as_str)
            .unwrap_or_default()
    }

    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    /// Sets a new password: the SRP verifier is recomputed lazily.
    pub(crate) fn set_password(&mut self, password: &str, now: u64) {
        self.password = Some(SecretString::new(password));
        self.verifier = None;
        self.modified = now;
    }

    /// Applies attribute updates (an empty value removes the attribute). Changing `email` or
    /// `phone_number` clears its `*_verified` flag unless the same update sets that flag.
    /// `sub` cannot be changed.
    pub(crate) fn update_attributes(&mut self, updates: &[(String, String)]) {
        let mut unverify = Vec::new();
        for (name, value) in updates {
            if name == "sub" {
                continue;
            }
            let flag = match name.as_str() {
                "email" => Some("email_verified"),
                "phone_number" => Some("phone_number_verified"),
                _ => None,
            };
            if let Some(flag) = flag
                && self.attribute(name) != Some(value.as_str())
                && !updates.iter().any(|(n, _)| n == flag)
            {
                unverify.push(flag);
            }
            if value.is_empty() {
                self.attributes.remove(name);
            } else {
                self.attributes.insert(name.clone(), value.clone());
            }
        }
        for flag in unverify {
            self.attributes.insert(flag.to_owned(), "false".to_owned());
        }
    }

    /// Whether the user has turned `kind` on (for TOTP: whatever the state of the token).
    pub(crate) fn factor_flag(&self, kind: MfaType) -> bool {
        match kind {
            MfaType::SmsMfa => self.sms_mfa,
            MfaType::SoftwareTokenMfa => self.software_token_mfa,
            MfaType::EmailOtp => self.email_mfa,
            // A factor the mock does not know is never on.
            _ => false,
        }
    }

    /// Turns `kind` on or off (a factor the mock does not know is left alone).
    pub(crate) fn set_factor_flag(&mut self, kind: MfaType, on: bool) {
        match kind {
            MfaType::SmsMfa => self.sms_mfa = on,
            MfaType::SoftwareTokenMfa => self.software_token_mfa = on,
            MfaType::EmailOtp => self.email_mfa = on,
            _ => {}
        }
    }

    /// Whether `kind` is usable: turned on, and for TOTP with a verified software token.
    pub(crate) fn factor_enabled(&self, kind: MfaType) -> bool {
        self.factor_flag(kind)
            && (kind != MfaType::SoftwareTokenMfa || self.software_token.is_some())
    }

    /// The usable factors, in Cognito's order ([`MfaType::ALL`]).
    pub(crate) fn usable_factors(&self) -> Vec<MfaType> {
        MfaType::ALL
            .into_iter()
            .filter(|kind| self.factor_enabled(*kind))
            .collect()
    }

    /// The usable factors that the pool also offers (`offered`), in Cognito's order.
    pub(crate) fn enabled_factors(&self, offered: &[MfaType]) -> Vec<MfaType> {
        self.usable_factors()
            .into_iter()
            .filter(|kind| offered.contains(kind))
            .collect()
    }

    /// `UserAttributes` as `[{Name, Value}]`.
    pub(crate) fn attributes_json(&self) -> Value {
        Value::Array(
            self.attributes
                .iter()
                .map(|(name, value)| json!({"Name": name, "Value": value}))
                .collect(),
        )
    }

    /// `MFAOptions` (legacy SMS MFA), present only while SMS MFA is on.
    pub(crate) fn mfa_options_json(&self) -> Option<Value> {
        self.sms_mfa
            .then(|| json!([{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]))
    }

    /// `UserMFASettingList`: every usable factor.
    pub(crate) fn mfa_setting_list(&self) -> Vec<&'static str> {
        self.usable_factors()
            .into_iter()
            .map(MfaType::as_str)
            .collect()
    }

    /// Adds `MFAOptions`, `PreferredMfaSetting` and `UserMFASettingList` to a user response.
    pub(crate) fn add_mfa_fields(&self, out: &mut serde_json::Map<String, Value>) {
        if let Some(options) = self.mfa_options_json() {
            out.insert("MFAOptions".into(), options);
        }
        if let Some(preferred) = self.preferred {
            out.insert("PreferredMfaSetting".into(), preferred.as_str().into());
        }
        let list = self.mfa_setting_list();
        if !list.is_empty() {
            out.insert("UserMFASettingList".into(), list.into());
        }
    }
}

/// Masks a phone number as Cognito does: `+*******1234` (everything but the `+` and the last
/// four digits).
pub(crate) fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    let keep_from = chars.len().saturating_sub(4);
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i >= keep_from || (i == 0 && *c == '+') {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

/// Masks an e-mail address as Cognito does: `a***@e***`.
pub(crate) fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first_local: String = local.chars().take(1).collect();
            let first_domain: String = domain.chars().take(1).collect();
            format!("{first_local}***@{first_domain}***")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_masked_but_the_last_four_digits() {
        assert_eq!(mask_phone("+15555551234"), "+*******1234");
        assert_eq!(mask_phone("1234"), "1234");
    }

    #[test]
    fn email_addresses_are_masked() {
        assert_eq!(mask_email("alice@example.com"), "a***@e***");
    }

    #[test]
    fn mfa_lists_are_json_in_a_string() {
        assert_eq!(
            mfa_list_param(&[MfaType::SmsMfa, MfaType::SoftwareTokenMfa]),
            r#"["SMS_MFA","SOFTWARE_TOKEN_MFA"]"#
        );
    }

    #[test]
    fn changing_the_email_unverifies_it() {
        let mut user = User::new("u".into(), "s".into(), 0);
        let set = |n: &str, v: &str| (n.to_owned(), v.to_owned());
        user.update_attributes(&[set("email", "a@example.com"), set("email_verified", "true")]);
        assert_eq!(user.attribute("email_verified"), Some("true"));
        user.update_attributes(&[set("email", "a@example.com")]);
        assert_eq!(
            user.attribute("email_verified"),
            Some("true"),
            "unchanged value"
        );
        user.update_attributes(&[set("email", "b@example.com")]);
        assert_eq!(user.attribute("email_verified"), Some("false"));
        user.update_attributes(&[set("sub", "other"), set("email", "")]);
        assert_eq!(user.sub(), "s", "sub cannot be changed");
        assert_eq!(user.attribute("email"), None);
    }
}
