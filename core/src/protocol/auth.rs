//! `InitiateAuth` and `RespondToAuthChallenge`: the sign-in requests, their common response,
//! challenge names and the keys of `AuthParameters`, `ChallengeParameters` and
//! `ChallengeResponses`.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{Operation, SecretString};
use crate::error::{Error, Result};

/// The keys used inside `AuthParameters`, `ChallengeParameters` and `ChallengeResponses`.
pub mod keys {
    /// The user name (`AuthParameters`, `ChallengeParameters`, every `ChallengeResponses`).
    pub const USERNAME: &str = "USERNAME";
    /// The client's SRP public value `A` (`USER_SRP_AUTH`).
    pub const SRP_A: &str = "SRP_A";
    /// The password (`USER_PASSWORD_AUTH`).
    pub const PASSWORD: &str = "PASSWORD";
    /// The refresh token (`REFRESH_TOKEN_AUTH`).
    pub const REFRESH_TOKEN: &str = "REFRESH_TOKEN";
    /// `base64(HMAC-SHA256(client secret, USERNAME ‖ ClientId))` for clients with a secret.
    pub const SECRET_HASH: &str = "SECRET_HASH";
    /// A remembered device's key.
    pub const DEVICE_KEY: &str = "DEVICE_KEY";
    /// The user's internal name, to use in SRP and in every later request.
    pub const USER_ID_FOR_SRP: &str = "USER_ID_FOR_SRP";
    /// The SRP salt (hex).
    pub const SALT: &str = "SALT";
    /// The server's SRP public value `B` (hex).
    pub const SRP_B: &str = "SRP_B";
    /// The opaque block the password claim signs (base64).
    pub const SECRET_BLOCK: &str = "SECRET_BLOCK";
    /// `SECRET_BLOCK`, echoed in the `PASSWORD_VERIFIER` answer.
    pub const PASSWORD_CLAIM_SECRET_BLOCK: &str = "PASSWORD_CLAIM_SECRET_BLOCK";
    /// The SRP proof.
    pub const PASSWORD_CLAIM_SIGNATURE: &str = "PASSWORD_CLAIM_SIGNATURE";
    /// The timestamp the SRP proof covers.
    pub const TIMESTAMP: &str = "TIMESTAMP";
    /// The factor chosen at `SELECT_MFA_TYPE`.
    pub const ANSWER: &str = "ANSWER";
    /// The new password at `NEW_PASSWORD_REQUIRED`.
    pub const NEW_PASSWORD: &str = "NEW_PASSWORD";
    /// The prefix of attribute answers at `NEW_PASSWORD_REQUIRED` (`userAttributes.name`).
    pub const USER_ATTRIBUTES_PREFIX: &str = "userAttributes.";
    /// `NEW_PASSWORD_REQUIRED`: the user's current attributes, a JSON object in a string.
    pub const USER_ATTRIBUTES: &str = "userAttributes";
    /// `NEW_PASSWORD_REQUIRED`: the attributes to give, a JSON array in a string.
    pub const REQUIRED_ATTRIBUTES: &str = "requiredAttributes";
    /// `SMS_MFA` / `EMAIL_OTP`: how the code was sent (`SMS`, `EMAIL`).
    pub const CODE_DELIVERY_DELIVERY_MEDIUM: &str = "CODE_DELIVERY_DELIVERY_MEDIUM";
    /// `SMS_MFA` / `EMAIL_OTP`: where the code was sent, masked.
    pub const CODE_DELIVERY_DESTINATION: &str = "CODE_DELIVERY_DESTINATION";
    /// `SELECT_MFA_TYPE`: the factors to choose from, a JSON array in a string.
    pub const MFAS_CAN_CHOOSE: &str = "MFAS_CAN_CHOOSE";
    /// `MFA_SETUP`: the factors that can be set up, a JSON array in a string.
    pub const MFAS_CAN_SETUP: &str = "MFAS_CAN_SETUP";
    /// `SOFTWARE_TOKEN_MFA`: the name given to the authenticator when it was verified.
    pub const FRIENDLY_DEVICE_NAME: &str = "FRIENDLY_DEVICE_NAME";
}

