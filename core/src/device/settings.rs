//! [`DeviceSettings`]: how the users of a pool track their device, set once on the
//! [`crate::UserPoolBuilder`].

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use super::DeviceStore;
use crate::error::{Error, Result};
use crate::protocol::device::GetTokensFromRefreshTokenRequest;
use crate::protocol::{InitiateAuthRequest, Operation};

/// The device name sent with `ConfirmDevice` unless another is set.
pub const DEFAULT_DEVICE_NAME: &str = "cognito-mfa";

/// The longest `DeviceName` `ConfirmDevice` takes, in characters.
pub const MAX_DEVICE_NAME_CHARS: usize = 1024;

/// How a session is refreshed, named after the operation it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RefreshMethod {
    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH` (what amazon-cognito-identity-js does).
    #[default]
    InitiateAuth,
    /// `GetTokensFromRefreshToken` (what Amplify v6 does; it supports refresh-token rotation).
    GetTokensFromRefreshToken,
}

impl RefreshMethod {
    /// Every method, in declaration order.
    pub const ALL: [RefreshMethod; 2] = [
        RefreshMethod::InitiateAuth,
        RefreshMethod::GetTokensFromRefreshToken,
    ];

    /// The name of the operation it uses: `InitiateAuth` or `GetTokensFromRefreshToken`.
    pub fn as_str(self) -> &'static str {
        match self {
            RefreshMethod::InitiateAuth => InitiateAuthRequest::NAME,
            RefreshMethod::GetTokensFromRefreshToken => GetTokensFromRefreshTokenRequest::NAME,
        }
    }
}

impl FromStr for RefreshMethod {
    type Err = Error;

    /// Parses an operation name ([`RefreshMethod::as_str`]).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming both accepted names.
    fn from_str(name: &str) -> Result<Self> {
        RefreshMethod::ALL
            .into_iter()
            .find(|method| method.as_str() == name)
            .ok_or_else(|| {
                Error::invalid_input(format!(
                    "the refresh method must be '{}' or '{}'",
                    RefreshMethod::InitiateAuth.as_str(),
                    RefreshMethod::GetTokensFromRefreshToken.as_str()
                ))
            })
    }
}

/// Device tracking for the users of one pool.
///
/// A sign-in that announces a new device (`NewDeviceMetadata`, on pools with device tracking)
/// confirms it with `ConfirmDevice` — unless [`DeviceSettings::confirm_new_devices`] is off, in
/// which case [`crate::User::confirm_device`] does it on demand — because Cognito refuses to
/// refresh the tokens of an unconfirmed device. With a [`DeviceStore`], the device's
/// credentials are saved there and every later sign-in of that user sends the saved device key
/// (so a remembered device skips MFA where the pool allows it). Without a store (the default)
/// the credentials live only in the [`crate::User`] that confirmed the device, as
/// amazon-cognito-identity-js keeps them in memory.
#[derive(Clone)]
pub struct DeviceSettings {
    pub(crate) store: Option<Arc<dyn DeviceStore>>,
    pub(crate) confirm_new_devices: bool,
    pub(crate) device_name: String,
    pub(crate) refresh_method: RefreshMethod,
}

impl Default for DeviceSettings {
    fn default() -> Self {
        DeviceSettings {
            store: None,
            confirm_new_devices: true,
            device_name: DEFAULT_DEVICE_NAME.to_owned(),
            refresh_method: RefreshMethod::default(),
        }
    }
}

impl DeviceSettings {
    /// Settings with a device store (and the defaults for the rest).
    pub fn with_store(store: Arc<dyn DeviceStore>) -> Self {
        DeviceSettings {
            store: Some(store),
            ..DeviceSettings::default()
        }
    }

    /// Whether a new device is confirmed right after the sign-in that announced it (default
    /// true, as amazon-cognito-identity-js and Amplify do).
    #[must_use]
    pub fn confirm_new_devices(mut self, confirm: bool) -> Self {
        self.confirm_new_devices = confirm;
        self
    }

    /// The `DeviceName` sent with `ConfirmDevice` (default `cognito-mfa`), e.g. the browser's
    /// user agent or the host name: 1 to 1024 characters, checked by
    /// [`crate::UserPoolBuilder::build`].
    #[must_use]
    pub fn device_name(mut self, name: impl Into<String>) -> Self {
        self.device_name = name.into();
        self
    }

    /// How sessions are refreshed (default `InitiateAuth` with `REFRESH_TOKEN_AUTH`). Both
    /// carry the device key.
    #[must_use]
    pub fn refresh_method(mut self, method: RefreshMethod) -> Self {
        self.refresh_method = method;
        self
    }

    /// True when a device store is set.
    pub fn has_store(&self) -> bool {
        self.store.is_some()
    }

    /// The device store, if any.
    pub fn store(&self) -> Option<&Arc<dyn DeviceStore>> {
        self.store.as_ref()
    }

    /// The refresh method.
    pub fn refresh(&self) -> RefreshMethod {
        self.refresh_method
    }
}

impl DeviceSettings {
    /// Checks the settings (what [`crate::UserPoolBuilder::build`] calls).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty device name or one longer than 1024 characters.
    pub(crate) fn validate(&self) -> Result<()> {
        let chars = self.device_name.chars().count();
        if chars == 0 || chars > MAX_DEVICE_NAME_CHARS {
            return Err(Error::invalid_input(format!(
                "the device name must be 1 to {MAX_DEVICE_NAME_CHARS} characters"
            )));
        }
        Ok(())
    }
}

impl fmt::Debug for DeviceSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceSettings")
            .field("store", &self.store.as_ref().map(|_| "<store>"))
            .field("confirm_new_devices", &self.confirm_new_devices)
            .field("device_name", &self.device_name)
            .field("refresh_method", &self.refresh_method)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_methods_are_named_after_their_operation() {
        for method in RefreshMethod::ALL {
            assert_eq!(method.as_str().parse::<RefreshMethod>().ok(), Some(method));
        }
        assert_eq!(RefreshMethod::InitiateAuth.as_str(), "InitiateAuth");
        let refused = "REFRESH_TOKEN_AUTH".parse::<RefreshMethod>().err();
        assert_eq!(
            refused.map(|e| e.to_string()).as_deref(),
            Some(
                "invalid input: the refresh method must be 'InitiateAuth' or \
                 'GetTokensFromRefreshToken'"
            )
        );
    }

    #[test]
    fn device_names_are_1_to_1024_characters() {
        assert!(DeviceSettings::default().validate().is_ok());
        assert!(
            DeviceSettings::default()
                .device_name("é".repeat(1024))
                .validate()
                .is_ok()
        );
        for bad in [String::new(), "x".repeat(1025)] {
            let refused = DeviceSettings::default().device_name(bad).validate();
            assert_eq!(
                refused.err().map(|e| e.code().to_owned()).as_deref(),
                Some("InvalidInputError")
            );
        }
    }
}
