//! RS256 JSON Web Tokens: one RSA key per pool (or one per process, shared by every pool under
//! per-pool `kid`s, with `"signing_keys": "shared"`), signing, verification and the JWKS.
//!
//! Keys are generated with the RustCrypto `rsa` crate (once per pool or per process, lazily,
//! off the async threads) and used through `ring` — or `aws-lc-rs` with the `aws-lc` feature — for signing.
//! Signing the two tokens is about 90 % of the CPU time of a sign-in (measured with `perf`):
//! one RSA-2048 signature takes about 1.6 ms with `rsa`, 0.45 ms with `ring` and 0.21 ms with
//! `aws-lc-rs` (which uses AVX-512 IFMA where the CPU has it) on the project's machine.

use std::sync::{Arc, OnceLock};

#[cfg(feature = "aws-lc")]
use aws_lc_rs as crypto;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use crypto::rand::SystemRandom;
use crypto::signature::{
    RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, RsaKeyPair, RsaPublicKeyComponents,
};
use parking_lot::Mutex;
#[cfg(not(feature = "aws-lc"))]
use ring as crypto;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rsa::traits::PublicKeyParts;
use serde_json::{Map, Value, json};

use crate::error::ServiceError;
use crate::random;
use crate::settings::{Settings, SigningKeys};

/// An RSA key in the form used for signing, and its public half.
struct KeyMaterial {
    pair: RsaKeyPair,
    n: Vec<u8>,
    e: Vec<u8>,
    rng: SystemRandom,
}

impl KeyMaterial {
    fn from_rsa(key: &rsa::PrivateKey) -> Result<KeyMaterial, String> {
        let der = key
            .to_pkcs8_der()
            .map_err(|e| format!("cannot encode the RSA key: {e}"))?;
        let pair = RsaKeyPair::from_pkcs8(der.as_bytes())
            .map_err(|e| format!("the RSA key is not usable for RS256: {e}"))?;
        Ok(KeyMaterial {
            pair,
            n: key.n_bytes().to_vec(),
            e: key.e_bytes().to_vec(),
            rng: SystemRandom::new(),
        })
    }

    /// Generates a fresh key of `bits` bits (CPU heavy: call off the async threads).
    fn generate(bits: usize) -> Result<KeyMaterial, ServiceError> {
        let mut rng = getrandom::SysRng;
        let key = rsa::PrivateKey::new(&mut rng, bits)
            .map_err(|_| ServiceError::internal("RSA key generation failed"))?;
        KeyMaterial::from_rsa(&key).map_err(ServiceError::internal)
    }
}

/// The process-wide key of [`SigningKeys::Shared`], generated on first use.
static SHARED_KEY: OnceLock<Arc<KeyMaterial>> = OnceLock::new();
/// Held while the shared key is generated, so that it is generated once.
static SHARED_KEY_GENERATION: Mutex<()> = Mutex::new(());

/// Size in bits of the shared key (the settings refuse `"shared"` with another `rsa_key_bits`).
const SHARED_KEY_BITS: usize = 2048;

/// The process-wide shared key, generating it if this is its first use (CPU heavy then: call
/// off the async threads).
fn shared_material() -> Result<Arc<KeyMaterial>, ServiceError> {
    if let Some(material) = SHARED_KEY.get() {
        return Ok(Arc::clone(material));
    }
    let _generating = SHARED_KEY_GENERATION.lock();
    if let Some(material) = SHARED_KEY.get() {
        return Ok(Arc::clone(material));
    }
    let material = Arc::new(KeyMaterial::generate(SHARED_KEY_BITS)?);
    Ok(Arc::clone(SHARED_KEY.get_or_init(|| material)))
}

/// Where the key of a pool without a configured `signing_key_pem` comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeySource {
    /// A key of its own, of this many bits.
    Fresh(usize),
    /// The process-wide shared key, under a `kid` of the pool's own.
    Shared,
}

impl KeySource {
    /// The source the settings ask for.
    pub(crate) fn of(settings: &Settings) -> KeySource {
        match settings.signing_keys {
            SigningKeys::PerPool => KeySource::Fresh(settings.rsa_key_bits),
            SigningKeys::Shared => KeySource::Shared,
        }
    }

