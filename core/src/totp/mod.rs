//! One-time passwords: HOTP ([RFC 4226]) and TOTP ([RFC 6238]), shared secrets, `otpauth://`
//! key URIs and QR codes.
//!
//! Everything here is a pure function of its inputs: the secret, and the time as unix seconds
//! (`u64`). Only the `*_now()` conveniences read the system clock, and only
//! [`Secret::generate`] reads the operating system's random number generator. A backend can
//! therefore verify codes with this module alone, and tests can pin the time.
//!
//! * [`Secret`] holds the shared key: generated from the OS CSPRNG or decoded from base32
//!   (tolerant of lowercase, spaces, dashes and `=` padding, as users paste them). It is
//!   zeroized on drop and its `Debug` output is redacted.
//! * [`hotp`] computes an RFC 4226 value for a counter; [`Totp`] generates and verifies
//!   RFC 6238 codes (HMAC-SHA-1/256/512, 6–8 digits, any period of 1 s or more). Verification
//!   compares each candidate step in constant time, nearest step first.
//! * [`ReplayGuard`] refuses a second use of a code of the same time step (RFC 6238 §5.2).
//! * [`KeyUri`] builds and parses `otpauth://totp/...` URIs for authenticator apps, and
//!   [`qr_svg`] / [`qr_text`] draw them as QR codes.
//!
//! Cognito's software tokens use the defaults: HMAC-SHA-1, 6 digits, 30-second steps, and
//! accept the previous, current and next step (`window = 1`).
//!
//! # Examples
//!
//! Verify a code the way Cognito does, with a pinned time:
//!
//! ```
//! use cognito_mfa::totp::{Secret, Totp};
//!
//! let secret = Secret::from_base32("JBSW Y3DP EHPK 3PXP")?; // as an app would display it
//! let totp = Totp::new(secret);
//! let now = 1_700_000_000;
//! let code = totp.generate(now);
//! assert_eq!(code.len(), 6);
//!
//! // Codes of the previous, current and next step are accepted with a window of 1.
//! assert_eq!(totp.verify(&code, now + 30, 1)?, totp.time_step(now));
//! // Two steps away is too far.
//! let err = totp.verify(&code, now + 60, 1).unwrap_err();
//! assert_eq!(err.code(), "CodeMismatchError");
//! // A code that is not 6 ASCII digits is a bad argument, not a mismatch.
//! assert_eq!(totp.verify("12345a", now, 1).unwrap_err().code(), "InvalidInputError");
//! # Ok::<(), cognito_mfa::Error>(())
//! ```
//!
//! Enrol a user: make a secret, show it as a key URI and a QR code, refuse replays:
//!
//! ```
//! use cognito_mfa::totp::{KeyUri, ReplayGuard, Secret, Totp, qr_svg};
//!
//! let totp = Totp::new(Secret::generate()?);
//! let uri = totp.key_uri("alice@example.com", Some("Example Corp"))?;
//! let text = uri.to_uri();
//! assert!(text.starts_with("otpauth://totp/Example%20Corp:alice%40example.com?secret="));
//! assert!(qr_svg(&text)?.contains("<svg"));
//!
//! let parsed = KeyUri::parse(&text)?;
//! assert_eq!(parsed.issuer.as_deref(), Some("Example Corp"));
//! assert_eq!(parsed.totp.secret(), totp.secret());
//!
//! let mut guard = ReplayGuard::new();
//! let now = 1_700_000_000;
//! let code = totp.generate(now);
//! assert!(guard.verify("alice", &totp, &code, now, 1).is_ok());
//! let again = guard.verify("alice", &totp, &code, now, 1).unwrap_err();
//! assert_eq!(again.code(), "CodeReusedError");
//! # Ok::<(), cognito_mfa::Error>(())
//! ```
//!
//! The RFC 4226 appendix D vector for counter 1:
//!
//! ```
//! use cognito_mfa::totp::{Algorithm, Secret, hotp};
//!
//! let key = Secret::from_bytes(b"12345678901234567890")?;
//! assert_eq!(hotp(&key, 1, 6, Algorithm::Sha1)?, "287082");
//! # Ok::<(), cognito_mfa::Error>(())
//! ```
//!
//! [RFC 4226]: https://www.rfc-editor.org/rfc/rfc4226
//! [RFC 6238]: https://www.rfc-editor.org/rfc/rfc6238

