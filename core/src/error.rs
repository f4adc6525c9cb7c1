//! The one public error type of the core, [`Error`], and its stable codes.
//!
//! Each variant maps to exactly one string returned by [`Error::code`]. Service errors (added
//! with the client) keep Cognito's own code, e.g. `CodeMismatchException`; every client-side
//! failure has a code of its own that ends in `Error`, so the two can never be confused. The
//! same string reaches Python as `exc.code` and JavaScript as `err.code`.
//!
//! Messages never contain secrets, codes, passwords or tokens.

use std::fmt;

/// Shorthand for `Result<T, cognito_mfa::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why an `otpauth://` key URI was refused by [`crate::totp::KeyUri::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UriErrorKind {
    /// The text is not `otpauth://...` (another scheme, or no scheme at all).
    BadScheme,
    /// The type is not `totp` (e.g. `hotp`, which this engine does not provision).
    UnsupportedType,
    /// The label (the path after the type) is missing or empty.
    MissingLabel,
    /// The `secret` parameter is missing.
    MissingSecret,
    /// The `secret` parameter is not valid base32 or is too short.
    BadSecret,
    /// The issuer in the label and the `issuer` parameter differ.
    IssuerMismatch,
    /// `algorithm` is not SHA1, SHA256 or SHA512.
    BadAlgorithm,
    /// `digits` is not a number from 6 to 8.
    BadDigits,
    /// `period` is not a whole number of seconds, 1 or more.
    BadPeriod,
    /// Percent-encoding is broken or decodes to invalid UTF-8.
    BadEncoding,
    /// A parameter appears twice.
    DuplicateParameter,
}

/// Why an SRP computation was refused (see [`crate::srp`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SrpErrorKind {
    /// The server's `B` is 0 modulo N (a malicious or broken server).
    ServerValueZero,
    /// The client's `A` is 0 modulo N (server side check).
    ClientValueZero,
    /// The scrambling parameter `u = H(A ‖ B)` is 0.
    ScramblerZero,
    /// A value that must be hexadecimal is not (`field` names it, e.g. `SRP_B`, `SALT`).
    BadHex {
        /// The wire name of the offending value.
        field: &'static str,
    },
    /// A value that must be base64 is not (e.g. `SECRET_BLOCK`).
    BadBase64 {
        /// The wire name of the offending value.
        field: &'static str,
    },
    /// A `TIMESTAMP` that does not have Cognito's `EEE MMM d HH:mm:ss UTC yyyy` shape.
    BadTimestamp,
    /// The client's password claim signature does not verify (server side).
    BadSignature,
}

/// The error type of every fallible function in this crate.
///
/// Match on the variant, or use [`Error::code`] for the stable string code.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument has a bad value: a TOTP code with non-digits or the wrong length, digits
    /// outside 6–8, a period of 0, an empty account name... Code `InvalidInputError`.
    #[error("invalid input: {0}")]
    InvalidInput(String),

    /// A base32 secret holds a character outside the RFC 4648 alphabet. Code
    /// `InvalidSecretError`. The message names the character and its position, never the
    /// secret.
    #[error("invalid base32 secret: unexpected character {character:?} at position {position}")]
    InvalidSecret {
        /// The offending character.
        character: char,
        /// Its zero-based position in the input, counted in characters.
        position: usize,
    },

    /// A secret shorter than 16 base32 characters (80 bits), which Cognito refuses too.
    /// Code `SecretTooShortError`.
    #[error("secret too short: {chars} base32 characters, at least 16 (80 bits) are required")]
    SecretTooShort {
        /// The number of base32 characters that were given (after removing spaces/padding).
        chars: usize,
    },

    /// An `otpauth://` URI was refused. Code `InvalidUriError`.
    #[error("invalid otpauth URI: {message}")]
    InvalidUri {
        /// What exactly is wrong.
        kind: UriErrorKind,
        /// A human-readable explanation (never contains the secret).
        message: String,
    },

    /// A well-formed TOTP code matched no time step in the window. Code `CodeMismatchError`.
    #[error("the code does not match")]
    CodeMismatch,

    /// A code for a time step that was already accepted for this key (RFC 6238 §5.2).
    /// Code `CodeReusedError`.
    #[error("the code for time step {step} was already used")]
    CodeReused {
        /// The time step the refused code belongs to.
        step: u64,
    },

    /// The operating system's random number generator failed. Code `RandomSourceError`.
    #[error("the OS random number generator failed: {0}")]
    RandomSource(String),

    /// An SRP value was refused. Code `SrpError`.
    #[error("SRP: {message}")]
    Srp {
        /// What exactly is wrong.
        kind: SrpErrorKind,
        /// A human-readable explanation (never contains a secret value).
        message: String,
    },
}

impl Error {
    /// The stable string code of this error, shared with the Python and Node packages.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidInput(_) => "InvalidInputError",
            Error::InvalidSecret { .. } => "InvalidSecretError",
            Error::SecretTooShort { .. } => "SecretTooShortError",
            Error::InvalidUri { .. } => "InvalidUriError",
            Error::CodeMismatch => "CodeMismatchError",
            Error::CodeReused { .. } => "CodeReusedError",
            Error::RandomSource(_) => "RandomSourceError",
            Error::Srp { .. } => "SrpError",
        }
    }

    /// True for errors caused by a bad argument value (the bindings raise these as
    /// `ValueError` in Python): invalid input, bad secrets, bad URIs.
    pub fn is_invalid_input(&self) -> bool {
        matches!(
            self,
            Error::InvalidInput(_)
                | Error::InvalidSecret { .. }
                | Error::SecretTooShort { .. }
                | Error::InvalidUri { .. }
        )
    }

    pub(crate) fn invalid_input(message: impl fmt::Display) -> Self {
        Error::InvalidInput(message.to_string())
    }

    pub(crate) fn uri(kind: UriErrorKind, message: impl fmt::Display) -> Self {
        Error::InvalidUri {
            kind,
            message: message.to_string(),
        }
    }

    pub(crate) fn srp(kind: SrpErrorKind, message: impl fmt::Display) -> Self {
        Error::Srp {
            kind,
            message: message.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_side_codes_never_look_like_service_codes() {
        let all = [
            Error::invalid_input("x"),
            Error::InvalidSecret {
                character: '1',
                position: 0,
            },
            Error::SecretTooShort { chars: 3 },
            Error::uri(UriErrorKind::BadScheme, "x"),
            Error::CodeMismatch,
            Error::CodeReused { step: 1 },
            Error::RandomSource("x".into()),
            Error::srp(SrpErrorKind::ScramblerZero, "x"),
        ];
        let mut codes: Vec<_> = all.iter().map(Error::code).collect();
        for code in &codes {
            assert!(code.ends_with("Error"), "{code}");
            assert!(!code.ends_with("Exception"), "{code}");
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "codes must be distinct");
    }

    #[test]
    fn secret_errors_do_not_echo_the_input() {
        let e = Error::InvalidSecret {
            character: '!',
            position: 7,
        };
        assert_eq!(
            e.to_string(),
            "invalid base32 secret: unexpected character '!' at position 7"
        );
    }
}
