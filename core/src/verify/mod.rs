//! [`Verifier`]: verification of Cognito ID and access tokens on a server, as awslabs'
//! aws-jwt-verify does it — the pool's JWKS fetched once and cached, an unknown key id
//! refetched once and then rate-limited, and the Cognito claims checked.
//!
//! Checks, in this order, each failure with its own [`Error`] code: the structure
//! (`JwtMalformedError`), the header's `alg` (`JwtAlgorithmError`), the pool by `iss`
//! (`JwtIssuerError`), the key by `kid` (`JwtUnknownKeyError`, `JwksWaitPeriodError`,
//! `JwksFetchError`, `JwkInvalidError`), the signature (`JwtInvalidSignatureError`), then the
//! claims: `exp` (`JwtExpiredError`), `nbf` and `iat` (`JwtNotYetValidError`), `token_use`
//! (`JwtTokenUseError`), `aud` / `client_id` (`JwtAudienceError`), groups (`JwtGroupError`)
//! and scopes (`JwtScopeError`).
//!
//! A token that passed is remembered (by its SHA-256 digest, up to
//! [`VerifierBuilder::token_cache`] tokens): verifying it again rechecks only its time claims
//! and that its key is still the pool's, skipping the signature. See `cache.rs` for why this
//! gives the same verdicts.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), cognito_mfa::Error> {
//! use std::time::Duration;
//! use cognito_mfa::verify::{PoolConfig, TokenUse, Verifier};
//!
//! let verifier = Verifier::builder()
//!     .pool(
//!         PoolConfig::new("us-east-1_AbCdEfGhI")
//!             .token_use(TokenUse::Access)
//!             .client_id("1example23456789")
//!             .scopes(["orders/read"]),
//!     )
//!     .grace(Duration::from_secs(5))
//!     .build()?;
//! // verifier.hydrate().await?;  // optional: fetch the JWKS at start-up
//!
//! let err = verifier.verify("not.a.token").await.unwrap_err();
//! assert_eq!(err.code(), "JwtMalformedError");
//!
//! // Settings are checked by build(): the token use and client ids are required.
//! let err = Verifier::builder().pool(PoolConfig::new("us-east-1_AbCdEfGhI")).build().unwrap_err();
//! assert_eq!(err.code(), "InvalidInputError");
//! # Ok(()) }
//! ```

mod cache;
mod claims;
mod jwks;
mod jwt;

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;
use std::sync::{Arc, Once};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ring::signature::RsaPublicKeyComponents;
use serde_json::{Map, Value};

pub use cache::DEFAULT_TOKEN_CACHE;
pub use claims::Claims;
pub use jwt::{Algorithm, MAX_TOKEN_BYTES};

use crate::client::UserPoolId;
use crate::error::{Error, Result};
use cache::{TokenCache, TokenDigest, Verified};
use jwks::{JwksCache, KeyEntry, KeySet, Source};

/// How long unknown key ids are refused without a fetch after a refetch that did not find
/// one (or a failed fetch), by default.
pub const DEFAULT_COOLDOWN: Duration = Duration::from_secs(10);
/// The default timeout of a JWKS fetch.
pub const DEFAULT_FETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// Which token a pool's verification expects: `token_use` of `id` or `access`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenUse {
    /// An ID token (`token_use: "id"`, the client in `aud`).
    Id,
    /// An access token (`token_use: "access"`, the client in `client_id`).
    Access,
}

impl TokenUse {
    /// `"id"` or `"access"`.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenUse::Id => "id",
            TokenUse::Access => "access",
        }
    }
}

impl FromStr for TokenUse {
    type Err = Error;

    /// Parses `"id"` or `"access"`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for anything else.
    fn from_str(text: &str) -> Result<TokenUse> {
        match text {
            "id" => Ok(TokenUse::Id),
            "access" => Ok(TokenUse::Access),
            _ => Err(Error::invalid_input(
                "the token use must be \"id\" or \"access\"",
            )),
        }
    }
}

impl fmt::Display for TokenUse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the tokens of one user pool must be. The token use and at least one client id are
/// required (as aws-jwt-verify requires them); [`VerifierBuilder::build`] refuses a pool
/// without them.
#[derive(Debug, Clone)]
#[must_use = "a PoolConfig does nothing until given to VerifierBuilder::pool"]
pub struct PoolConfig {
    pool_id: String,
    token_use: Option<TokenUse>,
    client_ids: Vec<String>,
    groups: Vec<String>,
    scopes: Vec<String>,
    issuer: Option<String>,
    jwks_uri: Option<String>,
    jwks_json: Option<String>,
}

