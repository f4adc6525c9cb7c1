//! [`SignInState`] on its own: what a service answer (`InitiateAuth`,
//! `RespondToAuthChallenge`) does to it, and the checks of the challenge in progress that
//! every answer starts with.

use std::collections::BTreeMap;

use super::{AuthOutcome, Challenge, ClientMetadata, User};
use crate::device::NewDevice;
use crate::error::{Error, Result};
use crate::protocol::{AuthResponse, ChallengeName, SecretString};
use crate::session::{RefreshToken, UserSession, unix_now};

/// The user's sign-in state, never inferred from token validity.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub enum SignInState {
    /// No sign-in in progress and no tokens.
    #[default]
    Idle,
    /// A challenge was issued and is waiting for its answer.
    InChallenge {
        /// The challenge's name.
        name: ChallengeName,
        /// The `Session` to answer it with (a secret: redacted in `Debug`).
        session: SecretString,
        /// The raw `ChallengeParameters`.
        parameters: BTreeMap<String, String>,
        /// The typed challenge.
        challenge: Challenge,
    },
    /// Signed in.
    SignedIn {
        /// The tokens.
        session: UserSession,
    },
}

/// The service's answer, applied to the state: a challenge or a session.
pub(super) enum Step {
    Challenge {
        name: ChallengeName,
        session: SecretString,
        parameters: BTreeMap<String, String>,
        challenge: Challenge,
    },
    SignedIn(UserSession),
}

impl Step {
    /// Reads an `InitiateAuth` / `RespondToAuthChallenge` response.
    pub(super) fn from_response(
        response: AuthResponse,
        operation: &str,
        previous_refresh: Option<RefreshToken>,
    ) -> Result<Step> {
        if let Some(name) = response.challenge_name.as_deref().filter(|n| !n.is_empty()) {
            let name: ChallengeName = name.parse()?;
            let parameters = response.challenge_parameters.unwrap_or_default();
            let challenge = Challenge::parse(name, &parameters)?;
            let session = response.session.filter(|s| !s.is_empty()).ok_or_else(|| {
                Error::unexpected(format!("{operation}: {name} challenge without a Session"))
            })?;
            return Ok(Step::Challenge {
                name,
                session,
                parameters,
                challenge,
            });
        }
        match response.authentication_result {
            Some(result) => Ok(Step::SignedIn(UserSession::from_result(
                result,
                previous_refresh,
                unix_now(),
            )?)),
            None => Err(Error::unexpected(format!(
                "{operation}: neither ChallengeName nor AuthenticationResult"
            ))),
        }
    }
}

impl User {
    /// Takes a sign-in answer (`InitiateAuth`, `RespondToAuthChallenge`) to its outcome: the
    /// device steps answered internally, the state moved, and a device the answer announces
    /// confirmed. `operation` names the request in errors.
    ///
    /// # Errors
    /// As [`Step::from_response`] and the device steps; when confirming a new device fails,
    /// the user is signed in all the same and the error is returned.
    pub(super) async fn finish(
        &self,
        response: AuthResponse,
        operation: &str,
        client_metadata: Option<&ClientMetadata>,
    ) -> Result<AuthOutcome> {
        let response = self
            .answer_device_challenges(response, client_metadata)
            .await?;
        let new_device = NewDevice::of(&response);
        let outcome = self.apply(Step::from_response(response, operation, None)?);
        if let Some(device) = new_device {
            self.adopt_new_device(device).await?;
        }
        Ok(outcome)
    }

    pub(super) fn apply(&self, step: Step) -> AuthOutcome {
        let mut inner = self.lock();
        match step {
            Step::Challenge {
                name,
                session,
                parameters,
                challenge,
            } => {
                inner.state = SignInState::InChallenge {
                    name,
                    session,
                    parameters: parameters.clone(),
                    challenge: challenge.clone(),
                };
                AuthOutcome::Challenge {
                    challenge,
                    parameters,
                }
            }
            Step::SignedIn(session) => {
                inner.state = SignInState::SignedIn {
                    session: session.clone(),
                };
                AuthOutcome::SignedIn(session)
            }
        }
    }

    /// Takes the operation lock (held by the caller until it is done) and reads the
    /// challenge in progress: the user name to answer with, the challenge's name and its
    /// Session. `what` names the caller in the error. Every answer to a challenge starts here.
    ///
    /// # Errors
    /// [`Error::NoChallengeInProgress`] when no challenge is in progress.
    pub(super) async fn lock_any_challenge(
        &self,
        what: &str,
    ) -> Result<(
        tokio::sync::MutexGuard<'_, ()>,
        String,
        ChallengeName,
        SecretString,
    )> {
        let operation = self.operation.lock().await;
        let inner = self.lock();
        match &inner.state {
            SignInState::InChallenge { name, session, .. } => {
                Ok((operation, inner.username.clone(), *name, session.clone()))
            }
            _ => Err(Error::NoChallengeInProgress(format!(
                "{what} needs a challenge in progress"
            ))),
        }
    }

