//! `RespondToAuthChallenge` and `AdminRespondToAuthChallenge`.
//!
//! An answer takes its session out of the store ([`take_session`]); the session goes back
//! (still usable) when the answer fails before it counts — a missing parameter, another
//! user, a wrong secret hash, a weak new password — and is spent once the answer counts. A
//! wrong code leaves it usable until the attempt cap (`Settings::max_code_attempts`).

use std::sync::Arc;

use cognito_mfa::protocol::auth::keys;
use cognito_mfa::protocol::{ChallengeName, MfaType};
use cognito_mfa::totp::Totp;
use parking_lot::Mutex;
use serde_json::Value;

use super::mfa_policy::{after_password, factor_challenge, mfa_step};
use super::{Params, SignIn, blocking, check_timestamp, device_srp, param, take_session};
use crate::error::{ServiceError, codes};
use crate::ops::{Ctx, check_secret_hash_param, missing_parameter, users};
use crate::state::Session;
use crate::state::session::{Step, TakenSession};
use crate::state::user::{SoftwareToken, User, UserStatus};
use crate::wire::Input;

/// The challenge `name` if the mock answers it: every challenge the core knows
/// ([`ChallengeName::ALL`]) but `CUSTOM_CHALLENGE`, for which the mock has no Lambda triggers.
fn supported_challenge(name: &str) -> Option<ChallengeName> {
    name.parse::<ChallengeName>()
        .ok()
        .filter(|challenge| *challenge != ChallengeName::CustomChallenge)
}

/// RespondToAuthChallenge (`admin` false) and AdminRespondToAuthChallenge (`admin` true).
pub(crate) async fn respond(
    ctx: &Ctx<'_>,
    input: &Input,
    admin: bool,
) -> Result<Value, ServiceError> {
    let (client, pool) = super::app_client(ctx, input, admin)?;
    let name = input.req_str("ChallengeName")?;
    let Some(challenge) = supported_challenge(name) else {
        return Err(ServiceError::invalid_parameter(format!(
            "The {name} challenge is not supported by the cognito-mfa mock endpoint."
        )));
    };
    let responses = input.str_map("ChallengeResponses");
    let sign_in = SignIn {
        ctx,
        pool: &pool,
        client: &client,
        admin,
        device: None,
    };
    if challenge == ChallengeName::PasswordVerifier {
        return password_verifier(sign_in, &responses).await;
    }
    let handle = input
        .str("Session")
        .ok_or_else(|| missing_parameter("Session"))?;
    let session = take_session(ctx, handle, Some(&client.id))?;
    let issued = session.step.challenge_name();
    if issued != challenge {
        return Err(ServiceError::invalid_parameter(format!(
            "The session was issued for the {issued} challenge, not {name}."
        )));
    }
    let username = param(&responses, keys::USERNAME)?;
    let Some(user) = pool.find_user(username) else {
        // The session's own user may have been deleted meanwhile: then the session is dead.
        if pool.find_user(&session.username).is_none() {
            session.consume();
        }
        return Err(ServiceError::user_not_found());
    };
    if pool.name_key(&user.lock().username) != pool.name_key(&session.username) {
        return Err(ServiceError::invalid_session());
    }
    check_secret_hash_param(&client, username, &responses)?;
    // What the session leads to is signed in as the session was started (admin API or not),
    // from the device it named.
    let device = session.device_key.clone();
    let sign_in = SignIn {
        admin: session.admin,
        device: device.as_deref(),
        ..sign_in
    };
    match &session.step {
        Step::SmsMfa { .. } | Step::EmailOtp { .. } => {
            one_time_code(sign_in, &user, &responses, session).await
        }
        Step::SoftwareTokenMfa => software_token(sign_in, &user, &responses, session).await,
        Step::SelectMfaType { choices } => {
            let answer = param(&responses, keys::ANSWER)?;
            let Some(kind) = MfaType::from_wire(answer).filter(|k| choices.contains(k)) else {
                return Err(ServiceError::new(
                    codes::MFA_METHOD_NOT_FOUND,
                    format!(
                        "The selected MFA type is not one of {}.",
                        keys::MFAS_CAN_CHOOSE
                    ),
                ));
            };
            session.consume();
            factor_challenge(sign_in, &user, kind)
        }
        Step::MfaSetup { .. } | Step::MfaSetupAssociated { .. } => {
            Err(ServiceError::invalid_parameter(
                "Software token MFA is not verified in this session: call AssociateSoftwareToken \
                 and VerifySoftwareToken with the Session first.",
            ))
        }
        Step::MfaSetupVerified { .. } => {
            mfa_setup_verified(sign_in, &user, session.consume()).await
        }
        Step::NewPasswordRequired => new_password(sign_in, &user, &responses, session).await,
        Step::DeviceSrpAuth => {
            device_srp::device_srp_auth(sign_in, &user, &responses, session).await
        }
        Step::DevicePasswordVerifier { .. } => {
            device_srp::device_password_verifier(sign_in, &user, &responses, session).await
        }
        Step::PasswordVerifier { .. } => {
            session.consume();
            Err(ServiceError::invalid_session())
        }
    }
}