impl PoolConfig {
    /// The pool `pool_id` (e.g. `us-east-1_AbCdEfGhI`). By default its tokens may carry either
    /// issuer Cognito issues, `https://cognito-idp.{region}.amazonaws.com/{pool}` and
    /// `https://issuer-cognito-idp.{region}.amazonaws.com/{pool}`, and its JWKS is fetched from
    /// `https://cognito-idp.{region}.amazonaws.com/{pool}/.well-known/jwks.json`.
    pub fn new(pool_id: impl Into<String>) -> Self {
        PoolConfig {
            pool_id: pool_id.into(),
            token_use: None,
            client_ids: Vec::new(),
            groups: Vec::new(),
            scopes: Vec::new(),
            issuer: None,
            jwks_uri: None,
            jwks_json: None,
        }
    }

    /// The token expected (required).
    pub fn token_use(mut self, token_use: TokenUse) -> Self {
        self.token_use = Some(token_use);
        self
    }

    /// An allowed app client id (at least one is required; may be called several times).
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_ids.push(client_id.into());
        self
    }

    /// Allowed app client ids, added to those already given.
    pub fn client_ids<I, S>(mut self, client_ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.client_ids
            .extend(client_ids.into_iter().map(Into::into));
        self
    }

    /// Groups, one of which `cognito:groups` must hold (default: none required).
    pub fn groups<I, S>(mut self, groups: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.groups.extend(groups.into_iter().map(Into::into));
        self
    }

    /// Scopes, one of which `scope` must hold (default: none required).
    pub fn scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scopes.extend(scopes.into_iter().map(Into::into));
        self
    }

    /// The one issuer accepted instead of Cognito's two, e.g. a mock's
    /// `http://127.0.0.1:9229/us-east-1_AbC`; the JWKS URL then defaults to
    /// `{issuer}/.well-known/jwks.json`.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// The JWKS URL. `https` (certificates verified), or `http` on a loopback host only.
    pub fn jwks_uri(mut self, url: impl Into<String>) -> Self {
        self.jwks_uri = Some(url.into());
        self
    }

    /// The JWKS document itself (`{"keys": [...]}`), for servers that cannot reach Cognito:
    /// nothing is fetched unless [`PoolConfig::jwks_uri`] is given too (then these keys are
    /// kept beside the fetched ones).
    pub fn jwks_json(mut self, document: impl Into<String>) -> Self {
        self.jwks_json = Some(document.into());
        self
    }
}

type ClockFn = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Builds a [`Verifier`]; settings are checked by [`VerifierBuilder::build`].
#[must_use = "a builder does nothing until build() is called"]
pub struct VerifierBuilder {
    pools: Vec<PoolConfig>,
    grace: Duration,
    cooldown: Duration,
    timeout: Duration,
    token_cache: usize,
    clock: ClockFn,
}

impl fmt::Debug for VerifierBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifierBuilder")
            .field("pools", &self.pools)
            .field("grace", &self.grace)
            .field("cooldown", &self.cooldown)
            .field("timeout", &self.timeout)
            .field("token_cache", &self.token_cache)
            .finish_non_exhaustive()
    }
}

impl VerifierBuilder {
    /// Adds a pool whose tokens are accepted (at least one is required).
    pub fn pool(mut self, pool: PoolConfig) -> Self {
        self.pools.push(pool);
        self
    }

    /// Clock skew tolerated on `exp`, `nbf` and `iat` (default 0), in whole seconds.
    pub fn grace(mut self, grace: Duration) -> Self {
        self.grace = grace;
        self
    }

    /// How long unknown key ids are refused at once after a refetch that did not find the
    /// key or a failed fetch (default 10 s; zero disables the cool-down).
    pub fn cooldown(mut self, cooldown: Duration) -> Self {
        self.cooldown = cooldown;
        self
    }

