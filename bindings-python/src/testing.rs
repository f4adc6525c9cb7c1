//! The mock Cognito endpoint (the `cognito-mfa-mock` crate) embedded in the extension, for
//! `cognito_mfa.testing.MockCognito` and the `cognito_mock` pytest fixture.
//!
//! `_MockServer` serves a [`Mock`] on 127.0.0.1 (a free port) on the process-wide runtime and
//! exposes its in-process controls and the mock crate's typed helpers (pools, app clients,
//! users, TOTP enrolment); `cognito_mfa/testing.py` only converts their arguments and results.

use std::sync::{Mutex, PoisonError};

use cognito_mfa::Error;
use cognito_mfa::MfaSettings;
use cognito_mfa_mock::{
    AppClientInfo, ClientSpec, Clock, DeviceTracking, HelperError, Mock, MockConfig, MockError,
    MockServer, PoolSpec, RunningMock, UserSpec,
};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::error::{guarded, to_py_err};
use crate::runtime::{IntoPyException, block_on};

impl IntoPyException for MockError {
    /// `MockConfigError` (an `InvalidInputError`), `MockIoError` (an `OSError`) or
    /// `MockServerError` (a `RuntimeError`), through [`to_py_err`].
    fn into_exception(self) -> PyErr {
        to_py_err(self)
    }
}

/// The endpoint's answer to a request as the core's service error, so that Python sees the
/// same exception classes as from the client (`UsernameExistsException`...).
fn service_error(error: &cognito_mfa_mock::ServiceError) -> Error {
    Error::Service(cognito_mfa::ServiceError::new(
        error.code(),
        error.message(),
        error.http_status(),
        None,
    ))
}

impl IntoPyException for HelperError {
    /// The endpoint's errors as service exceptions, contradictory arguments as
    /// `InvalidInputError` (a `ValueError`), a sign-in that asks another challenge before TOTP
    /// enrolment as `RuntimeError`.
    fn into_exception(self) -> PyErr {
        helper_error(self)
    }
}

/// See [`HelperError`]'s [`IntoPyException`].
fn helper_error(error: HelperError) -> PyErr {
    match error {
        HelperError::Service(error) => to_py_err(service_error(&error)),
        HelperError::InvalidInput(message) => to_py_err(Error::InvalidInput(message)),
        error @ HelperError::SignInChallenge { .. } => PyRuntimeError::new_err(error.to_string()),
        HelperError::Core(error) => to_py_err(error),
    }
}

/// `(enabled, preferred)` as the core's settings.
fn mfa_settings(flags: Option<(bool, bool)>) -> Option<MfaSettings> {
    flags.map(|(enabled, preferred)| MfaSettings::new(enabled, preferred))
}

/// A mock Cognito endpoint served on 127.0.0.1 (a free port) inside this process.
///
/// Private: use :class:`cognito_mfa.testing.MockCognito`. ``config_json`` is the mock's
/// configuration file format (docs/mock.md) as JSON text.
///
/// Raises:
///     MockConfigError: the configuration is invalid (the message says where); an
///         InvalidInputError.
///     MockIoError: no port could be bound; an OSError.
#[pyclass(name = "_MockServer", module = "cognito_mfa.testing", frozen)]
pub struct PyMockServer {
    mock: Mock,
    endpoint: String,
    running: Mutex<Option<RunningMock>>,
}

#[pymethods]
impl PyMockServer {
    /// The password the helpers give users by default (the mock crate's `DEFAULT_PASSWORD`).
    #[classattr]
    const DEFAULT_PASSWORD: &'static str = cognito_mfa_mock::DEFAULT_PASSWORD;

    #[new]
    #[pyo3(signature = (config_json = None))]
    fn new(py: Python<'_>, config_json: Option<&str>) -> PyResult<Self> {
        guarded(|| {
            let config = match config_json {
                Some(text) => MockConfig::from_json(text).map_err(to_py_err)?,
                None => MockConfig::default(),
            };
            let running = block_on(py, MockServer::start(config))?;
            Ok(PyMockServer {
                mock: running.mock().clone(),
                endpoint: running.endpoint().to_owned(),
                running: Mutex::new(Some(running)),
            })
        })
    }

    /// The endpoint URL, ``http://127.0.0.1:<port>``.
    #[getter]
    fn endpoint(&self) -> PyResult<&str> {
        guarded(|| Ok(self.endpoint.as_str()))
    }

