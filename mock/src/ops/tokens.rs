//! Tokens: issuing access, ID and refresh tokens, checking access tokens, the refresh flows
//! (`REFRESH_TOKEN_AUTH`, `GetTokensFromRefreshToken`), GlobalSignOut and RevokeToken.
//!
//! A global sign-out revokes the user's refresh tokens and the tokens they issued; it leaves
//! the user's devices (and their remembered status) alone, as Cognito's documentation
//! describes it.

use std::sync::Arc;

use cognito_mfa::protocol::AuthFlow;
use cognito_mfa::protocol::auth::keys;
use cognito_mfa::protocol::device::GetTokensFromRefreshTokenRequest;
use parking_lot::Mutex;
use serde_json::{Map, Value, json};

use super::{Ctx, check_secret_hash_param, missing_parameter};
use crate::error::{ServiceError, codes};
use crate::jwt::{PoolKey, Unverified};
use crate::random;
use crate::settings::TokenIssuer;
use crate::state::user::User;
use crate::state::{AppClient, Pool, RefreshRecord};
use crate::wire::Input;

/// The pool's signing key, made on first use (an RSA key is generated off the async threads).
///
/// # Errors
/// `InternalErrorException` if key generation fails.
pub(crate) async fn pool_key(pool: &Pool) -> Result<Arc<PoolKey>, ServiceError> {
    let source = pool.key_source;
    pool.key
        .get_or_try_init(|| async move {
            let key = match source.existing()? {
                Some(key) => key,
                None => tokio::task::spawn_blocking(move || source.make())
                    .await
                    .map_err(|_| ServiceError::internal("key generation was interrupted"))??,
            };
            Ok(Arc::new(key))
        })
        .await
        .cloned()
}

/// The `iss` claim for tokens of `pool`.
pub(crate) fn issuer(ctx: &Ctx<'_>, pool: &Pool) -> String {
    if ctx.settings().token_issuer == TokenIssuer::Endpoint
        && let Some(endpoint) = ctx.shared.endpoint.read().as_deref()
    {
        return format!("{endpoint}/{}", pool.id);
    }
    let host = match ctx.settings().token_issuer {
        TokenIssuer::AwsIssuer => "issuer-cognito-idp",
        TokenIssuer::Endpoint | TokenIssuer::Aws => "cognito-idp",
    };
    format!("https://{host}.{}.amazonaws.com/{}", pool.region, pool.id)
}

/// The ID token's attribute claims: every attribute, with the `*_verified` flags as booleans.
fn id_claims(user: &User, out: &mut Map<String, Value>) {
    for (name, value) in &user.attributes {
        let claim = match name.as_str() {
            "email_verified" | "phone_number_verified" => Value::Bool(value == "true"),
            _ => Value::String(value.clone()),
        };
        out.insert(name.clone(), claim);
    }
}

/// Issues the tokens of a successful sign-in (`AuthenticationResult`), to the device
/// `device_key` in a pool that tracks devices. With `refresh` set, the tokens continue an
/// earlier sign-in (refresh flow): no new refresh token, the same `origin_jti` and
/// `auth_time`.
///
/// # Errors
/// `InternalErrorException` if signing fails.
pub(crate) async fn issue(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &AppClient,
    user: &Arc<Mutex<User>>,
    refresh: Option<&RefreshRecord>,
    device_key: Option<&str>,
) -> Result<Value, ServiceError> {
    let key = pool_key(pool).await?;
    let now = ctx.now;
    let iss = issuer(ctx, pool);
    let (origin_jti, auth_time) = match refresh {
        Some(record) => (record.origin_jti.clone(), record.auth_time),
        None => (random::uuid()?, now),
    };
    let event_id = random::uuid()?;
    let (access_claims, id_claims_value, username) = {
        let user = user.lock();
        let access = json!({
            "sub": user.sub(),
            "iss": iss,
            "client_id": client.id,
            "origin_jti": origin_jti,
            "event_id": event_id,
            "token_use": "access",
            "scope": "aws.cognito.signin.user.admin",
            "auth_time": auth_time,
            "exp": now.saturating_add(client.validity.access),
            "iat": now,
            "jti": random::uuid()?,
            "username": user.username,
        });
        let mut id = Map::new();
        id_claims(&user, &mut id);
        id.insert("iss".into(), iss.clone().into());
        id.insert("cognito:username".into(), user.username.clone().into());
        id.insert("origin_jti".into(), origin_jti.clone().into());
        id.insert("aud".into(), client.id.clone().into());
        id.insert("event_id".into(), event_id.clone().into());
        id.insert("token_use".into(), "id".into());
        id.insert("auth_time".into(), auth_time.into());
        id.insert("exp".into(), now.saturating_add(client.validity.id).into());
        id.insert("iat".into(), now.into());
        id.insert("jti".into(), random::uuid()?.into());
        (access, Value::Object(id), user.username.clone())
    };
    let access_token = key.sign(&access_claims)?;
    let id_token = key.sign(&id_claims_value)?;
    let mut result = json!({
        "AccessToken": access_token,
        "ExpiresIn": client.validity.access,
        "TokenType": "Bearer",
        "IdToken": id_token,
    });
    if refresh.is_none() {
        // An opaque token shaped like Cognito's (five dot-separated base64url parts).
        let token = [
            random::handle_url_safe(30)?,
            random::handle_url_safe(192)?,
            random::handle_url_safe(12)?,
            random::handle_url_safe(600)?,
            random::handle_url_safe(16)?,
        ]
        .join(".");
        let record = RefreshRecord {
            pool_id: pool.id.clone(),
            client_id: client.id.clone(),
            username,
            origin_jti,
            auth_time,
            expires_at: now.saturating_add(client.validity.refresh),
            device_key: device_key.map(str::to_owned),
        };
        ctx.world
            .refresh_tokens
            .insert(token.clone(), record, now)?;
        if let Some(obj) = result.as_object_mut() {
            obj.insert("RefreshToken".into(), token.into());
        }
    }
    Ok(json!({"ChallengeParameters": {}, "AuthenticationResult": result}))
}

