//! Pools and app clients: CreateUserPool, DescribeUserPool, DeleteUserPool, ListUserPools,
//! SetUserPoolMfaConfig, GetUserPoolMfaConfig, CreateUserPoolClient, DescribeUserPoolClient,
//! DeleteUserPoolClient, ListUserPoolClients.

use std::sync::Arc;

use cognito_mfa::protocol::SecretString;
use serde_json::{Value, json};

use super::Ctx;
use crate::error::ServiceError;
use crate::jwt::KeySource;
use crate::random;
use crate::state::Pool;
use crate::state::device::DeviceTracking;
use crate::state::pool::{AppClient, MfaMode, PasswordPolicy, PoolConfig, TokenValidity};
use crate::wire::Input;

/// Cognito's default token lifetimes: access and ID tokens one hour, refresh token 30 days.
pub(crate) const DEFAULT_VALIDITY: TokenValidity = TokenValidity {
    access: 3_600,
    id: 3_600,
    refresh: 30 * 86_400,
};

/// A new pool id: `{region}_` and nine letters and digits.
pub(crate) fn new_pool_id(region: &str) -> Result<String, ServiceError> {
    Ok(format!(
        "{region}_{}",
        random::string_from(random::ALNUM, 9)?
    ))
}

/// A new app client id: 26 lower-case letters and digits.
pub(crate) fn new_client_id() -> Result<String, ServiceError> {
    random::string_from(random::LOWER_ALNUM, 26)
}

/// A new app client secret: 51 lower-case letters and digits.
pub(crate) fn new_client_secret() -> Result<SecretString, ServiceError> {
    Ok(SecretString::new(random::string_from(
        random::LOWER_ALNUM,
        51,
    )?))
}

fn unit_seconds(unit: &str) -> u64 {
    match unit {
        "seconds" => 1,
        "minutes" => 60,
        "days" => 86_400,
        _ => 3_600,
    }
}

/// How `DescribeUserPoolClient` echoes token lifetimes given in seconds: in minutes for access
/// and ID tokens and days for refresh tokens when they divide evenly, else in seconds.
pub(crate) fn validity_echo(validity: TokenValidity) -> Value {
    let pick = |seconds: u64, unit: &str, size: u64| {
        if seconds.is_multiple_of(size) {
            (seconds / size, unit.to_owned())
        } else {
            (seconds, "seconds".to_owned())
        }
    };
    let (access, access_unit) = pick(validity.access, "minutes", 60);
    let (id, id_unit) = pick(validity.id, "minutes", 60);
    let (refresh, refresh_unit) = pick(validity.refresh, "days", 86_400);
    json!({
        "AccessTokenValidity": access,
        "IdTokenValidity": id,
        "RefreshTokenValidity": refresh,
        "TokenValidityUnits": {
            "AccessToken": access_unit,
            "IdToken": id_unit,
            "RefreshToken": refresh_unit,
        },
    })
}

/// `DeviceConfiguration`: any of its fields turns device tracking on (an absent field is
/// false).
fn device_tracking(input: &Input) -> Option<DeviceTracking> {
    let given = input.object("DeviceConfiguration")?;
    Some(DeviceTracking {
        challenge_required_on_new_device: given
            .bool("ChallengeRequiredOnNewDevice")
            .unwrap_or(false),
        device_only_remembered_on_user_prompt: given
            .bool("DeviceOnlyRememberedOnUserPrompt")
            .unwrap_or(false),
    })
}

fn bool_or(input: &Option<Input>, name: &str, default: bool) -> bool {
    input.as_ref().and_then(|i| i.bool(name)).unwrap_or(default)
}

