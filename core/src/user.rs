//! [`User`]: one user of a pool and its sign-in state — every MFA flow of
//! amazon-cognito-identity-js's `CognitoUser`, as `async fn`s.
//!
//! The state is explicit ([`SignInState`]): idle, in a challenge (with its `Session`), or
//! signed in (with a [`UserSession`]). It changes only when the service answers successfully;
//! a failed call leaves it as it was (so a wrong MFA code can be retried on the same Session).
//! Calls on one `User` are serialized: a second call waits for the first to finish, so two
//! tasks never race the same Session. `User` is `Send + Sync`; share it behind an `Arc`.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};

use zeroize::Zeroizing;

use crate::client::{Retry, UserPool};
use crate::error::{Error, Result};
use crate::protocol::auth::{
    ChallengeNameWire, keys, mfa_list_parameter, required_parameter, string_list_parameter,
};
use crate::protocol::{
    AssociateSoftwareTokenRequest, AttributeType, AuthFlow, AuthResponse, ChallengeName,
    GetUserRequest, GetUserResponse, GlobalSignOutRequest, InitiateAuthRequest, MfaOption,
    MfaSettings, MfaType, RespondToAuthChallengeRequest, SecretString, SetUserMfaPreferenceRequest,
    SetUserSettingsRequest, VerifySoftwareTokenRequest, VerifyStatus,
};
use crate::session::{UserSession, unix_now};
use crate::srp::{Password, SrpClient, format_timestamp};
use crate::totp::{KeyUri, Secret, Totp};

/// Metadata passed to the pool's Lambda triggers (`ClientMetadata`).
pub type ClientMetadata = BTreeMap<String, String>;

/// How to sign in: the password, the flow and optional client metadata (amazon-cognito-
/// identity-js's `AuthenticationDetails`; the user name is the [`User`]'s).
#[derive(Clone, Debug)]
pub struct AuthenticationDetails {
    password: Password,
    flow: AuthFlow,
    client_metadata: Option<ClientMetadata>,
    username: Option<String>,
}

impl AuthenticationDetails {
    /// Sign in with `USER_SRP_AUTH` (the password never leaves this machine).
    pub fn new(password: impl Into<Password>) -> Self {
        AuthenticationDetails {
            password: password.into(),
            flow: AuthFlow::UserSrpAuth,
            client_metadata: None,
            username: None,
        }
    }

    /// The user these details are for (identity-js's `Username`): when set,
    /// [`User::authenticate_user`] refuses them for a user created with another name, before
    /// any request.
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// Uses another flow: [`AuthFlow::UserPasswordAuth`] sends the password (over TLS); the app
    /// client must allow it. [`AuthFlow::RefreshTokenAuth`] is refused by
    /// [`User::authenticate_user`] (use [`User::refresh_session`]).
    pub fn flow(mut self, flow: AuthFlow) -> Self {
        self.flow = flow;
        self
    }

    /// Metadata for the pool's Lambda triggers.
    pub fn client_metadata(mut self, metadata: ClientMetadata) -> Self {
        self.client_metadata = Some(metadata);
        self
    }
}

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
    fn parse(name: ChallengeName, parameters: &BTreeMap<String, String>) -> Result<Challenge> {
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

/// The TOTP secret returned by [`User::associate_software_token`].
#[derive(Clone, Debug)]
pub struct AssociatedSoftwareToken {
    secret: Secret,
}

impl AssociatedSoftwareToken {
    /// The secret (redacted in `Debug`).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The secret in base32, as `SecretCode` sent it (for typing into an authenticator app).
    pub fn secret_base32(&self) -> Zeroizing<String> {
        self.secret.to_base32()
    }

    /// A TOTP generator with Cognito's settings (SHA-1, 6 digits, 30 s).
    pub fn totp(&self) -> Totp {
        Totp::new(self.secret.clone())
    }

    /// The `otpauth://` key URI for an authenticator app, e.g.
    /// `otpauth://totp/My%20App:alice?secret=...&issuer=My%20App&...`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `account` is empty, or `account` or `issuer` contains `:`.
    pub fn otpauth_uri(&self, account: &str, issuer: Option<&str>) -> Result<Zeroizing<String>> {
        Ok(self.key_uri(account, issuer)?.to_uri())
    }

    /// The key URI as a value (to render a QR code with [`crate::totp::qr_text`] or
    /// [`crate::totp::qr_svg`]).
    ///
    /// # Errors
    /// As [`AssociatedSoftwareToken::otpauth_uri`].
    pub fn key_uri(&self, account: &str, issuer: Option<&str>) -> Result<KeyUri> {
        self.totp().key_uri(account, issuer)
    }
}

/// The MFA settings to change with [`User::set_mfa_preferences`]; `None` leaves a factor
/// unchanged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MfaPreferences {
    /// SMS MFA.
    pub sms: Option<MfaSettings>,
    /// Software-token (TOTP) MFA.
    pub software_token: Option<MfaSettings>,
    /// E-mail MFA.
    pub email: Option<MfaSettings>,
}

