//! Cognito's SRP-6a variant (`USER_SRP_AUTH`), both halves, and `SECRET_HASH`.
//!
//! The group is the 3072-bit MODP prime of RFC 3526 §4 with `g = 2`, the hash SHA-256, and the
//! session key 16 bytes of HKDF-SHA256 with the info `"Caldera Derived Key"` — the choices
//! amazon-cognito-identity-js and Cognito make. Everything here is pure: randomness and time
//! are inputs, and the `*_random()` constructors are the only functions that read the OS
//! CSPRNG.
//!
//! The steps are types, so that none can be called before the one it needs:
//!
//! * client: [`SrpClient`] (`a`, `SRP_A`) → [`SrpClient::password_claim`] →
//!   [`PasswordClaim`] (`PASSWORD_CLAIM_SIGNATURE`, ...);
//! * server: [`Verifier`] (salt, `v`) → [`SrpServer`] (`b`, `SRP_B`) →
//!   [`SrpServer::verify_claim`] (or [`SrpServer::claim_key`] as soon as `SRP_A` is known,
//!   then [`ClaimKey::verify_claim`]).
//!
//! Secret values (`a`, `b`, `x`, `S`, the derived key, passwords, verifiers) are zeroized on
//! drop and never printed by `Debug`. Exponentiations with secret exponents run in time that
//! depends only on the exponent's length (see `docs/srp.md`).
//!
//! # Example
//!
//! A complete exchange between the two halves:
//!
//! ```
//! use cognito_mfa::srp::{
//!     Password, SrpClient, SrpServer, Verifier, format_timestamp, pool_name,
//! };
//!
//! # fn main() -> cognito_mfa::Result<()> {
//! let pool = pool_name("us-east-1_AbCdEfGhI")?;
//! let user_id = "3f2a4c1e-1111-2222-3333-444455556666";
//!
//! // Sign-up (server): store a verifier, never the password.
//! let verifier = Verifier::new_random_salt(pool, user_id, &Password::new("Passw0rd!"))?;
//!
//! // InitiateAuth: the client sends SRP_A ...
//! let client = SrpClient::new_random()?;
//! let srp_a = client.srp_a();
//! // ... and the server answers PASSWORD_VERIFIER with SALT, SRP_B and SECRET_BLOCK.
//! let server = SrpServer::new_random(&verifier)?;
//! let secret_block = "c2VjcmV0IGJsb2Nr";
//!
//! // RespondToAuthChallenge: the client proves it knows the password.
//! let claim = client.password_claim(
//!     pool,
//!     user_id,
//!     &Password::new("Passw0rd!"),
//!     &server.salt_hex(),
//!     &server.srp_b(),
//!     secret_block,
//!     &format_timestamp(1_704_164_645)?, // "Tue Jan 2 03:04:05 UTC 2024"
//! )?;
//! server.verify_claim(
//!     pool,
//!     user_id,
//!     &srp_a,
//!     &claim.secret_block,
//!     &claim.timestamp,
//!     &claim.signature,
//! )?;
//! # Ok(())
//! # }
//! ```

mod client;
mod exponent;
mod fixed_base;
pub(crate) mod group;
mod secret;
mod server;
mod timestamp;

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use zeroize::Zeroize;

pub use client::{PasswordClaim, SrpClient};
pub use server::{ClaimKey, SrpServer, Verifier};
pub use timestamp::{format_timestamp, parse_timestamp};

pub use crate::error::SrpErrorKind;

use crate::error::Result;

/// The pool name: the part of a `UserPoolId` after `_` (`us-east-1_AbCdEfGhI` → `AbCdEfGhI`).
///
/// # Errors
/// [`Error::InvalidInput`](crate::Error::InvalidInput) when the id does not match `^[\w-]+_[0-9a-zA-Z]+$` (with `\w` the
/// ASCII word characters) or is longer than 55 characters.
pub fn pool_name(user_pool_id: &str) -> Result<&str> {
    crate::protocol::ids::validate_user_pool_id(user_pool_id)
}