/// The `AuthFlow` names of the service that [`AuthFlow`] does not list, because this client
/// does not start those flows; the mock endpoint recognises them.
pub mod other_flows {
    /// The admin API's password flow (`AdminInitiateAuth`).
    pub const ADMIN_USER_PASSWORD_AUTH: &str = "ADMIN_USER_PASSWORD_AUTH";
    /// The legacy name of [`ADMIN_USER_PASSWORD_AUTH`]; also a legacy `ExplicitAuthFlows`
    /// value that allows it.
    pub const ADMIN_NO_SRP_AUTH: &str = "ADMIN_NO_SRP_AUTH";
    /// The legacy name of `REFRESH_TOKEN_AUTH`.
    pub const REFRESH_TOKEN: &str = "REFRESH_TOKEN";
    /// Sign-in through the pool's custom-challenge Lambda triggers.
    pub const CUSTOM_AUTH: &str = "CUSTOM_AUTH";
    /// Choice-based sign-in (passwordless, passkeys).
    pub const USER_AUTH: &str = "USER_AUTH";
}

/// The `AuthFlow` of `InitiateAuth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum AuthFlow {
    /// Secure Remote Password: the password never leaves the client (the default).
    #[default]
    #[serde(rename = "USER_SRP_AUTH")]
    UserSrpAuth,
    /// The password is sent (over TLS); the app client must allow it.
    #[serde(rename = "USER_PASSWORD_AUTH")]
    UserPasswordAuth,
    /// New ID and access tokens from a refresh token.
    #[serde(rename = "REFRESH_TOKEN_AUTH")]
    RefreshTokenAuth,
    /// The password is sent to `AdminInitiateAuth` by a server holding IAM credentials
    /// ([`crate::admin::AdminClient`]); the app client must allow `ADMIN_USER_PASSWORD_AUTH`.
    #[serde(rename = "ADMIN_USER_PASSWORD_AUTH")]
    AdminUserPasswordAuth,
}

impl AuthFlow {
    /// Every flow, in declaration order.
    pub const ALL: [AuthFlow; 4] = [
        AuthFlow::UserSrpAuth,
        AuthFlow::UserPasswordAuth,
        AuthFlow::RefreshTokenAuth,
        AuthFlow::AdminUserPasswordAuth,
    ];

    /// The flows a caller may choose for a sign-in with a password
    /// ([`User::authenticate_user`](crate::User::authenticate_user));
    /// `ADMIN_USER_PASSWORD_AUTH` only for a user of an [`crate::admin::AdminClient`].
    pub const SIGN_IN: [AuthFlow; 3] = [
        AuthFlow::UserSrpAuth,
        AuthFlow::UserPasswordAuth,
        AuthFlow::AdminUserPasswordAuth,
    ];

    /// The wire name, e.g. `USER_SRP_AUTH`.
    pub const fn as_str(self) -> &'static str {
        match self {
            AuthFlow::UserSrpAuth => "USER_SRP_AUTH",
            AuthFlow::UserPasswordAuth => "USER_PASSWORD_AUTH",
            AuthFlow::RefreshTokenAuth => "REFRESH_TOKEN_AUTH",
            AuthFlow::AdminUserPasswordAuth => "ADMIN_USER_PASSWORD_AUTH",
        }
    }

    /// Parses the wire name of a sign-in flow, one of [`AuthFlow::SIGN_IN`]; the one parser
    /// the bindings use for the flow a user picks.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the three flows for any other text, `REFRESH_TOKEN_AUTH`
    /// included (a refresh is not a sign-in with a password).
    pub fn parse_sign_in(name: &str) -> Result<AuthFlow> {
        AuthFlow::SIGN_IN
            .into_iter()
            .find(|flow| flow.as_str() == name)
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "unsupported sign-in flow {name:?}: expected USER_SRP_AUTH, USER_PASSWORD_AUTH \
                     or ADMIN_USER_PASSWORD_AUTH (admin client)"
                ))
            })
    }
}

impl FromStr for AuthFlow {
    type Err = Error;

    /// Parses the exact wire name of any flow, `REFRESH_TOKEN_AUTH` included (for a flow a
    /// user picks to sign in, use [`AuthFlow::parse_sign_in`]).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for any other text.
    fn from_str(name: &str) -> Result<Self> {
        AuthFlow::ALL
            .into_iter()
            .find(|flow| flow.as_str() == name)
            .ok_or_else(|| Error::InvalidInput(format!("unknown auth flow {name:?}")))
    }
}

