//! Remembered devices: the credentials a device keeps, the verifier it registers with
//! `ConfirmDevice`, its answer to `DEVICE_PASSWORD_VERIFIER`, and where the credentials are
//! stored between sign-ins ([`store`]).
//!
//! After a sign-in whose `AuthenticationResult` carries `NewDeviceMetadata {DeviceKey,
//! DeviceGroupKey}`, the client draws a random device password and registers an SRP verifier
//! for it, in the same 3072-bit group as the user's password, with the `DeviceGroupKey` in the
//! place of the pool name and the `DeviceKey` in the place of the user name:
//!
//! ```text
//! password = base64(40 random bytes)
//! x        = SHA256(padHex(salt) ‖ SHA256(DeviceGroupKey ‖ DeviceKey ‖ ":" ‖ password))
//! verifier = g^x mod N          → DeviceSecretVerifierConfig {Salt, PasswordVerifier}
//! ```
//!
//! A later sign-in sends `DEVICE_KEY`; for a remembered device the service answers with
//! `DEVICE_SRP_AUTH` and `DEVICE_PASSWORD_VERIFIER`, whose claim is the user-password claim
//! computed with those same substitutions ([`DeviceCredentials::password_claim`]). The maths is
//! [`crate::srp`]'s: nothing of it is written twice.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::protocol::device::DeviceSecretVerifierConfig;
use crate::protocol::ids;
use crate::srp::{Password, PasswordClaim, SrpClient, Verifier};

mod manage;
mod refresh;
mod settings;
mod sign_in;
pub mod store;

pub use settings::{DEFAULT_DEVICE_NAME, DeviceSettings, MAX_DEVICE_NAME_CHARS, RefreshMethod};
pub(crate) use sign_in::{DeviceState, NewDevice, is_unknown_device};
pub use store::{DeviceStore, FileDeviceStore, MemoryDeviceStore, StoreFuture};

/// How many random bytes make a device password (base64-encoded, as amazon-cognito-identity-js
/// and Amplify draw it).
const PASSWORD_BYTES: usize = 40;
/// How many random bytes make a device verifier's salt.
const SALT_BYTES: usize = 16;

/// What a device keeps to be recognised: its `DeviceKey`, its `DeviceGroupKey` and its random
/// password (the device's secret: nothing can recover it, so lose it and the device is new).
///
/// `Debug` shows the keys and never the password, which is zeroized on drop.
#[derive(Clone)]
pub struct DeviceCredentials {
    device_key: String,
    device_group_key: String,
    password: Password,
}

impl DeviceCredentials {
    /// Credentials kept from an earlier `ConfirmDevice` (e.g. read back from a store).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a device key that is not `<region>_<uuid>`, an empty group
    /// key or an empty password.
    pub fn new(
        device_key: impl Into<String>,
        device_group_key: impl Into<String>,
        password: impl Into<Password>,
    ) -> Result<Self> {
        let credentials = DeviceCredentials {
            device_key: device_key.into(),
            device_group_key: device_group_key.into(),
            password: password.into(),
        };
        ids::validate_device_key(&credentials.device_key)?;
        if credentials.device_group_key.is_empty() {
            return Err(Error::invalid_input("the device group key is empty"));
        }
        if credentials.password.expose_secret().is_empty() {
            return Err(Error::invalid_input("the device password is empty"));
        }
        Ok(credentials)
    }

    /// New credentials for the device the service just announced (`NewDeviceMetadata`): a
    /// random password from the OS CSPRNG, and the verifier to send with `ConfirmDevice`
    /// (with a random salt).
    ///
    /// # Errors
    /// As [`DeviceCredentials::new`]; [`Error::RandomSource`] when the OS generator fails.
    pub fn generate(
        device_key: impl Into<String>,
        device_group_key: impl Into<String>,
    ) -> Result<(Self, DeviceSecretVerifierConfig)> {
        let mut bytes = Zeroizing::new([0u8; PASSWORD_BYTES]);
        random_fill(bytes.as_mut())?;
        let password = Password::new(BASE64.encode(bytes.as_ref()));
        let credentials = DeviceCredentials::new(device_key, device_group_key, password)?;
        let mut salt = [0u8; SALT_BYTES];
        random_fill(&mut salt)?;
        let config = credentials.verifier_config(&salt)?;
        Ok((credentials, config))
    }

    /// The `DeviceSecretVerifierConfig` of this device's password with the given salt
    /// (big-endian bytes; a leading zero is added when the first bit is set, as on the wire).
    /// [`DeviceCredentials::generate`] draws the salt; this form is for known-answer tests.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty salt.
    pub fn verifier_config(&self, salt: &[u8]) -> Result<DeviceSecretVerifierConfig> {
        let verifier = Verifier::new(
            &self.device_group_key,
            &self.device_key,
            &self.password,
            salt,
        )?;
        Ok(DeviceSecretVerifierConfig {
            salt: BASE64.encode(verifier.salt_bytes()),
            password_verifier: BASE64.encode(verifier.verifier_bytes().as_slice()),
        })
    }

    /// The `DeviceKey`.
    pub fn device_key(&self) -> &str {
        &self.device_key
    }