/// The settings that `CreateUserPool` and `UpdateUserPool` share, from `input` onto `config`;
/// a setting the request leaves out takes its default value (as `UpdateUserPool` does on AWS).
/// Returns the `MfaConfiguration` given, if any.
fn apply_pool_settings(config: &mut PoolConfig, input: &Input) -> Option<MfaMode> {
    let defaults = PoolConfig::default();
    let policy = input
        .object("Policies")
        .and_then(|p| p.object("PasswordPolicy"));
    let default_policy = PasswordPolicy::default();
    config.password_policy = PasswordPolicy {
        minimum_length: policy
            .as_ref()
            .and_then(|p| p.int("MinimumLength"))
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(default_policy.minimum_length),
        require_uppercase: bool_or(
            &policy,
            "RequireUppercase",
            default_policy.require_uppercase,
        ),
        require_lowercase: bool_or(
            &policy,
            "RequireLowercase",
            default_policy.require_lowercase,
        ),
        require_numbers: bool_or(&policy, "RequireNumbers", default_policy.require_numbers),
        require_symbols: bool_or(&policy, "RequireSymbols", default_policy.require_symbols),
        temporary_password_validity_days: policy
            .as_ref()
            .and_then(|p| p.int("TemporaryPasswordValidityDays"))
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(default_policy.temporary_password_validity_days),
    };
    let mode = input.str("MfaConfiguration").and_then(MfaMode::parse);
    config.mfa = mode.unwrap_or(defaults.mfa);
    let text = |name: &str, default: String| input.str(name).map_or(default, str::to_owned);
    config.sms_authentication_message = text(
        "SmsAuthenticationMessage",
        defaults.sms_authentication_message,
    );
    config.sms_verification_message =
        text("SmsVerificationMessage", defaults.sms_verification_message);
    config.email_verification_message = text(
        "EmailVerificationMessage",
        defaults.email_verification_message,
    );
    config.email_verification_subject = text(
        "EmailVerificationSubject",
        defaults.email_verification_subject,
    );
    config.auto_verified_attributes = input.str_list("AutoVerifiedAttributes");
    config.devices = device_tracking(input);
    config.tags = input
        .str_map("UserPoolTags")
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    mode
}

pub(crate) fn create_user_pool(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let name = input.req_str("PoolName")?.to_owned();
    let mut config = PoolConfig {
        last_modified: ctx.now,
        ..PoolConfig::default()
    };
    if let Some(mode) = apply_pool_settings(&mut config, input) {
        // A pool created with MFA sends SMS codes (the mock "has" an SMS configuration).
        config.sms_mfa = mode != MfaMode::Off;
    }
    config.username_attributes = input.str_list("UsernameAttributes");
    let case_sensitive = input
        .object("UsernameConfiguration")
        .and_then(|c| c.bool("CaseSensitive"))
        .unwrap_or(true);
    let id = new_pool_id(&ctx.settings().region)?;
    let pool = Arc::new(Pool::new(
        id.clone(),
        name,
        ctx.now,
        case_sensitive,
        config,
        None,
        KeySource::of(ctx.settings()),
    ));
    let described = pool.describe();
    ctx.world.pools.write().insert(id, pool);
    Ok(json!({"UserPool": described}))
}

pub(crate) fn describe_user_pool(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    Ok(json!({"UserPool": pool.describe()}))
}

/// `UpdateUserPool`: the settings it names are replaced, and — as on AWS — the ones it leaves
/// out return to their defaults (`MfaConfiguration` to `OFF`, `DeviceConfiguration` to none).
/// The factors of `SetUserPoolMfaConfig`, the user-name settings and the users stay.
///
/// # Errors
/// `ResourceNotFoundException` for an unknown pool; `InvalidParameterException` for MFA `ON`
/// or `OPTIONAL` without a factor.
pub(crate) fn update_user_pool(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let mut config = pool.config.write();
    let mut next = config.clone();
    apply_pool_settings(&mut next, input);
    if next.mfa != MfaMode::Off && next.offered_factors().is_empty() {
        return Err(ServiceError::invalid_parameter(
            "At least one MFA method must be enabled when MfaConfiguration is ON or OPTIONAL.",
        ));
    }
    next.last_modified = ctx.now;
    *config = next;
    Ok(json!({}))
}

pub(crate) fn delete_user_pool(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let pool_id = input.req_str("UserPoolId")?;
    let pool = ctx
        .world
        .pools
        .write()
        .remove(pool_id)
        .ok_or_else(|| ServiceError::pool_not_found(pool_id))?;
    let client_ids: Vec<String> = pool.clients.read().iter().cloned().collect();
    let mut clients = ctx.world.clients.write();
    for id in client_ids {
        clients.remove(&id);
    }
    Ok(json!({}))
}

/// Decodes a `NextToken` / `PaginationToken` (the last key of the previous page).
pub(crate) fn page_start(token: Option<&str>) -> Result<Option<String>, ServiceError> {
    use base64::Engine as _;
    match token {
        None => Ok(None),
        Some(token) => base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(token)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .map(Some)
            .ok_or_else(|| ServiceError::invalid_parameter("Invalid pagination token.")),
    }
}

