//! Users: SignUp, ConfirmSignUp, ResendConfirmationCode, AdminCreateUser,
//! AdminSetUserPassword, AdminConfirmSignUp, AdminGetUser, AdminUpdateUserAttributes,
//! AdminDeleteUser, AdminDisableUser, AdminEnableUser, ListUsers, GetUser,
//! UpdateUserAttributes, ChangePassword.

use std::sync::Arc;

use parking_lot::Mutex;
use serde_json::{Map, Value, json};

use super::admin::{page_start, page_token};
use super::tokens::authenticate;
use super::{Ctx, check_secret_hash};
use crate::error::{ServiceError, codes};
use crate::random;
use crate::state::pool::UserExists;
use crate::state::user::{PendingCode, User, UserStatus, mask_email, mask_phone};
use crate::state::{Message, Pool};
use crate::wire::Input;

/// `UserType` as AdminCreateUser and ListUsers return it.
fn user_type(user: &User, only: Option<&[String]>) -> Value {
    let attributes: Vec<Value> = user
        .attributes
        .iter()
        .filter(|(name, _)| only.is_none_or(|names| names.iter().any(|n| n == *name)))
        .map(|(name, value)| json!({"Name": name, "Value": value}))
        .collect();
    let mut out = json!({
        "Username": user.username,
        "Attributes": attributes,
        "UserCreateDate": user.created,
        "UserLastModifiedDate": user.modified,
        "Enabled": user.enabled,
        "UserStatus": user.status.as_str(),
    });
    if let (Some(options), Some(obj)) = (user.mfa_options_json(), out.as_object_mut()) {
        obj.insert("MFAOptions".into(), options);
    }
    out
}

/// Refuses attributes Cognito does not let a caller set.
fn check_writable(attributes: &[(String, String)]) -> Result<(), ServiceError> {
    if attributes.iter().any(|(name, _)| name == "sub") {
        return Err(ServiceError::invalid_parameter(
            "Cannot modify an immutable attribute: sub",
        ));
    }
    Ok(())
}

/// Builds a new user of `pool` (shared by SignUp and AdminCreateUser); the caller adds it
/// with [`Pool::insert_user`], whose refusal each operation words in its own way.
fn new_user(
    ctx: &Ctx<'_>,
    pool: &Pool,
    given_name: &str,
    attributes: &[(String, String)],
    status: UserStatus,
    password: &str,
) -> Result<User, ServiceError> {
    check_writable(attributes)?;
    let sub = random::uuid()?;
    let (username, implied) = pool.new_user_identity(given_name, &sub)?;
    let mut user = User::new(username, sub, ctx.now);
    let mut updates = attributes.to_vec();
    if let Some(pair) = implied {
        updates.push(pair);
    }
    user.update_attributes(&updates);
    user.status = status;
    user.set_password(password, ctx.now);
    Ok(user)
}

/// Sends a sign-up confirmation code if the pool auto-verifies an attribute the user has;
/// returns `CodeDeliveryDetails`.
fn send_confirmation_code(
    ctx: &Ctx<'_>,
    pool: &Pool,
    user: &mut User,
) -> Result<Option<Value>, ServiceError> {
    let (auto, sms_template, email_template) = {
        let config = pool.config.read();
        (
            config.auto_verified_attributes.clone(),
            config.sms_verification_message.clone(),
            config.email_verification_message.clone(),
        )
    };
    let target = if auto.iter().any(|a| a == "email") && user.attribute("email").is_some() {
        Some(("email", "EMAIL", email_template))
    } else if auto.iter().any(|a| a == "phone_number") && user.attribute("phone_number").is_some() {
        Some(("phone_number", "SMS", sms_template))
    } else {
        None
    };
    let Some((attribute, medium, template)) = target else {
        return Ok(None);
    };
    let destination = user.attribute(attribute).unwrap_or_default().to_owned();
    let code = random::code6()?;
    ctx.world.send(Message {
        pool_id: pool.id.clone(),
        username: user.username.clone(),
        destination: destination.clone(),
        medium: medium.to_owned(),
        code: code.expose().to_owned(),
        message: template.replace("{####}", code.expose()),
        sent_at: ctx.now,
        purpose: "confirmation".to_owned(),
    });
    user.confirmation = Some(PendingCode {
        code,
        expires_at: ctx
            .now
            .saturating_add(ctx.settings().confirmation_code_validity_seconds),
    });
    let masked = if medium == "EMAIL" {
        mask_email(&destination)
    } else {
        mask_phone(&destination)
    };
    Ok(Some(json!({
        "Destination": masked,
        "DeliveryMedium": medium,
        "AttributeName": attribute,
    })))
}

