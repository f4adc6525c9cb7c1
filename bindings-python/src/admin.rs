//! Python wrappers of [`cognito_mfa::admin`]: `AwsCredentials`, `AdminUser` and the
//! `AdminClient` classes (coroutines in `cognito_mfa`, blocking in `cognito_mfa.blocking`).
//!
//! The credentials a caller gives become a core [`CredentialsProvider`]: `None` the core's
//! default chain (environment, shared files), an `AwsCredentials` fixed keys, a botocore
//! `Credentials` / `RefreshableCredentials` or a boto3 / botocore `Session` the SDK's own
//! credentials (asked on every request: botocore caches and refreshes them itself), and a
//! callable (plain or `async def`) returning `AwsCredentials` a provider the core caches and
//! asks again five minutes before the expiry of what it returned. Python callbacks run where
//! the call was made ([`crate::caller`]).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cognito_mfa::Error;
use cognito_mfa::admin::credentials::CredentialsFuture;
use cognito_mfa::admin::{AdminClient, AwsCredentials, CredentialsProvider, ProvideCredentials};
use cognito_mfa::protocol::device::DeviceRememberedStatus;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::account::{PyAdminUser, PyMfaOption, PyMfaSettings};
use crate::caller::call_python;
use crate::client::PyCognitoUserPool;
use crate::device::{DevicePage, PyDevice};
use crate::error::{guarded, to_py_err};
use crate::totp::py_repr;
use crate::user::Metadata;
use cognito_mfa::MfaPreferences;

/// AWS credentials: an access key id, its secret access key and, for temporary credentials,
/// a session token and an expiry (an aware ``datetime``). ``repr()`` shows the access key id
/// only; the secret and the token never leave the object except in a signature.
///
/// Raises:
///     InvalidInputError: an empty key id or secret, or one holding whitespace.
///     TypeError: ``expiry`` is not a ``datetime``.
#[pyclass(name = "AwsCredentials", module = "cognito_mfa", frozen)]
pub struct PyAwsCredentials {
    inner: AwsCredentials,
}

/// A `datetime` (or anything with `timestamp()`) as a `SystemTime`.
fn to_system_time(value: &Bound<'_, PyAny>) -> PyResult<SystemTime> {
    let seconds: f64 = value
        .call_method0("timestamp")
        .and_then(|t| t.extract())
        .map_err(|_| PyTypeError::new_err("expiry must be a datetime"))?;
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(PyTypeError::new_err("expiry must be a datetime after 1970"));
    }
    Ok(UNIX_EPOCH + Duration::from_secs_f64(seconds))
}

#[pymethods]
impl PyAwsCredentials {
    #[new]
    #[pyo3(signature = (access_key_id, secret_access_key, session_token = None, *, expiry = None))]
    fn new(
        access_key_id: String,
        secret_access_key: String,
        session_token: Option<String>,
        expiry: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        guarded(|| {
            let secret = zeroize::Zeroizing::new(secret_access_key);
            let mut inner = AwsCredentials::new(access_key_id, secret.as_str(), session_token)
                .map_err(to_py_err)?;
            if let Some(expiry) = expiry {
                inner = inner.with_expiry(to_system_time(&expiry)?);
            }
            Ok(PyAwsCredentials { inner })
        })
    }

    /// From ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY`` and ``AWS_SESSION_TOKEN``.
    ///
    /// Raises:
    ///     CredentialsError: a variable is missing.
    #[staticmethod]
    fn from_env() -> PyResult<Self> {
        guarded(|| {
            Ok(PyAwsCredentials {
                inner: AwsCredentials::from_env().map_err(to_py_err)?,
            })
        })
    }

    /// From a profile of ``~/.aws/credentials`` / ``~/.aws/config`` (``profile``, else
    /// ``AWS_PROFILE``, else ``default``; paths from ``AWS_SHARED_CREDENTIALS_FILE`` and
    /// ``AWS_CONFIG_FILE``).
    ///
    /// Raises:
    ///     CredentialsError: no such profile with keys, or one only an AWS SDK resolves
    ///         (``role_arn``, SSO, ``credential_process``): pass a boto3 session instead.
    #[staticmethod]
    #[pyo3(signature = (profile = None))]
    fn from_profile(profile: Option<&str>) -> PyResult<Self> {
        guarded(|| {
            Ok(PyAwsCredentials {
                inner: AwsCredentials::from_profile(profile).map_err(to_py_err)?,
            })
        })
    }

    /// The access key id.
    #[getter]
    fn access_key_id(&self) -> PyResult<&str> {
        guarded(|| Ok(self.inner.access_key_id()))
    }

