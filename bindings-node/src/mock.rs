//! Bindings of the `cognito-mfa-mock` crate: the mock Cognito endpoint served in-process, on
//! napi-rs's tokio runtime, for `cognito-mfa/testing`. Its `MockCognito` class
//! (`bindings-node/testing.js`) builds its helpers on these few functions, which take the
//! handle that [`start_mock_server`] resolves to. They are not part of the public API (no
//! TypeScript declarations, and `require('cognito-mfa')` does not export them).
//!
//! The server's threads are tokio's, not Node event-loop handles, so a running mock never
//! keeps Node alive; [`mock_stop`] closes its socket.

use std::sync::{Mutex, PoisonError};

use cognito_mfa::{Error, MfaSettings, ServiceError};
use cognito_mfa_mock::{
    AppClientInfo, ClientSpec, Clock, DeviceTracking, HelperError, MAX_UNIX_SECONDS, Mock,
    MockConfig, MockServer, PoolSpec, RunningMock, UserSpec,
};
use napi::bindgen_prelude::{Env, External, PromiseRaw};
use napi_derive::napi;
use serde_json::Value;
use zeroize::Zeroizing;

use crate::error::OrThrow;
use crate::input::{self, Arg};
use crate::json::Plain;
use crate::promise;

/// The endpoint's answer to a request as the core's service error (`code`, `message`,
/// `statusCode`).
fn service_error(error: &cognito_mfa_mock::ServiceError) -> Error {
    Error::Service(ServiceError::new(
        error.code(),
        error.message(),
        error.http_status(),
        None,
    ))
}

/// A helper's failure as the core's error: the endpoint's errors as service errors,
/// contradictory arguments and a sign-in that asks another challenge before TOTP enrolment as
/// `InvalidInputError`.
fn helper_error(error: HelperError) -> Error {
    match error {
        HelperError::Service(error) => service_error(&error),
        HelperError::InvalidInput(message) => Error::InvalidInput(message),
        error @ HelperError::SignInChallenge { .. } => Error::InvalidInput(error.to_string()),
        HelperError::Core(error) => error,
    }
}

/// `[enabled, preferred]` as the core's settings (`null` leaves the factor unchanged).
fn mfa_settings(flags: Option<Vec<bool>>) -> Option<MfaSettings> {
    match flags.as_deref() {
        Some([enabled, preferred]) => Some(MfaSettings::new(*enabled, *preferred)),
        _ => None,
    }
}

/// A mock endpoint served on `127.0.0.1`, on a free port.
pub struct MockHandle {
    mock: Mock,
    endpoint: String,
    running: Mutex<Option<RunningMock>>,
}

/// Starts a mock endpoint configured by `config` (the JSON text of `docs/mock.md`'s config
/// file, `{}` for an empty mock) and resolves to its handle.
///
/// Rejects with `MockConfigError` for an invalid configuration, `MockIoError` when no port can
/// be bound.
#[napi(skip_typescript, catch_unwind)]
pub fn start_mock_server<'env>(
    env: &'env Env,
    config: Arg<String>,
) -> napi::Result<PromiseRaw<'env, External<MockHandle>>> {
    let config = MockConfig::from_json(&config.0).or_throw(env)?;
    promise::spawn(
        env,
        async move { MockServer::start(config).await },
        |_, running| {
            Ok(External::new(MockHandle {
                mock: running.mock().clone(),
                endpoint: running.endpoint().to_owned(),
                running: Mutex::new(Some(running)),
            }))
        },
    )
}

/// The endpoint URL, `http://127.0.0.1:<port>`.
#[napi(skip_typescript, catch_unwind)]
pub fn mock_endpoint(handle: &External<MockHandle>) -> String {
    handle.endpoint.clone()
}

/// Runs one Cognito operation in-process, exactly as `POST /` would: `request` is the JSON
/// text of the request body; resolves to the response body.
///
/// Rejects with the Cognito error the endpoint would answer (`code`, `message`,
/// `statusCode`), or `InvalidInputError` for a request that is not JSON.
#[napi(skip_typescript, catch_unwind)]
pub fn mock_call<'env>(
    env: &'env Env,
    handle: &External<MockHandle>,
    operation: Arg<String>,
    request: Arg<String>,
) -> napi::Result<PromiseRaw<'env, Plain>> {
    let request: Value = serde_json::from_str(&request.0)
        .map_err(|_| Error::InvalidInput("the request is not JSON".to_owned()))
        .or_throw(env)?;
    let operation = operation.0;
    let mock = handle.mock.clone();
    promise::spawn(
        env,
        async move {
            mock.call(&operation, request)
                .await
                .map_err(|error| service_error(&error))
        },
        |_, response| Ok(Plain::value(&response)),
    )
}