/// The user's data from `GetUser`, with the MFA fields typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserData {
    /// The user name (the internal one for pools with aliases).
    pub username: String,
    /// The attributes, in the service's order.
    pub attributes: Vec<AttributeType>,
    /// Legacy SMS MFA settings (`MFAOptions`; empty when absent).
    pub mfa_options: Vec<MfaOption>,
    /// The preferred factor (`PreferredMfaSetting`), if any.
    pub preferred_mfa_setting: Option<MfaType>,
    /// The enabled factors (`UserMFASettingList`; empty when absent). Factors this client does
    /// not know are left out.
    pub user_mfa_setting_list: Vec<MfaType>,
}

impl UserData {
    /// The value of one attribute, e.g. `attribute("phone_number")`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|attribute| attribute.name == name)
            .map(|attribute| attribute.value.as_str())
    }

    fn from_wire(response: GetUserResponse) -> Self {
        UserData {
            username: response.username,
            attributes: response.user_attributes,
            mfa_options: response.mfa_options.unwrap_or_default(),
            preferred_mfa_setting: response
                .preferred_mfa_setting
                .as_deref()
                .and_then(MfaType::from_wire),
            user_mfa_setting_list: response
                .user_mfa_setting_list
                .unwrap_or_default()
                .iter()
                .filter_map(|name| MfaType::from_wire(name))
                .collect(),
        }
    }
}

/// One user of a pool: signs in, answers challenges, enrols TOTP and manages MFA settings.
///
/// Make one with [`UserPool::user`]. Every method takes `&self`; calls on one user run one at a
/// time.
pub struct User {
    pool: UserPool,
    /// The name the user was created with (the name in requests becomes `USER_ID_FOR_SRP`
    /// after an SRP sign-in).
    given_username: String,
    /// Serializes operations (held across awaits).
    operation: tokio::sync::Mutex<()>,
    /// The state (held only briefly, never across an await).
    state: Mutex<Inner>,
}

struct Inner {
    username: String,
    state: SignInState,
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = self.lock();
        f.debug_struct("User")
            .field("username", &inner.username)
            .field("state", &inner.state)
            .finish_non_exhaustive()
    }
}

/// Refuses a TOTP code that is not exactly six ASCII digits, before any request.
fn check_totp_code(code: &str) -> Result<()> {
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::invalid_input("a TOTP code must be exactly 6 digits"))
    }
}

