//! # cognito-mfa
//!
//! The Rust core of cognito-mfa: the MFA part of the Amazon Cognito user-pool client.
//!
//! * [`totp`] — RFC 4226 / RFC 6238 one-time passwords, secrets, `otpauth://` key URIs and QR
//!   codes. Pure functions of (secret, unix time); usable on their own by backends.
//! * [`srp`] — both halves of the SRP-6a exchange in Cognito's variant (`USER_SRP_AUTH`), and
//!   `SECRET_HASH`. Pure: randomness and time are inputs.
//!
//! Every fallible function returns [`Error`], whose [`Error::code`] is a stable string that the
//! Python and Node packages expose unchanged as `exc.code` / `err.code`.

pub mod error;
pub mod srp;
pub mod totp;

pub use error::{Error, Result};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
