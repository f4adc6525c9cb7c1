//! Secret exponents (`a`, `b`) and the exponentiations that use them.

use crypto_bigint::U3072;
use subtle::ConstantTimeEq;

use super::group::{Monty, uint_from_be};
use super::secret::Secret;
use crate::error::{Error, Result};

/// Size in bytes of the exponent that `SrpClient::new_random()` draws: 512 bits. RFC 3526 §8
/// asks for an exponent of at least 260 bits (strength estimate 1) or 420 bits (estimate 2)
/// in the 3072-bit group; 512 bits clear both and cost almost nothing, because the client's
/// `a + u·x` has 513 bits anyway. amazon-cognito-identity-js draws 1024 bits. See docs/srp.md.
pub(crate) const RANDOM_EXPONENT_BYTES: usize = 64;

/// Size in bytes of the server's `b` from `SrpServer::new_random()`: 424 bits, the smallest
/// whole number of bytes that clears RFC 3526 §8's 420 bits (strength estimate 2). The
/// server's `(A·v^u)^b` is a power of a value it cannot precompute, so it costs in
/// proportion to the size of `b`; 424 instead of 512 bits saves about a sixth of it
/// (measured in docs/benchmarks.md, "The mock's SRP cost (issue 14 §5)"). `g^b` comes from the
/// fixed-base table, where size matters less. The client keeps 512 bits.
pub(crate) const SERVER_EXPONENT_BYTES: usize = 53;

// Never below RFC 3526 §8's 420 bits.
const _: () = assert!(SERVER_EXPONENT_BYTES * 8 >= 420);

/// Longest accepted private exponent: 256 bytes (2048 bits). Larger would let `a + u·x`
/// outgrow the 3072-bit integers for no gain in security.
pub(crate) const MAX_EXPONENT_BYTES: usize = 256;

/// A secret exponent with the number of bits its exponentiation must always process.
///
/// The bit count comes from the length of the byte string the exponent was given as (not from
/// its value), so every exponent of the same size costs the same time.
#[derive(Debug)]
pub(crate) struct Exponent {
    value: Secret<U3072>,
    bits: u32,
}

impl Exponent {
    /// `bytes` as a big-endian exponent. `what` names it in errors (`"a"`, `"b"`).
    pub(crate) fn from_be_bytes(what: &str, bytes: &[u8]) -> Result<Exponent> {
        if bytes.is_empty() || bytes.len() > MAX_EXPONENT_BYTES {
            return Err(Error::invalid_input(format!(
                "the private value {what} must be 1 to {MAX_EXPONENT_BYTES} bytes long"
            )));
        }
        let all_zero = bytes.iter().fold(0u8, |acc, &b| acc | b).ct_eq(&0);
        if bool::from(all_zero) {
            return Err(Error::invalid_input(format!(
                "the private value {what} must not be 0"
            )));
        }
        let value = uint_from_be(bytes)
            .ok_or_else(|| Error::invalid_input(format!("the private value {what} is too long")))?;
        let bits = u32::try_from(bytes.len() * 8)
            .map_err(|_| Error::invalid_input(format!("the private value {what} is too long")))?;
        Ok(Exponent {
            value: Secret::new(value),
            bits,
        })
    }

    /// Draws [`RANDOM_EXPONENT_BYTES`] bytes from the OS CSPRNG.
    ///
    /// # Errors
    /// [`Error::RandomSource`] when the OS generator fails.
    pub(crate) fn random(what: &str) -> Result<Exponent> {
        Self::random_sized::<RANDOM_EXPONENT_BYTES>(what)
    }

    /// Draws `BYTES` bytes from the OS CSPRNG ([`SERVER_EXPONENT_BYTES`] for the server).
    ///
    /// # Errors
    /// [`Error::RandomSource`] when the OS generator fails.
    pub(crate) fn random_sized<const BYTES: usize>(what: &str) -> Result<Exponent> {
        let mut bytes = Secret::new([0u8; BYTES]);
        getrandom::fill(bytes.expose_mut()).map_err(|e| Error::RandomSource(e.to_string()))?;
        // All zero bytes (probability 2^-424 or less) mean a broken generator, not bad luck.
        Exponent::from_be_bytes(what, bytes.expose()).map_err(|_| {
            Error::RandomSource("the OS random number generator returned only zeros".to_owned())
        })
    }

    /// The exponent value.
    pub(crate) fn value(&self) -> &U3072 {
        self.value.expose()
    }

    /// The number of exponent bits every exponentiation processes.
    pub(crate) fn bits(&self) -> u32 {
        self.bits
    }
}

/// `base^exponent mod N`, processing exactly the `bits` low bits of the exponent whatever its
/// value: crypto-bigint's fixed-window (4-bit) exponentiation does the same squarings and
/// multiplications for every exponent of a given bit bound, reads its table of powers with a
/// constant-time select (the non-`vartime` instantiation), and its Montgomery multiplication
/// ends with a constant-time conditional subtraction. Only `bits` shows in the timing, and it
/// is derived from public lengths. See docs/srp.md.
pub(crate) fn pow_ct(base: &Monty, exponent: &U3072, bits: u32) -> Monty {
    base.pow_bounded_exp(exponent, bits)
}
