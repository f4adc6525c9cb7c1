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

/// The latest instant the clock may show: 9999-12-31T23:59:59Z, the last second a 4-digit
/// year (RFC 3339, HTTP dates, `X-Amz-Date`) can write, and far inside the range of every
/// date type the clients use.
pub const MAX_UNIX_SECONDS: u64 = 253_402_300_799;

/// What a move of the clock out of range is told (by the control endpoint and the bindings:
/// `Clock::OUT_OF_RANGE`).
pub(crate) const OUT_OF_RANGE: &str =
    "the clock must stay from 1970-01-01 to 9999-12-31T23:59:59Z (0 to 253402300799 Unix seconds)";

/// Adds a signed number of seconds to a Unix time, or `None` before 1970 or after
/// [`MAX_UNIX_SECONDS`].
fn shift(time: u64, seconds: i64) -> Option<u64> {
    if seconds >= 0 {
        time.checked_add(seconds.unsigned_abs())
    } else {
        time.checked_sub(seconds.unsigned_abs())
    }
    .filter(|&t| t <= MAX_UNIX_SECONDS)
}

impl Clock {
    /// The message for a time the clock refuses (before 1970 or after [`MAX_UNIX_SECONDS`]).
    pub const OUT_OF_RANGE: &'static str = OUT_OF_RANGE;

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
    /// `None` (and no change) when the result would be before 1970 or after
    /// [`MAX_UNIX_SECONDS`].
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

    /// Sets the clock to `unix_seconds`, keeping it frozen or running as it was, and returns
    /// it.
    ///
    /// # Errors
    /// `None` (and no change) for a time after [`MAX_UNIX_SECONDS`].
    pub fn set(&self, unix_seconds: u64) -> Option<u64> {
        if unix_seconds > MAX_UNIX_SECONDS {
            return None;
        }
        let mut state = self.state.lock();
        match state.frozen_at {
            Some(_) => state.frozen_at = Some(unix_seconds),
            None => state.offset = offset_to(unix_seconds),
        }
        Some(unix_seconds)
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
    fn a_time_out_of_range_is_refused_and_changes_nothing() {
        for clock in [Clock::new(), Clock::frozen_at(1_700_000_000)] {
            let before = clock.now();
            assert_eq!(clock.set(MAX_UNIX_SECONDS + 1), None);
            assert_eq!(clock.set(u64::MAX), None);
            assert!(clock.now().abs_diff(before) <= 1);
            assert_eq!(clock.set(MAX_UNIX_SECONDS), Some(MAX_UNIX_SECONDS));
            assert_eq!(clock.advance(1), None);
            assert!(clock.now().abs_diff(MAX_UNIX_SECONDS) <= 1);
            assert_eq!(clock.set(0), Some(0));
            assert_eq!(clock.advance(-1), None);
        }
    }

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