/// Encodes the last key of a page as a pagination token.
pub(crate) fn page_token(last: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(last)
}

pub(crate) fn list_user_pools(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let max = usize::try_from(input.int("MaxResults").unwrap_or(60)).unwrap_or(60);
    let start = page_start(input.str("NextToken"))?;
    let pools = ctx.world.pools.read();
    let mut ids: Vec<&String> = pools.keys().collect();
    ids.sort();
    let mut page = Vec::new();
    let mut next = None;
    for id in ids
        .into_iter()
        .filter(|id| start.as_ref().is_none_or(|s| id.as_str() > s.as_str()))
    {
        if page.len() == max {
            next = page
                .last()
                .and_then(|p: &Value| p["Id"].as_str().map(page_token));
            break;
        }
        if let Some(pool) = pools.get(id) {
            page.push(json!({
                "Id": pool.id,
                "Name": pool.name,
                "CreationDate": pool.created,
                "LastModifiedDate": pool.config.read().last_modified,
            }));
        }
    }
    let mut out = json!({"UserPools": page});
    if let (Some(next), Some(obj)) = (next, out.as_object_mut()) {
        obj.insert("NextToken".into(), next.into());
    }
    Ok(out)
}

fn mfa_config_json(config: &PoolConfig) -> Value {
    let mut out = json!({
        "SoftwareTokenMfaConfiguration": {"Enabled": config.software_token_mfa},
        "MfaConfiguration": config.mfa.as_str(),
    });
    if let Some(obj) = out.as_object_mut() {
        if config.sms_mfa {
            let mut sms = json!({"SmsAuthenticationMessage": config.sms_authentication_message});
            if let (Some(conf), Some(sms_obj)) = (&config.sms_configuration, sms.as_object_mut()) {
                sms_obj.insert("SmsConfiguration".into(), conf.clone());
            }
            obj.insert("SmsMfaConfiguration".into(), sms);
        }
        if config.email_mfa {
            obj.insert(
                "EmailMfaConfiguration".into(),
                json!({"Message": config.email_mfa_message, "Subject": config.email_mfa_subject}),
            );
        }
    }
    out
}

pub(crate) fn set_user_pool_mfa_config(
    ctx: &Ctx<'_>,
    input: &Input,
) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let mut config = pool.config.write();
    let mut next = config.clone();
    // As on AWS, the call sets the whole MFA configuration: a factor left out is turned off.
    match input.object("SmsMfaConfiguration") {
        Some(sms) => {
            next.sms_mfa = true;
            if let Some(message) = sms.str("SmsAuthenticationMessage") {
                next.sms_authentication_message = message.to_owned();
            }
            if let Some(conf) = sms.raw("SmsConfiguration") {
                next.sms_configuration = Some(conf);
            }
        }
        None => next.sms_mfa = false,
    }
    next.software_token_mfa = input
        .object("SoftwareTokenMfaConfiguration")
        .and_then(|t| t.bool("Enabled"))
        .unwrap_or(false);
    match input.object("EmailMfaConfiguration") {
        Some(email) => {
            next.email_mfa = true;
            if let Some(message) = email.str("Message") {
                next.email_mfa_message = message.to_owned();
            }
            if let Some(subject) = email.str("Subject") {
                next.email_mfa_subject = subject.to_owned();
            }
        }
        None => next.email_mfa = false,
    }
    if let Some(mode) = input.str("MfaConfiguration").and_then(MfaMode::parse) {
        next.mfa = mode;
    }
    if next.mfa != MfaMode::Off && !next.sms_mfa && !next.software_token_mfa && !next.email_mfa {
        return Err(ServiceError::invalid_parameter(
            "At least one MFA method must be enabled when MfaConfiguration is ON or OPTIONAL.",
        ));
    }
    next.last_modified = ctx.now;
    *config = next;
    Ok(mfa_config_json(&config))
}

pub(crate) fn get_user_pool_mfa_config(
    ctx: &Ctx<'_>,
    input: &Input,
) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let config = pool.config.read();
    Ok(mfa_config_json(&config))
}

