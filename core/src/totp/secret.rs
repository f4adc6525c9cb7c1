//! [`Secret`]: the shared key of an OTP, and its base32 form (RFC 4648 §6).

use std::fmt;
use std::sync::LazyLock;

use data_encoding::{BASE32_NOPAD, Encoding, Specification};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::{DEFAULT_SECRET_BYTES, MIN_SECRET_BASE32_CHARS};
use crate::error::{Error, Result};

/// The fewest bytes a secret may have: 80 bits, what 16 base32 characters hold.
const MIN_SECRET_BYTES: usize = 10;
/// The most bytes [`Secret::generate_with_len`] makes.
const MAX_GENERATED_BYTES: usize = 1024;

/// The RFC 4648 base32 alphabet without padding, decoding non-canonical trailing bits too.
///
/// Secrets are often typed in or produced by tools that leave garbage in the unused low bits of
/// the last character (a 20-byte secret is 32 characters exactly, but a 32-byte one is 52
/// characters carrying 260 bits). Refusing those would refuse secrets every authenticator app
/// accepts, so the trailing bits are ignored.
static LENIENT_BASE32: LazyLock<Option<Encoding>> = LazyLock::new(|| {
    let mut spec = Specification::new();
    spec.symbols.push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    spec.check_trailing_bits = false;
    spec.encoding().ok()
});

/// A shared OTP secret (the HMAC key).
///
/// Cloneable; the bytes are zeroized on drop; `Debug` prints `Secret(<redacted>)`; `==`
/// compares in constant time (for secrets of equal length).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Secret {
    bytes: Vec<u8>,
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Secret) -> bool {
        self.bytes.as_slice().ct_eq(other.bytes.as_slice()).into()
    }
}

impl Eq for Secret {}

/// The number of base32 characters that encode `bytes` bytes, without padding.
fn base32_len(bytes: usize) -> usize {
    bytes.saturating_mul(8).div_ceil(5)
}

impl Secret {
    /// A new random secret of [`DEFAULT_SECRET_BYTES`] (20) bytes from the OS CSPRNG.
    ///
    /// # Errors
    /// [`Error::RandomSource`] if the operating system's generator fails.
    pub fn generate() -> Result<Secret> {
        Secret::generate_with_len(DEFAULT_SECRET_BYTES)
    }

    /// A new random secret of `bytes` bytes from the OS CSPRNG.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] if `bytes` is not from 10 to 1024;
    /// [`Error::RandomSource`] if the operating system's generator fails.
    pub fn generate_with_len(bytes: usize) -> Result<Secret> {
        if !(MIN_SECRET_BYTES..=MAX_GENERATED_BYTES).contains(&bytes) {
            return Err(Error::invalid_input(format!(
                "a generated secret must have {MIN_SECRET_BYTES} to {MAX_GENERATED_BYTES} bytes"
            )));
        }
        let mut secret = Secret {
            bytes: vec![0; bytes],
        };
        getrandom::fill(&mut secret.bytes).map_err(|e| Error::RandomSource(e.to_string()))?;
        Ok(secret)
    }

    /// A secret holding a copy of `bytes`.
    ///
    /// # Errors
    /// [`Error::SecretTooShort`] (with the base32 length of `bytes`) if there are fewer than
    /// 10 bytes (80 bits).
    pub fn from_bytes(bytes: &[u8]) -> Result<Secret> {
        if bytes.len() < MIN_SECRET_BYTES {
            return Err(Error::SecretTooShort {
                chars: base32_len(bytes.len()),
            });
        }
        Ok(Secret {
            bytes: bytes.to_vec(),
        })
    }

