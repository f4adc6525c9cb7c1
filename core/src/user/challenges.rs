//! The challenges: [`Challenge`] typed from the service's `ChallengeParameters`, the
//! [`AuthOutcome`] of every sign-in step, and the answers to each challenge
//! (`RespondToAuthChallenge`, [`crate::protocol::auth`]).

use std::collections::BTreeMap;

use super::software_token::check_totp_code;
use super::{ClientMetadata, User};
use crate::client::Retry;
use crate::error::{Error, Result};
use crate::protocol::auth::{
    ChallengeNameWire, keys, mfa_list_parameter, required_parameter, string_list_parameter,
};
use crate::protocol::{ChallengeName, MfaType, RespondToAuthChallengeRequest, SecretString};
use crate::session::UserSession;
use crate::srp::Password;

/// A challenge the service asks the user to answer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Challenge {
    /// `SMS_MFA`: a code was sent by SMS; answer with [`User::send_mfa_code`].
    SmsMfa {
        /// `CODE_DELIVERY_DELIVERY_MEDIUM`, e.g. `SMS`.
        delivery_medium: Option<String>,
        /// `CODE_DELIVERY_DESTINATION`, masked, e.g. `+*******1234`.
        destination: Option<String>,
    },
    /// `SOFTWARE_TOKEN_MFA`: a code from the authenticator app; answer with
    /// [`User::send_mfa_code`].
    SoftwareTokenMfa {
        /// `FRIENDLY_DEVICE_NAME`, the name the authenticator was verified with, if sent.
        friendly_device_name: Option<String>,
    },
    /// `EMAIL_OTP`: a code was sent by e-mail; answer with [`User::send_mfa_code`].
    EmailOtp {
        /// `CODE_DELIVERY_DELIVERY_MEDIUM`, e.g. `EMAIL`.
        delivery_medium: Option<String>,
        /// `CODE_DELIVERY_DESTINATION`, masked.
        destination: Option<String>,
    },
    /// `SELECT_MFA_TYPE`: choose a factor with [`User::send_mfa_selection_answer`].
    SelectMfaType {
        /// `MFAS_CAN_CHOOSE`, parsed.
        mfas_can_choose: Vec<MfaType>,
    },
    /// `MFA_SETUP`: the pool requires MFA and the user has none; set up TOTP with
    /// [`User::associate_software_token`] and [`User::verify_software_token`].
    MfaSetup {
        /// `MFAS_CAN_SETUP`, parsed.
        mfas_can_setup: Vec<MfaType>,
    },
    /// `NEW_PASSWORD_REQUIRED`: answer with [`User::complete_new_password_challenge`].
    NewPasswordRequired {
        /// The user's current attributes (`userAttributes`, parsed).
        user_attributes: BTreeMap<String, String>,
        /// The attributes that must be given (`requiredAttributes`, parsed, without the
        /// `userAttributes.` prefix).
        required_attributes: Vec<String>,
    },
    /// `CUSTOM_CHALLENGE`: answer with [`User::send_custom_challenge_answer`].
    CustomChallenge {
        /// The challenge parameters, as sent.
        parameters: BTreeMap<String, String>,
    },
}

impl Challenge {
    /// The challenge's name on the wire.
    pub fn name(&self) -> ChallengeName {
        match self {
            Challenge::SmsMfa { .. } => ChallengeName::SmsMfa,
            Challenge::SoftwareTokenMfa { .. } => ChallengeName::SoftwareTokenMfa,
            Challenge::EmailOtp { .. } => ChallengeName::EmailOtp,
            Challenge::SelectMfaType { .. } => ChallengeName::SelectMfaType,
            Challenge::MfaSetup { .. } => ChallengeName::MfaSetup,
            Challenge::NewPasswordRequired { .. } => ChallengeName::NewPasswordRequired,
            Challenge::CustomChallenge { .. } => ChallengeName::CustomChallenge,
        }
    }

    /// The factor whose code this challenge asks for (SMS, TOTP or e-mail), if any.
    pub fn mfa_type(&self) -> Option<MfaType> {
        MfaType::for_challenge(self.name())
    }

    /// `SMS_MFA` / `EMAIL_OTP`: where the code was sent, masked (`CODE_DELIVERY_DESTINATION`,
    /// e.g. `+*******0100`).
    pub fn destination(&self) -> Option<&str> {
        match self {
            Challenge::SmsMfa { destination, .. } | Challenge::EmailOtp { destination, .. } => {
                destination.as_deref()
            }
            _ => None,
        }
    }

