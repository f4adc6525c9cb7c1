//! Sign-in, one module per step:
//!
//! * [`initiate`] — `InitiateAuth` / `AdminInitiateAuth`: `USER_SRP_AUTH`,
//!   `USER_PASSWORD_AUTH`, `ADMIN_USER_PASSWORD_AUTH` and `REFRESH_TOKEN_AUTH`;
//! * [`respond`] — `RespondToAuthChallenge` / `AdminRespondToAuthChallenge`:
//!   `PASSWORD_VERIFIER`, `NEW_PASSWORD_REQUIRED`, `SMS_MFA`, `EMAIL_OTP`,
//!   `SOFTWARE_TOKEN_MFA`, `SELECT_MFA_TYPE` and `MFA_SETUP`;
//! * [`mfa_policy`] — what follows a correct password: the account status, then the pool's
//!   MFA configuration (`OFF` / `OPTIONAL` / `ON`) and the user's factors;
//! * [`device_srp`] — remembered devices in a sign-in: the device a sign-in names,
//!   `DEVICE_SRP_AUTH` / `DEVICE_PASSWORD_VERIFIER` in place of the MFA code, and the device
//!   the tokens are issued to (`NewDeviceMetadata` for a new one).
//!
//! This module holds what they share: reading the request, issuing a challenge session and
//! taking one back ([`take_session`]).

mod device_srp;
mod initiate;
mod mfa_policy;
mod respond;

use std::collections::BTreeMap;
use std::sync::Arc;

use cognito_mfa::protocol::auth::keys;
use parking_lot::Mutex;
use serde_json::{Map, Value, json};

pub(crate) use initiate::initiate_auth;
pub(crate) use respond::respond;

use super::{Ctx, missing_parameter};
use crate::error::ServiceError;
use crate::random;
use crate::state::session::{Step, TakenSession};
use crate::state::user::User;
use crate::state::{AppClient, Pool, Session};
use crate::wire::Input;

/// `AuthParameters` or `ChallengeResponses`.
pub(crate) type Params = BTreeMap<String, String>;

/// Runs CPU-heavy work (SRP modular exponentiation) on the blocking pool, away from the async
/// threads and with no lock held.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ServiceError> + Send + 'static,
) -> Result<T, ServiceError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| ServiceError::internal("a background computation was interrupted"))?
}

/// A required parameter.
///
/// # Errors
/// `InvalidParameterException: Missing required parameter NAME`.
fn param<'a>(params: &'a Params, name: &str) -> Result<&'a str, ServiceError> {
    params
        .get(name)
        .map(String::as_str)
        .ok_or_else(|| missing_parameter(name))
}

/// The app client (and its pool) a sign-in request names: by `ClientId` alone, or, for the
/// `Admin*` operations, by `UserPoolId` and `ClientId` together.
fn app_client(
    ctx: &Ctx<'_>,
    input: &Input,
    admin: bool,
) -> Result<(Arc<AppClient>, Arc<Pool>), ServiceError> {
    if admin {
        ctx.world
            .pool_client(input.req_str("UserPoolId")?, input.req_str("ClientId")?)
    } else {
        ctx.world.client(input.req_str("ClientId")?)
    }
}

/// Checks an SRP answer's `TIMESTAMP`: Cognito's format, and, with
/// `Settings::srp_timestamp_tolerance_seconds`, close to the virtual clock.
///
/// # Errors
/// `InvalidParameterException` for another format, `NotAuthorizedException: Incorrect
/// username or password.` for a time too far off.
fn check_timestamp(ctx: &Ctx<'_>, timestamp: &str) -> Result<(), ServiceError> {
    let stamped = cognito_mfa::srp::parse_timestamp(timestamp).map_err(|_| {
        ServiceError::invalid_parameter(format!(
            "{} format should be EEE MMM d HH:mm:ss z yyyy in english.",
            keys::TIMESTAMP
        ))
    })?;
    if let Some(tolerance) = ctx.settings().srp_timestamp_tolerance_seconds
        && stamped.abs_diff(ctx.now) > tolerance
    {
        return Err(ServiceError::incorrect_credentials());
    }
    Ok(())
}

/// When a session issued now for `client` expires.
fn session_expiry(ctx: &Ctx<'_>, client: &AppClient) -> u64 {
    ctx.now
        .saturating_add(u64::from(client.auth_session_validity_minutes).saturating_mul(60))
}

/// One sign-in request being served: the request's context, the app client and its pool,
/// whether the sign-in goes through the admin API, and the known device it names.
#[derive(Clone, Copy)]
pub(crate) struct SignIn<'a> {
    pub(crate) ctx: &'a Ctx<'a>,
    pub(crate) pool: &'a Arc<Pool>,
    pub(crate) client: &'a Arc<AppClient>,
    pub(crate) admin: bool,
    /// A device of the user (`DEVICE_KEY`) in a pool that tracks devices.
    pub(crate) device: Option<&'a str>,
}

impl SignIn<'_> {
    /// Stores a new session for `username` at `step` under `handle`.
    fn store_session(
        &self,
        handle: String,
        username: &str,
        step: Step,
    ) -> Result<(), ServiceError> {
        let session = Session {
            client_id: self.client.id.clone(),
            username: username.to_owned(),
            step,
            expires_at: session_expiry(self.ctx, self.client),
            wrong_codes: 0,
            admin: self.admin,
            device_key: self.device.map(str::to_owned),
        };
        self.ctx
            .world
            .sessions
            .insert(handle, session, self.ctx.now)
    }

    /// Issues a new challenge with a fresh session:
    /// `{ChallengeName, Session, ChallengeParameters}`.
    fn challenge(
        &self,
        username: &str,
        step: Step,
        params: Map<String, Value>,
    ) -> Result<Value, ServiceError> {
        let name = step.challenge_name();
        let handle = random::handle_base64(96)?;
        self.store_session(handle.clone(), username, step)?;
        Ok(
            json!({"ChallengeName": name.as_str(), "Session": handle, "ChallengeParameters": params}),
        )
    }

    /// Tokens for `user`, issued to the sign-in's device, or in a pool that tracks devices to
    /// a new one (`NewDeviceMetadata`).
    async fn issue_tokens(&self, user: &Arc<Mutex<User>>) -> Result<Value, ServiceError> {
        let (device_key, new_device) = device_srp::device_for_tokens(self, user)?;
        let mut answer = super::tokens::issue(
            self.ctx,
            self.pool,
            self.client,
            user,
            None,
            device_key.as_deref(),
        )
        .await?;
        if let (Some(metadata), Some(result)) = (
            new_device,
            answer
                .get_mut("AuthenticationResult")
                .and_then(Value::as_object_mut),
        ) {
            result.insert("NewDeviceMetadata".into(), metadata);
        }
        Ok(answer)
    }
}

/// Takes a challenge session for `client` (any client when `None`); dropped unconsumed, it
/// goes back.
///
/// # Errors
/// `NotAuthorizedException` "Invalid session for the user." (unknown, used, another client's)
/// or "... session is expired." — expired and foreign sessions stay where they were.
pub(crate) fn take_session<'a>(
    ctx: &'a Ctx<'_>,
    handle: &str,
    client_id: Option<&str>,
) -> Result<TakenSession<'a>, ServiceError> {
    let session = TakenSession::take(&ctx.world.sessions, handle, ctx.now)?
        .ok_or_else(ServiceError::invalid_session)?;
    if session.expires_at <= ctx.now {
        return Err(ServiceError::expired_session());
    }
    if client_id.is_some_and(|id| id != session.client_id) {
        return Err(ServiceError::invalid_session());
    }
    Ok(session)
}
