//! Device tracking: `ConfirmDevice`, `UpdateDeviceStatus`, `GetDevice`, `ListDevices`,
//! `ForgetDevice`, and the admin forms `AdminGetDevice`, `AdminListDevices`,
//! `AdminUpdateDeviceStatus`, `AdminForgetDevice`.
//!
//! The user forms act on the caller of an access token and see only its remembered
//! (confirmed and remembered) devices; the admin forms name the pool and the user and see
//! every tracked device. A device that is unknown, forgotten or another user's is
//! `ResourceNotFoundException: Device does not exist.` — except at `ConfirmDevice`, which
//! answers `InvalidParameterException: Invalid device key given.` as Cognito does.

use std::sync::Arc;

use cognito_mfa::device::verifier_from_config;
use cognito_mfa::protocol::device::{
    ConfirmDeviceRequest, ConfirmDeviceResponse, DeviceRememberedStatus, ForgetDeviceRequest,
    GetDeviceRequest, GetDeviceResponse, ListDevicesRequest, ListDevicesResponse,
    MAX_LIST_DEVICES_LIMIT, UpdateDeviceStatusRequest,
};
use parking_lot::Mutex;
use serde::Serialize;
use serde_json::{Value, json};

use super::admin::{page_start, page_token};
use super::tokens::authenticate;
use super::{Ctx, missing_parameter};
use crate::error::{ServiceError, codes};
use crate::state::Pool;
use crate::state::device::device_not_found;
use crate::state::user::User;
use crate::wire::Input;

/// A response built from one of the core's response types.
fn answer<T: Serialize>(response: &T) -> Result<Value, ServiceError> {
    serde_json::to_value(response)
        .map_err(|_| ServiceError::internal("a response could not be serialized"))
}

/// Whose devices a request acts on, and which of them it may see.
struct Owner {
    pool: Arc<Pool>,
    user: Arc<Mutex<User>>,
    /// The user forms see only remembered devices; the admin forms see every tracked one.
    remembered_only: bool,
}

impl Owner {
    /// The caller of an access token (the user forms).
    fn caller(ctx: &Ctx<'_>, token: Option<&str>) -> Result<Owner, ServiceError> {
        let token = token.ok_or_else(|| missing_parameter("AccessToken"))?;
        let caller = authenticate(ctx, token)?;
        Ok(Owner {
            pool: caller.pool,
            user: caller.user,
            remembered_only: true,
        })
    }

    /// `UserPoolId` and `Username` (the admin forms).
    fn named(ctx: &Ctx<'_>, input: &Input) -> Result<Owner, ServiceError> {
        let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
        let user = pool.user(input.req_str("Username")?)?;
        Ok(Owner {
            pool,
            user,
            remembered_only: false,
        })
    }

    /// `<user name>.<pool id>`, the `dev:device_owner` of the user's devices.
    fn owner_name(&self, user: &User) -> String {
        format!("{}.{}", user.username, self.pool.id)
    }

    /// One device, as `GetDevice` / `AdminGetDevice` answer it.
    fn get(&self, key: &str) -> Result<Value, ServiceError> {
        let user = self.user.lock();
        let device = user
            .devices
            .get(key)
            .filter(|d| !self.remembered_only || d.trusted())
            .ok_or_else(device_not_found)?;
        let device = device.to_type(&self.owner_name(&user), &self.pool.region);
        answer(&GetDeviceResponse { device })
    }

    /// One page of devices (`ListDevices` / `AdminListDevices`), ordered by key.
    fn list(&self, limit: Option<u32>, token: Option<&str>) -> Result<Value, ServiceError> {
        let limit = match limit {
            None | Some(0) => MAX_LIST_DEVICES_LIMIT,
            Some(n) => n,
        };
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let start = page_start(token)?;
        let user = self.user.lock();
        let owner = self.owner_name(&user);
        let mut visible = user
            .devices
            .after(start.as_deref())
            .filter(|d| !self.remembered_only || d.trusted());
        let page: Vec<_> = visible.by_ref().take(limit).collect();
        let pagination_token = match (visible.next(), page.last()) {
            (Some(_), Some(last)) => Some(page_token(&last.key)),
            _ => None,
        };
        answer(&ListDevicesResponse {
            devices: page
                .into_iter()
                .map(|d| d.to_type(&owner, &self.pool.region))
                .collect(),
            pagination_token,
        })
    }

