//! MFA: AssociateSoftwareToken and VerifySoftwareToken (AccessToken and Session forms),
//! SetUserMFAPreference, AdminSetUserMFAPreference and SetUserSettings (legacy SMS MFA).

use std::sync::Arc;

use cognito_mfa::protocol::{MfaType, SecretString, VerifyStatus};
use cognito_mfa::totp::{ReplayGuard, Secret, Totp};
use parking_lot::Mutex;
use serde_json::{Value, json};

use super::Ctx;
use super::auth::take_session;
use super::tokens::authenticate;
use crate::error::{ServiceError, codes};
use crate::random;
use crate::state::pool::{MfaMode, PoolConfig};
use crate::state::session::Step;
use crate::state::user::{SoftwareToken, User};
use crate::state::{Pool, Session};
use crate::wire::Input;

/// Bytes of a new TOTP secret: 32, so `SecretCode` has 52 base32 characters as Cognito's.
const SECRET_BYTES: usize = 32;

fn totp_not_enabled_for_pool() -> ServiceError {
    ServiceError::new(
        codes::SOFTWARE_TOKEN_MFA_NOT_FOUND,
        "Software Token MFA has not been enabled by the userPool.",
    )
}

fn verify_failed() -> ServiceError {
    ServiceError::new(
        codes::ENABLE_SOFTWARE_TOKEN_MFA,
        "Code mismatch and fail enable Software Token MFA",
    )
}

fn token_or_session(input: &Input) -> Result<(), ServiceError> {
    match (input.has("AccessToken"), input.has("Session")) {
        (true, false) | (false, true) => Ok(()),
        (true, true) => Err(ServiceError::invalid_parameter(
            "Only one of AccessToken or Session may be given.",
        )),
        (false, false) => Err(ServiceError::invalid_parameter(
            "Either AccessToken or Session must be given.",
        )),
    }
}

/// `MFAMethodNotFoundException` for a factor the mock does not know.
fn unknown_factor(kind: MfaType) -> ServiceError {
    ServiceError::new(
        codes::MFA_METHOD_NOT_FOUND,
        format!("The {kind} MFA method is not supported by the cognito-mfa mock endpoint."),
    )
}

fn new_secret() -> Result<Secret, ServiceError> {
    Secret::generate_with_len(SECRET_BYTES).map_err(|e| ServiceError::from_core(&e))
}

fn secret_code(secret: &Secret) -> String {
    secret.to_base32().as_str().to_owned()
}

pub(crate) fn associate_software_token(
    ctx: &Ctx<'_>,
    input: &Input,
) -> Result<Value, ServiceError> {
    token_or_session(input)?;
    if let Some(token) = input.str("AccessToken") {
        let caller = authenticate(ctx, token)?;
        if !caller.pool.config.read().software_token_mfa {
            return Err(totp_not_enabled_for_pool());
        }
        let secret = new_secret()?;
        let code = secret_code(&secret);
        caller.user.lock().pending_secret = Some(secret);
        return Ok(json!({"SecretCode": code}));
    }
    let handle = input.req_str("Session")?;
    let session = take_session(ctx, handle, None)?;
    let allowed = match &session.step {
        Step::MfaSetup { can_setup } => Some(can_setup.contains(&MfaType::SoftwareTokenMfa)),
        Step::MfaSetupAssociated { .. } => Some(true),
        _ => None,
    };
    match allowed {
        None => Err(ServiceError::invalid_session()),
        Some(false) => Err(totp_not_enabled_for_pool()),
        Some(true) => {
            let secret = new_secret()?;
            let code = secret_code(&secret);
            let new_handle = random::handle_base64(96)?;
            let next = Session {
                step: Step::MfaSetupAssociated { secret },
                ..renew(ctx, session.consume())?
            };
            ctx.world
                .sessions
                .insert(new_handle.clone(), next, ctx.now)?;
            Ok(json!({"SecretCode": code, "Session": new_handle}))
        }
    }
}

/// A successor of `session` (same user, client and admin flag) with a fresh lifetime.
fn renew(ctx: &Ctx<'_>, session: Session) -> Result<Session, ServiceError> {
    let (client, _) = ctx.world.client(&session.client_id)?;
    Ok(Session {
        expires_at: ctx
            .now
            .saturating_add(u64::from(client.auth_session_validity_minutes).saturating_mul(60)),
        wrong_codes: 0,
        ..session
    })
}

