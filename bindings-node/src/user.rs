//! Bindings of `cognito_mfa::user`: `CognitoUser` (every MFA flow, as Promises) and
//! `AuthenticationDetails`, named as in amazon-cognito-identity-js.
//!
//! Each method converts its arguments, hands the core's future to [`crate::promise::spawn`]
//! and converts the outcome on the JavaScript thread; the sign-in logic is the core's. Sign-in
//! steps resolve to one object read through the accessors of the core's `AuthOutcome` and
//! `Challenge`: signed in (`session`) or a challenge (`challengeName`, `challengeParameters`
//! and the parsed fields), declared as the `AuthResult` discriminated union in `index.d.ts`.

use std::collections::BTreeMap;
use std::sync::Arc;

use cognito_mfa::srp::Password;
use cognito_mfa::{
    AuthFlow, AuthOutcome, AuthenticationDetails, ChallengeName, ClientMetadata, Error, MfaOption,
    MfaPreferences, MfaSettings, MfaType, Result, User, UserData as CoreUserData,
};
use napi::bindgen_prelude::{ClassInstance, Env, Object, PromiseRaw, ToNapiValue, Unknown};
use napi_derive::napi;
use zeroize::Zeroizing;

use crate::client::JsUserPool;
use crate::error::OrThrow;
use crate::input::{self, Arg};
use crate::promise;
use crate::secret::SecretText;
use crate::session::JsUserSession;

/// What `new AuthenticationDetails(data)` takes (amazon-cognito-identity-js's
/// `IAuthenticationDetailsData`).
#[napi(object, object_to_js = false)]
pub struct AuthenticationData<'env> {
    /// The user name (informative: the `CognitoUser`'s own name is the one sent).
    #[napi(js_name = "Username")]
    pub username: String,
    /// The password. With `USER_SRP_AUTH` (the default) it never leaves this process.
    #[napi(js_name = "Password")]
    pub password: String,
    /// Metadata for the pool's Lambda triggers.
    #[napi(js_name = "ClientMetadata", ts_type = "Record<string, string>")]
    pub client_metadata: Option<Unknown<'env>>,
}

/// What `new CognitoUser(data)` takes (amazon-cognito-identity-js's `ICognitoUserData`).
#[napi(object, object_to_js = false)]
pub struct CognitoUserData<'env> {
    /// The user name.
    #[napi(js_name = "Username")]
    pub username: String,
    /// The pool the user belongs to.
    #[napi(js_name = "Pool", ts_type = "CognitoUserPool")]
    pub pool: Unknown<'env>,
}

/// Options of `authenticateUser(details, options)`.
#[napi(object, object_to_js = false)]
pub struct AuthenticateOptions {
    /// `'USER_SRP_AUTH'` (default: the password never leaves this process), `'USER_PASSWORD_AUTH'`
    /// (sent over TLS), or `'ADMIN_USER_PASSWORD_AUTH'` for a user of an `AdminClient`.
    #[napi(ts_type = "'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'ADMIN_USER_PASSWORD_AUTH'")]
    pub flow: Option<String>,
}

/// One factor's MFA settings for `setUserMfaPreference` (amazon-cognito-identity-js's
/// `IMfaSettings`). An absent field counts as `false`.
#[napi(object, js_name = "IMfaSettings", object_to_js = false)]
pub struct MfaSettingsInput {
    /// Whether this factor is the preferred one.
    #[napi(js_name = "PreferredMfa")]
    pub preferred_mfa: Option<bool>,
    /// Whether this factor is enabled.
    #[napi(js_name = "Enabled")]
    pub enabled: Option<bool>,
}