    /// [`User::lock_any_challenge`] for an answer to one challenge, `expected`.
    ///
    /// # Errors
    /// [`Error::NoChallengeInProgress`] when no challenge is in progress, or another one.
    pub(super) async fn lock_challenge(
        &self,
        what: &str,
        expected: ChallengeName,
    ) -> Result<(tokio::sync::MutexGuard<'_, ()>, String, SecretString)> {
        let (operation, username, name, session) = self.lock_any_challenge(what).await?;
        if name != expected {
            return Err(Error::NoChallengeInProgress(format!(
                "the challenge in progress is {name}, not {expected}"
            )));
        }
        Ok((operation, username, session))
    }

    /// The Session of an `MFA_SETUP` challenge in progress.
    pub(super) fn mfa_setup_session(&self) -> Option<SecretString> {
        match &self.lock().state {
            SignInState::InChallenge {
                name: ChallengeName::MfaSetup,
                session,
                ..
            } => Some(session.clone()),
            _ => None,
        }
    }

    pub(super) fn replace_challenge_session(&self, new_session: SecretString) {
        if let SignInState::InChallenge { session, .. } = &mut self.lock().state {
            *session = new_session;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{InitiateAuthRequest, MfaType, decode};

    fn parse(fixture: &[u8]) -> Result<Step> {
        let response = decode::<InitiateAuthRequest>(200, fixture)?;
        Step::from_response(response, "InitiateAuth", None)
    }

    fn challenge(fixture: &[u8]) -> Option<Challenge> {
        match parse(fixture) {
            Ok(Step::Challenge { challenge, .. }) => Some(challenge),
            _ => None,
        }
    }

    #[test]
    fn challenges_are_typed_from_the_fixtures() {
        assert_eq!(
            challenge(include_bytes!("../../tests/fixtures/sms_mfa_response.json")),
            Some(Challenge::SmsMfa {
                delivery_medium: Some("SMS".into()),
                destination: Some("+*******1234".into()),
            })
        );
        assert_eq!(
            challenge(include_bytes!(
                "../../tests/fixtures/select_mfa_type_response.json"
            )),
            Some(Challenge::SelectMfaType {
                mfas_can_choose: vec![MfaType::SmsMfa, MfaType::SoftwareTokenMfa]
            })
        );
        assert_eq!(
            challenge(include_bytes!(
                "../../tests/fixtures/mfa_setup_response.json"
            )),
            Some(Challenge::MfaSetup {
                mfas_can_setup: vec![MfaType::SmsMfa, MfaType::SoftwareTokenMfa]
            })
        );
        let new_password = challenge(include_bytes!(
            "../../tests/fixtures/new_password_required_response.json"
        ));
        let expected_attributes: BTreeMap<String, String> = [
            ("email".to_owned(), "alice@example.com".to_owned()),
            ("email_verified".to_owned(), "true".to_owned()),
        ]
        .into();
        assert_eq!(
            new_password,
            Some(Challenge::NewPasswordRequired {
                user_attributes: expected_attributes,
                required_attributes: vec!["name".into()],
            })
        );
    }

    #[test]
    fn email_otp_is_a_challenge_not_a_success() {
        let body = br#"{"ChallengeName":"EMAIL_OTP","Session":"AYABeSessionSessionSession",
            "ChallengeParameters":{"CODE_DELIVERY_DELIVERY_MEDIUM":"EMAIL",
            "CODE_DELIVERY_DESTINATION":"a***@e***"}}"#;
        let parsed = challenge(body);
        assert_eq!(
            parsed,
            Some(Challenge::EmailOtp {
                delivery_medium: Some("EMAIL".into()),
                destination: Some("a***@e***".into()),
            })
        );
        assert_eq!(parsed.and_then(|c| c.mfa_type()), Some(MfaType::EmailOtp));
    }

    #[test]
    fn unknown_challenges_and_missing_sessions_are_errors() {
        let unknown = br#"{"ChallengeName":"WEB_AUTHN","Session":"s","ChallengeParameters":{}}"#;
        assert_eq!(
            parse(unknown).err().map(|e| e.to_string()),
            Some("unsupported challenge WEB_AUTHN".to_owned())
        );
        let no_session = br#"{"ChallengeName":"SMS_MFA","ChallengeParameters":{}}"#;
        assert_eq!(
            parse(no_session).err().map(|e| e.to_string()),
            Some("unexpected response: InitiateAuth: SMS_MFA challenge without a Session".into())
        );
        let nothing = br#"{"ChallengeParameters":{}}"#;
        assert_eq!(
            parse(nothing).err().map(|e| e.code().to_owned()).as_deref(),
            Some("UnexpectedResponseError")
        );
        let no_list =
            br#"{"ChallengeName":"SELECT_MFA_TYPE","Session":"s","ChallengeParameters":{}}"#;
        assert_eq!(
            parse(no_list).err().map(|e| e.to_string()),
            Some(
                "unexpected response: SELECT_MFA_TYPE challenge: missing \
                 ChallengeParameters.MFAS_CAN_CHOOSE"
                    .into()
            )
        );
    }
}
