//! Remembered devices in a sign-in, in a pool with a `DeviceConfiguration`:
//!
//! * the device a sign-in names (`DEVICE_KEY` of `USER_PASSWORD_AUTH` or of the
//!   `PASSWORD_VERIFIER` answer) must be one of the user's ([`named_device`]);
//! * when MFA would be asked, `ChallengeRequiredOnNewDevice` is true and that device is
//!   confirmed and remembered, `DEVICE_SRP_AUTH` replaces the MFA challenge
//!   ([`instead_of_mfa`]); its answer gets `DEVICE_PASSWORD_VERIFIER`, the server half of SRP
//!   with the device's verifier (the `DeviceGroupKey` as the pool name, the `DeviceKey` as the
//!   user), whose verified signature gets the tokens;
//! * the tokens are issued to the sign-in's device, or to a device minted for this sign-in
//!   (`NewDeviceMetadata`) ([`device_for_tokens`]).

use std::sync::Arc;

use cognito_mfa::protocol::auth::keys;
use cognito_mfa::srp::SrpServer;
use parking_lot::Mutex;
use serde_json::{Map, Value, json};

use super::{Params, SignIn, blocking, param};
use crate::error::ServiceError;
use crate::random;
use crate::state::device::device_not_found;
use crate::state::session::{Step, TakenSession};
use crate::state::user::User;

/// The device `DEVICE_KEY` names among `params`, in a pool that tracks devices (elsewhere the
/// key is ignored).
///
/// # Errors
/// `ResourceNotFoundException: Device does not exist.` when the key is not a device of
/// `user` (unknown, forgotten, another user's).
pub(super) fn named_device(
    sign_in: &SignIn<'_>,
    user: &Arc<Mutex<User>>,
    params: &Params,
) -> Result<Option<String>, ServiceError> {
    if sign_in.pool.config.read().devices.is_none() {
        return Ok(None);
    }
    let Some(key) = params.get(keys::DEVICE_KEY) else {
        return Ok(None);
    };
    if user.lock().devices.get(key).is_some() {
        Ok(Some(key.clone()))
    } else {
        Err(device_not_found())
    }
}

/// `DEVICE_SRP_AUTH` in place of the MFA challenge, when the pool lets a remembered device
/// stand in for the code and the sign-in's device is confirmed and remembered.
///
/// # Errors
/// `InternalErrorException` if the session cannot be stored.
pub(super) fn instead_of_mfa(
    sign_in: SignIn<'_>,
    user: &Arc<Mutex<User>>,
) -> Result<Option<Value>, ServiceError> {
    let suppresses = sign_in
        .pool
        .config
        .read()
        .devices
        .is_some_and(|d| d.challenge_required_on_new_device);
    let Some(key) = sign_in.device.filter(|_| suppresses) else {
        return Ok(None);
    };
    let (trusted, username) = {
        let locked = user.lock();
        (
            locked.devices.get(key).is_some_and(|d| d.trusted()),
            locked.username.clone(),
        )
    };
    if !trusted {
        return Ok(None);
    }
    let mut params = Map::new();
    params.insert(keys::USERNAME.into(), username.clone().into());
    sign_in
        .challenge(&username, Step::DeviceSrpAuth, params)
        .map(Some)
}

/// The device key an answer to a device challenge must carry: the session's.
///
/// # Errors
/// `InvalidParameterException` when `DEVICE_KEY` is missing; `ResourceNotFoundException`
/// when it is another device.
fn check_device_key(responses: &Params, expected: Option<&str>) -> Result<String, ServiceError> {
    let given = param(responses, keys::DEVICE_KEY)?;
    match expected {
        Some(key) if key == given => Ok(key.to_owned()),
        _ => Err(device_not_found()),
    }
}