pub(crate) fn verify_software_token(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    token_or_session(input)?;
    let code = input.req_str("UserCode")?;
    let friendly_name = input.str("FriendlyDeviceName").map(str::to_owned);
    let window = ctx.settings().totp_window_steps;
    if let Some(token) = input.str("AccessToken") {
        let caller = authenticate(ctx, token)?;
        let mut user = caller.user.lock();
        let Some(secret) = user.pending_secret.clone() else {
            return Err(ServiceError::invalid_parameter(
                "User has not associated a software token: call AssociateSoftwareToken first.",
            ));
        };
        let totp = Totp::new(secret);
        let mut guard = ReplayGuard::new();
        guard
            .verify((), &totp, code, ctx.now, window)
            .map_err(|_| verify_failed())?;
        // The new secret replaces the previous one; TOTP stays enabled if it was.
        user.software_token = Some(SoftwareToken {
            totp,
            friendly_name,
        });
        user.replay = guard;
        user.pending_secret = None;
        user.modified = ctx.now;
        return Ok(json!({"Status": VerifyStatus::Success.as_str()}));
    }
    let handle = input.req_str("Session")?;
    let session = take_session(ctx, handle, None)?;
    let Step::MfaSetupAssociated { secret } = &session.step else {
        return Err(ServiceError::invalid_session());
    };
    let secret = secret.clone();
    if Totp::new(secret.clone())
        .verify(code, ctx.now, window)
        .is_err()
    {
        session.wrong_code(ctx.settings().max_code_attempts);
        return Err(verify_failed());
    }
    let new_handle = random::handle_base64(96)?;
    let next = Session {
        step: Step::MfaSetupVerified {
            secret,
            friendly_name,
            code: SecretString::new(code),
            verified_at: ctx.now,
        },
        ..renew(ctx, session.consume())?
    };
    ctx.world
        .sessions
        .insert(new_handle.clone(), next, ctx.now)?;
    Ok(json!({"Status": VerifyStatus::Success.as_str(), "Session": new_handle}))
}

/// One `*MfaSettings` object of a preference call.
#[derive(Clone, Copy)]
struct Choice {
    kind: MfaType,
    enabled: bool,
    preferred: bool,
}

fn choices(input: &Input) -> Vec<Choice> {
    [
        ("SMSMfaSettings", MfaType::SmsMfa),
        ("SoftwareTokenMfaSettings", MfaType::SoftwareTokenMfa),
        ("EmailMfaSettings", MfaType::EmailOtp),
    ]
    .into_iter()
    .filter_map(|(name, kind)| {
        input.object(name).map(|settings| Choice {
            kind,
            enabled: settings.bool("Enabled").unwrap_or(false),
            preferred: settings.bool("PreferredMfa").unwrap_or(false),
        })
    })
    .collect()
}

/// Checks that `kind` may be enabled for `user` in a pool with `config`.
fn check_can_enable(config: &PoolConfig, user: &User, kind: MfaType) -> Result<(), ServiceError> {
    if config.mfa == MfaMode::Off {
        return Err(ServiceError::invalid_parameter(
            "MFA cannot be enabled for a user while the user pool's MFA configuration is OFF.",
        ));
    }
    match kind {
        MfaType::SmsMfa => {
            if !config.sms_mfa {
                return Err(ServiceError::invalid_parameter(
                    "SMS MFA has not been enabled by the userPool.",
                ));
            }
            if user.attribute("phone_number").is_none() {
                return Err(ServiceError::invalid_parameter(
                    "User does not have a phone_number set to turn on SMS MFA",
                ));
            }
        }
        MfaType::SoftwareTokenMfa => {
            if !config.software_token_mfa {
                return Err(totp_not_enabled_for_pool());
            }
            if user.software_token.is_none() {
                return Err(ServiceError::invalid_parameter(
                    "User has not verified software token mfa",
                ));
            }
        }
        MfaType::EmailOtp => {
            if !config.email_mfa {
                return Err(ServiceError::invalid_parameter(
                    "Email MFA has not been enabled by the userPool.",
                ));
            }
            if user.attribute("email").is_none() {
                return Err(ServiceError::invalid_parameter(
                    "User does not have an email set to turn on EMAIL MFA",
                ));
            }
        }
        _ => return Err(unknown_factor(kind)),
    }
    Ok(())
}

