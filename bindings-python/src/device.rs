//! Python wrappers of [`cognito_mfa::device`]: remembered devices.
//!
//! * `DeviceCredentials` (a device's keys and password), `Device` and `DeviceList` (what
//!   `GetDevice` and `ListDevices` answer);
//! * the built-in stores `MemoryDeviceStore` and `FileDeviceStore` (the core's), and
//!   [`PythonDeviceStore`]: the core's [`DeviceStore`] over any Python object with `load`,
//!   `save` and `forget` methods, plain or `async def` — they run where the client was called
//!   from ([`crate::caller`]); one that raises becomes `DeviceStoreError` with the original
//!   exception as `__cause__`;
//! * [`settings`]: the `CognitoUserPool` arguments as the core's [`DeviceSettings`];
//! * the device methods of both `CognitoUser` classes: [`with_device_methods!`] hands their
//!   definitions to `cognito_user_methods!` (src/user.rs), and [`UserBinding`]'s futures for
//!   them are defined here.
//!
//! No Cognito logic lives here: the core decides when devices are loaded, confirmed, saved
//! and forgotten.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use cognito_mfa::device::{
    DeviceCredentials, DeviceSettings, DeviceStore, FileDeviceStore, MemoryDeviceStore,
    RefreshMethod, StoreFuture,
};
use cognito_mfa::protocol::device::DeviceType;
use cognito_mfa::{Error, Result};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::caller::call_python;
use crate::error::{guarded, to_py_err};
use crate::runtime::block_on;
use crate::totp::py_repr;
use crate::user::UserBinding;

/// What a device keeps to be recognised: its ``device_key``, its ``device_group_key`` and its
/// random ``device_password`` (amazon-cognito-identity-js's ``getCachedDeviceKeyAndPassword``).
///
/// The client makes these when it confirms a new device and hands them to the pool's device
/// store; a store of your own keeps them (e.g. with :meth:`to_dict`) and gives them back from
/// ``load``. The password is the device's secret: nothing can recover it, so a lost password
/// means a new device. ``repr()`` and ``str()`` show the keys only.
///
/// Raises:
///     TypeError: an argument is not a ``str``.
///     InvalidInputError: ``device_key`` is not ``<region>_<uuid>``, or ``device_group_key``
///         or ``device_password`` is empty.
#[pyclass(name = "DeviceCredentials", module = "cognito_mfa", frozen)]
#[derive(Clone)]
pub struct PyDeviceCredentials {
    pub(crate) inner: DeviceCredentials,
}

#[pymethods]
impl PyDeviceCredentials {
    #[new]
    #[pyo3(signature = (device_key, device_group_key, device_password))]
    fn new(
        device_key: String,
        device_group_key: String,
        device_password: String,
    ) -> PyResult<Self> {
        guarded(|| {
            let inner = DeviceCredentials::new(device_key, device_group_key, device_password)
                .map_err(to_py_err)?;
            Ok(PyDeviceCredentials { inner })
        })
    }

    /// The ``DeviceKey``, e.g. ``"us-east-1_0a1b2c3d-..."``.
    #[getter]
    fn device_key(&self) -> PyResult<&str> {
        guarded(|| Ok(self.inner.device_key()))
    }

    /// The ``DeviceGroupKey``.
    #[getter]
    fn device_group_key(&self) -> PyResult<&str> {
        guarded(|| Ok(self.inner.device_group_key()))
    }

    /// The device password: a secret, for storing it, never for showing it.
    #[getter]
    fn device_password(&self) -> PyResult<&str> {
        guarded(|| Ok(self.inner.password().expose_secret()))
    }

