//! Bindings of `cognito_mfa::admin`: `AdminClient`, a server's admin API over IAM
//! credentials, every request SigV4-signed by the core.
//!
//! `new AdminClient(pool, { credentials, profile })` takes the credentials in the forms an AWS
//! SDK v3 user has them: nothing (the core's default chain: the environment, then the shared
//! files' profile), an `AwsCredentialIdentity`-shaped object (`{ accessKeyId,
//! secretAccessKey, sessionToken?, expiration? }`), or a provider function returning one or a
//! Promise of one (`fromEnv()`, `fromIni()`, `fromNodeProviderChain()` of
//! `@aws-sdk/credential-providers`). A provider becomes a core [`ProvideCredentials`] calling
//! the function on the JavaScript thread through a threadsafe function; the core caches what
//! it returns and asks again five minutes before its `expiration`. The secret and the token
//! are read into zeroized memory and never cross back into JavaScript.
//!
//! The methods' results have the AWS SDK's shapes (`AdminGetUser`'s `{ Username,
//! UserAttributes, Enabled, UserStatus, ... }`), as the user side's `getUserData` has
//! `GetUser`'s.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use cognito_mfa::admin::credentials::CredentialsFuture;
use cognito_mfa::admin::{
    AdminClient, AdminUser, AwsCredentials, CredentialsProvider, ProvideCredentials,
};
use cognito_mfa::protocol::MfaOption;
use cognito_mfa::protocol::device::DeviceRememberedStatus;
use cognito_mfa::{Error, MfaPreferences, Result};
use napi::bindgen_prelude::{
    ClassInstance, Env, FromNapiValue, Function, Object, Promise, PromiseRaw, Unknown,
};
use napi::threadsafe_function::ThreadsafeFunction;
use napi::{JsDate, JsValue, Status, ValueType, sys};
use napi_derive::napi;
use zeroize::Zeroizing;

use crate::client::JsUserPool;
use crate::device::{JsDeviceType, JsGetDeviceResult, JsListDevicesResult};
use crate::error::OrThrow;
use crate::input::{self, Arg, describe};
use crate::promise;
use crate::user::{JsMfaOption, JsUser, JsUserData, MfaSettingsInput, SUCCESS};

/// The options of `new AdminClient(pool, options)`.
#[napi(object, js_name = "AdminClientOptions", object_to_js = false)]
pub struct AdminClientOptions<'env> {
    /// `{ accessKeyId, secretAccessKey, sessionToken?, expiration? }`, or a function returning
    /// that (or a Promise of it), such as `fromEnv()` or `fromIni()` of
    /// `@aws-sdk/credential-providers`. Left out: the environment, then the shared files.
    #[napi(ts_type = "AwsCredentialIdentity | AwsCredentialIdentityProvider")]
    pub credentials: Option<Unknown<'env>>,
    /// The profile of `~/.aws/credentials` / `~/.aws/config` the default chain reads (else
    /// `AWS_PROFILE`, else `default`); only without `credentials`.
    pub profile: Option<String>,
}

/// Reads `{ accessKeyId, secretAccessKey, sessionToken?, expiration? }`; `name` prefixes the
/// fields in messages. The message never holds a value.
fn identity(value: Unknown<'_>, name: &str) -> Result<AwsCredentials> {
    if value.get_type().ok() != Some(ValueType::Object) {
        return Err(Error::InvalidInput(format!(
            "{name} must be an object {{ accessKeyId, secretAccessKey, sessionToken?, \
             expiration? }}, got {}",
            describe(&value)
        )));
    }
    let object = Object::from_raw(value.value().env, value.raw());
    let field = |key: &str| -> Result<Option<Unknown<'_>>> {
        let field: Option<Unknown<'_>> = object
            .get(key)
            .map_err(|_| Error::InvalidInput(format!("{name}.{key} cannot be read")))?;
        Ok(field.filter(|field| {
            !matches!(field.get_type(), Ok(ValueType::Undefined | ValueType::Null))
        }))
    };
    let text = |key: &str, required: bool| -> Result<Option<Zeroizing<String>>> {
        match field(key)? {
            Some(value) => input::field::<String>(value, &format!("{name}.{key}"), "a string")
                .map(|text| Some(Zeroizing::new(text))),
            None if required => Err(Error::InvalidInput(format!("{name}.{key} is missing"))),
            None => Ok(None),
        }
    };
    let (Some(key), Some(secret)) = (text("accessKeyId", true)?, text("secretAccessKey", true)?)
    else {
        return Err(Error::InvalidInput(format!("{name} has no keys")));
    };
    let token = text("sessionToken", false)?.map(|token| token.as_str().to_owned());
    let mut credentials = AwsCredentials::new(key.as_str(), secret.as_str(), token)?;
    if let Some(expiration) = field("expiration")? {
        credentials = credentials.with_expiry(
            UNIX_EPOCH + Duration::from_secs_f64(expiry_millis(expiration, name)? / 1000.0),
        );
    }
    Ok(credentials)
}

