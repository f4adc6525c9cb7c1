//! The JWKS of a pool: its keys parsed once into ring's public-key components, and the cache
//! that fetches it — once, then once more for an unknown key id, then not again until a
//! cool-down has passed (single-flight: concurrent misses share one fetch).
//!
//! Keys are read without an `await` ([`JwksCache::lookup`]), so a verification whose key is
//! cached never enters the async runtime.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use reqwest::header::ACCEPT;
use serde_json::Value;

use super::jwt::{Algorithm, base64url};
use crate::error::{BoxError, Error, Result};

/// The largest JWKS body read, in bytes (Cognito's holds two keys, about 1 KiB).
pub(crate) const MAX_JWKS_BYTES: usize = 1024 * 1024;
/// The shortest RSA modulus accepted, in bits.
const MIN_RSA_BITS: usize = 2048;
/// The longest RSA modulus accepted (ring's limit), in bits.
const MAX_RSA_BITS: usize = 8192;

/// An RSA public key from a JWK: big-endian modulus and exponent without leading zeros (as
/// ring's `RsaPublicKeyComponents` wants them), and the JWK's `alg` when it names one.
#[derive(Debug)]
pub(crate) struct RsaKey {
    pub(crate) n: Vec<u8>,
    pub(crate) e: Vec<u8>,
    pub(crate) alg: Option<Algorithm>,
}

/// A JWK of the set: usable for verification, or refused (and why).
#[derive(Debug)]
pub(crate) enum KeyEntry {
    Usable(RsaKey),
    Unusable(String),
}

/// The keys of one JWKS by `kid`.
pub(crate) type KeySet = HashMap<String, Arc<KeyEntry>>;

fn strip_leading_zeros(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.get(start..).map(<[u8]>::to_vec).unwrap_or_default()
}

fn bit_length(bytes: &[u8]) -> usize {
    match bytes.first() {
        None => 0,
        Some(first) => (bytes.len() - 1) * 8 + (8 - first.leading_zeros() as usize),
    }
}

/// Checks one JWK: `kty` RSA, `use` `sig` when present, `alg` RS256/384/512 when present, `n`
/// of 2048 to 8192 bits, `e` present.
fn parse_key(jwk: &serde_json::Map<String, Value>) -> KeyEntry {
    let text = |name: &str| jwk.get(name).and_then(Value::as_str);
    if text("kty") != Some("RSA") {
        return KeyEntry::Unusable("its kty is not RSA".to_owned());
    }
    if jwk.contains_key("use") && text("use") != Some("sig") {
        return KeyEntry::Unusable("its use is not sig".to_owned());
    }
    let alg = match jwk.get("alg") {
        None => None,
        Some(Value::String(name)) => match Algorithm::from_name(name) {
            Some(alg) => Some(alg),
            None => {
                return KeyEntry::Unusable("its alg is not RS256, RS384 or RS512".to_owned());
            }
        },
        Some(_) => return KeyEntry::Unusable("its alg is not a string".to_owned()),
    };
    let Some(n) = text("n")
        .and_then(base64url)
        .map(|n| strip_leading_zeros(&n))
    else {
        return KeyEntry::Unusable("its n is missing or not base64url".to_owned());
    };
    let Some(e) = text("e")
        .and_then(base64url)
        .map(|e| strip_leading_zeros(&e))
    else {
        return KeyEntry::Unusable("its e is missing or not base64url".to_owned());
    };
    let bits = bit_length(&n);
    if bits < MIN_RSA_BITS {
        return KeyEntry::Unusable(format!(
            "its modulus has {bits} bits, at least {MIN_RSA_BITS} are required"
        ));
    }
    if bits > MAX_RSA_BITS {
        return KeyEntry::Unusable(format!(
            "its modulus has {bits} bits, at most {MAX_RSA_BITS} are supported"
        ));
    }
    if e.is_empty() {
        return KeyEntry::Unusable("its exponent is zero".to_owned());
    }
    KeyEntry::Usable(RsaKey { n, e, alg })
}

/// Parses a JWKS document, `{"keys": [...]}`. Keys without a `kid` are skipped (no token can
/// name them); of two keys with the same `kid` the first counts. A key that cannot verify
/// (EC, `use: enc`, too short...) is kept as unusable, so a token naming it gets
/// [`Error::JwkInvalid`] rather than a refetch.
///
/// # Errors
/// A message when the document is not a JSON object with a `keys` array of objects.
pub(crate) fn parse_jwks(bytes: &[u8]) -> std::result::Result<KeySet, String> {
    let document: Value =
        serde_json::from_slice(bytes).map_err(|_| "the JWKS is not JSON".to_owned())?;
    let keys = document
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| "the JWKS has no keys array".to_owned())?;
    let mut set = KeySet::new();
    for key in keys {
        let jwk = key
            .as_object()
            .ok_or_else(|| "a JWKS key is not a JSON object".to_owned())?;
        let Some(kid) = jwk.get("kid").and_then(Value::as_str) else {
            continue;
        };
        set.entry(kid.to_owned())
            .or_insert_with(|| Arc::new(parse_key(jwk)));
    }
    Ok(set)
}