/// Creates a user pool (`Mock::create_user_pool`) and resolves to its id. `devices` is the
/// pool's `DeviceConfiguration` as `[challengeRequiredOnNewDevice,
/// deviceOnlyRememberedOnUserPrompt]`, or null for no device tracking.
///
/// Throws `InvalidInputError` for an `mfa` other than `OFF`, `OPTIONAL`, `ON`; rejects with
/// the endpoint's error (`InvalidParameterException`...).
#[allow(
    clippy::too_many_arguments,
    reason = "one argument per JavaScript parameter"
)]
#[napi(skip_typescript, catch_unwind)]
pub fn mock_create_user_pool<'env>(
    env: &'env Env,
    handle: &External<MockHandle>,
    name: Arg<String>,
    mfa: Arg<String>,
    sms: bool,
    software_token: bool,
    email: bool,
    devices: Option<Vec<bool>>,
) -> napi::Result<PromiseRaw<'env, String>> {
    let spec = PoolSpec {
        name: name.0,
        mfa: PoolSpec::parse_mfa(&mfa.0)
            .map_err(helper_error)
            .or_throw(env)?,
        sms,
        software_token,
        email,
        devices: match devices.as_deref() {
            Some([challenge, on_prompt]) => Some(DeviceTracking {
                challenge_required_on_new_device: *challenge,
                device_only_remembered_on_user_prompt: *on_prompt,
            }),
            _ => None,
        },
    };
    let mock = handle.mock.clone();
    promise::spawn(
        env,
        async move { mock.create_user_pool(&spec).await.map_err(helper_error) },
        |_, pool_id| Ok(pool_id),
    )
}

/// Creates an app client (`Mock::create_app_client`); resolves to `{ clientId, clientSecret }`
/// (`clientSecret` null for a client without one). `authFlows` null keeps AWS's default.
///
/// Rejects with the endpoint's error (`ResourceNotFoundException`...).
#[napi(skip_typescript, catch_unwind)]
pub fn mock_create_app_client<'env>(
    env: &'env Env,
    handle: &External<MockHandle>,
    pool_id: Arg<String>,
    name: Arg<String>,
    generate_secret: bool,
    auth_flows: Option<Vec<String>>,
) -> napi::Result<PromiseRaw<'env, Value>> {
    let pool_id = pool_id.0;
    let spec = ClientSpec {
        name: name.0,
        generate_secret,
        auth_flows,
    };
    let mock = handle.mock.clone();
    promise::spawn(
        env,
        async move {
            let client = mock
                .create_app_client(&pool_id, &spec)
                .await
                .map_err(helper_error)?;
            Ok::<_, Error>(serde_json::json!({
                "clientId": client.client_id,
                "clientSecret": client.client_secret,
            }))
        },
        |_, client| Ok(client),
    )
}

/// Creates a user (`Mock::create_user`); `attributes` is an array of `[name, value]` pairs.
///
/// Throws `InvalidInputError` for an unconfirmed user with a temporary password; rejects with
/// the endpoint's error (`UsernameExistsException`...).
#[allow(
    clippy::too_many_arguments,
    reason = "one argument per JavaScript parameter"
)]
#[napi(skip_typescript, catch_unwind)]
pub fn mock_create_user<'env>(
    env: &'env Env,
    handle: &External<MockHandle>,
    pool_id: Arg<String>,
    username: Arg<String>,
    password: Arg<String>,
    attributes: Vec<Vec<String>>,
    confirmed: bool,
    temporary_password: bool,
) -> napi::Result<PromiseRaw<'env, ()>> {
    let attributes = attributes
        .into_iter()
        .map(|pair| match <[String; 2]>::try_from(pair) {
            Ok([name, value]) => Ok((name, value)),
            Err(_) => Err(Error::InvalidInput(
                "attributes must be [name, value] pairs".to_owned(),
            )),
        })
        .collect::<Result<Vec<_>, _>>()
        .or_throw(env)?;
    let spec = UserSpec {
        attributes,
        confirmed,
        temporary_password,
    };
    let (pool_id, username) = (pool_id.0, username.0);
    let password = Zeroizing::new(password.0);
    let mock = handle.mock.clone();
    promise::spawn(
        env,
        async move {
            mock.create_user(&pool_id, &username, &password, &spec)
                .await
                .map_err(helper_error)
        },
        |_, ()| Ok(()),
    )
}

/// Sets a user's MFA factors as an administrator (`Mock::set_user_mfa_preference`); each of
/// `sms`, `softwareToken`, `email` is `[enabled, preferred]`, or null to leave it unchanged.
///
/// Rejects with the endpoint's error (`InvalidParameterException`...).
#[napi(skip_typescript, catch_unwind)]
pub fn mock_set_user_mfa_preference<'env>(
    env: &'env Env,
    handle: &External<MockHandle>,
    pool_id: Arg<String>,
    username: Arg<String>,
    sms: Option<Vec<bool>>,
    software_token: Option<Vec<bool>>,
    email: Option<Vec<bool>>,
) -> napi::Result<PromiseRaw<'env, ()>> {
    let (pool_id, username) = (pool_id.0, username.0);
    let (sms, software_token, email) = (
        mfa_settings(sms),
        mfa_settings(software_token),
        mfa_settings(email),
    );
    let mock = handle.mock.clone();
    promise::spawn(
        env,
        async move {
            mock.set_user_mfa_preference(&pool_id, &username, sms, software_token, email)
                .await
                .map_err(helper_error)
        },
        |_, ()| Ok(()),
    )
}

