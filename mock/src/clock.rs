//! The one virtual clock of a mock endpoint.
//!
//! It reads real time plus an adjustable offset, or a frozen instant. It drives TOTP time
//! steps, SMS / e-mail code expiry, challenge-session expiry and token lifetimes, so that a
//! test can move time forward (`POST /_mock/clock`) instead of sleeping.

use std::time::{SystemTime, UNIX_EPOCH};

use parking_lot::Mutex;

/// A virtual clock in whole Unix seconds. Cheap to read from many threads.
#[derive(Debug, Default)]
pub struct Clock {
    state: Mutex<ClockState>,
}

#[derive(Debug, Default, Clone, Copy)]
struct ClockState {
    /// Seconds added to real time (ignored while frozen).
    offset: i64,
    /// When set, the clock stands still at this instant.
    frozen_at: Option<u64>,
}

/// Real Unix time in seconds (0 if the system clock is before 1970).
fn real_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The offset that makes real time read `wanted`.
fn offset_to(wanted: u64) -> i64 {
    i64::try_from(i128::from(wanted) - i128::from(real_now())).unwrap_or(0)
}

/// Adds a signed number of seconds to a Unix time, or `None` on overflow / before 1970.
fn shift(time: u64, seconds: i64) -> Option<u64> {
    if seconds >= 0 {
        time.checked_add(seconds.unsigned_abs())
    } else {
        time.checked_sub(seconds.unsigned_abs())
    }
}

impl Clock {
    /// A clock that follows real time.
    pub fn new() -> Self {
        Self::default()
    }

    /// A clock frozen at `unix_seconds`: it only moves when advanced.
    pub fn frozen_at(unix_seconds: u64) -> Self {
        Clock {
            state: Mutex::new(ClockState {
                offset: 0,
                frozen_at: Some(unix_seconds),
            }),
        }
    }

    /// The current virtual time in Unix seconds.
    pub fn now(&self) -> u64 {
        let state = *self.state.lock();
        match state.frozen_at {
            Some(t) => t,
            None => shift(real_now(), state.offset).unwrap_or(0),
        }
    }

    /// Moves the clock by `seconds` (negative moves it back) and returns the new time.
    ///
    /// # Errors
    /// `None` (and no change) when the result would be before 1970 or overflow.
    pub fn advance(&self, seconds: i64) -> Option<u64> {
        let mut state = self.state.lock();
        match state.frozen_at {
            Some(t) => {
                let new = shift(t, seconds)?;
                state.frozen_at = Some(new);
                Some(new)
            }
            None => {
                let offset = state.offset.checked_add(seconds)?;
                let new = shift(real_now(), offset)?;
                state.offset = offset;
                Some(new)
            }
        }
    }

    /// Sets the clock to `unix_seconds`, keeping it frozen or running as it was.
    pub fn set(&self, unix_seconds: u64) {
        let mut state = self.state.lock();
        match state.frozen_at {
            Some(_) => state.frozen_at = Some(unix_seconds),
            None => state.offset = offset_to(unix_seconds),
        }
    }

    /// Stops the clock at its current reading (`true`) or lets it run again from its current
    /// reading (`false`).
    pub fn freeze(&self, frozen: bool) {
        let now = self.now();
        let mut state = self.state.lock();
        if frozen {
            state.frozen_at = Some(now);
        } else if state.frozen_at.take().is_some() {
            state.offset = offset_to(now);
        }
    }

    /// Puts the clock back to a start-up state: real time (no offset) when `start` is `None`,
    /// else `start`; frozen or running.
    pub fn restart(&self, start: Option<u64>, frozen: bool) {
        let mut state = self.state.lock();
        *state = ClockState::default();
        match (start, frozen) {
            (Some(t), true) => state.frozen_at = Some(t),
            (Some(t), false) => state.offset = offset_to(t),
            (None, true) => state.frozen_at = Some(real_now()),
            (None, false) => {}
        }
    }

    /// True while the clock is frozen.
    pub fn is_frozen(&self) -> bool {
        self.state.lock().frozen_at.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_clock_moves_only_when_advanced() {
        let clock = Clock::frozen_at(1_000);
        assert_eq!(clock.now(), 1_000);
        assert_eq!(clock.advance(30), Some(1_030));
        assert_eq!(clock.advance(-1_030), Some(0));
        assert_eq!(clock.advance(-1), None, "before 1970 is refused");
        assert_eq!(clock.now(), 0);
        clock.set(42);
        assert_eq!(clock.now(), 42);
        clock.restart(Some(7), true);
        assert_eq!(clock.now(), 7);
        assert!(clock.is_frozen());
    }

    #[test]
    fn running_clock_follows_real_time_plus_offset() {
        let clock = Clock::new();
        let before = real_now();
        let advanced = clock.advance(3_600).unwrap_or(0);
        assert!(advanced >= before + 3_600);
        assert!(clock.now() >= before + 3_600);
        clock.freeze(true);
        let frozen = clock.now();
        assert!(clock.is_frozen());
        clock.freeze(false);
        assert!(clock.now() >= frozen);
        assert!(!clock.is_frozen());
    }
}