impl fmt::Display for AuthFlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `ChallengeName` this client knows how to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChallengeName {
    /// `PASSWORD_VERIFIER`: the second SRP step (answered internally).
    PasswordVerifier,
    /// `SMS_MFA`: a code was sent by SMS.
    SmsMfa,
    /// `SOFTWARE_TOKEN_MFA`: a code from the authenticator app.
    SoftwareTokenMfa,
    /// `EMAIL_OTP`: a code was sent by e-mail.
    EmailOtp,
    /// `SELECT_MFA_TYPE`: choose one of several enabled factors.
    SelectMfaType,
    /// `MFA_SETUP`: the pool requires MFA and the user has no factor yet.
    MfaSetup,
    /// `NEW_PASSWORD_REQUIRED`: an administrator-created user must choose a password.
    NewPasswordRequired,
    /// `CUSTOM_CHALLENGE`: a challenge defined by the pool's Lambda triggers.
    CustomChallenge,
    /// `DEVICE_SRP_AUTH`: a remembered device proves its password (answered internally).
    DeviceSrpAuth,
    /// `DEVICE_PASSWORD_VERIFIER`: the second device SRP step (answered internally).
    DevicePasswordVerifier,
}

impl ChallengeName {
    /// Every challenge this client knows, in declaration order.
    pub const ALL: [ChallengeName; 10] = [
        ChallengeName::PasswordVerifier,
        ChallengeName::SmsMfa,
        ChallengeName::SoftwareTokenMfa,
        ChallengeName::EmailOtp,
        ChallengeName::SelectMfaType,
        ChallengeName::MfaSetup,
        ChallengeName::NewPasswordRequired,
        ChallengeName::CustomChallenge,
        ChallengeName::DeviceSrpAuth,
        ChallengeName::DevicePasswordVerifier,
    ];

    /// True for the challenges the client answers itself, never returned to the caller:
    /// `PASSWORD_VERIFIER`, `DEVICE_SRP_AUTH`, `DEVICE_PASSWORD_VERIFIER`.
    pub fn is_internal(self) -> bool {
        matches!(
            self,
            ChallengeName::PasswordVerifier
                | ChallengeName::DeviceSrpAuth
                | ChallengeName::DevicePasswordVerifier
        )
    }

    /// The wire name, e.g. `SOFTWARE_TOKEN_MFA`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ChallengeName::PasswordVerifier => "PASSWORD_VERIFIER",
            ChallengeName::SmsMfa => "SMS_MFA",
            ChallengeName::SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA",
            ChallengeName::EmailOtp => "EMAIL_OTP",
            ChallengeName::SelectMfaType => "SELECT_MFA_TYPE",
            ChallengeName::MfaSetup => "MFA_SETUP",
            ChallengeName::NewPasswordRequired => "NEW_PASSWORD_REQUIRED",
            ChallengeName::CustomChallenge => "CUSTOM_CHALLENGE",
            ChallengeName::DeviceSrpAuth => "DEVICE_SRP_AUTH",
            ChallengeName::DevicePasswordVerifier => "DEVICE_PASSWORD_VERIFIER",
        }
    }
}

impl fmt::Display for ChallengeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ChallengeName {
    type Err = Error;

    /// Parses the exact wire name.
    ///
    /// # Errors
    /// [`Error::UnsupportedChallenge`] for any other name (`WEB_AUTHN`, `SELECT_CHALLENGE`...).
    fn from_str(name: &str) -> Result<Self> {
        Ok(match name {
            "PASSWORD_VERIFIER" => ChallengeName::PasswordVerifier,
            "SMS_MFA" => ChallengeName::SmsMfa,
            "SOFTWARE_TOKEN_MFA" => ChallengeName::SoftwareTokenMfa,
            "EMAIL_OTP" => ChallengeName::EmailOtp,
            "SELECT_MFA_TYPE" => ChallengeName::SelectMfaType,
            "MFA_SETUP" => ChallengeName::MfaSetup,
            "NEW_PASSWORD_REQUIRED" => ChallengeName::NewPasswordRequired,
            "CUSTOM_CHALLENGE" => ChallengeName::CustomChallenge,
            "DEVICE_SRP_AUTH" => ChallengeName::DeviceSrpAuth,
            "DEVICE_PASSWORD_VERIFIER" => ChallengeName::DevicePasswordVerifier,
            other => {
                return Err(Error::UnsupportedChallenge {
                    name: other.to_owned(),
                });
            }
        })
    }
}

/// An MFA factor: the values of `MFAS_CAN_CHOOSE`, `MFAS_CAN_SETUP`, `ANSWER`,
/// `PreferredMfaSetting` and `UserMFASettingList`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum MfaType {
    /// `SMS_MFA`: a code sent by SMS.
    SmsMfa,
    /// `SOFTWARE_TOKEN_MFA`: a TOTP authenticator app.
    SoftwareTokenMfa,
    /// `EMAIL_OTP`: a code sent by e-mail.
    EmailOtp,
}

