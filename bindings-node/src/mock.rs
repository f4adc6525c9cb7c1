//! Bindings of the `cognito-mfa-mock` crate: the mock Cognito endpoint served in-process, on
//! napi-rs's tokio runtime, for `cognito-mfa/testing`. Its `MockCognito` class
//! (`bindings-node/testing.js`) builds its helpers on these few functions, which take the
//! handle that [`start_mock_server`] resolves to. They are not part of the public API (no
//! TypeScript declarations, and `require('cognito-mfa')` does not export them).
//!
//! The server's threads are tokio's, not Node event-loop handles, so a running mock never
//! keeps Node alive; [`mock_stop`] closes its socket.

use std::sync::{Mutex, PoisonError};

use cognito_mfa::{Error, ServiceError};
use cognito_mfa_mock::{Mock, MockConfig, MockServer, RunningMock};
use napi::bindgen_prelude::{Env, External, PromiseRaw};
use napi_derive::napi;
use serde_json::Value;

use crate::args::{Flag, Seconds, Text, Whole};
use crate::error::OrThrow;
use crate::promise;

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
    config: Text,
) -> napi::Result<PromiseRaw<'env, External<MockHandle>>> {
    let config = MockConfig::from_json(&config).or_throw(env)?;
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
    operation: Text,
    request: Text,
) -> napi::Result<PromiseRaw<'env, Value>> {
    let request: Value = serde_json::from_str(&request)
        .map_err(|_| Error::InvalidInput("the request is not JSON".to_owned()))
        .or_throw(env)?;
    let operation = operation.into_string();
    let mock = handle.mock.clone();
    promise::spawn(
        env,
        async move {
            mock.call(&operation, request).await.map_err(|error| {
                Error::Service(ServiceError::new(
                    error.code(),
                    error.message(),
                    error.http_status(),
                    None,
                ))
            })
        },
        |_, response| Ok(response),
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
pub fn mock_set_clock(handle: &External<MockHandle>, unix_seconds: Whole) {
    handle.mock.clock().set(unix_seconds.0);
}

/// Stops the virtual clock at its current reading (`true`) or lets it run again (`false`).
#[napi(skip_typescript, catch_unwind)]
pub fn mock_freeze_clock(handle: &External<MockHandle>, frozen: Flag) {
    handle.mock.clock().freeze(frozen.0);
}

/// Moves the virtual clock by `seconds` (negative moves it back); returns the new time.
///
/// Throws `InvalidInputError` if the time would leave the range of the clock.
#[napi(skip_typescript, catch_unwind)]
pub fn mock_advance_clock(
    env: &Env,
    handle: &External<MockHandle>,
    seconds: Seconds,
) -> napi::Result<f64> {
    handle
        .mock
        .clock()
        .advance(seconds.0)
        .map(|now| now as f64)
        .ok_or_else(|| Error::InvalidInput("the clock cannot move that far".to_owned()))
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
