//! Typed test helpers on [`Mock`]: user pools, app clients, users, MFA preferences and TOTP
//! enrolment, built from the mock's own Cognito operations and run in-process.
//!
//! These are the helpers of the Python (`cognito_mfa.testing.MockCognito`) and Node
//! (`cognito-mfa/testing`) packages; the bindings only convert arguments and results, so
//! both packages behave the same (same defaults, same errors).

use cognito_mfa::MfaSettings;
use cognito_mfa::srp::{Password, SrpClient, format_timestamp, pool_name, secret_hash};
use cognito_mfa::totp::{Secret, Totp};
use serde_json::{Map, Value, json};
use zeroize::Zeroize;

use crate::error::ServiceError;
use crate::mock::Mock;
use crate::state::pool::MfaMode;

/// The password the bindings' helpers give users when none is given; it satisfies the
/// default password policy (8 characters or more, upper and lower case, a digit, a symbol).
pub const DEFAULT_PASSWORD: &str = "Passw0rd!";

/// The SMS text of pools made by [`Mock::create_user_pool`] with SMS MFA.
const SMS_MESSAGE: &str = "Your code is {####}";

/// The e-mail text and subject of pools made by [`Mock::create_user_pool`] with e-mail MFA.
const EMAIL_MESSAGE: &str = "Your code is {####}";
const EMAIL_SUBJECT: &str = "Your code";

/// The name of the short-lived app client [`Mock::create_user`] signs an unconfirmed user up
/// through.
const SIGNUP_CLIENT: &str = "cognito-mfa-testing-signup";

/// Why a helper failed.
#[derive(Debug, thiserror::Error)]
pub enum HelperError {
    /// The endpoint refused an operation (e.g. `UsernameExistsException`).
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// The helper's arguments are contradictory or malformed (nothing was changed).
    #[error("{0}")]
    InvalidInput(String),
    /// [`Mock::enrol_totp`]: the user's sign-in asks for something other than `MFA_SETUP`
    /// (e.g. `SMS_MFA` or `NEW_PASSWORD_REQUIRED`), so TOTP cannot be enrolled.
    #[error("cannot enrol TOTP for {username:?}: the sign-in asks {challenge}")]
    SignInChallenge {
        /// The user name.
        username: String,
        /// The challenge the sign-in asked for.
        challenge: String,
    },
    /// The core's SRP or TOTP computation failed, or an answer of the endpoint lacked a field.
    #[error(transparent)]
    Core(#[from] cognito_mfa::Error),
}

/// A user pool for [`Mock::create_user_pool`]. The default is the bindings' default: `test`,
/// MFA `OPTIONAL`, SMS and TOTP offered, e-mail not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSpec {
    /// `PoolName`.
    pub name: String,
    /// `MfaConfiguration`.
    pub mfa: MfaMode,
    /// Offer SMS MFA (`SmsMfaConfiguration` with the text `Your code is {####}`).
    pub sms: bool,
    /// Offer TOTP (`SoftwareTokenMfaConfiguration.Enabled`).
    pub software_token: bool,
    /// Offer e-mail MFA (`EmailMfaConfiguration`).
    pub email: bool,
}

impl Default for PoolSpec {
    fn default() -> Self {
        PoolSpec {
            name: "test".to_owned(),
            mfa: MfaMode::Optional,
            sms: true,
            software_token: true,
            email: false,
        }
    }
}

impl PoolSpec {
    /// Parses an MFA configuration given as text (`OFF`, `OPTIONAL` or `ON`).
    ///
    /// # Errors
    /// [`HelperError::InvalidInput`] for any other text.
    pub fn parse_mfa(text: &str) -> Result<MfaMode, HelperError> {
        MfaMode::parse(text).ok_or_else(|| {
            HelperError::InvalidInput(format!(
                "mfa must be one of OFF, OPTIONAL, ON, got {text:?}"
            ))
        })
    }
}

/// An app client for [`Mock::create_app_client`]. The default: `client`, no secret, the
/// default flows (SRP, refresh, custom auth, as on AWS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSpec {
    /// `ClientName`.
    pub name: String,
    /// `GenerateSecret`.
    pub generate_secret: bool,
    /// `ExplicitAuthFlows`, e.g. `ALLOW_USER_PASSWORD_AUTH`; `None` for AWS's default.
    pub auth_flows: Option<Vec<String>>,
}

impl Default for ClientSpec {
    fn default() -> Self {
        ClientSpec {
            name: "client".to_owned(),
            generate_secret: false,
            auth_flows: None,
        }
    }
}

