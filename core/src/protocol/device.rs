//! Device tracking: `ConfirmDevice`, `UpdateDeviceStatus`, `GetDevice`, `ListDevices`,
//! `ForgetDevice`, their admin forms, and `GetTokensFromRefreshToken`.
//!
//! The types serialize and deserialize both ways, so the client sends them and the mock
//! endpoint reads them with the same names.

use serde::{Deserialize, Serialize};

use super::{AttributeType, AuthenticationResult, Operation, SecretString};

/// The attribute that holds a device's name (`device_name`).
pub const DEVICE_NAME_ATTRIBUTE: &str = "device_name";
/// The attribute that holds a device's remembered status (`remembered` / `not_remembered`).
pub const DEVICE_REMEMBERED_STATUS_ATTRIBUTE: &str = "dev:device_remembered_status";
/// The attribute that holds a device's status (`valid`).
pub const DEVICE_STATUS_ATTRIBUTE: &str = "device_status";
/// The attribute that holds a device's ARN.
pub const DEVICE_ARN_ATTRIBUTE: &str = "dev:device_arn";
/// The attribute that names a device's owner (`<user>.<pool id>`).
pub const DEVICE_OWNER_ATTRIBUTE: &str = "dev:device_owner";
/// The attribute that holds the last IP address a device signed in from.
pub const LAST_IP_USED_ATTRIBUTE: &str = "last_ip_used";
/// The attribute that names the SDK that confirmed a device.
pub const DEVICE_SDK_ATTRIBUTE: &str = "dev:device_sdk";
/// The largest `Limit` of `ListDevices` / `AdminListDevices`.
pub const MAX_LIST_DEVICES_LIMIT: u32 = 60;

/// `DeviceSecretVerifierConfig`: the salt and SRP verifier of a device's random password, both
/// base64 (see [`crate::device`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSecretVerifierConfig {
    /// `base64(padHex(salt))`: 16 bytes, or 17 with a leading zero.
    #[serde(rename = "Salt")]
    pub salt: String,
    /// `base64(padHex(g^x mod N))`.
    #[serde(rename = "PasswordVerifier")]
    pub password_verifier: String,
}

/// A device's remembered status, as `UpdateDeviceStatus` sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DeviceRememberedStatus {
    /// `remembered`: the device skips MFA (where the pool allows it).
    #[serde(rename = "remembered")]
    Remembered,
    /// `not_remembered`: the device is tracked but still asked for MFA.
    #[serde(rename = "not_remembered")]
    NotRemembered,
}

impl DeviceRememberedStatus {
    /// The wire value.
    pub const fn as_str(self) -> &'static str {
        match self {
            DeviceRememberedStatus::Remembered => "remembered",
            DeviceRememberedStatus::NotRemembered => "not_remembered",
        }
    }

    /// Reads a wire value (`remembered` / `not_remembered`), or `None`.
    pub fn from_wire(text: &str) -> Option<Self> {
        match text {
            "remembered" => Some(DeviceRememberedStatus::Remembered),
            "not_remembered" => Some(DeviceRememberedStatus::NotRemembered),
            _ => None,
        }
    }
}

/// The request of `ConfirmDevice`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmDeviceRequest {
    /// The signed-in user's access token.
    #[serde(rename = "AccessToken")]
    pub access_token: SecretString,
    /// `NewDeviceMetadata.DeviceKey`.
    #[serde(rename = "DeviceKey")]
    pub device_key: String,
    /// The device's verifier.
    #[serde(
        rename = "DeviceSecretVerifierConfig",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub device_secret_verifier_config: Option<DeviceSecretVerifierConfig>,
    /// A name for the device (1 to 1024 characters).
    #[serde(
        rename = "DeviceName",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub device_name: Option<String>,
}

impl Operation for ConfirmDeviceRequest {
    const NAME: &'static str = "ConfirmDevice";
    type Output = ConfirmDeviceResponse;
}

