//! Device tracking: a pool's `DeviceConfiguration` and the devices of a user.
//!
//! Every sign-in without a known device key to a pool with a `DeviceConfiguration` mints a
//! device (`NewDeviceMetadata`): *tracked*, not confirmed. `ConfirmDevice` stores the SRP
//! verifier of the device's random password and remembers the device at once, or, when the
//! pool remembers devices only on the user's word, leaves that to `UpdateDeviceStatus`.
//! A confirmed, remembered device of a pool whose `ChallengeRequiredOnNewDevice` is true
//! answers the MFA step with device SRP instead of a code.

use std::collections::BTreeMap;

use cognito_mfa::protocol::AttributeType;
use cognito_mfa::protocol::device::{
    DEVICE_ARN_ATTRIBUTE, DEVICE_NAME_ATTRIBUTE, DEVICE_OWNER_ATTRIBUTE,
    DEVICE_REMEMBERED_STATUS_ATTRIBUTE, DEVICE_SDK_ATTRIBUTE, DEVICE_STATUS_ATTRIBUTE,
    DeviceRememberedStatus, DeviceType, LAST_IP_USED_ATTRIBUTE,
};
use cognito_mfa::srp::Verifier;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::ServiceError;
use crate::random;

/// A pool's `DeviceConfiguration`: device tracking is on for a pool that has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeviceTracking {
    /// `ChallengeRequiredOnNewDevice`: a remembered device signs in with device SRP instead of
    /// the MFA code.
    pub challenge_required_on_new_device: bool,
    /// `DeviceOnlyRememberedOnUserPrompt`: `ConfirmDevice` does not remember the device; the
    /// app asks the user, then calls `UpdateDeviceStatus`.
    pub device_only_remembered_on_user_prompt: bool,
}

impl DeviceTracking {
    /// `DescribeUserPool`'s `DeviceConfiguration`.
    pub(crate) fn to_json(self) -> Value {
        json!({
            "ChallengeRequiredOnNewDevice": self.challenge_required_on_new_device,
            "DeviceOnlyRememberedOnUserPrompt": self.device_only_remembered_on_user_prompt,
        })
    }
}

/// What the endpoint answers for a device that is unknown, forgotten or another user's.
pub(crate) fn device_not_found() -> ServiceError {
    ServiceError::new(
        crate::error::codes::RESOURCE_NOT_FOUND,
        "Device does not exist.",
    )
}

/// `dev:device_sdk` of the devices the mock confirms (it does not see the caller's SDK).
const DEVICE_SDK: &str = "aws-sdk";

/// One device of a user.
#[derive(Debug, Clone)]
pub(crate) struct Device {
    pub(crate) key: String,
    /// `DeviceName` of `ConfirmDevice`.
    pub(crate) name: Option<String>,
    pub(crate) created: u64,
    pub(crate) modified: u64,
    pub(crate) last_authenticated: u64,
    /// The verifier of the device password, once the device is confirmed.
    pub(crate) verifier: Option<Verifier>,
    pub(crate) remembered: bool,
}

impl Device {
    /// Confirmed with `ConfirmDevice`.
    pub(crate) fn confirmed(&self) -> bool {
        self.verifier.is_some()
    }

    /// Confirmed and remembered: the device may stand in for the MFA code.
    pub(crate) fn trusted(&self) -> bool {
        self.confirmed() && self.remembered
    }

    pub(crate) fn status(&self) -> DeviceRememberedStatus {
        if self.remembered {
            DeviceRememberedStatus::Remembered
        } else {
            DeviceRememberedStatus::NotRemembered
        }
    }

    /// The device as the API shows it (`DeviceType`), for `owner` (`<user name>.<pool id>`)
    /// in `region`.
    pub(crate) fn to_type(&self, owner: &str, region: &str) -> DeviceType {
        let attribute = |name: &str, value: String| AttributeType {
            name: name.to_owned(),
            value,
        };
        let mut attributes = vec![
            attribute(DEVICE_STATUS_ATTRIBUTE, "valid".to_owned()),
            attribute(
                DEVICE_REMEMBERED_STATUS_ATTRIBUTE,
                self.status().as_str().to_owned(),
            ),
            attribute(
                DEVICE_ARN_ATTRIBUTE,
                format!(
                    "arn:aws:cognito-idp:{region}:123456789012:owner/{owner}/device/{}",
                    self.key
                ),
            ),
            attribute(DEVICE_OWNER_ATTRIBUTE, owner.to_owned()),
            attribute(LAST_IP_USED_ATTRIBUTE, "127.0.0.1".to_owned()),
            attribute(DEVICE_SDK_ATTRIBUTE, DEVICE_SDK.to_owned()),
        ];
        if let Some(name) = &self.name {
            attributes.insert(0, attribute(DEVICE_NAME_ATTRIBUTE, name.clone()));
        }
        #[allow(
            clippy::cast_precision_loss,
            reason = "Unix seconds stay far below 2^53, where f64 is exact"
        )]
        let date = |seconds: u64| Some(seconds as f64);
        DeviceType {
            device_key: self.key.clone(),
            device_attributes: attributes,
            device_create_date: date(self.created),
            device_last_modified_date: date(self.modified),
            device_last_authenticated_date: date(self.last_authenticated),
        }
    }
}

