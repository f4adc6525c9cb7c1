//! [`ReplayGuard`]: one use per code (RFC 6238 §5.2).

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;

use super::Totp;
use crate::error::{Error, Result};

/// Refuses a second use of a TOTP code, as RFC 6238 §5.2 requires: "the verifier MUST NOT
/// accept the second attempt of the OTP after the successful validation has been issued for
/// the first OTP".
///
/// It remembers, per key `K` (a user id, say), the last accepted time step, and accepts only
/// codes of later steps. It holds no secrets, only keys and step numbers; `Debug` shows how
/// many keys are remembered. Memory grows with the number of keys: call
/// [`ReplayGuard::forget`] when a user goes away.
#[derive(Clone)]
pub struct ReplayGuard<K: Eq + Hash> {
    last: HashMap<K, u64>,
}

impl<K: Eq + Hash> Default for ReplayGuard<K> {
    fn default() -> Self {
        ReplayGuard {
            last: HashMap::new(),
        }
    }
}

impl<K: Eq + Hash> fmt::Debug for ReplayGuard<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReplayGuard")
            .field("keys", &self.last.len())
            .finish()
    }
}

impl<K: Eq + Hash> ReplayGuard<K> {
    /// An empty guard.
    pub fn new() -> Self {
        Self::default()
    }

    /// Verifies `code` like [`Totp::verify`], but accepts only a step later than the last one
    /// accepted for `key`; on success records that step and returns it.
    ///
    /// Should a code match both a used and a fresh step of the window, the earliest fresh
    /// step is taken.
    ///
    /// # Errors
    /// * [`Error::InvalidInput`] for a malformed code or a window above
    ///   [`super::MAX_VERIFY_WINDOW`];
    /// * [`Error::CodeReused`] with the matched step if the code matches only steps at or
    ///   before the last accepted one;
    /// * [`Error::CodeMismatch`] if it matches no step of the window.
    pub fn verify(
        &mut self,
        key: K,
        totp: &Totp,
        code: &str,
        unix_time: u64,
        window: u64,
    ) -> Result<u64> {
        let last = self.last.get(&key).copied();
        let matches = totp.find(code, unix_time, window, |step| {
            last.is_none_or(|l| step > l)
        })?;
        match (matches.fresh, matches.any) {
            (Some(step), _) => {
                self.last.insert(key, step);
                Ok(step)
            }
            (None, Some(step)) => Err(Error::CodeReused { step }),
            (None, None) => Err(Error::CodeMismatch),
        }
    }

    /// The last time step accepted for `key`, if any.
    pub fn last_accepted(&self, key: &K) -> Option<u64> {
        self.last.get(key).copied()
    }

    /// Forgets `key` and returns its last accepted step, if any.
    pub fn forget(&mut self, key: &K) -> Option<u64> {
        self.last.remove(key)
    }

    /// The number of keys remembered.
    pub fn len(&self) -> usize {
        self.last.len()
    }

    /// Whether no key is remembered.
    pub fn is_empty(&self) -> bool {
        self.last.is_empty()
    }
}