/// The response of `ConfirmDevice`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ConfirmDeviceResponse {
    /// True when the pool remembers devices only on the user's word: the device is not
    /// remembered yet, and the app asks the user, then calls `UpdateDeviceStatus`.
    #[serde(rename = "UserConfirmationNecessary", default)]
    pub user_confirmation_necessary: bool,
}

/// The request of `UpdateDeviceStatus`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateDeviceStatusRequest {
    /// The signed-in user's access token.
    #[serde(rename = "AccessToken")]
    pub access_token: SecretString,
    /// The device.
    #[serde(rename = "DeviceKey")]
    pub device_key: String,
    /// The new status.
    #[serde(
        rename = "DeviceRememberedStatus",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub device_remembered_status: Option<DeviceRememberedStatus>,
}

impl Operation for UpdateDeviceStatusRequest {
    const NAME: &'static str = "UpdateDeviceStatus";
    type Output = super::EmptyResponse;
}

/// The request of `GetDevice`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetDeviceRequest {
    /// The device.
    #[serde(rename = "DeviceKey")]
    pub device_key: String,
    /// The signed-in user's access token.
    #[serde(
        rename = "AccessToken",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub access_token: Option<SecretString>,
}

impl Operation for GetDeviceRequest {
    const NAME: &'static str = "GetDevice";
    type Output = GetDeviceResponse;
}

/// The response of `GetDevice` and `AdminGetDevice`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GetDeviceResponse {
    /// The device.
    #[serde(rename = "Device")]
    pub device: DeviceType,
}

/// The request of `ListDevices`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListDevicesRequest {
    /// The signed-in user's access token.
    #[serde(rename = "AccessToken")]
    pub access_token: SecretString,
    /// At most this many devices (0 to 60).
    #[serde(rename = "Limit", skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
    /// The previous page's `PaginationToken`.
    #[serde(
        rename = "PaginationToken",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub pagination_token: Option<String>,
}

impl Operation for ListDevicesRequest {
    const NAME: &'static str = "ListDevices";
    type Output = ListDevicesResponse;
}

/// The response of `ListDevices` and `AdminListDevices`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListDevicesResponse {
    /// This page of devices.
    #[serde(rename = "Devices", default)]
    pub devices: Vec<DeviceType>,
    /// The token of the next page, if any.
    #[serde(
        rename = "PaginationToken",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub pagination_token: Option<String>,
}

/// The request of `ForgetDevice`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForgetDeviceRequest {
    /// The device.
    #[serde(rename = "DeviceKey")]
    pub device_key: String,
    /// The signed-in user's access token.
    #[serde(
        rename = "AccessToken",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub access_token: Option<SecretString>,
}

impl Operation for ForgetDeviceRequest {
    const NAME: &'static str = "ForgetDevice";
    type Output = super::EmptyResponse;
}

/// A device (`DeviceType`). The dates are seconds since the epoch, possibly fractional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceType {
    /// The device key.
    #[serde(rename = "DeviceKey")]
    pub device_key: String,
    /// The device's attributes (`device_name`, `dev:device_remembered_status`, ...).
    #[serde(rename = "DeviceAttributes", default)]
    pub device_attributes: Vec<AttributeType>,
    /// When the device was first seen.
    #[serde(
        rename = "DeviceCreateDate",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub device_create_date: Option<f64>,
    /// When the device was last changed.
    #[serde(
        rename = "DeviceLastModifiedDate",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub device_last_modified_date: Option<f64>,
    /// When the device last signed in.
    #[serde(
        rename = "DeviceLastAuthenticatedDate",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub device_last_authenticated_date: Option<f64>,
}

impl DeviceType {
    /// The value of one attribute, e.g. `attribute("device_name")`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.device_attributes
            .iter()
            .find(|attribute| attribute.name == name)
            .map(|attribute| attribute.value.as_str())
    }

    /// The `device_name` attribute.
    pub fn name(&self) -> Option<&str> {
        self.attribute(DEVICE_NAME_ATTRIBUTE)
    }

    /// The `dev:device_remembered_status` attribute, parsed.
    pub fn remembered_status(&self) -> Option<DeviceRememberedStatus> {
        self.attribute(DEVICE_REMEMBERED_STATUS_ATTRIBUTE)
            .and_then(DeviceRememberedStatus::from_wire)
    }
}