    /// ``{"device_key": ..., "device_group_key": ..., "device_password": ...}`` (with the
    /// secret), for a store to keep; ``DeviceCredentials(**d)`` reads it back.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        guarded(|| {
            let dict = PyDict::new(py);
            dict.set_item("device_key", self.inner.device_key())?;
            dict.set_item("device_group_key", self.inner.device_group_key())?;
            dict.set_item("device_password", self.inner.password().expose_secret())?;
            Ok(dict)
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| {
            Ok(format!(
                "DeviceCredentials(device_key={}, device_group_key={}, device_password=<redacted>)",
                py_repr(py, self.inner.device_key())?,
                py_repr(py, self.inner.device_group_key())?
            ))
        })
    }
}

/// Blocks on one of a built-in store's futures (they finish at once, or after a small file's
/// I/O), GIL released.
fn store_call<T: Send + 'static>(
    py: Python<'_>,
    store: &Arc<dyn DeviceStore>,
    call: impl FnOnce(Arc<dyn DeviceStore>) -> StoreFuture<'static, T>,
) -> PyResult<T> {
    block_on(py, call(Arc::clone(store)))
}

/// The futures of the built-in stores' Python methods (`'static`: they own their arguments).
mod built_in {
    use super::*;

    pub(super) fn load(
        store: Arc<dyn DeviceStore>,
        user_pool_id: String,
        username: String,
    ) -> StoreFuture<'static, Option<DeviceCredentials>> {
        Box::pin(async move { store.load(&user_pool_id, &username).await })
    }

    pub(super) fn save(
        store: Arc<dyn DeviceStore>,
        user_pool_id: String,
        username: String,
        device: DeviceCredentials,
    ) -> StoreFuture<'static, ()> {
        Box::pin(async move { store.save(&user_pool_id, &username, &device).await })
    }

    pub(super) fn forget(
        store: Arc<dyn DeviceStore>,
        user_pool_id: String,
        username: String,
    ) -> StoreFuture<'static, ()> {
        Box::pin(async move { store.forget(&user_pool_id, &username).await })
    }
}

/// The `#[pymethods]` of a built-in store: the three methods of the protocol, written once,
/// and the class's own.
macro_rules! built_in_store_methods {
    ($class:ident, { $($own:tt)* }) => {
        #[pymethods]
        impl $class {
            $($own)*

        /// The device saved for ``username`` of ``user_pool_id``, or ``None``.
        ///
        /// Raises:
        ///     DeviceStoreError: the store cannot be read.
        fn load(
            &self,
            py: Python<'_>,
            user_pool_id: String,
            username: String,
        ) -> PyResult<Option<PyDeviceCredentials>> {
            guarded(|| {
                let found = store_call(py, &self.store, |store| {
                    built_in::load(store, user_pool_id, username)
                })?;
                Ok(found.map(|inner| PyDeviceCredentials { inner }))
            })
        }

        /// Saves ``device`` for ``username`` of ``user_pool_id``, replacing any saved before.
        ///
        /// Raises:
        ///     TypeError: ``device`` is not a :class:`DeviceCredentials`.
        ///     DeviceStoreError: the store cannot be written.
        fn save(
            &self,
            py: Python<'_>,
            user_pool_id: String,
            username: String,
            device: PyRef<'_, PyDeviceCredentials>,
        ) -> PyResult<()> {
            guarded(|| {
                let device = device.inner.clone();
                store_call(py, &self.store, |store| {
                    built_in::save(store, user_pool_id, username, device)
                })
            })
        }

        /// Forgets the device of ``username`` of ``user_pool_id`` (nothing happens when there
        /// is none).
        ///
        /// Raises:
        ///     DeviceStoreError: the store cannot be written.
        fn forget(&self, py: Python<'_>, user_pool_id: String, username: String) -> PyResult<()> {
            guarded(|| {
                store_call(py, &self.store, |store| {
                    built_in::forget(store, user_pool_id, username)
                })
            })
        }
        }
    };
}

/// A device store in this process's memory, lost when it ends: for tests, scripts and
/// single-process servers. One device per (user pool, user name); ``len()`` is how many are
/// saved. Its methods are the :class:`DeviceStore` protocol's; the client calls them without
/// going through Python.
#[pyclass(name = "MemoryDeviceStore", module = "cognito_mfa", frozen)]
pub struct PyMemoryDeviceStore {
    memory: Arc<MemoryDeviceStore>,
    store: Arc<dyn DeviceStore>,
}

