//! The admin operations (IAM-authorized, SigV4-signed) that manage a user's MFA:
//! `AdminGetUser`, `AdminSetUserMFAPreference`, `AdminSetUserSettings`,
//! `AdminResetUserPassword`, `AdminUserGlobalSignOut` and the `Admin*Device` operations.
//!
//! `AdminInitiateAuth` and `AdminRespondToAuthChallenge` have no types of their own: they are
//! `InitiateAuth` and `RespondToAuthChallenge` plus `UserPoolId` ([`AdminRequest`]), sent so by
//! [`crate::client::UserPool`] when the pool signs its requests ([`Operation::ADMIN_NAME`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::device::{DeviceRememberedStatus, GetDeviceResponse, ListDevicesResponse};
use super::user::GetUserResponse;
use super::{EmptyResponse, MfaOption, MfaSettings, Operation};

/// A user-side request sent as its admin twin: the same body plus `UserPoolId`.
#[derive(Debug, Serialize)]
pub struct AdminRequest<'a, Op: Operation> {
    /// The user pool.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: &'a str,
    /// The user-side request.
    #[serde(flatten)]
    pub request: &'a Op,
}

/// The request of `AdminGetUser`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdminGetUserRequest {
    /// The user pool.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name (or an alias, where the pool allows it).
    #[serde(rename = "Username")]
    pub username: String,
}

impl Operation for AdminGetUserRequest {
    const NAME: &'static str = "AdminGetUser";
    const SIGNED: bool = true;
    type Output = AdminGetUserResponse;
}

/// The response of `AdminGetUser`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AdminGetUserResponse {
    /// What `GetUser` answers too: the user name, attributes and MFA settings.
    #[serde(flatten)]
    pub user: GetUserResponse,
    /// When the user was created (seconds since the epoch).
    #[serde(rename = "UserCreateDate", default)]
    pub user_create_date: Option<f64>,
    /// When the user was last changed (seconds since the epoch).
    #[serde(rename = "UserLastModifiedDate", default)]
    pub user_last_modified_date: Option<f64>,
    /// Whether the user may sign in.
    #[serde(rename = "Enabled", default)]
    pub enabled: Option<bool>,
    /// `CONFIRMED`, `FORCE_CHANGE_PASSWORD`, `RESET_REQUIRED`, ...
    #[serde(rename = "UserStatus", default)]
    pub user_status: Option<String>,
}

/// The request of `AdminSetUserMFAPreference`. A `None` factor is left out of the body, which
/// leaves it unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdminSetUserMfaPreferenceRequest {
    /// The user pool.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name.
    #[serde(rename = "Username")]
    pub username: String,
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

impl Operation for AdminSetUserMfaPreferenceRequest {
    const NAME: &'static str = "AdminSetUserMFAPreference";
    const SIGNED: bool = true;
    type Output = EmptyResponse;
}

/// The request of `AdminSetUserSettings` (legacy SMS MFA through `MFAOptions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdminSetUserSettingsRequest {
    /// The user pool.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name.
    #[serde(rename = "Username")]
    pub username: String,
    /// The SMS options; an empty list turns legacy SMS MFA off.
    #[serde(rename = "MFAOptions")]
    pub mfa_options: Vec<MfaOption>,
}

impl Operation for AdminSetUserSettingsRequest {
    const NAME: &'static str = "AdminSetUserSettings";
    const SIGNED: bool = true;
    type Output = EmptyResponse;
}

/// The request of `AdminResetUserPassword`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdminResetUserPasswordRequest {
    /// The user pool.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name.
    #[serde(rename = "Username")]
    pub username: String,
    /// Passed to the pool's Lambda triggers.
    #[serde(rename = "ClientMetadata", skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<BTreeMap<String, String>>,
}

impl Operation for AdminResetUserPasswordRequest {
    const NAME: &'static str = "AdminResetUserPassword";
    const SIGNED: bool = true;
    type Output = EmptyResponse;
}

/// The request of `AdminUserGlobalSignOut`: revokes every refresh token of the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdminUserGlobalSignOutRequest {
    /// The user pool.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name.
    #[serde(rename = "Username")]
    pub username: String,
}

impl Operation for AdminUserGlobalSignOutRequest {
    const NAME: &'static str = "AdminUserGlobalSignOut";
    const SIGNED: bool = true;
    type Output = EmptyResponse;
}

