//! What follows a correct password: the account status (`NEW_PASSWORD_REQUIRED`, unconfirmed,
//! reset required), then the pool's MFA configuration and the user's factors decide between
//! tokens, one factor's challenge, `SELECT_MFA_TYPE` and `MFA_SETUP`.
//!
//! * `OFF`: tokens.
//! * `OPTIONAL`: tokens for a user with no usable factor the pool offers.
//! * `ON`: `MFA_SETUP` (listing the factors the pool offers) for such a user.
//! * Otherwise `DEVICE_SRP_AUTH` for a remembered device of a pool that lets one stand in
//!   for the code; else the preferred factor if it is usable, else the only usable one, else
//!   `SELECT_MFA_TYPE` listing them.

use std::sync::Arc;

use cognito_mfa::protocol::MfaType;
use cognito_mfa::protocol::auth::keys;
use parking_lot::Mutex;
use serde_json::{Map, Value};

use super::SignIn;
use crate::error::{ServiceError, codes};
use crate::random;
use crate::state::pool::MfaMode;
use crate::state::session::Step;
use crate::state::user::{User, UserStatus, mask_email, mask_phone, mfa_list_param};
use crate::state::{Message, Pool};

/// After a correct password: the account status, then MFA.
pub(super) async fn after_password(
    sign_in: SignIn<'_>,
    user: &Arc<Mutex<User>>,
) -> Result<Value, ServiceError> {
    let (status, enabled, username, attributes) = {
        let locked = user.lock();
        (
            locked.status,
            locked.enabled,
            locked.username.clone(),
            locked.attributes.clone(),
        )
    };
    if !enabled {
        return Err(ServiceError::not_authorized("User is disabled."));
    }
    match status {
        UserStatus::Unconfirmed => Err(ServiceError::new(
            codes::USER_NOT_CONFIRMED,
            "User is not confirmed.",
        )),
        UserStatus::ResetRequired => Err(ServiceError::new(
            codes::PASSWORD_RESET_REQUIRED,
            "Password reset required for the user",
        )),
        UserStatus::ForceChangePassword => {
            let visible: Map<String, Value> = attributes
                .into_iter()
                .filter(|(name, _)| name != "sub")
                .map(|(k, v)| (k, Value::String(v)))
                .collect();
            let mut params = Map::new();
            params.insert(keys::USER_ID_FOR_SRP.into(), username.clone().into());
            params.insert(keys::REQUIRED_ATTRIBUTES.into(), "[]".into());
            params.insert(
                keys::USER_ATTRIBUTES.into(),
                Value::Object(visible).to_string().into(),
            );
            sign_in.challenge(&username, Step::NewPasswordRequired, params)
        }
        UserStatus::Confirmed => mfa_step(sign_in, user).await,
    }
}

/// The MFA decision (see the module documentation): tokens, a factor's challenge,
/// `SELECT_MFA_TYPE` or `MFA_SETUP`.
pub(super) async fn mfa_step(
    sign_in: SignIn<'_>,
    user: &Arc<Mutex<User>>,
) -> Result<Value, ServiceError> {
    let (mode, offered) = {
        let config = sign_in.pool.config.read();
        (config.mfa, config.offered_factors())
    };
    if mode == MfaMode::Off {
        return sign_in.issue_tokens(user).await;
    }
    let (enabled, preferred, username) = {
        let locked = user.lock();
        (
            locked.enabled_factors(&offered),
            locked.preferred,
            locked.username.clone(),
        )
    };
    if enabled.is_empty() {
        if mode == MfaMode::Optional {
            return sign_in.issue_tokens(user).await;
        }
        let mut params = Map::new();
        params.insert(keys::MFAS_CAN_SETUP.into(), mfa_list_param(&offered).into());
        return sign_in.challenge(&username, Step::MfaSetup { can_setup: offered }, params);
    }
    if let Some(device_srp) = super::device_srp::instead_of_mfa(sign_in, user)? {
        return Ok(device_srp);
    }
    let chosen = preferred.filter(|p| enabled.contains(p)).or_else(|| {
        if enabled.len() == 1 {
            enabled.first().copied()
        } else {
            None
        }
    });
    match chosen {
        Some(kind) => factor_challenge(sign_in, user, kind),
        None => {
            let mut params = Map::new();
            params.insert(
                keys::MFAS_CAN_CHOOSE.into(),
                mfa_list_param(&enabled).into(),
            );
            sign_in.challenge(&username, Step::SelectMfaType { choices: enabled }, params)
        }
    }
}

/// Where a code of `kind` goes: the user's unmasked address, its masked form for
/// `CODE_DELIVERY_DESTINATION`, and the pool's message template.
fn code_destination(
    pool: &Pool,
    user: &User,
    kind: MfaType,
) -> Result<(String, String, String), ServiceError> {
    let config = pool.config.read();
    let (attribute, mask, template): (_, fn(&str) -> String, _) = match kind {
        MfaType::SmsMfa => (
            "phone_number",
            mask_phone,
            &config.sms_authentication_message,
        ),
        _ => ("email", mask_email, &config.email_mfa_message),
    };
    let address = user.attribute(attribute).ok_or_else(|| {
        ServiceError::invalid_parameter(if kind == MfaType::SmsMfa {
            "User does not have a phone_number to send the SMS MFA code to."
        } else {
            "User does not have an email to send the EMAIL_OTP code to."
        })
    })?;
    Ok((address.to_owned(), mask(address), template.clone()))
}

/// Issues the challenge of one factor, sending the SMS / e-mail code if needed.
pub(super) fn factor_challenge(
    sign_in: SignIn<'_>,
    user: &Arc<Mutex<User>>,
    kind: MfaType,
) -> Result<Value, ServiceError> {
    let SignIn { ctx, pool, .. } = sign_in;
    let mut params = Map::new();
    let username = user.lock().username.clone();
    let step = match (kind, kind.delivery_medium()) {
        (MfaType::SoftwareTokenMfa, _) => {
            let friendly = user
                .lock()
                .software_token
                .as_ref()
                .and_then(|t| t.friendly_name.clone());
            if let Some(name) = friendly {
                params.insert(keys::FRIENDLY_DEVICE_NAME.into(), name.into());
            }
            Step::SoftwareTokenMfa
        }
        (MfaType::SmsMfa | MfaType::EmailOtp, Some(medium)) => {
            let (destination, masked, template) = code_destination(pool, &user.lock(), kind)?;
            let code = random::code6()?;
            ctx.world.send(Message {
                pool_id: pool.id.clone(),
                username: username.clone(),
                destination,
                medium: medium.to_owned(),
                code: code.expose().to_owned(),
                message: template.replace("{####}", code.expose()),
                sent_at: ctx.now,
                purpose: "mfa".to_owned(),
            });
            params.insert(keys::CODE_DELIVERY_DELIVERY_MEDIUM.into(), medium.into());
            params.insert(keys::CODE_DELIVERY_DESTINATION.into(), masked.into());
            let code_expires_at = ctx
                .now
                .saturating_add(ctx.settings().mfa_code_validity_seconds);
            if kind == MfaType::SmsMfa {
                Step::SmsMfa {
                    code,
                    code_expires_at,
                }
            } else {
                Step::EmailOtp {
                    code,
                    code_expires_at,
                }
            }
        }
        _ => {
            return Err(ServiceError::new(
                codes::MFA_METHOD_NOT_FOUND,
                format!("The {kind} MFA method is not supported by the cognito-mfa mock endpoint."),
            ));
        }
    };
    sign_in.challenge(&username, step, params)
}
