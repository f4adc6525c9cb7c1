//! The server half (what a user pool does): verifiers, `SRP_B`, and checking the client's
//! `PASSWORD_CLAIM_SIGNATURE`. Used by the mock Cognito endpoint and by tests.

use std::fmt;

use crypto_bigint::{U256, U3072};
use data_encoding::HEXLOWER;
use subtle::ConstantTimeEq;

use super::Password;
use super::client::decode_base64;
use super::exponent::{Exponent, SERVER_EXPONENT_BYTES, pow_ct};
use super::fixed_base::pow_g;
use super::group::{
    self, Monty, PARAMS, decode_hex_uint, derive_key, hmac_sha256, pad_bytes, plain_hex, private_x,
    scrambler, uint_from_be, uint_from_digest,
};
use super::secret::Secret;
use crate::error::{Error, Result, SrpErrorKind};

/// Salt length of [`Verifier::new_random_salt`], in bytes.
const SALT_BYTES: usize = 16;

/// What a user pool stores for a password: the salt and `v = g^x mod N`.
///
/// A verifier made from the password ([`Verifier::new`]) also keeps `x`, so that the claim
/// check can compute `v^u` as `g^(x·u)` from the fixed-base table (`fixed_base`), about 4×
/// cheaper than a power of `v`. A real user pool would not keep `x` (it is as good as the
/// password for signing in); the mock keeps the password itself anyway. A verifier received
/// on the wire ([`Verifier::from_wire`]) has no `x`.
///
/// `Debug` shows the salt only; `v` and `x` are zeroized on drop.
#[derive(Clone)]
pub struct Verifier {
    salt: Vec<u8>,
    v: Secret<Monty>,
    x: Option<Secret<U256>>,
}

impl Verifier {
    /// `v = g^x mod N` with `x = H(padHex(salt) ‖ H(pool_name ‖ user_id ‖ ":" ‖ password))`.
    /// The salt is a big-endian number (leading zero bytes do not count, as on the wire).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `salt` is empty.
    pub fn new(
        pool_name: &str,
        user_id: &str,
        password: &Password,
        salt: &[u8],
    ) -> Result<Verifier> {
        if salt.is_empty() {
            return Err(Error::invalid_input("the salt must not be empty"));
        }
        let salt = pad_bytes(salt);
        let x = private_x(pool_name, user_id, password.as_bytes(), &salt);
        let x = Secret::new(U256::from_be_slice(x.expose()));
        let x_wide = Secret::new(x.expose().resize::<{ group::LIMBS }>());
        let v = pow_g(x_wide.expose(), 256);
        Ok(Verifier {
            salt,
            v: Secret::new(v),
            x: Some(x),
        })
    }

    /// [`Verifier::new`] with a fresh 16-byte salt from the OS CSPRNG.
    ///
    /// # Errors
    /// [`Error::RandomSource`] when the OS generator fails.
    pub fn new_random_salt(
        pool_name: &str,
        user_id: &str,
        password: &Password,
    ) -> Result<Verifier> {
        let mut salt = [0u8; SALT_BYTES];
        getrandom::fill(&mut salt).map_err(|e| Error::RandomSource(e.to_string()))?;
        Verifier::new(pool_name, user_id, password, &salt)
    }

    /// `SALT` as Cognito sends it: `padHex(salt)`.
    pub fn salt_hex(&self) -> String {
        HEXLOWER.encode(&self.salt)
    }

    /// The salt as `padHex(salt)`'s bytes: what `DeviceSecretVerifierConfig.Salt` carries
    /// (base64-encoded) — 16 bytes, or 17 with a leading zero when the first bit is set.
    pub fn salt_bytes(&self) -> &[u8] {
        &self.salt
    }

    /// `v` as `padHex(v)`'s bytes: what `DeviceSecretVerifierConfig.PasswordVerifier`
    /// carries (base64-encoded), at most 385 bytes. Zeroized when dropped.
    pub fn verifier_bytes(&self) -> zeroize::Zeroizing<Vec<u8>> {
        let v = Secret::new(self.v.expose().retrieve());
        let be = Secret::new(v.expose().to_be_bytes());
        zeroize::Zeroizing::new(pad_bytes(be.expose().as_ref()))
    }