impl MfaType {
    /// Every factor, in declaration order (Cognito's order in `MFAS_CAN_CHOOSE` and
    /// `UserMFASettingList`).
    pub const ALL: [MfaType; 3] = [
        MfaType::SmsMfa,
        MfaType::SoftwareTokenMfa,
        MfaType::EmailOtp,
    ];

    /// The wire name: `SMS_MFA`, `SOFTWARE_TOKEN_MFA` or `EMAIL_OTP`.
    pub const fn as_str(self) -> &'static str {
        match self {
            MfaType::SmsMfa => "SMS_MFA",
            MfaType::SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA",
            MfaType::EmailOtp => "EMAIL_OTP",
        }
    }

    /// The challenge in which this factor's code is asked for.
    pub fn challenge_name(self) -> ChallengeName {
        match self {
            MfaType::SmsMfa => ChallengeName::SmsMfa,
            MfaType::SoftwareTokenMfa => ChallengeName::SoftwareTokenMfa,
            MfaType::EmailOtp => ChallengeName::EmailOtp,
        }
    }

    /// The `ChallengeResponses` key that carries this factor's code
    /// (`SMS_MFA_CODE`, `SOFTWARE_TOKEN_MFA_CODE`, `EMAIL_OTP_CODE`).
    pub const fn code_key(self) -> &'static str {
        match self {
            MfaType::SmsMfa => "SMS_MFA_CODE",
            MfaType::SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA_CODE",
            MfaType::EmailOtp => "EMAIL_OTP_CODE",
        }
    }

    /// How this factor's code is sent, as `CODE_DELIVERY_DELIVERY_MEDIUM` names it: `SMS`,
    /// `EMAIL`; `None` for `SOFTWARE_TOKEN_MFA` (the code comes from the authenticator app).
    pub const fn delivery_medium(self) -> Option<&'static str> {
        match self {
            MfaType::SmsMfa => Some("SMS"),
            MfaType::EmailOtp => Some("EMAIL"),
            MfaType::SoftwareTokenMfa => None,
        }
    }

    /// The factor whose code a challenge asks for, if it asks for one.
    pub fn for_challenge(name: ChallengeName) -> Option<MfaType> {
        match name {
            ChallengeName::SmsMfa => Some(MfaType::SmsMfa),
            ChallengeName::SoftwareTokenMfa => Some(MfaType::SoftwareTokenMfa),
            ChallengeName::EmailOtp => Some(MfaType::EmailOtp),
            _ => None,
        }
    }

    /// Parses the exact wire name (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`); `None` for any
    /// other value.
    pub fn from_wire(name: &str) -> Option<MfaType> {
        match name {
            "SMS_MFA" => Some(MfaType::SmsMfa),
            "SOFTWARE_TOKEN_MFA" => Some(MfaType::SoftwareTokenMfa),
            "EMAIL_OTP" => Some(MfaType::EmailOtp),
            _ => None,
        }
    }
}

impl fmt::Display for MfaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MfaType {
    type Err = Error;

    /// Parses a wire name or a friendly alias, ignoring case: `SMS_MFA` / `SMS`,
    /// `SOFTWARE_TOKEN_MFA` / `SOFTWARE_TOKEN` / `TOTP`, `EMAIL_OTP` / `EMAIL`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for anything else.
    fn from_str(text: &str) -> Result<Self> {
        match text.trim().to_ascii_uppercase().as_str() {
            "SMS_MFA" | "SMS" => Ok(MfaType::SmsMfa),
            "SOFTWARE_TOKEN_MFA" | "SOFTWARE_TOKEN" | "TOTP" => Ok(MfaType::SoftwareTokenMfa),
            "EMAIL_OTP" | "EMAIL" => Ok(MfaType::EmailOtp),
            _ => Err(Error::invalid_input(format!(
                "unknown MFA type {text:?}: expected SMS_MFA (SMS), SOFTWARE_TOKEN_MFA \
                 (SOFTWARE_TOKEN, TOTP) or EMAIL_OTP (EMAIL)"
            ))),
        }
    }
}

/// The request of `InitiateAuth`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InitiateAuthRequest {
    /// The sign-in flow.
    #[serde(rename = "AuthFlow")]
    pub auth_flow: AuthFlow,
    /// The app client id.
    #[serde(rename = "ClientId")]
    pub client_id: String,
    /// `USERNAME`, `SRP_A` / `PASSWORD` / `REFRESH_TOKEN`, `SECRET_HASH`?, `DEVICE_KEY`?.
    #[serde(rename = "AuthParameters")]
    pub auth_parameters: BTreeMap<String, SecretString>,
    /// Passed to the pool's Lambda triggers.
    #[serde(rename = "ClientMetadata", skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<BTreeMap<String, String>>,
}