    /// `SMS_MFA` / `EMAIL_OTP`: how the code was sent (`CODE_DELIVERY_DELIVERY_MEDIUM`,
    /// `SMS` or `EMAIL`).
    pub fn delivery_medium(&self) -> Option<&str> {
        match self {
            Challenge::SmsMfa {
                delivery_medium, ..
            }
            | Challenge::EmailOtp {
                delivery_medium, ..
            } => delivery_medium.as_deref(),
            _ => None,
        }
    }

    /// `SOFTWARE_TOKEN_MFA`: the name the authenticator was verified with, if sent.
    pub fn friendly_device_name(&self) -> Option<&str> {
        match self {
            Challenge::SoftwareTokenMfa {
                friendly_device_name,
            } => friendly_device_name.as_deref(),
            _ => None,
        }
    }

    /// `SELECT_MFA_TYPE`: the factors to choose from (`MFAS_CAN_CHOOSE`, parsed).
    pub fn mfas_can_choose(&self) -> Option<&[MfaType]> {
        match self {
            Challenge::SelectMfaType { mfas_can_choose } => Some(mfas_can_choose),
            _ => None,
        }
    }

    /// `MFA_SETUP`: the factors that can be set up (`MFAS_CAN_SETUP`, parsed).
    pub fn mfas_can_setup(&self) -> Option<&[MfaType]> {
        match self {
            Challenge::MfaSetup { mfas_can_setup } => Some(mfas_can_setup),
            _ => None,
        }
    }

    /// `NEW_PASSWORD_REQUIRED`: the user's current attributes (`userAttributes`, parsed).
    pub fn user_attributes(&self) -> Option<&BTreeMap<String, String>> {
        match self {
            Challenge::NewPasswordRequired {
                user_attributes, ..
            } => Some(user_attributes),
            _ => None,
        }
    }

    /// `NEW_PASSWORD_REQUIRED`: the attributes the answer must give (`requiredAttributes`,
    /// without the `userAttributes.` prefix).
    pub fn required_attributes(&self) -> Option<&[String]> {
        match self {
            Challenge::NewPasswordRequired {
                required_attributes,
                ..
            } => Some(required_attributes),
            _ => None,
        }
    }

    /// Types the challenge from its name and parameters.
    pub(super) fn parse(
        name: ChallengeName,
        parameters: &BTreeMap<String, String>,
    ) -> Result<Challenge> {
        let get = |key: &str| parameters.get(key).cloned();
        Ok(match name {
            ChallengeName::SmsMfa => Challenge::SmsMfa {
                delivery_medium: get(keys::CODE_DELIVERY_DELIVERY_MEDIUM),
                destination: get(keys::CODE_DELIVERY_DESTINATION),
            },
            ChallengeName::EmailOtp => Challenge::EmailOtp {
                delivery_medium: get(keys::CODE_DELIVERY_DELIVERY_MEDIUM),
                destination: get(keys::CODE_DELIVERY_DESTINATION),
            },
            ChallengeName::SoftwareTokenMfa => Challenge::SoftwareTokenMfa {
                friendly_device_name: get(keys::FRIENDLY_DEVICE_NAME),
            },
            ChallengeName::SelectMfaType => Challenge::SelectMfaType {
                mfas_can_choose: mfa_list_parameter(parameters, name, keys::MFAS_CAN_CHOOSE)?,
            },
            ChallengeName::MfaSetup => Challenge::MfaSetup {
                mfas_can_setup: mfa_list_parameter(parameters, name, keys::MFAS_CAN_SETUP)?,
            },
            ChallengeName::NewPasswordRequired => {
                let attributes = required_parameter(parameters, name, keys::USER_ATTRIBUTES)?;
                let attributes: BTreeMap<String, serde_json::Value> =
                    serde_json::from_str(attributes).map_err(|e| Error::UnexpectedResponse {
                        what: format!(
                            "{name} challenge: ChallengeParameters.userAttributes is not a \
                             JSON object"
                        ),
                        status: None,
                        source: Some(Box::new(e)),
                    })?;
                let user_attributes = attributes
                    .into_iter()
                    .map(|(key, value)| match value {
                        serde_json::Value::String(text) => (key, text),
                        other => (key, other.to_string()),
                    })
                    .collect();
                let required_attributes =
                    string_list_parameter(parameters, name, keys::REQUIRED_ATTRIBUTES)?
                        .into_iter()
                        .map(|attribute| {
                            match attribute.strip_prefix(keys::USER_ATTRIBUTES_PREFIX) {
                                Some(bare) => bare.to_owned(),
                                None => attribute,
                            }
                        })
                        .collect();
                Challenge::NewPasswordRequired {
                    user_attributes,
                    required_attributes,
                }
            }
            ChallengeName::CustomChallenge => Challenge::CustomChallenge {
                parameters: parameters.clone(),
            },
            ChallengeName::PasswordVerifier => {
                return Err(Error::unexpected(
                    "PASSWORD_VERIFIER challenge outside of an SRP sign-in",
                ));
            }
            ChallengeName::DeviceSrpAuth | ChallengeName::DevicePasswordVerifier => {
                return Err(Error::unexpected(format!(
                    "{name} challenge for a sign-in without a known device"
                )));
            }
        })
    }
}