/// The milliseconds since the epoch of `expiration` (a `Date`).
fn expiry_millis(expiration: Unknown<'_>, name: &str) -> Result<f64> {
    let refused = || Error::InvalidInput(format!("{name}.expiration must be a Date"));
    if !expiration.is_date().unwrap_or(false) {
        return Err(refused());
    }
    // SAFETY: a live handle of the current call, just checked to be a Date.
    let date = unsafe { JsDate::from_napi_value(expiration.value().env, expiration.raw()) }
        .map_err(|_| refused())?;
    let millis = date.value_of().map_err(|_| refused())?;
    if millis.is_finite() && millis >= 0.0 {
        Ok(millis)
    } else {
        Err(refused())
    }
}

/// The core provider for `options.credentials` and `options.profile`.
fn provider_of(options: Option<AdminClientOptions<'_>>) -> Result<CredentialsProvider> {
    let (credentials, profile) = match options {
        Some(options) => (options.credentials, options.profile),
        None => (None, None),
    };
    let credentials = credentials
        .filter(|value| !matches!(value.get_type(), Ok(ValueType::Undefined | ValueType::Null)));
    let Some(credentials) = credentials else {
        return Ok(CredentialsProvider::default_chain(profile));
    };
    if profile.is_some() {
        return Err(Error::InvalidInput(
            "options.profile applies to the default chain only: give credentials or a \
             profile, not both"
                .to_owned(),
        ));
    }
    if credentials.get_type().ok() == Some(ValueType::Function) {
        return JsCredentialsProvider::new(credentials).map(CredentialsProvider::custom);
    }
    identity(credentials, "options.credentials").map(CredentialsProvider::fixed)
}

/// A threadsafe function calling the application's credential provider with no argument.
/// Weak: a client kept alive does not keep Node's event loop alive (a call in flight belongs
/// to a request whose Promise does).
type ProviderFunction = ThreadsafeFunction<(), ProviderReturn, (), Status, false, true>;

/// An AWS SDK v3 credential provider written in JavaScript. A provider that throws or
/// rejects is the core's `CredentialsError`, whose message never quotes the provider's own
/// error text (it could hold a key).
struct JsCredentialsProvider {
    function: ProviderFunction,
}

impl JsCredentialsProvider {
    fn new(value: Unknown<'_>) -> Result<Self> {
        let unable = || {
            Error::InvalidInput("options.credentials is a function that cannot be called".into())
        };
        // SAFETY: a live handle of the current call, just checked to be a function.
        let function: Function<'_, (), ProviderReturn> =
            unsafe { Function::from_napi_value(value.value().env, value.raw()) }
                .map_err(|_| unable())?;
        let function = function
            .build_threadsafe_function::<()>()
            .callee_handled::<false>()
            .weak::<true>()
            .build_callback(|_| Ok(()))
            .map_err(|_| unable())?;
        Ok(JsCredentialsProvider { function })
    }
}

fn provider_failed(what: &str) -> Error {
    Error::Credentials {
        message: format!("the credentials provider {what}"),
        source: None,
    }
}