impl Operation for InitiateAuthRequest {
    const NAME: &'static str = "InitiateAuth";
    const ADMIN_NAME: Option<&'static str> = Some("AdminInitiateAuth");
    type Output = AuthResponse;
}

/// The request of `RespondToAuthChallenge`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RespondToAuthChallengeRequest {
    /// The challenge being answered, e.g. `SMS_MFA`.
    #[serde(rename = "ChallengeName")]
    pub challenge_name: ChallengeNameWire,
    /// The app client id.
    #[serde(rename = "ClientId")]
    pub client_id: String,
    /// The `Session` of the challenge being answered.
    #[serde(rename = "Session", skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
    /// The answer (see the keys in [`keys`]).
    #[serde(rename = "ChallengeResponses")]
    pub challenge_responses: BTreeMap<String, SecretString>,
    /// Passed to the pool's Lambda triggers.
    #[serde(rename = "ClientMetadata", skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<BTreeMap<String, String>>,
}

impl Operation for RespondToAuthChallengeRequest {
    const NAME: &'static str = "RespondToAuthChallenge";
    const ADMIN_NAME: Option<&'static str> = Some("AdminRespondToAuthChallenge");
    type Output = AuthResponse;
}

/// A [`ChallengeName`] serialized as its wire name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChallengeNameWire(pub ChallengeName);

impl Serialize for ChallengeNameWire {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.as_str())
    }
}

/// The response of `InitiateAuth` and `RespondToAuthChallenge`: either a challenge
/// (`ChallengeName`, `Session`, `ChallengeParameters`) or tokens (`AuthenticationResult`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct AuthResponse {
    /// The next challenge, if any (kept as a string: an unknown name must be reported, not
    /// fail parsing).
    #[serde(rename = "ChallengeName", default)]
    pub challenge_name: Option<String>,
    /// The Session to answer the challenge with.
    #[serde(rename = "Session", default)]
    pub session: Option<SecretString>,
    /// The challenge's parameters; list values are JSON arrays inside a string.
    #[serde(rename = "ChallengeParameters", default)]
    pub challenge_parameters: Option<BTreeMap<String, String>>,
    /// The tokens, when the sign-in is complete.
    #[serde(rename = "AuthenticationResult", default)]
    pub authentication_result: Option<AuthenticationResult>,
}

/// `AuthenticationResult`: the tokens of a completed sign-in or refresh.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AuthenticationResult {
    /// The access token (a JWT).
    #[serde(rename = "AccessToken")]
    pub access_token: SecretString,
    /// The ID token (a JWT).
    #[serde(rename = "IdToken")]
    pub id_token: SecretString,
    /// The refresh token (absent on a refresh).
    #[serde(rename = "RefreshToken", default)]
    pub refresh_token: Option<SecretString>,
    /// Lifetime of the access and ID tokens, in seconds.
    #[serde(rename = "ExpiresIn", default)]
    pub expires_in: Option<u64>,
    /// `Bearer`.
    #[serde(rename = "TokenType", default)]
    pub token_type: Option<String>,
    /// A new remembered device, when device tracking is on.
    #[serde(rename = "NewDeviceMetadata", default)]
    pub new_device_metadata: Option<NewDeviceMetadata>,
}

/// `NewDeviceMetadata` of an [`AuthenticationResult`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewDeviceMetadata {
    /// The device key.
    #[serde(rename = "DeviceKey", default)]
    pub device_key: Option<String>,
    /// The device group key.
    #[serde(rename = "DeviceGroupKey", default)]
    pub device_group_key: Option<String>,
}

/// Reads a required challenge parameter.
///
/// # Errors
/// [`Error::UnexpectedResponse`] naming the challenge and the missing key.
pub fn required_parameter<'a>(
    parameters: &'a BTreeMap<String, String>,
    challenge: ChallengeName,
    key: &str,
) -> Result<&'a str> {
    parameters.get(key).map(String::as_str).ok_or_else(|| {
        Error::unexpected(format!(
            "{challenge} challenge: missing ChallengeParameters.{key}"
        ))
    })
}

/// Parses a list parameter, a JSON array of strings inside a string
/// (e.g. `"[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"`).
///
/// # Errors
/// [`Error::UnexpectedResponse`] naming the challenge and the key when the key is missing or
/// its value is not such an array.
pub fn string_list_parameter(
    parameters: &BTreeMap<String, String>,
    challenge: ChallengeName,
    key: &str,
) -> Result<Vec<String>> {
    let text = required_parameter(parameters, challenge, key)?;
    serde_json::from_str::<Vec<String>>(text).map_err(|e| Error::UnexpectedResponse {
        what: format!(
            "{challenge} challenge: ChallengeParameters.{key} is not a JSON list of strings"
        ),
        status: None,
        source: Some(Box::new(e)),
    })
}