impl MfaSettingsInput {
    /// The core's settings of the optional argument `settings` (`null` leaves the factor
    /// unchanged).
    ///
    /// # Errors
    /// `InvalidInput` if `settings` is not an object of booleans.
    pub(crate) fn read(settings: Option<Unknown<'_>>) -> Result<Option<MfaSettings>> {
        settings
            .map(|settings| {
                let settings: MfaSettingsInput = input::options(settings, "settings")?;
                Ok(MfaSettings::new(
                    settings.enabled.unwrap_or(false),
                    settings.preferred_mfa.unwrap_or(false),
                ))
            })
            .transpose()
    }
}

/// An argument that is an object of strings (client metadata, attributes).
type Strings = Arg<BTreeMap<String, String>>;

/// A user attribute, `{ Name, Value }`, as `getUserData()` lists them.
#[napi(object, js_name = "AttributeType", object_from_js = false)]
pub struct JsAttributeType {
    /// The attribute's name, e.g. `email`.
    #[napi(js_name = "Name")]
    pub name: String,
    /// Its value.
    #[napi(js_name = "Value")]
    pub value: String,
}

/// One entry of the legacy (SMS) MFA settings, as `getMFAOptions()` lists them.
#[napi(object, js_name = "MFAOption", object_from_js = false)]
pub struct JsMfaOption {
    /// `'SMS'` (or `'EMAIL'`).
    #[napi(js_name = "DeliveryMedium", ts_type = "'SMS' | 'EMAIL'")]
    pub delivery_medium: Option<String>,
    /// The attribute the code goes to, e.g. `phone_number`.
    #[napi(js_name = "AttributeName")]
    pub attribute_name: Option<String>,
}

/// The user's data, as Cognito's `GetUser` returns it (and amazon-cognito-identity-js's
/// `getUserData` passes it on). The lists are left out when empty, as Cognito does.
#[napi(object, js_name = "UserData", object_from_js = false)]
pub struct JsUserData {
    /// The user name (for pools with aliases, the internal one).
    #[napi(js_name = "Username")]
    pub username: String,
    /// The attributes.
    #[napi(js_name = "UserAttributes")]
    pub user_attributes: Vec<JsAttributeType>,
    /// The legacy SMS MFA settings, present while legacy SMS MFA is on.
    #[napi(js_name = "MFAOptions")]
    pub mfa_options: Option<Vec<JsMfaOption>>,
    /// The preferred factor, if any.
    #[napi(js_name = "PreferredMfaSetting", ts_type = "MfaType")]
    pub preferred_mfa_setting: Option<&'static str>,
    /// The enabled factors, if any.
    #[napi(js_name = "UserMFASettingList", ts_type = "MfaType[]")]
    pub user_mfa_setting_list: Option<Vec<&'static str>>,
}

impl JsMfaOption {
    fn from_core(option: MfaOption) -> Self {
        JsMfaOption {
            delivery_medium: option.delivery_medium,
            attribute_name: option.attribute_name,
        }
    }
}

impl JsUserData {
    pub(crate) fn from_core(data: CoreUserData) -> Self {
        let mfa_options: Vec<JsMfaOption> = data
            .mfa_options
            .into_iter()
            .map(JsMfaOption::from_core)
            .collect();
        let enabled: Vec<&'static str> = data
            .user_mfa_setting_list
            .iter()
            .map(|factor| factor.as_str())
            .collect();
        JsUserData {
            username: data.username,
            user_attributes: data
                .attributes
                .into_iter()
                .map(|attribute| JsAttributeType {
                    name: attribute.name,
                    value: attribute.value,
                })
                .collect(),
            mfa_options: (!mfa_options.is_empty()).then_some(mfa_options),
            preferred_mfa_setting: data.preferred_mfa_setting.map(MfaType::as_str),
            user_mfa_setting_list: (!enabled.is_empty()).then_some(enabled),
        }
    }
}

/// How to sign in: the password and optional Lambda metadata (as in
/// amazon-cognito-identity-js). The password never shows in `console.log` or
/// `JSON.stringify`.
#[napi(js_name = "AuthenticationDetails")]
pub struct JsAuthenticationDetails {
    username: String,
    password: Password,
    client_metadata: Option<ClientMetadata>,
}