    /// True when the credentials carry a session token.
    #[getter]
    fn has_session_token(&self) -> PyResult<bool> {
        guarded(|| Ok(self.inner.has_session_token()))
    }

    /// The expiry as seconds since the epoch, or ``None``.
    #[getter]
    fn expiry_timestamp(&self) -> PyResult<Option<f64>> {
        guarded(|| {
            Ok(self
                .inner
                .expiry()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map(|d| d.as_secs_f64()))
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| {
            Ok(format!(
                "AwsCredentials(access_key_id={}, secret_access_key=<redacted>{})",
                py_repr(py, self.inner.access_key_id())?,
                if self.inner.has_session_token() {
                    ", session_token=<redacted>"
                } else {
                    ""
                }
            ))
        })
    }
}

/// How credentials are asked of a Python object.
#[derive(Clone, Copy)]
enum Source {
    /// `get_frozen_credentials()` of a botocore `Credentials`.
    Botocore,
    /// `get_credentials().get_frozen_credentials()` of a boto3 / botocore `Session`.
    Session,
    /// A callable returning `AwsCredentials` (or an awaitable of one).
    Callable,
}

/// The core's [`ProvideCredentials`] over a Python credentials source.
struct PythonCredentials {
    source: Arc<Py<PyAny>>,
    kind: Source,
}

/// Reads botocore's `ReadOnlyCredentials(access_key, secret_key, token)`.
fn frozen(value: &Bound<'_, PyAny>) -> PyResult<AwsCredentials> {
    let access_key: String = value.getattr("access_key")?.extract()?;
    let secret = zeroize::Zeroizing::new(value.getattr("secret_key")?.extract::<String>()?);
    let token: Option<String> = value.getattr("token")?.extract()?;
    AwsCredentials::new(access_key, secret.as_str(), token).map_err(to_py_err)
}

fn returned(value: &Bound<'_, PyAny>) -> PyResult<AwsCredentials> {
    match value.cast::<PyAwsCredentials>() {
        Ok(credentials) => Ok(credentials.get().inner.clone()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "the credentials callable must return AwsCredentials, not {}",
            value.get_type().name()?
        ))),
    }
}

impl ProvideCredentials for PythonCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let source = Arc::clone(&self.source);
        let kind = self.kind;
        Box::pin(async move {
            call_python(
                move |py| {
                    let source = source.bind(py);
                    match kind {
                        Source::Botocore => source.call_method0("get_frozen_credentials"),
                        Source::Session => {
                            let credentials = source.call_method0("get_credentials")?;
                            if credentials.is_none() {
                                return Err(to_py_err(Error::Credentials {
                                    message: "the session has no credentials".to_owned(),
                                    source: None,
                                }));
                            }
                            credentials.call_method0("get_frozen_credentials")
                        }
                        Source::Callable => source.call0(),
                    }
                },
                move |value| match kind {
                    Source::Callable => returned(value),
                    Source::Botocore | Source::Session => frozen(value),
                },
            )
            .await
            .map_err(credentials_error)
        })
    }
}

/// A credentials source's failure as the core's error, the Python exception kept as its
/// source. The message names the exception's class and its text, which is the application's
/// own (a provider raising with a secret in its message is the provider's bug).
fn credentials_error(error: PyErr) -> Error {
    let text = Python::attach(|py| {
        let class = error
            .get_type(py)
            .name()
            .map(|name| name.to_string())
            .unwrap_or_else(|_| "an exception".to_owned());
        let message = error
            .value(py)
            .str()
            .map(|s| s.to_string())
            .unwrap_or_default();
        if message.is_empty() {
            class
        } else {
            format!("{class}: {message}")
        }
    });
    Error::Credentials {
        message: format!("the credentials source raised {text}"),
        source: Some(Box::new(error)),
    }
}

