//! Managing a signed-in user's devices: remember or not, forget, list, get
//! (`UpdateDeviceStatus`, `ForgetDevice`, `ListDevices`, `GetDevice`), with the names of
//! amazon-cognito-identity-js's `CognitoUser`.

use crate::client::Retry;
use crate::error::{Error, Result};
use crate::protocol::SecretString;
use crate::protocol::device::{
    DeviceRememberedStatus, DeviceType, ForgetDeviceRequest, GetDeviceRequest, ListDevicesRequest,
    ListDevicesResponse, MAX_LIST_DEVICES_LIMIT, UpdateDeviceStatusRequest,
};
use crate::user::User;

/// The most pages [`User::list_all_devices`] reads, so that an endpoint that keeps answering
/// with a pagination token cannot keep the client busy forever.
const MAX_PAGES: usize = 1000;

impl User {
    /// The access token, and the device key given or else this user's own device.
    fn device_call(&self, device_key: Option<&str>) -> Result<(SecretString, String)> {
        let (_, access_token, _) = self.signed_in()?;
        let key = match device_key {
            Some(key) => key.to_owned(),
            None => self.device_key().ok_or(Error::NoDevice)?,
        };
        Ok((access_token, key))
    }

    /// Marks this user's device as remembered (`UpdateDeviceStatus`): where the pool allows
    /// it, its later sign-ins skip MFA (identity-js's `setDeviceStatusRemembered`).
    ///
    /// # Errors
    /// [`Error::NotSignedIn`]; [`Error::NoDevice`] when no device is known; [`Error::Service`]
    /// (`ResourceNotFoundException` for a device forgotten at the service...); transport
    /// errors.
    pub async fn set_device_status_remembered(&self) -> Result<()> {
        self.update_device_status(None, DeviceRememberedStatus::Remembered)
            .await
    }

    /// Marks this user's device as not remembered: it stays tracked, and its sign-ins are
    /// asked for MFA again (identity-js's `setDeviceStatusNotRemembered`).
    ///
    /// # Errors
    /// As [`User::set_device_status_remembered`].
    pub async fn set_device_status_not_remembered(&self) -> Result<()> {
        self.update_device_status(None, DeviceRememberedStatus::NotRemembered)
            .await
    }

    /// Sets the remembered status of a device of this user: `device_key`, or this user's own
    /// device when `None`.
    ///
    /// # Errors
    /// As [`User::set_device_status_remembered`].
    pub async fn update_device_status(
        &self,
        device_key: Option<&str>,
        status: DeviceRememberedStatus,
    ) -> Result<()> {
        let _operation = self.operation.lock().await;
        let (access_token, device_key) = self.device_call(device_key)?;
        let request = UpdateDeviceStatusRequest {
            access_token,
            device_key,
            device_remembered_status: Some(status),
        };
        self.pool.send(&request, Retry::Never).await?;
        Ok(())
    }

    /// Forgets this user's device at the service (`ForgetDevice`) and here: its credentials
    /// leave the device store, and the next sign-in is a new device (identity-js's
    /// `forgetDevice`).
    ///
    /// # Errors
    /// [`Error::NotSignedIn`]; [`Error::NoDevice`]; [`Error::Service`]; [`Error::DeviceStore`];
    /// transport errors. When the service refuses, nothing is forgotten here.
    pub async fn forget_device(&self) -> Result<()> {
        let key = self.device_key().ok_or(Error::NoDevice)?;
        self.forget_specific_device(&key).await
    }

    /// Forgets one device of this user at the service (identity-js's `forgetSpecificDevice`),
    /// e.g. one from [`User::list_all_devices`]; when it is this user's own device, it is also
    /// forgotten here.
    ///
    /// # Errors
    /// As [`User::forget_device`].
    pub async fn forget_specific_device(&self, device_key: &str) -> Result<()> {
        let _operation = self.operation.lock().await;
        let (access_token, device_key) = self.device_call(Some(device_key))?;
        let request = ForgetDeviceRequest {
            device_key: device_key.clone(),
            access_token: Some(access_token),
        };
        self.pool.send(&request, Retry::Never).await?;
        if self.device_key().as_deref() == Some(device_key.as_str()) {
            self.drop_device().await?;
        }
        Ok(())
    }

    /// One page of this user's remembered devices (`ListDevices`; identity-js's
    /// `listDevices`): at most `limit` (0 to 60, the service's default when `None`), from the
    /// page `pagination_token` names.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a limit above 60; [`Error::NotSignedIn`];
    /// [`Error::Service`]; transport errors.
    pub async fn list_devices(
        &self,
        limit: Option<u32>,
        pagination_token: Option<&str>,
    ) -> Result<ListDevicesResponse> {
        if limit.is_some_and(|limit| limit > MAX_LIST_DEVICES_LIMIT) {
            return Err(Error::invalid_input(format!(
                "the device list limit is at most {MAX_LIST_DEVICES_LIMIT}"
            )));
        }
        let _operation = self.operation.lock().await;
        let (_, access_token, _) = self.signed_in()?;
        let request = ListDevicesRequest {
            access_token,
            limit,
            pagination_token: pagination_token.map(str::to_owned),
        };
        self.pool.send(&request, Retry::Safe).await
    }

    /// Every remembered device of this user, reading all pages of `ListDevices`.
    ///
    /// # Errors
    /// As [`User::list_devices`]; [`Error::UnexpectedResponse`] when the service keeps
    /// answering with more pages than any user has devices.
    pub async fn list_all_devices(&self) -> Result<Vec<DeviceType>> {
        let mut devices = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let page = self
                .list_devices(Some(MAX_LIST_DEVICES_LIMIT), token.as_deref())
                .await?;
            devices.extend(page.devices);
            match page.pagination_token.filter(|t| !t.is_empty()) {
                Some(next) if Some(&next) != token.as_ref() => token = Some(next),
                Some(_) => {
                    return Err(Error::unexpected(
                        "ListDevices: the same PaginationToken twice",
                    ));
                }
                None => return Ok(devices),
            }
        }
        Err(Error::unexpected(format!(
            "ListDevices: more than {MAX_PAGES} pages"
        )))
    }

    /// One device of this user (`GetDevice`; identity-js's `getDevice`): `device_key`, or this
    /// user's own device when `None`.
    ///
    /// # Errors
    /// [`Error::NotSignedIn`]; [`Error::NoDevice`]; [`Error::Service`]
    /// (`ResourceNotFoundException` for a device that is not remembered or was forgotten);
    /// transport errors.
    pub async fn get_device(&self, device_key: Option<&str>) -> Result<DeviceType> {
        let _operation = self.operation.lock().await;
        let (access_token, device_key) = self.device_call(device_key)?;
        let request = GetDeviceRequest {
            device_key,
            access_token: Some(access_token),
        };
        Ok(self.pool.send(&request, Retry::Safe).await?.device)
    }
}
