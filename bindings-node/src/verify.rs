//! Bindings of `cognito_mfa::verify`: `TokenVerifier`, Cognito token verification for Node
//! servers, shaped like aws-jwt-verify's `CognitoJwtVerifier` (`verify` resolves to the
//! payload, `verifySync` for a cached JWKS, `hydrate`).
//!
//! A verification whose key is cached runs on the JavaScript thread ([`Verifier::verify_cached`]);
//! only a JWKS fetch goes to the runtime.

use std::time::Duration;

use cognito_mfa::verify::{Claims, PoolConfig, TokenUse, Verifier};
use cognito_mfa::{Error, Result};
use napi::bindgen_prelude::{Either, Env, PromiseRaw, Unknown};
use napi_derive::napi;

use crate::error::OrThrow;
use crate::input::{self, Arg};
use crate::json::Plain;
use crate::promise;

/// One pool's settings (as in aws-jwt-verify: the token use and the client ids are required).
#[napi(object, object_to_js = false)]
pub struct VerifierPoolOptions {
    /// The pool, e.g. `us-east-1_AbCdEfGhI`.
    #[napi(js_name = "userPoolId")]
    pub user_pool_id: Option<String>,
    /// `'id'` or `'access'`.
    #[napi(js_name = "tokenUse", ts_type = "'id' | 'access'")]
    pub token_use: Option<String>,
    /// The allowed app client id, or several.
    #[napi(js_name = "clientId")]
    pub client_id: Option<Either<String, Vec<String>>>,
    /// Groups, one of which `cognito:groups` must hold.
    pub groups: Option<Either<String, Vec<String>>>,
    /// Scopes, one of which `scope` must hold.
    pub scopes: Option<Either<String, Vec<String>>>,
    /// The one issuer accepted instead of Cognito's two (e.g. a mock's URL); the JWKS is then
    /// `{issuer}/.well-known/jwks.json`.
    pub issuer: Option<String>,
    /// The JWKS URL (`https`, or `http` on loopback).
    #[napi(js_name = "jwksUri")]
    pub jwks_uri: Option<String>,
    /// The JWKS itself (`{ keys: [...] }`, or its JSON text), for servers that cannot reach
    /// Cognito.
    #[napi(ts_type = "{ keys: object[] } | string")]
    pub jwks: Option<serde_json::Value>,
}

/// The options of `new TokenVerifier(options)`: one pool's settings, or `pools`, and the
/// verifier's own.
#[napi(object, object_to_js = false)]
pub struct VerifierOptions {
    /// As [`VerifierPoolOptions`], for a single pool.
    #[napi(js_name = "userPoolId")]
    pub user_pool_id: Option<String>,
    #[napi(js_name = "tokenUse", ts_type = "'id' | 'access'")]
    pub token_use: Option<String>,
    #[napi(js_name = "clientId")]
    pub client_id: Option<Either<String, Vec<String>>>,
    pub groups: Option<Either<String, Vec<String>>>,
    pub scopes: Option<Either<String, Vec<String>>>,
    pub issuer: Option<String>,
    #[napi(js_name = "jwksUri")]
    pub jwks_uri: Option<String>,
    #[napi(ts_type = "{ keys: object[] } | string")]
    pub jwks: Option<serde_json::Value>,
    /// Several pools instead of the fields above.
    #[napi(ts_type = "VerifierPoolOptions[]")]
    pub pools: Option<Vec<VerifierPoolOptions>>,
    /// Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds (default 0).
    pub grace: Option<f64>,
    /// How long unknown key ids are refused without a fetch after a refetch, in seconds
    /// (default 10).
    pub cooldown: Option<f64>,
    /// The JWKS fetch's timeout, in seconds (default 5).
    #[napi(js_name = "fetchTimeout")]
    pub fetch_timeout: Option<f64>,
    /// How many verified tokens are remembered (default 1024, 0 for none): verifying one
    /// again rechecks its time claims and that its key is still the pool's, without the RSA
    /// check, with the same verdicts.
    #[napi(js_name = "tokenCache")]
    pub token_cache: Option<f64>,
}

fn listed(value: Option<Either<String, Vec<String>>>) -> Vec<String> {
    match value {
        None => Vec::new(),
        Some(Either::A(one)) => vec![one],
        Some(Either::B(many)) => many,
    }
}

fn seconds(value: Option<f64>, name: &str, default: Duration) -> Result<Duration> {
    value.map_or(Ok(default), |value| {
        Duration::try_from_secs_f64(value).map_err(|_| {
            Error::InvalidInput(format!(
                "options.{name} must be a number of seconds, 0 or more"
            ))
        })
    })
}