/// The core provider for an `AdminClient`'s `credentials` argument.
fn provider_of(
    credentials: Option<&Bound<'_, PyAny>>,
    profile: Option<String>,
) -> PyResult<CredentialsProvider> {
    let Some(credentials) = credentials.filter(|c| !c.is_none()) else {
        return Ok(CredentialsProvider::default_chain(profile));
    };
    if profile.is_some() {
        return Err(PyTypeError::new_err(
            "profile= applies to the default chain only: give credentials or a profile, not both",
        ));
    }
    if let Ok(fixed) = credentials.cast::<PyAwsCredentials>() {
        return Ok(CredentialsProvider::fixed(fixed.get().inner.clone()));
    }
    let has = |name: &str| {
        credentials
            .getattr(name)
            .is_ok_and(|attribute| attribute.is_callable())
    };
    let source = Arc::new(credentials.clone().unbind());
    if has("get_frozen_credentials") {
        return Ok(CredentialsProvider::uncached(PythonCredentials {
            source,
            kind: Source::Botocore,
        }));
    }
    if has("get_credentials") {
        return Ok(CredentialsProvider::uncached(PythonCredentials {
            source,
            kind: Source::Session,
        }));
    }
    if credentials.is_callable() {
        return Ok(CredentialsProvider::custom(PythonCredentials {
            source,
            kind: Source::Callable,
        }));
    }
    Err(PyTypeError::new_err(format!(
        "credentials must be None, AwsCredentials, botocore credentials, a boto3 session or a \
         callable returning AwsCredentials, not {}",
        credentials.get_type().name()?
    )))
}

/// What both `AdminClient` classes hold: the core client and the pool object of its signing
/// pool, whose users sign in through `AdminInitiateAuth`.
pub(crate) struct AdminBinding {
    client: Arc<AdminClient>,
    pool: Py<PyCognitoUserPool>,
}

fn remembered(status: &str) -> PyResult<DeviceRememberedStatus> {
    DeviceRememberedStatus::from_wire(status).ok_or_else(|| {
        to_py_err(Error::InvalidInput(format!(
            "unknown device status {status:?}: expected \"remembered\" or \"not_remembered\""
        )))
    })
}

impl AdminBinding {
    fn new(
        pool: &Bound<'_, PyCognitoUserPool>,
        credentials: Option<&Bound<'_, PyAny>>,
        profile: Option<String>,
    ) -> PyResult<Self> {
        let py = pool.py();
        let provider = provider_of(credentials, profile)?;
        let client = AdminClient::new(&pool.get().inner, provider);
        let signing = PyCognitoUserPool::from_core(client.pool().clone(), pool.get().store(py));
        Ok(AdminBinding {
            client: Arc::new(client),
            pool: Py::new(py, signing)?,
        })
    }

    fn client(&self) -> Arc<AdminClient> {
        Arc::clone(&self.client)
    }
}