#[napi]
impl JsAuthenticationDetails {
    /// Keeps the user name, password and client metadata for `authenticateUser`.
    ///
    /// @throws {Error} `InvalidInputError` if `Username` or `Password` is missing or not a
    /// string, or `ClientMetadata` holds a value that is not a string.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: &Env,
        #[napi(ts_arg_type = "AuthenticationData")] data: Unknown<'_>,
    ) -> napi::Result<Self> {
        let read = || -> Result<JsAuthenticationDetails> {
            let AuthenticationData {
                username,
                password,
                client_metadata,
            } = input::options(data, "data")?;
            let password = Zeroizing::new(password);
            let client_metadata = client_metadata
                .map(|metadata| {
                    input::field(
                        metadata,
                        "data.ClientMetadata",
                        "an object whose values are strings",
                    )
                })
                .transpose()?;
            Ok(JsAuthenticationDetails {
                username,
                password: Password::new(password.as_str()),
                client_metadata,
            })
        };
        read().or_throw(env)
    }

    /// The user name given.
    #[napi(catch_unwind)]
    pub fn get_username(&self) -> String {
        self.username.clone()
    }

    /// The password given (a secret).
    #[napi(catch_unwind, ts_return_type = "string")]
    pub fn get_password(&self) -> SecretText {
        SecretText(zeroize::Zeroizing::new(
            self.password.expose_secret().to_owned(),
        ))
    }

    /// The client metadata given, or `null`.
    #[napi(catch_unwind)]
    pub fn get_client_metadata(&self) -> Option<BTreeMap<String, String>> {
        self.client_metadata.clone()
    }
}

impl JsAuthenticationDetails {
    /// The core's details, with `flow`.
    fn core(&self, flow: AuthFlow) -> AuthenticationDetails {
        let details = AuthenticationDetails::new(self.password.clone()).flow(flow);
        match &self.client_metadata {
            Some(metadata) => details.client_metadata(metadata.clone()),
            None => details,
        }
    }
}

/// One user of a pool: signs in, answers every MFA challenge, enrols TOTP and manages MFA
/// settings (amazon-cognito-identity-js's `CognitoUser`, with Promises instead of callbacks;
/// `cognito-mfa/compat` has the callback form).
///
/// Calls on one user run one at a time (a second call waits for the first), so two requests
/// never race the same challenge Session. A failed call leaves the sign-in state as it was: a
/// wrong MFA code can be tried again.
///
/// Every Promise rejects with an `Error` whose `code` and `name` are Cognito's error code (e.g.
/// `CodeMismatchException`, with `statusCode` and `requestId`) or a client-side code ending in
/// `Error` (`NotSignedInError`, `NoChallengeInProgressError`, `InvalidInputError`,
/// `NetworkError`, `TimeoutError`, `UnexpectedResponseError`...).
///
/// @example
/// ```js
/// const user = new CognitoUser({ Username: 'alice', Pool: pool });
/// let result = await user.authenticateUser(new AuthenticationDetails({ Username: 'alice', Password }));
/// if (result.challengeName === 'SOFTWARE_TOKEN_MFA') result = await user.sendMFACode(code);
/// result.session.getIdToken().getJwtToken();
/// ```
#[napi(js_name = "CognitoUser")]
pub struct JsUser {
    inner: Arc<User>,
}

impl JsUser {
    /// The core user (its device methods are in `crate::device`).
    pub(crate) fn core(&self) -> &Arc<User> {
        &self.inner
    }

    /// A wrapper of a user made by the core (e.g. resumed, `crate::resume`).
    pub(crate) fn from_core(user: User) -> JsUser {
        JsUser {
            inner: Arc::new(user),
        }
    }
}