/// `SMS_MFA` / `EMAIL_OTP`: the code that was sent. A wrong code counts against the cap; a
/// right one spends the session, even when it has expired.
async fn one_time_code(
    sign_in: SignIn<'_>,
    user: &Arc<Mutex<User>>,
    responses: &Params,
    session: TakenSession<'_>,
) -> Result<Value, ServiceError> {
    let ctx = sign_in.ctx;
    let (kind, code, code_expires_at) = match &session.step {
        Step::SmsMfa {
            code,
            code_expires_at,
        } => (MfaType::SmsMfa, code.clone(), *code_expires_at),
        Step::EmailOtp {
            code,
            code_expires_at,
        } => (MfaType::EmailOtp, code.clone(), *code_expires_at),
        _ => {
            session.consume();
            return Err(ServiceError::invalid_session());
        }
    };
    let given = param(responses, kind.code_key())?;
    if !code.matches(given) {
        session.wrong_code(ctx.settings().max_code_attempts);
        return Err(ServiceError::code_mismatch());
    }
    session.consume();
    if code_expires_at <= ctx.now {
        return Err(ServiceError::new(
            codes::EXPIRED_CODE,
            "Invalid code provided, please request a code again.",
        ));
    }
    {
        let mut locked = user.lock();
        let flag = if kind == MfaType::SmsMfa {
            "phone_number_verified"
        } else {
            "email_verified"
        };
        locked.attributes.insert(flag.to_owned(), "true".to_owned());
    }
    sign_in.issue_tokens(user).await
}

/// `SOFTWARE_TOKEN_MFA`: a code of the user's authenticator app. A wrong or reused code counts
/// against the cap.
async fn software_token(
    sign_in: SignIn<'_>,
    user: &Arc<Mutex<User>>,
    responses: &Params,
    session: TakenSession<'_>,
) -> Result<Value, ServiceError> {
    let ctx = sign_in.ctx;
    let given = param(responses, MfaType::SoftwareTokenMfa.code_key())?;
    let window = ctx.settings().totp_window_steps;
    let result = {
        let mut locked = user.lock();
        let User {
            software_token,
            replay,
            ..
        } = &mut *locked;
        match software_token {
            None => None,
            Some(token) if ctx.settings().totp_replay_refusal => {
                Some(replay.verify((), &token.totp, given, ctx.now, window))
            }
            Some(token) => Some(token.totp.verify(given, ctx.now, window)),
        }
    };
    let max_attempts = ctx.settings().max_code_attempts;
    match result {
        None => {
            session.consume();
            Err(ServiceError::new(
                codes::SOFTWARE_TOKEN_MFA_NOT_FOUND,
                "Software token MFA is not set up for the user.",
            ))
        }
        Some(Ok(_)) => {
            session.consume();
            sign_in.issue_tokens(user).await
        }
        Some(Err(cognito_mfa::Error::CodeReused { .. })) => {
            session.wrong_code(max_attempts);
            Err(ServiceError::new(
                codes::EXPIRED_CODE,
                "Your software token has already been used once.",
            ))
        }
        Some(Err(_)) => {
            session.wrong_code(max_attempts);
            Err(ServiceError::code_mismatch())
        }
    }
}

/// `MFA_SETUP` after `VerifySoftwareToken(Session)`: the verified secret becomes the user's
/// software token, TOTP is enabled (and preferred if nothing was), tokens are issued.
async fn mfa_setup_verified(
    sign_in: SignIn<'_>,
    user: &Arc<Mutex<User>>,
    session: Session,
) -> Result<Value, ServiceError> {
    let ctx = sign_in.ctx;
    let Step::MfaSetupVerified {
        secret,
        friendly_name,
        code,
        verified_at,
    } = session.step
    else {
        return Err(ServiceError::invalid_session());
    };
    {
        let window = ctx.settings().totp_window_steps;
        let mut locked = user.lock();
        let totp = Totp::new(secret);
        locked.replay = Default::default();
        // Records the time step of the code that verified the secret.
        let _ = locked
            .replay
            .verify((), &totp, code.expose(), verified_at, window);
        locked.software_token = Some(SoftwareToken {
            totp,
            friendly_name,
        });
        locked.software_token_mfa = true;
        locked.pending_secret = None;
        if locked.preferred.is_none() {
            locked.preferred = Some(MfaType::SoftwareTokenMfa);
        }
        locked.modified = ctx.now;
    }
    sign_in.issue_tokens(user).await
}