/// What a sign-in step led to: the one result of [`User::authenticate_user`],
/// [`User::send_mfa_code`], [`User::send_mfa_selection_answer`],
/// [`User::complete_new_password_challenge`], [`User::send_custom_challenge_answer`] and
/// [`User::verify_software_token`]. The bindings' result objects are getters over it.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum AuthOutcome {
    /// The user is signed in.
    SignedIn(UserSession),
    /// The service asks for another step.
    Challenge {
        /// The typed challenge.
        challenge: Challenge,
        /// The raw `ChallengeParameters` of this challenge, as the service sent them (no
        /// secret: the `Session` is kept apart, and `PASSWORD_VERIFIER`, whose parameters
        /// carry the SRP values, is answered internally and never returned).
        parameters: BTreeMap<String, String>,
    },
    /// Only from [`User::verify_software_token`] while signed in (the AccessToken form): the
    /// authenticator is verified (`Status: SUCCESS`) but not enabled yet: call
    /// [`User::set_user_mfa_preference`].
    Verified,
}

impl AuthOutcome {
    /// The session, when signed in.
    pub fn session(&self) -> Option<&UserSession> {
        match self {
            AuthOutcome::SignedIn(session) => Some(session),
            _ => None,
        }
    }

    /// True when the user is signed in ([`AuthOutcome::session`] is set).
    pub fn is_signed_in(&self) -> bool {
        matches!(self, AuthOutcome::SignedIn(_))
    }

    /// True for [`AuthOutcome::Verified`].
    pub fn is_verified(&self) -> bool {
        matches!(self, AuthOutcome::Verified)
    }

    /// The challenge, when one is asked.
    pub fn challenge(&self) -> Option<&Challenge> {
        match self {
            AuthOutcome::Challenge { challenge, .. } => Some(challenge),
            _ => None,
        }
    }

    /// The name of the challenge asked, if any.
    pub fn challenge_name(&self) -> Option<ChallengeName> {
        self.challenge().map(Challenge::name)
    }

    /// The raw `ChallengeParameters` of the challenge asked, as the service sent them (taken
    /// from the same answer as [`AuthOutcome::challenge`], never from the user's state).
    pub fn challenge_parameters(&self) -> Option<&BTreeMap<String, String>> {
        match self {
            AuthOutcome::Challenge { parameters, .. } => Some(parameters),
            _ => None,
        }
    }
}

impl User {
    pub(super) async fn respond(
        &self,
        name: ChallengeName,
        session: SecretString,
        responses: BTreeMap<String, SecretString>,
        client_metadata: Option<ClientMetadata>,
    ) -> Result<AuthOutcome> {
        let request = RespondToAuthChallengeRequest {
            challenge_name: ChallengeNameWire(name),
            client_id: self.pool.client_id().to_owned(),
            session: Some(session),
            challenge_responses: responses,
            client_metadata,
        };
        let response = self.pool.send(&request, Retry::Never).await?;
        self.finish(
            response,
            "RespondToAuthChallenge",
            request.client_metadata.as_ref(),
        )
        .await
    }