/// Where a cache fetches its JWKS.
pub(crate) struct Source {
    pub(crate) url: reqwest::Url,
    pub(crate) http: reqwest::Client,
}

/// What the single fetcher knows, behind the async mutex.
#[derive(Default)]
struct FetchState {
    /// Until when an unknown `kid` is refused without a fetch.
    cooldown_until: Option<SystemTime>,
}

/// The keys of one JWKS URL (or of an explicit document), shared by every verification of a
/// [`super::Verifier`].
pub(crate) struct JwksCache {
    source: Option<Source>,
    /// Keys given explicitly: kept across fetches.
    pinned: KeySet,
    keys: RwLock<Arc<KeySet>>,
    fetch: tokio::sync::Mutex<FetchState>,
    /// Fetch attempts so far; a verification that waited for the mutex sees whether another
    /// one fetched meanwhile.
    attempts: AtomicU64,
}

impl JwksCache {
    pub(crate) fn new(source: Option<Source>, pinned: KeySet) -> JwksCache {
        JwksCache {
            source,
            keys: RwLock::new(Arc::new(pinned.clone())),
            pinned,
            fetch: tokio::sync::Mutex::new(FetchState::default()),
            attempts: AtomicU64::new(0),
        }
    }

    /// The URL fetched, if any.
    pub(crate) fn url(&self) -> Option<&reqwest::Url> {
        self.source.as_ref().map(|source| &source.url)
    }

    /// The cached key `kid`, without waiting.
    pub(crate) fn lookup(&self, kid: &str) -> Option<Arc<KeyEntry>> {
        let keys = match self.keys.read() {
            Ok(keys) => Arc::clone(&keys),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        };
        keys.get(kid).cloned()
    }

    /// True when a miss may be answered by a fetch (there is a URL).
    pub(crate) fn can_fetch(&self) -> bool {
        self.source.is_some()
    }

    fn store(&self, fetched: KeySet) {
        let mut merged = fetched;
        for (kid, key) in &self.pinned {
            merged.insert(kid.clone(), Arc::clone(key));
        }
        let merged = Arc::new(merged);
        match self.keys.write() {
            Ok(mut keys) => *keys = merged,
            Err(poisoned) => *poisoned.into_inner() = merged,
        }
    }

    /// The key `kid`: from the cache, or after a fetch. One fetch runs at a time; a
    /// verification that waited while another fetched does not fetch again. After a fetch
    /// that did not find its `kid` (or failed), misses are refused for `cooldown`.
    ///
    /// # Errors
    /// [`Error::JwtUnknownKey`], [`Error::JwksWaitPeriod`], [`Error::JwksFetch`].
    pub(crate) async fn key(
        &self,
        kid: &str,
        now: &(dyn Fn() -> SystemTime + Send + Sync),
        cooldown: Duration,
    ) -> Result<Arc<KeyEntry>> {
        if let Some(key) = self.lookup(kid) {
            return Ok(key);
        }
        let Some(source) = &self.source else {
            return Err(Error::JwtUnknownKey);
        };
        let seen = self.attempts.load(Ordering::Acquire);
        let mut state = self.fetch.lock().await;
        if let Some(key) = self.lookup(kid) {
            return Ok(key);
        }
        let time = now();
        let waiting = state
            .cooldown_until
            .and_then(|until| until.duration_since(time).ok())
            .filter(|left| !left.is_zero());
        if let Some(left) = waiting {
            return Err(wait_period(left));
        }
        if self.attempts.load(Ordering::Acquire) != seen {
            // Another verification fetched while this one waited: that was the refetch.
            return Err(Error::JwtUnknownKey);
        }
        let outcome = self.fetch_and_store(source).await;
        let found = outcome.and_then(|()| self.lookup(kid).ok_or(Error::JwtUnknownKey));
        state.cooldown_until = match &found {
            Ok(_) => None,
            Err(_) => time.checked_add(cooldown),
        };
        found
    }