    /// The timeout of a JWKS fetch, from connecting to the end of the body (default 5 s).
    pub fn fetch_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many verified tokens are remembered (default [`DEFAULT_TOKEN_CACHE`]; 0 keeps
    /// none). A remembered token is verified again by its time claims and its key's identity
    /// only, without the RSA check; the verdicts are those of a full verification.
    pub fn token_cache(mut self, capacity: usize) -> Self {
        self.token_cache = capacity;
        self
    }

    /// The clock `exp`, `nbf`, `iat` and the cool-down are checked against (default the
    /// system clock); for tests.
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Checks the settings and builds the verifier. No request is made.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for no pool, a bad pool id, a pool without token use or client
    /// id, an empty client id, group or scope, an empty issuer, a JWKS URL that is not
    /// `https` (or `http` on loopback), a JWKS document that is not a JWKS, two pools with
    /// the same issuer, or a zero fetch timeout; [`Error::Network`] if the HTTP client cannot
    /// be built.
    pub fn build(self) -> Result<Verifier> {
        if self.pools.is_empty() {
            return Err(Error::invalid_input("a verifier needs at least one pool"));
        }
        if self.timeout.is_zero() {
            return Err(Error::invalid_input(
                "the fetch timeout must be longer than zero",
            ));
        }
        install_crypto_provider();
        let http = reqwest::Client::builder()
            .user_agent(format!("cognito-mfa/{} (rust)", env!("CARGO_PKG_VERSION")))
            .timeout(self.timeout)
            .connect_timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Network {
                message: "the HTTP client could not be built".to_owned(),
                retryable: false,
                source: Some(Box::new(e)),
            })?;
        let mut caches: HashMap<String, Arc<JwksCache>> = HashMap::new();
        let mut pools = Vec::new();
        let mut by_issuer = HashMap::new();
        for config in self.pools {
            let pool = build_pool(config, &http, &mut caches)?;
            let index = pools.len();
            for issuer in &pool.issuers {
                if by_issuer.insert(issuer.clone(), index).is_some() {
                    return Err(Error::invalid_input(format!(
                        "two pools accept the issuer {issuer:?}"
                    )));
                }
            }
            pools.push(pool);
        }
        Ok(Verifier {
            inner: Arc::new(Inner {
                pools,
                by_issuer,
                grace: self.grace.as_secs(),
                cooldown: self.cooldown,
                tokens: TokenCache::new(self.token_cache),
                clock: self.clock,
            }),
        })
    }
}

fn build_pool(
    config: PoolConfig,
    http: &reqwest::Client,
    caches: &mut HashMap<String, Arc<JwksCache>>,
) -> Result<Pool> {
    let id = UserPoolId::new(config.pool_id)?;
    let name = id.as_str();
    let token_use = config.token_use.ok_or_else(|| {
        Error::invalid_input(format!(
            "pool {name}: the token use (id or access) is required"
        ))
    })?;
    if config.client_ids.is_empty() {
        return Err(Error::invalid_input(format!(
            "pool {name}: at least one client id is required"
        )));
    }
    let empty = |list: &[String]| list.iter().any(String::is_empty);
    if empty(&config.client_ids) || empty(&config.groups) || empty(&config.scopes) {
        return Err(Error::invalid_input(format!(
            "pool {name}: empty client id, group or scope"
        )));
    }
    let region = id.region();
    let original = format!("https://cognito-idp.{region}.amazonaws.com/{name}");
    let (issuers, default_jwks) = match config.issuer {
        Some(issuer) if issuer.is_empty() => {
            return Err(Error::invalid_input(format!("pool {name}: empty issuer")));
        }
        Some(issuer) => {
            let jwks = format!("{}/.well-known/jwks.json", issuer.trim_end_matches('/'));
            (vec![issuer], jwks)
        }
        None => (
            vec![
                original.clone(),
                format!("https://issuer-cognito-idp.{region}.amazonaws.com/{name}"),
            ],
            format!("{original}/.well-known/jwks.json"),
        ),
    };
    let pinned = match &config.jwks_json {
        Some(document) => jwks::parse_jwks(document.as_bytes())
            .map_err(|what| Error::invalid_input(format!("pool {name}: {what}")))?,
        None => KeySet::new(),
    };
    let url = match (config.jwks_uri, &config.jwks_json) {
        (Some(url), _) => Some(url),
        (None, Some(_)) => None,
        (None, None) => Some(default_jwks),
    };
    let jwks = match url {
        None => Arc::new(JwksCache::new(None, pinned)),
        Some(url) => {
            let url = parse_jwks_url(&url)?;
            let key = url.to_string();
            match caches.get(&key) {
                Some(cache) if pinned.is_empty() => Arc::clone(cache),
                _ => {
                    let source = Source {
                        url,
                        http: http.clone(),
                    };
                    let cache = Arc::new(JwksCache::new(Some(source), pinned));
                    caches.insert(key, Arc::clone(&cache));
                    cache
                }
            }
        }
    };
    Ok(Pool {
        id,
        token_use,
        client_ids: config.client_ids,
        groups: config.groups,
        scopes: config.scopes,
        issuers,
        jwks,
    })
}