built_in_store_methods!(PyMemoryDeviceStore, {
    #[new]
    fn new() -> PyResult<Self> {
        guarded(|| {
            let memory = Arc::new(MemoryDeviceStore::new());
            Ok(PyMemoryDeviceStore {
                store: Arc::clone(&memory) as Arc<dyn DeviceStore>,
                memory,
            })
        })
    }

    fn __len__(&self) -> PyResult<usize> {
        guarded(|| Ok(self.memory.len()))
    }

    fn __repr__(&self) -> PyResult<String> {
        guarded(|| Ok(format!("MemoryDeviceStore(devices={})", self.memory.len())))
    }
});

/// A device store in one JSON file, for a CLI or a single host; created at the first save
/// (its folder must exist).
///
/// The file is written with permissions 0600 and a file that others may read or write is
/// refused, since it holds device passwords; every change writes a temporary file and renames
/// it over the old one, so a crash never leaves half a file; a malformed file is refused with
/// ``DeviceStoreError`` and left untouched. Processes that share one file may lose each
/// other's concurrent changes: give each its own file, or use a database-backed store.
///
/// Raises:
///     TypeError: ``path`` is not a ``str`` or ``os.PathLike``.
#[pyclass(name = "FileDeviceStore", module = "cognito_mfa", frozen)]
pub struct PyFileDeviceStore {
    path: PathBuf,
    store: Arc<dyn DeviceStore>,
}

built_in_store_methods!(PyFileDeviceStore, {
    #[new]
    fn new(path: PathBuf) -> PyResult<Self> {
        guarded(|| {
            Ok(PyFileDeviceStore {
                store: Arc::new(FileDeviceStore::new(&path)),
                path,
            })
        })
    }

    /// The file's path.
    #[getter]
    fn path(&self) -> PyResult<PathBuf> {
        guarded(|| Ok(self.path.clone()))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| {
            Ok(format!(
                "FileDeviceStore({})",
                py_repr(py, &self.path.to_string_lossy())?
            ))
        })
    }
});

/// The core's [`DeviceStore`] over a Python object with ``load``, ``save`` and ``forget``
/// methods (the `cognito_mfa.DeviceStore` protocol), plain or `async def`.
pub(crate) struct PythonDeviceStore {
    store: Arc<Py<PyAny>>,
}

/// The methods of the protocol.
const METHODS: [&str; 3] = ["load", "save", "forget"];

impl PythonDeviceStore {
    /// Wraps `store` after checking that it has the protocol's methods.
    fn new(store: &Bound<'_, PyAny>) -> PyResult<Self> {
        for method in METHODS {
            let callable = store
                .getattr(method)
                .map(|attribute| attribute.is_callable())
                .unwrap_or(false);
            if !callable {
                return Err(PyTypeError::new_err(format!(
                    "device_store must have load(), save() and forget() methods (a \
                     cognito_mfa.DeviceStore); {} has no {method}()",
                    store.get_type().name()?
                )));
            }
        }
        Ok(PythonDeviceStore {
            store: Arc::new(store.clone().unbind()),
        })
    }

    /// Calls `method(user_pool_id, username[, device])` where the client was called from, and
    /// converts its (awaited) result with `convert`.
    fn call<T: Send + 'static>(
        &self,
        method: &'static str,
        user_pool_id: &str,
        username: &str,
        device: Option<&DeviceCredentials>,
        convert: fn(&Bound<'_, PyAny>) -> PyResult<T>,
    ) -> StoreFuture<'static, T> {
        let store = Arc::clone(&self.store);
        let user_pool_id = user_pool_id.to_owned();
        let username = username.to_owned();
        let device = device.cloned();
        Box::pin(async move {
            call_python(
                move |py| {
                    let store = store.bind(py);
                    match device {
                        Some(inner) => store.call_method1(
                            method,
                            (user_pool_id, username, PyDeviceCredentials { inner }),
                        ),
                        None => store.call_method1(method, (user_pool_id, username)),
                    }
                },
                convert,
            )
            .await
            .map_err(|error| store_error(method, error))
        })
    }
}

