//! Building a [`World`] from a [`MockConfig`]: the preloaded pools, app clients and users.

use std::sync::Arc;

use cognito_mfa::protocol::{MfaType, SecretString, ids};
use cognito_mfa::totp::{Secret, Totp};

use crate::config::{ClientSeed, MockConfig, PoolSeed, UserSeed};
use crate::error::MockError;
use crate::jwt::{KeySource, PoolKey};
use crate::ops::admin::{
    DEFAULT_VALIDITY, new_client_id, new_client_secret, new_pool_id, validity_echo,
};
use crate::random;
use crate::state::pool::{AppClient, PoolConfig, TokenValidity};
use crate::state::user::{SoftwareToken, User, UserStatus};
use crate::state::{Pool, World};
use crate::wire::schema::EXPLICIT_AUTH_FLOW_NAMES;

fn err(context: &str, message: impl std::fmt::Display) -> MockError {
    MockError::config(format!("{context}: {message}"))
}

/// Builds the start state described by `config`.
///
/// # Errors
/// [`MockError::Config`] naming the offending pool, client or user.
pub(crate) fn build_world(config: &MockConfig, now: u64) -> Result<World, MockError> {
    let world = World::new();
    for (index, seed) in config.pools.iter().enumerate() {
        let context = format!("pools[{index}] ({})", seed.name);
        let pool = build_pool(config, seed, now, &context)?;
        let pool = Arc::new(pool);
        {
            let mut pools = world.pools.write();
            if pools.contains_key(&pool.id) {
                return Err(err(&context, format!("duplicate pool id {}", pool.id)));
            }
            pools.insert(pool.id.clone(), Arc::clone(&pool));
        }
        for (ci, client_seed) in seed.clients.iter().enumerate() {
            let client_context = format!("{context}.clients[{ci}]");
            let client = build_client(config, &pool, client_seed, now, &client_context)?;
            let id = client.id.clone();
            let mut clients = world.clients.write();
            if clients.contains_key(&id) {
                return Err(err(&client_context, format!("duplicate client id {id}")));
            }
            clients.insert(id.clone(), Arc::new(client));
            pool.clients.write().insert(id);
        }
        for (ui, user_seed) in seed.users.iter().enumerate() {
            let user_context = format!("{context}.users[{ui}] ({})", user_seed.username);
            let user = build_user(&pool, user_seed, now, &user_context)?;
            pool.insert_user(user)
                .map_err(|exists| err(&user_context, exists.message()))?;
        }
    }
    Ok(world)
}

fn build_pool(
    config: &MockConfig,
    seed: &PoolSeed,
    now: u64,
    context: &str,
) -> Result<Pool, MockError> {
    let id = match &seed.id {
        Some(id) => {
            ids::validate_user_pool_id(id).map_err(|_| {
                err(
                    context,
                    format!("pool id {id:?} must look like us-east-1_AbCdEf123"),
                )
            })?;
            id.clone()
        }
        None => new_pool_id(&config.settings.region).map_err(|e| err(context, e.message()))?,
    };
    let policy = seed.password_policy.clone();
    if !(6..=99).contains(&policy.minimum_length) {
        return Err(err(
            context,
            "password_policy.minimum_length must be 6 to 99",
        ));
    }
    for attr in seed
        .username_attributes
        .iter()
        .chain(&seed.auto_verified_attributes)
    {
        if attr != "email" && attr != "phone_number" {
            return Err(err(
                context,
                format!("unknown attribute {attr:?} (email or phone_number)"),
            ));
        }
    }
    let mut pool_config = PoolConfig {
        mfa: seed.mfa_configuration,
        sms_mfa: seed.sms_mfa,
        software_token_mfa: seed.software_token_mfa,
        email_mfa: seed.email_mfa,
        password_policy: policy,
        auto_verified_attributes: seed.auto_verified_attributes.clone(),
        username_attributes: seed.username_attributes.clone(),
        devices: seed.device_configuration,
        last_modified: now,
        ..PoolConfig::default()
    };
    if let Some(message) = &seed.sms_authentication_message {
        if !message.contains("{####}") {
            return Err(err(
                context,
                "sms_authentication_message must contain {####}",
            ));
        }
        pool_config.sms_authentication_message = message.clone();
    }
    let key = match &seed.signing_key_pem {
        Some(pem) => Some(PoolKey::from_pem(pem).map_err(|e| err(context, e))?),
        None => None,
    };
    Ok(Pool::new(
        id,
        seed.name.clone(),
        now,
        seed.case_sensitive,
        pool_config,
        key,
        KeySource::of(&config.settings),
    ))
}