/// The methods of an `AdminClient` class, written once for both flavours: `$finish` is
/// `awaited` (coroutines) or `blocked` (blocking), `$user` the `CognitoUser` class that
/// `user()` returns.
macro_rules! admin_client_methods {
    ($class:ident, [$($asyncness:tt)?], $finish:ident, $user:ty) => {
        #[pymethods]
        impl $class {
            #[new]
            #[pyo3(signature = (pool, credentials = None, *, profile = None))]
            fn new(
                pool: &Bound<'_, PyCognitoUserPool>,
                credentials: Option<Bound<'_, PyAny>>,
                profile: Option<String>,
            ) -> PyResult<Self> {
                guarded(|| {
                    Ok($class {
                        binding: AdminBinding::new(pool, credentials.as_ref(), profile)?,
                    })
                })
            }

            /// The pool whose users sign in through ``AdminInitiateAuth`` (its requests are
            /// SigV4-signed): ``CognitoUser(name, admin.pool)`` and
            /// ``CognitoUser.resume(state, admin.pool)`` give admin users.
            #[getter]
            fn pool(&self, py: Python<'_>) -> PyResult<Py<PyCognitoUserPool>> {
                guarded(|| Ok(self.binding.pool.clone_ref(py)))
            }

            /// A user whose sign-in goes through ``AdminInitiateAuth`` /
            /// ``AdminRespondToAuthChallenge``: ``authenticate_user`` with
            /// ``flow="ADMIN_USER_PASSWORD_AUTH"`` (or SRP, the default), then every challenge
            /// method of :class:`CognitoUser`.
            ///
            /// Raises:
            ///     InvalidInputError: ``username`` is empty.
            fn user(&self, py: Python<'_>, username: &str) -> PyResult<Py<PyAny>> {
                guarded(|| {
                    Ok(py
                        .get_type::<$user>()
                        .call1((username, self.binding.pool.clone_ref(py)))?
                        .unbind())
                })
            }

            /// The user's attributes, status and MFA settings (``AdminGetUser``).
            ///
            /// Raises:
            ///     UserNotFoundException: no such user.
            ///     CredentialsError: no credentials could be had.
            ///     InvalidSignatureException, UnrecognizedClientException,
            ///         AccessDeniedException: the credentials were refused.
            ///     NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
            $($asyncness)? fn get_user(&self, username: String) -> PyResult<PyAdminUser> {
                let client = self.binding.client();
                $finish!(async move {
                    let inner = client.get_user(&username).await?;
                    Ok::<_, Error>(PyAdminUser { inner })
                })
            }

            /// Enables, disables or prefers the user's SMS, TOTP and e-mail MFA
            /// (``AdminSetUserMFAPreference``); ``None`` leaves a factor unchanged.
            ///
            /// Raises:
            ///     InvalidParameterException: a factor that is not set up for the user.
            ///     UserNotFoundException, CredentialsError: as :meth:`get_user`.
            #[pyo3(signature = (username, sms = None, software_token = None, *, email = None))]
            $($asyncness)? fn set_user_mfa_preference(
                &self,
                username: String,
                sms: Option<Py<PyMfaSettings>>,
                software_token: Option<Py<PyMfaSettings>>,
                email: Option<Py<PyMfaSettings>>,
            ) -> PyResult<()> {
                let client = self.binding.client();
                let preferences = MfaPreferences {
                    sms: sms.as_ref().map(|s| s.get().inner),
                    software_token: software_token.as_ref().map(|s| s.get().inner),
                    email: email.as_ref().map(|s| s.get().inner),
                };
                $finish!(async move { client.set_mfa_preferences(&username, preferences).await })
            }

            /// Legacy SMS MFA (``AdminSetUserSettings``): ``[MfaOption.sms()]``-style options
            /// turn it on, ``[]`` off.
            ///
            /// Raises:
            ///     InvalidParameterException, UserNotFoundException, CredentialsError.
            $($asyncness)? fn set_user_settings(
                &self,
                username: String,
                mfa_options: Vec<Py<PyMfaOption>>,
            ) -> PyResult<()> {
                let client = self.binding.client();
                let options = mfa_options.iter().map(|o| o.get().inner.clone()).collect();
                $finish!(async move { client.set_user_settings(&username, options).await })
            }

            /// Makes the user choose a new password (``AdminResetUserPassword``); their
            /// sign-in then raises ``PasswordResetRequiredException``.
            ///
            /// Raises:
            ///     UserNotFoundException, NotAuthorizedException, CredentialsError.
            #[pyo3(signature = (username, client_metadata = None))]
            $($asyncness)? fn reset_user_password(
                &self,
                username: String,
                client_metadata: Metadata,
            ) -> PyResult<()> {
                let client = self.binding.client();
                $finish!(async move { client.reset_user_password(&username, client_metadata).await })
            }

            /// Signs the user out everywhere (``AdminUserGlobalSignOut``): their refresh
            /// tokens are revoked.
            ///
            /// Raises:
            ///     UserNotFoundException, CredentialsError.
            $($asyncness)? fn user_global_sign_out(&self, username: String) -> PyResult<()> {
                let client = self.binding.client();
                $finish!(async move { client.user_global_sign_out(&username).await })
            }

            /// One page of the user's devices (``AdminListDevices``), a :class:`DeviceList`.
            ///
            /// Raises:
            ///     InvalidInputError: ``limit`` above 60.
            ///     UserNotFoundException, CredentialsError.
            #[pyo3(signature = (username, limit = None, pagination_token = None))]
            $($asyncness)? fn list_devices(
                &self,
                username: String,
                #[pyo3(from_py_with = $crate::args::to_optional_u32)] limit: Option<u32>,
                pagination_token: Option<String>,
            ) -> PyResult<DevicePage> {
                let client = self.binding.client();
                $finish!(async move {
                    let page = client.list_devices(&username, limit, pagination_token).await?;
                    Ok::<_, Error>(DevicePage::new(page.devices, page.pagination_token))
                })
            }

            /// Every device of the user, page after page (``AdminListDevices`` until the last
            /// page).
            ///
            /// Raises:
            ///     UserNotFoundException, CredentialsError.
            $($asyncness)? fn list_all_devices(&self, username: String) -> PyResult<Vec<PyDevice>> {
                let client = self.binding.client();
                $finish!(async move {
                    let devices = client.list_all_devices(&username).await?;
                    Ok::<_, Error>(devices.into_iter().map(|inner| PyDevice { inner }).collect::<Vec<_>>())
                })
            }

            /// One of the user's devices (``AdminGetDevice``).
            ///
            /// Raises:
            ///     ResourceNotFoundException: no such device.
            ///     UserNotFoundException, CredentialsError.
            $($asyncness)? fn get_device(&self, username: String, device_key: String) -> PyResult<PyDevice> {
                let client = self.binding.client();
                $finish!(async move {
                    let inner = client.get_device(&username, &device_key).await?;
                    Ok::<_, Error>(PyDevice { inner })
                })
            }

            /// Forgets one of the user's devices (``AdminForgetDevice``): its next sign-in
            /// asks for MFA again.
            ///
            /// Raises:
            ///     ResourceNotFoundException, UserNotFoundException, CredentialsError.
            $($asyncness)? fn forget_device(&self, username: String, device_key: String) -> PyResult<()> {
                let client = self.binding.client();
                $finish!(async move { client.forget_device(&username, &device_key).await })
            }

            /// Marks one of the user's devices ``"remembered"`` or ``"not_remembered"``
            /// (``AdminUpdateDeviceStatus``).
            ///
            /// Raises:
            ///     InvalidInputError: another status.
            ///     ResourceNotFoundException, UserNotFoundException, CredentialsError.
            $($asyncness)? fn update_device_status(
                &self,
                username: String,
                device_key: String,
                status: String,
            ) -> PyResult<()> {
                let client = self.binding.client();
                let status = remembered(&status)?;
                $finish!(async move {
                    client.update_device_status(&username, &device_key, status).await
                })
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                guarded(|| {
                    let pool = self.binding.pool.get();
                    Ok(format!(
                        "AdminClient(user_pool_id={}, client_id={})",
                        py_repr(py, pool.inner.pool_id().as_str())?,
                        py_repr(py, pool.inner.client_id())?,
                    ))
                })
            }
        }
    };
}

