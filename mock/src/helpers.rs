//! Typed test helpers on [`Mock`]: user pools, app clients, users, MFA preferences and TOTP
//! enrolment, built from the mock's own Cognito operations and run in-process.
//!
//! These are the helpers of the Python (`cognito_mfa.testing.MockCognito`) and Node
//! (`cognito-mfa/testing`) packages; the bindings only convert arguments and results, so
//! both packages behave the same (same defaults, same errors).

use std::collections::BTreeMap;

use cognito_mfa::protocol::auth::{ChallengeNameWire, keys, required_parameter};
use cognito_mfa::protocol::{
    AssociateSoftwareTokenRequest, AuthFlow, AuthResponse, ChallengeName, InitiateAuthRequest,
    MfaSettings, Operation, RespondToAuthChallengeRequest, SecretString,
    SetUserMfaPreferenceRequest, VerifySoftwareTokenRequest, decode, encode,
};
use cognito_mfa::srp::{Password, SrpClient, format_timestamp, pool_name, secret_hash};
use cognito_mfa::totp::{Secret, Totp};
use serde_json::{Map, Value, json};
use zeroize::Zeroize;

use crate::error::ServiceError;
use crate::mock::Mock;
use crate::state::device::DeviceTracking;
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

impl From<HelperError> for cognito_mfa::Error {
    /// The one mapping of a helper's failure to the core's error, for the bindings: the
    /// endpoint's errors as [`cognito_mfa::Error::Service`], contradictory arguments and a
    /// sign-in that asks another challenge before TOTP enrolment as
    /// [`cognito_mfa::Error::InvalidInput`], the core's own errors as they are.
    fn from(error: HelperError) -> Self {
        match error {
            HelperError::Service(error) => error.into(),
            HelperError::InvalidInput(message) => cognito_mfa::Error::InvalidInput(message),
            error @ HelperError::SignInChallenge { .. } => {
                cognito_mfa::Error::InvalidInput(error.to_string())
            }
            HelperError::Core(error) => error,
        }
    }
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
    /// Device tracking (`DeviceConfiguration`); `None` leaves it off.
    pub devices: Option<DeviceTracking>,
}