fn invalid_token() -> ServiceError {
    ServiceError::not_authorized("Invalid Access Token")
}

/// A checked access token: its pool, user and claims.
pub(crate) struct Caller {
    pub(crate) pool: Arc<Pool>,
    pub(crate) user: Arc<Mutex<User>>,
}

/// Checks an access token: signature (the pool's key), `token_use`, issuer, expiry (virtual
/// clock), revocation, and that its user still exists and is enabled.
///
/// # Errors
/// `NotAuthorizedException` ("Invalid Access Token", "Access Token has expired", "Access
/// Token has been revoked", "User is disabled."), `UserNotFoundException`.
pub(crate) fn authenticate(ctx: &Ctx<'_>, token: &str) -> Result<Caller, ServiceError> {
    let parsed = Unverified::parse(token).ok_or_else(invalid_token)?;
    let iss = parsed.claim_str("iss").ok_or_else(invalid_token)?;
    let pool_id = iss.rsplit('/').next().ok_or_else(invalid_token)?;
    let pool = ctx.world.pool(pool_id).map_err(|_| invalid_token())?;
    let key = pool.key.get().ok_or_else(invalid_token)?;
    if !key.verifies(&parsed)
        || parsed.claim_str("token_use") != Some("access")
        || iss != issuer(ctx, &pool)
    {
        return Err(invalid_token());
    }
    let exp = parsed.claim_u64("exp").ok_or_else(invalid_token)?;
    if exp <= ctx.now {
        return Err(ServiceError::not_authorized("Access Token has expired"));
    }
    if let Some(origin) = parsed.claim_str("origin_jti")
        && ctx.world.revoked.lock().contains(origin)
    {
        return Err(ServiceError::not_authorized(
            "Access Token has been revoked",
        ));
    }
    let username = parsed.claim_str("username").ok_or_else(invalid_token)?;
    let user = pool.user(username)?;
    {
        let locked = user.lock();
        if Some(locked.sub()) != parsed.claim_str("sub") {
            return Err(ServiceError::user_not_found());
        }
        if !locked.enabled {
            return Err(ServiceError::not_authorized("User is disabled."));
        }
    }
    Ok(Caller { pool, user })
}

/// `REFRESH_TOKEN_AUTH` / `REFRESH_TOKEN`: `REFRESH_TOKEN`, `SECRET_HASH` (over `USERNAME`,
/// else the token's user) and, for tokens issued to a device, its `DEVICE_KEY`.
///
/// # Errors
/// As [`refreshed`].
pub(crate) async fn refresh(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &AppClient,
    params: &std::collections::BTreeMap<String, String>,
) -> Result<Value, ServiceError> {
    let token = params
        .get(keys::REFRESH_TOKEN)
        .ok_or_else(|| missing_parameter(keys::REFRESH_TOKEN))?;
    let device_key = params.get(keys::DEVICE_KEY).map(String::as_str);
    refreshed(ctx, pool, client, token, device_key, |record| {
        let username = params.get(keys::USERNAME).unwrap_or(&record.username);
        check_secret_hash_param(client, username, params)
    })
    .await
}