    /// Answers `SMS_MFA`, `SOFTWARE_TOKEN_MFA` or `EMAIL_OTP` with a code
    /// (amazon-cognito-identity-js's `sendMFACode`).
    ///
    /// `mfa_type` defaults to the challenge in progress (never blindly to SMS); the result is
    /// read from the service's answer, so a further challenge comes back as a challenge. A
    /// wrong code leaves the challenge in progress, to be tried again.
    ///
    /// # Errors
    /// [`Error::NoChallengeInProgress`] unless one of those three challenges is in progress;
    /// [`Error::InvalidInput`] when `mfa_type` contradicts it, for an empty code, or for a TOTP
    /// code that is not 6 digits (before any request); [`Error::Service`]
    /// (`CodeMismatchException`, `ExpiredCodeException`, `NotAuthorizedException` for an
    /// expired or used Session, `SoftwareTokenMFANotFoundException`...); transport errors.
    pub async fn send_mfa_code(
        &self,
        code: &str,
        mfa_type: Option<MfaType>,
        client_metadata: Option<ClientMetadata>,
    ) -> Result<AuthOutcome> {
        let (_operation, username, name, session) =
            self.lock_any_challenge("send_mfa_code").await?;
        let in_progress = MfaType::for_challenge(name).ok_or_else(|| {
            Error::NoChallengeInProgress(format!(
                "the challenge in progress is {name}, which is not answered with an MFA code"
            ))
        })?;
        if let Some(requested) = mfa_type.filter(|t| *t != in_progress) {
            return Err(Error::invalid_input(format!(
                "the code is for {requested} but the challenge in progress is {name}"
            )));
        }
        match in_progress {
            MfaType::SoftwareTokenMfa => check_totp_code(code)?,
            MfaType::SmsMfa | MfaType::EmailOtp if code.trim().is_empty() => {
                return Err(Error::invalid_input("the code is empty"));
            }
            _ => {}
        }
        let mut responses = self.user_parameters(&username);
        responses.insert(in_progress.code_key().to_owned(), SecretString::new(code));
        self.respond(name, session, responses, client_metadata)
            .await
    }

    /// Chooses a factor at `SELECT_MFA_TYPE` (amazon-cognito-identity-js's
    /// `sendMFASelectionAnswer`). Accepts `SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP` and the
    /// aliases `SMS`, `SOFTWARE_TOKEN`, `TOTP`, `EMAIL` (any case). Returns the next challenge
    /// as the service sends it (normally that factor's code challenge).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an unknown answer;
    /// [`Error::NoChallengeInProgress`] unless `SELECT_MFA_TYPE` is in progress;
    /// [`Error::Service`] and transport errors.
    pub async fn send_mfa_selection_answer(
        &self,
        answer: &str,
        client_metadata: Option<ClientMetadata>,
    ) -> Result<AuthOutcome> {
        let answer: MfaType = answer.parse()?;
        let name = ChallengeName::SelectMfaType;
        let (_operation, username, session) = self
            .lock_challenge("send_mfa_selection_answer", name)
            .await?;
        // A factor outside MFAS_CAN_CHOOSE is left for the service to refuse, with its own
        // code (e.g. SoftwareTokenMFANotFoundException).
        let mut responses = self.user_parameters(&username);
        responses.insert(keys::ANSWER.to_owned(), SecretString::new(answer.as_str()));
        self.respond(name, session, responses, client_metadata)
            .await
    }

    /// Answers `NEW_PASSWORD_REQUIRED` with a new password and the required attributes
    /// (names without the `userAttributes.` prefix). May lead to `MFA_SETUP`.
    ///
    /// # Errors
    /// [`Error::NoChallengeInProgress`] unless `NEW_PASSWORD_REQUIRED` is in progress;
    /// [`Error::Service`] (`InvalidPasswordException`, `InvalidParameterException` for a
    /// missing attribute...) and transport errors.
    pub async fn complete_new_password_challenge(
        &self,
        new_password: impl Into<Password>,
        user_attributes: BTreeMap<String, String>,
        client_metadata: Option<ClientMetadata>,
    ) -> Result<AuthOutcome> {
        let new_password = new_password.into();
        let name = ChallengeName::NewPasswordRequired;
        let (_operation, username, session) = self
            .lock_challenge("complete_new_password_challenge", name)
            .await?;
        let password = std::str::from_utf8(new_password.as_bytes())
            .map_err(|_| Error::invalid_input("the password is not UTF-8"))?;
        let mut responses = self.user_parameters(&username);
        responses.insert(keys::NEW_PASSWORD.to_owned(), SecretString::new(password));
        for (attribute, value) in user_attributes {
            responses.insert(
                format!("{}{attribute}", keys::USER_ATTRIBUTES_PREFIX),
                SecretString::new(value),
            );
        }
        self.respond(name, session, responses, client_metadata)
            .await
    }

    /// Answers `CUSTOM_CHALLENGE` with `ANSWER`.
    ///
    /// # Errors
    /// [`Error::NoChallengeInProgress`] unless `CUSTOM_CHALLENGE` is in progress;
    /// [`Error::Service`] and transport errors.
    pub async fn send_custom_challenge_answer(
        &self,
        answer: &str,
        client_metadata: Option<ClientMetadata>,
    ) -> Result<AuthOutcome> {
        let name = ChallengeName::CustomChallenge;
        let (_operation, username, session) = self
            .lock_challenge("send_custom_challenge_answer", name)
            .await?;
        let mut responses = self.user_parameters(&username);
        responses.insert(keys::ANSWER.to_owned(), SecretString::new(answer));
        self.respond(name, session, responses, client_metadata)
            .await
    }
}
