//! The in-memory state of a mock endpoint and its locking discipline.
//!
//! * [`World`] holds everything that `POST /_mock/reset` replaces at once. Requests clone the
//!   current `Arc<World>` when they start, so a reset never tears a request in half.
//! * Pools and app clients sit in `RwLock<HashMap>`s that are only read on the hot path.
//! * Each pool keeps its users in an `RwLock<BTreeMap>` of `Arc<Mutex<User>>`: a request locks
//!   the map just long enough to clone one user's `Arc`, then that user's own mutex briefly.
//! * Challenge sessions and refresh tokens live in [`Sharded`] maps of 32 mutex-protected
//!   shards, keyed by random handles.
//! * No lock is ever held across an `.await`, and the CPU-heavy work (SRP modular
//!   exponentiation, RSA key generation and signing) runs with no lock held.
//!
//! Lock order, when two are needed: the pools / clients maps, then a user, then the user's
//! pool configuration or users map. Nothing takes a user's lock while holding a pool's own
//! locks (the users map is only held to find or insert an `Arc`).

pub(crate) mod device;
pub(crate) mod pool;
pub(crate) mod session;
pub(crate) mod user;

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use parking_lot::{Mutex, RwLock};
use serde::Serialize;

use crate::error::ServiceError;
pub(crate) use pool::{AppClient, Pool};
pub(crate) use session::{RefreshRecord, Session};

/// How long an expired session or refresh token is remembered, so that using it gets
/// "expired" rather than "invalid" (virtual seconds past its expiry).
const RETAIN_EXPIRED_SECONDS: u64 = 3_600;
const SHARDS: usize = 32;
/// A shard sweeps out long-expired entries once per this many inserts.
const SWEEP_EVERY: u32 = 256;

/// Something that expires at a Unix time.
pub(crate) trait Expiring {
    fn expires_at(&self) -> u64;
}

struct Shard<V> {
    map: HashMap<String, V>,
    inserts: u32,
}

/// A map from random string handles to values, split over independently locked shards.
pub(crate) struct Sharded<V> {
    shards: Vec<Mutex<Shard<V>>>,
}

impl<V: Expiring> Sharded<V> {
    pub(crate) fn new() -> Self {
        let shards = (0..SHARDS)
            .map(|_| {
                Mutex::new(Shard {
                    map: HashMap::new(),
                    inserts: 0,
                })
            })
            .collect();
        Sharded { shards }
    }

    fn shard(&self, key: &str) -> Result<&Mutex<Shard<V>>, ServiceError> {
        let mut hasher = DefaultHasher::new();
        key.hash(&mut hasher);
        let index = usize::try_from(hasher.finish() % SHARDS as u64).unwrap_or(0);
        self.shards
            .get(index)
            .ok_or_else(|| ServiceError::internal("shard index out of range"))
    }

    /// Stores `value` under `key`; now and then drops entries expired long before `now`.
    pub(crate) fn insert(&self, key: String, value: V, now: u64) -> Result<(), ServiceError> {
        let mut shard = self.shard(&key)?.lock();
        shard.inserts = shard.inserts.wrapping_add(1);
        if shard.inserts % SWEEP_EVERY == 0 {
            shard
                .map
                .retain(|_, v| v.expires_at().saturating_add(RETAIN_EXPIRED_SECONDS) > now);
        }
        shard.map.insert(key, value);
        Ok(())
    }

    /// Removes and returns the value under `key`.
    pub(crate) fn take(&self, key: &str) -> Result<Option<V>, ServiceError> {
        Ok(self.shard(key)?.lock().map.remove(key))
    }

    /// Runs `f` on the value under `key` while its shard is locked (keep `f` short).
    pub(crate) fn with<R>(
        &self,
        key: &str,
        f: impl FnOnce(&mut V) -> R,
    ) -> Result<Option<R>, ServiceError> {
        Ok(self.shard(key)?.lock().map.get_mut(key).map(f))
    }

    /// Removes every entry for which `doomed` is true.
    pub(crate) fn remove_where(&self, mut doomed: impl FnMut(&V) -> bool) {
        for shard in &self.shards {
            shard.lock().map.retain(|_, v| !doomed(v));
        }
    }

    /// The number of entries.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.shards.iter().map(|s| s.lock().map.len()).sum()
    }
}