    /// True until :meth:`shutdown`.
    #[getter]
    fn running(&self) -> PyResult<bool> {
        guarded(|| {
            Ok(self
                .running
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .is_some())
        })
    }

    /// Runs one operation in-process (``operation`` as in ``X-Amz-Target``, the request as
    /// JSON text) and returns the answer as JSON text.
    ///
    /// Raises:
    ///     ServiceError (a subclass named as the code): the endpoint's error answer.
    fn call(&self, py: Python<'_>, operation: String, request_json: &str) -> PyResult<String> {
        guarded(|| {
            let request: serde_json::Value = serde_json::from_str(request_json).map_err(|e| {
                to_py_err(Error::InvalidInput(format!("the request is not JSON: {e}")))
            })?;
            let mock = self.mock.clone();
            block_on(py, async move {
                match mock.call(&operation, request).await {
                    Ok(answer) => Ok(answer.to_string()),
                    Err(error) => Err(service_error(&error)),
                }
            })
        })
    }

    /// Every SMS and e-mail "sent" so far, oldest first, as a JSON array of objects with
    /// ``pool_id``, ``username``, ``destination``, ``medium``, ``code``, ``message``,
    /// ``sent_at`` and ``purpose``.
    fn messages_json(&self) -> PyResult<String> {
        guarded(|| {
            // Not the caller's input: an internal failure, as in the Node package.
            serde_json::to_string(&self.mock.messages()).map_err(|_| {
                to_py_err(Error::UnexpectedResponse {
                    what: "the mock's outbox could not be listed".to_owned(),
                    status: None,
                    source: None,
                })
            })
        })
    }

    /// Creates a user pool (``Mock::create_user_pool``); returns its id. ``devices`` is its
    /// ``DeviceConfiguration`` as ``(challenge_required_on_new_device,
    /// device_only_remembered_on_user_prompt)``, or ``None`` for no device tracking.
    ///
    /// Raises:
    ///     InvalidInputError: ``mfa`` is not ``OFF``, ``OPTIONAL`` or ``ON``.
    ///     ServiceError: the endpoint's refusal (``InvalidParameterException``...).
    #[allow(clippy::too_many_arguments, reason = "the Python helper's arguments")]
    fn create_user_pool(
        &self,
        py: Python<'_>,
        name: String,
        mfa: &str,
        sms: bool,
        software_token: bool,
        email: bool,
        devices: Option<(bool, bool)>,
    ) -> PyResult<String> {
        guarded(|| {
            let spec = PoolSpec {
                name,
                mfa: PoolSpec::parse_mfa(mfa).map_err(helper_error)?,
                sms,
                software_token,
                email,
                devices: devices.map(|(challenge, on_prompt)| DeviceTracking {
                    challenge_required_on_new_device: challenge,
                    device_only_remembered_on_user_prompt: on_prompt,
                }),
            };
            let mock = self.mock.clone();
            block_on(py, async move { mock.create_user_pool(&spec).await })
        })
    }

    /// Creates an app client (``Mock::create_app_client``); returns ``(client_id,
    /// client_secret or None)``.
    ///
    /// Raises:
    ///     ServiceError: the endpoint's refusal (``ResourceNotFoundException``...).
    #[pyo3(signature = (pool_id, name, generate_secret, auth_flows))]
    fn create_app_client(
        &self,
        py: Python<'_>,
        pool_id: String,
        name: String,
        generate_secret: bool,
        auth_flows: Option<Vec<String>>,
    ) -> PyResult<(String, Option<String>)> {
        guarded(|| {
            let spec = ClientSpec {
                name,
                generate_secret,
                auth_flows,
            };
            let mock = self.mock.clone();
            block_on(py, async move {
                let client = mock.create_app_client(&pool_id, &spec).await?;
                Ok::<_, HelperError>((client.client_id.clone(), client.client_secret.clone()))
            })
        })
    }

