//! Shared set-up of the client integration tests: an in-process mock endpoint, pools, app
//! clients and users made with the admin operations (AWS JSON 1.1), the outbox and the clock.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::error::Error as StdError;

use cognito_mfa::totp::{Secret, Totp};
use cognito_mfa::{AuthOutcome, AuthenticationDetails, Challenge, User, UserPool};
use serde_json::{Value, json};

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
    pub client_id: String,
    pub client_secret: Option<String>,
    pub endpoint: String,
}

impl Pool {
    /// A client-side `UserPool` for this pool and app client.
    pub fn user_pool(&self) -> TestResult<UserPool> {
        let mut builder =
            UserPool::builder(&self.pool_id, &self.client_id).endpoint(&self.endpoint);
        if let Some(secret) = &self.client_secret {
            builder = builder.client_secret(secret);
        }
        Ok(builder.build()?)
    }
}

/// Options of a test pool.
#[derive(Clone, Debug)]
pub struct PoolOptions {
    /// `OFF`, `OPTIONAL` or `ON`.
    pub mfa: &'static str,
    /// Whether software-token MFA is enabled for the pool.
    pub totp: bool,
    /// Whether the app client has a secret.
    pub secret: bool,
    /// Explicit auth flows of the app client (`None`: unset, the AWS default).
    pub flows: Option<Vec<&'static str>>,
    /// `AuthSessionValidity` in minutes (`None`: the default, 3).
    pub session_minutes: Option<u32>,
}

impl PoolOptions {
    pub fn mfa(mfa: &'static str) -> Self {
        PoolOptions {
            mfa,
            totp: true,
            secret: false,
            flows: None,
            session_minutes: None,
        }
    }

    pub fn with_secret(mut self) -> Self {
        self.secret = true;
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

    pub fn session_minutes(mut self, minutes: u32) -> Self {
        self.session_minutes = Some(minutes);
        self
    }
}

/// A message from the outbox.
#[derive(Clone, Debug)]
pub struct Message {
    pub username: String,
    pub destination: String,
    pub medium: String,
    pub code: String,
    pub purpose: String,
}

impl Mock {
    /// Starts a mock on an ephemeral loopback port.
    pub async fn start() -> TestResult<Mock> {
        let server = cognito_mfa_mock::MockServer::start(Default::default()).await?;
        Ok(Mock { server })
    }

    /// The endpoint URL.
    pub fn endpoint(&self) -> String {
        self.server.endpoint().to_owned()
    }

    /// Calls an operation (admin or user) in-process and returns the JSON answer; a service
    /// error is an `Err` with its code and message.
    pub async fn call(&self, operation: &str, body: Value) -> TestResult<Value> {
        match self.server.mock().call(operation, body).await {
            Ok(value) => Ok(value),
            Err(e) => fail(format!("{operation} failed: {}: {}", e.code(), e.message())),
        }
    }

    /// A pool with its app client.
    pub async fn pool(&self, options: PoolOptions) -> TestResult<Pool> {
        let created = self
            .call(
                "CreateUserPool",
                json!({"PoolName": "client-tests", "MfaConfiguration": "OFF"}),
            )
            .await?;
        let pool_id = created
            .pointer("/UserPool/Id")
            .and_then(Value::as_str)
            .ok_or("CreateUserPool: no UserPool.Id")?
            .to_owned();
        let mut mfa_config = json!({
            "UserPoolId": pool_id,
            "MfaConfiguration": options.mfa,
            "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Your code is {####}"},
        });
        if options.totp {
            set(
                &mut mfa_config,
                "SoftwareTokenMfaConfiguration",
                json!({"Enabled": true}),
            );
        }
        if options.mfa != "OFF" {
            set(
                &mut mfa_config,
                "EmailMfaConfiguration",
                json!({"Message": "Your code is {####}", "Subject": "Your code"}),
            );
        }
        self.call("SetUserPoolMfaConfig", mfa_config).await?;
        let mut client = json!({
            "UserPoolId": pool_id,
            "ClientName": "app",
            "GenerateSecret": options.secret,
        });
        if let Some(flows) = &options.flows {
            set(&mut client, "ExplicitAuthFlows", json!(flows));
        }
        if let Some(minutes) = options.session_minutes {
            set(&mut client, "AuthSessionValidity", json!(minutes));
        }
        let client = self.call("CreateUserPoolClient", client).await?;
        let client_id = client
            .pointer("/UserPoolClient/ClientId")
            .and_then(Value::as_str)
            .ok_or("CreateUserPoolClient: no ClientId")?
            .to_owned();
        let client_secret = client
            .pointer("/UserPoolClient/ClientSecret")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if options.secret && client_secret.is_none() {
            return fail("CreateUserPoolClient: no ClientSecret");
        }
        Ok(Pool {
            pool_id,
            client_id,
            client_secret,
            endpoint: self.endpoint(),
        })
    }

    /// A confirmed user with a permanent password and the given attributes.
    pub async fn user(
        &self,
        pool: &Pool,
        username: &str,
        attributes: &[(&str, &str)],
    ) -> TestResult {
        self.invited_user(pool, username, attributes).await?;
        self.call(
            "AdminSetUserPassword",
            json!({"UserPoolId": pool.pool_id, "Username": username,
                   "Password": PASSWORD, "Permanent": true}),
        )
        .await?;
        Ok(())
    }

    /// A user created by an administrator, who must choose a password (temporary password
    /// [`PASSWORD`]).
    pub async fn invited_user(
        &self,
        pool: &Pool,
        username: &str,
        attributes: &[(&str, &str)],
    ) -> TestResult {
        let attributes: Vec<Value> = attributes
            .iter()
            .map(|(name, value)| json!({"Name": name, "Value": value}))
            .collect();
        self.call(
            "AdminCreateUser",
            json!({"UserPoolId": pool.pool_id, "Username": username,
                   "TemporaryPassword": PASSWORD, "UserAttributes": attributes,
                   "MessageAction": "SUPPRESS"}),
        )
        .await?;
        Ok(())
    }

    /// Sets a user's MFA preferences as an administrator.
    pub async fn admin_mfa(&self, pool: &Pool, username: &str, settings: Value) -> TestResult {
        let mut body = settings;
        set(&mut body, "UserPoolId", json!(pool.pool_id));
        set(&mut body, "Username", json!(username));
        self.call("AdminSetUserMFAPreference", body).await?;
        Ok(())
    }

    /// The outbox.
    pub async fn messages(&self) -> TestResult<Vec<Message>> {
        Ok(self
            .server
            .mock()
            .messages()
            .into_iter()
            .map(|m| Message {
                username: m.username,
                destination: m.destination,
                medium: m.medium,
                code: m.code,
                purpose: m.purpose,
            })
            .collect())
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
pub fn settings(enabled: bool, preferred: bool) -> Option<cognito_mfa::MfaSettings> {
    Some(cognito_mfa::MfaSettings::new(enabled, preferred))
}

/// An attribute map.
pub fn attributes(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Sets `key` of a JSON object (nothing for a non-object).
fn set(object: &mut Value, key: &str, value: Value) {
    if let Some(map) = object.as_object_mut() {
        map.insert(key.to_owned(), value);
    }
}