/// Enrols an authenticator app for a user (`Mock::enrol_totp`); resolves to its base32
/// secret.
///
/// Rejects with the endpoint's error (`NotAuthorizedException`...), or `InvalidInputError`
/// when the sign-in asks another challenge first.
#[allow(
    clippy::too_many_arguments,
    reason = "one argument per JavaScript parameter"
)]
#[napi(skip_typescript, catch_unwind)]
pub fn mock_enrol_totp<'env>(
    env: &'env Env,
    handle: &External<MockHandle>,
    pool_id: Arg<String>,
    client_id: Arg<String>,
    client_secret: Option<Arg<String>>,
    username: Arg<String>,
    password: Arg<String>,
    preferred: bool,
) -> napi::Result<PromiseRaw<'env, String>> {
    let client = AppClientInfo {
        client_id: client_id.0,
        client_secret: client_secret.map(|secret| secret.0),
    };
    let (pool_id, username) = (pool_id.0, username.0);
    let password = Zeroizing::new(password.0);
    let mock = handle.mock.clone();
    promise::spawn(
        env,
        async move {
            let secret = mock
                .enrol_totp(&pool_id, &client, &username, &password, preferred)
                .await
                .map_err(helper_error)?;
            Ok::<_, Error>(secret.to_base32().as_str().to_owned())
        },
        |_, secret| Ok(secret),
    )
}

/// Every SMS and e-mail "sent", oldest first (`docs/mock.md`'s `/_mock/messages`).
#[napi(skip_typescript, catch_unwind)]
pub fn mock_messages(env: &Env, handle: &External<MockHandle>) -> napi::Result<Value> {
    serde_json::to_value(handle.mock.messages())
        .map_err(|_| Error::UnexpectedResponse {
            what: "the mock's outbox could not be listed".to_owned(),
            status: None,
            source: None,
        })
        .or_throw(env)
}

/// Empties the outbox.
#[napi(skip_typescript, catch_unwind)]
pub fn mock_clear_messages(handle: &External<MockHandle>) {
    handle.mock.clear_messages();
}

/// Sets the virtual clock to `unixSeconds`, keeping it frozen or running as it was.
#[napi(skip_typescript, catch_unwind)]
pub fn mock_set_clock(
    env: &Env,
    handle: &External<MockHandle>,
    unix_seconds: Arg<f64>,
) -> napi::Result<()> {
    let unix_seconds =
        input::whole(unix_seconds.0, "unixSeconds", MAX_UNIX_SECONDS).or_throw(env)?;
    handle
        .mock
        .clock()
        .set(unix_seconds)
        .map(|_| ())
        .ok_or_else(|| Error::InvalidInput(Clock::OUT_OF_RANGE.to_owned()))
        .or_throw(env)
}

/// Stops the virtual clock at its current reading (`true`) or lets it run again (`false`).
#[napi(skip_typescript, catch_unwind)]
pub fn mock_freeze_clock(handle: &External<MockHandle>, frozen: Arg<bool>) {
    handle.mock.clock().freeze(frozen.0);
}

/// Moves the virtual clock by `seconds` (negative moves it back); returns the new time.
///
/// Throws `InvalidInputError` if the time would leave the range of the clock.
#[napi(skip_typescript, catch_unwind)]
pub fn mock_advance_clock(
    env: &Env,
    handle: &External<MockHandle>,
    seconds: Arg<f64>,
) -> napi::Result<f64> {
    let seconds = input::seconds(seconds.0, "seconds").or_throw(env)?;
    handle
        .mock
        .clock()
        .advance(seconds)
        .map(|now| now as f64)
        .ok_or_else(|| Error::InvalidInput(Clock::OUT_OF_RANGE.to_owned()))
        .or_throw(env)
}

/// The virtual time, in unix seconds.
#[napi(skip_typescript, catch_unwind)]
pub fn mock_now(handle: &External<MockHandle>) -> f64 {
    handle.mock.now() as f64
}

/// Back to the start state: the configured pools, clients and users only, an empty outbox,
/// the configured clock.
#[napi(skip_typescript, catch_unwind)]
pub fn mock_reset(env: &Env, handle: &External<MockHandle>) -> napi::Result<()> {
    handle.mock.reset().or_throw(env)
}

/// Stops the server: closes its socket and lets requests in flight finish (up to 5 s).
/// Resolves once it has stopped; a second call resolves at once.
#[napi(skip_typescript, catch_unwind)]
pub fn mock_stop<'env>(
    env: &'env Env,
    handle: &External<MockHandle>,
) -> napi::Result<PromiseRaw<'env, ()>> {
    let running = handle
        .running
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    promise::spawn(
        env,
        async move {
            match running {
                Some(running) => running.shutdown().await,
                None => Ok(()),
            }
        },
        |_, ()| Ok(()),
    )
}