    /// A verifier received on the wire (`ConfirmDevice`'s `Salt` and `PasswordVerifier`,
    /// base64-decoded), as a pool stores it.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the salt is empty, or the verifier is 0, not below N, or
    /// longer than the group.
    pub fn from_wire(salt: &[u8], verifier: &[u8]) -> Result<Verifier> {
        if salt.is_empty() {
            return Err(Error::invalid_input("the salt must not be empty"));
        }
        let bad = || Error::invalid_input("the password verifier is not a number in 1..N");
        let v = Secret::new(uint_from_be(verifier).ok_or_else(bad)?);
        if bool::from(v.expose().is_zero()) || v.expose() >= group::N.as_ref() {
            return Err(bad());
        }
        Ok(Verifier {
            salt: pad_bytes(salt),
            v: Secret::new(Monty::new(v.expose(), &PARAMS)),
            x: None,
        })
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("salt", &self.salt_hex())
            .field("v", &self.v)
            .field("x", &self.x)
            .finish()
    }
}

/// The server's side of one sign-in attempt: holds `b` (zeroized on drop, redacted in
/// `Debug`) and `B = (k·v + g^b) mod N`.
pub struct SrpServer {
    b: Exponent,
    big_b: U3072,
    verifier: Verifier,
}

impl SrpServer {
    /// Starts an attempt with the given big-endian secret `b` (1 to 256 bytes; the
    /// known-answer vector uses 32 bytes of `0xb2`).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `b` is empty, longer than 256 bytes or 0;
    /// [`Error::Srp`] with [`SrpErrorKind::ServerValueZero`] if `B mod N` came out 0.
    pub fn new(verifier: &Verifier, b: &[u8]) -> Result<SrpServer> {
        Self::from_exponent(verifier, Exponent::from_be_bytes("b", b)?)
    }

    /// Starts an attempt with a fresh 424-bit `b` from the OS CSPRNG (RFC 3526 §8 asks for
    /// at least 420 bits in this group; see docs/srp.md).
    ///
    /// # Errors
    /// [`Error::RandomSource`] when the OS generator fails.
    pub fn new_random(verifier: &Verifier) -> Result<SrpServer> {
        Self::from_exponent(
            verifier,
            Exponent::random_sized::<SERVER_EXPONENT_BYTES>("b")?,
        )
    }

    fn from_exponent(verifier: &Verifier, b: Exponent) -> Result<SrpServer> {
        let g_b = Secret::new(pow_g(b.value(), b.bits()));
        let big_b = (group::k() * verifier.v.expose() + g_b.expose()).retrieve();
        if bool::from(big_b.is_zero()) {
            return Err(Error::srp(SrpErrorKind::ServerValueZero, "B mod N is 0"));
        }
        Ok(SrpServer {
            b,
            big_b,
            verifier: verifier.clone(),
        })
    }

    /// `SRP_B`: `B` as lowercase hex without leading zeros.
    pub fn srp_b(&self) -> String {
        plain_hex(&self.big_b.to_be_bytes())
    }

    /// `SALT`: the verifier's `padHex(salt)`.
    pub fn salt_hex(&self) -> String {
        self.verifier.salt_hex()
    }

    /// Checks the client's `PASSWORD_CLAIM_SIGNATURE` for this attempt, comparing in constant
    /// time. `srp_a_hex` is the `SRP_A` of the `InitiateAuth` that started the attempt;
    /// `secret_block`, `timestamp` and `signature` are the challenge responses
    /// `PASSWORD_CLAIM_SECRET_BLOCK`, `TIMESTAMP` and `PASSWORD_CLAIM_SIGNATURE`. The
    /// timestamp is covered by the signature but not checked for freshness here (see
    /// [`super::parse_timestamp`]). The same as [`SrpServer::claim_key`] then
    /// [`ClaimKey::verify_claim`].
    ///
    /// # Errors
    /// [`Error::Srp`] with [`SrpErrorKind::BadHex`] (`"SRP_A"`), [`SrpErrorKind::ClientValueZero`]
    /// when `A mod N = 0`, [`SrpErrorKind::ScramblerZero`], [`SrpErrorKind::BadBase64`]
    /// (`"PASSWORD_CLAIM_SECRET_BLOCK"` or `"PASSWORD_CLAIM_SIGNATURE"`), and
    /// [`SrpErrorKind::BadSignature`] when the signature does not verify (wrong password).
    pub fn verify_claim(
        &self,
        pool_name: &str,
        user_id: &str,
        srp_a_hex: &str,
        secret_block: &str,
        timestamp: &str,
        signature: &str,
    ) -> Result<()> {
        self.claim_key(srp_a_hex)?.verify_claim(
            pool_name,
            user_id,
            secret_block,
            timestamp,
            signature,
        )
    }

