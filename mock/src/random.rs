//! Randomness helpers: ids, codes, session handles. Secrets are held in the core's
//! [`SecretString`] (redacted `Debug`, zeroized on drop, constant-time `matches`).

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use cognito_mfa::protocol::SecretString;

use crate::error::ServiceError;

/// `n` bytes from the OS CSPRNG.
pub(crate) fn bytes(n: usize) -> Result<Vec<u8>, ServiceError> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf)
        .map_err(|_| ServiceError::internal("the random number generator failed"))?;
    Ok(buf)
}

/// A uniformly random number below `bound` (`bound` > 0), by rejection sampling.
fn below(bound: u32) -> Result<u32, ServiceError> {
    let limit = u32::MAX - u32::MAX % bound;
    loop {
        let raw = bytes(4)?;
        let mut word = [0u8; 4];
        word.copy_from_slice(raw.get(..4).unwrap_or(&[0; 4]));
        let value = u32::from_be_bytes(word);
        if value < limit {
            return Ok(value % bound);
        }
    }
}

/// A six-digit one-time code (SMS, e-mail, confirmation), zero-padded.
pub(crate) fn code6() -> Result<SecretString, ServiceError> {
    Ok(SecretString::new(format!("{:06}", below(1_000_000)?)))
}

/// A string of `len` characters drawn from `alphabet`.
pub(crate) fn string_from(alphabet: &[u8], len: usize) -> Result<String, ServiceError> {
    let bound = u32::try_from(alphabet.len())
        .ok()
        .filter(|b| *b > 0)
        .ok_or_else(|| ServiceError::internal("empty alphabet"))?;
    let mut out = String::with_capacity(len);
    for _ in 0..len {
        let index = usize::try_from(below(bound)?).unwrap_or(0);
        let c = alphabet.get(index).copied().unwrap_or(b'a');
        out.push(char::from(c));
    }
    Ok(out)
}

pub(crate) const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
pub(crate) const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// A random version-4 UUID in its hyphenated lowercase form.
pub(crate) fn uuid() -> Result<String, ServiceError> {
    let raw = bytes(16)?;
    let mut array = [0u8; 16];
    array.copy_from_slice(raw.get(..16).unwrap_or(&[0; 16]));
    Ok(uuid::Builder::from_random_bytes(array)
        .into_uuid()
        .hyphenated()
        .to_string())
}

/// An opaque handle: `n` random bytes in standard base64 (as Cognito's sessions look).
pub(crate) fn handle_base64(n: usize) -> Result<String, ServiceError> {
    Ok(STANDARD.encode(bytes(n)?))
}

/// An opaque handle: `n` random bytes in URL-safe base64 without padding.
pub(crate) fn handle_url_safe(n: usize) -> Result<String, ServiceError> {
    Ok(URL_SAFE_NO_PAD.encode(bytes(n)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..50 {
            let code = code6().unwrap();
            assert_eq!(code.expose().len(), 6);
            assert!(code.expose().bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn uuids_have_the_v4_shape() {
        let id = uuid().unwrap();
        assert_eq!(id.len(), 36);
        assert_eq!(id.as_bytes()[14], b'4');
        assert_ne!(id, uuid().unwrap());
    }

    #[test]
    fn strings_use_only_the_alphabet() {
        let s = string_from(LOWER_ALNUM, 26).unwrap();
        assert_eq!(s.len(), 26);
        assert!(s.bytes().all(|b| LOWER_ALNUM.contains(&b)));
    }
}