    /// The `DeviceGroupKey`.
    pub fn device_group_key(&self) -> &str {
        &self.device_group_key
    }

    /// The device password (a secret; for storing it, never for showing it).
    pub fn password(&self) -> &Password {
        &self.password
    }

    /// Answers `DEVICE_PASSWORD_VERIFIER`: the SRP claim over the challenge's `SALT`, `SRP_B`
    /// and `SECRET_BLOCK`, with `srp` the client whose `SRP_A` was sent at `DEVICE_SRP_AUTH`
    /// and `timestamp` the `TIMESTAMP` to send.
    ///
    /// # Errors
    /// As [`SrpClient::password_claim`] ([`Error::Srp`] for unusable server values).
    pub fn password_claim(
        &self,
        srp: &SrpClient,
        salt_hex: &str,
        srp_b_hex: &str,
        secret_block: &str,
        timestamp: &str,
    ) -> Result<PasswordClaim> {
        srp.password_claim(
            &self.device_group_key,
            &self.device_key,
            &self.password,
            salt_hex,
            srp_b_hex,
            secret_block,
            timestamp,
        )
    }
}

impl fmt::Debug for DeviceCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceCredentials")
            .field("device_key", &self.device_key)
            .field("device_group_key", &self.device_group_key)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// The verifier a pool stores for a device, read from `ConfirmDevice`'s
/// `DeviceSecretVerifierConfig` (what the mock endpoint does with it).
///
/// # Errors
/// [`Error::InvalidInput`] when `Salt` or `PasswordVerifier` is not base64, or the verifier is
/// not a number in 1..N.
pub fn verifier_from_config(config: &DeviceSecretVerifierConfig) -> Result<Verifier> {
    let salt = BASE64
        .decode(config.salt.as_bytes())
        .map_err(|_| Error::invalid_input("DeviceSecretVerifierConfig.Salt is not base64"))?;
    let verifier = Zeroizing::new(BASE64.decode(config.password_verifier.as_bytes()).map_err(
        |_| Error::invalid_input("DeviceSecretVerifierConfig.PasswordVerifier is not base64"),
    )?);
    Verifier::from_wire(&salt, &verifier)
}

