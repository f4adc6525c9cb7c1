//! `SetUserMFAPreference` and the legacy `SetUserSettings` (SMS MFA through `MFAOptions`).

use serde::{Deserialize, Serialize};

use super::{EmptyResponse, Operation, SecretString};

/// `{Enabled, PreferredMfa}` for one factor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MfaSettings {
    /// Whether the factor is enabled for the user.
    #[serde(rename = "Enabled")]
    pub enabled: bool,
    /// Whether it is the user's preferred factor.
    #[serde(rename = "PreferredMfa")]
    pub preferred_mfa: bool,
}

impl MfaSettings {
    /// Settings with the given flags.
    pub fn new(enabled: bool, preferred: bool) -> Self {
        MfaSettings {
            enabled,
            preferred_mfa: preferred,
        }
    }
}

/// The request of `SetUserMFAPreference`. A `None` factor is left out of the body, which
/// leaves it unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetUserMfaPreferenceRequest {
    /// The signed-in user's access token.
    #[serde(rename = "AccessToken")]
    pub access_token: SecretString,
    /// SMS MFA.
    #[serde(rename = "SMSMfaSettings", skip_serializing_if = "Option::is_none")]
    pub sms_mfa_settings: Option<MfaSettings>,
    /// Software-token (TOTP) MFA.
    #[serde(
        rename = "SoftwareTokenMfaSettings",
        skip_serializing_if = "Option::is_none"
    )]
    pub software_token_mfa_settings: Option<MfaSettings>,
    /// E-mail MFA.
    #[serde(rename = "EmailMfaSettings", skip_serializing_if = "Option::is_none")]
    pub email_mfa_settings: Option<MfaSettings>,
}

impl Operation for SetUserMfaPreferenceRequest {
    const NAME: &'static str = "SetUserMFAPreference";
    type Output = EmptyResponse;
}

/// One entry of the legacy `MFAOptions` list: `{DeliveryMedium, AttributeName}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MfaOption {
    /// `SMS` (or `EMAIL`).
    #[serde(rename = "DeliveryMedium", default)]
    pub delivery_medium: Option<String>,
    /// The attribute the code goes to, e.g. `phone_number`.
    #[serde(rename = "AttributeName", default)]
    pub attribute_name: Option<String>,
}

impl MfaOption {
    /// The entry that turns legacy SMS MFA on: `{DeliveryMedium: SMS, AttributeName:
    /// phone_number}`.
    pub fn sms() -> Self {
        MfaOption {
            delivery_medium: Some("SMS".into()),
            attribute_name: Some("phone_number".into()),
        }
    }
}

/// The request of the legacy `SetUserSettings`: `MFAOptions` with the SMS entry turns SMS MFA
/// on, `[]` turns it off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetUserSettingsRequest {
    /// The signed-in user's access token.
    #[serde(rename = "AccessToken")]
    pub access_token: SecretString,
    /// The options (always sent, `[]` included).
    #[serde(rename = "MFAOptions")]
    pub mfa_options: Vec<MfaOption>,
}

impl Operation for SetUserSettingsRequest {
    const NAME: &'static str = "SetUserSettings";
    type Output = EmptyResponse;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::fixtures::json;
    use crate::protocol::{decode, encode};

    fn body<T: Operation>(request: &T) -> Option<serde_json::Value> {
        encode(request)
            .ok()
            .map(|b| json(&String::from_utf8_lossy(&b)))
    }

    #[test]
    fn mfa_preference_request_leaves_unchanged_factors_out() {
        let request = SetUserMfaPreferenceRequest {
            access_token: "eyJ.access.token".into(),
            sms_mfa_settings: None,
            software_token_mfa_settings: Some(MfaSettings::new(true, true)),
            email_mfa_settings: None,
        };
        assert_eq!(
            body(&request),
            Some(json(include_str!(
                "../../tests/fixtures/set_user_mfa_preference_request.json"
            )))
        );
        let all = SetUserMfaPreferenceRequest {
            access_token: "t".into(),
            sms_mfa_settings: Some(MfaSettings::new(false, false)),
            software_token_mfa_settings: Some(MfaSettings::new(true, false)),
            email_mfa_settings: Some(MfaSettings::new(true, true)),
        };
        assert_eq!(
            body(&all),
            Some(json(
                r#"{"AccessToken":"t",
                    "SMSMfaSettings":{"Enabled":false,"PreferredMfa":false},
                    "SoftwareTokenMfaSettings":{"Enabled":true,"PreferredMfa":false},
                    "EmailMfaSettings":{"Enabled":true,"PreferredMfa":true}}"#
            ))
        );
        assert!(decode::<SetUserMfaPreferenceRequest>(200, b"{}").is_ok());
    }

    #[test]
    fn legacy_settings_send_the_sms_option_or_an_empty_list() {
        let on = SetUserSettingsRequest {
            access_token: "eyJ.access.token".into(),
            mfa_options: vec![MfaOption::sms()],
        };
        assert_eq!(
            body(&on),
            Some(json(include_str!(
                "../../tests/fixtures/set_user_settings_request.json"
            )))
        );
        let off = SetUserSettingsRequest {
            access_token: "t".into(),
            mfa_options: vec![],
        };
        assert_eq!(
            body(&off),
            Some(json(r#"{"AccessToken":"t","MFAOptions":[]}"#))
        );
    }
}
