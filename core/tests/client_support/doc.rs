// The hidden set-up of the crate's doctests, included with
// `include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/client_support/doc.rs"))`:
// an in-process mock endpoint with one pool, one app client and the user `alice`.

/// The password of the doctests' users.
const PASSWORD: &str = "Corr3ct-Horse!";

/// A mock endpoint for one doctest.
struct DocMock {
    server: cognito_mfa_mock::RunningMock,
    pool_id: String,
    client: cognito_mfa_mock::AppClientInfo,
}

impl DocMock {
    /// Starts a mock with a pool whose MFA configuration is `mfa` (`OFF`, `OPTIONAL`, `ON`),
    /// with SMS, TOTP and e-mail factors, and a confirmed user `alice` with a phone number.
    async fn start(mfa: &str) -> Result<DocMock, Box<dyn std::error::Error>> {
        DocMock::start_with(mfa, None).await
    }

    /// [`DocMock::start`] with device tracking on: remembered devices skip MFA.
    async fn start_with_devices(mfa: &str) -> Result<DocMock, Box<dyn std::error::Error>> {
        let devices = cognito_mfa_mock::DeviceTracking {
            challenge_required_on_new_device: true,
            device_only_remembered_on_user_prompt: false,
        };
        DocMock::start_with(mfa, Some(devices)).await
    }

    async fn start_with(
        mfa: &str,
        devices: Option<cognito_mfa_mock::DeviceTracking>,
    ) -> Result<DocMock, Box<dyn std::error::Error>> {
        use cognito_mfa_mock::{ClientSpec, PoolSpec};
        let server = cognito_mfa_mock::MockServer::start(Default::default()).await?;
        let mock = server.mock();
        let pool_id = mock
            .create_user_pool(&PoolSpec {
                name: "docs".to_owned(),
                mfa: PoolSpec::parse_mfa(mfa)?,
                sms: true,
                software_token: true,
                email: true,
                devices,
            })
            .await?;
        let client = mock
            .create_app_client(
                &pool_id,
                &ClientSpec {
                    name: "docs".to_owned(),
                    ..ClientSpec::default()
                },
            )
            .await?;
        let doc = DocMock {
            server,
            pool_id,
            client,
        };
        doc.create_user("alice", false).await?;
        Ok(doc)
    }

    fn pool_id(&self) -> &str {
        &self.pool_id
    }

    fn client_id(&self) -> &str {
        &self.client.client_id
    }

    fn endpoint(&self) -> &str {
        self.server.endpoint()
    }

    /// Creates a user with a phone number and an e-mail address; `invited` leaves the
    /// password temporary (NEW_PASSWORD_REQUIRED).
    async fn create_user(&self, username: &str, invited: bool) -> Result<(), Box<dyn std::error::Error>> {
        let spec = cognito_mfa_mock::UserSpec {
            attributes: vec![
                ("phone_number".to_owned(), "+15555550100".to_owned()),
                ("email".to_owned(), "alice@example.com".to_owned()),
            ],
            temporary_password: invited,
            ..Default::default()
        };
        self.server
            .mock()
            .create_user(&self.pool_id, username, PASSWORD, &spec)
            .await?;
        Ok(())
    }

    /// Enables SMS MFA for a user (as an administrator).
    async fn enable_sms(&self, username: &str, preferred: bool) -> Result<(), Box<dyn std::error::Error>> {
        let sms = Some(cognito_mfa::MfaSettings::new(true, preferred));
        self.server
            .mock()
            .set_user_mfa_preference(&self.pool_id, username, sms, None, None)
            .await?;
        Ok(())
    }

    /// Enrols TOTP for a user (as the user would), as preferred or not; returns the user's
    /// "authenticator app". The mock's clock then moves on by one time step, so that the
    /// next code is of a later step than the one that verified the app.
    async fn enrol_totp(
        &self,
        username: &str,
        preferred: bool,
    ) -> Result<cognito_mfa::totp::Totp, Box<dyn std::error::Error>> {
        let secret = self
            .server
            .mock()
            .enrol_totp(&self.pool_id, &self.client, username, PASSWORD, preferred)
            .await?;
        Ok(cognito_mfa::totp::Totp::new(secret))
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
