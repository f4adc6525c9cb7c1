//! [`User`]: one user of a pool and its sign-in state — every MFA flow of
//! amazon-cognito-identity-js's `CognitoUser`, as `async fn`s.
//!
//! The state is explicit ([`SignInState`]): idle, in a challenge (with its `Session`), or
//! signed in (with a [`UserSession`]). It changes only when the service answers successfully;
//! a failed call leaves it as it was (so a wrong MFA code can be retried on the same Session).
//! Calls on one `User` are serialized: a second call waits for the first to finish, so two
//! tasks never race the same Session. `User` is `Send + Sync`; share it behind an `Arc`.
//!
//! The operations are grouped as the wire types in [`crate::protocol`] are:
//!
//! * `sign_in` — [`AuthenticationDetails`], [`User::authenticate_user`] (with the SRP
//!   `PASSWORD_VERIFIER` step answered internally) and [`User::refresh_session`]
//!   (`InitiateAuth`).
//! * `challenges` — [`Challenge`], [`AuthOutcome`] and the answers to each challenge
//!   (`RespondToAuthChallenge`).
//! * `software_token` — [`AssociatedSoftwareToken`], TOTP enrolment
//!   (`AssociateSoftwareToken`, `VerifySoftwareToken`).
//! * `mfa_settings` — [`MfaPreferences`] and the MFA settings (`SetUserMFAPreference`,
//!   legacy `SetUserSettings`).
//! * `account` — [`UserData`] (`GetUser`) and [`User::global_sign_out`] (`GlobalSignOut`).
//! * `state` — [`SignInState`] and how a service answer moves it.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::client::UserPool;
use crate::device::DeviceState;
use crate::error::{Error, Result};
use crate::protocol::auth::keys;
use crate::protocol::{ChallengeName, SecretString};
use crate::session::UserSession;
use crate::srp::PasswordClaim;

mod account;
mod challenges;
mod mfa_settings;
mod sign_in;
mod software_token;
mod state;

pub use account::UserData;
pub use challenges::{AuthOutcome, Challenge};
pub use mfa_settings::MfaPreferences;
pub use sign_in::AuthenticationDetails;
pub use software_token::AssociatedSoftwareToken;
pub use state::SignInState;

/// Metadata passed to the pool's Lambda triggers (`ClientMetadata`).
pub type ClientMetadata = BTreeMap<String, String>;

/// One user of a pool: signs in, answers challenges, enrols TOTP and manages MFA settings.
///
/// Make one with [`UserPool::user`]. Every method takes `&self`; calls on one user run one at a
/// time.
pub struct User {
    pub(crate) pool: UserPool,
    /// The name the user was created with (the name in requests becomes `USER_ID_FOR_SRP`
    /// after an SRP sign-in).
    pub(crate) given_username: String,
    /// Serializes operations (held across awaits).
    pub(crate) operation: tokio::sync::Mutex<()>,
    /// The state (held only briefly, never across an await).
    state: Mutex<Inner>,
}