/// A store method's failure as the core's error, the Python exception kept as its source
/// (`to_py_err` makes it the `__cause__`). The message names the exception's class only: its
/// text could hold what the store was given.
fn store_error(method: &str, error: PyErr) -> Error {
    let class = Python::attach(|py| {
        error
            .get_type(py)
            .name()
            .map(|name| name.to_string())
            .unwrap_or_else(|_| "an exception".to_owned())
    });
    Error::DeviceStore {
        message: format!("{method}() raised {class}"),
        source: Some(Box::new(error)),
    }
}

/// `load`'s result: a `DeviceCredentials` or `None`.
fn loaded(value: &Bound<'_, PyAny>) -> PyResult<Option<DeviceCredentials>> {
    if value.is_none() {
        return Ok(None);
    }
    match value.cast::<PyDeviceCredentials>() {
        Ok(device) => Ok(Some(device.get().inner.clone())),
        Err(_) => Err(PyTypeError::new_err(format!(
            "load() must return a DeviceCredentials or None, not {}",
            value.get_type().name()?
        ))),
    }
}

/// `save`'s and `forget`'s result, which is ignored.
fn ignored(_: &Bound<'_, PyAny>) -> PyResult<()> {
    Ok(())
}

impl DeviceStore for PythonDeviceStore {
    fn load<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
    ) -> StoreFuture<'a, Option<DeviceCredentials>> {
        self.call("load", user_pool_id, username, None, loaded)
    }

    fn save<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
        device: &'a DeviceCredentials,
    ) -> StoreFuture<'a, ()> {
        self.call("save", user_pool_id, username, Some(device), ignored)
    }

    fn forget<'a>(&'a self, user_pool_id: &'a str, username: &'a str) -> StoreFuture<'a, ()> {
        self.call("forget", user_pool_id, username, None, ignored)
    }
}

/// The core's store for a `device_store` argument: a built-in store's own, or the Python
/// object wrapped.
fn store_of(store: &Bound<'_, PyAny>) -> PyResult<Arc<dyn DeviceStore>> {
    if let Ok(memory) = store.cast::<PyMemoryDeviceStore>() {
        return Ok(Arc::clone(&memory.get().store));
    }
    if let Ok(file) = store.cast::<PyFileDeviceStore>() {
        return Ok(Arc::clone(&file.get().store));
    }
    Ok(Arc::new(PythonDeviceStore::new(store)?))
}

/// The `CognitoUserPool` arguments as the core's settings.
///
/// # Errors
/// `TypeError` for a store without the protocol's methods; `InvalidInputError` for an unknown
/// `refresh_method` (the core's `RefreshMethod` names). The core's pool builder checks the
/// device name.
pub(crate) fn settings(
    device_store: Option<&Bound<'_, PyAny>>,
    confirm_new_devices: bool,
    device_name: Option<String>,
    refresh_method: Option<&str>,
) -> PyResult<DeviceSettings> {
    let mut settings = match device_store {
        Some(store) => DeviceSettings::with_store(store_of(store)?),
        None => DeviceSettings::default(),
    };
    settings = settings.confirm_new_devices(confirm_new_devices);
    if let Some(name) = device_name {
        settings = settings.device_name(name);
    }
    let method = match refresh_method {
        None => RefreshMethod::default(),
        Some(name) => name.parse::<RefreshMethod>().map_err(to_py_err)?,
    };
    Ok(settings.refresh_method(method))
}