/// `NEW_PASSWORD_REQUIRED`: the new password and `userAttributes.<name>` answers; then MFA as
/// after any correct password.
async fn new_password(
    sign_in: SignIn<'_>,
    user: &Arc<Mutex<User>>,
    responses: &Params,
    session: TakenSession<'_>,
) -> Result<Value, ServiceError> {
    let SignIn { ctx, pool, .. } = sign_in;
    let new_password = param(responses, keys::NEW_PASSWORD)?;
    let policy = pool.config.read().password_policy.clone();
    policy.check(new_password)?;
    let updates: Vec<(String, String)> = responses
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix(keys::USER_ATTRIBUTES_PREFIX)
                .map(|n| (n.to_owned(), v.clone()))
        })
        .collect();
    if !updates.is_empty() {
        users::update_attributes(pool, user, &updates, ctx.now)?;
    }
    session.consume();
    {
        let mut locked = user.lock();
        locked.set_password(new_password, ctx.now);
        locked.status = UserStatus::Confirmed;
    }
    mfa_step(sign_in, user).await
}

/// `PASSWORD_VERIFIER`: the SRP proof. Its session (under the `SECRET_BLOCK`) is spent by any
/// answer but one naming a device the user does not have (`ResourceNotFoundException`).
async fn password_verifier(sign_in: SignIn<'_>, responses: &Params) -> Result<Value, ServiceError> {
    let SignIn {
        ctx, pool, client, ..
    } = sign_in;
    let block = param(responses, keys::PASSWORD_CLAIM_SECRET_BLOCK)?;
    let signature = param(responses, keys::PASSWORD_CLAIM_SIGNATURE)?.to_owned();
    let timestamp = param(responses, keys::TIMESTAMP)?.to_owned();
    let username = param(responses, keys::USERNAME)?;
    let taken = take_session(ctx, block, Some(&client.id))?;
    // A device the user does not have is refused before the answer counts, so that the client
    // can answer again without it (amazon-cognito-identity-js does).
    let fake = matches!(taken.step, Step::PasswordVerifier { fake: true, .. });
    let device = match pool.find_user(&taken.username) {
        Some(user) if !fake => device_srp::named_device(&sign_in, &user, responses)?,
        _ => None,
    };
    let session = taken.consume();
    let Step::PasswordVerifier {
        server,
        srp_a,
        fake,
        claim_key,
    } = session.step
    else {
        return Err(ServiceError::invalid_session());
    };
    let same_user = pool
        .find_user(username)
        .map(|u| pool.name_key(&u.lock().username) == pool.name_key(&session.username))
        .unwrap_or(username == session.username);
    if !same_user {
        return Err(ServiceError::incorrect_credentials());
    }
    check_secret_hash_param(client, username, responses)?;
    check_timestamp(ctx, &timestamp)?;
    if fake {
        return Err(ServiceError::incorrect_credentials());
    }
    let pool_name = pool.srp_name().to_owned();
    let user_id = session.username.clone();
    let block = block.to_owned();
    let verified = match claim_key {
        // Started when SRP_B was sent; only the HMAC is left.
        Some(task) => task
            .await
            .map_err(|_| ServiceError::internal("a background computation was interrupted"))?
            .and_then(|key| key.verify_claim(&pool_name, &user_id, &block, &timestamp, &signature))
            .is_ok(),
        None => {
            blocking(move || {
                Ok(server
                    .verify_claim(&pool_name, &user_id, &srp_a, &block, &timestamp, &signature)
                    .is_ok())
            })
            .await?
        }
    };
    if !verified {
        return Err(ServiceError::incorrect_credentials());
    }
    let user = pool.user(&session.username)?;
    let sign_in = SignIn {
        device: device.as_deref(),
        ..sign_in
    };
    after_password(sign_in, &user).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mock_answers_every_core_challenge_but_custom_ones() {
        for name in ChallengeName::ALL {
            let expected = (name != ChallengeName::CustomChallenge).then_some(name);
            assert_eq!(supported_challenge(name.as_str()), expected, "{name}");
        }
        for unknown in ["WEB_AUTHN", "sms_mfa", ""] {
            assert_eq!(supported_challenge(unknown), None, "{unknown:?}");
        }
    }
}