mod qr;
mod replay;
mod secret;
mod uri;

use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::digest::{Digest, Key};
use hmac::{EagerHash, Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Sha256, Sha512};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroize;

use crate::error::{Error, Result};

pub use qr::{qr_svg, qr_text};
pub use replay::ReplayGuard;
pub use secret::Secret;
pub use uri::KeyUri;

/// The number of digits of a code when none is given (Cognito's value).
pub const DEFAULT_DIGITS: u32 = 6;
/// The length of a time step in seconds when none is given (Cognito's value).
pub const DEFAULT_PERIOD: u64 = 30;
/// The size in bytes of a secret made by [`Secret::generate`] (160 bits, as RFC 4226 §4
/// recommends).
pub const DEFAULT_SECRET_BYTES: usize = 20;
/// The shortest base32 secret accepted: 16 characters, 80 bits, as Cognito.
pub const MIN_SECRET_BASE32_CHARS: usize = 16;
/// The largest `window` that [`Totp::verify`] accepts. A wider window would make guessing
/// codes correspondingly easier and cost linear time; RFC 6238 §5.2 recommends at most one
/// step of skew.
pub const MAX_VERIFY_WINDOW: u64 = 100;

/// `10^DEFAULT_DIGITS`.
const DEFAULT_MODULUS: u32 = 10u32.pow(DEFAULT_DIGITS);
/// The smallest number of digits of a code (RFC 4226 §5.3).
const MIN_DIGITS: u32 = 6;
/// The largest number of digits of a code (a 31-bit value has at most 10, RFC 6238 uses 8).
const MAX_DIGITS: u32 = 8;

/// The HMAC hash function of an OTP (RFC 6238 §1.2 allows SHA-1, SHA-256 and SHA-512).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    /// HMAC-SHA-1: RFC 4226's function and the one every authenticator app supports; Cognito's.
    #[default]
    Sha1,
    /// HMAC-SHA-256.
    Sha256,
    /// HMAC-SHA-512.
    Sha512,
}

impl Algorithm {
    /// The name used in key URIs: `"SHA1"`, `"SHA256"` or `"SHA512"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }
}

impl FromStr for Algorithm {
    type Err = Error;

    /// Parses `SHA1`/`SHA-1`, `SHA256`/`SHA-256` or `SHA512`/`SHA-512`, ignoring ASCII case.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for any other text.
    fn from_str(s: &str) -> Result<Self> {
        const NAMES: [(&str, Algorithm); 6] = [
            ("SHA1", Algorithm::Sha1),
            ("SHA-1", Algorithm::Sha1),
            ("SHA256", Algorithm::Sha256),
            ("SHA-256", Algorithm::Sha256),
            ("SHA512", Algorithm::Sha512),
            ("SHA-512", Algorithm::Sha512),
        ];
        NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(s))
            .map(|&(_, algorithm)| algorithm)
            .ok_or_else(|| Error::invalid_input("the algorithm must be SHA1, SHA256 or SHA512"))
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Checks a number of digits and returns `10^digits`, the modulus of RFC 4226 §5.3 step 3.
fn modulus(digits: u32) -> Result<u32> {
    if (MIN_DIGITS..=MAX_DIGITS).contains(&digits) {
        10u32
            .checked_pow(digits)
            .ok_or_else(|| Error::invalid_input("digits out of range"))
    } else {
        Err(Error::invalid_input(format!(
            "digits must be from {MIN_DIGITS} to {MAX_DIGITS}, got {digits}"
        )))
    }
}

/// An HMAC already keyed with the secret: the inner and outer padded key blocks are hashed
/// once, and each code clones this state instead of re-keying (about twice as fast).
#[derive(Clone)]
enum KeyedMac {
    Sha1(Hmac<Sha1>),
    Sha256(Hmac<Sha256>),
    Sha512(Hmac<Sha512>),
}

impl KeyedMac {
    fn new(secret: &Secret, algorithm: Algorithm) -> KeyedMac {
        let key = secret.as_bytes();
        match algorithm {
            Algorithm::Sha1 => KeyedMac::Sha1(keyed(key)),
            Algorithm::Sha256 => KeyedMac::Sha256(keyed(key)),
            Algorithm::Sha512 => KeyedMac::Sha512(keyed(key)),
        }
    }