fn parse_jwks_url(text: &str) -> Result<reqwest::Url> {
    let url = reqwest::Url::parse(text)
        .map_err(|e| Error::invalid_input(format!("invalid JWKS URL {text:?}: {e}")))?;
    let host = url
        .host_str()
        .ok_or_else(|| Error::invalid_input(format!("invalid JWKS URL {text:?}: no host")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid_input(format!(
            "invalid JWKS URL {text:?}: no credentials allowed"
        )));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(host) => Ok(url),
        "http" => Err(Error::invalid_input(format!(
            "JWKS URL {text:?} is plain http on a non-loopback host: use https"
        ))),
        other => Err(Error::invalid_input(format!(
            "invalid JWKS URL {text:?}: scheme {other:?} is not https"
        ))),
    }
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Installs rustls' ring provider as the process default, once (kept if another is set).
fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

struct Pool {
    id: UserPoolId,
    token_use: TokenUse,
    client_ids: Vec<String>,
    groups: Vec<String>,
    scopes: Vec<String>,
    issuers: Vec<String>,
    jwks: Arc<JwksCache>,
}

struct Inner {
    pools: Vec<Pool>,
    by_issuer: HashMap<String, usize>,
    grace: u64,
    cooldown: Duration,
    tokens: TokenCache,
    clock: ClockFn,
}

/// Verifies Cognito ID or access tokens of one or more user pools.
///
/// Cheap to clone (an `Arc` inside); clones share the JWKS caches. Make one at start-up and
/// use it from every request handler. See the [module documentation](self) for an example.
#[derive(Clone)]
pub struct Verifier {
    inner: Arc<Inner>,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pools: Vec<_> = self.inner.pools.iter().map(|p| p.id.as_str()).collect();
        f.debug_struct("Verifier")
            .field("pools", &pools)
            .field("grace", &self.inner.grace)
            .finish_non_exhaustive()
    }
}

/// A token decoded and matched to its pool, before the key.
struct Prepared<'t> {
    decoded: jwt::Decoded<'t>,
    pool: &'t Pool,
    index: usize,
}

impl Verifier {
    /// A builder: add pools with [`VerifierBuilder::pool`], then [`VerifierBuilder::build`].
    pub fn builder() -> VerifierBuilder {
        VerifierBuilder {
            pools: Vec::new(),
            grace: Duration::ZERO,
            cooldown: DEFAULT_COOLDOWN,
            timeout: DEFAULT_FETCH_TIMEOUT,
            token_cache: DEFAULT_TOKEN_CACHE,
            clock: Arc::new(SystemTime::now),
        }
    }

    /// Verifies `token` and returns its claims, fetching the pool's JWKS if the key is not
    /// cached yet (once; an unknown key id refetches once, then is refused for the
    /// cool-down).
    ///
    /// # Errors
    /// One of the token errors listed in the [module documentation](self); never holds the
    /// token.
    pub async fn verify(&self, token: &str) -> Result<Claims> {
        let digest = self.inner.tokens.is_enabled().then(|| cache::digest(token));
        if let Some(claims) = digest.as_ref().and_then(|digest| self.remembered(digest)) {
            return Ok(claims);
        }
        let prepared = self.prepare(token)?;
        let key = prepared
            .pool
            .jwks
            .key(
                &prepared.decoded.kid,
                &*self.inner.clock,
                self.inner.cooldown,
            )
            .await?;
        self.finish(prepared, key, digest)
    }

    /// Verifies `token` without waiting, when its key is cached: `Ok(Some(claims))`;
    /// `Ok(None)` when the key must be fetched first (call [`Verifier::verify`]). Lets a
    /// binding verify on the caller's thread, without entering the async runtime.
    ///
    /// # Errors
    /// As [`Verifier::verify`], apart from the fetch errors.
    pub fn verify_cached(&self, token: &str) -> Result<Option<Claims>> {
        let digest = self.inner.tokens.is_enabled().then(|| cache::digest(token));
        if let Some(claims) = digest.as_ref().and_then(|digest| self.remembered(digest)) {
            return Ok(Some(claims));
        }
        let prepared = self.prepare(token)?;
        let jwks = &prepared.pool.jwks;
        match jwks.lookup(&prepared.decoded.kid) {
            Some(key) => self.finish(prepared, key, digest).map(Some),
            None if jwks.can_fetch() => Ok(None),
            None => Err(Error::JwtUnknownKey),
        }
    }

