//! The wire types of the Cognito user-pool API (AWS JSON 1.1), one file per operation family.
//!
//! Every request is a `POST /` with `Content-Type: application/x-amz-json-1.1` and
//! `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`; the body is one of the request
//! structs below, serialized with the service's own key names (`AuthFlow`, `ChallengeResponses`,
//! `SMSMfaSettings`...). Optional request keys that are `None` are left out of the body, never
//! sent as `null`. Responses tolerate unknown keys and `null` for optional keys; a missing
//! required key is an [`Error::UnexpectedResponse`] that names it.
//!
//! Values that are secrets on the wire — passwords, tokens, challenge sessions, TOTP codes and
//! secret codes — are held in [`SecretString`], which never prints them.
//!
//! * [`admin`] — the SigV4-signed admin operations (`AdminGetUser`,
//!   `AdminSetUserMFAPreference`, the `Admin*Device` operations...).
//! * [`auth`] — `InitiateAuth`, `RespondToAuthChallenge`, challenge names and parameters.
//! * [`device`] — `ConfirmDevice`, the device operations, `GetTokensFromRefreshToken`.
//! * [`software_token`] — `AssociateSoftwareToken`, `VerifySoftwareToken`.
//! * [`mfa_settings`] — `SetUserMFAPreference`, `SetUserSettings` (legacy SMS MFA).
//! * [`user`] — `GetUser`, `GlobalSignOut`.
//! * [`error`] — the error body and headers, turned into [`Error::Service`]; Cognito's error
//!   codes ([`error::codes`]).
//! * [`ids`] — the user pool id and app client id rules.
//!
//! [`Error::UnexpectedResponse`]: crate::Error::UnexpectedResponse
//! [`Error::Service`]: crate::Error::Service

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use crate::error::{Error, Result};

pub mod admin;
pub mod auth;
pub mod device;
pub mod error;
pub mod ids;
pub mod mfa_settings;
pub mod software_token;
pub mod user;

pub use auth::{
    AuthFlow, AuthResponse, AuthenticationResult, ChallengeName, InitiateAuthRequest, MfaType,
    NewDeviceMetadata, RespondToAuthChallengeRequest,
};
pub use mfa_settings::{
    MfaOption, MfaSettings, SetUserMfaPreferenceRequest, SetUserSettingsRequest,
};
pub use software_token::{
    AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, VerifySoftwareTokenRequest,
    VerifySoftwareTokenResponse, VerifyStatus,
};
pub use user::{AttributeType, GetUserRequest, GetUserResponse, GlobalSignOutRequest};

/// The `Content-Type` of every request and response.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";
/// The prefix of the `X-Amz-Target` header; the operation name follows it.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// One API operation: its request type (this type), its name and its response type.
pub trait Operation: Serialize {
    /// The operation name, as in `X-Amz-Target: AWSCognitoIdentityProviderService.<NAME>`.
    const NAME: &'static str;
    /// The response body type.
    type Output: DeserializeOwned;
    /// True for the admin operations, which need IAM credentials: sent only by a pool that
    /// signs its requests ([`crate::admin::AdminClient`]), and then SigV4-signed.
    const SIGNED: bool = false;
    /// The admin twin of a user-side operation (`AdminInitiateAuth` for `InitiateAuth`): a pool
    /// that signs its requests sends the request under this name, with `UserPoolId` added
    /// ([`admin::AdminRequest`]) and signed.
    const ADMIN_NAME: Option<&'static str> = None;
}

/// The output of an operation that answers `{}` (e.g. `SetUserMFAPreference`). Any keys it
/// might carry are ignored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct EmptyResponse {}

/// A string that is a secret on the wire (password, token, session, code): serialized as the
/// plain string, but `Debug` prints `<redacted>`, `==` compares in constant time and the
/// memory is zeroized on drop.
#[derive(Clone, Default)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        SecretString(value.into())
    }

    /// The secret itself, for putting it into a request.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the string is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Compares the secret with `candidate` (e.g. a code someone typed) in constant time in
    /// the content; only the lengths may be told apart by timing. Returns no error.
    pub fn matches(&self, candidate: &str) -> bool {
        self.0.as_bytes().ct_eq(candidate.as_bytes()).into()
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        SecretString::new(value)
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        SecretString::new(value)
    }
}

