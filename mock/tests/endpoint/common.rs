//! The test harness: a mock served on a free loopback port, a plain HTTP client, and the
//! client halves of SRP and TOTP taken from the core crate.

use cognito_mfa::srp::{Password, SrpClient, format_timestamp};
use cognito_mfa::totp::{Secret, Totp};
use cognito_mfa_mock::{MockConfig, MockServer, RunningMock};
use serde_json::{Value, json};

/// 2023-11-14T22:13:00Z, the start of a TOTP time step (56 666 666 × 30).
pub const T0: u64 = 1_699_999_980;
pub const PASSWORD: &str = "Passw0rd!";
/// A fixed TOTP secret for preloaded users (base32 of "12345678901234567890", RFC 6238).
pub const TOTP_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
pub const POOL: &str = "us-east-1_TestPool1";
pub const CLIENT: &str = "testclient1";
pub const SECRET_CLIENT: &str = "secretclient1";
pub const CLIENT_SECRET: &str = "abcdefghijklmnopqrstuvwxyz012345";

/// A service error as the client sees it.
#[derive(Debug)]
pub struct Fault {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub error_type_header: Option<String>,
}

pub struct Harness {
    pub running: RunningMock,
    pub http: reqwest::Client,
}

pub fn install_crypto_provider() {
    // reqwest is built without a default TLS provider in this workspace; plain HTTP still
    // needs one installed for the client to build.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A configuration with one pool (`POOL`), a client without a secret (`CLIENT`) and one with
/// a secret (`SECRET_CLIENT`), on a clock frozen at `T0`.
pub fn base_config(mfa: &str, users: Value) -> MockConfig {
    serde_json::from_value(json!({
        "clock": {"start": T0, "frozen": true},
        "pools": [{
            "id": POOL,
            "name": "tests",
            "mfa_configuration": mfa,
            "email_mfa": true,
            "clients": [
                {"id": CLIENT, "explicit_auth_flows": [
                    "ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH",
                    "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"]},
                {"id": SECRET_CLIENT, "secret": CLIENT_SECRET},
                {"id": "srponly1"},
                {"id": "prevent1", "prevent_user_existence_errors": "ENABLED",
                 "explicit_auth_flows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH"]},
                {"id": "longsession1", "auth_session_validity": 15,
                 "explicit_auth_flows": ["ALLOW_USER_PASSWORD_AUTH"]}
            ],
            "users": users
        }]
    }))
    .expect("valid test config")
}

/// A confirmed user with a password and no MFA.
pub fn plain_user(name: &str) -> Value {
    json!({"username": name, "password": PASSWORD,
           "attributes": {"email": format!("{name}@example.com"), "phone_number": "+15555550123"}})
}

/// A confirmed user with TOTP enabled (secret `TOTP_SECRET`).
pub fn totp_user(name: &str) -> Value {
    json!({"username": name, "password": PASSWORD, "totp_secret": TOTP_SECRET,
           "mfa": {"software_token": true}})
}

/// A confirmed user with SMS MFA enabled.
pub fn sms_user(name: &str) -> Value {
    json!({"username": name, "password": PASSWORD,
           "attributes": {"phone_number": "+15555551234"}, "mfa": {"sms": true}})
}

pub fn totp() -> Totp {
    Totp::new(Secret::from_base32(TOTP_SECRET).expect("valid secret"))
}