    /// The 31-bit dynamically truncated value of RFC 4226 §5.3 for `counter`.
    fn truncated(&self, counter: u64) -> u32 {
        let message = counter.to_be_bytes();
        match self {
            KeyedMac::Sha1(mac) => dynamic_truncation(&finish(mac, &message)),
            KeyedMac::Sha256(mac) => dynamic_truncation(&finish(mac, &message)),
            KeyedMac::Sha512(mac) => dynamic_truncation(&finish(mac, &message)),
        }
    }
}

/// Keys an HMAC with `key` through [`KeyInit::new`], whose signature cannot fail.
///
/// `Hmac::new_from_slice` accepts every key length but returns a `Result` that would need an
/// `unwrap` here; instead this prepares the block-sized key `K0` of RFC 2104 §2 itself (the key
/// zero-padded to the block size, or its hash zero-padded when it is longer than a block) and
/// hands it to the infallible constructor. A unit test checks it against `new_from_slice`.
fn keyed<D>(key: &[u8]) -> Hmac<D>
where
    D: EagerHash + Digest,
    Hmac<D>: KeyInit,
{
    let mut block = Key::<Hmac<D>>::default();
    if key.len() <= block.len() {
        block.iter_mut().zip(key).for_each(|(b, k)| *b = *k);
    } else {
        let mut hash = D::digest(key);
        block.iter_mut().zip(hash.iter()).for_each(|(b, h)| *b = *h);
        hash.as_mut_slice().zeroize();
    }
    let mac = <Hmac<D> as KeyInit>::new(&block);
    block.as_mut_slice().zeroize();
    mac
}

fn finish<M: Mac + Clone>(keyed: &M, message: &[u8]) -> hmac::digest::Output<M> {
    let mut mac = keyed.clone();
    mac.update(message);
    mac.finalize().into_bytes()
}

/// RFC 4226 §5.3 step 2: the 4 bytes at the offset named by the low nibble of the last byte,
/// with the top bit cleared. Every HMAC output here is at least 20 bytes and the offset at
/// most 15, so the 4 bytes always exist.
fn dynamic_truncation(hmac: &[u8]) -> u32 {
    let offset = hmac.last().map_or(0, |b| usize::from(b & 0x0f));
    let value = hmac
        .iter()
        .skip(offset)
        .take(4)
        .fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
    value & 0x7fff_ffff
}

fn format_code(value: u32, digits: u32) -> String {
    format!("{value:0width$}", width = digits as usize)
}

/// Computes the HOTP value (RFC 4226) of `secret` for `counter`, zero-padded to `digits`.
///
/// # Errors
/// [`Error::InvalidInput`] if `digits` is not 6, 7 or 8.
pub fn hotp(secret: &Secret, counter: u64, digits: u32, algorithm: Algorithm) -> Result<String> {
    let modulus = modulus(digits)?;
    let value = KeyedMac::new(secret, algorithm).truncated(counter) % modulus;
    Ok(format_code(value, digits))
}

/// The seconds since the unix epoch, from the system clock.
fn unix_now() -> Result<u64> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| Error::invalid_input("the system clock is set before 1970"))
}

/// A TOTP generator and verifier (RFC 6238): a secret with its algorithm, number of digits and
/// period.
///
/// Cloning is cheap enough (the secret and a keyed HMAC state); `Debug` redacts the secret.
/// All methods are pure functions of the unix time passed in, except the `*_now()` ones.
#[derive(Clone)]
pub struct Totp {
    secret: Secret,
    algorithm: Algorithm,
    digits: u32,
    period: u64,
    modulus: u32,
    mac: KeyedMac,
}

impl fmt::Debug for Totp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Totp")
            .field("secret", &self.secret)
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("period", &self.period)
            .finish_non_exhaustive()
    }
}