    /// Fetches every pool's JWKS now (e.g. at start-up), whatever is cached.
    ///
    /// # Errors
    /// [`Error::JwksFetch`] for the first JWKS that could not be fetched.
    pub async fn hydrate(&self) -> Result<()> {
        let mut done: Vec<&Arc<JwksCache>> = Vec::new();
        for pool in &self.inner.pools {
            if done.iter().any(|cache| Arc::ptr_eq(cache, &pool.jwks)) {
                continue;
            }
            done.push(&pool.jwks);
            pool.jwks.refresh().await?;
        }
        Ok(())
    }

    /// How many verified tokens are remembered now (at most [`VerifierBuilder::token_cache`]).
    pub fn remembered_tokens(&self) -> usize {
        self.inner.tokens.len()
    }

    /// The JWKS URLs fetched, one per distinct URL.
    pub fn jwks_uris(&self) -> Vec<String> {
        let mut urls: Vec<String> = Vec::new();
        for pool in &self.inner.pools {
            if let Some(url) = pool.jwks.url().map(ToString::to_string)
                && !urls.contains(&url)
            {
                urls.push(url);
            }
        }
        urls
    }

    fn prepare<'t>(&'t self, token: &'t str) -> Result<Prepared<'t>> {
        let decoded = jwt::decode(token)?;
        let iss = match decoded.payload.get("iss") {
            Some(Value::String(iss)) => iss,
            _ => return Err(Error::JwtIssuer("the token has no iss".to_owned())),
        };
        let (index, pool) = self
            .inner
            .by_issuer
            .get(iss)
            .and_then(|&index| Some((index, self.inner.pools.get(index)?)))
            .ok_or_else(|| {
                Error::JwtIssuer("the issuer is not one of the configured pools".to_owned())
            })?;
        Ok(Prepared {
            decoded,
            pool,
            index,
        })
    }

    fn now(&self) -> u64 {
        (self.inner.clock)()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }

    /// The claims of a remembered token that still passes: its time claims at the current
    /// clock, and its key still the one its pool's JWKS holds under its `kid`. Otherwise the
    /// entry is dropped and `None` sends the token through full verification.
    fn remembered(&self, digest: &TokenDigest) -> Option<Claims> {
        let entry = self.inner.tokens.get(digest)?;
        let claims = &entry.claims;
        let current_key = self
            .inner
            .pools
            .get(entry.pool)
            .and_then(|pool| pool.jwks.lookup(&entry.kid));
        let fresh = check_times(
            claims.expires_at,
            claims.not_before,
            claims.issued_at,
            self.now(),
            self.inner.grace,
        )
        .is_ok()
            && current_key.is_some_and(|key| Arc::ptr_eq(&key, &entry.key));
        if fresh {
            Some(entry.claims.clone())
        } else {
            self.inner.tokens.remove(digest);
            None
        }
    }

    fn finish(
        &self,
        prepared: Prepared<'_>,
        key_entry: Arc<KeyEntry>,
        digest: Option<TokenDigest>,
    ) -> Result<Claims> {
        let Prepared {
            decoded,
            pool,
            index,
        } = prepared;
        let key = match &*key_entry {
            KeyEntry::Usable(key) => key,
            KeyEntry::Unusable(why) => return Err(Error::JwkInvalid(why.clone())),
        };
        if key.alg.is_some_and(|alg| alg != decoded.alg) {
            return Err(Error::JwtAlgorithm(
                "the header's alg differs from the JWK's".to_owned(),
            ));
        }
        RsaPublicKeyComponents {
            n: key.n.as_slice(),
            e: key.e.as_slice(),
        }
        .verify(
            decoded.alg.parameters(),
            decoded.signing_input.as_bytes(),
            &decoded.signature,
        )
        .map_err(|_| Error::JwtInvalidSignature)?;
        let now = self.now();
        let claims = check_claims(pool, decoded.payload, now, self.inner.grace)?;
        if let Some(digest) = digest {
            let verified = Verified {
                claims: claims.clone(),
                pool: index,
                kid: decoded.kid,
                key: key_entry,
            };
            self.inner
                .tokens
                .insert(digest, verified, now, self.inner.grace);
        }
        Ok(claims)
    }
}