impl ProvideCredentials for JsCredentialsProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let ProviderAnswer(answer) = match self.function.call_async_catch(()).await {
                Ok(ProviderReturn::Ready(answer)) => answer,
                Ok(ProviderReturn::Pending(promise)) => promise
                    .await
                    .map_err(|_| provider_failed("returned a Promise that rejected"))?,
                Err(error) if error.status == Status::PendingException => {
                    return Err(provider_failed("threw"));
                }
                Err(_) => {
                    return Err(provider_failed(
                        "could not be called (Node is shutting down?)",
                    ));
                }
            };
            answer.map_err(|what| provider_failed(&format!("resolved to {what}")))
        })
    }
}

/// What the provider returned: credentials, or a Promise of them.
enum ProviderReturn {
    Ready(ProviderAnswer),
    Pending(Promise<ProviderAnswer>),
}

impl FromNapiValue for ProviderReturn {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        // SAFETY: napi-rs passes the live handles of the threadsafe call.
        let unknown = unsafe { Unknown::from_raw_unchecked(env, value) };
        if unknown.is_promise().unwrap_or(false) {
            // SAFETY: as above; the value was just checked to be a Promise.
            unsafe { Promise::from_napi_value(env, value) }.map(ProviderReturn::Pending)
        } else {
            Ok(ProviderReturn::Ready(ProviderAnswer::read(unknown)))
        }
    }
}

/// The provider's credentials, or what was wrong with its answer (for the message).
struct ProviderAnswer(std::result::Result<AwsCredentials, String>);

impl ProviderAnswer {
    fn read(value: Unknown<'_>) -> Self {
        ProviderAnswer(
            identity(value, "the provider's answer").map_err(|error| match error {
                Error::InvalidInput(message) => message,
                other => other.to_string(),
            }),
        )
    }
}

impl FromNapiValue for ProviderAnswer {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        // SAFETY: napi-rs passes the live handles of the Promise's callback.
        Ok(ProviderAnswer::read(unsafe {
            Unknown::from_raw_unchecked(env, value)
        }))
    }
}

