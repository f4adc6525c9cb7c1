//! Sign-in: InitiateAuth / AdminInitiateAuth (USER_SRP_AUTH, USER_PASSWORD_AUTH,
//! ADMIN_USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH) and RespondToAuthChallenge /
//! AdminRespondToAuthChallenge (PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED, SMS_MFA, EMAIL_OTP,
//! SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP), following §3 of the protocol notes.

use std::collections::BTreeMap;
use std::sync::Arc;

use cognito_mfa::protocol::{ChallengeName, MfaType};
use cognito_mfa::srp::{Password, SrpServer, Verifier};
use cognito_mfa::totp::Totp;
use parking_lot::Mutex;
use serde_json::{Map, Value, json};

use super::{Ctx, check_secret_hash, missing_parameter, tokens};
use crate::error::{ServiceError, codes};
use crate::random;
use crate::state::pool::MfaMode;
use crate::state::session::Step;
use crate::state::user::{SoftwareToken, User, UserStatus, mask_email, mask_phone, mfa_list_param};
use crate::state::{AppClient, Message, Pool, Session};
use crate::wire::Input;

type Params = BTreeMap<String, String>;

/// Runs CPU-heavy work (SRP modular exponentiation) on the blocking pool, away from the async
/// threads and with no lock held.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ServiceError> + Send + 'static,
) -> Result<T, ServiceError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| ServiceError::internal("a background computation was interrupted"))?
}

fn param<'a>(params: &'a Params, name: &str) -> Result<&'a str, ServiceError> {
    params
        .get(name)
        .map(String::as_str)
        .ok_or_else(|| missing_parameter(name))
}