/// The devices of one user and the user's `DeviceGroupKey`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Devices {
    /// Drawn with the user's first device; the same for every device of the user.
    group_key: Option<String>,
    by_key: BTreeMap<String, Device>,
}

/// The characters of a `DeviceGroupKey` (Cognito's look like `-wt2ha1Zd`).
const GROUP_KEY_ALPHABET: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

impl Devices {
    /// The user's `DeviceGroupKey`, drawn on first use.
    ///
    /// # Errors
    /// `InternalErrorException` if the random generator fails.
    pub(crate) fn group_key(&mut self) -> Result<String, ServiceError> {
        if let Some(key) = &self.group_key {
            return Ok(key.clone());
        }
        let key = random::string_from(GROUP_KEY_ALPHABET, 9)?;
        self.group_key = Some(key.clone());
        Ok(key)
    }

    /// Tracks a new device (`<region>_<uuid>`, not confirmed) signed in `now`; returns its key
    /// and the group key (`NewDeviceMetadata`).
    ///
    /// # Errors
    /// `InternalErrorException` if the random generator fails.
    pub(crate) fn mint(
        &mut self,
        region: &str,
        now: u64,
    ) -> Result<(String, String), ServiceError> {
        let group_key = self.group_key()?;
        let key = format!("{region}_{}", random::uuid()?);
        self.by_key.insert(
            key.clone(),
            Device {
                key: key.clone(),
                name: None,
                created: now,
                modified: now,
                last_authenticated: now,
                verifier: None,
                remembered: false,
            },
        );
        Ok((key, group_key))
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Device> {
        self.by_key.get(key)
    }

    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut Device> {
        self.by_key.get_mut(key)
    }

    /// Forgets a device; returns whether it was tracked.
    pub(crate) fn forget(&mut self, key: &str) -> bool {
        self.by_key.remove(key).is_some()
    }

    /// The devices after `start`, in the order of their keys.
    pub(crate) fn after<'a>(
        &'a self,
        start: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Device> + 'a {
        self.by_key
            .values()
            .filter(move |d| start.is_none_or(|s| d.key.as_str() > s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_share_the_group_key_and_look_like_cognitos() {
        let mut devices = Devices::default();
        let (first, group) = devices.mint("us-east-1", 10).unwrap_or_default();
        let (second, again) = devices.mint("us-east-1", 11).unwrap_or_default();
        assert_eq!(group, again);
        assert_eq!(group.len(), 9);
        assert_ne!(first, second);
        assert!(cognito_mfa::protocol::ids::is_device_key(&first), "{first}");
        let device = devices.get(&first).cloned();
        assert!(
            device
                .as_ref()
                .is_some_and(|d| !d.confirmed() && !d.trusted())
        );
        assert_eq!(devices.after(None).count(), 2);
        assert_eq!(
            devices
                .after(Some(first.as_str().min(second.as_str())))
                .count(),
            1
        );
        assert!(devices.forget(&first));
        assert!(!devices.forget(&first));
    }

    #[test]
    fn a_device_shows_the_seven_attributes_and_its_dates() {
        let mut devices = Devices::default();
        let (key, _) = devices.mint("eu-west-1", 100).unwrap_or_default();
        if let Some(device) = devices.get_mut(&key) {
            device.name = Some("phone".into());
            device.remembered = true;
        }
        let shown = devices
            .get(&key)
            .map(|d| d.to_type("alice.eu-west-1_Pool", "eu-west-1"))
            .and_then(|d| serde_json::to_value(d).ok())
            .unwrap_or_default();
        let names: Vec<&str> = shown["DeviceAttributes"]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x["Name"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(names.len(), 7, "{names:?}");
        assert_eq!(shown["DeviceKey"], key.as_str());
        assert_eq!(shown["DeviceCreateDate"], 100.0);
        let remembered = shown["DeviceAttributes"]
            .as_array()
            .and_then(|a| {
                a.iter()
                    .find(|x| x["Name"] == DEVICE_REMEMBERED_STATUS_ATTRIBUTE)
            })
            .map(|x| x["Value"].clone());
        assert_eq!(remembered, Some(json!("remembered")));
    }
}