pub(crate) fn sign_up(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let (client, pool) = ctx.world.client(input.req_str("ClientId")?)?;
    let username = input.req_str("Username")?;
    check_secret_hash(&client, username, input.str("SecretHash"))?;
    let password = input
        .str("Password")
        .ok_or_else(|| ServiceError::invalid_parameter("Missing required parameter Password"))?;
    pool.config.read().password_policy.check(password)?;
    let attributes = input.attributes("UserAttributes");
    let user = new_user(
        ctx,
        &pool,
        username,
        &attributes,
        UserStatus::Unconfirmed,
        password,
    )?;
    let user = pool.insert_user(user).map_err(|exists| match exists {
        UserExists::Name => ServiceError::new(codes::USERNAME_EXISTS, "User already exists"),
        UserExists::Alias => ServiceError::from(exists),
    })?;
    let mut user = user.lock();
    let delivery = send_confirmation_code(ctx, &pool, &mut user)?;
    let mut out = json!({"UserConfirmed": false, "UserSub": user.sub()});
    if let (Some(delivery), Some(obj)) = (delivery, out.as_object_mut()) {
        obj.insert("CodeDeliveryDetails".into(), delivery);
    }
    Ok(out)
}

pub(crate) fn confirm_sign_up(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let (client, pool) = ctx.world.client(input.req_str("ClientId")?)?;
    let username = input.req_str("Username")?;
    check_secret_hash(&client, username, input.str("SecretHash"))?;
    let user = pool.user(username)?;
    let mut user = user.lock();
    if user.status != UserStatus::Unconfirmed {
        return Err(ServiceError::not_authorized(format!(
            "User cannot be confirmed. Current status is {}",
            user.status.as_str()
        )));
    }
    let code = input.req_str("ConfirmationCode")?;
    let Some(pending) = user.confirmation.clone() else {
        return Err(ServiceError::new(
            codes::CODE_MISMATCH,
            "Invalid verification code provided, please try again.",
        ));
    };
    if !pending.code.matches(code) {
        return Err(ServiceError::new(
            codes::CODE_MISMATCH,
            "Invalid verification code provided, please try again.",
        ));
    }
    if pending.expires_at <= ctx.now {
        return Err(ServiceError::new(
            codes::EXPIRED_CODE,
            "Invalid code provided, please request a code again.",
        ));
    }
    user.confirmation = None;
    user.status = UserStatus::Confirmed;
    user.modified = ctx.now;
    // The code went to the auto-verified attribute: it is verified now.
    let auto = pool.config.read().auto_verified_attributes.clone();
    for attribute in auto {
        if user.attribute(&attribute).is_some() {
            let flag = format!("{attribute}_verified");
            user.attributes.insert(flag, "true".to_owned());
            break;
        }
    }
    Ok(json!({}))
}

pub(crate) fn resend_confirmation_code(
    ctx: &Ctx<'_>,
    input: &Input,
) -> Result<Value, ServiceError> {
    let (client, pool) = ctx.world.client(input.req_str("ClientId")?)?;
    let username = input.req_str("Username")?;
    check_secret_hash(&client, username, input.str("SecretHash"))?;
    let user = pool.user(username)?;
    let mut user = user.lock();
    if user.status != UserStatus::Unconfirmed {
        return Err(ServiceError::invalid_parameter(
            "User is already confirmed.",
        ));
    }
    let delivery = send_confirmation_code(ctx, &pool, &mut user)?
        .ok_or_else(|| ServiceError::invalid_parameter("Auto verification not turned on."))?;
    Ok(json!({"CodeDeliveryDetails": delivery}))
}

