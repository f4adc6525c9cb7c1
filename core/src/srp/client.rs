//! The client half: `SRP_A`, then the `PASSWORD_VERIFIER` answer.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use crypto_bigint::{U256, U512, U3072};

use super::Password;
use super::exponent::{Exponent, pow_ct};
use super::group::{
    self, LIMBS, Monty, PARAMS, decode_hex, decode_hex_uint, derive_key, hmac_sha256, plain_hex,
    private_x, scrambler,
};
use super::secret::Secret;
use crate::error::{Error, Result, SrpErrorKind};

/// Step 1 of the client: holds the secret exponent `a` (zeroized on drop, redacted in `Debug`)
/// and the public value `A = g^a mod N`.
///
/// Make one per sign-in attempt with [`SrpClient::new_random`], send [`SrpClient::srp_a`] as
/// `SRP_A`, then answer the `PASSWORD_VERIFIER` challenge with [`SrpClient::password_claim`].
pub struct SrpClient {
    a: Exponent,
    big_a: U3072,
}

/// What the client sends back in `RespondToAuthChallenge(PASSWORD_VERIFIER)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordClaim {
    /// `PASSWORD_CLAIM_SECRET_BLOCK`: the server's `SECRET_BLOCK`, echoed.
    pub secret_block: String,
    /// `PASSWORD_CLAIM_SIGNATURE`: base64 of the HMAC-SHA256 proof.
    pub signature: String,
    /// `TIMESTAMP`: the timestamp the signature covers.
    pub timestamp: String,
}

/// Every intermediate value of a claim (read by the known-answer tests' `srp::kat`, built
/// with the `kat` feature; without it only the signature is read).
#[cfg_attr(not(feature = "kat"), allow(dead_code))]
pub(crate) struct ClaimTrace {
    pub(crate) u: [u8; 32],
    pub(crate) x: Secret<[u8; 32]>,
    pub(crate) s: Secret<U3072>,
    pub(crate) key: Secret<[u8; 16]>,
    pub(crate) signature: String,
}

impl SrpClient {
    /// Starts a sign-in with a fresh secret `a` of 512 bits from the OS CSPRNG (see
    /// docs/srp.md for the size).
    ///
    /// # Errors
    /// [`Error::RandomSource`] when the OS generator fails.
    pub fn new_random() -> Result<SrpClient> {
        Self::from_exponent(Exponent::random("a")?)
    }

    /// Starts a sign-in with the given big-endian secret `a` (1 to 256 bytes; the
    /// known-answer vector uses 128 bytes of `0xa1`, the size amazon-cognito-identity-js
    /// draws). Time taken depends on the length of `a`, never on its value.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `a` is empty, longer than 256 bytes or 0;
    /// [`Error::Srp`] with [`SrpErrorKind::ClientValueZero`] if `A mod N` were 0.
    pub fn from_private_bytes(a: &[u8]) -> Result<SrpClient> {
        Self::from_exponent(Exponent::from_be_bytes("a", a)?)
    }

    fn from_exponent(a: Exponent) -> Result<SrpClient> {
        let big_a = pow_ct(&group::g(), a.value(), a.bits()).retrieve();
        // N is prime, so a power of g is never 0 mod N; checked anyway as SRP-6a requires.
        if bool::from(big_a.is_zero()) {
            return Err(Error::srp(SrpErrorKind::ClientValueZero, "A mod N is 0"));
        }
        Ok(SrpClient { a, big_a })
    }

    /// `SRP_A`: `A` as lowercase hex without leading zeros.
    pub fn srp_a(&self) -> String {
        plain_hex(&self.big_a.to_be_bytes())
    }