impl Harness {
    pub async fn start(config: MockConfig) -> Harness {
        install_crypto_provider();
        let running = MockServer::start(config).await.expect("mock starts");
        let http = reqwest::Client::builder().build().expect("http client");
        Harness { running, http }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.running.endpoint())
    }

    /// POSTs raw bytes with an optional target; returns status, headers and the JSON body.
    pub async fn raw(
        &self,
        target: Option<&str>,
        body: Vec<u8>,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let mut request = self
            .http
            .post(self.url("/"))
            .header("content-type", "application/x-amz-json-1.1")
            .body(body);
        if let Some(target) = target {
            request = request.header("x-amz-target", target);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body: Value = response.json().await.expect("the answer is JSON");
        (status, headers, body)
    }

    /// Calls an operation; `Err` carries the error envelope.
    pub async fn call(&self, operation: &str, body: Value) -> Result<Value, Fault> {
        let target = format!("AWSCognitoIdentityProviderService.{operation}");
        let (status, headers, body) = self.raw(Some(&target), body.to_string().into_bytes()).await;
        if status == 200 {
            return Ok(body);
        }
        Err(Fault {
            status,
            code: body["__type"].as_str().unwrap_or_default().to_owned(),
            message: body["message"].as_str().unwrap_or_default().to_owned(),
            error_type_header: headers
                .get("x-amzn-errortype")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        })
    }

    /// Calls an operation that must succeed.
    pub async fn ok(&self, operation: &str, body: Value) -> Value {
        match self.call(operation, body).await {
            Ok(v) => v,
            Err(f) => panic!("{operation} failed: {f:?}"),
        }
    }

    /// Calls an operation that must fail; returns the fault.
    pub async fn fault(&self, operation: &str, body: Value) -> Fault {
        match self.call(operation, body).await {
            Ok(v) => panic!("{operation} unexpectedly succeeded: {v}"),
            Err(f) => f,
        }
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let response = self
            .http
            .get(self.url(path))
            .send()
            .await
            .expect("GET sent");
        let status = response.status().as_u16();
        (status, response.json().await.expect("JSON"))
    }

    pub async fn advance(&self, seconds: i64) -> u64 {
        let response = self
            .http
            .post(self.url("/_mock/clock"))
            .json(&json!({"advance_seconds": seconds}))
            .send()
            .await
            .expect("clock POST");
        assert_eq!(response.status().as_u16(), 200);
        let body: Value = response.json().await.expect("JSON");
        body["now"].as_u64().expect("now")
    }

    pub async fn now(&self) -> u64 {
        self.get_json("/_mock/clock").await.1["now"]
            .as_u64()
            .expect("now")
    }

    /// The last message sent to `username`.
    pub async fn last_code(&self, username: &str) -> String {
        let (_, messages) = self
            .get_json(&format!("/_mock/messages?username={username}"))
            .await;
        messages
            .as_array()
            .and_then(|m| m.last())
            .and_then(|m| m["code"].as_str())
            .expect("a message was sent")
            .to_owned()
    }

    /// USER_PASSWORD_AUTH with `CLIENT`.
    pub async fn password_auth(&self, username: &str) -> Result<Value, Fault> {
        self.call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT,
                   "AuthParameters": {"USERNAME": username, "PASSWORD": PASSWORD}}),
        )
        .await
    }

    /// A full SRP sign-in step (InitiateAuth + PASSWORD_VERIFIER) with `client`, using the
    /// core's client half of SRP; returns the answer to PASSWORD_VERIFIER.
    pub async fn srp_auth(
        &self,
        client: &str,
        username: &str,
        password: &str,
    ) -> Result<Value, Fault> {
        let srp = SrpClient::new_random().expect("SRP client");
        let challenge = self
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client,
                       "AuthParameters": {"USERNAME": username, "SRP_A": srp.srp_a()}}),
            )
            .await?;
        assert_eq!(challenge["ChallengeName"], "PASSWORD_VERIFIER");
        let params = &challenge["ChallengeParameters"];
        let user_id = params["USER_ID_FOR_SRP"].as_str().expect("USER_ID_FOR_SRP");
        let now = self.now().await;
        let claim = srp
            .password_claim(
                POOL.split('_').nth(1).expect("pool name"),
                user_id,
                &Password::new(password),
                params["SALT"].as_str().expect("SALT"),
                params["SRP_B"].as_str().expect("SRP_B"),
                params["SECRET_BLOCK"].as_str().expect("SECRET_BLOCK"),
                &format_timestamp(now).expect("timestamp"),
            )
            .expect("password claim");
        self.call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": client,
                   "ChallengeResponses": {
                       "USERNAME": user_id,
                       "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
                       "PASSWORD_CLAIM_SIGNATURE": claim.signature,
                       "TIMESTAMP": claim.timestamp}}),
        )
        .await
    }

    /// Answers a challenge with `CLIENT`.
    pub async fn respond(
        &self,
        name: &str,
        session: &Value,
        responses: Value,
    ) -> Result<Value, Fault> {
        self.call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": name, "ClientId": CLIENT, "Session": session,
                   "ChallengeResponses": responses}),
        )
        .await
    }
}

/// Asserts a fault's code and message.
#[track_caller]
pub fn assert_fault(fault: &Fault, code: &str, message: &str) {
    assert_eq!(
        (fault.code.as_str(), fault.message.as_str()),
        (code, message),
        "{fault:?}"
    );
    assert_eq!(fault.status, 400);
}