impl Default for PoolSpec {
    fn default() -> Self {
        PoolSpec {
            name: "test".to_owned(),
            mfa: MfaMode::Optional,
            sms: true,
            software_token: true,
            email: false,
            devices: None,
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

/// Adds `key` to the JSON object `object` (a request being built).
fn set(object: &mut Value, key: &str, value: Value) {
    if let Some(map) = object.as_object_mut() {
        map.insert(key.to_owned(), value);
    }
}

/// [`HelperError::Core`] for an answer of `operation` without `path`.
fn missing(operation: &str, path: &str) -> HelperError {
    HelperError::Core(cognito_mfa::Error::UnexpectedResponse {
        what: format!("{operation}: missing field `{path}`"),
        status: None,
        source: None,
    })
}

/// A string field of an answer, or [`HelperError::Core`] naming it.
fn field<'a>(answer: &'a Value, path: &[&str], operation: &str) -> Result<&'a str, HelperError> {
    path.iter()
        .try_fold(answer, |value, key| value.get(key))
        .and_then(Value::as_str)
        .ok_or_else(|| missing(operation, &path.join(".")))
}

/// [`HelperError::Core`] for a JSON value that does not convert (which the core's request and
/// response types rule out).
fn json_error(operation: &str, error: serde_json::Error) -> HelperError {
    HelperError::Core(cognito_mfa::Error::UnexpectedResponse {
        what: format!("{operation}: {error}"),
        status: None,
        source: Some(Box::new(error)),
    })
}

/// `ChallengeResponses` (or `AuthParameters`) for `username` through `client`: `USERNAME`,
/// `SECRET_HASH` for a client with a secret, and `extra`.
fn parameters(
    client: &AppClientInfo,
    username: &str,
    extra: Vec<(&str, String)>,
) -> BTreeMap<String, SecretString> {
    let mut parameters = BTreeMap::new();
    parameters.insert(keys::USERNAME.to_owned(), SecretString::new(username));
    if let Some(secret) = &client.client_secret {
        let hash = secret_hash(secret, username, &client.client_id);
        parameters.insert(keys::SECRET_HASH.to_owned(), SecretString::new(hash));
    }
    for (key, value) in extra {
        parameters.insert(key.to_owned(), SecretString::new(value));
    }
    parameters
}

impl Mock {
    /// Creates a user pool (`CreateUserPool`, then `SetUserPoolMfaConfig`) with the MFA
    /// configuration and factors of `spec` and the default password policy; returns its id.
    ///
    /// # Errors
    /// [`HelperError::Service`]: `InvalidParameterException` e.g. for MFA `ON` with no factor
    /// (the pool then exists without that configuration).
    pub async fn create_user_pool(&self, spec: &PoolSpec) -> Result<String, HelperError> {
        let mut create = json!({"PoolName": spec.name});
        if let Some(devices) = spec.devices {
            set(
                &mut create,
                "DeviceConfiguration",
                json!({
                    "ChallengeRequiredOnNewDevice": devices.challenge_required_on_new_device,
                    "DeviceOnlyRememberedOnUserPrompt": devices.device_only_remembered_on_user_prompt,
                }),
            );
        }
        let created = self.call("CreateUserPool", create).await?;
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
                let settings = serde_json::to_value(settings)
                    .map_err(|e| json_error("AdminSetUserMFAPreference", e))?;
                request.insert(key.to_owned(), settings);
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

    /// Runs an operation of the core's protocol in-process: the request is encoded as the
    /// client sends it ([`encode`]) and the answer read as the client reads it ([`decode`]).
    async fn send<T: Operation>(&self, request: &T) -> Result<T::Output, HelperError> {
        let body: Value =
            serde_json::from_slice(&encode(request)?).map_err(|e| json_error(T::NAME, e))?;
        let answer = self.call(T::NAME, body).await?;
        let answer = serde_json::to_vec(&answer).map_err(|e| json_error(T::NAME, e))?;
        Ok(decode::<T>(200, &answer)?)
    }

    /// Answers the challenge `name` of `session` through `client`.
    async fn respond(
        &self,
        client: &AppClientInfo,
        name: ChallengeName,
        session: Option<SecretString>,
        responses: BTreeMap<String, SecretString>,
    ) -> Result<AuthResponse, HelperError> {
        self.send(&RespondToAuthChallengeRequest {
            challenge_name: ChallengeNameWire(name),
            client_id: client.client_id.clone(),
            session,
            challenge_responses: responses,
            client_metadata: None,
        })
        .await
    }

    /// Signs `username` in with `USER_SRP_AUTH` through `client`; returns the answer to
    /// `PASSWORD_VERIFIER` and the user name later requests use (`USER_ID_FOR_SRP`).
    async fn srp_sign_in(
        &self,
        pool_id: &str,
        client: &AppClientInfo,
        username: &str,
        password: &str,
    ) -> Result<(AuthResponse, String), HelperError> {
        let srp = SrpClient::new_random()?;
        let challenge = self
            .send(&InitiateAuthRequest {
                auth_flow: AuthFlow::UserSrpAuth,
                client_id: client.client_id.clone(),
                auth_parameters: parameters(client, username, vec![(keys::SRP_A, srp.srp_a())]),
                client_metadata: None,
            })
            .await?;
        let challenge_parameters = challenge.challenge_parameters.unwrap_or_default();
        let get = |key: &str| {
            required_parameter(&challenge_parameters, ChallengeName::PasswordVerifier, key)
        };
        let user_id = get(keys::USER_ID_FOR_SRP)?.to_owned();
        let claim = srp.password_claim(
            pool_name(pool_id)?,
            &user_id,
            &Password::new(password),
            get(keys::SALT)?,
            get(keys::SRP_B)?,
            get(keys::SECRET_BLOCK)?,
            &format_timestamp(self.now())?,
        )?;
        let responses = parameters(
            client,
            &user_id,
            vec![
                (keys::PASSWORD_CLAIM_SECRET_BLOCK, claim.secret_block),
                (keys::PASSWORD_CLAIM_SIGNATURE, claim.signature),
                (keys::TIMESTAMP, claim.timestamp),
            ],
        );
        let answer = self
            .respond(
                client,
                ChallengeName::PasswordVerifier,
                challenge.session,
                responses,
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
        let is_mfa_setup =
            answer.challenge_name.as_deref() == Some(ChallengeName::MfaSetup.as_str());
        let (token, secret) = if let Some(result) = answer.authentication_result {
            let token = result.access_token;
            let associated = self
                .send(&AssociateSoftwareTokenRequest {
                    access_token: Some(token.clone()),
                    session: None,
                })
                .await?;
            let secret = Secret::from_base32(associated.secret_code.expose())?;
            self.send(&VerifySoftwareTokenRequest {
                access_token: Some(token.clone()),
                session: None,
                user_code: self.totp_code(&secret).into(),
                friendly_device_name: None,
            })
            .await?;
            (token, secret)
        } else if is_mfa_setup {
            let session = answer
                .session
                .ok_or_else(|| missing("Sign-in", "Session"))?;
            let associated = self
                .send(&AssociateSoftwareTokenRequest {
                    access_token: None,
                    session: Some(session),
                })
                .await?;
            let secret = Secret::from_base32(associated.secret_code.expose())?;
            let session = associated
                .session
                .ok_or_else(|| missing(AssociateSoftwareTokenRequest::NAME, "Session"))?;
            let verified = self
                .send(&VerifySoftwareTokenRequest {
                    access_token: None,
                    session: Some(session),
                    user_code: self.totp_code(&secret).into(),
                    friendly_device_name: None,
                })
                .await?;
            let session = verified
                .session
                .ok_or_else(|| missing(VerifySoftwareTokenRequest::NAME, "Session"))?;
            let answer = self
                .respond(
                    client,
                    ChallengeName::MfaSetup,
                    Some(session),
                    parameters(client, &user_id, Vec::new()),
                )
                .await?;
            let result = answer.authentication_result.ok_or_else(|| {
                missing(RespondToAuthChallengeRequest::NAME, "AuthenticationResult")
            })?;
            (result.access_token, secret)
        } else {
            return Err(HelperError::SignInChallenge {
                username: username.to_owned(),
                challenge: answer.challenge_name.unwrap_or_default(),
            });
        };
        self.send(&SetUserMfaPreferenceRequest {
            access_token: token,
            sms_mfa_settings: None,
            software_token_mfa_settings: Some(MfaSettings::new(true, preferred)),
            email_mfa_settings: None,
        })
        .await?;
        self.clock().advance(30).ok_or_else(|| {
            HelperError::InvalidInput("the clock cannot move past its range".to_owned())
        })?;
        Ok(secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helper_errors_map_to_the_cores_errors_in_one_place() {
        let code = |error: HelperError| cognito_mfa::Error::from(error).code().to_owned();
        let service = ServiceError::new(crate::codes::USERNAME_EXISTS, "taken");
        assert_eq!(code(service.into()), "UsernameExistsException");
        assert_eq!(
            code(HelperError::InvalidInput("no".into())),
            "InvalidInputError"
        );
        let challenge = HelperError::SignInChallenge {
            username: "alice".into(),
            challenge: "SMS_MFA".into(),
        };
        let mapped = cognito_mfa::Error::from(challenge);
        assert_eq!(mapped.code(), "InvalidInputError");
        assert!(mapped.to_string().contains("SMS_MFA"), "{mapped}");
        assert_eq!(
            code(HelperError::Core(cognito_mfa::Error::NotSignedIn)),
            "NotSignedInError"
        );
    }
}
