//! The Python wrapper of [`cognito_mfa::client`]: `CognitoUserPool`.

use std::time::Duration;

use cognito_mfa::UserPool;
use pyo3::prelude::*;

use crate::args::{to_optional_seconds, to_optional_u32};
use crate::device::settings;
use crate::error::{guarded, to_py_err};
use crate::totp::py_repr;

/// A user pool's app client: where and how requests are sent (amazon-cognito-identity-js's
/// ``CognitoUserPool``).
///
/// ``endpoint`` defaults to ``https://cognito-idp.<region>.amazonaws.com/`` (the region is the
/// part of ``user_pool_id`` before ``_``); give a mock's URL in tests (plain ``http`` is
/// accepted on loopback only). ``client_secret`` makes every request carry ``SECRET_HASH``.
/// ``timeout`` bounds each request from connecting to the end of the response, in seconds
/// (default 30), ``connect_timeout`` the connection alone (default 10); ``max_retries`` is how
/// often a safe request (``GetUser``, a refresh) is retried after throttling, a 5xx answer or a
/// failed connection (default 2). ``None`` keeps the default.
///
/// ``device_store`` turns on remembered devices (see the ``docs/python.md`` section
/// "Remembered devices"): a :class:`MemoryDeviceStore`, a :class:`FileDeviceStore` or any
/// object of the :class:`DeviceStore` protocol. Each sign-in then sends the device saved for the
/// user, so that a remembered device skips MFA where the pool allows it, and a sign-in that
/// announces a new device confirms it (``ConfirmDevice``, named ``device_name``, default
/// ``"cognito-mfa"``) and saves it — or, with ``confirm_new_devices=False``, leaves that to
/// :meth:`CognitoUser.confirm_device`. Without a store, a confirmed device is known to its
/// :class:`CognitoUser` object alone (a new object is a new device again).
/// ``refresh_method`` is how sessions are refreshed: ``"InitiateAuth"`` (``REFRESH_TOKEN_AUTH``,
/// the default) or ``"GetTokensFromRefreshToken"``; both carry the device key.
///
/// One pool holds one connection pool, shared by every :class:`CognitoUser` made with it and
/// by every coroutine and thread using them: make one per app client and reuse it. The pool
/// makes no request itself, so ``cognito_mfa`` and ``cognito_mfa.blocking`` share this class.
/// ``repr()`` never shows the client secret.
///
/// Raises:
///     TypeError: an argument has the wrong type.
///     InvalidInputError: ``user_pool_id`` is not ``<region>_<name>``, ``client_id`` is empty
///         or not ``[A-Za-z0-9_+]``, ``client_secret`` is empty, ``endpoint`` is not an
///         ``https`` URL (or ``http`` on loopback), a timeout is not above zero, or
///         ``max_retries`` is negative, ``device_name`` is empty, or ``refresh_method`` is
///         unknown.
///     TypeError: ``device_store`` lacks a ``load``, ``save`` or ``forget`` method.
#[pyclass(name = "CognitoUserPool", module = "cognito_mfa", frozen)]
pub struct PyCognitoUserPool {
    pub(crate) inner: UserPool,
    device_store: Option<Py<PyAny>>,
}

impl PyCognitoUserPool {
    /// A pool object over a core pool (an admin client's signing pool), with the device store
    /// of the pool it was made from.
    pub(crate) fn from_core(inner: UserPool, device_store: Option<Py<PyAny>>) -> Self {
        PyCognitoUserPool {
            inner,
            device_store,
        }
    }

    /// The device store given, if any.
    pub(crate) fn store(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.device_store.as_ref().map(|store| store.clone_ref(py))
    }
}

#[pymethods]
impl PyCognitoUserPool {
    #[new]
    #[pyo3(signature = (
        user_pool_id,
        client_id,
        *,
        client_secret = None,
        endpoint = None,
        timeout = None,
        connect_timeout = None,
        max_retries = None,
        device_store = None,
        confirm_new_devices = true,
        device_name = None,
        refresh_method = None,
    ))]
    #[allow(clippy::too_many_arguments, reason = "Python keyword arguments")]
    fn new(
        user_pool_id: String,
        client_id: String,
        client_secret: Option<String>,
        endpoint: Option<String>,
        #[pyo3(from_py_with = to_optional_seconds)] timeout: Option<Duration>,
        #[pyo3(from_py_with = to_optional_seconds)] connect_timeout: Option<Duration>,
        #[pyo3(from_py_with = to_optional_u32)] max_retries: Option<u32>,
        device_store: Option<Bound<'_, PyAny>>,
        confirm_new_devices: bool,
        device_name: Option<String>,
        refresh_method: Option<&str>,
    ) -> PyResult<Self> {
        guarded(|| {
            let devices = settings(
                device_store.as_ref(),
                confirm_new_devices,
                device_name,
                refresh_method,
            )?;
            let mut builder = UserPool::builder(user_pool_id, client_id)
                .user_agent(format!(
                    "cognito-mfa/{} (python)",
                    env!("CARGO_PKG_VERSION")
                ))
                .devices(devices);
            if let Some(timeout) = timeout {
                builder = builder.timeout(timeout);
            }
            if let Some(timeout) = connect_timeout {
                builder = builder.connect_timeout(timeout);
            }
            if let Some(retries) = max_retries {
                builder = builder.max_retries(retries);
            }
            if let Some(secret) = client_secret {
                builder = builder.client_secret(secret);
            }
            if let Some(endpoint) = endpoint {
                builder = builder.endpoint(endpoint);
            }
            let inner = builder.build().map_err(to_py_err)?;
            Ok(PyCognitoUserPool {
                inner,
                device_store: device_store.map(Bound::unbind),
            })
        })
    }

    /// The ``device_store`` given, or ``None``.
    #[getter]
    fn device_store(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        guarded(|| Ok(self.device_store.as_ref().map(|store| store.clone_ref(py))))
    }

    /// The user pool id, e.g. ``"us-east-1_AbCdEfGhI"``.
    #[getter]
    fn user_pool_id(&self) -> PyResult<&str> {
        guarded(|| Ok(self.inner.pool_id().as_str()))
    }

    /// The app client id.
    #[getter]
    fn client_id(&self) -> PyResult<&str> {
        guarded(|| Ok(self.inner.client_id()))
    }

    /// The endpoint URL requests are sent to.
    #[getter]
    fn endpoint(&self) -> PyResult<&str> {
        guarded(|| Ok(self.inner.endpoint()))
    }

    /// True when the app client has a secret (requests then carry ``SECRET_HASH``).
    #[getter]
    fn has_client_secret(&self) -> PyResult<bool> {
        guarded(|| Ok(self.inner.has_client_secret()))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| {
            Ok(format!(
                "CognitoUserPool(user_pool_id={}, client_id={}, endpoint={}{})",
                py_repr(py, self.inner.pool_id().as_str())?,
                py_repr(py, self.inner.client_id())?,
                py_repr(py, self.inner.endpoint())?,
                if self.inner.has_client_secret() {
                    ", client_secret=<redacted>"
                } else {
                    ""
                }
            ))
        })
    }
}