/// A NumericDate claim: absent, or a non-negative number (fractions are truncated).
fn numeric(map: &Map<String, Value>, name: &str) -> Result<Option<u64>> {
    match map.get(name) {
        None => Ok(None),
        Some(Value::Number(number)) => match (number.as_u64(), number.as_f64()) {
            (Some(value), _) => Ok(Some(value)),
            (None, Some(value)) if value.is_finite() && value >= 0.0 => Ok(Some(value as u64)),
            _ => Err(Error::JwtMalformed(format!(
                "the {name} claim is not a non-negative number"
            ))),
        },
        Some(_) => Err(Error::JwtMalformed(format!(
            "the {name} claim is not a number"
        ))),
    }
}

fn strings(value: Option<&Value>, name: &str) -> Result<Vec<String>> {
    match value {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str().map(str::to_owned).ok_or_else(|| {
                    Error::JwtMalformed(format!("the {name} claim holds a non-string"))
                })
            })
            .collect(),
        Some(_) => Err(Error::JwtMalformed(format!(
            "the {name} claim is not an array"
        ))),
    }
}

/// `exp` (required), `nbf` and `iat` against `now`, each with `grace` seconds of skew.
fn check_times(
    expires_at: u64,
    not_before: Option<u64>,
    issued_at: Option<u64>,
    now: u64,
    grace: u64,
) -> Result<()> {
    if now >= expires_at.saturating_add(grace) {
        return Err(Error::JwtExpired {
            expired_at: expires_at,
        });
    }
    let latest = now.saturating_add(grace);
    for valid_from in [not_before, issued_at].into_iter().flatten() {
        if valid_from > latest {
            return Err(Error::JwtNotYetValid { valid_from });
        }
    }
    Ok(())
}

fn check_claims(pool: &Pool, map: Map<String, Value>, now: u64, grace: u64) -> Result<Claims> {
    let expires_at = numeric(&map, "exp")?
        .ok_or_else(|| Error::JwtMalformed("the token has no exp claim".to_owned()))?;
    let not_before = numeric(&map, "nbf")?;
    let issued_at = numeric(&map, "iat")?;
    check_times(expires_at, not_before, issued_at, now, grace)?;
    let auth_time = numeric(&map, "auth_time")?;

    let token_use = match map.get("token_use").and_then(Value::as_str) {
        Some("id") => TokenUse::Id,
        Some("access") => TokenUse::Access,
        _ => {
            return Err(Error::JwtTokenUse(
                "token_use is missing or not id / access".to_owned(),
            ));
        }
    };
    if token_use != pool.token_use {
        return Err(Error::JwtTokenUse(format!(
            "an {} token where an {} token is expected",
            if token_use == TokenUse::Id {
                "ID"
            } else {
                "access"
            },
            if pool.token_use == TokenUse::Id {
                "ID"
            } else {
                "access"
            },
        )));
    }

    let allowed = |id: &str| pool.client_ids.iter().any(|c| c == id);
    let client_id = match token_use {
        TokenUse::Id => match map.get("aud") {
            Some(Value::String(aud)) => Some(aud.clone()).filter(|aud| allowed(aud)),
            Some(Value::Array(auds)) => auds
                .iter()
                .filter_map(Value::as_str)
                .find(|aud| allowed(aud))
                .map(str::to_owned),
            _ => None,
        },
        TokenUse::Access => map
            .get("client_id")
            .and_then(Value::as_str)
            .filter(|id| allowed(id))
            .map(str::to_owned),
    };
    let Some(client_id) = client_id else {
        return Err(Error::JwtAudience(format!(
            "the token's {} is missing or not an allowed client id",
            if token_use == TokenUse::Id {
                "aud"
            } else {
                "client_id"
            }
        )));
    };

    let groups = strings(map.get("cognito:groups"), "cognito:groups")?;
    if !pool.groups.is_empty() && !groups.iter().any(|g| pool.groups.contains(g)) {
        return Err(Error::JwtGroup);
    }
    let scopes: Vec<String> = match map.get("scope") {
        None => Vec::new(),
        Some(Value::String(scope)) => scope
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        Some(_) => {
            return Err(Error::JwtMalformed(
                "the scope claim is not a string".into(),
            ));
        }
    };
    if !pool.scopes.is_empty() && !scopes.iter().any(|s| pool.scopes.contains(s)) {
        return Err(Error::JwtScope);
    }
    let issuer = map
        .get("iss")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    Ok(Claims {
        pool_id: pool.id.clone(),
        token_use,
        issuer,
        client_id,
        expires_at,
        issued_at,
        not_before,
        auth_time,
        groups,
        scopes,
        map,
    })
}