fn flow_not_enabled(flow: &str) -> ServiceError {
    ServiceError::invalid_parameter(format!("{flow} flow not enabled for this client"))
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

/// InitiateAuth (`admin` false) and AdminInitiateAuth (`admin` true).
pub(crate) async fn initiate_auth(
    ctx: &Ctx<'_>,
    input: &Input,
    admin: bool,
) -> Result<Value, ServiceError> {
    let (client, pool) = app_client(ctx, input, admin)?;
    let flow = input.req_str("AuthFlow")?;
    let flow = match flow {
        "ADMIN_NO_SRP_AUTH" => "ADMIN_USER_PASSWORD_AUTH",
        "REFRESH_TOKEN" => "REFRESH_TOKEN_AUTH",
        other => other,
    };
    let params = input.str_map("AuthParameters");
    match (flow, admin) {
        ("USER_SRP_AUTH" | "REFRESH_TOKEN_AUTH", _)
        | ("USER_PASSWORD_AUTH", false)
        | ("ADMIN_USER_PASSWORD_AUTH", true) => {}
        ("CUSTOM_AUTH" | "USER_AUTH", _) => {
            return Err(ServiceError::invalid_parameter(format!(
                "{flow} is not supported by the cognito-mfa mock endpoint."
            )));
        }
        _ => {
            return Err(ServiceError::invalid_parameter(
                "Initiate Auth method not supported.",
            ));
        }
    }
    if !client.allows(flow) {
        return Err(flow_not_enabled(flow));
    }
    match flow {
        "USER_SRP_AUTH" => srp_start(ctx, &pool, &client, &params, admin).await,
        "REFRESH_TOKEN_AUTH" => tokens::refresh(ctx, &pool, &client, &params).await,
        _ => password_auth(ctx, &pool, &client, &params, admin).await,
    }
}

async fn password_auth(
    ctx: &Ctx<'_>,
    pool: &Arc<Pool>,
    client: &Arc<AppClient>,
    params: &Params,
    admin: bool,
) -> Result<Value, ServiceError> {
    let username = param(params, "USERNAME")?;
    let password = param(params, "PASSWORD")?;
    check_secret_hash(
        client,
        username,
        params.get("SECRET_HASH").map(String::as_str),
    )?;
    let Some(user) = pool.find_user(username) else {
        return Err(if client.prevent_user_existence_errors {
            ServiceError::incorrect_credentials()
        } else {
            ServiceError::user_not_found()
        });
    };
    let correct = user
        .lock()
        .password
        .as_ref()
        .is_some_and(|p| p.matches(password));
    if !correct {
        return Err(ServiceError::incorrect_credentials());
    }
    after_password(ctx, pool, client, &user, admin).await
}

/// A decoy SRP server for a user that cannot sign in (unknown with
/// `PreventUserExistenceErrors`, or without a password): indistinguishable on the wire.
fn decoy(pool_name: &str, user_id: &str) -> Result<SrpServer, ServiceError> {
    let password = Password::new(random::handle_base64(24)?);
    let verifier = Verifier::new_random_salt(pool_name, user_id, &password)
        .map_err(|e| ServiceError::from_core(&e))?;
    SrpServer::new_random(&verifier).map_err(|e| ServiceError::from_core(&e))
}

async fn srp_start(
    ctx: &Ctx<'_>,
    pool: &Arc<Pool>,
    client: &Arc<AppClient>,
    params: &Params,
    admin: bool,
) -> Result<Value, ServiceError> {
    let username = param(params, "USERNAME")?;
    let srp_a = param(params, "SRP_A")?.to_owned();
    check_secret_hash(
        client,
        username,
        params.get("SECRET_HASH").map(String::as_str),
    )?;
    if srp_a.is_empty() || !srp_a.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ServiceError::invalid_parameter(
            "SRP_A is not a valid hexadecimal number.",
        ));
    }
    let pool_name = pool.srp_name().to_owned();
    let (user_id, server, fake) = match pool.find_user(username) {
        Some(user) => {
            let (user_id, password, verifier) = {
                let locked = user.lock();
                (
                    locked.username.clone(),
                    locked.password.clone(),
                    locked.verifier.clone(),
                )
            };
            match password {
                None => {
                    let (name, id) = (pool_name.clone(), user_id.clone());
                    let server = blocking(move || decoy(&name, &id)).await?;
                    (user_id, server, true)
                }
                Some(password) => {
                    let (name, id, pw) = (pool_name.clone(), user_id.clone(), password.clone());
                    let (verifier, server, computed) = blocking(move || {
                        let (verifier, computed) = match verifier {
                            Some(v) => (v, false),
                            None => {
                                let v = Verifier::new_random_salt(
                                    &name,
                                    &id,
                                    &Password::new(pw.expose()),
                                )
                                .map_err(|e| ServiceError::from_core(&e))?;
                                (v, true)
                            }
                        };
                        let server = SrpServer::new_random(&verifier)
                            .map_err(|e| ServiceError::from_core(&e))?;
                        Ok((verifier, server, computed))
                    })
                    .await?;
                    if computed {
                        let mut locked = user.lock();
                        // Keep it only if the password did not change meanwhile.
                        if locked
                            .password
                            .as_ref()
                            .is_some_and(|p| p.matches(password.expose()))
                        {
                            locked.verifier = Some(verifier);
                        }
                    }
                    (user_id, server, false)
                }
            }
        }
        None if client.prevent_user_existence_errors => {
            let (name, id) = (pool_name.clone(), username.to_owned());
            let server = blocking(move || decoy(&name, &id)).await?;
            (username.to_owned(), server, true)
        }
        None => return Err(ServiceError::user_not_found()),
    };
    let secret_block = random::handle_base64(128)?;
    let salt = server.salt_hex();
    let srp_b = server.srp_b();
    let session = Session {
        client_id: client.id.clone(),
        username: user_id.clone(),
        step: Step::PasswordVerifier {
            server: Box::new(server),
            srp_a,
            fake,
        },
        expires_at: session_expiry(ctx, client),
        wrong_codes: 0,
        admin,
    };
    ctx.world
        .sessions
        .insert(secret_block.clone(), session, ctx.now)?;
    Ok(json!({
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeParameters": {
            "SALT": salt,
            "SECRET_BLOCK": secret_block,
            "SRP_B": srp_b,
            "USERNAME": user_id,
            "USER_ID_FOR_SRP": user_id,
        },
    }))
}

fn session_expiry(ctx: &Ctx<'_>, client: &AppClient) -> u64 {
    ctx.now
        .saturating_add(u64::from(client.auth_session_validity_minutes).saturating_mul(60))
}

