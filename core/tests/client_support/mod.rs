//! Shared set-up of the client integration tests: an in-process mock endpoint whose pools, app
//! clients, users and MFA factors are made with the mock's typed helpers
//! ([`cognito_mfa_mock::Mock::create_user_pool`] and the others), its outbox and its clock;
//! and [`http`], the request reader of the tests that script their own HTTP(S) server.

#![allow(dead_code)]

pub mod http;

use std::collections::BTreeMap;
use std::error::Error as StdError;

use cognito_mfa::totp::{Secret, Totp};
use cognito_mfa::{AuthOutcome, AuthenticationDetails, Challenge, MfaSettings, User, UserPool};
use cognito_mfa_mock::{AppClientInfo, ClientSpec, Message, PoolSpec, Settings, UserSpec};

pub use cognito_mfa_mock::MfaMode;

/// What every test returns: `?` instead of unwrap.
pub type TestResult<T = ()> = Result<T, Box<dyn StdError + Send + Sync>>;

/// A failure with a message.
pub fn fail<T>(message: impl Into<String>) -> TestResult<T> {
    Err(message.into().into())
}

/// The default password of test users.
pub const PASSWORD: &str = "Corr3ct-Horse!";

/// A running mock endpoint (served over HTTP on a loopback port; its state, clock and outbox
/// reached in-process).
pub struct Mock {
    server: cognito_mfa_mock::RunningMock,
}

/// A pool and one of its app clients.
pub struct Pool {
    pub pool_id: String,
    pub client: AppClientInfo,
    pub endpoint: String,
}

impl Pool {
    /// A client-side `UserPool` for this pool and app client.
    pub fn user_pool(&self) -> TestResult<UserPool> {
        let mut builder =
            UserPool::builder(&self.pool_id, &self.client.client_id).endpoint(&self.endpoint);
        if let Some(secret) = &self.client.client_secret {
            builder = builder.client_secret(secret);
        }
        Ok(builder.build()?)
    }
}

/// Options of a test pool.
#[derive(Clone, Debug)]
pub struct PoolOptions {
    /// The pool's MFA configuration.
    pub mfa: MfaMode,
    /// Whether software-token MFA is enabled for the pool.
    pub totp: bool,
    /// Whether the app client has a secret.
    pub secret: bool,
    /// Explicit auth flows of the app client (`None`: unset, the AWS default).
    pub flows: Option<Vec<&'static str>>,
}

impl PoolOptions {
    pub fn mfa(mfa: MfaMode) -> Self {
        PoolOptions {
            mfa,
            totp: true,
            secret: false,
            flows: None,
        }
    }

    /// Whether the app client has a secret.
    pub fn client_secret(mut self, secret: bool) -> Self {
        self.secret = secret;
        self
    }

    pub fn without_totp(mut self) -> Self {
        self.totp = false;
        self
    }

    pub fn flows(mut self, flows: &[&'static str]) -> Self {
        self.flows = Some(flows.to_vec());
        self
    }
}

impl Mock {
    /// Starts a mock on an ephemeral loopback port.
    pub async fn start() -> TestResult<Mock> {
        Mock::start_with(Settings::default()).await
    }

    /// Starts a mock with other behaviour settings.
    pub async fn start_with(settings: Settings) -> TestResult<Mock> {
        let config = cognito_mfa_mock::MockConfig {
            settings,
            ..Default::default()
        };
        let server = cognito_mfa_mock::MockServer::start(config).await?;
        Ok(Mock { server })
    }

    /// The endpoint URL.
    pub fn endpoint(&self) -> String {
        self.server.endpoint().to_owned()
    }

    /// A pool with its app client. The pool offers SMS, TOTP (unless
    /// [`PoolOptions::without_totp`]) and, unless its MFA is off, e-mail.
    pub async fn pool(&self, options: PoolOptions) -> TestResult<Pool> {
        let mock = self.server.mock();
        let pool_id = mock
            .create_user_pool(&PoolSpec {
                name: "client-tests".to_owned(),
                mfa: options.mfa,
                sms: true,
                software_token: options.totp,
                email: options.mfa != MfaMode::Off,
                devices: None,
            })
            .await?;
        let client = mock
            .create_app_client(
                &pool_id,
                &ClientSpec {
                    name: "app".to_owned(),
                    generate_secret: options.secret,
                    auth_flows: options
                        .flows
                        .map(|flows| flows.iter().map(|f| (*f).to_owned()).collect()),
                },
            )
            .await?;
        if options.secret && client.client_secret.is_none() {
            return fail("CreateUserPoolClient: no ClientSecret");
        }
        Ok(Pool {
            pool_id,
            client,
            endpoint: self.endpoint(),
        })
    }

