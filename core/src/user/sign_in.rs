//! Signing in: [`AuthenticationDetails`], [`User::authenticate_user`] with the SRP
//! `PASSWORD_VERIFIER` step answered internally, and [`User::refresh_session`]
//! (`InitiateAuth` and its first `RespondToAuthChallenge`, [`crate::protocol::auth`]).

use super::state::SignInState;
use super::{AuthOutcome, ClientMetadata, User};
use crate::client::Retry;
use crate::device::{RefreshMethod, is_unknown_device};
use crate::error::{Error, Result};
use crate::protocol::AuthenticationResult;
use crate::protocol::auth::{ChallengeNameWire, keys, required_parameter};
use crate::protocol::{
    AuthFlow, AuthResponse, ChallengeName, InitiateAuthRequest, RespondToAuthChallengeRequest,
    SecretString,
};
use crate::session::{RefreshToken, UserSession, unix_now};
use crate::srp::{Password, SrpClient, format_timestamp};

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

impl User {
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
        self.load_device_for_sign_in().await?;
        match self.sign_in_once(&details).await {
            // A device forgotten at the service: drop it and sign in as a new device, once.
            Err(error) if is_unknown_device(&error) && self.device_key().is_some() => {
                self.drop_device().await?;
                self.sign_in_once(&details).await
            }
            result => result,
        }
    }

    /// One sign-in attempt (the caller holds the operation lock).
    async fn sign_in_once(&self, details: &AuthenticationDetails) -> Result<AuthOutcome> {
        let username = self.username();
        let mut parameters = self.user_parameters(&username);
        let srp = match details.flow {
            AuthFlow::UserSrpAuth => {
                let srp = SrpClient::new_random()?;
                parameters.insert(keys::SRP_A.to_owned(), SecretString::new(srp.srp_a()));
                Some(srp)
            }
            AuthFlow::AdminUserPasswordAuth if !self.pool.signs_requests() => {
                return Err(Error::invalid_input(
                    "ADMIN_USER_PASSWORD_AUTH needs IAM credentials: sign in through an \
                     AdminClient's user",
                ));
            }
            AuthFlow::UserPasswordAuth | AuthFlow::AdminUserPasswordAuth => {
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
            Some(srp)
                if response.challenge_name.as_deref()
                    == Some(ChallengeName::PasswordVerifier.as_str()) =>
            {
                self.answer_password_verifier(&srp, details, response)
                    .await?
            }
            _ => response,
        };
        self.finish(response, "InitiateAuth", details.client_metadata.as_ref())
            .await
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
        let responses = self.claim_responses(user_id, claim);
        let request = RespondToAuthChallengeRequest {
            challenge_name: ChallengeNameWire(name),
            client_id: self.pool.client_id().to_owned(),
            session: response.session,
            challenge_responses: responses,
            client_metadata: details.client_metadata.clone(),
        };
        self.pool.send(&request, Retry::Never).await
    }

    /// New ID and access tokens from the refresh token, retried on throttling and 5xx: with
    /// `REFRESH_TOKEN_AUTH`, or `GetTokensFromRefreshToken` when the pool's
    /// [`crate::device::DeviceSettings::refresh_method`] says so. Both carry the confirmed
    /// device key when one is known (Cognito refuses a refresh without it when device tracking
    /// is on). The refresh token is kept unless the service sends a new one.
    ///
    /// # Errors
    /// [`Error::NotSignedIn`] unless signed in with a refresh token; [`Error::Service`]
    /// (`NotAuthorizedException` for a revoked or expired refresh token...);
    /// [`Error::UnexpectedResponse`] if the service answers with a challenge; transport errors.
    pub async fn refresh_session(&self) -> Result<UserSession> {
        let _operation = self.operation.lock().await;
        let (username, _, session) = self.signed_in()?;
        let refresh = session.refresh_token().cloned().ok_or(Error::NotSignedIn)?;
        self.load_device().await?;
        let result = match self.pool.device_settings().refresh() {
            RefreshMethod::GetTokensFromRefreshToken => {
                self.get_tokens_from_refresh_token(&refresh).await?
            }
            _ => self.refresh_token_auth(&username, &refresh).await?,
        };
        let session = UserSession::from_result(result, Some(refresh), unix_now())?;
        self.lock().state = SignInState::SignedIn {
            session: session.clone(),
        };
        Ok(session)
    }

    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH` (and the device key, when known).
    async fn refresh_token_auth(
        &self,
        username: &str,
        refresh: &RefreshToken,
    ) -> Result<AuthenticationResult> {
        // REFRESH_TOKEN_AUTH names the user by the refresh token: no USERNAME, but the
        // SECRET_HASH of a client with a secret is still computed from the user name.
        let mut parameters = self.user_parameters(username);
        parameters.remove(keys::USERNAME);
        parameters.insert(
            keys::REFRESH_TOKEN.to_owned(),
            SecretString::new(refresh.token()),
        );
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
        response
            .authentication_result
            .ok_or_else(|| Error::unexpected("InitiateAuth: missing field `AuthenticationResult`"))
    }
}