/// A device of the user, as ``GetDevice`` and ``ListDevices`` give it.
///
/// The dates are timezone-aware :class:`datetime.datetime` values in UTC (``None`` when
/// Cognito sent none).
#[pyclass(name = "Device", module = "cognito_mfa", frozen)]
pub struct PyDevice {
    pub(crate) inner: DeviceType,
}

/// An epoch-seconds date as an aware UTC `datetime`.
pub(crate) fn utc_datetime(py: Python<'_>, seconds: Option<f64>) -> PyResult<Option<Py<PyAny>>> {
    let Some(seconds) = seconds else {
        return Ok(None);
    };
    let datetime = py.import("datetime")?;
    let utc = datetime.getattr("timezone")?.getattr("utc")?;
    Ok(Some(
        datetime
            .getattr("datetime")?
            .call_method1("fromtimestamp", (seconds, utc))?
            .unbind(),
    ))
}

#[pymethods]
impl PyDevice {
    /// The ``DeviceKey``.
    #[getter]
    fn device_key(&self) -> PyResult<&str> {
        guarded(|| Ok(self.inner.device_key.as_str()))
    }

    /// The ``device_name`` attribute (the name given at ``ConfirmDevice``), or ``None``.
    #[getter]
    fn name(&self) -> PyResult<Option<&str>> {
        guarded(|| Ok(self.inner.name()))
    }

    /// ``"remembered"`` or ``"not_remembered"`` (the ``dev:device_remembered_status``
    /// attribute), or ``None``.
    #[getter]
    fn remembered_status(&self) -> PyResult<Option<&'static str>> {
        guarded(|| Ok(self.inner.remembered_status().map(|status| status.as_str())))
    }

    /// The ``DeviceAttributes`` as a new ``dict``, e.g. ``{"device_name": ...,
    /// "dev:device_remembered_status": ..., "last_ip_used": ...}``.
    #[getter]
    fn attributes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        guarded(|| {
            let attributes = PyDict::new(py);
            for attribute in &self.inner.device_attributes {
                attributes.set_item(&attribute.name, &attribute.value)?;
            }
            Ok(attributes)
        })
    }

    /// The value of one attribute, or ``None``.
    fn attribute(&self, name: &str) -> PyResult<Option<&str>> {
        guarded(|| Ok(self.inner.attribute(name)))
    }

    /// When the device was first seen (``DeviceCreateDate``), or ``None``.
    #[getter]
    fn create_date(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        guarded(|| utc_datetime(py, self.inner.device_create_date))
    }

    /// When the device was last changed (``DeviceLastModifiedDate``), or ``None``.
    #[getter]
    fn last_modified_date(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        guarded(|| utc_datetime(py, self.inner.device_last_modified_date))
    }

    /// When the device last signed in (``DeviceLastAuthenticatedDate``), or ``None``.
    #[getter]
    fn last_authenticated_date(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        guarded(|| utc_datetime(py, self.inner.device_last_authenticated_date))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| {
            let show = |value: Option<&str>| match value {
                Some(text) => py_repr(py, text),
                None => Ok("None".to_owned()),
            };
            Ok(format!(
                "Device(device_key={}, name={}, remembered_status={})",
                py_repr(py, &self.inner.device_key)?,
                show(self.inner.name())?,
                show(self.remembered_status()?)?
            ))
        })
    }
}

/// One page of :meth:`CognitoUser.list_devices`: ``devices`` and the ``pagination_token`` of
/// the next page (``None`` on the last page).
#[pyclass(name = "DeviceList", module = "cognito_mfa", frozen)]
pub struct PyDeviceList {
    devices: Vec<Py<PyDevice>>,
    pagination_token: Option<String>,
}

#[pymethods]
impl PyDeviceList {
    /// The devices of this page (a new ``list``).
    #[getter]
    fn devices(&self, py: Python<'_>) -> PyResult<Vec<Py<PyDevice>>> {
        guarded(|| {
            Ok(self
                .devices
                .iter()
                .map(|device| device.clone_ref(py))
                .collect())
        })
    }