    /// A confirmed user with a permanent password ([`PASSWORD`]) and the given attributes.
    pub async fn user(
        &self,
        pool: &Pool,
        username: &str,
        attributes: &[(&str, &str)],
    ) -> TestResult {
        self.create_user(pool, username, attributes, false).await
    }

    /// A user created by an administrator, who must choose a password (temporary password
    /// [`PASSWORD`]).
    pub async fn invited_user(
        &self,
        pool: &Pool,
        username: &str,
        attributes: &[(&str, &str)],
    ) -> TestResult {
        self.create_user(pool, username, attributes, true).await
    }

    async fn create_user(
        &self,
        pool: &Pool,
        username: &str,
        attributes: &[(&str, &str)],
        temporary_password: bool,
    ) -> TestResult {
        let spec = UserSpec {
            attributes: attributes
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect(),
            temporary_password,
            ..UserSpec::default()
        };
        self.server
            .mock()
            .create_user(&pool.pool_id, username, PASSWORD, &spec)
            .await?;
        Ok(())
    }

    /// Sets a user's MFA factors as an administrator; `None` leaves a factor unchanged.
    pub async fn admin_mfa(
        &self,
        pool: &Pool,
        username: &str,
        sms: Option<MfaSettings>,
        software_token: Option<MfaSettings>,
        email: Option<MfaSettings>,
    ) -> TestResult {
        self.server
            .mock()
            .set_user_mfa_preference(&pool.pool_id, username, sms, software_token, email)
            .await?;
        Ok(())
    }

    /// Enrols an authenticator app for an existing user through the mock's own operations
    /// (sign-in, AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference), with TOTP
    /// enabled and preferred if `preferred`; returns its secret. The mock's clock has then
    /// moved on by one time step since the code that verified it.
    pub async fn enrol_totp(
        &self,
        pool: &Pool,
        username: &str,
        preferred: bool,
    ) -> TestResult<Secret> {
        Ok(self
            .server
            .mock()
            .enrol_totp(&pool.pool_id, &pool.client, username, PASSWORD, preferred)
            .await?)
    }

    /// The outbox.
    pub async fn messages(&self) -> TestResult<Vec<Message>> {
        Ok(self.server.mock().messages())
    }

    /// The code of the last MFA message sent to `username`.
    pub async fn last_code(&self, username: &str) -> TestResult<String> {
        let messages = self.messages().await?;
        match messages
            .iter()
            .rev()
            .find(|m| m.purpose == "mfa" && m.username == username)
        {
            Some(message) => Ok(message.code.clone()),
            None => fail(format!("no MFA message for {username}")),
        }
    }

    /// The mock's virtual time.
    pub async fn now(&self) -> TestResult<u64> {
        Ok(self.server.mock().now())
    }

    /// Moves the mock's clock forward.
    pub async fn advance(&self, seconds: i64) -> TestResult<u64> {
        match self.server.mock().clock().advance(seconds) {
            Some(now) => Ok(now),
            None => fail("the clock cannot move that far"),
        }
    }

    /// A TOTP code for `secret` at the mock's time, `steps` time steps ahead (use 1, 2... to
    /// get a code the replay guard has not seen yet).
    pub async fn totp_code(&self, secret: &Secret, steps: u64) -> TestResult<String> {
        let now = self.now().await?;
        Ok(Totp::new(secret.clone()).generate(now + 30 * steps))
    }
}

/// Signs `user` in with SRP and the default password.
pub async fn sign_in(user: &User) -> cognito_mfa::Result<AuthOutcome> {
    user.authenticate_user(AuthenticationDetails::new(PASSWORD))
        .await
}

/// The challenge of an outcome, or an error.
pub fn expect_challenge(outcome: AuthOutcome) -> TestResult<Challenge> {
    match outcome {
        AuthOutcome::Challenge { challenge, .. } => Ok(challenge),
        AuthOutcome::SignedIn(_) => fail("signed in where a challenge was expected"),
        other => fail(format!("unexpected outcome {other:?}")),
    }
}

/// The session of an outcome, or an error.
pub fn expect_signed_in(outcome: AuthOutcome) -> TestResult<cognito_mfa::UserSession> {
    match outcome {
        AuthOutcome::SignedIn(session) => Ok(session),
        other => fail(format!(
            "a challenge where a session was expected: {other:?}"
        )),
    }
}

/// The code of an error result.
pub fn code_of<T: std::fmt::Debug>(result: cognito_mfa::Result<T>) -> String {
    match result {
        Ok(value) => format!("Ok({value:?})"),
        Err(error) => error.code().to_owned(),
    }
}

/// `MfaSettings` shorthand.
pub fn settings(enabled: bool, preferred: bool) -> Option<MfaSettings> {
    Some(MfaSettings::new(enabled, preferred))
}

/// An attribute map.
pub fn attributes(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}