/// Applies MFA preference choices to a user, all or nothing.
fn apply_preferences(
    pool: &Pool,
    user: &Arc<Mutex<User>>,
    choices: &[Choice],
    now: u64,
) -> Result<(), ServiceError> {
    if choices.iter().filter(|c| c.preferred).count() > 1 {
        return Err(ServiceError::invalid_parameter(
            "Only one MFA method can be preferred.",
        ));
    }
    if choices.iter().any(|c| c.preferred && !c.enabled) {
        return Err(ServiceError::invalid_parameter(
            "A disabled MFA method cannot be the preferred one.",
        ));
    }
    let config = pool.config.read().clone();
    let mut user = user.lock();
    for choice in choices.iter().filter(|c| c.enabled) {
        if !user.factor_enabled(choice.kind) || choice.preferred {
            check_can_enable(&config, &user, choice.kind)?;
        }
    }
    let mut enabled = user.usable_factors();
    let mut preferred = user.preferred;
    for choice in choices {
        enabled.retain(|k| *k != choice.kind);
        if choice.enabled {
            enabled.push(choice.kind);
        }
        if choice.preferred {
            preferred = Some(choice.kind);
        } else if preferred == Some(choice.kind) {
            preferred = None;
        }
    }
    if config.mfa == MfaMode::On && enabled.is_empty() {
        return Err(ServiceError::invalid_parameter(
            "The user pool requires MFA: the last MFA method of a user cannot be disabled.",
        ));
    }
    for kind in MfaType::ALL {
        user.set_factor_flag(kind, enabled.contains(&kind));
    }
    user.preferred = preferred.filter(|p| enabled.contains(p));
    user.modified = now;
    Ok(())
}

pub(crate) fn set_user_mfa_preference(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let caller = authenticate(ctx, input.req_str("AccessToken")?)?;
    apply_preferences(&caller.pool, &caller.user, &choices(input), ctx.now)?;
    Ok(json!({}))
}

pub(crate) fn admin_set_user_mfa_preference(
    ctx: &Ctx<'_>,
    input: &Input,
) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let user = pool.user(input.req_str("Username")?)?;
    apply_preferences(&pool, &user, &choices(input), ctx.now)?;
    Ok(json!({}))
}

pub(crate) fn set_user_settings(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let caller = authenticate(ctx, input.req_str("AccessToken")?)?;
    legacy_sms_settings(ctx, input, &caller.pool, &caller.user)
}

/// AdminSetUserSettings: SetUserSettings for a user named by pool and user name.
pub(crate) fn admin_set_user_settings(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let user = pool.user(input.req_str("Username")?)?;
    legacy_sms_settings(ctx, input, &pool, &user)
}

/// The legacy `MFAOptions` of SetUserSettings / AdminSetUserSettings: SMS on or off.
fn legacy_sms_settings(
    ctx: &Ctx<'_>,
    input: &Input,
    pool: &Pool,
    user: &Arc<Mutex<User>>,
) -> Result<Value, ServiceError> {
    let options = input.objects("MFAOptions");
    if options
        .iter()
        .any(|o| o.str("DeliveryMedium").is_some_and(|m| m != "SMS"))
    {
        return Err(ServiceError::invalid_parameter(
            "Only SMS is supported as the MFA delivery medium in MFAOptions.",
        ));
    }
    let sms_on = options
        .iter()
        .any(|o| o.str("DeliveryMedium") == Some("SMS"));
    let choice = Choice {
        kind: MfaType::SmsMfa,
        enabled: sms_on,
        preferred: false,
    };
    // Keep SMS preferred if it was and stays enabled.
    let keep_preferred = sms_on && user.lock().preferred == Some(MfaType::SmsMfa);
    let choice = Choice {
        preferred: keep_preferred,
        ..choice
    };
    apply_preferences(pool, user, &[choice], ctx.now)?;
    Ok(json!({}))
}