fn build_client(
    config: &MockConfig,
    pool: &Pool,
    seed: &ClientSeed,
    now: u64,
    context: &str,
) -> Result<AppClient, MockError> {
    let id = match &seed.id {
        Some(id) if ids::validate_client_id(id).is_ok() => id.clone(),
        Some(id) => {
            return Err(err(
                context,
                format!(
                    "client id {id:?} must be 1-{} characters of [A-Za-z0-9_+]",
                    ids::CLIENT_ID_MAX_LEN
                ),
            ));
        }
        None => new_client_id().map_err(|e| err(context, e.message()))?,
    };
    let secret = match (&seed.secret, seed.generate_secret) {
        (Some(secret), _) => {
            let ok = (24..=64).contains(&secret.len())
                && secret
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+');
            if !ok {
                return Err(err(
                    context,
                    "secret must be 24-64 characters of [A-Za-z0-9_+]",
                ));
            }
            Some(SecretString::new(secret.clone()))
        }
        (None, true) => Some(new_client_secret().map_err(|e| err(context, e.message()))?),
        (None, false) => None,
    };
    if let Some(bad) = seed
        .explicit_auth_flows
        .iter()
        .find(|f| !EXPLICIT_AUTH_FLOW_NAMES.contains(&f.as_str()))
    {
        return Err(err(context, format!("unknown explicit auth flow {bad:?}")));
    }
    let prevent = match seed.prevent_user_existence_errors.as_deref() {
        None | Some("LEGACY") => false,
        Some("ENABLED") => true,
        Some(other) => {
            return Err(err(
                context,
                format!("prevent_user_existence_errors {other:?} (ENABLED or LEGACY)"),
            ));
        }
    };
    let minutes = seed
        .auth_session_validity
        .unwrap_or(config.settings.default_auth_session_validity_minutes);
    if !(3..=15).contains(&minutes) {
        return Err(err(
            context,
            "auth_session_validity must be 3 to 15 minutes",
        ));
    }
    let validity = TokenValidity {
        access: seed
            .access_token_validity_seconds
            .unwrap_or(DEFAULT_VALIDITY.access),
        id: seed
            .id_token_validity_seconds
            .unwrap_or(DEFAULT_VALIDITY.id),
        refresh: seed
            .refresh_token_validity_seconds
            .unwrap_or(DEFAULT_VALIDITY.refresh),
    };
    if validity.access == 0 || validity.id == 0 || validity.refresh == 0 {
        return Err(err(context, "token validities must be at least 1 second"));
    }
    Ok(AppClient {
        id,
        pool_id: pool.id.clone(),
        name: seed.name.clone().unwrap_or_else(|| "client".to_owned()),
        secret,
        explicit_auth_flows: seed.explicit_auth_flows.clone(),
        prevent_user_existence_errors: prevent,
        auth_session_validity_minutes: minutes,
        validity,
        validity_echo: validity_echo(validity),
        enable_token_revocation: true,
        created: now,
    })
}

fn build_user(pool: &Pool, seed: &UserSeed, now: u64, context: &str) -> Result<User, MockError> {
    if seed.username.is_empty() {
        return Err(err(context, "username is required"));
    }
    let sub = match &seed.sub {
        Some(sub) => sub.clone(),
        None => random::uuid().map_err(|e| err(context, e.message()))?,
    };
    let (username, implied) = pool
        .new_user_identity(&seed.username, &sub)
        .map_err(|e| err(context, e.message()))?;
    let mut user = User::new(username, sub, now);
    let mut updates: Vec<(String, String)> = seed
        .attributes
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if let Some(pair) = implied {
        updates.push(pair);
    }
    user.update_attributes(&updates);
    user.status = match seed.status.as_deref() {
        None => UserStatus::Confirmed,
        Some(text) => UserStatus::parse(text).ok_or_else(|| {
            err(context, format!("status {text:?} (CONFIRMED, UNCONFIRMED, FORCE_CHANGE_PASSWORD or RESET_REQUIRED)"))
        })?,
    };
    user.enabled = seed.enabled;
    if let Some(password) = &seed.password {
        user.set_password(password, now);
    }
    if let Some(secret) = &seed.totp_secret {
        let secret =
            Secret::from_base32(secret).map_err(|e| err(context, format!("totp_secret: {e}")))?;
        user.software_token = Some(SoftwareToken {
            totp: Totp::new(secret),
            friendly_name: None,
        });
    }
    if seed.mfa.sms && user.attribute("phone_number").is_none() {
        return Err(err(context, "mfa.sms needs a phone_number attribute"));
    }
    if seed.mfa.email && user.attribute("email").is_none() {
        return Err(err(context, "mfa.email needs an email attribute"));
    }
    if seed.mfa.software_token && user.software_token.is_none() {
        return Err(err(context, "mfa.software_token needs totp_secret"));
    }
    user.sms_mfa = seed.mfa.sms;
    user.email_mfa = seed.mfa.email;
    user.software_token_mfa = seed.mfa.software_token;
    if let Some(preferred) = &seed.mfa.preferred {
        let kind = MfaType::from_wire(preferred).ok_or_else(|| {
            err(
                context,
                format!("mfa.preferred {preferred:?} (SMS_MFA, SOFTWARE_TOKEN_MFA or EMAIL_OTP)"),
            )
        })?;
        if !user.factor_flag(kind) {
            return Err(err(context, "mfa.preferred must be an enabled factor"));
        }
        user.preferred = Some(kind);
    }
    Ok(user)
}
