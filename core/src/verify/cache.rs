//! The cache of verified tokens: a server sees the same access token on every request of a
//! session (Cognito's last an hour by default), and checking its RSA signature again each
//! time is most of the cost of a verification (see docs/benchmarks.md, "Token verification").
//! Envoy's `jwt_authn` filter keeps such a cache (`jwt_cache_config`) for the same reason.
//!
//! What is kept, and why it is safe:
//! - Only tokens that passed every check, keyed by the SHA-256 digest of the whole token: the
//!   cache never holds a token (a bearer credential), and a token differing in one byte — a
//!   tampered payload, header or signature — has another digest and is verified in full.
//! - On every hit the time claims (`exp`, `nbf`, `iat`, with the grace) are checked again
//!   against the verifier's clock, and the key the token was verified with must still be the
//!   one the pool's JWKS holds under its `kid` (the same `Arc`): a refetched or rotated key
//!   set sends the token through full verification again. Anything else the checks looked at
//!   (issuer, token use, client ids, groups, scopes) is the verifier's fixed configuration and
//!   the token's own bytes, which the digest pins.
//! - A hit that fails a time check is dropped and the token verified in full, so the error
//!   (and its details) is exactly what verification without the cache would give.
//! - Bounded: at most `capacity` entries; when full, the expired ones go first, then arbitrary
//!   ones, an eighth of the capacity at once, so that a server with more live sessions than
//!   the capacity scans the map once per `capacity / 8` new tokens, not on every one. Only a
//!   token the pool signed can enter, so nobody can flood it with forgeries.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use sha2::{Digest, Sha256};

use super::Claims;
use super::jwks::KeyEntry;

/// The default number of verified tokens kept per verifier.
pub const DEFAULT_TOKEN_CACHE: usize = 1024;

/// The SHA-256 digest of a token: its identity in the cache.
pub(super) type TokenDigest = [u8; 32];

/// The digest of `token`.
pub(super) fn digest(token: &str) -> TokenDigest {
    Sha256::digest(token.as_bytes()).into()
}

/// A verified token: its claims, the pool it matched and the key that checked its signature.
pub(super) struct Verified {
    pub(super) claims: Claims,
    pub(super) pool: usize,
    pub(super) kid: String,
    pub(super) key: Arc<KeyEntry>,
}

/// Verified tokens by digest (std's `HashMap`, SipHash with a per-process random key).
pub(super) struct TokenCache {
    capacity: usize,
    entries: Mutex<HashMap<TokenDigest, Arc<Verified>>>,
}

impl TokenCache {
    /// A cache of at most `capacity` tokens; 0 keeps none.
    pub(super) fn new(capacity: usize) -> TokenCache {
        TokenCache {
            capacity,
            entries: Mutex::new(HashMap::new()),
        }
    }

    pub(super) fn is_enabled(&self) -> bool {
        self.capacity > 0
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<TokenDigest, Arc<Verified>>> {
        // A panic while the lock was held cannot leave the map inconsistent (every operation
        // on it is a single std call), so a poisoned lock is used as it is.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The entry of `digest`, if any (not yet rechecked: see [`super::Verifier`]).
    pub(super) fn get(&self, digest: &TokenDigest) -> Option<Arc<Verified>> {
        if !self.is_enabled() {
            return None;
        }
        self.lock().get(digest).cloned()
    }

    /// Forgets `digest` (a hit that no longer passes its rechecks).
    pub(super) fn remove(&self, digest: &TokenDigest) {
        if self.is_enabled() {
            self.lock().remove(digest);
        }
    }

    /// Keeps `verified` under `digest`. When full: drops the entries expired at `now` (with
    /// `grace`), then arbitrary ones, until at most 7/8 of the capacity is used.
    pub(super) fn insert(&self, digest: TokenDigest, verified: Verified, now: u64, grace: u64) {
        if !self.is_enabled() {
            return;
        }
        let mut entries = self.lock();
        if entries.len() >= self.capacity && !entries.contains_key(&digest) {
            entries.retain(|_, entry| now < entry.claims.expires_at.saturating_add(grace));
            let keep = self.capacity - (self.capacity / 8).max(1);
            let excess = entries.len().saturating_sub(keep);
            let victims: Vec<TokenDigest> = entries.keys().take(excess).copied().collect();
            for victim in &victims {
                entries.remove(victim);
            }
        }
        entries.insert(digest, Arc::new(verified));
    }

    /// The number of tokens kept.
    pub(super) fn len(&self) -> usize {
        self.lock().len()
    }
}