fn validity_seconds(
    input: &Input,
    name: &str,
    unit_name: &str,
    default_seconds: u64,
    default_unit: &str,
    range: (u64, u64),
) -> Result<u64, ServiceError> {
    let Some(value) = input.int(name) else {
        return Ok(default_seconds);
    };
    let unit = input
        .object("TokenValidityUnits")
        .and_then(|u| u.str(unit_name).map(str::to_owned))
        .unwrap_or_else(|| default_unit.to_owned());
    let seconds = u64::try_from(value)
        .ok()
        .and_then(|v| v.checked_mul(unit_seconds(&unit)))
        .unwrap_or(0);
    if seconds < range.0 || seconds > range.1 {
        return Err(ServiceError::invalid_parameter(format!(
            "Invalid range for token validity: {name} must be between {} and {} seconds.",
            range.0, range.1
        )));
    }
    Ok(seconds)
}

pub(crate) fn create_user_pool_client(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let name = input.req_str("ClientName")?.to_owned();
    let secret = match input.str("ClientSecret") {
        Some(secret) => Some(SecretString::new(secret)),
        None if input.bool("GenerateSecret").unwrap_or(false) => Some(new_client_secret()?),
        None => None,
    };
    let flows = input.str_list("ExplicitAuthFlows");
    let modern = flows.iter().filter(|f| f.starts_with("ALLOW_")).count();
    if modern != 0 && modern != flows.len() {
        return Err(ServiceError::invalid_parameter(
            "ExplicitAuthFlows cannot have both ALLOW_ and non ALLOW_ prefixed auth flows",
        ));
    }
    let validity = TokenValidity {
        access: validity_seconds(
            input,
            "AccessTokenValidity",
            "AccessToken",
            DEFAULT_VALIDITY.access,
            "hours",
            (300, 86_400),
        )?,
        id: validity_seconds(
            input,
            "IdTokenValidity",
            "IdToken",
            DEFAULT_VALIDITY.id,
            "hours",
            (300, 86_400),
        )?,
        refresh: validity_seconds(
            input,
            "RefreshTokenValidity",
            "RefreshToken",
            DEFAULT_VALIDITY.refresh,
            "days",
            (3_600, 315_360_000),
        )?,
    };
    let client = AppClient {
        id: new_client_id()?,
        pool_id: pool.id.clone(),
        name,
        secret,
        explicit_auth_flows: flows,
        prevent_user_existence_errors: input.str("PreventUserExistenceErrors") == Some("ENABLED"),
        auth_session_validity_minutes: input
            .int("AuthSessionValidity")
            .and_then(|m| u32::try_from(m).ok())
            .unwrap_or(ctx.settings().default_auth_session_validity_minutes),
        validity,
        validity_echo: validity_echo(validity),
        enable_token_revocation: input.bool("EnableTokenRevocation").unwrap_or(true),
        created: ctx.now,
    };
    let described = client.describe();
    let id = client.id.clone();
    ctx.world
        .clients
        .write()
        .insert(id.clone(), Arc::new(client));
    pool.clients.write().insert(id);
    Ok(json!({"UserPoolClient": described}))
}

pub(crate) fn describe_user_pool_client(
    ctx: &Ctx<'_>,
    input: &Input,
) -> Result<Value, ServiceError> {
    let (client, _) = ctx
        .world
        .pool_client(input.req_str("UserPoolId")?, input.req_str("ClientId")?)?;
    Ok(json!({"UserPoolClient": client.describe()}))
}

pub(crate) fn delete_user_pool_client(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let (client, pool) = ctx
        .world
        .pool_client(input.req_str("UserPoolId")?, input.req_str("ClientId")?)?;
    ctx.world.clients.write().remove(&client.id);
    pool.clients.write().remove(&client.id);
    Ok(json!({}))
}

pub(crate) fn list_user_pool_clients(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let max = usize::try_from(input.int("MaxResults").unwrap_or(60)).unwrap_or(60);
    let start = page_start(input.str("NextToken"))?;
    let ids: Vec<String> = pool
        .clients
        .read()
        .iter()
        .filter(|id| start.as_ref().is_none_or(|s| id.as_str() > s.as_str()))
        .cloned()
        .collect();
    let clients = ctx.world.clients.read();
    let page: Vec<Value> = ids
        .iter()
        .take(max)
        .filter_map(|id| clients.get(id))
        .map(|c| json!({"ClientId": c.id, "UserPoolId": c.pool_id, "ClientName": c.name}))
        .collect();
    let mut out = json!({"UserPoolClients": page});
    if ids.len() > max
        && let (Some(last), Some(obj)) = (ids.get(max.saturating_sub(1)), out.as_object_mut())
    {
        obj.insert("NextToken".into(), page_token(last).into());
    }
    Ok(out)
}