fn random_fill(buffer: &mut [u8]) -> Result<()> {
    getrandom::fill(buffer).map_err(|e| Error::RandomSource(e.to_string()))
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::*;
    use crate::srp::SrpServer;

    // The cross-checked device vector (research notes §1.11: an independent implementation,
    // matched against pycognito's `generate_hash_device` and `get_device_authentication_key`).
    const GROUP_KEY: &str = "-wt2ha1Zd";
    const DEVICE_KEY: &str = "us-west-2_fec070d2-fa88-424a-8ec8-b26d7198eb23";
    const PASSWORD: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJw==";
    const VERIFIER_80: &str = "AJ9zUU65tXkGikp4mzohQsKhSyCm1NHSqXB4NrsEwOUoJlYW+mVAg02/gaBM0j/XXTw+F4o2ki6qUY2jFdmHoMDzKNx5spzKPFO20WWSgWot23ZlhSMH2rtfJ9xPWCt2+8OjgOJ6GGRar+0mJsRojDYTBzwh+Rs0+F+9CqzXyUmliMwH426EmfhJ0TC2sRnmCAoUKTD0oulVuUh8n1tmKSKRI3hapO2pmVnIQdpTP4sR07q7OJmJfFdp197jYaWKA3YIls4oCcIKeTeHhMrZAQ6XW7IInObQMq3LQBrAtIl/8jC0e9S5Oy/iI/omU1gtyiFdJzs+gjdpIR310dHyiaGY0IdnX86C/Vy2dQw8T80xEI0AJuYNMqV+6/MnT1bGMfLgT4oybk3gjW/l+/mMnB28koCHg5wwMpwEk8OZFuMXw0VnZCcYD0HbqERiTj4a0nIaMFKgLfzGJBlDdWJbWygYEd7ix8VoIDgx3CG1VdT5hlnZAHeuhX+Qwjixyvx3eA==";

    fn credentials() -> DeviceCredentials {
        DeviceCredentials::new(DEVICE_KEY, GROUP_KEY, PASSWORD)
            .unwrap_or_else(|e| unreachable!("{e}"))
    }

    fn sha256_hex_of_base64(text: &str) -> String {
        let bytes = BASE64.decode(text).unwrap_or_default();
        data_encoding::HEXLOWER.encode(&Sha256::digest(bytes))
    }

    #[test]
    fn the_device_verifier_matches_the_vector_for_both_salt_shapes() {
        let device = credentials();
        let salt: Vec<u8> = (0x80..0x90).collect();
        let config = device
            .verifier_config(&salt)
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(config.salt, "AICBgoOEhYaHiImKi4yNjo8=");
        assert_eq!(config.password_verifier, VERIFIER_80);
        assert_eq!(
            sha256_hex_of_base64(&config.password_verifier),
            "23f7b28e1564d59cf3d8cc31b2f9bff4fc2bf5c11c2e30890925306c6dcbc68e"
        );

        let salt: Vec<u8> = (0x10..0x20).collect();
        let config = device
            .verifier_config(&salt)
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(config.salt, "EBESExQVFhcYGRobHB0eHw==");
        assert_eq!(
            sha256_hex_of_base64(&config.password_verifier),
            "b623209e4e706cd1fbd72f2e2d552a94dd8fec4e56ad6bca04c8d5ad9ee69b08"
        );
    }

    #[test]
    fn the_device_claim_matches_the_vector_and_the_server_half() {
        let device = credentials();
        let salt: Vec<u8> = (0x80..0x90).collect();
        let config = device
            .verifier_config(&salt)
            .unwrap_or_else(|e| unreachable!("{e}"));
        let stored = verifier_from_config(&config).unwrap_or_else(|e| unreachable!("{e}"));
        let server = SrpServer::new(&stored, &[0x22; 128]).unwrap_or_else(|e| unreachable!("{e}"));
        let client =
            SrpClient::from_private_bytes(&[0x11; 128]).unwrap_or_else(|e| unreachable!("{e}"));
        let secret_block = BASE64.encode((0u8..48).collect::<Vec<u8>>());
        let timestamp = "Tue Jan 2 03:04:05 UTC 2024";
        let claim = device
            .password_claim(
                &client,
                &server.salt_hex(),
                &server.srp_b(),
                &secret_block,
                timestamp,
            )
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(
            claim.signature,
            "NYk3o+8Dn/aM+dcUVo1QD91MP/PWIykzwKicW+l9xiE="
        );
        let verified = server.verify_claim(
            GROUP_KEY,
            DEVICE_KEY,
            &client.srp_a(),
            &secret_block,
            timestamp,
            &claim.signature,
        );
        assert!(verified.is_ok(), "{verified:?}");
        // Another device password does not verify.
        let other = DeviceCredentials::new(DEVICE_KEY, GROUP_KEY, "another password")
            .unwrap_or_else(|e| unreachable!("{e}"));
        let forged = other
            .password_claim(
                &client,
                &server.salt_hex(),
                &server.srp_b(),
                &secret_block,
                timestamp,
            )
            .unwrap_or_else(|e| unreachable!("{e}"));
        let refused = server.verify_claim(
            GROUP_KEY,
            DEVICE_KEY,
            &client.srp_a(),
            &secret_block,
            timestamp,
            &forged.signature,
        );
        assert_eq!(
            refused.err().map(|e| e.code().to_owned()).as_deref(),
            Some("SrpError")
        );
    }

    #[test]
    fn generated_credentials_are_random_and_round_trip_through_the_wire_verifier() {
        let (first, config) = DeviceCredentials::generate(DEVICE_KEY, GROUP_KEY)
            .unwrap_or_else(|e| unreachable!("{e}"));
        let (second, _) = DeviceCredentials::generate(DEVICE_KEY, GROUP_KEY)
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_ne!(
            first.password().expose_secret(),
            second.password().expose_secret()
        );
        assert_eq!(
            BASE64
                .decode(first.password().expose_secret())
                .map(|b| b.len())
                .ok(),
            Some(PASSWORD_BYTES)
        );
        let salt_len = BASE64.decode(&config.salt).map(|b| b.len()).unwrap_or(0);
        assert!(salt_len == 16 || salt_len == 17, "{salt_len}");
        let stored = verifier_from_config(&config).unwrap_or_else(|e| unreachable!("{e}"));
        let salt = BASE64.decode(&config.salt).unwrap_or_default();
        let again = first
            .verifier_config(&salt)
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(again, config);
        assert_eq!(BASE64.encode(stored.salt_bytes()), config.salt);
    }

    #[test]
    fn bad_credentials_and_verifiers_are_refused_and_the_password_never_prints() {
        for (key, group, password) in [
            ("not a key", GROUP_KEY, PASSWORD),
            (DEVICE_KEY, "", PASSWORD),
            (DEVICE_KEY, GROUP_KEY, ""),
        ] {
            let refused = DeviceCredentials::new(key, group, password);
            assert_eq!(
                refused.err().map(|e| e.code().to_owned()).as_deref(),
                Some("InvalidInputError")
            );
        }
        let shown = format!("{:?}", credentials());
        assert!(
            shown.contains(DEVICE_KEY) && !shown.contains(PASSWORD),
            "{shown}"
        );
        for (salt, verifier) in [
            ("!!", "AQ=="),
            ("AQ==", "!!"),
            ("AQ==", "AA=="),
            ("", "AQ=="),
        ] {
            let config = DeviceSecretVerifierConfig {
                salt: salt.into(),
                password_verifier: verifier.into(),
            };
            assert!(verifier_from_config(&config).is_err(), "{salt} {verifier}");
        }
        // N itself is not a verifier.
        let n = data_encoding::HEXLOWER
            .decode(crate::srp::group::N_HEX.to_ascii_lowercase().as_bytes())
            .unwrap_or_default();
        let config = DeviceSecretVerifierConfig {
            salt: "AQ==".into(),
            password_verifier: BASE64.encode(n),
        };
        assert!(verifier_from_config(&config).is_err());
    }
}