/// The request of `GetTokensFromRefreshToken` (what Amplify v6 uses for every refresh).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetTokensFromRefreshTokenRequest {
    /// The refresh token.
    #[serde(rename = "RefreshToken")]
    pub refresh_token: SecretString,
    /// The app client.
    #[serde(rename = "ClientId")]
    pub client_id: String,
    /// The app client's secret, for a client that has one (sent as is, not hashed).
    #[serde(
        rename = "ClientSecret",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub client_secret: Option<SecretString>,
    /// The confirmed device the tokens were issued to, when device tracking is on.
    #[serde(rename = "DeviceKey", skip_serializing_if = "Option::is_none", default)]
    pub device_key: Option<String>,
    /// Metadata for the pool's Lambda triggers.
    #[serde(
        rename = "ClientMetadata",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub client_metadata: Option<std::collections::BTreeMap<String, String>>,
}

impl Operation for GetTokensFromRefreshTokenRequest {
    const NAME: &'static str = "GetTokensFromRefreshToken";
    type Output = GetTokensFromRefreshTokenResponse;
}

/// The response of `GetTokensFromRefreshToken`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GetTokensFromRefreshTokenResponse {
    /// The new tokens (with a new refresh token when the app client rotates them).
    #[serde(rename = "AuthenticationResult")]
    pub authentication_result: AuthenticationResult,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::decode;

    #[test]
    fn confirm_device_is_sent_with_the_service_names() {
        let request = ConfirmDeviceRequest {
            access_token: SecretString::new("token"),
            device_key: "us-east-1_0f".into(),
            device_secret_verifier_config: Some(DeviceSecretVerifierConfig {
                salt: "AA==".into(),
                password_verifier: "AQ==".into(),
            }),
            device_name: None,
        };
        let json = serde_json::to_value(&request).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({
                "AccessToken": "token",
                "DeviceKey": "us-east-1_0f",
                "DeviceSecretVerifierConfig": {"Salt": "AA==", "PasswordVerifier": "AQ=="}
            })
        );
        let answer = decode::<ConfirmDeviceRequest>(200, br#"{"UserConfirmationNecessary":true}"#);
        assert_eq!(
            answer.ok().map(|r| r.user_confirmation_necessary),
            Some(true)
        );
    }

    #[test]
    fn devices_read_their_attributes_and_dates() {
        let body = br#"{"Devices":[{"DeviceKey":"us-east-1_ab","DeviceAttributes":[
            {"Name":"device_name","Value":"phone"},
            {"Name":"dev:device_remembered_status","Value":"not_remembered"}],
            "DeviceCreateDate":1.7E9,"DeviceLastAuthenticatedDate":1700000001}],
            "PaginationToken":"p2"}"#;
        let page = decode::<ListDevicesRequest>(200, body).unwrap_or_default();
        assert_eq!(page.pagination_token.as_deref(), Some("p2"));
        let device = page.devices.first().cloned();
        assert_eq!(device.as_ref().and_then(DeviceType::name), Some("phone"));
        assert_eq!(
            device.as_ref().and_then(DeviceType::remembered_status),
            Some(DeviceRememberedStatus::NotRemembered)
        );
        assert_eq!(
            device.and_then(|d| d.device_last_authenticated_date),
            Some(1_700_000_001.0)
        );
    }

    #[test]
    fn statuses_round_trip() {
        for status in [
            DeviceRememberedStatus::Remembered,
            DeviceRememberedStatus::NotRemembered,
        ] {
            assert_eq!(
                DeviceRememberedStatus::from_wire(status.as_str()),
                Some(status)
            );
            let json = serde_json::to_string(&status).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        assert_eq!(DeviceRememberedStatus::from_wire("valid"), None);
    }
}