    /// The pool's key when making it generates no RSA key (the shared key already exists);
    /// `None` when [`KeySource::make`] must run off the async threads.
    ///
    /// # Errors
    /// `InternalErrorException` if the random number generator fails.
    pub(crate) fn existing(self) -> Result<Option<PoolKey>, ServiceError> {
        match (self, SHARED_KEY.get()) {
            (KeySource::Shared, Some(material)) => {
                PoolKey::with_own_kid(Arc::clone(material)).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// Makes a pool's key, generating an RSA key if needed (CPU heavy: call off the async
    /// threads).
    ///
    /// # Errors
    /// `InternalErrorException` if key generation or the random number generator fails.
    pub(crate) fn make(self) -> Result<PoolKey, ServiceError> {
        match self {
            KeySource::Fresh(bits) => Ok(PoolKey::new(Arc::new(KeyMaterial::generate(bits)?))),
            KeySource::Shared => PoolKey::with_own_kid(shared_material()?),
        }
    }
}

/// A pool's signing key: an RSA key (the pool's own, or the process's shared one) under the
/// pool's `kid`.
pub(crate) struct PoolKey {
    kid: String,
    material: Arc<KeyMaterial>,
}

impl std::fmt::Debug for PoolKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PoolKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// A `kid` shaped like Cognito's: base64 of a SHA-256 digest.
fn kid_of(data: &[u8]) -> String {
    STANDARD.encode(crypto::digest::digest(&crypto::digest::SHA256, data))
}

impl PoolKey {
    /// A key of its own: the `kid` is derived from the modulus.
    fn new(material: Arc<KeyMaterial>) -> PoolKey {
        PoolKey {
            kid: kid_of(&material.n),
            material,
        }
    }

    /// A shared key under a `kid` of its own: derived from the modulus and 32 random bytes,
    /// so that no two pools (in this or another mock) share it.
    fn with_own_kid(material: Arc<KeyMaterial>) -> Result<PoolKey, ServiceError> {
        let mut data = material.n.clone();
        data.extend_from_slice(&random::bytes(32)?);
        Ok(PoolKey {
            kid: kid_of(&data),
            material,
        })
    }

    /// Generates a fresh key of `bits` bits (CPU heavy: call off the async threads).
    ///
    /// # Errors
    /// `InternalErrorException` if generation fails.
    #[cfg(test)]
    pub(crate) fn generate(bits: usize) -> Result<PoolKey, ServiceError> {
        KeySource::Fresh(bits).make()
    }

    /// Loads a key from PEM (`BEGIN PRIVATE KEY` or `BEGIN RSA PRIVATE KEY`).
    ///
    /// # Errors
    /// A message saying why the PEM was refused.
    pub(crate) fn from_pem(pem: &str) -> Result<PoolKey, String> {
        let key = rsa::PrivateKey::from_pkcs8_pem(pem)
            .or_else(|_| rsa::PrivateKey::from_pkcs1_pem(pem))
            .map_err(|_| "not an RSA private key in PKCS#8 or PKCS#1 PEM".to_owned())?;
        Ok(PoolKey::new(Arc::new(KeyMaterial::from_rsa(&key)?)))
    }

    /// The key id (`kid`).
    #[cfg(test)]
    pub(crate) fn kid(&self) -> &str {
        &self.kid
    }

    /// Signs `claims` as an RS256 JWT with header `{"kid", "alg"}`.
    ///
    /// # Errors
    /// `InternalErrorException` if signing fails.
    pub(crate) fn sign(&self, claims: &Value) -> Result<String, ServiceError> {
        let header = json!({"kid": self.kid, "alg": "RS256"});
        let mut token = String::with_capacity(1024);
        token.push_str(&URL_SAFE_NO_PAD.encode(header.to_string()));
        token.push('.');
        token.push_str(&URL_SAFE_NO_PAD.encode(claims.to_string()));
        // A signature is as long as the modulus (`n` has no leading zero byte).
        let mut signature = vec![0u8; self.material.n.len()];
        self.material
            .pair
            .sign(
                &RSA_PKCS1_SHA256,
                &self.material.rng,
                token.as_bytes(),
                &mut signature,
            )
            .map_err(|_| ServiceError::internal("RS256 signing failed"))?;
        token.push('.');
        token.push_str(&URL_SAFE_NO_PAD.encode(signature));
        Ok(token)
    }

    /// Whether `token` (already split by [`Unverified::parse`]) carries this key's `kid` and a
    /// valid signature.
    pub(crate) fn verifies(&self, token: &Unverified) -> bool {
        if token.kid.as_deref() != Some(self.kid.as_str()) {
            return false;
        }
        let public = RsaPublicKeyComponents {
            n: &self.material.n,
            e: &self.material.e,
        };
        public
            .verify(
                &RSA_PKCS1_2048_8192_SHA256,
                token.signing_input.as_bytes(),
                &token.signature,
            )
            .is_ok()
    }

    /// This key as a JWK (`kty`, `alg`, `use`, `kid`, `n`, `e`).
    pub(crate) fn jwk(&self) -> Value {
        json!({
            "alg": "RS256",
            "e": URL_SAFE_NO_PAD.encode(&self.material.e),
            "kid": self.kid,
            "kty": "RSA",
            "n": URL_SAFE_NO_PAD.encode(&self.material.n),
            "use": "sig",
        })
    }
}

/// A JWT split into its parts, signature not yet checked.
#[derive(Debug)]
pub(crate) struct Unverified {
    pub(crate) kid: Option<String>,
    pub(crate) claims: Map<String, Value>,
    signing_input: String,
    signature: Vec<u8>,
}

impl Unverified {
    /// Splits and decodes a compact JWS; `None` when it is not one (any structural problem).
    pub(crate) fn parse(token: &str) -> Option<Unverified> {
        let mut parts = token.split('.');
        let header_b64 = parts.next()?;
        let claims_b64 = parts.next()?;
        let signature_b64 = parts.next()?;
        if parts.next().is_some() {
            return None;
        }
        let header: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header_b64).ok()?).ok()?;
        if header.get("alg").and_then(Value::as_str) != Some("RS256") {
            return None;
        }
        let claims: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims_b64).ok()?).ok()?;
        let signature = URL_SAFE_NO_PAD.decode(signature_b64).ok()?;
        let signing_input = token
            .get(..header_b64.len() + 1 + claims_b64.len())?
            .to_owned();
        Some(Unverified {
            kid: header.get("kid").and_then(Value::as_str).map(str::to_owned),
            claims: claims.as_object()?.clone(),
            signing_input,
            signature,
        })
    }

    pub(crate) fn claim_str(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }

    pub(crate) fn claim_u64(&self, name: &str) -> Option<u64> {
        self.claims.get(name).and_then(Value::as_u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_tampering_is_detected() {
        let key = PoolKey::generate(2048).unwrap();
        let token = key.sign(&json!({"sub": "abc", "exp": 10})).unwrap();
        let parsed = Unverified::parse(&token).unwrap();
        assert!(key.verifies(&parsed));
        assert_eq!(parsed.claim_str("sub"), Some("abc"));
        assert_eq!(parsed.claim_u64("exp"), Some(10));

        // Change the claims but keep the signature.
        let mut parts: Vec<&str> = token.split('.').collect();
        let forged_claims = URL_SAFE_NO_PAD.encode(json!({"sub": "abd", "exp": 10}).to_string());
        parts[1] = &forged_claims;
        let forged = parts.join(".");
        assert!(!key.verifies(&Unverified::parse(&forged).unwrap()));

        // Another key does not verify it.
        let other = PoolKey::generate(2048).unwrap();
        assert!(!other.verifies(&parsed));
        assert_ne!(key.kid(), other.kid());

        let jwk = key.jwk();
        assert_eq!(jwk["kty"], "RSA");
        assert_eq!(jwk["e"], "AQAB");
        assert_eq!(jwk["kid"], key.kid());
    }

    #[test]
    fn the_shared_key_signs_for_every_pool_under_distinct_kids() {
        let a = KeySource::Shared.make().unwrap();
        let b = KeySource::Shared.make().unwrap();
        let c = KeySource::Shared.existing().unwrap().unwrap();
        assert_eq!(a.jwk()["n"], b.jwk()["n"]);
        assert_eq!(a.jwk()["n"], c.jwk()["n"]);
        assert_ne!(a.kid(), b.kid());
        assert_ne!(b.kid(), c.kid());
        assert_eq!(
            a.kid().len(),
            44,
            "base64 of a SHA-256 digest, like Cognito's kids"
        );

        // Same RSA key, but a token carries its pool's kid: another pool refuses it.
        let token = Unverified::parse(&a.sign(&json!({"sub": "abc"})).unwrap()).unwrap();
        assert!(a.verifies(&token));
        assert!(!b.verifies(&token));
        assert!(!c.verifies(&token));

        let fresh = KeySource::Fresh(2048).make().unwrap();
        assert_ne!(fresh.jwk()["n"], a.jwk()["n"]);
        assert!(KeySource::Fresh(2048).existing().unwrap().is_none());
    }

    #[test]
    fn garbage_is_not_a_token() {
        assert!(Unverified::parse("a.b").is_none());
        assert!(Unverified::parse("a.b.c.d").is_none());
        assert!(Unverified::parse("!!.??.##").is_none());
        let none_alg = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode("{}")
        );
        assert!(Unverified::parse(&none_alg).is_none());
    }
}