pub(crate) struct Inner {
    pub(crate) username: String,
    pub(crate) state: SignInState,
    /// The device this user signs in from ([`crate::device`]).
    pub(crate) device: DeviceState,
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

impl User {
    pub(crate) fn new(pool: UserPool, username: String) -> User {
        User {
            pool,
            given_username: username.clone(),
            operation: tokio::sync::Mutex::new(()),
            state: Mutex::new(Inner {
                username,
                state: SignInState::Idle,
                device: DeviceState::default(),
            }),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
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
    /// Session or a challenge the client answers itself (`PASSWORD_VERIFIER`,
    /// `DEVICE_SRP_AUTH`, `DEVICE_PASSWORD_VERIFIER`), which cannot be resumed.
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
        if name.is_internal() {
            return Err(Error::invalid_input(format!("{name} cannot be resumed")));
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

    /// The username and access token, or `NotSignedIn`.
    pub(crate) fn signed_in(&self) -> Result<(String, SecretString, UserSession)> {
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

    /// The parameters that name the user, which every `AuthParameters` and
    /// `ChallengeResponses` starts with: `USERNAME`, for an app client with a secret
    /// `SECRET_HASH` (computed from the same name), and the known device's `DEVICE_KEY`.
    pub(crate) fn user_parameters(&self, username: &str) -> BTreeMap<String, SecretString> {
        let mut parameters = BTreeMap::new();
        parameters.insert(keys::USERNAME.to_owned(), SecretString::new(username));
        if let Some(hash) = self.pool.secret_hash(username) {
            parameters.insert(keys::SECRET_HASH.to_owned(), hash);
        }
        if let Some(device_key) = self.device_key() {
            parameters.insert(keys::DEVICE_KEY.to_owned(), SecretString::new(device_key));
        }
        parameters
    }

    /// The `ChallengeResponses` of an SRP password claim (`PASSWORD_VERIFIER` or
    /// `DEVICE_PASSWORD_VERIFIER`): [`User::user_parameters`] with the claim's
    /// `PASSWORD_CLAIM_SECRET_BLOCK`, `PASSWORD_CLAIM_SIGNATURE` and `TIMESTAMP`.
    pub(crate) fn claim_responses(
        &self,
        username: &str,
        claim: PasswordClaim,
    ) -> BTreeMap<String, SecretString> {
        let mut responses = self.user_parameters(username);
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
        responses
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_parameters_name_the_user_and_hash_the_secret() {
        let expose = |parameters: &BTreeMap<String, SecretString>| -> Vec<(String, String)> {
            parameters
                .iter()
                .map(|(key, value)| (key.clone(), value.expose().to_owned()))
                .collect()
        };
        let Ok(plain) = UserPool::new("us-east-1_AbCdEfGhI", "1example23456789") else {
            return assert!(UserPool::new("us-east-1_AbCdEfGhI", "1example23456789").is_ok());
        };
        assert_eq!(
            expose(&plain.user("alice").user_parameters("alice")),
            vec![("USERNAME".to_owned(), "alice".to_owned())]
        );
        // HMAC-SHA256(key "secretsecret", "alice" + "1example23456789"), base64.
        let secret = UserPool::builder("us-east-1_AbCdEfGhI", "1example23456789")
            .client_secret("secretsecret")
            .build();
        let Ok(secret) = secret else {
            return assert!(secret.is_ok());
        };
        assert_eq!(
            expose(&secret.user("someone").user_parameters("alice")),
            vec![
                (
                    "SECRET_HASH".to_owned(),
                    "cDGMGyKSnP2OTXWyRL1FXlsWMa9lAJM+pnUHxX0xRT4=".to_owned()
                ),
                ("USERNAME".to_owned(), "alice".to_owned()),
            ]
        );
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

    /// A pool whose endpoint is a closed port: any request is a NetworkError.
    fn closed_port_pool() -> Result<UserPool> {
        UserPool::builder("us-east-1_abc", "client1")
            .endpoint("http://127.0.0.1:9/")
            .build()
    }

    /// The error code of a result, if it failed.
    fn code<T>(result: Result<T>) -> Option<String> {
        result.err().map(|e| e.code().to_owned())
    }

    #[tokio::test]
    async fn calls_that_need_state_fail_before_any_request() {
        let pool = closed_port_pool();
        let Ok(pool) = pool else {
            return assert!(pool.is_ok());
        };
        let user = pool.user("alice");
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
            code(user.get_user_data().await).as_deref(),
            Some("NotSignedInError")
        );
        assert_eq!(
            code(user.associate_software_token().await).as_deref(),
            Some("NotSignedInError")
        );
        assert_eq!(
            code(user.verify_software_token("12345", None).await).as_deref(),
            Some("InvalidInputError")
        );
        assert_eq!(
            code(user.refresh_session().await).as_deref(),
            Some("NotSignedInError")
        );
        let sent = user
            .authenticate_user(AuthenticationDetails::new("pw"))
            .await;
        assert_eq!(code(sent).as_deref(), Some("NetworkError"));
        assert!(matches!(user.state(), SignInState::Idle));
    }

    #[tokio::test]
    async fn details_for_another_user_are_refused_before_any_request() {
        let pool = closed_port_pool();
        let Ok(pool) = pool else {
            return assert!(pool.is_ok());
        };
        let user = pool.user("alice");
        let for_bob = AuthenticationDetails::new("pw").username("bob");
        assert_eq!(
            code(user.authenticate_user(for_bob).await).as_deref(),
            Some("InvalidInputError")
        );
        let for_alice = AuthenticationDetails::new("pw").username("alice");
        assert_eq!(
            code(user.authenticate_user(for_alice).await).as_deref(),
            Some("NetworkError")
        );
        assert_eq!(
            code(pool.try_user("")).as_deref(),
            Some("InvalidInputError")
        );
        assert_eq!(
            pool.try_user("alice").map(|u| u.username()).ok().as_deref(),
            Some("alice")
        );
    }
}