/// A user as an administrator sees them, as Cognito's `AdminGetUser` returns it: `GetUser`'s
/// fields (`UserData`) and `Enabled`, `UserStatus` and the dates. The lists are left out when
/// empty, as Cognito does.
#[napi(object, js_name = "AdminGetUserResult", object_from_js = false)]
pub struct JsAdminUser {
    /// The user name (for pools with aliases, the internal one).
    #[napi(js_name = "Username")]
    pub username: String,
    /// The attributes.
    #[napi(js_name = "UserAttributes")]
    pub user_attributes: Vec<crate::user::JsAttributeType>,
    /// Whether the user may sign in.
    #[napi(js_name = "Enabled")]
    pub enabled: bool,
    /// `CONFIRMED`, `FORCE_CHANGE_PASSWORD`, `RESET_REQUIRED`...
    #[napi(js_name = "UserStatus")]
    pub user_status: String,
    /// When the user was created, in seconds since the epoch.
    #[napi(js_name = "UserCreateDate")]
    pub user_create_date: Option<f64>,
    /// When the user was last changed, in seconds since the epoch.
    #[napi(js_name = "UserLastModifiedDate")]
    pub user_last_modified_date: Option<f64>,
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

impl JsAdminUser {
    fn from_core(user: AdminUser) -> Self {
        let data = JsUserData::from_core(user.user);
        JsAdminUser {
            username: data.username,
            user_attributes: data.user_attributes,
            enabled: user.enabled,
            user_status: user.user_status,
            user_create_date: user.user_create_date,
            user_last_modified_date: user.user_last_modified_date,
            mfa_options: data.mfa_options,
            preferred_mfa_setting: data.preferred_mfa_setting,
            user_mfa_setting_list: data.user_mfa_setting_list,
        }
    }
}

/// One entry of `setUserSettings`' `MFAOptions`, e.g. `{ DeliveryMedium: 'SMS',
/// AttributeName: 'phone_number' }`.
#[napi(object, js_name = "MFAOptionInput", object_to_js = false)]
pub struct MfaOptionInput {
    /// `'SMS'`.
    #[napi(js_name = "DeliveryMedium")]
    pub delivery_medium: String,
    /// The attribute the code goes to: `'phone_number'`.
    #[napi(js_name = "AttributeName")]
    pub attribute_name: String,
}

/// A server's admin API over IAM credentials (`AdminGetUser`, `AdminSetUserMFAPreference`,
/// server-side sign-in through `AdminInitiateAuth`...), every request SigV4-signed in the pool
/// id's region. See docs/admin.md.
///
/// @example
/// ```js
/// const { fromNodeProviderChain } = require('@aws-sdk/credential-providers');
/// const admin = new AdminClient(pool, { credentials: fromNodeProviderChain() });
/// await admin.setUserMfaPreference('alice', null, { Enabled: false, PreferredMfa: false });
/// ```
#[napi(js_name = "AdminClient")]
pub struct JsAdminClient {
    inner: Arc<AdminClient>,
}

/// A user name argument, checked before any request.
fn username_of(username: Arg<String>) -> Result<String> {
    if username.0.is_empty() {
        return Err(Error::InvalidInput("username must not be empty".to_owned()));
    }
    Ok(username.0)
}

#[napi]
impl JsAdminClient {
    /// The admin API of `pool`'s app client; no request is made (credentials are first asked
    /// for by the first request).
    ///
    /// @throws {Error} `InvalidInputError` if `pool` is not a `CognitoUserPool` of this
    /// package, `credentials` is neither an object with keys nor a function, or both
    /// `credentials` and `profile` are given.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: &Env,
        #[napi(ts_arg_type = "CognitoUserPool")] pool: Unknown<'_>,
        #[napi(ts_arg_type = "AdminClientOptions")] options: Option<Unknown<'_>>,
    ) -> napi::Result<Self> {
        let read = || -> Result<AdminClient> {
            let pool: ClassInstance<'_, JsUserPool> = input::value(pool, "a CognitoUserPool")
                .map_err(|_| {
                    Error::InvalidInput("pool must be a CognitoUserPool of this package".into())
                })?;
            let options = options
                .filter(|value| value.get_type().ok() != Some(ValueType::Undefined))
                .map(|value| input::options::<AdminClientOptions<'_>>(value, "options"))
                .transpose()?;
            Ok(AdminClient::new(pool.core(), provider_of(options)?))
        };
        Ok(JsAdminClient {
            inner: Arc::new(read().or_throw(env)?),
        })
    }

    /// The pool whose users sign in through `AdminInitiateAuth` (its requests are signed):
    /// `new CognitoUser({ Username, Pool: admin.pool })` and `CognitoUser.resume(admin.pool,
    /// state)` give admin users.
    #[napi(getter, catch_unwind, ts_return_type = "CognitoUserPool")]
    pub fn pool(&self) -> JsUserPool {
        JsUserPool::from_core(self.inner.pool().clone())
    }

    /// A user whose sign-in goes through `AdminInitiateAuth` / `AdminRespondToAuthChallenge`:
    /// `authenticateUser(details)` (SRP) or `authenticateUser(details, { flow:
    /// 'ADMIN_USER_PASSWORD_AUTH' })`, then every challenge method of `CognitoUser`.
    ///
    /// @throws {Error} `InvalidInputError` if `username` is not a string or is empty.
    #[napi(catch_unwind, ts_return_type = "CognitoUser")]
    pub fn user(
        &self,
        env: &Env,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
    ) -> napi::Result<JsUser> {
        let username = username_of(username).or_throw(env)?;
        Ok(JsUser::from_core(self.inner.user(username)))
    }

    /// The user's attributes, status and MFA settings (`AdminGetUser`).
    ///
    /// Rejects with `UserNotFoundException`, `CredentialsError` (no credentials could be
    /// had), `InvalidSignatureException`, `UnrecognizedClientException`,
    /// `AccessDeniedException` (the credentials were refused), and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<AdminGetUserResult>")]
    pub fn get_user<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
    ) -> napi::Result<PromiseRaw<'env, JsAdminUser>> {
        let username = username_of(username).or_throw(env)?;
        let client = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { client.get_user(&username).await },
            |_, user| Ok(JsAdminUser::from_core(user)),
        )
    }

    /// Enables, disables or prefers the user's SMS, TOTP and e-mail MFA
    /// (`AdminSetUserMFAPreference`); `null` (or, for e-mail, leaving it out) leaves a factor
    /// unchanged. Resolves to `'SUCCESS'`.
    ///
    /// Rejects with `InvalidParameterException` (a factor the user cannot have),
    /// `UserNotFoundException`, `CredentialsError`, and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<'SUCCESS'>")]
    pub fn set_user_mfa_preference<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
        #[napi(ts_arg_type = "IMfaSettings | null")] sms_mfa_settings: Option<Unknown<'_>>,
        #[napi(ts_arg_type = "IMfaSettings | null")] software_token_mfa_settings: Option<
            Unknown<'_>,
        >,
        #[napi(ts_arg_type = "IMfaSettings | null")] email_mfa_settings: Option<Unknown<'_>>,
    ) -> napi::Result<PromiseRaw<'env, &'static str>> {
        let read = || -> Result<(String, MfaPreferences)> {
            Ok((
                username_of(username)?,
                MfaPreferences {
                    sms: MfaSettingsInput::read(sms_mfa_settings)?,
                    software_token: MfaSettingsInput::read(software_token_mfa_settings)?,
                    email: MfaSettingsInput::read(email_mfa_settings)?,
                },
            ))
        };
        let (username, preferences) = read().or_throw(env)?;
        let client = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { client.set_mfa_preferences(&username, preferences).await },
            |_, ()| Ok(SUCCESS),
        )
    }

    /// Legacy SMS MFA (`AdminSetUserSettings`): `[{ DeliveryMedium: 'SMS', AttributeName:
    /// 'phone_number' }]` turns it on, `[]` off. Resolves to `'SUCCESS'`.
    ///
    /// Rejects with `InvalidParameterException`, `UserNotFoundException`, `CredentialsError`,
    /// and transport errors; throws `InvalidInputError` for options that are not such objects.
    #[napi(catch_unwind, ts_return_type = "Promise<'SUCCESS'>")]
    pub fn set_user_settings<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
        #[napi(ts_arg_type = "MFAOptionInput[]")] mfa_options: Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, &'static str>> {
        let read = || -> Result<(String, Vec<MfaOption>)> {
            let options: Vec<MfaOptionInput> =
                input::value(mfa_options, "an array of { DeliveryMedium, AttributeName }")?;
            let options = options
                .into_iter()
                .map(|option| MfaOption {
                    delivery_medium: Some(option.delivery_medium),
                    attribute_name: Some(option.attribute_name),
                })
                .collect();
            Ok((username_of(username)?, options))
        };
        let (username, options) = read().or_throw(env)?;
        let client = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { client.set_user_settings(&username, options).await },
            |_, ()| Ok(SUCCESS),
        )
    }

    /// Makes the user choose a new password (`AdminResetUserPassword`); their sign-in then
    /// rejects with `PasswordResetRequiredException`. Resolves to `'SUCCESS'`.
    ///
    /// Rejects with `UserNotFoundException`, `NotAuthorizedException`, `CredentialsError`,
    /// and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<'SUCCESS'>")]
    pub fn reset_user_password<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
        #[napi(ts_arg_type = "Record<string, string> | null")] client_metadata: Option<
            Arg<BTreeMap<String, String>>,
        >,
    ) -> napi::Result<PromiseRaw<'env, &'static str>> {
        let username = username_of(username).or_throw(env)?;
        let metadata = client_metadata.map(|metadata| metadata.0);
        let client = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { client.reset_user_password(&username, metadata).await },
            |_, ()| Ok(SUCCESS),
        )
    }

    /// Signs the user out everywhere (`AdminUserGlobalSignOut`): their refresh tokens are
    /// revoked. Resolves to `'SUCCESS'`.
    ///
    /// Rejects with `UserNotFoundException`, `CredentialsError`, and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<'SUCCESS'>")]
    pub fn user_global_sign_out<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
    ) -> napi::Result<PromiseRaw<'env, &'static str>> {
        let username = username_of(username).or_throw(env)?;
        let client = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { client.user_global_sign_out(&username).await },
            |_, ()| Ok(SUCCESS),
        )
    }

    /// One page of the user's devices (`AdminListDevices`): at most `limit` (0 to 60), from
    /// the page `paginationToken` names. Resolves to `{ Devices, PaginationToken? }`.
    ///
    /// Rejects with `InvalidInputError` (a limit above 60), `UserNotFoundException`,
    /// `CredentialsError`, and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<ListDevicesResult>")]
    pub fn list_devices<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
        #[napi(ts_arg_type = "number | null")] limit: Option<Arg<f64>>,
        #[napi(ts_arg_type = "string | null")] pagination_token: Option<Arg<String>>,
    ) -> napi::Result<PromiseRaw<'env, JsListDevicesResult>> {
        let read = || -> Result<(String, Option<u32>)> {
            let limit = limit
                .map(|limit| input::whole(limit.0, "limit", u32::MAX.into()))
                .transpose()?
                .map(|limit| u32::try_from(limit).unwrap_or(u32::MAX));
            Ok((username_of(username)?, limit))
        };
        let (username, limit) = read().or_throw(env)?;
        let token = pagination_token.map(|token| token.0);
        let client = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { client.list_devices(&username, limit, token).await },
            |_, page| Ok(JsListDevicesResult::from_core(page)),
        )
    }

    /// Every device of the user, reading every page of `AdminListDevices`.
    ///
    /// Rejects as `listDevices`.
    #[napi(catch_unwind, ts_return_type = "Promise<DeviceType[]>")]
    pub fn list_all_devices<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
    ) -> napi::Result<PromiseRaw<'env, Vec<JsDeviceType>>> {
        let username = username_of(username).or_throw(env)?;
        let client = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { client.list_all_devices(&username).await },
            |_, devices| Ok(devices.into_iter().map(JsDeviceType::from_core).collect()),
        )
    }

    /// One of the user's devices (`AdminGetDevice`). Resolves to `{ Device }`.
    ///
    /// Rejects with `ResourceNotFoundException` (no such device), `UserNotFoundException`,
    /// `CredentialsError`, and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<GetDeviceResult>")]
    pub fn get_device<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
        #[napi(ts_arg_type = "string")] device_key: Arg<String>,
    ) -> napi::Result<PromiseRaw<'env, JsGetDeviceResult>> {
        let username = username_of(username).or_throw(env)?;
        let key = device_key.0;
        let client = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { client.get_device(&username, &key).await },
            |_, device| {
                Ok(JsGetDeviceResult {
                    device: JsDeviceType::from_core(device),
                })
            },
        )
    }

    /// Forgets one of the user's devices (`AdminForgetDevice`): its next sign-in asks for MFA
    /// again. Resolves to `'SUCCESS'`.
    ///
    /// Rejects with `ResourceNotFoundException`, `UserNotFoundException`, `CredentialsError`,
    /// and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<'SUCCESS'>")]
    pub fn forget_device<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
        #[napi(ts_arg_type = "string")] device_key: Arg<String>,
    ) -> napi::Result<PromiseRaw<'env, &'static str>> {
        let username = username_of(username).or_throw(env)?;
        let key = device_key.0;
        let client = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { client.forget_device(&username, &key).await },
            |_, ()| Ok(SUCCESS),
        )
    }

    /// Marks one of the user's devices `'remembered'` or `'not_remembered'`
    /// (`AdminUpdateDeviceStatus`). Resolves to `'SUCCESS'`.
    ///
    /// Rejects with `ResourceNotFoundException`, `UserNotFoundException`, `CredentialsError`,
    /// and transport errors; throws `InvalidInputError` for another status.
    #[napi(catch_unwind, ts_return_type = "Promise<'SUCCESS'>")]
    pub fn update_device_status<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
        #[napi(ts_arg_type = "string")] device_key: Arg<String>,
        #[napi(ts_arg_type = "'remembered' | 'not_remembered'")] status: Arg<String>,
    ) -> napi::Result<PromiseRaw<'env, &'static str>> {
        let read = || -> Result<(String, DeviceRememberedStatus)> {
            let status = DeviceRememberedStatus::from_wire(&status.0).ok_or_else(|| {
                Error::InvalidInput("status must be 'remembered' or 'not_remembered'".to_owned())
            })?;
            Ok((username_of(username)?, status))
        };
        let (username, status) = read().or_throw(env)?;
        let key = device_key.0;
        let client = Arc::clone(&self.inner);
        promise::spawn(
            env,
            async move { client.update_device_status(&username, &key, status).await },
            |_, ()| Ok(SUCCESS),
        )
    }
}