/// A message the endpoint "sent" (SMS or e-mail), kept in the outbox for tests
/// (`GET /_mock/messages`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// The user pool it was sent for.
    pub pool_id: String,
    /// The recipient's user name.
    pub username: String,
    /// The phone number or e-mail address it went to (unmasked).
    pub destination: String,
    /// `SMS` or `EMAIL`.
    pub medium: String,
    /// The code it carries (an MFA code, a confirmation code or a temporary password).
    pub code: String,
    /// The full text of the message.
    pub message: String,
    /// When it was sent, in virtual Unix seconds.
    pub sent_at: u64,
    /// Why it was sent: `mfa`, `confirmation` or `invitation`.
    pub purpose: String,
}

/// Everything a reset replaces.
pub(crate) struct World {
    pub(crate) pools: RwLock<HashMap<String, Arc<Pool>>>,
    pub(crate) clients: RwLock<HashMap<String, Arc<AppClient>>>,
    pub(crate) sessions: Sharded<Session>,
    pub(crate) refresh_tokens: Sharded<RefreshRecord>,
    pub(crate) outbox: Mutex<Vec<Message>>,
    /// `origin_jti`s of revoked sign-ins (`RevokeToken`, `GlobalSignOut`).
    pub(crate) revoked: Mutex<std::collections::HashSet<String>>,
}

impl World {
    pub(crate) fn new() -> Self {
        World {
            pools: RwLock::new(HashMap::new()),
            clients: RwLock::new(HashMap::new()),
            sessions: Sharded::new(),
            refresh_tokens: Sharded::new(),
            outbox: Mutex::new(Vec::new()),
            revoked: Mutex::new(std::collections::HashSet::new()),
        }
    }

    /// The pool with this id.
    ///
    /// # Errors
    /// `ResourceNotFoundException` when there is none.
    pub(crate) fn pool(&self, pool_id: &str) -> Result<Arc<Pool>, ServiceError> {
        self.pools
            .read()
            .get(pool_id)
            .cloned()
            .ok_or_else(|| ServiceError::pool_not_found(pool_id))
    }

    /// The app client with this id and its pool.
    ///
    /// # Errors
    /// `ResourceNotFoundException` when either is unknown.
    pub(crate) fn client(
        &self,
        client_id: &str,
    ) -> Result<(Arc<AppClient>, Arc<Pool>), ServiceError> {
        let client = self
            .clients
            .read()
            .get(client_id)
            .cloned()
            .ok_or_else(|| ServiceError::client_not_found(client_id))?;
        let pool = self.pool(&client.pool_id)?;
        Ok((client, pool))
    }

    /// The app client `client_id`, which must belong to `pool_id`.
    ///
    /// # Errors
    /// `ResourceNotFoundException` when the pool or client is unknown or they do not match.
    pub(crate) fn pool_client(
        &self,
        pool_id: &str,
        client_id: &str,
    ) -> Result<(Arc<AppClient>, Arc<Pool>), ServiceError> {
        let pool = self.pool(pool_id)?;
        let client = self
            .clients
            .read()
            .get(client_id)
            .filter(|c| c.pool_id == pool_id)
            .cloned()
            .ok_or_else(|| ServiceError::client_not_found(client_id))?;
        Ok((client, pool))
    }

    /// Appends a message to the outbox.
    pub(crate) fn send(&self, message: Message) {
        self.outbox.lock().push(message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Item(u64);
    impl Expiring for Item {
        fn expires_at(&self) -> u64 {
            self.0
        }
    }

    #[test]
    fn sharded_map_stores_takes_and_sweeps() {
        let map = Sharded::new();
        map.insert("a".into(), Item(10), 0).unwrap();
        assert_eq!(map.with("a", |i| i.0).unwrap(), Some(10));
        assert_eq!(map.take("a").unwrap().map(|i| i.0), Some(10));
        assert!(map.take("a").unwrap().is_none());
        // Long-expired entries disappear as inserts go by; fresh ones stay.
        for i in 0..2_000u64 {
            map.insert(format!("old{i}"), Item(1), 0).unwrap();
        }
        map.insert("fresh".into(), Item(1_000_000), 0).unwrap();
        for i in 0..(SHARDS as u64 * u64::from(SWEEP_EVERY)) {
            map.insert(format!("new{i}"), Item(1_000_000), 10_000)
                .unwrap();
        }
        assert!(map.with("fresh", |_| ()).unwrap().is_some());
        let old_left = (0..2_000u64)
            .filter(|i| map.with(&format!("old{i}"), |_| ()).unwrap().is_some())
            .count();
        assert!(old_left < 2_000, "sweeping removed old entries");
        map.remove_where(|i| i.0 == 1_000_000);
        assert_eq!(map.len(), old_left);
    }
}