/// `options.tokenCache`: a whole number of tokens, 0 or more.
fn capacity(value: Option<f64>) -> Result<usize> {
    value.map_or(Ok(cognito_mfa::verify::DEFAULT_TOKEN_CACHE), |count| {
        let count = input::whole(count, "options.tokenCache", u64::MAX)?;
        Ok(usize::try_from(count).unwrap_or(usize::MAX))
    })
}

fn pool_of(options: VerifierPoolOptions) -> Result<PoolConfig> {
    let pool_id = options.user_pool_id.ok_or_else(|| {
        Error::InvalidInput("userPoolId is required, e.g. 'us-east-1_AbCdEfGhI'".to_owned())
    })?;
    let mut pool = PoolConfig::new(pool_id)
        .client_ids(listed(options.client_id))
        .groups(listed(options.groups))
        .scopes(listed(options.scopes));
    if let Some(token_use) = options.token_use {
        pool = pool.token_use(token_use.parse::<TokenUse>()?);
    }
    if let Some(issuer) = options.issuer {
        pool = pool.issuer(issuer);
    }
    if let Some(uri) = options.jwks_uri {
        pool = pool.jwks_uri(uri);
    }
    if let Some(jwks) = options.jwks {
        pool = pool.jwks_json(match jwks {
            serde_json::Value::String(text) => text,
            other => other.to_string(),
        });
    }
    Ok(pool)
}

fn build(options: VerifierOptions) -> Result<Verifier> {
    let mut builder = Verifier::builder()
        .grace(seconds(options.grace, "grace", Duration::ZERO)?)
        .cooldown(seconds(
            options.cooldown,
            "cooldown",
            cognito_mfa::verify::DEFAULT_COOLDOWN,
        )?)
        .fetch_timeout(seconds(
            options.fetch_timeout,
            "fetchTimeout",
            cognito_mfa::verify::DEFAULT_FETCH_TIMEOUT,
        )?)
        .token_cache(capacity(options.token_cache)?);
    let single = VerifierPoolOptions {
        user_pool_id: options.user_pool_id,
        token_use: options.token_use,
        client_id: options.client_id,
        groups: options.groups,
        scopes: options.scopes,
        issuer: options.issuer,
        jwks_uri: options.jwks_uri,
        jwks: options.jwks,
    };
    let given_single = single.user_pool_id.is_some()
        || single.token_use.is_some()
        || single.client_id.is_some()
        || single.issuer.is_some()
        || single.jwks_uri.is_some()
        || single.jwks.is_some();
    match options.pools {
        Some(pools) => {
            if given_single {
                return Err(Error::InvalidInput(
                    "give one pool's settings, or pools: [...], not both".to_owned(),
                ));
            }
            for pool in pools {
                builder = builder.pool(pool_of(pool)?);
            }
        }
        None => builder = builder.pool(pool_of(single)?),
    }
    builder.build()
}

/// The keys that aws-jwt-verify's `safeJsonParse` deletes from every object of a payload (so
/// that no claim shadows what JavaScript reads through an object's prototype); a payload
/// here is the same object as there.
const UNSAFE_KEYS: [&str; 2] = ["__proto__", "constructor"];

/// The payload of verified `claims`, as `JSON.parse` makes it ([`Plain`]), without the
/// [`UNSAFE_KEYS`] at any depth.
fn payload(claims: &Claims) -> Plain {
    if !has_unsafe_key(claims.as_map()) {
        return Plain::text(claims.to_json());
    }
    let mut value = serde_json::Value::Object(claims.as_map().clone());
    strip_unsafe_keys(&mut value);
    Plain::value(&value)
}

/// Whether `map` or an object inside it has one of the [`UNSAFE_KEYS`]. (The depth is
/// bounded: the payload was parsed by `serde_json`, which refuses nesting over 128.)
fn has_unsafe_key(map: &serde_json::Map<String, serde_json::Value>) -> bool {
    map.iter()
        .any(|(key, value)| UNSAFE_KEYS.contains(&key.as_str()) || holds_unsafe_key(value))
}

fn holds_unsafe_key(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Object(map) => has_unsafe_key(map),
        serde_json::Value::Array(values) => values.iter().any(holds_unsafe_key),
        _ => false,
    }
}

fn strip_unsafe_keys(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|key, _| !UNSAFE_KEYS.contains(&key.as_str()));
            map.values_mut().for_each(strip_unsafe_keys);
        }
        serde_json::Value::Array(values) => values.iter_mut().for_each(strip_unsafe_keys),
        _ => {}
    }
}