/// `GetTokensFromRefreshToken {RefreshToken, ClientId, ClientSecret, DeviceKey,
/// ClientMetadata}`: the refresh Amplify v6 uses. A client with a secret must send it as is
/// (no `SECRET_HASH`). The answer is `{AuthenticationResult}`.
///
/// # Errors
/// `NotAuthorizedException` for a missing or wrong client secret; as [`refreshed`].
pub(crate) async fn get_tokens_from_refresh_token(
    ctx: &Ctx<'_>,
    input: &Input,
) -> Result<Value, ServiceError> {
    let request: GetTokensFromRefreshTokenRequest = input.decode()?;
    let (client, pool) = ctx.world.client(&request.client_id)?;
    if !client.allows(AuthFlow::RefreshTokenAuth.as_str()) {
        return Err(ServiceError::invalid_parameter(format!(
            "{} flow not enabled for this client",
            AuthFlow::RefreshTokenAuth.as_str()
        )));
    }
    let check_secret = |_: &RefreshRecord| match (&client.secret, &request.client_secret) {
        (None, _) => Ok(()),
        (Some(secret), Some(given)) if secret.matches(given.expose()) => Ok(()),
        (Some(_), Some(_)) => Err(ServiceError::not_authorized(format!(
            "Unable to verify secret hash for client {}",
            client.id
        ))),
        (Some(_), None) => Err(ServiceError::not_authorized(format!(
            "Client {} is configured for secret but secret was not received",
            client.id
        ))),
    };
    let answer = refreshed(
        ctx,
        &pool,
        &client,
        request.refresh_token.expose(),
        request.device_key.as_deref(),
        check_secret,
    )
    .await?;
    let result = answer.get("AuthenticationResult").cloned();
    Ok(json!({ "AuthenticationResult": result }))
}

/// New ID and access tokens for the refresh token `token` of `client`, after
/// `check_secret` accepted the client's secret. Tokens issued to a device (in a pool that
/// tracks devices) are refreshed only with that device's key, and only once it is confirmed.
///
/// # Errors
/// `NotAuthorizedException` for an unknown, revoked, expired or foreign refresh token, a
/// refused secret, or a missing / unconfirmed device (`Invalid Refresh Token.`);
/// `UserNotFoundException` when the user is gone.
async fn refreshed(
    ctx: &Ctx<'_>,
    pool: &Pool,
    client: &AppClient,
    token: &str,
    device_key: Option<&str>,
    check_secret: impl FnOnce(&RefreshRecord) -> Result<(), ServiceError>,
) -> Result<Value, ServiceError> {
    let record = ctx
        .world
        .refresh_tokens
        .with(token, |r| r.clone())?
        .filter(|r| r.client_id == client.id && r.pool_id == pool.id)
        .ok_or_else(|| ServiceError::not_authorized("Invalid Refresh Token"))?;
    if ctx.world.revoked.lock().contains(&record.origin_jti) {
        return Err(ServiceError::not_authorized(
            "Refresh Token has been revoked",
        ));
    }
    if record.expires_at <= ctx.now {
        return Err(ServiceError::not_authorized("Refresh Token has expired"));
    }
    check_secret(&record)?;
    let user = pool.user(&record.username)?;
    if !user.lock().enabled {
        return Err(ServiceError::not_authorized("User is disabled."));
    }
    let tracks_devices = pool.config.read().devices.is_some();
    if let Some(bound) = record.device_key.as_deref().filter(|_| tracks_devices) {
        let confirmed = device_key == Some(bound)
            && user
                .lock()
                .devices
                .get(bound)
                .is_some_and(|device| device.confirmed());
        if !confirmed {
            return Err(ServiceError::not_authorized("Invalid Refresh Token."));
        }
    }
    issue(
        ctx,
        pool,
        client,
        &user,
        Some(&record),
        record.device_key.as_deref(),
    )
    .await
}

/// Revokes every sign-in of the user: its refresh tokens and the tokens they issued.
fn revoke_user(ctx: &Ctx<'_>, pool_id: &str, username: &str) {
    let mut origins = Vec::new();
    ctx.world.refresh_tokens.remove_where(|r| {
        let hit = r.pool_id == pool_id && r.username == username;
        if hit {
            origins.push(r.origin_jti.clone());
        }
        hit
    });
    ctx.world.revoked.lock().extend(origins);
}

pub(crate) fn global_sign_out(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let caller = authenticate(ctx, input.req_str("AccessToken")?)?;
    let username = caller.user.lock().username.clone();
    revoke_user(ctx, &caller.pool.id, &username);
    Ok(json!({}))
}