    /// Fetches now, whatever the cool-down (for `hydrate`). Does nothing without a URL.
    ///
    /// # Errors
    /// [`Error::JwksFetch`].
    pub(crate) async fn refresh(&self) -> Result<()> {
        let Some(source) = &self.source else {
            return Ok(());
        };
        let _state = self.fetch.lock().await;
        self.fetch_and_store(source).await
    }

    async fn fetch_and_store(&self, source: &Source) -> Result<()> {
        self.attempts.fetch_add(1, Ordering::AcqRel);
        let keys = fetch(source).await?;
        self.store(keys);
        Ok(())
    }
}

fn wait_period(left: Duration) -> Error {
    Error::JwksWaitPeriod {
        retry_after_ms: u64::try_from(left.as_millis()).unwrap_or(u64::MAX).max(1),
    }
}

fn fetch_error(url: &reqwest::Url, what: &str, source: Option<BoxError>) -> Error {
    Error::JwksFetch {
        message: format!("{url}: {what}"),
        source,
    }
}

async fn fetch(source: &Source) -> Result<KeySet> {
    let url = &source.url;
    let mut response = source
        .http
        .get(url.clone())
        .header(ACCEPT, "application/json")
        .send()
        .await
        .map_err(|e| {
            let what = if e.is_timeout() {
                "timed out"
            } else {
                "the request failed"
            };
            fetch_error(url, what, Some(Box::new(e)))
        })?;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(fetch_error(url, &format!("HTTP {status}"), None));
    }
    if response
        .content_length()
        .is_some_and(|length| length > MAX_JWKS_BYTES as u64)
    {
        return Err(fetch_error(url, "the JWKS is larger than 1 MiB", None));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| fetch_error(url, "the body could not be read", Some(Box::new(e))))?
    {
        if body.len() + chunk.len() > MAX_JWKS_BYTES {
            return Err(fetch_error(url, "the JWKS is larger than 1 MiB", None));
        }
        body.extend_from_slice(&chunk);
    }
    parse_jwks(&body).map_err(|what| fetch_error(url, &what, None))
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde_json::json;

    use super::*;

    fn modulus(bits: usize) -> String {
        let mut n = vec![0xffu8; bits / 8];
        if let Some(first) = n.first_mut() {
            *first = 0x80;
        }
        URL_SAFE_NO_PAD.encode(n)
    }

    fn entry(jwk: Value) -> Option<Arc<KeyEntry>> {
        let document = json!({ "keys": [jwk] }).to_string();
        parse_jwks(document.as_bytes()).ok()?.get("k").cloned()
    }

    fn usable(jwk: Value) -> bool {
        matches!(entry(jwk).as_deref(), Some(KeyEntry::Usable(_)))
    }

    #[test]
    fn only_rsa_signing_keys_of_2048_bits_or_more_are_usable() {
        let good = json!({"kid": "k", "kty": "RSA", "n": modulus(2048), "e": "AQAB"});
        assert!(usable(good.clone()));
        let with = |name: &str, value: Value| {
            let mut jwk = good.clone();
            jwk[name] = value;
            usable(jwk)
        };
        assert!(with("use", json!("sig")));
        assert!(with("alg", json!("RS512")));
        assert!(!with("use", json!("enc")));
        assert!(!with("alg", json!("HS256")));
        assert!(!with("kty", json!("EC")));
        assert!(!with("n", json!(modulus(1024))));
        assert!(!with("n", json!(modulus(2040))));
        assert!(!with("n", json!(modulus(8200))));
        assert!(!with("n", json!("not base64!")));
        assert!(!with("e", json!("AA")));
        // A leading zero byte does not count towards the size.
        let mut padded = vec![0u8];
        padded.extend(URL_SAFE_NO_PAD.decode(modulus(2048)).unwrap_or_default());
        assert!(with("n", json!(URL_SAFE_NO_PAD.encode(&padded))));
    }

    #[test]
    fn documents_that_are_not_a_jwks_are_refused() {
        assert!(parse_jwks(b"[]").is_err());
        assert!(parse_jwks(b"{}").is_err());
        assert!(parse_jwks(br#"{"keys": [1]}"#).is_err());
        assert!(parse_jwks(b"not json").is_err());
        let set = parse_jwks(br#"{"keys": [{"kty": "RSA"}]}"#);
        assert_eq!(set.map(|s| s.len()), Ok(0), "a key without kid is skipped");
    }

    #[test]
    fn bit_lengths() {
        assert_eq!(bit_length(&[]), 0);
        assert_eq!(bit_length(&[1]), 1);
        assert_eq!(bit_length(&[0x80, 0]), 16);
        assert_eq!(strip_leading_zeros(&[0, 0, 1]), vec![1]);
        assert!(strip_leading_zeros(&[0, 0]).is_empty());
    }
}