/// `docs/verify.md`, whose Rust example runs as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/verify.md")]
pub struct DocsVerifyMd;

#[cfg(test)]
mod tests {
    use super::*;

    fn err_of(builder: VerifierBuilder) -> String {
        match builder.build() {
            Ok(_) => "Ok".to_owned(),
            Err(e) => format!("{}: {e}", e.code()),
        }
    }

    fn pool() -> PoolConfig {
        PoolConfig::new("us-east-1_abc")
            .token_use(TokenUse::Id)
            .client_id("client1")
    }

    #[test]
    fn the_verifier_and_its_futures_can_cross_threads() {
        fn send_sync<T: Send + Sync>(_: &T) {}
        fn send<T: Send>(_: &T) {}
        let verifier = Verifier::builder().pool(pool()).build();
        assert!(verifier.is_ok());
        if let Ok(verifier) = verifier {
            send_sync(&verifier);
            send(&verifier.verify("x"));
            send(&verifier.hydrate());
        }
    }

    #[test]
    fn builds_require_the_pool_the_token_use_and_a_client() {
        assert!(err_of(Verifier::builder()).starts_with("InvalidInputError"));
        let missing_use = PoolConfig::new("us-east-1_abc").client_id("c");
        assert!(err_of(Verifier::builder().pool(missing_use)).contains("token use"));
        let missing_client = PoolConfig::new("us-east-1_abc").token_use(TokenUse::Access);
        assert!(err_of(Verifier::builder().pool(missing_client)).contains("client id"));
        assert!(err_of(Verifier::builder().pool(PoolConfig::new("bad"))).starts_with("Invalid"));
        assert_eq!(err_of(Verifier::builder().pool(pool())), "Ok");
        assert!(err_of(Verifier::builder().pool(pool()).pool(pool())).contains("issuer"));
    }

    #[test]
    fn jwks_urls_must_be_https_or_loopback_http() {
        let with = |url: &str| err_of(Verifier::builder().pool(pool().jwks_uri(url)));
        assert_eq!(with("https://example.com/jwks.json"), "Ok");
        assert_eq!(with("http://127.0.0.1:9229/p/.well-known/jwks.json"), "Ok");
        assert_eq!(with("http://127.9.9.9/jwks.json"), "Ok");
        assert_eq!(with("http://[::1]:80/jwks.json"), "Ok");
        assert_eq!(with("http://localhost/jwks.json"), "Ok");
        assert!(with("http://example.com/jwks.json").starts_with("InvalidInputError"));
        assert!(with("http://10.0.0.1/jwks.json").starts_with("InvalidInputError"));
        assert!(with("ftp://example.com/jwks.json").starts_with("InvalidInputError"));
        assert!(with("https://u:p@example.com/jwks.json").starts_with("InvalidInputError"));
        // The issuer's default JWKS URL is checked the same way.
        let issuer = |iss: &str| err_of(Verifier::builder().pool(pool().issuer(iss)));
        assert_eq!(issuer("http://127.0.0.1:9229/us-east-1_abc"), "Ok");
        assert!(issuer("http://mock:9229/us-east-1_abc").starts_with("InvalidInputError"));
    }

    #[test]
    fn both_cognito_issuers_are_accepted_by_default() {
        let verifier = Verifier::builder().pool(pool()).build();
        let issuers: Vec<String> = verifier
            .map(|v| v.inner.by_issuer.keys().cloned().collect())
            .unwrap_or_default();
        assert!(
            issuers.contains(&"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc".into())
        );
        assert!(
            issuers.contains(
                &"https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_abc".into()
            )
        );
        let uris = Verifier::builder()
            .pool(pool())
            .build()
            .map(|v| v.jwks_uris());
        assert_eq!(
            uris.ok(),
            Some(vec![
                "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/.well-known/jwks.json"
                    .to_owned()
            ])
        );
    }
}