    /// The token of the next page, or ``None``.
    #[getter]
    fn pagination_token(&self) -> PyResult<Option<&str>> {
        guarded(|| Ok(self.pagination_token.as_deref()))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| {
            Ok(format!(
                "DeviceList(devices=<{} devices>, pagination_token={})",
                self.devices.len(),
                match &self.pagination_token {
                    Some(token) => py_repr(py, token)?,
                    None => "None".to_owned(),
                }
            ))
        })
    }
}

/// Python objects for the core's devices (made on the Python thread that gets the result).
pub(crate) struct Devices(Vec<DeviceType>);

impl<'py> IntoPyObject<'py> for Devices {
    type Target = PyList;
    type Output = Bound<'py, Self::Target>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        guarded(|| {
            let devices: Vec<PyDevice> =
                self.0.into_iter().map(|inner| PyDevice { inner }).collect();
            PyList::new(py, devices)
        })
    }
}

/// A page of devices, converted on the Python thread.
pub(crate) struct DevicePage {
    devices: Vec<DeviceType>,
    pagination_token: Option<String>,
}

impl DevicePage {
    /// A page of devices; an empty token reads as the last page.
    pub(crate) fn new(devices: Vec<DeviceType>, pagination_token: Option<String>) -> Self {
        DevicePage {
            devices,
            pagination_token: pagination_token.filter(|token| !token.is_empty()),
        }
    }
}

impl<'py> IntoPyObject<'py> for DevicePage {
    type Target = PyDeviceList;
    type Output = Bound<'py, PyDeviceList>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        guarded(|| {
            let devices = self
                .devices
                .into_iter()
                .map(|inner| Py::new(py, PyDevice { inner }))
                .collect::<PyResult<Vec<_>>>()?;
            Bound::new(
                py,
                PyDeviceList {
                    devices,
                    pagination_token: self.pagination_token,
                },
            )
        })
    }
}

impl UserBinding {
    pub(crate) fn device_key(&self) -> Option<String> {
        self.user.device_key()
    }

    pub(crate) fn user_confirmation_necessary(&self) -> Option<bool> {
        self.user.user_confirmation_necessary()
    }

    pub(crate) fn pending_device_key(&self) -> Option<String> {
        self.user.pending_device_key()
    }

    pub(crate) fn cached_device(&self) -> Option<PyDeviceCredentials> {
        self.user
            .cached_device()
            .map(|inner| PyDeviceCredentials { inner })
    }

    pub(crate) fn set_device_status_remembered(
        &self,
    ) -> impl Future<Output = Result<()>> + Send + 'static {
        let user = Arc::clone(&self.user);
        async move { user.set_device_status_remembered().await }
    }

    pub(crate) fn set_device_status_not_remembered(
        &self,
    ) -> impl Future<Output = Result<()>> + Send + 'static {
        let user = Arc::clone(&self.user);
        async move { user.set_device_status_not_remembered().await }
    }

    pub(crate) fn forget_device(&self) -> impl Future<Output = Result<()>> + Send + 'static {
        let user = Arc::clone(&self.user);
        async move { user.forget_device().await }
    }

    pub(crate) fn forget_specific_device(
        &self,
        device_key: String,
    ) -> impl Future<Output = Result<()>> + Send + 'static {
        let user = Arc::clone(&self.user);
        async move { user.forget_specific_device(&device_key).await }
    }

    pub(crate) fn list_devices(
        &self,
        limit: Option<u32>,
        pagination_token: Option<String>,
    ) -> impl Future<Output = Result<DevicePage>> + Send + 'static {
        let user = Arc::clone(&self.user);
        async move {
            let page = user
                .list_devices(limit, pagination_token.as_deref())
                .await?;
            Ok(DevicePage {
                devices: page.devices,
                pagination_token: page.pagination_token.filter(|token| !token.is_empty()),
            })
        }
    }

    pub(crate) fn list_all_devices(
        &self,
    ) -> impl Future<Output = Result<Devices>> + Send + 'static {
        let user = Arc::clone(&self.user);
        async move { Ok(Devices(user.list_all_devices().await?)) }
    }

    pub(crate) fn get_device(
        &self,
        device_key: Option<String>,
    ) -> impl Future<Output = Result<PyDevice>> + Send + 'static {
        let user = Arc::clone(&self.user);
        async move {
            let inner = user.get_device(device_key.as_deref()).await?;
            Ok(PyDevice { inner })
        }
    }

    pub(crate) fn confirm_device(
        &self,
        device_name: Option<String>,
    ) -> impl Future<Output = Result<bool>> + Send + 'static {
        let user = Arc::clone(&self.user);
        async move { user.confirm_device(device_name.as_deref()).await }
    }
}