/// Verifies Cognito ID or access tokens on a server, as aws-jwt-verify's `CognitoJwtVerifier`
/// does: the pool's JWKS fetched once and cached, an unknown key id refetched once then
/// refused for a cool-down, RS256 only, the Cognito claims checked. Make one at start-up and
/// share it. See docs/verify.md.
///
/// @example
/// ```js
/// const verifier = new TokenVerifier({ userPoolId: 'us-east-1_AbCdEfGhI', tokenUse: 'access', clientId: '1example23456789' });
/// const payload = await verifier.verify(token);   // or verifier.verifySync(token) once hydrated
/// payload.sub; payload.scope;
/// ```
#[napi(js_name = "TokenVerifier")]
pub struct JsTokenVerifier {
    inner: Verifier,
}

#[napi]
impl JsTokenVerifier {
    /// Checks the settings; no request is made.
    ///
    /// @throws {Error} `InvalidInputError` for a missing or bad setting: no pool id, token use
    /// or client id, a bad pool id, a JWKS URL that is not `https` (or `http` on loopback), a
    /// JWKS that is not one, both a pool's fields and `pools`.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: &Env,
        #[napi(ts_arg_type = "VerifierOptions")] options: Unknown<'_>,
    ) -> napi::Result<Self> {
        let inner = input::options::<VerifierOptions>(options, "options").and_then(build);
        Ok(JsTokenVerifier {
            inner: inner.or_throw(env)?,
        })
    }

    /// Verifies `token` (the JWT, without `Bearer `) and resolves to its payload; fetches the
    /// pool's JWKS first when its key is not cached yet.
    ///
    /// Rejects with one code per failure: `JwtMalformedError`, `JwtAlgorithmError`,
    /// `JwtIssuerError`, `JwtUnknownKeyError`, `JwksWaitPeriodError` (`retryAfterMs`),
    /// `JwksFetchError`, `JwkInvalidError`, `JwtInvalidSignatureError`, `JwtExpiredError`
    /// (`expiredAt`), `JwtNotYetValidError` (`validFrom`), `JwtTokenUseError`,
    /// `JwtAudienceError`, `JwtGroupError`, `JwtScopeError`. No message holds the token.
    #[napi(catch_unwind, ts_return_type = "Promise<CognitoJwtPayload>")]
    pub fn verify<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] token: Arg<String>,
    ) -> napi::Result<PromiseRaw<'env, Plain>> {
        let token = token.0;
        let cached = self.inner.verify_cached(&token);
        if let Ok(Some(claims)) = cached {
            // Verified on this thread: a settled Promise, no runtime hop.
            return PromiseRaw::resolve(env, payload(&claims));
        }
        let verifier = self.inner.clone();
        promise::spawn(
            env,
            async move {
                match cached? {
                    Some(claims) => Ok(claims),
                    None => verifier.verify(&token).await,
                }
            },
            |_, claims| Ok(payload(&claims)),
        )
    }

    /// Verifies `token` at once, with the JWKS already cached (after `hydrate()` or a first
    /// `verify()`), and returns its payload.
    ///
    /// @throws {Error} The codes of `verify`, and `InvalidInputError` when the JWKS of the
    /// token's pool is not cached yet.
    #[napi(catch_unwind, ts_return_type = "CognitoJwtPayload")]
    pub fn verify_sync(
        &self,
        env: &Env,
        #[napi(ts_arg_type = "string")] token: Arg<String>,
    ) -> napi::Result<Plain> {
        let claims = self
            .inner
            .verify_cached(&token.0)
            .and_then(|found| {
                found.ok_or_else(|| {
                    Error::InvalidInput(
                        "the JWKS of this token's pool is not cached yet: await hydrate() or \
                         verify() first"
                            .to_owned(),
                    )
                })
            })
            .or_throw(env)?;
        Ok(payload(&claims))
    }

    /// Fetches every pool's JWKS now (e.g. at start-up). Resolves to nothing.
    ///
    /// Rejects with `JwksFetchError`.
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
    pub fn hydrate<'env>(&self, env: &'env Env) -> napi::Result<PromiseRaw<'env, ()>> {
        let verifier = self.inner.clone();
        promise::spawn(env, async move { verifier.hydrate().await }, |_, ()| Ok(()))
    }

    /// How many verified tokens are remembered now (at most `tokenCache`).
    #[napi(getter, catch_unwind)]
    pub fn remembered_tokens(&self) -> u32 {
        u32::try_from(self.inner.remembered_tokens()).unwrap_or(u32::MAX)
    }

    /// The JWKS URLs this verifier fetches (one per distinct URL).
    #[napi(getter, catch_unwind)]
    pub fn jwks_uris(&self) -> Vec<String> {
        self.inner.jwks_uris()
    }
}