    /// Creates a user (``Mock::create_user``).
    ///
    /// Raises:
    ///     InvalidInputError: an unconfirmed user with a temporary password.
    ///     ServiceError: the endpoint's refusal (``UsernameExistsException``...).
    #[allow(
        clippy::too_many_arguments,
        reason = "one argument per Python parameter"
    )]
    fn create_user(
        &self,
        py: Python<'_>,
        pool_id: String,
        username: String,
        password: String,
        attributes: Vec<(String, String)>,
        confirmed: bool,
        temporary_password: bool,
    ) -> PyResult<()> {
        guarded(|| {
            let spec = UserSpec {
                attributes,
                confirmed,
                temporary_password,
            };
            let mock = self.mock.clone();
            block_on(py, async move {
                mock.create_user(&pool_id, &username, &password, &spec)
                    .await
            })
        })
    }

    /// Sets a user's MFA factors as an administrator (``Mock::set_user_mfa_preference``);
    /// each factor is ``(enabled, preferred)`` or ``None`` to leave it unchanged.
    ///
    /// Raises:
    ///     ServiceError: the endpoint's refusal (``InvalidParameterException``...).
    fn set_user_mfa_preference(
        &self,
        py: Python<'_>,
        pool_id: String,
        username: String,
        sms: Option<(bool, bool)>,
        software_token: Option<(bool, bool)>,
        email: Option<(bool, bool)>,
    ) -> PyResult<()> {
        guarded(|| {
            let mock = self.mock.clone();
            block_on(py, async move {
                mock.set_user_mfa_preference(
                    &pool_id,
                    &username,
                    mfa_settings(sms),
                    mfa_settings(software_token),
                    mfa_settings(email),
                )
                .await
            })
        })
    }

    /// Enrols an authenticator app for a user (``Mock::enrol_totp``); returns its base32
    /// secret.
    ///
    /// Raises:
    ///     ServiceError: the sign-in or the enrolment failed (``NotAuthorizedException``...).
    ///     RuntimeError: the sign-in asks another challenge first.
    #[allow(
        clippy::too_many_arguments,
        reason = "one argument per Python parameter"
    )]
    fn enrol_totp(
        &self,
        py: Python<'_>,
        pool_id: String,
        client_id: String,
        client_secret: Option<String>,
        username: String,
        password: String,
        preferred: bool,
    ) -> PyResult<String> {
        guarded(|| {
            let client = AppClientInfo {
                client_id,
                client_secret,
            };
            let mock = self.mock.clone();
            block_on(py, async move {
                let secret = mock
                    .enrol_totp(&pool_id, &client, &username, &password, preferred)
                    .await?;
                Ok::<_, HelperError>(secret.to_base32().as_str().to_owned())
            })
        })
    }

    /// Empties the outbox.
    fn clear_messages(&self) -> PyResult<()> {
        guarded(|| {
            self.mock.clear_messages();
            Ok(())
        })
    }

    /// The endpoint's virtual clock, in Unix seconds.
    fn now(&self) -> PyResult<u64> {
        guarded(|| Ok(self.mock.now()))
    }

    /// Moves the virtual clock by ``seconds`` (negative moves it back); returns the new time.
    ///
    /// Raises:
    ///     InvalidInputError: the clock would go before 1970 or after 9999-12-31.
    fn advance_clock(&self, seconds: i64) -> PyResult<u64> {
        guarded(|| {
            self.mock
                .clock()
                .advance(seconds)
                .ok_or_else(|| to_py_err(Error::InvalidInput(Clock::OUT_OF_RANGE.to_owned())))
        })
    }

    /// Sets the virtual clock to ``unix_seconds``.
    ///
    /// Raises:
    ///     InvalidInputError: a time after 9999-12-31.
    fn set_clock(&self, unix_seconds: u64) -> PyResult<()> {
        guarded(|| {
            self.mock
                .clock()
                .set(unix_seconds)
                .map(|_| ())
                .ok_or_else(|| to_py_err(Error::InvalidInput(Clock::OUT_OF_RANGE.to_owned())))
        })
    }

    /// Stops (``True``) or restarts (``False``) the virtual clock at its current reading.
    fn freeze_clock(&self, frozen: bool) -> PyResult<()> {
        guarded(|| {
            self.mock.clock().freeze(frozen);
            Ok(())
        })
    }

    /// Back to the configured start state: the configured pools, an empty outbox, the
    /// configured clock.
    fn reset(&self) -> PyResult<()> {
        guarded(|| self.mock.reset().map_err(to_py_err))
    }

    /// Stops serving: requests in flight finish (for up to 5 seconds), then the port is free.
    /// Calling it again does nothing.
    ///
    /// Raises:
    ///     MockIoError (an OSError), MockServerError (a RuntimeError): the server had failed.
    fn shutdown(&self, py: Python<'_>) -> PyResult<()> {
        guarded(|| {
            let running = self
                .running
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            match running {
                Some(running) => block_on(py, running.shutdown()),
                None => Ok(()),
            }
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        guarded(|| Ok(format!("_MockServer(endpoint='{}')", self.endpoint)))
    }
}