/// A temporary password that satisfies any policy of up to 12 characters.
fn temporary_password() -> Result<String, ServiceError> {
    Ok(format!("{}Aa1!", random::string_from(random::ALNUM, 12)?))
}

pub(crate) fn admin_create_user(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let username = input.req_str("Username")?;
    if input.str("MessageAction") == Some("RESEND") {
        return resend_invitation(ctx, &pool, username);
    }
    let password = match input.str("TemporaryPassword") {
        Some(p) => {
            pool.config.read().password_policy.check(p)?;
            p.to_owned()
        }
        None => temporary_password()?,
    };
    let attributes = input.attributes("UserAttributes");
    let user = new_user(
        ctx,
        &pool,
        username,
        &attributes,
        UserStatus::ForceChangePassword,
        &password,
    )?;
    let user = pool.insert_user(user)?;
    let user = user.lock();
    if input.str("MessageAction") != Some("SUPPRESS") {
        let mediums = input.str_list("DesiredDeliveryMediums");
        send_invitation(ctx, &pool, &user, &password, &mediums);
    }
    Ok(json!({"User": user_type(&user, None)}))
}

fn send_invitation(ctx: &Ctx<'_>, pool: &Pool, user: &User, password: &str, mediums: &[String]) {
    let mediums: Vec<&str> = if mediums.is_empty() {
        vec!["SMS"]
    } else {
        mediums.iter().map(String::as_str).collect()
    };
    for medium in mediums {
        let attribute = if medium == "EMAIL" {
            "email"
        } else {
            "phone_number"
        };
        if let Some(destination) = user.attribute(attribute) {
            ctx.world.send(Message {
                pool_id: pool.id.clone(),
                username: user.username.clone(),
                destination: destination.to_owned(),
                medium: medium.to_owned(),
                code: password.to_owned(),
                message: format!(
                    "Your username is {} and temporary password is {password}. ",
                    user.username
                ),
                sent_at: ctx.now,
                purpose: "invitation".to_owned(),
            });
        }
    }
}

fn resend_invitation(ctx: &Ctx<'_>, pool: &Pool, username: &str) -> Result<Value, ServiceError> {
    let user = pool.user(username)?;
    let mut user = user.lock();
    if user.status != UserStatus::ForceChangePassword {
        return Err(ServiceError::new(
            codes::UNSUPPORTED_USER_STATE,
            format!(
                "Resend not possible. {} status is not FORCE_CHANGE_PASSWORD",
                user.username
            ),
        ));
    }
    let password = temporary_password()?;
    user.set_password(&password, ctx.now);
    send_invitation(ctx, pool, &user, &password, &[]);
    Ok(json!({"User": user_type(&user, None)}))
}

pub(crate) fn admin_set_user_password(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let password = input.req_str("Password")?;
    pool.config.read().password_policy.check(password)?;
    let user = pool.user(input.req_str("Username")?)?;
    let mut user = user.lock();
    user.set_password(password, ctx.now);
    user.status = if input.bool("Permanent").unwrap_or(false) {
        UserStatus::Confirmed
    } else {
        UserStatus::ForceChangePassword
    };
    Ok(json!({}))
}

pub(crate) fn admin_confirm_sign_up(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let user = pool.user(input.req_str("Username")?)?;
    let mut user = user.lock();
    if user.status != UserStatus::Unconfirmed {
        return Err(ServiceError::not_authorized(format!(
            "User cannot be confirmed. Current status is {}",
            user.status.as_str()
        )));
    }
    user.status = UserStatus::Confirmed;
    user.confirmation = None;
    user.modified = ctx.now;
    Ok(json!({}))
}