/// Calls `$then!($class, $name, [$($asyncness)?], $finish, { <the device methods> })`: the
/// device methods of a `CognitoUser` class, for `cognito_user_methods!` (src/user.rs) to put
/// in the class's one `#[pymethods]` block. Each converts its arguments and hands one of
/// [`UserBinding`]'s futures to `$finish` (`awaited!` or `blocked!`).
macro_rules! with_device_methods {
    ($then:ident, $class:ident, $name:literal, [$($asyncness:tt)?], $finish:ident) => {
        $then!($class, $name, [$($asyncness)?], $finish, {
            /// The key of the device this user signs in from, once known: loaded from the
            /// pool's device store at sign-in, or confirmed by this user's sign-in. ``None``
            /// before (and without a device store).
            #[getter]
            fn device_key(&self) -> ::pyo3::PyResult<Option<String>> {
                $crate::error::guarded(|| Ok(self.binding.device_key()))
            }

            /// What ``ConfirmDevice`` answered when this user's sign-in confirmed a new
            /// device: ``True`` when the pool remembers devices only on the user's word (ask
            /// the user, then call :meth:`set_device_status_remembered`), ``False`` when the
            /// device is remembered already; ``None`` when no device was confirmed.
            #[getter]
            fn user_confirmation_necessary(&self) -> ::pyo3::PyResult<Option<bool>> {
                $crate::error::guarded(|| Ok(self.binding.user_confirmation_necessary()))
            }

            /// The key of a device Cognito announced at sign-in that is not confirmed yet
            /// (``confirm_new_devices=False`` on the pool, or confirming it failed): confirm it
            /// with :meth:`confirm_device`. Else ``None``.
            #[getter]
            fn pending_device_key(&self) -> ::pyo3::PyResult<Option<String>> {
                $crate::error::guarded(|| Ok(self.binding.pending_device_key()))
            }

            /// This user's device credentials (key, group key, password) once known, as
            /// :class:`DeviceCredentials`, else ``None``; no request is made.
            fn get_cached_device_key_and_password(
                &self,
            ) -> ::pyo3::PyResult<Option<$crate::device::PyDeviceCredentials>> {
                $crate::error::guarded(|| Ok(self.binding.cached_device()))
            }

            /// Marks this user's device as remembered (``UpdateDeviceStatus``): where the pool
            /// allows it, its later sign-ins skip MFA.
            ///
            /// Raises:
            ///     NotSignedInError: the user is not signed in.
            ///     NoDeviceError: no device is known for this user.
            ///     ResourceNotFoundException: the device was forgotten at Cognito.
            ///     NotAuthorizedException: an invalid or expired access token.
            ///     NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
            $($asyncness)? fn set_device_status_remembered(&self) -> ::pyo3::PyResult<()> {
                $finish!(self.binding.set_device_status_remembered())
            }

            /// Marks this user's device as not remembered: it stays tracked and its sign-ins
            /// are asked for MFA again (``UpdateDeviceStatus``).
            ///
            /// Raises:
            ///     As :meth:`set_device_status_remembered`.
            $($asyncness)? fn set_device_status_not_remembered(&self) -> ::pyo3::PyResult<()> {
                $finish!(self.binding.set_device_status_not_remembered())
            }

            /// Forgets this user's device at Cognito (``ForgetDevice``) and in the pool's
            /// device store; the next sign-in is a new device. When Cognito refuses, nothing
            /// is forgotten.
            ///
            /// Raises:
            ///     As :meth:`set_device_status_remembered`, and DeviceStoreError: the store
            ///     could not forget it.
            $($asyncness)? fn forget_device(&self) -> ::pyo3::PyResult<()> {
                $finish!(self.binding.forget_device())
            }

            /// Forgets one device of this user at Cognito (``ForgetDevice``), e.g. one from
            /// :meth:`list_all_devices`; when it is this user's own device, it also leaves the
            /// device store.
            ///
            /// Raises:
            ///     As :meth:`forget_device`.
            $($asyncness)? fn forget_specific_device(
                &self,
                device_key: String,
            ) -> ::pyo3::PyResult<()> {
                $finish!(self.binding.forget_specific_device(device_key))
            }

            /// One page of this user's remembered devices (``ListDevices``) as a
            /// :class:`DeviceList`: at most ``limit`` (0 to 60; Cognito's default when
            /// ``None``), from the page ``pagination_token`` names.
            ///
            /// Raises:
            ///     InvalidInputError: ``limit`` is negative or above 60.
            ///     NotSignedInError: the user is not signed in.
            ///     InvalidParameterException: a bad ``pagination_token``.
            ///     NotAuthorizedException: an invalid or expired access token.
            ///     NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
            #[pyo3(signature = (limit = None, pagination_token = None))]
            $($asyncness)? fn list_devices(
                &self,
                #[pyo3(from_py_with = $crate::args::to_optional_u32)] limit: Option<u32>,
                pagination_token: Option<String>,
            ) -> ::pyo3::PyResult<$crate::device::DevicePage> {
                $finish!(self.binding.list_devices(limit, pagination_token))
            }

            /// Every remembered device of this user, reading all pages of ``ListDevices``, as
            /// a ``list`` of :class:`Device`.
            ///
            /// Raises:
            ///     As :meth:`list_devices`.
            $($asyncness)? fn list_all_devices(&self) -> ::pyo3::PyResult<$crate::device::Devices> {
                $finish!(self.binding.list_all_devices())
            }

            /// One device of this user (``GetDevice``) as a :class:`Device`: ``device_key``,
            /// or this user's own device when ``None``.
            ///
            /// Raises:
            ///     NotSignedInError: the user is not signed in.
            ///     NoDeviceError: ``device_key`` is ``None`` and no device is known.
            ///     ResourceNotFoundException: the device is not remembered, or was forgotten.
            ///     NotAuthorizedException: an invalid or expired access token.
            ///     NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
            #[pyo3(signature = (device_key = None))]
            $($asyncness)? fn get_device(
                &self,
                device_key: Option<String>,
            ) -> ::pyo3::PyResult<$crate::device::PyDevice> {
                $finish!(self.binding.get_device(device_key))
            }

            /// Confirms the device Cognito announced at the last sign-in
            /// (:attr:`pending_device_key`; ``ConfirmDevice``) under ``device_name`` (default:
            /// the pool's), and saves it in the pool's device store. Returns
            /// ``UserConfirmationNecessary`` (see :attr:`user_confirmation_necessary`).
            ///
            /// Raises:
            ///     NoDeviceError: no device is pending.
            ///     NotSignedInError: the user is not signed in.
            ///     InvalidParameterException: Cognito does not know the device key.
            ///     DeviceStoreError: the store could not save it (the device is confirmed at
            ///         Cognito, and known to this user object).
            ///     NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
            #[pyo3(signature = (device_name = None))]
            $($asyncness)? fn confirm_device(
                &self,
                device_name: Option<String>,
            ) -> ::pyo3::PyResult<bool> {
                $finish!(self.binding.confirm_device(device_name))
            }
        });
    };
}
pub(crate) use with_device_methods;