    /// Decodes a base32 secret (RFC 4648 §6), as Cognito's `SecretCode` or an authenticator
    /// app shows it.
    ///
    /// Tolerant of what people paste: lowercase letters, spaces, tabs, line breaks and `-`
    /// between characters, `=` padding at the end (any amount, or none), and non-zero unused
    /// bits in the last character.
    ///
    /// # Errors
    /// * [`Error::InvalidSecret`] naming the first character outside the alphabet and its
    ///   zero-based position (in characters) in `text`; a `=` followed by more data counts as
    ///   such a character;
    /// * [`Error::SecretTooShort`] if fewer than 16 base32 characters remain;
    /// * [`Error::InvalidInput`] if the number of characters is one no encoding produces
    ///   (1, 3 or 6 more than a multiple of 8).
    pub fn from_base32(text: &str) -> Result<Secret> {
        let mut symbols = Zeroizing::new(Vec::with_capacity(text.len()));
        let mut padding_at: Option<(usize, char)> = None;
        for (position, character) in text.chars().enumerate() {
            match character {
                ' ' | '\t' | '\r' | '\n' | '-' => {}
                '=' => {
                    padding_at.get_or_insert((position, character));
                }
                'A'..='Z' | 'a'..='z' | '2'..='7' => {
                    if let Some((position, character)) = padding_at {
                        return Err(Error::InvalidSecret {
                            character,
                            position,
                        });
                    }
                    // The match arm guarantees an ASCII character.
                    symbols.push(character.to_ascii_uppercase() as u8);
                }
                _ => {
                    return Err(Error::InvalidSecret {
                        character,
                        position,
                    });
                }
            }
        }
        let chars = symbols.len();
        if chars < MIN_SECRET_BASE32_CHARS {
            return Err(Error::SecretTooShort { chars });
        }
        if matches!(chars % 8, 1 | 3 | 6) {
            return Err(Error::invalid_input(format!(
                "a base32 secret cannot have {chars} characters (1, 3 or 6 more than a multiple \
                 of 8); a character is missing or extra"
            )));
        }
        let encoding = LENIENT_BASE32
            .as_ref()
            .ok_or_else(|| Error::invalid_input("base32 decoder unavailable"))?;
        let length = encoding
            .decode_len(chars)
            .map_err(|e| Error::invalid_input(format!("invalid base32 length: {}", e.kind)))?;
        let mut secret = Secret {
            bytes: vec![0; length],
        };
        let written = encoding
            .decode_mut(&symbols, &mut secret.bytes)
            .map_err(|partial| {
                Error::invalid_input(format!("invalid base32: {}", partial.error.kind))
            })?;
        secret.bytes.truncate(written);
        Ok(secret)
    }

    /// The secret in base32 (RFC 4648 §6): uppercase, without padding, as Cognito and
    /// authenticator apps write it.
    pub fn to_base32(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::with_capacity(base32_len(self.bytes.len())));
        BASE32_NOPAD.encode_append(&self.bytes, &mut text);
        text
    }

    /// The raw key bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The number of bytes of the key.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the key has no bytes (never true for a secret made by this type's
    /// constructors, which require 10 bytes or more).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_len_matches_encoder() {
        for n in 0..64 {
            assert_eq!(base32_len(n), BASE32_NOPAD.encode_len(n), "{n}");
        }
    }

    #[test]
    fn lenient_encoding_is_built() {
        assert!(LENIENT_BASE32.is_some());
    }

    #[test]
    fn generated_lengths() {
        assert_eq!(Secret::generate().unwrap().len(), DEFAULT_SECRET_BYTES);
        assert_eq!(Secret::generate_with_len(10).unwrap().len(), 10);
        assert_eq!(Secret::generate_with_len(1024).unwrap().len(), 1024);
        for bad in [0, 9, 1025, usize::MAX] {
            assert_eq!(
                Secret::generate_with_len(bad).unwrap_err().code(),
                "InvalidInputError"
            );
        }
        // Two generated secrets differ (probability of a collision: 2^-160).
        assert_ne!(Secret::generate().unwrap(), Secret::generate().unwrap());
    }

    #[test]
    fn to_base32_has_exact_capacity() {
        let s = Secret::from_bytes(&[0xff; 32]).unwrap();
        let text = s.to_base32();
        assert_eq!(text.len(), 52);
        assert_eq!(text.capacity(), 52, "no reallocation left a copy behind");
    }
}