fn get_user_json(user: &User, admin: bool) -> Value {
    let mut out = Map::new();
    out.insert("Username".into(), user.username.clone().into());
    out.insert("UserAttributes".into(), user.attributes_json());
    if admin {
        out.insert("UserCreateDate".into(), user.created.into());
        out.insert("UserLastModifiedDate".into(), user.modified.into());
        out.insert("Enabled".into(), user.enabled.into());
        out.insert("UserStatus".into(), user.status.as_str().into());
    }
    user.add_mfa_fields(&mut out);
    Value::Object(out)
}

pub(crate) fn admin_get_user(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let user = pool.user(input.req_str("Username")?)?;
    let user = user.lock();
    Ok(get_user_json(&user, true))
}

pub(crate) fn get_user(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let caller = authenticate(ctx, input.req_str("AccessToken")?)?;
    let user = caller.user.lock();
    Ok(get_user_json(&user, false))
}

/// Applies attribute updates and keeps the pool's alias index in step.
pub(crate) fn update_attributes(
    pool: &Pool,
    user: &Arc<Mutex<User>>,
    updates: &[(String, String)],
    now: u64,
) -> Result<(), ServiceError> {
    check_writable(updates)?;
    let mut user = user.lock();
    let old = pool.aliases_of(&user);
    let before = user.attributes.clone();
    user.update_attributes(updates);
    let new = pool.aliases_of(&user);
    if old != new {
        let key = pool.name_key(&user.username);
        if let Err(e) = pool.reindex_aliases(&key, &old, &new) {
            user.attributes = before;
            return Err(e);
        }
    }
    user.modified = now;
    Ok(())
}

pub(crate) fn admin_update_user_attributes(
    ctx: &Ctx<'_>,
    input: &Input,
) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let user = pool.user(input.req_str("Username")?)?;
    update_attributes(&pool, &user, &input.attributes("UserAttributes"), ctx.now)?;
    Ok(json!({}))
}

pub(crate) fn update_user_attributes(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let caller = authenticate(ctx, input.req_str("AccessToken")?)?;
    update_attributes(
        &caller.pool,
        &caller.user,
        &input.attributes("UserAttributes"),
        ctx.now,
    )?;
    Ok(json!({}))
}

pub(crate) fn admin_delete_user(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let user = pool.user(input.req_str("Username")?)?;
    let username = user.lock().username.clone();
    pool.remove_user(&username);
    Ok(json!({}))
}

pub(crate) fn admin_enable_user(
    ctx: &Ctx<'_>,
    input: &Input,
    enabled: bool,
) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let user = pool.user(input.req_str("Username")?)?;
    let mut user = user.lock();
    user.enabled = enabled;
    user.modified = ctx.now;
    Ok(json!({}))
}

pub(crate) fn change_password(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let caller = authenticate(ctx, input.req_str("AccessToken")?)?;
    let proposed = input.req_str("ProposedPassword")?;
    let previous = input.str("PreviousPassword").unwrap_or_default();
    let mut user = caller.user.lock();
    let correct = user.password.as_ref().is_some_and(|p| p.matches(previous));
    if !correct {
        return Err(ServiceError::incorrect_credentials());
    }
    caller.pool.config.read().password_policy.check(proposed)?;
    user.set_password(proposed, ctx.now);
    Ok(json!({}))
}

/// A `ListUsers` filter: `attribute = "value"` or `attribute ^= "prefix"`.
struct Filter {
    attribute: String,
    value: String,
    prefix: bool,
}

fn parse_filter(text: &str) -> Result<Option<Filter>, ServiceError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || ServiceError::invalid_parameter("Error while parsing filter.");
    let (attribute, rest, prefix) = match text.split_once("^=") {
        Some((a, r)) => (a, r, true),
        None => {
            let (a, r) = text.split_once('=').ok_or_else(bad)?;
            (a, r, false)
        }
    };
    let value = rest
        .trim()
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .ok_or_else(bad)?;
    Ok(Some(Filter {
        attribute: attribute.trim().to_owned(),
        value: value.to_owned(),
        prefix,
    }))
}