    /// Step 2: answers the `PASSWORD_VERIFIER` challenge.
    ///
    /// `pool_name` as returned by [`super::pool_name`]; `user_id` is `USER_ID_FOR_SRP`;
    /// `salt_hex`, `srp_b_hex` and `secret_block` are the challenge's `SALT`, `SRP_B` and
    /// `SECRET_BLOCK`; `timestamp` is the `TIMESTAMP` to send (see
    /// [`super::format_timestamp`]), used exactly as given.
    ///
    /// # Errors
    /// [`Error::Srp`] with [`SrpErrorKind::BadHex`] (`field` `"SALT"` or `"SRP_B"`),
    /// [`SrpErrorKind::BadBase64`] (`"SECRET_BLOCK"`), [`SrpErrorKind::ServerValueZero`] when
    /// `B mod N = 0`, [`SrpErrorKind::ScramblerZero`] when `u = 0`.
    #[allow(
        clippy::too_many_arguments,
        reason = "one argument per wire value, as the API contract fixes it"
    )]
    pub fn password_claim(
        &self,
        pool_name: &str,
        user_id: &str,
        password: &Password,
        salt_hex: &str,
        srp_b_hex: &str,
        secret_block: &str,
        timestamp: &str,
    ) -> Result<PasswordClaim> {
        let trace = self.claim_trace(
            pool_name,
            user_id,
            password,
            salt_hex,
            srp_b_hex,
            secret_block,
            timestamp,
        )?;
        Ok(PasswordClaim {
            secret_block: secret_block.to_owned(),
            signature: trace.signature,
            timestamp: timestamp.to_owned(),
        })
    }

    /// [`Self::password_claim`] with every intermediate value kept.
    #[allow(
        clippy::too_many_arguments,
        reason = "one argument per wire value, as the API contract fixes it"
    )]
    pub(crate) fn claim_trace(
        &self,
        pool_name: &str,
        user_id: &str,
        password: &Password,
        salt_hex: &str,
        srp_b_hex: &str,
        secret_block: &str,
        timestamp: &str,
    ) -> Result<ClaimTrace> {
        let salt = decode_hex("SALT", salt_hex)?;
        let big_b = decode_hex_uint("SRP_B", srp_b_hex)?;
        let block = decode_base64("SECRET_BLOCK", secret_block)?;

        let b_mod_n = Monty::new(&big_b, &PARAMS);
        if bool::from(b_mod_n.retrieve().is_zero()) {
            return Err(Error::srp(SrpErrorKind::ServerValueZero, "B mod N is 0"));
        }
        // u hashes B as received (not reduced), as amazon-cognito-identity-js does.
        let u = scrambler(&self.big_a, &big_b)?;
        let x = private_x(pool_name, user_id, password.as_bytes(), &salt);

        let x_uint = Secret::new(U256::from_be_slice(x.expose()));
        let x_wide = Secret::new(x_uint.expose().resize::<LIMBS>());
        let g_x = Secret::new(pow_ct(&group::g(), x_wide.expose(), 256));
        let base = Secret::new(b_mod_n - group::k() * g_x.expose());
        // e = a + u·x < 2^(max(bits(a), 512) + 1): the bound depends only on the length of a.
        let u_x: Secret<U512> =
            Secret::new(U256::from_be_slice(&u).concatenating_mul(x_uint.expose()));
        let u_x_wide = Secret::new(u_x.expose().resize::<LIMBS>());
        let e = Secret::new(self.a.value().wrapping_add(u_x_wide.expose()));
        let e_bits = self.a.bits().max(512) + 1;
        let s = Secret::new(pow_ct(base.expose(), e.expose(), e_bits).retrieve());

        let key = derive_key(&u, s.expose());
        let mac = hmac_sha256(
            key.expose(),
            &[
                pool_name.as_bytes(),
                user_id.as_bytes(),
                &block,
                timestamp.as_bytes(),
            ],
        );
        Ok(ClaimTrace {
            u,
            x,
            s,
            key,
            signature: BASE64.encode(mac),
        })
    }
}

impl fmt::Debug for SrpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SrpClient")
            .field("a", &self.a)
            .field("srp_a", &self.srp_a())
            .finish()
    }
}

/// Decodes standard base64 (RFC 4648 §4) with its `=` padding, strictly: no padding inside,
/// no missing padding, no non-zero trailing bits. `field` names the wire value in the error.
pub(crate) fn decode_base64(field: &'static str, text: &str) -> Result<Vec<u8>> {
    BASE64.decode(text).map_err(|_| {
        Error::srp(
            SrpErrorKind::BadBase64 { field },
            format!("{field} is not valid base64"),
        )
    })
}