#[napi]
impl JsUser {
    /// A user of `data.Pool` named `data.Username`; no request is made.
    ///
    /// @throws {Error} `InvalidInputError` if `Username` is not a string or is empty, or `Pool`
    /// is not a `CognitoUserPool` of this package.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: &Env,
        #[napi(ts_arg_type = "CognitoUserData")] data: Unknown<'_>,
    ) -> napi::Result<Self> {
        let read = || -> Result<User> {
            let data: CognitoUserData<'_> = input::options(data, "data")?;
            let pool: ClassInstance<'_, JsUserPool> =
                input::field(data.pool, "data.Pool", "a CognitoUserPool")?;
            pool.core().try_user(data.username)
        };
        Ok(JsUser {
            inner: Arc::new(read().or_throw(env)?),
        })
    }

    /// The user name sent in requests: as given, then Cognito's `USER_ID_FOR_SRP` after an
    /// SRP sign-in (as amazon-cognito-identity-js does).
    #[napi(catch_unwind)]
    pub fn get_username(&self) -> String {
        self.inner.username()
    }

    /// The session, when signed in (whether or not its tokens are still valid), else `null`.
    #[napi(catch_unwind)]
    pub fn get_sign_in_user_session(&self) -> Option<JsUserSession> {
        self.inner.session().map(JsUserSession::new)
    }

    /// The name of the challenge in progress (e.g. `'SMS_MFA'`), or `null`.
    #[napi(catch_unwind, ts_return_type = "ChallengeName | null")]
    pub fn get_challenge_name(&self) -> Option<&'static str> {
        self.inner
            .challenge()
            .map(|challenge| challenge.name().as_str())
    }

    /// Forgets the tokens or the challenge in progress, locally: no request is made and the
    /// tokens stay valid at the service (see `globalSignOut`).
    #[napi(catch_unwind)]
    pub fn sign_out(&self) {
        self.inner.sign_out();
    }

    /// Signs in with SRP (default) or `USER_PASSWORD_AUTH`.
    ///
    /// Resolves to the session, or to the challenge to answer next: `SMS_MFA`, `EMAIL_OTP` and
    /// `SOFTWARE_TOKEN_MFA` (answer with `sendMFACode`), `SELECT_MFA_TYPE`
    /// (`sendMFASelectionAnswer`), `MFA_SETUP` (`associateSoftwareToken` then
    /// `verifySoftwareToken`), `NEW_PASSWORD_REQUIRED` (`completeNewPasswordChallenge`),
    /// `CUSTOM_CHALLENGE` (`sendCustomChallengeAnswer`).
    ///
    /// Rejects with `NotAuthorizedException` (wrong password, disabled user),
    /// `UserNotFoundException`, `UserNotConfirmedException`,
    /// `PasswordResetRequiredException`, `InvalidParameterException` (e.g. a flow the app
    /// client does not allow), `UnsupportedChallengeError`, `InvalidInputError` (an unknown
    /// flow), and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<AuthResult>")]
    pub fn authenticate_user<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "AuthenticationDetails")] details: Unknown<'_>,
        #[napi(ts_arg_type = "AuthenticateOptions | undefined | null")] options: Option<
            Unknown<'_>,
        >,
    ) -> napi::Result<PromiseRaw<'env, Object<'env>>> {
        let read = || -> Result<AuthenticationDetails> {
            let details: ClassInstance<'_, JsAuthenticationDetails> =
                input::value(details, "an AuthenticationDetails")?;
            let options: Option<AuthenticateOptions> = options
                .map(|options| input::options(options, "options"))
                .transpose()?;
            let flow = options
                .and_then(|options| options.flow)
                .map(|flow| AuthFlow::parse_sign_in(&flow))
                .transpose()?;
            Ok(details.core(flow.unwrap_or_default()))
        };
        let details = read().or_throw(env)?;
        let user = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { known(user.authenticate_user(details).await?) },
            outcome_to_js,
        )
    }

    /// Answers `SMS_MFA`, `SOFTWARE_TOKEN_MFA` or `EMAIL_OTP` with the code the user received
    /// or read from the authenticator app.
    ///
    /// `mfaType` (`'SMS_MFA'`, `'SOFTWARE_TOKEN_MFA'`, `'EMAIL_OTP'`) defaults to the challenge
    /// in progress, so code written for SMS keeps working for TOTP. A wrong code leaves the
    /// challenge in progress: it can be tried again.
    ///
    /// Rejects with `CodeMismatchException`, `ExpiredCodeException`, `NotAuthorizedException`
    /// (the challenge's Session expired or was used up), `NoChallengeInProgressError`,
    /// `InvalidInputError` (a TOTP code that is not 6 digits, an empty code, or an `mfaType`
    /// that is not the challenge in progress), and transport errors.
    #[napi(
        js_name = "sendMFACode",
        catch_unwind,
        ts_return_type = "Promise<AuthResult>"
    )]
    pub fn send_mfa_code<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] code: Arg<String>,
        #[napi(ts_arg_type = "MfaType | 'SMS' | 'SOFTWARE_TOKEN' | 'TOTP' | 'EMAIL'")]
        mfa_type: Option<Arg<String>>,
        #[napi(ts_arg_type = "Record<string, string>")] client_metadata: Option<Strings>,
    ) -> napi::Result<PromiseRaw<'env, Object<'env>>> {
        let code = Zeroizing::new(code.0);
        let mfa_type = mfa_type
            .map(|name| name.0.parse::<MfaType>())
            .transpose()
            .or_throw(env)?;
        let metadata = client_metadata.map(|metadata| metadata.0);
        let user = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { known(user.send_mfa_code(&code, mfa_type, metadata).await?) },
            outcome_to_js,
        )
    }

    /// Chooses a factor at `SELECT_MFA_TYPE`: `'SMS_MFA'`, `'SOFTWARE_TOKEN_MFA'`, `'EMAIL_OTP'`
    /// or the aliases `'SMS'`, `'SOFTWARE_TOKEN'`, `'TOTP'`, `'EMAIL'`. Resolves to the next
    /// challenge (that factor's code). `clientMetadata` is passed to the pool's Lambda
    /// triggers (Cognito's `ClientMetadata`).
    ///
    /// Rejects with `InvalidInputError` (an unknown answer, or `clientMetadata` that is not an
    /// object of strings), `NoChallengeInProgressError`, `MFAMethodNotFoundException`-like
    /// service errors, and transport errors.
    #[napi(
        js_name = "sendMFASelectionAnswer",
        catch_unwind,
        ts_return_type = "Promise<AuthResult>"
    )]
    pub fn send_mfa_selection_answer<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "MfaType | 'SMS' | 'SOFTWARE_TOKEN' | 'TOTP' | 'EMAIL'")] answer: Arg<
            String,
        >,
        #[napi(ts_arg_type = "Record<string, string>")] client_metadata: Option<Strings>,
    ) -> napi::Result<PromiseRaw<'env, Object<'env>>> {
        let answer = answer.0;
        let metadata = client_metadata.map(|metadata| metadata.0);
        let user = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { known(user.send_mfa_selection_answer(&answer, metadata).await?) },
            outcome_to_js,
        )
    }

    /// Answers `NEW_PASSWORD_REQUIRED` with a new password and the required attributes (names
    /// without the `userAttributes.` prefix, e.g. `{ name: 'Alice' }`). May lead to
    /// `MFA_SETUP` or an MFA challenge.
    ///
    /// Rejects with `InvalidPasswordException`, `InvalidParameterException` (a missing
    /// required attribute), `NoChallengeInProgressError`, and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<AuthResult>")]
    pub fn complete_new_password_challenge<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] new_password: Arg<String>,
        #[napi(ts_arg_type = "Record<string, string> | null")] required_attribute_data: Option<
            Strings,
        >,
        #[napi(ts_arg_type = "Record<string, string>")] client_metadata: Option<Strings>,
    ) -> napi::Result<PromiseRaw<'env, Object<'env>>> {
        let password = Password::new(Zeroizing::new(new_password.0).as_str());
        let attributes = required_attribute_data
            .map(|attributes| attributes.0)
            .unwrap_or_default();
        let metadata = client_metadata.map(|metadata| metadata.0);
        let user = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move {
                known(
                    user.complete_new_password_challenge(password, attributes, metadata)
                        .await?,
                )
            },
            outcome_to_js,
        )
    }

    /// Answers `CUSTOM_CHALLENGE` (custom authentication with Lambda triggers).
    ///
    /// Rejects with `NoChallengeInProgressError`, service errors and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<AuthResult>")]
    pub fn send_custom_challenge_answer<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] answer: Arg<String>,
        #[napi(ts_arg_type = "Record<string, string>")] client_metadata: Option<Strings>,
    ) -> napi::Result<PromiseRaw<'env, Object<'env>>> {
        let answer = Zeroizing::new(answer.0);
        let metadata = client_metadata.map(|metadata| metadata.0);
        let user = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { known(user.send_custom_challenge_answer(&answer, metadata).await?) },
            outcome_to_js,
        )
    }

    /// Starts TOTP enrolment: resolves to a new secret (base32) for the authenticator app.
    /// Show it, or `new TOTP(secret).provisioningUri(account, { issuer })` as a QR code, then
    /// call `verifySoftwareToken` with a code from the app. (Python's
    /// `associate_software_token()` returns an `AssociatedSoftwareToken` object instead; here
    /// the secret string is kept, as amazon-cognito-identity-js code expects it.)
    ///
    /// Works signed in (with the access token) and during `MFA_SETUP` (with the challenge's
    /// Session).
    ///
    /// Rejects with `NotSignedInError` (neither signed in nor in `MFA_SETUP`),
    /// `SoftwareTokenMFANotFoundException` (the pool does not allow TOTP),
    /// `NotAuthorizedException`, and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub fn associate_software_token<'env>(
        &self,
        env: &'env Env,
    ) -> napi::Result<PromiseRaw<'env, SecretText>> {
        let user = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { user.associate_software_token().await },
            |_, token| Ok(SecretText(token.secret_base32())),
        )
    }

    /// Finishes TOTP enrolment with a code from the authenticator app.
    ///
    /// Signed in, it resolves to `{ challengeName: null, session: null }` once Cognito has
    /// verified the code: TOTP is then enabled with `setUserMfaPreference`. During
    /// `MFA_SETUP` it also completes the sign-in, and resolves to the session (or a further
    /// challenge).
    ///
    /// Rejects with `EnableSoftwareTokenMFAException` (a wrong code), `ExpiredCodeException`
    /// (a code already used), `InvalidInputError` (not 6 digits), `NotSignedInError`,
    /// `SoftwareTokenNotVerifiedError`, and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<VerifyResult>")]
    pub fn verify_software_token<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] code: Arg<String>,
        #[napi(ts_arg_type = "string")] friendly_device_name: Option<Arg<String>>,
    ) -> napi::Result<PromiseRaw<'env, Object<'env>>> {
        let code = Zeroizing::new(code.0);
        let device = friendly_device_name.map(|name| name.0);
        let user = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { known(user.verify_software_token(&code, device.as_deref()).await?) },
            outcome_to_js,
        )
    }

    /// Enables, disables or prefers SMS, TOTP and e-mail MFA; `null` (or, for e-mail, leaving
    /// the argument out) leaves a factor unchanged, as Cognito's `SetUserMFAPreference` does.
    /// Resolves to `'SUCCESS'`.
    ///
    /// Rejects with `InvalidParameterException` (e.g. TOTP not verified yet, no phone number
    /// for SMS, e-mail MFA not enabled in the pool), `NotSignedInError`,
    /// `NotAuthorizedException`, and transport errors; throws `InvalidInputError` for settings
    /// that are not objects of booleans.
    #[napi(catch_unwind, ts_return_type = "Promise<'SUCCESS'>")]
    pub fn set_user_mfa_preference<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "IMfaSettings | null")] sms_mfa_settings: Option<Unknown<'_>>,
        #[napi(ts_arg_type = "IMfaSettings | null")] software_token_mfa_settings: Option<
            Unknown<'_>,
        >,
        #[napi(ts_arg_type = "IMfaSettings | null")] email_mfa_settings: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, &'static str>> {
        let read = || -> Result<MfaPreferences> {
            Ok(MfaPreferences {
                sms: MfaSettingsInput::read(sms_mfa_settings)?,
                software_token: MfaSettingsInput::read(software_token_mfa_settings)?,
                email: MfaSettingsInput::read(email_mfa_settings)?,
            })
        };
        let preferences = read().or_throw(env)?;
        let user = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { user.set_mfa_preferences(preferences).await },
            |_, ()| Ok(SUCCESS),
        )
    }

    /// The user's attributes and MFA settings, as Cognito's `GetUser` returns them.
    ///
    /// Rejects with `NotSignedInError`, `NotAuthorizedException` (a revoked or expired
    /// token), and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<UserData>")]
    pub fn get_user_data<'env>(
        &self,
        env: &'env Env,
    ) -> napi::Result<PromiseRaw<'env, JsUserData>> {
        let user = Arc::clone(&self.inner);
        promise::spawn(env, async move { user.get_user_data().await }, |_, data| {
            Ok(JsUserData::from_core(data))
        })
    }

    /// Turns legacy SMS MFA on (`SetUserSettings`). Resolves to `'SUCCESS'`.
    ///
    /// @deprecated Use `setUserMfaPreference`.
    #[napi(
        js_name = "enableMFA",
        catch_unwind,
        ts_return_type = "Promise<'SUCCESS'>"
    )]
    pub fn enable_mfa<'env>(&self, env: &'env Env) -> napi::Result<PromiseRaw<'env, &'static str>> {
        let user = Arc::clone(&self.inner);
        promise::spawn(env, async move { user.enable_mfa().await }, |_, ()| {
            Ok(SUCCESS)
        })
    }

    /// Turns legacy SMS MFA off (`SetUserSettings`). Resolves to `'SUCCESS'`.
    ///
    /// @deprecated Use `setUserMfaPreference`.
    #[napi(
        js_name = "disableMFA",
        catch_unwind,
        ts_return_type = "Promise<'SUCCESS'>"
    )]
    pub fn disable_mfa<'env>(
        &self,
        env: &'env Env,
    ) -> napi::Result<PromiseRaw<'env, &'static str>> {
        let user = Arc::clone(&self.inner);
        promise::spawn(env, async move { user.disable_mfa().await }, |_, ()| {
            Ok(SUCCESS)
        })
    }

    /// The legacy SMS MFA settings (`MFAOptions` of `GetUser`; empty when off).
    ///
    /// @deprecated Use `getUserData`.
    #[napi(
        js_name = "getMFAOptions",
        catch_unwind,
        ts_return_type = "Promise<MFAOption[]>"
    )]
    pub fn get_mfa_options<'env>(
        &self,
        env: &'env Env,
    ) -> napi::Result<PromiseRaw<'env, Vec<JsMfaOption>>> {
        let user = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { user.get_mfa_options().await },
            |_, options| Ok(options.into_iter().map(JsMfaOption::from_core).collect()),
        )
    }

    /// New ID and access tokens from the session's refresh token (the refresh token is kept).
    /// Resolves to the new session.
    ///
    /// Rejects with `NotSignedInError` (no session or no refresh token),
    /// `NotAuthorizedException` (a revoked or expired refresh token), and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<CognitoUserSession>")]
    pub fn refresh_session<'env>(
        &self,
        env: &'env Env,
    ) -> napi::Result<PromiseRaw<'env, JsUserSession>> {
        let user = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { user.refresh_session().await },
            |_, session| Ok(JsUserSession::new(session)),
        )
    }

    /// Revokes every token of the user at the service and forgets them. Resolves to
    /// `'SUCCESS'`.
    ///
    /// Rejects with `NotSignedInError`, `NotAuthorizedException`, and transport errors; the
    /// session is kept when the call fails.
    #[napi(catch_unwind, ts_return_type = "Promise<'SUCCESS'>")]
    pub fn global_sign_out<'env>(
        &self,
        env: &'env Env,
    ) -> napi::Result<PromiseRaw<'env, &'static str>> {
        let user = Arc::clone(&self.inner);
        promise::spawn(env, async move { user.global_sign_out().await }, |_, ()| {
            Ok(SUCCESS)
        })
    }
}