/// An app client made by [`Mock::create_app_client`]: its id and, if it has one, its secret
/// (redacted in `Debug`, zeroized on drop).
#[derive(Clone, PartialEq, Eq)]
pub struct AppClientInfo {
    /// The app client id.
    pub client_id: String,
    /// The client secret, `None` for a client without one.
    pub client_secret: Option<String>,
}

impl std::fmt::Debug for AppClientInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppClientInfo")
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

impl Drop for AppClientInfo {
    fn drop(&mut self) {
        self.client_secret.zeroize();
    }
}

/// A user for [`Mock::create_user`]. The default: no attributes, confirmed, a permanent
/// password (signs in at once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSpec {
    /// `UserAttributes` as name-value pairs, e.g. `("phone_number", "+15555550100")`.
    pub attributes: Vec<(String, String)>,
    /// `false`: the user signs up and stays unconfirmed (`UserNotConfirmedException`).
    pub confirmed: bool,
    /// `true`: the password is temporary (`NEW_PASSWORD_REQUIRED` at sign-in).
    pub temporary_password: bool,
}

impl Default for UserSpec {
    fn default() -> Self {
        UserSpec {
            attributes: Vec::new(),
            confirmed: true,
            temporary_password: false,
        }
    }
}

/// `{Enabled, PreferredMfa}` as the wire wants it.
fn settings_json(settings: MfaSettings) -> Value {
    json!({"Enabled": settings.enabled, "PreferredMfa": settings.preferred_mfa})
}

/// Adds `key` to the JSON object `object` (a request being built).
fn set(object: &mut Value, key: &str, value: Value) {
    if let Some(map) = object.as_object_mut() {
        map.insert(key.to_owned(), value);
    }
}

/// A string field of an answer, or [`HelperError::Core`] naming it.
fn field<'a>(answer: &'a Value, path: &[&str], operation: &str) -> Result<&'a str, HelperError> {
    path.iter()
        .try_fold(answer, |value, key| value.get(key))
        .and_then(Value::as_str)
        .ok_or_else(|| {
            HelperError::Core(cognito_mfa::Error::UnexpectedResponse {
                what: format!("{operation}: missing field `{}`", path.join(".")),
                status: None,
                source: None,
            })
        })
}

impl Mock {
    /// Creates a user pool (`CreateUserPool`, then `SetUserPoolMfaConfig`) with the MFA
    /// configuration and factors of `spec` and the default password policy; returns its id.
    ///
    /// # Errors
    /// [`HelperError::Service`]: `InvalidParameterException` e.g. for MFA `ON` with no factor
    /// (the pool then exists without that configuration).
    pub async fn create_user_pool(&self, spec: &PoolSpec) -> Result<String, HelperError> {
        let created = self
            .call("CreateUserPool", json!({"PoolName": spec.name}))
            .await?;
        let pool_id = field(&created, &["UserPool", "Id"], "CreateUserPool")?.to_owned();
        let mut request = json!({
            "UserPoolId": pool_id,
            "MfaConfiguration": spec.mfa.as_str(),
            "SoftwareTokenMfaConfiguration": {"Enabled": spec.software_token},
        });
        if spec.sms {
            set(
                &mut request,
                "SmsMfaConfiguration",
                json!({"SmsAuthenticationMessage": SMS_MESSAGE}),
            );
        }
        if spec.email {
            set(
                &mut request,
                "EmailMfaConfiguration",
                json!({"Message": EMAIL_MESSAGE, "Subject": EMAIL_SUBJECT}),
            );
        }
        self.call("SetUserPoolMfaConfig", request).await?;
        Ok(pool_id)
    }

