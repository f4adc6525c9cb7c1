// The hidden set-up of the crate's doctests, included with
// `include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/client_support/doc.rs"))`:
// an in-process mock endpoint with one pool, one app client and the user `alice`.

/// The password of the doctests' users.
const PASSWORD: &str = "Corr3ct-Horse!";

/// A mock endpoint for one doctest.
struct DocMock {
    server: cognito_mfa_mock::RunningMock,
    pool_id: String,
    client_id: String,
}

impl DocMock {
    /// Starts a mock with a pool whose MFA configuration is `mfa` (`OFF`, `OPTIONAL`, `ON`),
    /// with SMS, TOTP and e-mail factors, and a confirmed user `alice` with a phone number.
    async fn start(mfa: &str) -> Result<DocMock, Box<dyn std::error::Error>> {
        use serde_json::json;
        let server = cognito_mfa_mock::MockServer::start(Default::default()).await?;
        let mock = server.mock();
        let call = |op: &'static str, body: serde_json::Value| async move {
            mock.call(op, body)
                .await
                .map_err(|e| format!("{op}: {} {}", e.code(), e.message()))
        };
        let pool = call("CreateUserPool", json!({"PoolName": "docs"})).await?;
        let pool_id = pool
            .pointer("/UserPool/Id")
            .and_then(serde_json::Value::as_str)
            .ok_or("no pool id")?
            .to_owned();
        call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": pool_id, "MfaConfiguration": mfa,
                   "SoftwareTokenMfaConfiguration": {"Enabled": true},
                   "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Your code is {####}"},
                   "EmailMfaConfiguration": {"Message": "Your code is {####}", "Subject": "Code"}}),
        )
        .await?;
        let client = call(
            "CreateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientName": "docs"}),
        )
        .await?;
        let client_id = client
            .pointer("/UserPoolClient/ClientId")
            .and_then(serde_json::Value::as_str)
            .ok_or("no client id")?
            .to_owned();
        let doc = DocMock {
            server,
            pool_id,
            client_id,
        };
        doc.create_user("alice", false).await?;
        Ok(doc)
    }

    fn pool_id(&self) -> &str {
        &self.pool_id
    }

    fn client_id(&self) -> &str {
        &self.client_id
    }

    fn endpoint(&self) -> &str {
        self.server.endpoint()
    }

    async fn admin(&self, op: &str, mut body: serde_json::Value) -> Result<(), Box<dyn std::error::Error>> {
        if let Some(map) = body.as_object_mut() {
            map.insert("UserPoolId".into(), self.pool_id.clone().into());
        }
        self.server
            .mock()
            .call(op, body)
            .await
            .map_err(|e| format!("{op}: {} {}", e.code(), e.message()))?;
        Ok(())
    }

    /// Creates a user with a phone number and an e-mail address; `invited` leaves the
    /// password temporary (NEW_PASSWORD_REQUIRED).
    async fn create_user(&self, username: &str, invited: bool) -> Result<(), Box<dyn std::error::Error>> {
        use serde_json::json;
        self.admin(
            "AdminCreateUser",
            json!({"Username": username, "TemporaryPassword": PASSWORD, "MessageAction": "SUPPRESS",
                   "UserAttributes": [{"Name": "phone_number", "Value": "+15555550100"},
                                      {"Name": "email", "Value": "alice@example.com"}]}),
        )
        .await?;
        if !invited {
            self.admin(
                "AdminSetUserPassword",
                json!({"Username": username, "Password": PASSWORD, "Permanent": true}),
            )
            .await?;
        }
        Ok(())
    }

    /// Enables SMS MFA for a user (as an administrator).
    async fn enable_sms(&self, username: &str, preferred: bool) -> Result<(), Box<dyn std::error::Error>> {
        self.admin(
            "AdminSetUserMFAPreference",
            serde_json::json!({"Username": username,
                "SMSMfaSettings": {"Enabled": true, "PreferredMfa": preferred}}),
        )
        .await
    }

    /// Enrols TOTP for a user through the client, as preferred or not; returns the user's
    /// "authenticator app".
    async fn enrol_totp(
        &self,
        username: &str,
        preferred: bool,
    ) -> Result<cognito_mfa::totp::Totp, Box<dyn std::error::Error>> {
        let pool = cognito_mfa::UserPool::builder(&self.pool_id, &self.client_id)
            .endpoint(self.endpoint())
            .build()?;
        let user = pool.user(username);
        user.authenticate_user(cognito_mfa::AuthenticationDetails::new(PASSWORD))
            .await?;
        let token = user.associate_software_token().await?;
        let code = token.totp().generate(self.server.mock().now());
        user.verify_software_token(&code, None).await?;
        user.set_user_mfa_preference(None, Some(cognito_mfa::MfaSettings::new(true, preferred)))
            .await?;
        // The next code must be of a later time step: move the clock on by one.
        let _ = self.server.mock().clock().advance(30);
        Ok(token.totp())
    }

    /// The code of the last SMS or e-mail sent.
    fn last_code(&self) -> String {
        self.server
            .mock()
            .messages()
            .last()
            .map(|m| m.code.clone())
            .unwrap_or_default()
    }

    /// What an authenticator app shows now (by the mock's clock).
    fn totp_now(&self, totp: &cognito_mfa::totp::Totp) -> String {
        totp.generate(self.server.mock().now())
    }
}