/// What the operations that change nothing visible resolve to, as in
/// amazon-cognito-identity-js.
pub(crate) const SUCCESS: &str = "SUCCESS";

/// `outcome`, if it is signed in, verified or a challenge: an outcome of another kind (the
/// core's `AuthOutcome` is non-exhaustive) is refused rather than shown as a success.
///
/// # Errors
/// `UnexpectedResponse` for an outcome this version of the binding does not know.
fn known(outcome: AuthOutcome) -> Result<AuthOutcome> {
    if outcome.is_signed_in() || outcome.is_verified() || outcome.challenge().is_some() {
        Ok(outcome)
    } else {
        Err(Error::UnexpectedResponse {
            what: "a sign-in outcome this version of the Node binding does not know".to_owned(),
            status: None,
            source: None,
        })
    }
}

/// The JavaScript result of a sign-in step (`AuthResult` or `VerifyResult` in `index.d.ts`),
/// read through the outcome's accessors: `challengeName` and `session` (each `null` when
/// absent), then, for a challenge, its raw `challengeParameters` and each parsed field that
/// the challenge has (`destination`, `deliveryMedium`, `friendlyDeviceName`, `mfasCanChoose`,
/// `mfasCanSetup`, `userAttributes`, `requiredAttributes`).
pub(crate) fn outcome_to_js(env: &Env, outcome: AuthOutcome) -> napi::Result<Object<'_>> {
    let mut result = Object::new(env)?;
    result.set(
        "challengeName",
        outcome.challenge_name().map(ChallengeName::as_str),
    )?;
    result.set(
        "session",
        outcome.session().cloned().map(JsUserSession::new),
    )?;
    if let Some(parameters) = outcome.challenge_parameters() {
        result.set("challengeParameters", parameters.clone())?;
    }
    let Some(challenge) = outcome.challenge() else {
        return Ok(result);
    };
    let names = |factors: &[MfaType]| -> Vec<&'static str> {
        factors.iter().map(|factor| factor.as_str()).collect()
    };
    set_present(&mut result, "destination", challenge.destination())?;
    set_present(&mut result, "deliveryMedium", challenge.delivery_medium())?;
    set_present(
        &mut result,
        "friendlyDeviceName",
        challenge.friendly_device_name(),
    )?;
    set_present(
        &mut result,
        "mfasCanChoose",
        challenge.mfas_can_choose().map(names),
    )?;
    set_present(
        &mut result,
        "mfasCanSetup",
        challenge.mfas_can_setup().map(names),
    )?;
    set_present(
        &mut result,
        "userAttributes",
        challenge.user_attributes().cloned(),
    )?;
    set_present(
        &mut result,
        "requiredAttributes",
        challenge.required_attributes().map(<[String]>::to_vec),
    )?;
    Ok(result)
}

/// Sets `result[key]` to `value` when there is one; leaves the key out otherwise.
fn set_present<V: ToNapiValue>(
    result: &mut Object<'_>,
    key: &str,
    value: Option<V>,
) -> napi::Result<()> {
    match value {
        Some(value) => result.set(key, value),
        None => Ok(()),
    }
}