/// `AdminUserGlobalSignOut`: [`global_sign_out`] for a user named by pool and user name.
pub(crate) fn admin_user_global_sign_out(
    ctx: &Ctx<'_>,
    input: &Input,
) -> Result<Value, ServiceError> {
    let pool = ctx.world.pool(input.req_str("UserPoolId")?)?;
    let user = pool.user(input.req_str("Username")?)?;
    let username = user.lock().username.clone();
    revoke_user(ctx, &pool.id, &username);
    Ok(json!({}))
}

pub(crate) fn revoke_token(ctx: &Ctx<'_>, input: &Input) -> Result<Value, ServiceError> {
    let (client, _) = ctx.world.client(input.req_str("ClientId")?)?;
    if let Some(secret) = &client.secret {
        let given = input.str("ClientSecret").unwrap_or_default();
        if !secret.matches(given) {
            return Err(ServiceError::not_authorized(format!(
                "Unable to verify secret hash for client {}",
                client.id
            )));
        }
    }
    if !client.enable_token_revocation {
        return Err(ServiceError::new(
            codes::UNSUPPORTED_TOKEN_TYPE,
            "Token revocation is not enabled for this client.",
        ));
    }
    let token = input.req_str("Token")?;
    if let Some(record) = ctx.world.refresh_tokens.take(token)? {
        if record.client_id != client.id {
            ctx.world
                .refresh_tokens
                .insert(token.to_owned(), record, ctx.now)?;
            return Err(ServiceError::new(
                codes::NOT_AUTHORIZED,
                "Invalid Refresh Token",
            ));
        }
        ctx.world.revoked.lock().insert(record.origin_jti);
    }
    Ok(json!({}))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::SigningKeys;
    use crate::{Mock, MockConfig};

    const SUB: &str = "5f4f0b1e-0000-4000-8000-000000000002";

    fn pool(id: &str, client: &str) -> Value {
        json!({"id": id, "clients": [{"id": client, "explicit_auth_flows": ["ALLOW_USER_PASSWORD_AUTH"]}],
               "users": [{"username": "alice", "sub": SUB, "password": "Passw0rd!"}]})
    }

    async fn access_token(mock: &Mock, client: &str) -> String {
        let answer = mock
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
                       "AuthParameters": {"USERNAME": "alice", "PASSWORD": "Passw0rd!"}}),
            )
            .await
            .unwrap();
        answer["AuthenticationResult"]["AccessToken"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The claims of `token` with `iss` replaced, signed under `key`.
    fn resigned(token: &str, iss: &str, key: &PoolKey) -> String {
        let mut claims = Unverified::parse(token).unwrap().claims;
        claims.insert("iss".into(), iss.into());
        key.sign(&Value::Object(claims)).unwrap()
    }

    #[tokio::test]
    async fn a_pool_refuses_a_token_signed_under_another_pools_kid_with_the_shared_key() {
        let mut config: MockConfig = serde_json::from_value(json!({"pools": [
            pool("us-east-1_PoolA1", "clienta1"),
            pool("us-east-1_PoolB1", "clientb1"),
        ]}))
        .unwrap();
        config.settings.signing_keys = SigningKeys::Shared;
        let mock = Mock::new(config).unwrap();
        let token_a = access_token(&mock, "clienta1").await;
        let token_b = access_token(&mock, "clientb1").await;
        let world = Arc::clone(&mock.shared.world.read());
        let key_a = pool_key(&world.pool("us-east-1_PoolA1").unwrap())
            .await
            .unwrap();
        let key_b = pool_key(&world.pool("us-east-1_PoolB1").unwrap())
            .await
            .unwrap();
        assert_eq!(key_a.jwk()["n"], key_b.jwk()["n"], "one shared RSA key");
        let iss_b = Unverified::parse(&token_b)
            .unwrap()
            .claim_str("iss")
            .unwrap()
            .to_owned();

        // Pool A's token made to claim pool B (issuer, user and sub exist there), signed by
        // the shared key under A's kid: B refuses it.
        let forged = resigned(&token_a, &iss_b, &key_a);
        let err = mock
            .call("GetUser", json!({"AccessToken": forged}))
            .await
            .unwrap_err();
        assert_eq!(err.code(), codes::NOT_AUTHORIZED);
        assert_eq!(err.message(), "Invalid Access Token");

        // The same claims under B's kid pass, so the kid is what refused it.
        let genuine = resigned(&token_a, &iss_b, &key_b);
        let user = mock
            .call("GetUser", json!({"AccessToken": genuine}))
            .await
            .unwrap();
        assert_eq!(user["Username"], "alice");
    }
}