/// `DEVICE_SRP_AUTH {USERNAME, DEVICE_KEY, SRP_A, SECRET_HASH?}` → `DEVICE_PASSWORD_VERIFIER
/// {SRP_B, SALT, SECRET_BLOCK, DEVICE_KEY, USERNAME}` with a new session. The session is spent
/// once the answer is well-formed.
pub(super) async fn device_srp_auth(
    sign_in: SignIn<'_>,
    user: &Arc<Mutex<User>>,
    responses: &Params,
    session: TakenSession<'_>,
) -> Result<Value, ServiceError> {
    let device_key = check_device_key(responses, session.device_key.as_deref())?;
    let srp_a = param(responses, keys::SRP_A)?.to_owned();
    if srp_a.is_empty() || !srp_a.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ServiceError::invalid_parameter(format!(
            "{} is not a valid hexadecimal number.",
            keys::SRP_A
        )));
    }
    session.consume();
    let (verifier, username) = {
        let locked = user.lock();
        let device = locked
            .devices
            .get(&device_key)
            .filter(|d| d.trusted())
            .ok_or_else(device_not_found)?;
        (device.verifier.clone(), locked.username.clone())
    };
    let verifier = verifier.ok_or_else(device_not_found)?;
    let server =
        blocking(move || SrpServer::new_random(&verifier).map_err(|e| ServiceError::from_core(&e)))
            .await?;
    let secret_block = random::handle_base64(128)?;
    let mut params = Map::new();
    for (key, value) in [
        (keys::SRP_B, server.srp_b()),
        (keys::SALT, server.salt_hex()),
        (keys::SECRET_BLOCK, secret_block.clone()),
        (keys::DEVICE_KEY, device_key),
        (keys::USERNAME, username.clone()),
    ] {
        params.insert(key.to_owned(), value.into());
    }
    let step = Step::DevicePasswordVerifier {
        server: Box::new(server),
        srp_a,
        secret_block,
    };
    sign_in.challenge(&username, step, params)
}

/// `DEVICE_PASSWORD_VERIFIER {USERNAME, DEVICE_KEY, PASSWORD_CLAIM_SECRET_BLOCK,
/// PASSWORD_CLAIM_SIGNATURE, TIMESTAMP, SECRET_HASH?}` (the user and `SECRET_HASH` are checked
/// by the caller, as for every challenge): the device's proof; any well-formed answer spends
/// the session, a right one gets the tokens (no new device).
///
/// # Errors
/// `NotAuthorizedException: Incorrect username or password.` for a wrong signature or secret
/// block; `ResourceNotFoundException` for a device forgotten meanwhile.
pub(super) async fn device_password_verifier(
    sign_in: SignIn<'_>,
    user: &Arc<Mutex<User>>,
    responses: &Params,
    session: TakenSession<'_>,
) -> Result<Value, ServiceError> {
    let device_key = check_device_key(responses, session.device_key.as_deref())?;
    let block = param(responses, keys::PASSWORD_CLAIM_SECRET_BLOCK)?.to_owned();
    let signature = param(responses, keys::PASSWORD_CLAIM_SIGNATURE)?.to_owned();
    let timestamp = param(responses, keys::TIMESTAMP)?.to_owned();
    let Step::DevicePasswordVerifier {
        server,
        srp_a,
        secret_block,
    } = session.consume().step
    else {
        return Err(ServiceError::invalid_session());
    };
    super::check_timestamp(sign_in.ctx, &timestamp)?;
    if block != secret_block {
        return Err(ServiceError::incorrect_credentials());
    }
    let group_key = user.lock().devices.group_key()?;
    let key = device_key.clone();
    let verified = blocking(move || {
        Ok(server
            .verify_claim(&group_key, &key, &srp_a, &block, &timestamp, &signature)
            .is_ok())
    })
    .await?;
    if !verified {
        return Err(ServiceError::incorrect_credentials());
    }
    if !user
        .lock()
        .devices
        .get(&device_key)
        .is_some_and(|d| d.trusted())
    {
        return Err(device_not_found());
    }
    let sign_in = SignIn {
        device: Some(&device_key),
        ..sign_in
    };
    sign_in.issue_tokens(user).await
}

/// The device the tokens of a sign-in go to, in a pool that tracks devices: the sign-in's own
/// device (its last sign-in moves to now), or a new one, tracked and not confirmed, announced
/// as `NewDeviceMetadata {DeviceKey, DeviceGroupKey}`.
///
/// # Errors
/// `InternalErrorException` if the random generator fails.
pub(super) fn device_for_tokens(
    sign_in: &SignIn<'_>,
    user: &Arc<Mutex<User>>,
) -> Result<(Option<String>, Option<Value>), ServiceError> {
    if sign_in.pool.config.read().devices.is_none() {
        return Ok((None, None));
    }
    let now = sign_in.ctx.now;
    let mut locked = user.lock();
    if let Some(device) = sign_in.device.and_then(|key| locked.devices.get_mut(key)) {
        device.last_authenticated = now;
        return Ok((Some(device.key.clone()), None));
    }
    let (key, group_key) = locked.devices.mint(&sign_in.pool.region, now)?;
    let metadata = json!({"DeviceKey": key, "DeviceGroupKey": group_key});
    Ok((Some(key), Some(metadata)))
}
