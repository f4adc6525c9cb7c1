//! [`DeviceSettings`]: how the users of a pool track their device, set once on the
//! [`crate::UserPoolBuilder`].

use std::fmt;
use std::sync::Arc;

use super::DeviceStore;

/// The device name sent with `ConfirmDevice` unless another is set.
pub const DEFAULT_DEVICE_NAME: &str = "cognito-mfa";

/// How a session is refreshed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RefreshMethod {
    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH` (what amazon-cognito-identity-js does).
    #[default]
    InitiateAuth,
    /// `GetTokensFromRefreshToken` (what Amplify v6 does; it supports refresh-token rotation).
    GetTokensFromRefreshToken,
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
    /// user agent or the host name.
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