/// `SECRET_HASH = base64(HMAC-SHA256(key = client_secret, message = username ‖ client_id))`,
/// required in every request of an app client that has a secret. `username` is the `USERNAME`
/// sent in that same request. Never fails.
pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    let mac = group::hmac_sha256(
        client_secret.as_bytes(),
        &[username.as_bytes(), client_id.as_bytes()],
    );
    BASE64.encode(mac)
}

/// A password: zeroized on drop, `Debug` prints `Password([redacted])`.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    /// Wraps a password.
    pub fn new(password: impl Into<String>) -> Self {
        Password(password.into())
    }

    /// The password text, for the one place it must travel as such (`PASSWORD` in
    /// `USER_PASSWORD_AUTH`). Never log or format it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl From<&str> for Password {
    fn from(password: &str) -> Self {
        Password::new(password)
    }
}

impl From<String> for Password {
    fn from(password: String) -> Self {
        Password::new(password)
    }
}

impl Drop for Password {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password([redacted])")
    }
}

/// Internal values for the known-answer tests in `core/tests/srp.rs`, built only with the
/// `kat` feature (which those tests turn on). **Not part of the API**: it hands out secret
/// intermediates as hex, may change without notice, and must not be used outside tests.
#[cfg(feature = "kat")]
#[doc(hidden)]
pub mod kat {
    use crypto_bigint::U3072;
    use data_encoding::HEXLOWER;

    use super::group;
    use super::{Password, SrpClient, SrpServer};
    use crate::error::Result;

    /// `k` as padHex.
    pub fn k_hex() -> String {
        group::pad_hex(&group::k().retrieve().to_be_bytes())
    }

    /// `N` as padHex.
    pub fn n_hex() -> String {
        group::pad_hex(&group::N.get().to_be_bytes())
    }

    /// padHex of the number written in hex (`field` "VALUE" in errors).
    pub fn pad_hex(hex: &str) -> Result<String> {
        Ok(group::pad_hex(&group::decode_hex("VALUE", hex)?))
    }

    /// `H(pool_name ‖ user_id ‖ ":" ‖ password)` as hex.
    pub fn user_password_hash_hex(pool_name: &str, user_id: &str, password: &Password) -> String {
        HEXLOWER.encode(group::user_password_hash(pool_name, user_id, password.as_bytes()).expose())
    }

    /// Refuses u = 0 exactly as the exchange does.
    pub fn check_scrambler(u: &[u8; 32]) -> Result<()> {
        group::check_scrambler(u)
    }

    /// The client's intermediate values, all as lowercase hex except the signature.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ClientTrace {
        /// `u` (64 digits).
        pub u: String,
        /// `x` (64 digits).
        pub x: String,
        /// `padHex(S)`.
        pub s: String,
        /// The HKDF key (32 digits).
        pub key: String,
        /// `PASSWORD_CLAIM_SIGNATURE`.
        pub signature: String,
    }

    /// [`SrpClient::password_claim`], keeping every intermediate value.
    #[allow(
        clippy::too_many_arguments,
        reason = "one argument per wire value, as the API contract fixes it"
    )]
    pub fn client_trace(
        client: &SrpClient,
        pool_name: &str,
        user_id: &str,
        password: &Password,
        salt_hex: &str,
        srp_b_hex: &str,
        secret_block: &str,
        timestamp: &str,
    ) -> Result<ClientTrace> {
        let t = client.claim_trace(
            pool_name,
            user_id,
            password,
            salt_hex,
            srp_b_hex,
            secret_block,
            timestamp,
        )?;
        Ok(ClientTrace {
            u: HEXLOWER.encode(&t.u),
            x: HEXLOWER.encode(t.x.expose()),
            s: group::pad_hex(&t.s.expose().to_be_bytes()),
            key: HEXLOWER.encode(t.key.expose()),
            signature: t.signature,
        })
    }

    /// The server's `padHex(S)` for the client's `SRP_A`.
    pub fn server_premaster_hex(server: &SrpServer, srp_a_hex: &str) -> Result<String> {
        let big_a: U3072 = group::decode_hex_uint("SRP_A", srp_a_hex)?;
        let (_, s) = server.premaster_secret(&big_a)?;
        Ok(group::pad_hex(&s.expose().to_be_bytes()))
    }

    /// HMAC-SHA256 through the crate's infallible key handling.
    pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
        group::hmac_sha256(key, &[message])
    }
}