/// Issues a new challenge with a fresh session.
fn challenge(
    ctx: &Ctx<'_>,
    client: &AppClient,
    username: &str,
    step: Step,
    admin: bool,
    params: Map<String, Value>,
) -> Result<Value, ServiceError> {
    let name = step.challenge_name();
    let handle = random::handle_base64(96)?;
    let session = Session {
        client_id: client.id.clone(),
        username: username.to_owned(),
        step,
        expires_at: session_expiry(ctx, client),
        wrong_codes: 0,
        admin,
    };
    ctx.world
        .sessions
        .insert(handle.clone(), session, ctx.now)?;
    Ok(json!({"ChallengeName": name.as_str(), "Session": handle, "ChallengeParameters": params}))
}

/// After a correct password: the account status, then MFA.
async fn after_password(
    ctx: &Ctx<'_>,
    pool: &Arc<Pool>,
    client: &Arc<AppClient>,
    user: &Arc<Mutex<User>>,
    admin: bool,
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
            params.insert("USER_ID_FOR_SRP".into(), username.clone().into());
            params.insert("requiredAttributes".into(), "[]".into());
            params.insert(
                "userAttributes".into(),
                Value::Object(visible).to_string().into(),
            );
            challenge(
                ctx,
                client,
                &username,
                Step::NewPasswordRequired,
                admin,
                params,
            )
        }
        UserStatus::Confirmed => mfa_step(ctx, pool, client, user, admin).await,
    }
}

/// The MFA decision of §3 (OFF / OPTIONAL / ON): tokens, a factor's challenge,
/// `SELECT_MFA_TYPE` or `MFA_SETUP`.
async fn mfa_step(
    ctx: &Ctx<'_>,
    pool: &Arc<Pool>,
    client: &Arc<AppClient>,
    user: &Arc<Mutex<User>>,
    admin: bool,
) -> Result<Value, ServiceError> {
    let (mode, offered) = {
        let config = pool.config.read();
        (config.mfa, config.offered_factors())
    };
    if mode == MfaMode::Off {
        return tokens::issue(ctx, pool, client, user, None).await;
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
            return tokens::issue(ctx, pool, client, user, None).await;
        }
        let can_setup = offered;
        let mut params = Map::new();
        params.insert("MFAS_CAN_SETUP".into(), mfa_list_param(&can_setup).into());
        return challenge(
            ctx,
            client,
            &username,
            Step::MfaSetup { can_setup },
            admin,
            params,
        );
    }
    let chosen = preferred.filter(|p| enabled.contains(p)).or_else(|| {
        if enabled.len() == 1 {
            enabled.first().copied()
        } else {
            None
        }
    });
    match chosen {
        Some(kind) => factor_challenge(ctx, pool, client, user, kind, admin),
        None => {
            let mut params = Map::new();
            params.insert("MFAS_CAN_CHOOSE".into(), mfa_list_param(&enabled).into());
            challenge(
                ctx,
                client,
                &username,
                Step::SelectMfaType { choices: enabled },
                admin,
                params,
            )
        }
    }
}

