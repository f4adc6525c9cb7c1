//! `GetUser` and `GlobalSignOut`: operations on the signed-in user.

use serde::{Deserialize, Serialize};

use super::mfa_settings::MfaOption;
use super::{EmptyResponse, Operation, SecretString};

/// The request of `GetUser`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GetUserRequest {
    /// The signed-in user's access token.
    #[serde(rename = "AccessToken")]
    pub access_token: SecretString,
}

impl Operation for GetUserRequest {
    const NAME: &'static str = "GetUser";
    type Output = GetUserResponse;
}

/// `{Name, Value}`: one user attribute.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AttributeType {
    /// The attribute name, e.g. `email`.
    #[serde(rename = "Name")]
    pub name: String,
    /// Its value (absent or null reads as empty).
    #[serde(rename = "Value", default, deserialize_with = "null_as_empty")]
    pub value: String,
}

fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// The response of `GetUser`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GetUserResponse {
    /// The user name (the internal one for pools with aliases).
    #[serde(rename = "Username")]
    pub username: String,
    /// The user's attributes.
    #[serde(rename = "UserAttributes")]
    pub user_attributes: Vec<AttributeType>,
    /// Legacy SMS MFA settings.
    #[serde(rename = "MFAOptions", default)]
    pub mfa_options: Option<Vec<MfaOption>>,
    /// The preferred factor, e.g. `SOFTWARE_TOKEN_MFA`.
    #[serde(rename = "PreferredMfaSetting", default)]
    pub preferred_mfa_setting: Option<String>,
    /// The enabled factors.
    #[serde(rename = "UserMFASettingList", default)]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

/// The request of `GlobalSignOut`: revokes every token of the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GlobalSignOutRequest {
    /// The signed-in user's access token.
    #[serde(rename = "AccessToken")]
    pub access_token: SecretString,
}

impl Operation for GlobalSignOutRequest {
    const NAME: &'static str = "GlobalSignOut";
    type Output = EmptyResponse;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::decode;

    #[test]
    fn get_user_parses_the_mfa_fields() {
        let body = include_bytes!("../../tests/fixtures/get_user_response.json");
        let user = decode::<GetUserRequest>(200, body).ok();
        assert_eq!(user.as_ref().map(|u| u.username.as_str()), Some("alice"));
        assert_eq!(
            user.as_ref()
                .and_then(|u| u.preferred_mfa_setting.as_deref()),
            Some("SOFTWARE_TOKEN_MFA")
        );
        assert_eq!(
            user.as_ref().and_then(|u| u.user_mfa_setting_list.clone()),
            Some(vec!["SMS_MFA".to_owned(), "SOFTWARE_TOKEN_MFA".to_owned()])
        );
        assert_eq!(
            user.as_ref().and_then(|u| u.mfa_options.clone()),
            Some(vec![MfaOption::sms()])
        );
        let attributes = user.map(|u| u.user_attributes).unwrap_or_default();
        assert_eq!(
            attributes
                .iter()
                .find(|a| a.name == "phone_number")
                .map(|a| a.value.as_str()),
            Some("+15555551234")
        );
    }

    #[test]
    fn get_user_with_nulls_and_without_mfa_keys() {
        let body = br#"{"Username":"bob","UserAttributes":[{"Name":"sub","Value":null}],
                        "MFAOptions":null,"PreferredMfaSetting":null,"Extra":true}"#;
        let user = decode::<GetUserRequest>(200, body).ok();
        assert!(user.as_ref().is_some_and(|u| u.mfa_options.is_none()));
        assert!(
            user.as_ref()
                .is_some_and(|u| u.user_mfa_setting_list.is_none())
        );
        assert_eq!(
            user.map(|u| u.user_attributes),
            Some(vec![AttributeType {
                name: "sub".into(),
                value: String::new()
            }])
        );
        let missing = decode::<GetUserRequest>(200, br#"{"Username":"bob"}"#).err();
        assert_eq!(
            missing.map(|e| e.to_string()),
            Some("unexpected response: GetUser: missing field `UserAttributes`".to_owned())
        );
    }
}