/// Parses a list of factors (`MFAS_CAN_CHOOSE`, `MFAS_CAN_SETUP`). Names this client does not
/// know are skipped, so a newer service factor does not break sign-in with the known ones.
///
/// # Errors
/// As [`string_list_parameter`].
pub fn mfa_list_parameter(
    parameters: &BTreeMap<String, String>,
    challenge: ChallengeName,
    key: &str,
) -> Result<Vec<MfaType>> {
    Ok(string_list_parameter(parameters, challenge, key)?
        .iter()
        .filter_map(|name| MfaType::from_wire(name))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::fixtures::json;
    use crate::protocol::{decode, encode};

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn secrets(pairs: &[(&str, &str)]) -> BTreeMap<String, SecretString> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), SecretString::from(*v)))
            .collect()
    }

    #[test]
    fn initiate_auth_srp_request_matches_the_fixture() {
        let request = InitiateAuthRequest {
            auth_flow: AuthFlow::UserSrpAuth,
            client_id: "1example23456789".into(),
            auth_parameters: secrets(&[
                ("USERNAME", "alice"),
                ("SRP_A", "c02a16"),
                (
                    "SECRET_HASH",
                    "cDGMGyKSnP2OTXWyRL1FXlsWMa9lAJM+pnUHxX0xRT4=",
                ),
            ]),
            client_metadata: None,
        };
        let body = encode(&request)
            .ok()
            .map(|b| json(&String::from_utf8_lossy(&b)));
        let expected = json(include_str!(
            "../../tests/fixtures/initiate_auth_srp_request.json"
        ));
        assert_eq!(body, Some(expected));
        // Absent, not null: `ClientMetadata` was None.
        let text = encode(&request).unwrap_or_default();
        assert!(!String::from_utf8_lossy(&text).contains("ClientMetadata"));
    }

    #[test]
    fn initiate_auth_password_request_carries_client_metadata() {
        let request = InitiateAuthRequest {
            auth_flow: AuthFlow::UserPasswordAuth,
            client_id: "1example23456789".into(),
            auth_parameters: secrets(&[("USERNAME", "alice"), ("PASSWORD", "Passw0rd!")]),
            client_metadata: Some(params(&[("source", "tests")])),
        };
        let body = encode(&request)
            .ok()
            .map(|b| json(&String::from_utf8_lossy(&b)));
        let expected = json(include_str!(
            "../../tests/fixtures/initiate_auth_password_request.json"
        ));
        assert_eq!(body, Some(expected));
        assert!(!format!("{request:?}").contains("Passw0rd!"));
    }

    #[test]
    fn respond_to_auth_challenge_requests_match_the_fixtures() {
        let cases = [
            (
                ChallengeName::PasswordVerifier,
                secrets(&[
                    ("USERNAME", "3f2a4c1e-1111-2222-3333-444455556666"),
                    ("PASSWORD_CLAIM_SECRET_BLOCK", "AAECAw=="),
                    (
                        "PASSWORD_CLAIM_SIGNATURE",
                        "yM/xz01PYhJ64jrxIo8MqL7BUu8zAxQkEYjtjFEN3io=",
                    ),
                    ("TIMESTAMP", "Tue Jan 2 03:04:05 UTC 2024"),
                ]),
                include_str!("../../tests/fixtures/respond_password_verifier_request.json"),
            ),
            (
                ChallengeName::SoftwareTokenMfa,
                secrets(&[("USERNAME", "alice"), ("SOFTWARE_TOKEN_MFA_CODE", "123456")]),
                include_str!("../../tests/fixtures/respond_software_token_mfa_request.json"),
            ),
            (
                ChallengeName::SelectMfaType,
                secrets(&[("USERNAME", "alice"), ("ANSWER", "SMS_MFA")]),
                include_str!("../../tests/fixtures/respond_select_mfa_type_request.json"),
            ),
            (
                ChallengeName::NewPasswordRequired,
                secrets(&[
                    ("USERNAME", "alice"),
                    ("NEW_PASSWORD", "N3w-Passw0rd!"),
                    ("userAttributes.name", "Alice"),
                ]),
                include_str!("../../tests/fixtures/respond_new_password_request.json"),
            ),
        ];
        for (name, responses, fixture) in cases {
            let request = RespondToAuthChallengeRequest {
                challenge_name: ChallengeNameWire(name),
                client_id: "1example23456789".into(),
                session: Some("AYABeSessionSessionSession".into()),
                challenge_responses: responses,
                client_metadata: None,
            };
            let body = encode(&request)
                .ok()
                .map(|b| json(&String::from_utf8_lossy(&b)));
            assert_eq!(body, Some(json(fixture)), "{name}");
        }
    }

    #[test]
    fn a_password_verifier_challenge_parses() {
        let body = include_bytes!("../../tests/fixtures/initiate_auth_srp_response.json");
        let response = decode::<InitiateAuthRequest>(200, body).unwrap_or_default();
        assert_eq!(
            response.challenge_name.as_deref(),
            Some("PASSWORD_VERIFIER")
        );
        assert!(response.authentication_result.is_none());
        let parameters = response.challenge_parameters.unwrap_or_default();
        assert_eq!(
            required_parameter(
                &parameters,
                ChallengeName::PasswordVerifier,
                "USER_ID_FOR_SRP"
            )
            .ok(),
            Some("3f2a4c1e-1111-2222-3333-444455556666")
        );
        let missing =
            required_parameter(&parameters, ChallengeName::PasswordVerifier, "DEVICE_KEY");
        assert_eq!(
            missing.err().map(|e| e.to_string()),
            Some(
                "unexpected response: PASSWORD_VERIFIER challenge: missing \
                 ChallengeParameters.DEVICE_KEY"
                    .to_owned()
            )
        );
    }

    #[test]
    fn tokens_parse_with_nulls_and_unknown_keys() {
        let body = include_bytes!("../../tests/fixtures/auth_result_response.json");
        let response = decode::<RespondToAuthChallengeRequest>(200, body).unwrap_or_default();
        // "ChallengeName": null and "ChallengeParameters": {} both mean "no challenge".
        assert_eq!(response.challenge_name, None);
        let result = response.authentication_result;
        assert_eq!(result.as_ref().and_then(|r| r.expires_in), Some(3600));
        assert_eq!(
            result
                .as_ref()
                .and_then(|r| r.token_type.clone())
                .as_deref(),
            Some("Bearer")
        );
        assert!(result.as_ref().is_some_and(|r| r.refresh_token.is_some()));
        assert_eq!(
            result
                .as_ref()
                .and_then(|r| r.new_device_metadata.as_ref())
                .and_then(|m| m.device_key.clone())
                .as_deref(),
            Some("us-east-1_device")
        );
    }

    #[test]
    fn a_refresh_result_has_no_refresh_token() {
        let body = include_bytes!("../../tests/fixtures/refresh_response.json");
        let response = decode::<InitiateAuthRequest>(200, body).unwrap_or_default();
        let result = response.authentication_result;
        assert!(result.as_ref().is_some_and(|r| r.refresh_token.is_none()));
        assert!(result.is_some_and(|r| r.new_device_metadata.is_none()));
    }

    #[test]
    fn tokens_without_an_id_token_are_refused_naming_it() {
        let body = br#"{"AuthenticationResult":{"AccessToken":"a.b.c","ExpiresIn":3600}}"#;
        let err = decode::<InitiateAuthRequest>(200, body).err();
        assert_eq!(
            err.map(|e| e.to_string()),
            Some("unexpected response: InitiateAuth: missing field `IdToken`".to_owned())
        );
    }

    #[test]
    fn list_parameters_are_json_inside_a_string() {
        let body = include_bytes!("../../tests/fixtures/select_mfa_type_response.json");
        let response = decode::<InitiateAuthRequest>(200, body).unwrap_or_default();
        let parameters = response.challenge_parameters.unwrap_or_default();
        let list = mfa_list_parameter(&parameters, ChallengeName::SelectMfaType, "MFAS_CAN_CHOOSE");
        assert_eq!(
            list.ok(),
            Some(vec![MfaType::SmsMfa, MfaType::SoftwareTokenMfa])
        );
        let setup = include_bytes!("../../tests/fixtures/mfa_setup_response.json");
        let response = decode::<InitiateAuthRequest>(200, setup).unwrap_or_default();
        let parameters = response.challenge_parameters.unwrap_or_default();
        // An unknown factor is skipped, the known ones kept.
        let list = mfa_list_parameter(&parameters, ChallengeName::MfaSetup, "MFAS_CAN_SETUP");
        assert_eq!(
            list.ok(),
            Some(vec![MfaType::SmsMfa, MfaType::SoftwareTokenMfa])
        );
        let broken = params(&[("MFAS_CAN_CHOOSE", "SMS_MFA,SOFTWARE_TOKEN_MFA")]);
        let err = mfa_list_parameter(&broken, ChallengeName::SelectMfaType, "MFAS_CAN_CHOOSE");
        assert_eq!(
            err.err().map(|e| e.code().to_owned()).as_deref(),
            Some("UnexpectedResponseError")
        );
    }

    #[test]
    fn challenge_names_round_trip_and_unknown_ones_are_unsupported() {
        let names: Vec<&str> = ChallengeName::ALL.iter().map(|n| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "PASSWORD_VERIFIER",
                "SMS_MFA",
                "SOFTWARE_TOKEN_MFA",
                "EMAIL_OTP",
                "SELECT_MFA_TYPE",
                "MFA_SETUP",
                "NEW_PASSWORD_REQUIRED",
                "CUSTOM_CHALLENGE",
                "DEVICE_SRP_AUTH",
                "DEVICE_PASSWORD_VERIFIER",
            ]
        );
        for name in ChallengeName::ALL {
            assert_eq!(name.as_str().parse::<ChallengeName>().ok(), Some(name));
        }
        let internal: Vec<ChallengeName> = ChallengeName::ALL
            .into_iter()
            .filter(|name| name.is_internal())
            .collect();
        assert_eq!(
            internal,
            [
                ChallengeName::PasswordVerifier,
                ChallengeName::DeviceSrpAuth,
                ChallengeName::DevicePasswordVerifier
            ]
        );
        let err = "WEB_AUTHN".parse::<ChallengeName>().err();
        assert_eq!(
            err.map(|e| e.code().to_owned()).as_deref(),
            Some("UnsupportedChallengeError")
        );
    }

    #[test]
    fn auth_flows_parse_every_wire_name_but_sign_in_takes_only_the_sign_in_flows() {
        for flow in AuthFlow::ALL {
            assert_eq!(flow.as_str().parse::<AuthFlow>().ok(), Some(flow));
        }
        assert!(
            "user_srp_auth"
                .parse::<AuthFlow>()
                .is_err_and(|e| e.is_invalid_input())
        );
        assert_eq!(
            AuthFlow::parse_sign_in("USER_SRP_AUTH").ok(),
            Some(AuthFlow::UserSrpAuth)
        );
        assert_eq!(
            AuthFlow::parse_sign_in("USER_PASSWORD_AUTH").ok(),
            Some(AuthFlow::UserPasswordAuth)
        );
        for refused in ["REFRESH_TOKEN_AUTH", "CUSTOM_AUTH", "", "user_srp_auth"] {
            let err = AuthFlow::parse_sign_in(refused).err();
            assert_eq!(
                err.as_ref().map(|e| e.code()),
                Some("InvalidInputError"),
                "{refused}"
            );
            assert_eq!(
                err.map(|e| e.to_string()),
                Some(format!(
                    "invalid input: unsupported sign-in flow {refused:?}: expected USER_SRP_AUTH, USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH (admin client)"
                )),
            );
        }
    }

    #[test]
    fn mfa_types_accept_wire_names_and_aliases() {
        let cases = [
            ("SMS_MFA", MfaType::SmsMfa),
            ("SMS", MfaType::SmsMfa),
            ("sms", MfaType::SmsMfa),
            ("SOFTWARE_TOKEN_MFA", MfaType::SoftwareTokenMfa),
            ("SOFTWARE_TOKEN", MfaType::SoftwareTokenMfa),
            ("TOTP", MfaType::SoftwareTokenMfa),
            ("EMAIL_OTP", MfaType::EmailOtp),
            ("EMAIL", MfaType::EmailOtp),
        ];
        for (text, expected) in cases {
            assert_eq!(text.parse::<MfaType>().ok(), Some(expected), "{text}");
        }
        assert!(
            "VOICE"
                .parse::<MfaType>()
                .is_err_and(|e| e.is_invalid_input())
        );
        assert_eq!(MfaType::EmailOtp.code_key(), "EMAIL_OTP_CODE");
        for kind in MfaType::ALL {
            assert_eq!(MfaType::from_wire(kind.as_str()), Some(kind));
            assert_eq!(MfaType::for_challenge(kind.challenge_name()), Some(kind));
        }
        let media: Vec<Option<&str>> = MfaType::ALL.map(MfaType::delivery_medium).to_vec();
        assert_eq!(media, [Some("SMS"), None, Some("EMAIL")]);
        assert_eq!(
            MfaType::from_wire("TOTP"),
            None,
            "aliases are not wire names"
        );
    }
}