    /// `UpdateDeviceStatus` / `AdminUpdateDeviceStatus` (no status: nothing changes).
    fn update(
        &self,
        now: u64,
        key: &str,
        status: Option<DeviceRememberedStatus>,
    ) -> Result<Value, ServiceError> {
        let mut user = self.user.lock();
        let device = user.devices.get_mut(key).ok_or_else(device_not_found)?;
        if let Some(status) = status {
            device.remembered = status == DeviceRememberedStatus::Remembered;
            device.modified = now;
        }
        Ok(json!({}))
    }

    /// `ForgetDevice` / `AdminForgetDevice`: the key is unknown from now on, and a sign-in
    /// naming it is refused.
    fn forget(&self, key: &str) -> Result<Value, ServiceError> {
        if self.user.lock().devices.forget(key) {
            Ok(json!({}))
        } else {
            Err(device_not_found())
        }
    }
}

/// `DeviceRememberedStatus` of an admin request.
fn status_of(input: &Input) -> Option<DeviceRememberedStatus> {
    input
        .str("DeviceRememberedStatus")
        .and_then(DeviceRememberedStatus::from_wire)
}

/// `ConfirmDevice`: stores the verifier of a tracked device of the caller. The device is
/// remembered at once, unless the pool remembers devices only on the user's word
/// (`UserConfirmationNecessary: true`).
///
/// # Errors
/// `InvalidParameterException: Invalid device key given.` for a key that is not a device of
/// the caller (or a pool without device tracking), or a missing or malformed verifier;
/// `DeviceKeyExistsException` for a device confirmed already; the access token's errors.
pub(crate) fn confirm_device(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let request: ConfirmDeviceRequest = input.decode()?;
    let caller = authenticate(ctx, request.access_token.expose())?;
    let invalid_key = || ServiceError::invalid_parameter("Invalid device key given.");
    let tracking = caller.pool.config.read().devices.ok_or_else(invalid_key)?;
    let config = request
        .device_secret_verifier_config
        .ok_or_else(|| missing_parameter("DeviceSecretVerifierConfig"))?;
    let verifier = verifier_from_config(&config)
        .map_err(|_| ServiceError::invalid_parameter("Invalid DeviceSecretVerifierConfig."))?;
    let mut user = caller.user.lock();
    let device = user
        .devices
        .get_mut(&request.device_key)
        .ok_or_else(invalid_key)?;
    if device.confirmed() {
        return Err(ServiceError::new(
            codes::DEVICE_KEY_EXISTS,
            "Device key already exists.",
        ));
    }
    let prompt = tracking.device_only_remembered_on_user_prompt;
    device.verifier = Some(verifier);
    device.name = request.device_name;
    device.remembered = !prompt;
    device.modified = ctx.now;
    answer(&ConfirmDeviceResponse {
        user_confirmation_necessary: prompt,
    })
}

pub(crate) fn update_device_status(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let request: UpdateDeviceStatusRequest = input.decode()?;
    Owner::caller(ctx, Some(request.access_token.expose()))?.update(
        ctx.now,
        &request.device_key,
        request.device_remembered_status,
    )
}

pub(crate) fn get_device(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let request: GetDeviceRequest = input.decode()?;
    let token = request.access_token.as_ref().map(|t| t.expose());
    Owner::caller(ctx, token)?.get(&request.device_key)
}

pub(crate) fn list_devices(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let request: ListDevicesRequest = input.decode()?;
    Owner::caller(ctx, Some(request.access_token.expose()))?
        .list(request.limit, request.pagination_token.as_deref())
}

pub(crate) fn forget_device(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let request: ForgetDeviceRequest = input.decode()?;
    let token = request.access_token.as_ref().map(|t| t.expose());
    Owner::caller(ctx, token)?.forget(&request.device_key)
}

pub(crate) fn admin_get_device(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    Owner::named(ctx, input)?.get(input.req_str("DeviceKey")?)
}

pub(crate) fn admin_list_devices(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let limit = input.int("Limit").and_then(|n| u32::try_from(n).ok());
    Owner::named(ctx, input)?.list(limit, input.str("PaginationToken"))
}

pub(crate) fn admin_update_device_status(
    ctx: &Ctx<'_>,
    input: &Input,
) -> Result<Value, ServiceError> {
    Owner::named(ctx, input)?.update(ctx.now, input.req_str("DeviceKey")?, status_of(input))
}

pub(crate) fn admin_forget_device(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    Owner::named(ctx, input)?.forget(input.req_str("DeviceKey")?)
}