/// A server's admin API over IAM credentials, every request SigV4-signed (coroutine methods).
///
/// ``credentials``: ``None`` (the default chain: ``AWS_ACCESS_KEY_ID`` /
/// ``AWS_SECRET_ACCESS_KEY`` / ``AWS_SESSION_TOKEN``, then ``profile`` or ``AWS_PROFILE`` of
/// ``~/.aws/credentials`` and ``~/.aws/config``), an :class:`AwsCredentials`, a boto3 or
/// botocore session or its credentials (refreshed by botocore), or a callable returning
/// :class:`AwsCredentials` (plain or ``async def``; asked again five minutes before their
/// ``expiry``). The region is the pool id's. See ``docs/admin.md``.
///
/// Raises:
///     TypeError: ``credentials`` is none of those, or both ``credentials`` and ``profile``.
#[pyclass(name = "AdminClient", module = "cognito_mfa", frozen)]
pub struct PyAdminClient {
    binding: AdminBinding,
}

use crate::user::awaited;
admin_client_methods!(PyAdminClient, [async], awaited, crate::user::PyCognitoUser);

/// :class:`cognito_mfa.AdminClient` with blocking methods, for threads and synchronous
/// frameworks; ``user()`` gives a ``cognito_mfa.blocking.CognitoUser``.
#[pyclass(name = "AdminClient", module = "cognito_mfa.blocking", frozen)]
pub struct PyBlockingAdminClient {
    binding: AdminBinding,
}

use crate::blocking::blocked;
admin_client_methods!(
    PyBlockingAdminClient,
    [],
    blocked,
    crate::blocking::PyBlockingCognitoUser
);

/// Signs a request with `cognito_mfa::admin::sign_request`; private, for the test that
/// compares the signature with botocore's. Returns the headers to add.
///
/// Raises:
///     InvalidInputError: a bad URL, header or credential.
#[pyfunction]
#[pyo3(name = "_sign_request")]
#[pyo3(signature = (access_key_id, secret_access_key, session_token, region, service, url, headers, body, unix_time))]
#[allow(
    clippy::too_many_arguments,
    reason = "a private test hook mirroring sign_request"
)]
pub fn sign_request(
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    region: &str,
    service: &str,
    url: &str,
    headers: BTreeMap<String, String>,
    body: &Bound<'_, PyBytes>,
    unix_time: f64,
) -> PyResult<BTreeMap<String, String>> {
    guarded(|| {
        let credentials = AwsCredentials::new(access_key_id, secret_access_key, session_token)
            .map_err(to_py_err)?;
        let pairs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        if !unix_time.is_finite() || unix_time < 0.0 {
            return Err(to_py_err(Error::InvalidInput(
                "unix_time must be >= 0".to_owned(),
            )));
        }
        let time = UNIX_EPOCH + Duration::from_secs_f64(unix_time);
        let signed = cognito_mfa::admin::sign_request(
            &credentials,
            region,
            service,
            url,
            &pairs,
            body.as_bytes(),
            time,
        )
        .map_err(to_py_err)?;
        Ok(signed.pairs().iter().cloned().collect())
    })
}