/// The request of `AdminListDevices`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdminListDevicesRequest {
    /// The user pool.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name.
    #[serde(rename = "Username")]
    pub username: String,
    /// At most this many devices (0 to 60).
    #[serde(rename = "Limit", skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The previous page's `PaginationToken`.
    #[serde(rename = "PaginationToken", skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

impl Operation for AdminListDevicesRequest {
    const NAME: &'static str = "AdminListDevices";
    const SIGNED: bool = true;
    type Output = ListDevicesResponse;
}

/// The request of `AdminGetDevice`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdminGetDeviceRequest {
    /// The user pool.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name.
    #[serde(rename = "Username")]
    pub username: String,
    /// The device.
    #[serde(rename = "DeviceKey")]
    pub device_key: String,
}

impl Operation for AdminGetDeviceRequest {
    const NAME: &'static str = "AdminGetDevice";
    const SIGNED: bool = true;
    type Output = GetDeviceResponse;
}

/// The request of `AdminForgetDevice`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdminForgetDeviceRequest {
    /// The user pool.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name.
    #[serde(rename = "Username")]
    pub username: String,
    /// The device.
    #[serde(rename = "DeviceKey")]
    pub device_key: String,
}

impl Operation for AdminForgetDeviceRequest {
    const NAME: &'static str = "AdminForgetDevice";
    const SIGNED: bool = true;
    type Output = EmptyResponse;
}

/// The request of `AdminUpdateDeviceStatus`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdminUpdateDeviceStatusRequest {
    /// The user pool.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name.
    #[serde(rename = "Username")]
    pub username: String,
    /// The device.
    #[serde(rename = "DeviceKey")]
    pub device_key: String,
    /// The new status.
    #[serde(
        rename = "DeviceRememberedStatus",
        skip_serializing_if = "Option::is_none"
    )]
    pub device_remembered_status: Option<DeviceRememberedStatus>,
}

impl Operation for AdminUpdateDeviceStatusRequest {
    const NAME: &'static str = "AdminUpdateDeviceStatus";
    const SIGNED: bool = true;
    type Output = EmptyResponse;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{AuthFlow, InitiateAuthRequest, SecretString, decode};

    #[test]
    fn an_admin_request_is_the_user_request_plus_the_pool() {
        let request = InitiateAuthRequest {
            auth_flow: AuthFlow::UserSrpAuth,
            client_id: "client1".to_owned(),
            auth_parameters: BTreeMap::from([("USERNAME".to_owned(), SecretString::new("alice"))]),
            client_metadata: None,
        };
        let admin = AdminRequest {
            user_pool_id: "us-east-1_abc",
            request: &request,
        };
        let body = serde_json::to_value(&admin).unwrap_or_default();
        assert_eq!(
            body,
            serde_json::json!({
                "UserPoolId": "us-east-1_abc",
                "AuthFlow": "USER_SRP_AUTH",
                "ClientId": "client1",
                "AuthParameters": {"USERNAME": "alice"},
            })
        );
    }

    #[test]
    fn admin_get_user_reads_the_mfa_settings() {
        let body = br#"{"Username":"u-1","UserAttributes":[{"Name":"email","Value":"a@b"}],
            "Enabled":true,"UserStatus":"CONFIRMED","UserCreateDate":1.7e9,
            "PreferredMfaSetting":"SOFTWARE_TOKEN_MFA",
            "UserMFASettingList":["SMS_MFA","SOFTWARE_TOKEN_MFA"],"Extra":1}"#;
        let response = decode::<AdminGetUserRequest>(200, body);
        let response = response.ok();
        assert_eq!(
            response
                .as_ref()
                .and_then(|r| r.user.preferred_mfa_setting.as_deref()),
            Some("SOFTWARE_TOKEN_MFA")
        );
        assert_eq!(response.as_ref().and_then(|r| r.enabled), Some(true));
        let missing = decode::<AdminGetUserRequest>(200, b"{}").err();
        assert!(
            missing
                .map(|e| e.to_string())
                .is_some_and(|t| t.contains("AdminGetUser: missing field `Username`"))
        );
    }

    #[test]
    fn unset_factors_and_options_are_left_out() {
        let request = AdminSetUserMfaPreferenceRequest {
            user_pool_id: "p".to_owned(),
            username: "u".to_owned(),
            sms_mfa_settings: None,
            software_token_mfa_settings: Some(MfaSettings::new(true, true)),
            email_mfa_settings: None,
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap_or_default(),
            serde_json::json!({"UserPoolId": "p", "Username": "u",
                "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}})
        );
    }
}