impl Drop for SecretString {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl PartialEq for SecretString {
    fn eq(&self, other: &SecretString) -> bool {
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}

impl Eq for SecretString {}

impl Serialize for SecretString {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SecretString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(deserializer).map(SecretString)
    }
}

/// Serializes a request body. Fails only for a map key that is not a string, which the types
/// of this module cannot hold; the error is still reported rather than unwrapped.
///
/// # Errors
/// [`Error::InvalidInput`] if serialization fails.
pub fn encode<T: Operation>(request: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(request)
        .map_err(|e| Error::invalid_input(format!("{}: cannot encode the request: {e}", T::NAME)))
}

/// Serializes `body` for operation `T` (its admin form, [`admin::AdminRequest`]).
///
/// # Errors
/// As [`encode`].
pub fn encode_as<T: Operation, B: Serialize>(body: &B) -> Result<Vec<u8>> {
    serde_json::to_vec(body)
        .map_err(|e| Error::invalid_input(format!("{}: cannot encode the request: {e}", T::NAME)))
}

/// Parses a successful response body of operation `T`.
///
/// # Errors
/// [`Error::UnexpectedResponse`] naming the operation and what is wrong (e.g.
/// ``AssociateSoftwareToken: missing field `SecretCode` ``), with the parse error as source.
pub fn decode<T: Operation>(status: u16, body: &[u8]) -> Result<T::Output> {
    // An empty body is read as `{}`: some endpoints answer operations without output so.
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| Error::UnexpectedResponse {
        what: format!("{}: {}", T::NAME, describe_json_error(&e)),
        status: Some(status),
        source: Some(Box::new(e)),
    })
}

/// The text of a serde_json error without the line/column suffix (the position in a one-line
/// body says nothing useful), e.g. ``missing field `SecretCode` ``.
fn describe_json_error(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(cut) => text.get(..cut).map_or_else(|| text.clone(), str::to_owned),
        None => text,
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Reading the JSON fixtures of `core/tests/fixtures`.

    /// The fixture file's content as a JSON value.
    pub(crate) fn json(text: &str) -> serde_json::Value {
        serde_json::from_str(text).unwrap_or(serde_json::Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_strings_never_print_and_serialize_plainly() {
        let s = SecretString::new("hunter2");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(
            serde_json::to_string(&s).ok().as_deref(),
            Some("\"hunter2\"")
        );
        let back: SecretString = serde_json::from_str("\"hunter2\"").unwrap_or_default();
        assert_eq!(back, s);
        assert_ne!(back, SecretString::new("hunter3"));
    }

    #[test]
    fn secret_strings_match_only_the_same_text() {
        let s = SecretString::new("123456");
        assert!(s.matches("123456"));
        assert!(!s.matches("123457"));
        assert!(!s.matches("12345"));
        assert!(!s.matches("1234567"));
        assert!(!s.matches(""));
        assert!(SecretString::default().matches(""));
    }

    #[test]
    fn missing_required_fields_are_named() {
        let err = decode::<AssociateSoftwareTokenRequest>(200, br#"{"Session":"s"}"#)
            .err()
            .map(|e| (e.code().to_owned(), e.to_string()));
        assert_eq!(
            err,
            Some((
                "UnexpectedResponseError".to_owned(),
                "unexpected response: AssociateSoftwareToken: missing field `SecretCode`"
                    .to_owned()
            ))
        );
    }

    #[test]
    fn an_empty_body_reads_as_an_empty_object() {
        assert!(decode::<SetUserMfaPreferenceRequest>(200, b"").is_ok());
        assert!(decode::<SetUserMfaPreferenceRequest>(200, b"{\"x\":1}").is_ok());
        let not_json = decode::<SetUserMfaPreferenceRequest>(200, b"<html>");
        assert_eq!(not_json.err().and_then(|e| e.status()), Some(200));
    }
}