/// Issues the challenge of one factor, sending the SMS / e-mail code if needed.
fn factor_challenge(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &AppClient,
    user: &Arc<Mutex<User>>,
    kind: MfaType,
    admin: bool,
) -> Result<Value, ServiceError> {
    let (username, phone, email, friendly) = {
        let locked = user.lock();
        (
            locked.username.clone(),
            locked.attribute("phone_number").map(str::to_owned),
            locked.attribute("email").map(str::to_owned),
            locked
                .software_token
                .as_ref()
                .and_then(|t| t.friendly_name.clone()),
        )
    };
    let mut params = Map::new();
    let step = match kind {
        MfaType::SoftwareTokenMfa => {
            if let Some(name) = friendly {
                params.insert("FRIENDLY_DEVICE_NAME".into(), name.into());
            }
            Step::SoftwareTokenMfa
        }
        MfaType::SmsMfa | MfaType::EmailOtp => {
            let (medium, destination, template, masked) = if kind == MfaType::SmsMfa {
                let phone = phone.ok_or_else(|| {
                    ServiceError::invalid_parameter(
                        "User does not have a phone_number to send the SMS MFA code to.",
                    )
                })?;
                let masked = mask_phone(&phone);
                (
                    "SMS",
                    phone,
                    pool.config.read().sms_authentication_message.clone(),
                    masked,
                )
            } else {
                let email = email.ok_or_else(|| {
                    ServiceError::invalid_parameter(
                        "User does not have an email to send the EMAIL_OTP code to.",
                    )
                })?;
                let masked = mask_email(&email);
                (
                    "EMAIL",
                    email,
                    pool.config.read().email_mfa_message.clone(),
                    masked,
                )
            };
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
            params.insert("CODE_DELIVERY_DELIVERY_MEDIUM".into(), medium.into());
            params.insert("CODE_DELIVERY_DESTINATION".into(), masked.into());
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
    challenge(ctx, client, &username, step, admin, params)
}

/// Puts a session back (it was taken out to be examined, and stays usable).
fn restore(ctx: &Ctx<'_>, handle: &str, session: Session) -> Result<(), ServiceError> {
    ctx.world
        .sessions
        .insert(handle.to_owned(), session, ctx.now)
}

/// Takes a challenge session for `client`.
///
/// # Errors
/// `NotAuthorizedException` "Invalid session for the user." (unknown, used, another client's)
/// or "... session is expired." — expired and foreign sessions stay where they were.
pub(crate) fn take_session(
    ctx: &Ctx<'_>,
    handle: &str,
    client_id: Option<&str>,
) -> Result<Session, ServiceError> {
    let session = ctx
        .world
        .sessions
        .take(handle)?
        .ok_or_else(ServiceError::invalid_session)?;
    if session.expires_at <= ctx.now {
        restore(ctx, handle, session)?;
        return Err(ServiceError::expired_session());
    }
    if client_id.is_some_and(|id| id != session.client_id) {
        restore(ctx, handle, session)?;
        return Err(ServiceError::invalid_session());
    }
    Ok(session)
}

/// Counts a wrong code on a session: it stays usable until the cap is reached.
pub(crate) fn wrong_code(
    ctx: &Ctx<'_>,
    handle: &str,
    mut session: Session,
) -> Result<(), ServiceError> {
    session.wrong_codes = session.wrong_codes.saturating_add(1);
    if session.wrong_codes < ctx.settings().max_code_attempts {
        restore(ctx, handle, session)?;
    }
    Ok(())
}

/// Whether the mock answers the challenge `name`: every challenge the core knows
/// ([`ChallengeName::ALL`]) but `CUSTOM_CHALLENGE`, for which the mock has no Lambda triggers.
fn is_supported_challenge(name: &str) -> bool {
    name.parse::<ChallengeName>()
        .is_ok_and(|challenge| challenge != ChallengeName::CustomChallenge)
}

/// RespondToAuthChallenge (`admin` false) and AdminRespondToAuthChallenge (`admin` true).
pub(crate) async fn respond(
    ctx: &Ctx<'_>,
    input: &Input,
    admin: bool,
) -> Result<Value, ServiceError> {
    let (client, pool) = app_client(ctx, input, admin)?;
    let name = input.req_str("ChallengeName")?;
    if !is_supported_challenge(name) {
        return Err(ServiceError::invalid_parameter(format!(
            "The {name} challenge is not supported by the cognito-mfa mock endpoint."
        )));
    }
    let responses = input.str_map("ChallengeResponses");
    if name == "PASSWORD_VERIFIER" {
        return password_verifier(ctx, &pool, &client, &responses, admin).await;
    }
    let handle = input
        .str("Session")
        .ok_or_else(|| missing_parameter("Session"))?;
    let session = take_session(ctx, handle, Some(&client.id))?;
    if session.step.challenge_name().as_str() != name {
        let issued = session.step.challenge_name();
        restore(ctx, handle, session)?;
        return Err(ServiceError::invalid_parameter(format!(
            "The session was issued for the {issued} challenge, not {name}."
        )));
    }
    let Some(username) = responses.get("USERNAME") else {
        restore(ctx, handle, session)?;
        return Err(missing_parameter("USERNAME"));
    };
    let Some(user) = pool.find_user(username) else {
        // The session's own user may have been deleted meanwhile: then the session is dead.
        if pool.find_user(&session.username).is_some() {
            restore(ctx, handle, session)?;
        }
        return Err(ServiceError::user_not_found());
    };
    if pool.name_key(&user.lock().username) != pool.name_key(&session.username) {
        restore(ctx, handle, session)?;
        return Err(ServiceError::invalid_session());
    }
    if let Err(e) = check_secret_hash(
        &client,
        username,
        responses.get("SECRET_HASH").map(String::as_str),
    ) {
        restore(ctx, handle, session)?;
        return Err(e);
    }
    match session.step {
        Step::SmsMfa { .. } | Step::EmailOtp { .. } => {
            one_time_code(ctx, &pool, &client, &user, &responses, handle, session).await
        }
        Step::SoftwareTokenMfa => {
            software_token(ctx, &pool, &client, &user, &responses, handle, session).await
        }
        Step::SelectMfaType { ref choices } => {
            let Some(answer) = responses.get("ANSWER") else {
                restore(ctx, handle, session)?;
                return Err(missing_parameter("ANSWER"));
            };
            let Some(kind) = MfaType::from_wire(answer).filter(|k| choices.contains(k)) else {
                restore(ctx, handle, session)?;
                return Err(ServiceError::new(
                    codes::MFA_METHOD_NOT_FOUND,
                    "The selected MFA type is not one of MFAS_CAN_CHOOSE.",
                ));
            };
            factor_challenge(ctx, &pool, &client, &user, kind, session.admin)
        }
        Step::MfaSetup { .. } | Step::MfaSetupAssociated { .. } => {
            restore(ctx, handle, session)?;
            Err(ServiceError::invalid_parameter(
                "Software token MFA is not verified in this session: call AssociateSoftwareToken \
                 and VerifySoftwareToken with the Session first.",
            ))
        }
        Step::MfaSetupVerified {
            secret,
            friendly_name,
            code,
            verified_at,
        } => {
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
            tokens::issue(ctx, &pool, &client, &user, None).await
        }
        Step::NewPasswordRequired => {
            let Some(new_password) = responses.get("NEW_PASSWORD") else {
                restore(ctx, handle, session)?;
                return Err(missing_parameter("NEW_PASSWORD"));
            };
            let policy = pool.config.read().password_policy.clone();
            if let Err(e) = policy.check(new_password) {
                restore(ctx, handle, session)?;
                return Err(e);
            }
            let updates: Vec<(String, String)> = responses
                .iter()
                .filter_map(|(k, v)| {
                    k.strip_prefix("userAttributes.")
                        .map(|n| (n.to_owned(), v.clone()))
                })
                .collect();
            if !updates.is_empty()
                && let Err(e) = super::users::update_attributes(&pool, &user, &updates, ctx.now)
            {
                restore(ctx, handle, session)?;
                return Err(e);
            }
            {
                let mut locked = user.lock();
                locked.set_password(new_password, ctx.now);
                locked.status = UserStatus::Confirmed;
            }
            mfa_step(ctx, &pool, &client, &user, session.admin).await
        }
        Step::PasswordVerifier { .. } => Err(ServiceError::invalid_session()),
    }
}

async fn one_time_code(
    ctx: &Ctx<'_>,
    pool: &Arc<Pool>,
    client: &Arc<AppClient>,
    user: &Arc<Mutex<User>>,
    responses: &Params,
    handle: &str,
    session: Session,
) -> Result<Value, ServiceError> {
    let (field, code, code_expires_at, sms) = match &session.step {
        Step::SmsMfa {
            code,
            code_expires_at,
        } => ("SMS_MFA_CODE", code.clone(), *code_expires_at, true),
        Step::EmailOtp {
            code,
            code_expires_at,
        } => ("EMAIL_OTP_CODE", code.clone(), *code_expires_at, false),
        _ => return Err(ServiceError::invalid_session()),
    };
    let Some(given) = responses.get(field) else {
        restore(ctx, handle, session)?;
        return Err(missing_parameter(field));
    };
    if !code.matches(given) {
        wrong_code(ctx, handle, session)?;
        return Err(ServiceError::code_mismatch());
    }
    if code_expires_at <= ctx.now {
        return Err(ServiceError::new(
            codes::EXPIRED_CODE,
            "Invalid code provided, please request a code again.",
        ));
    }
    {
        let mut locked = user.lock();
        let flag = if sms {
            "phone_number_verified"
        } else {
            "email_verified"
        };
        locked.attributes.insert(flag.to_owned(), "true".to_owned());
    }
    tokens::issue(ctx, pool, client, user, None).await
}

async fn software_token(
    ctx: &Ctx<'_>,
    pool: &Arc<Pool>,
    client: &Arc<AppClient>,
    user: &Arc<Mutex<User>>,
    responses: &Params,
    handle: &str,
    session: Session,
) -> Result<Value, ServiceError> {
    let Some(given) = responses.get("SOFTWARE_TOKEN_MFA_CODE") else {
        restore(ctx, handle, session)?;
        return Err(missing_parameter("SOFTWARE_TOKEN_MFA_CODE"));
    };
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
    match result {
        None => Err(ServiceError::new(
            codes::SOFTWARE_TOKEN_MFA_NOT_FOUND,
            "Software token MFA is not set up for the user.",
        )),
        Some(Ok(_)) => tokens::issue(ctx, pool, client, user, None).await,
        Some(Err(cognito_mfa::Error::CodeReused { .. })) => {
            wrong_code(ctx, handle, session)?;
            Err(ServiceError::new(
                codes::EXPIRED_CODE,
                "Your software token has already been used once.",
            ))
        }
        Some(Err(_)) => {
            wrong_code(ctx, handle, session)?;
            Err(ServiceError::code_mismatch())
        }
    }
}

async fn password_verifier(
    ctx: &Ctx<'_>,
    pool: &Arc<Pool>,
    client: &Arc<AppClient>,
    responses: &Params,
    admin: bool,
) -> Result<Value, ServiceError> {
    let block = param(responses, "PASSWORD_CLAIM_SECRET_BLOCK")?;
    let signature = param(responses, "PASSWORD_CLAIM_SIGNATURE")?.to_owned();
    let timestamp = param(responses, "TIMESTAMP")?.to_owned();
    let username = param(responses, "USERNAME")?;
    let session = take_session(ctx, block, Some(&client.id))?;
    let Step::PasswordVerifier {
        server,
        srp_a,
        fake,
    } = session.step
    else {
        return Err(ServiceError::invalid_session());
    };
    // From here on the SRP session is spent, whatever happens.
    let same_user = pool
        .find_user(username)
        .map(|u| pool.name_key(&u.lock().username) == pool.name_key(&session.username))
        .unwrap_or(username == session.username);
    if !same_user {
        return Err(ServiceError::incorrect_credentials());
    }
    check_secret_hash(
        client,
        username,
        responses.get("SECRET_HASH").map(String::as_str),
    )?;
    let stamped = cognito_mfa::srp::parse_timestamp(&timestamp).map_err(|_| {
        ServiceError::invalid_parameter(
            "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.",
        )
    })?;
    if let Some(tolerance) = ctx.settings().srp_timestamp_tolerance_seconds
        && stamped.abs_diff(ctx.now) > tolerance
    {
        return Err(ServiceError::incorrect_credentials());
    }
    if fake {
        return Err(ServiceError::incorrect_credentials());
    }
    let pool_name = pool.srp_name().to_owned();
    let user_id = session.username.clone();
    let block = block.to_owned();
    let verified = blocking(move || {
        Ok(server
            .verify_claim(&pool_name, &user_id, &srp_a, &block, &timestamp, &signature)
            .is_ok())
    })
    .await?;
    if !verified {
        return Err(ServiceError::incorrect_credentials());
    }
    let user = pool.user(&session.username)?;
    after_password(ctx, pool, client, &user, admin).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mock_answers_the_core_challenges_but_custom_ones() {
        let supported: Vec<&str> = ChallengeName::ALL
            .iter()
            .map(|name| name.as_str())
            .filter(|name| is_supported_challenge(name))
            .collect();
        assert_eq!(
            supported,
            [
                "PASSWORD_VERIFIER",
                "SMS_MFA",
                "SOFTWARE_TOKEN_MFA",
                "EMAIL_OTP",
                "SELECT_MFA_TYPE",
                "MFA_SETUP",
                "NEW_PASSWORD_REQUIRED",
            ]
        );
        assert!(!is_supported_challenge("CUSTOM_CHALLENGE"));
        assert!(!is_supported_challenge("WEB_AUTHN"));
        assert!(!is_supported_challenge("sms_mfa"));
    }
}