/// Outcome of checking a code against a range of steps (see [`Totp::find`]).
struct Matches {
    /// Whether a step accepted by the freshness rule matched, and the earliest such step.
    fresh: Option<u64>,
    /// Whether any step matched, and the earliest such step.
    any: Option<u64>,
}

impl Totp {
    /// A TOTP with Cognito's settings: HMAC-SHA-1, 6 digits, 30-second steps.
    pub fn new(secret: Secret) -> Totp {
        let mac = KeyedMac::new(&secret, Algorithm::Sha1);
        Totp {
            secret,
            algorithm: Algorithm::Sha1,
            digits: DEFAULT_DIGITS,
            period: DEFAULT_PERIOD,
            modulus: DEFAULT_MODULUS,
            mac,
        }
    }

    /// A TOTP with explicit settings.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] if `digits` is not 6, 7 or 8, or `period` is 0.
    pub fn with_options(
        secret: Secret,
        algorithm: Algorithm,
        digits: u32,
        period: u64,
    ) -> Result<Totp> {
        let modulus = modulus(digits)?;
        if period == 0 {
            return Err(Error::invalid_input("the period must be at least 1 second"));
        }
        let mac = KeyedMac::new(&secret, algorithm);
        Ok(Totp {
            secret,
            algorithm,
            digits,
            period,
            modulus,
            mac,
        })
    }

    /// The shared secret.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The HMAC hash function.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The number of digits of a code (6 to 8).
    pub fn digits(&self) -> u32 {
        self.digits
    }

    /// The length of a time step in seconds (1 or more).
    pub fn period(&self) -> u64 {
        self.period
    }

    /// The time step (RFC 6238's `T`, with `T0 = 0`) that contains `unix_time`:
    /// `unix_time / period`.
    pub fn time_step(&self, unix_time: u64) -> u64 {
        // `period` is never 0 (checked by the constructors).
        unix_time.checked_div(self.period).unwrap_or(0)
    }

    /// The number of seconds from `unix_time` until the next time step starts, from 1 to
    /// `period`.
    pub fn seconds_remaining(&self, unix_time: u64) -> u64 {
        let elapsed = unix_time.checked_rem(self.period).unwrap_or(0);
        self.period - elapsed
    }

    /// The code for the step that contains `unix_time`, zero-padded to [`Totp::digits`].
    pub fn generate(&self, unix_time: u64) -> String {
        format_code(self.value_at(self.time_step(unix_time)), self.digits)
    }

    /// The code for the current time.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] only if the system clock is set before 1970.
    pub fn generate_now(&self) -> Result<String> {
        Ok(self.generate(unix_now()?))
    }

    /// Checks `code` against the steps `step - window ..= step + window` around the step of
    /// `unix_time` (clamped at 0 and `u64::MAX`) and returns the matched step.
    ///
    /// Steps are tried nearest first — the current step, then one step back and one ahead, and
    /// so on — and each candidate is compared with `code` in constant time. The search stops at
    /// the first match, so the time taken reveals, for a correct code only, how far its step
    /// lies from the current one; it reveals nothing about the code, and a wrong code always
    /// costs the whole window. (Stopping early makes the common case — a code for the current
    /// step — one HMAC instead of three: see docs/benchmarks.md.)
    ///
    /// # Errors
    /// * [`Error::InvalidInput`] if `code` is not exactly [`Totp::digits`] ASCII digits, or
    ///   `window` is above [`MAX_VERIFY_WINDOW`];
    /// * [`Error::CodeMismatch`] if no step of the window has this code.
    pub fn verify(&self, code: &str, unix_time: u64, window: u64) -> Result<u64> {
        check_window(window)?;
        let wanted = self.parse_code(code)?;
        let step = self.time_step(unix_time);
        for distance in 0..=window {
            let behind = step.checked_sub(distance);
            let ahead = if distance == 0 {
                None
            } else {
                step.checked_add(distance)
            };
            for candidate in [behind, ahead].into_iter().flatten() {
                if bool::from(self.value_at(candidate).ct_eq(&wanted)) {
                    return Ok(candidate);
                }
            }
        }
        Err(Error::CodeMismatch)
    }