    /// The expensive half of [`SrpServer::verify_claim`]: the key the client's claim must be
    /// signed with, from the client's `SRP_A` alone. A server can compute it as soon as it
    /// has sent `SRP_B`, while the client computes its claim (the mock does).
    ///
    /// # Errors
    /// [`Error::Srp`] with [`SrpErrorKind::BadHex`] (`"SRP_A"`), [`SrpErrorKind::ClientValueZero`]
    /// when `A mod N = 0`, [`SrpErrorKind::ScramblerZero`].
    pub fn claim_key(&self, srp_a_hex: &str) -> Result<ClaimKey> {
        let big_a = decode_hex_uint("SRP_A", srp_a_hex)?;
        let (u, s) = self.premaster_secret(&big_a)?;
        Ok(ClaimKey {
            key: derive_key(&u, s.expose()),
        })
    }

    /// `u` and `S = (A · v^u)^b mod N` for the client's `A`.
    pub(crate) fn premaster_secret(&self, big_a: &U3072) -> Result<([u8; 32], Secret<U3072>)> {
        let a_mod_n = Monty::new(big_a, &PARAMS);
        if bool::from(a_mod_n.retrieve().is_zero()) {
            return Err(Error::srp(SrpErrorKind::ClientValueZero, "A mod N is 0"));
        }
        let u = scrambler(big_a, &self.big_b)?;
        // u is public; v is not, and both paths are constant time in both anyway. With x at
        // hand, v^u = g^(x·u) (x·u < 2^512) comes from the fixed-base table.
        let v_u = Secret::new(match &self.verifier.x {
            Some(x) => {
                let x_u = Secret::new(x.expose().concatenating_mul(&U256::from_be_slice(&u)));
                let x_u_wide = Secret::new(x_u.expose().resize::<{ group::LIMBS }>());
                pow_g(x_u_wide.expose(), 512)
            }
            None => pow_ct(self.verifier.v.expose(), &uint_from_digest(&u), 256),
        });
        let base = Secret::new(a_mod_n * v_u.expose());
        let s = pow_ct(base.expose(), self.b.value(), self.b.bits()).retrieve();
        Ok((u, Secret::new(s)))
    }
}

/// The key a client's `PASSWORD_CLAIM_SIGNATURE` must be made with, for one attempt and one
/// `SRP_A` ([`SrpServer::claim_key`]). Zeroized on drop; `Debug` prints `[redacted]`.
pub struct ClaimKey {
    key: Secret<[u8; 16]>,
}

impl ClaimKey {
    /// Checks the client's `PASSWORD_CLAIM_SIGNATURE` against this key, comparing in constant
    /// time; the arguments are those of [`SrpServer::verify_claim`] after `srp_a_hex`.
    ///
    /// # Errors
    /// [`Error::Srp`] with [`SrpErrorKind::BadBase64`] (`"PASSWORD_CLAIM_SECRET_BLOCK"` or
    /// `"PASSWORD_CLAIM_SIGNATURE"`), and [`SrpErrorKind::BadSignature`] when the signature
    /// does not verify (wrong password).
    pub fn verify_claim(
        &self,
        pool_name: &str,
        user_id: &str,
        secret_block: &str,
        timestamp: &str,
        signature: &str,
    ) -> Result<()> {
        let block = decode_base64("PASSWORD_CLAIM_SECRET_BLOCK", secret_block)?;
        let claimed = decode_base64("PASSWORD_CLAIM_SIGNATURE", signature)?;
        let expected = hmac_sha256(
            self.key.expose(),
            &[
                pool_name.as_bytes(),
                user_id.as_bytes(),
                &block,
                timestamp.as_bytes(),
            ],
        );
        // `ct_eq` on slices of different lengths is false without looking at the contents.
        if bool::from(expected.as_slice().ct_eq(claimed.as_slice())) {
            Ok(())
        } else {
            Err(Error::srp(
                SrpErrorKind::BadSignature,
                "the password claim signature does not verify",
            ))
        }
    }
}

impl fmt::Debug for ClaimKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClaimKey").field("key", &self.key).finish()
    }
}

impl fmt::Debug for SrpServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SrpServer")
            .field("b", &self.b)
            .field("srp_b", &self.srp_b())
            .field("verifier", &self.verifier)
            .finish()
    }
}