/// The service's answer, applied to the state: a challenge or a session.
enum Step {
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
    fn from_response(
        response: AuthResponse,
        operation: &str,
        previous_refresh: Option<crate::session::RefreshToken>,
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
    pub(crate) fn new(pool: UserPool, username: String) -> User {
        User {
            pool,
            given_username: username.clone(),
            operation: tokio::sync::Mutex::new(()),
            state: Mutex::new(Inner {
                username,
                state: SignInState::Idle,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The pool this user belongs to.
    pub fn pool(&self) -> &UserPool {
        &self.pool
    }

    /// The user name sent in requests: as given, then `USER_ID_FOR_SRP` after an SRP sign-in.
    pub fn username(&self) -> String {
        self.lock().username.clone()
    }

    /// The name the user was created with ([`UserPool::user`]), which never changes.
    pub fn given_username(&self) -> &str {
        &self.given_username
    }

    /// A snapshot of the sign-in state.
    pub fn state(&self) -> SignInState {
        self.lock().state.clone()
    }

    /// The session, when signed in (whether or not its tokens are still valid: see
    /// [`UserSession::is_valid`]).
    pub fn session(&self) -> Option<UserSession> {
        match &self.lock().state {
            SignInState::SignedIn { session } => Some(session.clone()),
            _ => None,
        }
    }

    /// The challenge in progress, if any.
    pub fn challenge(&self) -> Option<Challenge> {
        match &self.lock().state {
            SignInState::InChallenge { challenge, .. } => Some(challenge.clone()),
            _ => None,
        }
    }

    /// Signs the user in with a session obtained earlier (e.g. restored from storage).
    pub fn restore_session(&self, session: UserSession) {
        self.lock().state = SignInState::SignedIn { session };
    }

    /// Resumes a challenge from its name, Session and parameters kept elsewhere — e.g. by a
    /// web backend between two HTTP requests, from [`User::state`] — and returns it typed.
    /// The next answer is sent with that Session.
    ///
    /// # Errors
    /// [`Error::UnexpectedResponse`] when the parameters do not fit the challenge (e.g.
    /// `SELECT_MFA_TYPE` without `MFAS_CAN_CHOOSE`); [`Error::InvalidInput`] for an empty
    /// Session or `PASSWORD_VERIFIER` (which cannot be resumed).
    pub fn resume_challenge(
        &self,
        name: ChallengeName,
        session: impl Into<String>,
        parameters: BTreeMap<String, String>,
    ) -> Result<Challenge> {
        let session = SecretString::new(session.into());
        if session.is_empty() {
            return Err(Error::invalid_input("the challenge Session is empty"));
        }
        if name == ChallengeName::PasswordVerifier {
            return Err(Error::invalid_input("PASSWORD_VERIFIER cannot be resumed"));
        }
        let challenge = Challenge::parse(name, &parameters)?;
        self.lock().state = SignInState::InChallenge {
            name,
            session,
            parameters,
            challenge: challenge.clone(),
        };
        Ok(challenge)
    }

    /// Forgets the tokens or the challenge in progress, locally (no request; the tokens stay
    /// valid at the service: see [`User::global_sign_out`]).
    pub fn sign_out(&self) {
        self.lock().state = SignInState::Idle;
    }

    fn apply(&self, step: Step) -> AuthOutcome {
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

    /// The challenge in progress and its Session, or `NoChallengeInProgress`.
    fn current_challenge(&self, what: &str) -> Result<(String, ChallengeName, SecretString)> {
        let inner = self.lock();
        match &inner.state {
            SignInState::InChallenge { name, session, .. } => {
                Ok((inner.username.clone(), *name, session.clone()))
            }
            _ => Err(Error::NoChallengeInProgress(format!(
                "{what} needs a challenge in progress"
            ))),
        }
    }

    /// Takes the operation lock (held by the caller until it is done) and reads the
    /// challenge in progress, which must be `expected`; `what` names the caller in the error.
    ///
    /// # Errors
    /// [`Error::NoChallengeInProgress`] when no challenge is in progress, or another one.
    async fn lock_challenge(
        &self,
        what: &str,
        expected: ChallengeName,
    ) -> Result<(tokio::sync::MutexGuard<'_, ()>, String, SecretString)> {
        let operation = self.operation.lock().await;
        let (username, name, session) = self.current_challenge(what)?;
        if name != expected {
            return Err(Error::NoChallengeInProgress(format!(
                "the challenge in progress is {name}, not {expected}"
            )));
        }
        Ok((operation, username, session))
    }

    /// The username and access token, or `NotSignedIn`.
    fn signed_in(&self) -> Result<(String, SecretString, UserSession)> {
        let inner = self.lock();
        match &inner.state {
            SignInState::SignedIn { session } => Ok((
                inner.username.clone(),
                SecretString::new(session.access_token().jwt_token()),
                session.clone(),
            )),
            _ => Err(Error::NotSignedIn),
        }
    }

    /// `ChallengeResponses` with `USERNAME` and, for a client with a secret, `SECRET_HASH`.
    fn responses(&self, username: &str) -> BTreeMap<String, SecretString> {
        let mut responses = BTreeMap::new();
        responses.insert(keys::USERNAME.to_owned(), SecretString::new(username));
        if let Some(hash) = self.pool.secret_hash(username) {
            responses.insert(keys::SECRET_HASH.to_owned(), hash);
        }
        responses
    }

    async fn respond(
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
        let step = Step::from_response(response, "RespondToAuthChallenge", None)?;
        Ok(self.apply(step))
    }

    /// Signs in with `USER_SRP_AUTH` (default) or `USER_PASSWORD_AUTH`
    /// (amazon-cognito-identity-js's `authenticateUser`).
    ///
    /// With SRP, the `PASSWORD_VERIFIER` step is answered internally and `USER_ID_FOR_SRP`
    /// becomes the user name of every later request. Returns the session, or the challenge to
    /// answer next (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP, SELECT_MFA_TYPE, MFA_SETUP,
    /// NEW_PASSWORD_REQUIRED, CUSTOM_CHALLENGE).
    ///
    /// # Errors
    /// [`Error::Service`] from the service (`NotAuthorizedException` for a wrong password,
    /// `UserNotFoundException`, `UserNotConfirmedException`, `PasswordResetRequiredException`,
    /// `InvalidParameterException` for a flow the app client does not allow...);
    /// [`Error::UnsupportedChallenge`] for a challenge this client does not know;
    /// [`Error::UnexpectedResponse`], [`Error::Network`], [`Error::Timeout`];
    /// [`Error::InvalidInput`] for [`AuthFlow::RefreshTokenAuth`] or details for another user
    /// ([`AuthenticationDetails::username`]); [`Error::Srp`] when the service's SRP values are
    /// unusable.
    pub async fn authenticate_user(&self, details: AuthenticationDetails) -> Result<AuthOutcome> {
        if let Some(other) = details
            .username
            .as_deref()
            .filter(|name| *name != self.given_username)
        {
            return Err(Error::invalid_input(format!(
                "the AuthenticationDetails are for {other:?}, not for this user ({:?})",
                self.given_username
            )));
        }
        let _operation = self.operation.lock().await;
        let username = self.username();
        let mut parameters = BTreeMap::new();
        parameters.insert(
            keys::USERNAME.to_owned(),
            SecretString::new(username.as_str()),
        );
        if let Some(hash) = self.pool.secret_hash(&username) {
            parameters.insert(keys::SECRET_HASH.to_owned(), hash);
        }
        let srp = match details.flow {
            AuthFlow::UserSrpAuth => {
                let srp = SrpClient::new_random()?;
                parameters.insert(keys::SRP_A.to_owned(), SecretString::new(srp.srp_a()));
                Some(srp)
            }
            AuthFlow::UserPasswordAuth => {
                let password = std::str::from_utf8(details.password.as_bytes())
                    .map_err(|_| Error::invalid_input("the password is not UTF-8"))?;
                parameters.insert(keys::PASSWORD.to_owned(), SecretString::new(password));
                None
            }
            AuthFlow::RefreshTokenAuth => {
                return Err(Error::invalid_input(
                    "REFRESH_TOKEN_AUTH is not a sign-in with a password: use refresh_session",
                ));
            }
        };
        let request = InitiateAuthRequest {
            auth_flow: details.flow,
            client_id: self.pool.client_id().to_owned(),
            auth_parameters: parameters,
            client_metadata: details.client_metadata.clone(),
        };
        let response = self.pool.send(&request, Retry::Never).await?;
        let response = match srp {
            Some(srp) if response.challenge_name.as_deref() == Some("PASSWORD_VERIFIER") => {
                self.answer_password_verifier(&srp, &details, response)
                    .await?
            }
            _ => response,
        };
        let step = Step::from_response(response, "InitiateAuth", None)?;
        Ok(self.apply(step))
    }

    /// Computes and sends the SRP password claim; adopts `USER_ID_FOR_SRP` as the user name.
    async fn answer_password_verifier(
        &self,
        srp: &SrpClient,
        details: &AuthenticationDetails,
        response: AuthResponse,
    ) -> Result<AuthResponse> {
        let name = ChallengeName::PasswordVerifier;
        let parameters = response.challenge_parameters.unwrap_or_default();
        let user_id = required_parameter(&parameters, name, keys::USER_ID_FOR_SRP)?;
        let claim = srp.password_claim(
            self.pool.pool_id().pool_name(),
            user_id,
            &details.password,
            required_parameter(&parameters, name, keys::SALT)?,
            required_parameter(&parameters, name, keys::SRP_B)?,
            required_parameter(&parameters, name, keys::SECRET_BLOCK)?,
            &format_timestamp(unix_now())?,
        )?;
        self.lock().username = user_id.to_owned();
        let mut responses = self.responses(user_id);
        responses.insert(
            keys::PASSWORD_CLAIM_SECRET_BLOCK.to_owned(),
            SecretString::new(claim.secret_block),
        );
        responses.insert(
            keys::PASSWORD_CLAIM_SIGNATURE.to_owned(),
            SecretString::new(claim.signature),
        );
        responses.insert(
            keys::TIMESTAMP.to_owned(),
            SecretString::new(claim.timestamp),
        );
        let request = RespondToAuthChallengeRequest {
            challenge_name: ChallengeNameWire(name),
            client_id: self.pool.client_id().to_owned(),
            session: response.session,
            challenge_responses: responses,
            client_metadata: details.client_metadata.clone(),
        };
        self.pool.send(&request, Retry::Never).await
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
        let _operation = self.operation.lock().await;
        let (username, name, session) = self.current_challenge("send_mfa_code")?;
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
        let mut responses = self.responses(&username);
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
        let mut responses = self.responses(&username);
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
        let mut responses = self.responses(&username);
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
        let mut responses = self.responses(&username);
        responses.insert(keys::ANSWER.to_owned(), SecretString::new(answer));
        self.respond(name, session, responses, client_metadata)
            .await
    }

    /// Starts TOTP enrolment: asks the service for a new secret (`AssociateSoftwareToken`).
    ///
    /// During `MFA_SETUP` the challenge's Session is used (and replaced by the new one);
    /// otherwise the signed-in user's access token. Show the secret (or
    /// [`AssociatedSoftwareToken::otpauth_uri`] as a QR code), then call
    /// [`User::verify_software_token`] with a code from the app.
    ///
    /// # Errors
    /// [`Error::NotSignedIn`] unless signed in or in `MFA_SETUP`; [`Error::Service`]
    /// (`SoftwareTokenMFANotFoundException` when the pool does not allow TOTP,
    /// `NotAuthorizedException`...); [`Error::UnexpectedResponse`] when `SecretCode` is not a
    /// base32 secret of at least 16 characters or the Session form returns no Session;
    /// transport errors.
    pub async fn associate_software_token(&self) -> Result<AssociatedSoftwareToken> {
        let _operation = self.operation.lock().await;
        let setup_session = self.mfa_setup_session();
        let request = match &setup_session {
            Some(session) => AssociateSoftwareTokenRequest {
                access_token: None,
                session: Some(session.clone()),
            },
            None => AssociateSoftwareTokenRequest {
                access_token: Some(self.signed_in()?.1),
                session: None,
            },
        };
        let response = self.pool.send(&request, Retry::Never).await?;
        let secret = Secret::from_base32(response.secret_code.expose()).map_err(|_| {
            Error::unexpected("AssociateSoftwareToken: SecretCode is not a base32 secret")
        })?;
        if setup_session.is_some() {
            let new_session = response.session.filter(|s| !s.is_empty()).ok_or_else(|| {
                Error::unexpected("AssociateSoftwareToken: missing field `Session`")
            })?;
            self.replace_challenge_session(new_session);
        }
        Ok(AssociatedSoftwareToken { secret })
    }

    /// Finishes TOTP enrolment with a code from the authenticator (`VerifySoftwareToken`).
    ///
    /// During `MFA_SETUP` (Session form) it also answers `MFA_SETUP` with the Session the
    /// service returns, and gives the sign-in's outcome. Signed in (AccessToken form) it
    /// gives [`AuthOutcome::Verified`]; TOTP is then enabled with
    /// [`User::set_user_mfa_preference`].
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a code that is not 6 digits (before any request);
    /// [`Error::NotSignedIn`] unless signed in or in `MFA_SETUP`;
    /// [`Error::SoftwareTokenNotVerified`] when the service answers `Status: ERROR`;
    /// [`Error::Service`] (`EnableSoftwareTokenMFAException` for a wrong code,
    /// `NotAuthorizedException`...); transport errors.
    pub async fn verify_software_token(
        &self,
        code: &str,
        friendly_device_name: Option<&str>,
    ) -> Result<AuthOutcome> {
        check_totp_code(code)?;
        let _operation = self.operation.lock().await;
        let setup_session = self.mfa_setup_session();
        let request = match &setup_session {
            Some(session) => VerifySoftwareTokenRequest {
                access_token: None,
                session: Some(session.clone()),
                user_code: SecretString::new(code),
                friendly_device_name: friendly_device_name.map(str::to_owned),
            },
            None => VerifySoftwareTokenRequest {
                access_token: Some(self.signed_in()?.1),
                session: None,
                user_code: SecretString::new(code),
                friendly_device_name: friendly_device_name.map(str::to_owned),
            },
        };
        let response = self.pool.send(&request, Retry::Never).await?;
        if response.status != VerifyStatus::Success {
            return Err(Error::SoftwareTokenNotVerified {
                status: response.status.as_str().to_owned(),
            });
        }
        if setup_session.is_none() {
            return Ok(AuthOutcome::Verified);
        }
        let session = response
            .session
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::unexpected("VerifySoftwareToken: missing field `Session`"))?;
        self.replace_challenge_session(session.clone());
        let username = self.username();
        let responses = self.responses(&username);
        self.respond(ChallengeName::MfaSetup, session, responses, None)
            .await
    }

    /// The Session of an `MFA_SETUP` challenge in progress.
    fn mfa_setup_session(&self) -> Option<SecretString> {
        match &self.lock().state {
            SignInState::InChallenge {
                name: ChallengeName::MfaSetup,
                session,
                ..
            } => Some(session.clone()),
            _ => None,
        }
    }

    fn replace_challenge_session(&self, new_session: SecretString) {
        if let SignInState::InChallenge { session, .. } = &mut self.lock().state {
            *session = new_session;
        }
    }

    /// Enables, disables or prefers SMS and TOTP MFA (`SetUserMFAPreference`); `None` leaves
    /// a factor unchanged.
    ///
    /// # Errors
    /// [`Error::NotSignedIn`]; [`Error::Service`] (`InvalidParameterException` "User has not
    /// verified software token mfa" or "User does not have a phone_number set to turn on SMS
    /// MFA", `NotAuthorizedException`...); transport errors.
    pub async fn set_user_mfa_preference(
        &self,
        sms: Option<MfaSettings>,
        software_token: Option<MfaSettings>,
    ) -> Result<()> {
        self.set_mfa_preferences(MfaPreferences {
            sms,
            software_token,
            email: None,
        })
        .await
    }

    /// [`User::set_user_mfa_preference`] with e-mail MFA too.
    ///
    /// # Errors
    /// As [`User::set_user_mfa_preference`].
    pub async fn set_mfa_preferences(&self, preferences: MfaPreferences) -> Result<()> {
        let _operation = self.operation.lock().await;
        let (_, access_token, _) = self.signed_in()?;
        let request = SetUserMfaPreferenceRequest {
            access_token,
            sms_mfa_settings: preferences.sms,
            software_token_mfa_settings: preferences.software_token,
            email_mfa_settings: preferences.email,
        };
        self.pool.send(&request, Retry::Never).await?;
        Ok(())
    }

    /// The user's attributes and MFA settings (`GetUser`), retried on throttling and 5xx.
    ///
    /// # Errors
    /// [`Error::NotSignedIn`]; [`Error::Service`] (`NotAuthorizedException` for a revoked or
    /// expired token...); transport errors.
    pub async fn get_user_data(&self) -> Result<UserData> {
        let _operation = self.operation.lock().await;
        let (_, access_token, _) = self.signed_in()?;
        let response = self
            .pool
            .send(&GetUserRequest { access_token }, Retry::Safe)
            .await?;
        Ok(UserData::from_wire(response))
    }

    /// **Deprecated** (use [`User::set_user_mfa_preference`]): turns legacy SMS MFA on with
    /// `SetUserSettings`.
    ///
    /// # Errors
    /// [`Error::NotSignedIn`]; [`Error::Service`]; transport errors.
    pub async fn enable_mfa(&self) -> Result<()> {
        self.set_user_settings(vec![MfaOption::sms()]).await
    }

    /// **Deprecated** (use [`User::set_user_mfa_preference`]): turns legacy SMS MFA off with
    /// `SetUserSettings` and an empty `MFAOptions`.
    ///
    /// # Errors
    /// [`Error::NotSignedIn`]; [`Error::Service`]; transport errors.
    pub async fn disable_mfa(&self) -> Result<()> {
        self.set_user_settings(Vec::new()).await
    }

    async fn set_user_settings(&self, mfa_options: Vec<MfaOption>) -> Result<()> {
        let _operation = self.operation.lock().await;
        let (_, access_token, _) = self.signed_in()?;
        let request = SetUserSettingsRequest {
            access_token,
            mfa_options,
        };
        self.pool.send(&request, Retry::Never).await?;
        Ok(())
    }

    /// **Deprecated** (use [`User::get_user_data`]): the legacy `MFAOptions` from `GetUser`.
    ///
    /// # Errors
    /// As [`User::get_user_data`].
    pub async fn get_mfa_options(&self) -> Result<Vec<MfaOption>> {
        Ok(self.get_user_data().await?.mfa_options)
    }

    /// New ID and access tokens from the refresh token (`REFRESH_TOKEN_AUTH`), retried on
    /// throttling and 5xx. The refresh token is kept (the service sends none back).
    ///
    /// # Errors
    /// [`Error::NotSignedIn`] unless signed in with a refresh token; [`Error::Service`]
    /// (`NotAuthorizedException` for a revoked or expired refresh token...);
    /// [`Error::UnexpectedResponse`] if the service answers with a challenge; transport errors.
    pub async fn refresh_session(&self) -> Result<UserSession> {
        let _operation = self.operation.lock().await;
        let (username, _, session) = self.signed_in()?;
        let refresh = session.refresh_token().cloned().ok_or(Error::NotSignedIn)?;
        let mut parameters = BTreeMap::new();
        parameters.insert(
            keys::REFRESH_TOKEN.to_owned(),
            SecretString::new(refresh.token()),
        );
        if let Some(hash) = self.pool.secret_hash(&username) {
            parameters.insert(keys::SECRET_HASH.to_owned(), hash);
        }
        let request = InitiateAuthRequest {
            auth_flow: AuthFlow::RefreshTokenAuth,
            client_id: self.pool.client_id().to_owned(),
            auth_parameters: parameters,
            client_metadata: None,
        };
        let response = self.pool.send(&request, Retry::Safe).await?;
        if response
            .challenge_name
            .as_deref()
            .is_some_and(|n| !n.is_empty())
        {
            return Err(Error::unexpected(
                "InitiateAuth: a challenge in answer to REFRESH_TOKEN_AUTH",
            ));
        }
        let result = response.authentication_result.ok_or_else(|| {
            Error::unexpected("InitiateAuth: missing field `AuthenticationResult`")
        })?;
        let session = UserSession::from_result(result, Some(refresh), unix_now())?;
        self.lock().state = SignInState::SignedIn {
            session: session.clone(),
        };
        Ok(session)
    }

    /// Revokes every token of the user at the service (`GlobalSignOut`) and forgets them.
    ///
    /// # Errors
    /// [`Error::NotSignedIn`]; [`Error::Service`] (`NotAuthorizedException` for an invalid
    /// token); transport errors. The state is kept when the call fails.
    pub async fn global_sign_out(&self) -> Result<()> {
        let _operation = self.operation.lock().await;
        let (_, access_token, _) = self.signed_in()?;
        self.pool
            .send(&GlobalSignOutRequest { access_token }, Retry::Never)
            .await?;
        self.lock().state = SignInState::Idle;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::decode;

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
            challenge(include_bytes!("../tests/fixtures/sms_mfa_response.json")),
            Some(Challenge::SmsMfa {
                delivery_medium: Some("SMS".into()),
                destination: Some("+*******1234".into()),
            })
        );
        assert_eq!(
            challenge(include_bytes!(
                "../tests/fixtures/select_mfa_type_response.json"
            )),
            Some(Challenge::SelectMfaType {
                mfas_can_choose: vec![MfaType::SmsMfa, MfaType::SoftwareTokenMfa]
            })
        );
        assert_eq!(
            challenge(include_bytes!("../tests/fixtures/mfa_setup_response.json")),
            Some(Challenge::MfaSetup {
                mfas_can_setup: vec![MfaType::SmsMfa, MfaType::SoftwareTokenMfa]
            })
        );
        let new_password = challenge(include_bytes!(
            "../tests/fixtures/new_password_required_response.json"
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

    #[test]
    fn totp_codes_must_be_six_digits() {
        assert!(check_totp_code("123456").is_ok());
        for bad in ["12345", "1234567", "12345a", "", " 123456", "١٢٣٤٥٦"] {
            assert!(
                check_totp_code(bad).is_err_and(|e| e.is_invalid_input()),
                "{bad:?}"
            );
        }
    }

    fn assert_send<T: Send>(_: &T) {}
    fn assert_sync<T: Send + Sync>() {}

    #[test]
    fn users_and_their_futures_can_cross_threads() {
        // The bindings hold a `User` behind an `Arc` and spawn its futures on a runtime.
        assert_sync::<User>();
        assert_sync::<UserPool>();
        assert_sync::<Error>();
        assert_sync::<UserSession>();
        let Ok(pool) = UserPool::new("us-east-1_abc", "client1") else {
            return assert!(UserPool::new("us-east-1_abc", "client1").is_ok());
        };
        let user = pool.user("alice");
        assert_send(&user.authenticate_user(AuthenticationDetails::new("pw")));
        assert_send(&user.send_mfa_code("123456", None, None));
        assert_send(&user.send_mfa_selection_answer("SMS", None));
        assert_send(&user.associate_software_token());
        assert_send(&user.verify_software_token("123456", None));
        assert_send(&user.complete_new_password_challenge("pw", BTreeMap::new(), None));
        assert_send(&user.set_user_mfa_preference(None, None));
        assert_send(&user.get_user_data());
        assert_send(&user.refresh_session());
        assert_send(&user.global_sign_out());
        assert_send(&user.enable_mfa());
    }

    #[tokio::test]
    async fn calls_that_need_state_fail_before_any_request() {
        // The endpoint is a closed port: any request would be a NetworkError.
        let pool = UserPool::builder("us-east-1_abc", "client1")
            .endpoint("http://127.0.0.1:9/")
            .build();
        let Ok(pool) = pool else {
            return assert!(pool.is_ok());
        };
        let user = pool.user("alice");
        let code = |r: Result<AuthOutcome>| r.err().map(|e| e.code().to_owned());
        assert_eq!(
            code(user.send_mfa_code("123456", None, None).await).as_deref(),
            Some("NoChallengeInProgressError")
        );
        assert_eq!(
            code(user.send_mfa_selection_answer("SMS", None).await).as_deref(),
            Some("NoChallengeInProgressError")
        );
        assert_eq!(
            code(user.send_mfa_selection_answer("PIGEON", None).await).as_deref(),
            Some("InvalidInputError")
        );
        assert_eq!(
            user.get_user_data()
                .await
                .err()
                .map(|e| e.code().to_owned())
                .as_deref(),
            Some("NotSignedInError")
        );
        assert_eq!(
            user.associate_software_token()
                .await
                .err()
                .map(|e| e.code().to_owned())
                .as_deref(),
            Some("NotSignedInError")
        );
        assert_eq!(
            user.verify_software_token("12345", None)
                .await
                .err()
                .map(|e| e.code().to_owned())
                .as_deref(),
            Some("InvalidInputError")
        );
        assert_eq!(
            user.refresh_session()
                .await
                .err()
                .map(|e| e.code().to_owned())
                .as_deref(),
            Some("NotSignedInError")
        );
        let sent = user
            .authenticate_user(AuthenticationDetails::new("pw"))
            .await;
        assert_eq!(code(sent).as_deref(), Some("NetworkError"));
        assert!(matches!(user.state(), SignInState::Idle));
    }
}