    /// [`Totp::verify`] at the current time.
    ///
    /// # Errors
    /// As [`Totp::verify`]; also [`Error::InvalidInput`] if the clock is set before 1970.
    pub fn verify_now(&self, code: &str, window: u64) -> Result<u64> {
        self.verify(code, unix_now()?, window)
    }

    /// A key URI for an authenticator app, naming `account` and optionally `issuer`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] if `account` is empty or starts with a space (apps drop spaces
    /// after `Issuer:`), `issuer` is `Some("")`, or either holds a `:` (the label separator).
    pub fn key_uri(&self, account: &str, issuer: Option<&str>) -> Result<KeyUri> {
        if account.is_empty() {
            return Err(Error::invalid_input("the account name must not be empty"));
        }
        if account.contains(':') {
            return Err(Error::invalid_input(
                "the account name must not contain ':'",
            ));
        }
        if account.starts_with(' ') {
            // Apps drop spaces between `Issuer:` and the account, so it would not round-trip.
            return Err(Error::invalid_input(
                "the account name must not start with a space",
            ));
        }
        if let Some(issuer) = issuer {
            if issuer.is_empty() {
                return Err(Error::invalid_input("the issuer must not be empty"));
            }
            if issuer.contains(':') {
                return Err(Error::invalid_input("the issuer must not contain ':'"));
            }
        }
        Ok(KeyUri {
            totp: self.clone(),
            account: account.to_owned(),
            issuer: issuer.map(str::to_owned),
        })
    }

    /// The truncated value for `step`, reduced to [`Totp::digits`] digits.
    fn value_at(&self, step: u64) -> u32 {
        self.mac.truncated(step) % self.modulus
    }