fn filter_matches(filter: &Filter, user: &User) -> bool {
    let actual = match filter.attribute.as_str() {
        "username" => Some(user.username.clone()),
        "cognito:user_status" => Some(user.status.as_str().to_owned()),
        "status" => Some(if user.enabled { "Enabled" } else { "Disabled" }.to_owned()),
        other => user.attribute(other).map(str::to_owned),
    };
    match actual {
        Some(actual) if filter.prefix => actual.starts_with(&filter.value),
        Some(actual) => actual == filter.value,
        None => false,
    }
}

pub(crate) fn list_users(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let limit = match input.int("Limit") {
        Some(0) | None => 60,
        Some(n) => usize::try_from(n).unwrap_or(60),
    };
    let filter = parse_filter(input.str("Filter").unwrap_or_default())?;
    let start = page_start(input.str("PaginationToken"))?;
    let only = input
        .has("AttributesToGet")
        .then(|| input.str_list("AttributesToGet"));
    let candidates: Vec<(String, Arc<Mutex<User>>)> = {
        let users = pool.users.read();
        match &start {
            Some(s) => users
                .by_name
                .range::<String, _>((std::ops::Bound::Excluded(s), std::ops::Bound::Unbounded))
                .map(|(k, v)| (k.clone(), Arc::clone(v)))
                .collect(),
            None => users
                .by_name
                .iter()
                .map(|(k, v)| (k.clone(), Arc::clone(v)))
                .collect(),
        }
    };
    let mut page = Vec::new();
    let mut next = None;
    let mut last_key = None;
    for (key, user) in candidates {
        let user = user.lock();
        if filter.as_ref().is_some_and(|f| !filter_matches(f, &user)) {
            continue;
        }
        if page.len() == limit {
            next = last_key.take().map(|k: String| page_token(&k));
            break;
        }
        page.push(user_type(&user, only.as_deref()));
        last_key = Some(key);
    }
    let mut out = json!({"Users": page});
    if let (Some(next), Some(obj)) = (next, out.as_object_mut()) {
        obj.insert("PaginationToken".into(), next.into());
    }
    Ok(out)
}

/// AdminResetUserPassword: the user's status becomes `RESET_REQUIRED` (sign-in then answers
/// `PasswordResetRequiredException`) and a reset code goes to their e-mail address, or else
/// their phone number (purpose `password_reset` in the outbox). A user with neither is reset
/// all the same; an unconfirmed user is refused, as Cognito refuses them.
pub(crate) fn admin_reset_user_password(
    ctx: &Ctx<'_>,
    input: &Input,
) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let user = pool.user(input.req_str("Username")?)?;
    let mut user = user.lock();
    if user.status == UserStatus::Unconfirmed {
        return Err(ServiceError::not_authorized(
            "User password cannot be reset in the current state.",
        ));
    }
    user.status = UserStatus::ResetRequired;
    user.modified = ctx.now;
    let target = [("email", "EMAIL"), ("phone_number", "SMS")]
        .into_iter()
        .find_map(|(attribute, medium)| user.attribute(attribute).map(|d| (d.to_owned(), medium)));
    if let Some((destination, medium)) = target {
        let code = random::code6()?;
        ctx.world.send(Message {
            pool_id: pool.id.clone(),
            username: user.username.clone(),
            destination,
            medium: medium.to_owned(),
            code: code.expose().to_owned(),
            message: format!("Your password reset code is {}", code.expose()),
            sent_at: ctx.now,
            purpose: "password_reset".to_owned(),
        });
        user.confirmation = Some(PendingCode {
            code,
            expires_at: ctx
                .now
                .saturating_add(ctx.settings().confirmation_code_validity_seconds),
        });
    }
    Ok(json!({}))
}