    /// Creates an app client of `pool_id` (`CreateUserPoolClient`) as `spec` says.
    ///
    /// # Errors
    /// [`HelperError::Service`]: `ResourceNotFoundException` for an unknown pool,
    /// `InvalidParameterException` for an unknown auth flow.
    pub async fn create_app_client(
        &self,
        pool_id: &str,
        spec: &ClientSpec,
    ) -> Result<AppClientInfo, HelperError> {
        let mut request = json!({
            "UserPoolId": pool_id,
            "ClientName": spec.name,
            "GenerateSecret": spec.generate_secret,
        });
        if let Some(flows) = &spec.auth_flows {
            set(&mut request, "ExplicitAuthFlows", json!(flows));
        }
        let answer = self.call("CreateUserPoolClient", request).await?;
        let client_id = field(
            &answer,
            &["UserPoolClient", "ClientId"],
            "CreateUserPoolClient",
        )?
        .to_owned();
        let client_secret = answer
            .get("UserPoolClient")
            .and_then(|client| client.get("ClientSecret"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(AppClientInfo {
            client_id,
            client_secret,
        })
    }

    /// Creates a user of `pool_id` with `password`, without sending an invitation.
    ///
    /// Confirmed users are made by `AdminCreateUser` (the password temporary) and, unless
    /// `spec.temporary_password`, `AdminSetUserPassword` (permanent). An unconfirmed user
    /// signs up (`SignUp`) through a short-lived app client, deleted afterwards.
    ///
    /// # Errors
    /// [`HelperError::InvalidInput`] for an unconfirmed user with a temporary password;
    /// [`HelperError::Service`]: `UsernameExistsException`, `InvalidPasswordException`,
    /// `ResourceNotFoundException`...
    pub async fn create_user(
        &self,
        pool_id: &str,
        username: &str,
        password: &str,
        spec: &UserSpec,
    ) -> Result<(), HelperError> {
        let attributes: Vec<Value> = spec
            .attributes
            .iter()
            .map(|(name, value)| json!({"Name": name, "Value": value}))
            .collect();
        if !spec.confirmed {
            if spec.temporary_password {
                return Err(HelperError::InvalidInput(
                    "an unconfirmed user has no temporary password".to_owned(),
                ));
            }
            let client = self
                .create_app_client(
                    pool_id,
                    &ClientSpec {
                        name: SIGNUP_CLIENT.to_owned(),
                        ..ClientSpec::default()
                    },
                )
                .await?;
            let signed_up = self
                .call(
                    "SignUp",
                    json!({"ClientId": client.client_id, "Username": username,
                           "Password": password, "UserAttributes": attributes}),
                )
                .await;
            self.call(
                "DeleteUserPoolClient",
                json!({"UserPoolId": pool_id, "ClientId": client.client_id}),
            )
            .await?;
            signed_up?;
            return Ok(());
        }
        self.call(
            "AdminCreateUser",
            json!({"UserPoolId": pool_id, "Username": username, "TemporaryPassword": password,
                   "MessageAction": "SUPPRESS", "UserAttributes": attributes}),
        )
        .await?;
        if !spec.temporary_password {
            self.call(
                "AdminSetUserPassword",
                json!({"UserPoolId": pool_id, "Username": username, "Password": password,
                       "Permanent": true}),
            )
            .await?;
        }
        Ok(())
    }

    /// Sets a user's MFA factors as an administrator (`AdminSetUserMFAPreference`); a factor
    /// given as `None` is left unchanged.
    ///
    /// # Errors
    /// [`HelperError::Service`]: `InvalidParameterException` for a factor the user cannot have
    /// (no phone number, no verified software token) or when MFA is off for the pool;
    /// `UserNotFoundException`.
    pub async fn set_user_mfa_preference(
        &self,
        pool_id: &str,
        username: &str,
        sms: Option<MfaSettings>,
        software_token: Option<MfaSettings>,
        email: Option<MfaSettings>,
    ) -> Result<(), HelperError> {
        let mut request = Map::new();
        request.insert("UserPoolId".to_owned(), json!(pool_id));
        request.insert("Username".to_owned(), json!(username));
        for (key, settings) in [
            ("SMSMfaSettings", sms),
            ("SoftwareTokenMfaSettings", software_token),
            ("EmailMfaSettings", email),
        ] {
            if let Some(settings) = settings {
                request.insert(key.to_owned(), settings_json(settings));
            }
        }
        self.call("AdminSetUserMFAPreference", Value::Object(request))
            .await?;
        Ok(())
    }

    /// The code an authenticator app with `secret` shows now, by the mock's clock.
    fn totp_code(&self, secret: &Secret) -> String {
        Totp::new(secret.clone()).generate(self.now())
    }

    /// Signs `username` in with `USER_SRP_AUTH` through `client`; returns the answer to
    /// `PASSWORD_VERIFIER` and the user name later requests use (`USER_ID_FOR_SRP`).
    async fn srp_sign_in(
        &self,
        pool_id: &str,
        client: &AppClientInfo,
        username: &str,
        password: &str,
    ) -> Result<(Value, String), HelperError> {
        let hash = |name: &str| {
            client
                .client_secret
                .as_deref()
                .map(|secret| secret_hash(secret, name, &client.client_id))
        };
        let srp = SrpClient::new_random()?;
        let mut parameters = json!({"USERNAME": username, "SRP_A": srp.srp_a()});
        if let Some(hash) = hash(username) {
            set(&mut parameters, "SECRET_HASH", json!(hash));
        }
        let challenge = self
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client.client_id,
                       "AuthParameters": parameters}),
            )
            .await?;
        let get = |key: &str| field(&challenge, &["ChallengeParameters", key], "InitiateAuth");
        let user_id = get("USER_ID_FOR_SRP")?.to_owned();
        let claim = srp.password_claim(
            pool_name(pool_id)?,
            &user_id,
            &Password::new(password),
            get("SALT")?,
            get("SRP_B")?,
            get("SECRET_BLOCK")?,
            &format_timestamp(self.now())?,
        )?;
        let mut responses = json!({
            "USERNAME": user_id,
            "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
            "PASSWORD_CLAIM_SIGNATURE": claim.signature,
            "TIMESTAMP": claim.timestamp,
        });
        if let Some(hash) = hash(&user_id) {
            set(&mut responses, "SECRET_HASH", json!(hash));
        }
        let session = challenge.get("Session").cloned().unwrap_or(Value::Null);
        let answer = self
            .call(
                "RespondToAuthChallenge",
                json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": client.client_id,
                       "Session": session, "ChallengeResponses": responses}),
            )
            .await?;
        Ok((answer, user_id))
    }

    /// Enrols an authenticator app for an existing user as the user would: signs in with SRP
    /// through `client` (through `MFA_SETUP` on a pool with MFA `ON`), associates and verifies
    /// a software token, and enables TOTP (preferred if `preferred`). Returns the secret.
    ///
    /// The clock then moves on by 30 seconds, so that the next code belongs to a later time
    /// step than the one used for verification (the endpoint refuses a code used twice).
    ///
    /// # Errors
    /// [`HelperError::Service`] when the sign-in or the enrolment fails
    /// (`NotAuthorizedException` for a wrong password, `UserNotConfirmedException`...);
    /// [`HelperError::SignInChallenge`] when the sign-in asks another challenge first;
    /// [`HelperError::Core`] for an answer without an expected field.
    pub async fn enrol_totp(
        &self,
        pool_id: &str,
        client: &AppClientInfo,
        username: &str,
        password: &str,
        preferred: bool,
    ) -> Result<Secret, HelperError> {
        let (answer, user_id) = self
            .srp_sign_in(pool_id, client, username, password)
            .await?;
        let signed_in = answer.get("AuthenticationResult").is_some();
        let challenge = answer
            .get("ChallengeName")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let (token, secret) = if signed_in {
            let token = field(&answer, &["AuthenticationResult", "AccessToken"], "Sign-in")?;
            let associated = self
                .call("AssociateSoftwareToken", json!({"AccessToken": token}))
                .await?;
            let secret = Secret::from_base32(field(
                &associated,
                &["SecretCode"],
                "AssociateSoftwareToken",
            )?)?;
            self.call(
                "VerifySoftwareToken",
                json!({"AccessToken": token, "UserCode": self.totp_code(&secret)}),
            )
            .await?;
            (token.to_owned(), secret)
        } else if challenge == "MFA_SETUP" {
            let session = field(&answer, &["Session"], "Sign-in")?;
            let associated = self
                .call("AssociateSoftwareToken", json!({"Session": session}))
                .await?;
            let secret = Secret::from_base32(field(
                &associated,
                &["SecretCode"],
                "AssociateSoftwareToken",
            )?)?;
            let session = field(&associated, &["Session"], "AssociateSoftwareToken")?;
            let verified = self
                .call(
                    "VerifySoftwareToken",
                    json!({"Session": session, "UserCode": self.totp_code(&secret)}),
                )
                .await?;
            let session = field(&verified, &["Session"], "VerifySoftwareToken")?;
            let mut responses = json!({"USERNAME": user_id});
            if let Some(secret) = &client.client_secret {
                set(
                    &mut responses,
                    "SECRET_HASH",
                    json!(secret_hash(secret, &user_id, &client.client_id)),
                );
            }
            let answer = self
                .call(
                    "RespondToAuthChallenge",
                    json!({"ChallengeName": "MFA_SETUP", "ClientId": client.client_id,
                           "Session": session, "ChallengeResponses": responses}),
                )
                .await?;
            let token = field(
                &answer,
                &["AuthenticationResult", "AccessToken"],
                "RespondToAuthChallenge",
            )?;
            (token.to_owned(), secret)
        } else {
            return Err(HelperError::SignInChallenge {
                username: username.to_owned(),
                challenge: challenge.to_owned(),
            });
        };
        self.call(
            "SetUserMFAPreference",
            json!({"AccessToken": token,
                   "SoftwareTokenMfaSettings": settings_json(MfaSettings::new(true, preferred))}),
        )
        .await?;
        self.clock().advance(30).ok_or_else(|| {
            HelperError::InvalidInput("the clock cannot move past its range".to_owned())
        })?;
        Ok(secret)
    }
}