    /// Parses `code` (exactly `digits` ASCII digits) into its numeric value.
    fn parse_code(&self, code: &str) -> Result<u32> {
        let well_formed =
            code.len() == self.digits as usize && code.bytes().all(|b| b.is_ascii_digit());
        if !well_formed {
            return Err(Error::invalid_input(format!(
                "a code must be exactly {} ASCII digits",
                self.digits
            )));
        }
        Ok(code
            .bytes()
            .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0')))
    }

    /// Computes every step of the window and compares it with `code` in constant time,
    /// without stopping at a match (the replay guard must tell a reused code from a wrong one).
    /// `fresh` says which steps count as fresh (those after the last accepted one, for
    /// [`ReplayGuard`]).
    fn find(
        &self,
        code: &str,
        unix_time: u64,
        window: u64,
        fresh: impl Fn(u64) -> bool,
    ) -> Result<Matches> {
        check_window(window)?;
        let wanted = self.parse_code(code)?;
        let step = self.time_step(unix_time);
        let first = step.saturating_sub(window);
        let last = step.saturating_add(window);

        let mut any_found = Choice::from(0);
        let mut any_step = 0u64;
        let mut fresh_found = Choice::from(0);
        let mut fresh_step = 0u64;
        for candidate in first..=last {
            let matched = self.value_at(candidate).ct_eq(&wanted);
            // Keep the earliest match: take this step only if none was found before.
            let take_any = matched & !any_found;
            any_step.conditional_assign(&candidate, take_any);
            any_found |= matched;
            // Whether a step is fresh is public (it depends on the time only).
            let matched_fresh = matched & Choice::from(u8::from(fresh(candidate)));
            let take_fresh = matched_fresh & !fresh_found;
            fresh_step.conditional_assign(&candidate, take_fresh);
            fresh_found |= matched_fresh;
        }
        Ok(Matches {
            fresh: bool::from(fresh_found).then_some(fresh_step),
            any: bool::from(any_found).then_some(any_step),
        })
    }
}

/// Refuses a window wider than [`MAX_VERIFY_WINDOW`] steps either side.
fn check_window(window: u64) -> Result<()> {
    if window > MAX_VERIFY_WINDOW {
        return Err(Error::invalid_input(format!(
            "the window must be at most {MAX_VERIFY_WINDOW} steps"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key preparation of [`keyed`] gives the same MAC as `new_from_slice`, for keys
    /// shorter than, equal to and longer than the block sizes (64 and 128 bytes).
    #[test]
    fn keyed_matches_new_from_slice() {
        for len in [10usize, 20, 63, 64, 65, 127, 128, 129, 1024] {
            let key: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
            let reference = |m: Hmac<Sha1>| m.chain_update(b"msg").finalize().into_bytes();
            assert_eq!(
                reference(keyed::<Sha1>(&key)),
                reference(Hmac::<Sha1>::new_from_slice(&key).unwrap()),
                "sha1 len {len}"
            );
            let r256 = |m: Hmac<Sha256>| m.chain_update(b"msg").finalize().into_bytes();
            assert_eq!(
                r256(keyed::<Sha256>(&key)),
                r256(Hmac::<Sha256>::new_from_slice(&key).unwrap()),
                "sha256 len {len}"
            );
            let r512 = |m: Hmac<Sha512>| m.chain_update(b"msg").finalize().into_bytes();
            assert_eq!(
                r512(keyed::<Sha512>(&key)),
                r512(Hmac::<Sha512>::new_from_slice(&key).unwrap()),
                "sha512 len {len}"
            );
        }
    }

    /// RFC 4226 §5.4: the worked example of dynamic truncation.
    #[test]
    fn dynamic_truncation_rfc4226_example() {
        let hmac = [
            0x1f, 0x86, 0x98, 0x69, 0x0e, 0x02, 0xca, 0x16, 0x61, 0x85, 0x50, 0xef, 0x7f, 0x19,
            0xda, 0x8e, 0x94, 0x5b, 0x55, 0x5a,
        ];
        assert_eq!(dynamic_truncation(&hmac), 0x50ef_7f19);
        assert_eq!(dynamic_truncation(&hmac) % 1_000_000, 872_921);
    }

    #[test]
    fn algorithm_names() {
        for (text, alg) in [
            ("SHA1", Algorithm::Sha1),
            ("sha-1", Algorithm::Sha1),
            ("Sha256", Algorithm::Sha256),
            ("SHA-256", Algorithm::Sha256),
            ("sha512", Algorithm::Sha512),
            ("SHA-512", Algorithm::Sha512),
        ] {
            assert_eq!(text.parse::<Algorithm>().unwrap(), alg);
        }
        for bad in ["", "MD5", "SHA", "SHA-1 ", "SHA3-256"] {
            assert_eq!(
                bad.parse::<Algorithm>().unwrap_err().code(),
                "InvalidInputError",
                "{bad:?}"
            );
        }
        assert_eq!(Algorithm::default(), Algorithm::Sha1);
        assert_eq!(Algorithm::Sha256.to_string(), "SHA256");
    }

    #[test]
    fn digits_and_period_are_checked() {
        let s = Secret::from_bytes(&[7; 20]).unwrap();
        for digits in [0, 5, 9, 10, u32::MAX] {
            let err = Totp::with_options(s.clone(), Algorithm::Sha1, digits, 30).unwrap_err();
            assert_eq!(err.code(), "InvalidInputError", "digits {digits}");
            assert_eq!(
                hotp(&s, 0, digits, Algorithm::Sha1).unwrap_err().code(),
                "InvalidInputError"
            );
        }
        let err = Totp::with_options(s.clone(), Algorithm::Sha1, 6, 0).unwrap_err();
        assert_eq!(err.code(), "InvalidInputError");
        let t = Totp::with_options(s, Algorithm::Sha1, 7, 1).unwrap();
        assert_eq!(t.generate(5).len(), 7);
    }

    #[test]
    fn earliest_step_is_returned_and_freshness_filters() {
        // The freshness rule separates "matched" from "matched a step we may accept".
        let t = Totp::new(Secret::from_bytes(&[1; 20]).unwrap());
        let now = 1_000_000 * 30;
        let code = t.generate(now);
        let m = t.find(&code, now, 1, |s| s > t.time_step(now)).unwrap();
        assert_eq!(m.any, Some(t.time_step(now)));
        assert_eq!(m.fresh, None);
        let m = t.find(&code, now, 1, |_| true).unwrap();
        assert_eq!(m.fresh, Some(t.time_step(now)));
    }
}
