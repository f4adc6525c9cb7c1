//! Bindings of `cognito_mfa::device`: remembered devices.
//!
//! - The device stores: `MemoryDeviceStore` and `FileDeviceStore` wrap the core's, and a
//!   JavaScript object with `load`, `save` and `forget` methods (each returning a value or a
//!   Promise) becomes a core [`DeviceStore`] through threadsafe functions ([`JsDeviceStore`]):
//!   the core's future, on the tokio runtime, calls the method on the JavaScript thread and
//!   awaits what it returns.
//! - The device options of `new CognitoUserPool(data)` as the core's [`DeviceSettings`]
//!   ([`settings`]).
//! - `CognitoUser`'s device methods, with amazon-cognito-identity-js's names
//!   (`setDeviceStatusRemembered`, `forgetDevice`, `listDevices`, `getDevice`,
//!   `getCachedDeviceKeyAndPassword`...), in a second `#[napi] impl` block of the class.
//!
//! The device password crosses into JavaScript only where the caller asks for it: a store's
//! `load` result, the device a custom store's `save` receives, and
//! `getCachedDeviceKeyAndPassword()`. The Rust copies are zeroized.

use std::sync::Arc;

use cognito_mfa::device::{
    DeviceCredentials, DeviceSettings, DeviceStore, FileDeviceStore, MemoryDeviceStore,
    RefreshMethod, StoreFuture,
};
use cognito_mfa::protocol::device::{DeviceType as CoreDeviceType, ListDevicesResponse};
use cognito_mfa::{ChallengeName, Error, Result};
use napi::bindgen_prelude::{
    Env, FnArgs, FromNapiValue, Function, JsObjectValue, JsValuesTupleIntoVec, Object, Promise,
    PromiseRaw, ToNapiValue, Unknown,
};
use napi::threadsafe_function::ThreadsafeFunction;
use napi::{JsValue, Status, ValueType, sys};
use napi_derive::napi;
use zeroize::Zeroizing;

use crate::error::OrThrow;
use crate::input::{self, Arg, describe};
use crate::promise;
use crate::user::{JsAttributeType, JsUser, SUCCESS};

/// The device options of `new CognitoUserPool(data)`, as the core's settings; `None` when
/// none is given (no device tracking on the client side).
///
/// # Errors
/// `InvalidInput` for a `deviceStore` that is neither a store of this package nor an object
/// with `load`, `save` and `forget` methods, or an unknown `refreshMethod`.
pub fn settings(
    store: Option<Unknown<'_>>,
    confirm_new_devices: Option<bool>,
    device_name: Option<String>,
    refresh_method: Option<String>,
) -> Result<Option<DeviceSettings>> {
    if store.is_none()
        && confirm_new_devices.is_none()
        && device_name.is_none()
        && refresh_method.is_none()
    {
        return Ok(None);
    }
    let mut settings = match store {
        Some(store) => DeviceSettings::with_store(store_of(store)?),
        None => DeviceSettings::default(),
    };
    if let Some(confirm) = confirm_new_devices {
        settings = settings.confirm_new_devices(confirm);
    }
    if let Some(name) = device_name {
        settings = settings.device_name(name);
    }
    if let Some(method) = refresh_method {
        settings = settings.refresh_method(method.parse::<RefreshMethod>()?);
    }
    Ok(Some(settings))
}

/// The core store behind `data.deviceStore`: a store of this package, or a JavaScript object
/// with `load`, `save` and `forget` methods.
fn store_of(value: Unknown<'_>) -> Result<Arc<dyn DeviceStore>> {
    if let Ok(store) = crate::args::instance::<JsMemoryDeviceStore>(value, "") {
        return Ok(store.inner.clone());
    }
    if let Ok(store) = crate::args::instance::<JsFileDeviceStore>(value, "") {
        return Ok(store.inner.clone());
    }
    if value.get_type().ok() != Some(ValueType::Object) {
        return Err(Error::InvalidInput(format!(
            "data.deviceStore must be a MemoryDeviceStore, a FileDeviceStore or an object with \
             load, save and forget methods, got {}",
            describe(&value)
        )));
    }
    let object = Object::from_raw(value.value().env, value.raw());
    Ok(Arc::new(JsDeviceStore {
        load: method(&object, "load")?,
        save: method(&object, "save")?,
        forget: method(&object, "forget")?,
    }))
}

/// A threadsafe function calling one method of a JavaScript store. Weak: a pool kept alive
/// does not keep Node's event loop alive (a call in flight is part of a sign-in whose Promise
/// does).
type StoreMethod<Args> = ThreadsafeFunction<Args, StoreReturn, Args, Status, false, true>;

/// The arguments of `load` and `forget`: the user pool id and the user name.
type UserArgs = FnArgs<(String, String)>;
/// The arguments of `save`: the user pool id, the user name and the device.
type SaveArgs = FnArgs<(String, String, DeviceRecord)>;

/// `object[name]`, bound to `object`, as a threadsafe function.
fn method<Args: 'static + JsValuesTupleIntoVec>(
    object: &Object<'_>,
    name: &str,
) -> Result<StoreMethod<Args>> {
    let refused = |got: &str| {
        Error::InvalidInput(format!(
            "data.deviceStore.{name} must be a function, got {got}"
        ))
    };
    let value: Unknown<'_> = object
        .get_named_property(name)
        .map_err(|_| refused("a value that cannot be read"))?;
    if value.get_type().ok() != Some(ValueType::Function) {
        return Err(refused(describe(&value)));
    }
    // SAFETY: a live handle of the current call, just checked to be a function.
    let function: Function<'_, Args, StoreReturn> =
        unsafe { Function::from_napi_value(value.value().env, value.raw()) }
            .map_err(|_| refused("a function that cannot be read"))?;
    let unable = |_| Error::InvalidInput(format!("data.deviceStore.{name} cannot be called"));
    function
        .bind(object)
        .and_then(|bound| {
            bound
                .build_threadsafe_function::<Args>()
                .callee_handled::<false>()
                .weak::<true>()
                .build_callback(|call| Ok(call.value))
        })
        .map_err(unable)
}

/// A device store that the application wrote in JavaScript: an object with `load`, `save`
/// and `forget` methods, each returning a value or a Promise. A method that throws, a
/// Promise that rejects and a `load` result that is not a device (or `null`) are the core's
/// `DeviceStore` error, whose message names the method and never quotes the store's own
/// error (it could hold a device password). A Promise that never settles keeps the sign-in
/// waiting, as any awaited Promise does.
struct JsDeviceStore {
    load: StoreMethod<UserArgs>,
    save: StoreMethod<SaveArgs>,
    forget: StoreMethod<UserArgs>,
}

impl JsDeviceStore {
    /// Calls `function` on the JavaScript thread and awaits what it returns.
    async fn ask<Args: 'static + JsValuesTupleIntoVec>(
        function: &StoreMethod<Args>,
        args: Args,
        method: &str,
    ) -> Result<StoreAnswer> {
        let failed = |what: &str| Error::DeviceStore {
            message: format!("the store's {method} {what}"),
            source: None,
        };
        match function.call_async_catch(args).await {
            Ok(StoreReturn::Ready(answer)) => Ok(answer),
            Ok(StoreReturn::Pending(promise)) => promise
                .await
                .map_err(|_| failed("returned a Promise that rejected")),
            Err(error) if error.status == Status::PendingException => Err(failed("threw")),
            Err(_) => Err(failed("could not be called (Node is shutting down?)")),
        }
    }
}

impl DeviceStore for JsDeviceStore {
    fn load<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
    ) -> StoreFuture<'a, Option<DeviceCredentials>> {
        let args = FnArgs::from((user_pool_id.to_owned(), username.to_owned()));
        Box::pin(async move {
            let StoreAnswer(answer) = Self::ask(&self.load, args, "load").await?;
            answer.map_err(|what| Error::DeviceStore {
                message: format!(
                    "the store's load resolved to {what}, not a device \
                     ({{ deviceKey, deviceGroupKey, devicePassword }}) or null"
                ),
                source: None,
            })
        })
    }

    fn save<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
        device: &'a DeviceCredentials,
    ) -> StoreFuture<'a, ()> {
        let args = FnArgs::from((
            user_pool_id.to_owned(),
            username.to_owned(),
            DeviceRecord::stored(device.clone()),
        ));
        Box::pin(async move { Self::ask(&self.save, args, "save").await.map(|_| ()) })
    }

    fn forget<'a>(&'a self, user_pool_id: &'a str, username: &'a str) -> StoreFuture<'a, ()> {
        let args = FnArgs::from((user_pool_id.to_owned(), username.to_owned()));
        Box::pin(async move { Self::ask(&self.forget, args, "forget").await.map(|_| ()) })
    }
}

/// What a store method returned: a value, or a Promise of one.
enum StoreReturn {
    Ready(StoreAnswer),
    Pending(Promise<StoreAnswer>),
}

impl FromNapiValue for StoreReturn {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        // SAFETY: napi-rs passes the live handles of the threadsafe call.
        let unknown = unsafe { Unknown::from_raw_unchecked(env, value) };
        if unknown.is_promise().unwrap_or(false) {
            // SAFETY: as above; the value was just checked to be a Promise.
            unsafe { Promise::from_napi_value(env, value) }.map(StoreReturn::Pending)
        } else {
            Ok(StoreReturn::Ready(StoreAnswer::read(unknown)))
        }
    }
}

/// A store method's result read as `load`'s: a device, none (`null` or `undefined`), or what
/// else it was (for the message). `save` and `forget` ignore it.
struct StoreAnswer(std::result::Result<Option<DeviceCredentials>, String>);

impl StoreAnswer {
    fn read(value: Unknown<'_>) -> Self {
        StoreAnswer(match value.get_type() {
            Ok(ValueType::Undefined | ValueType::Null) => Ok(None),
            Ok(ValueType::Object) => Self::device(value).map(Some),
            _ => Err(describe(&value).to_owned()),
        })
    }

    fn device(value: Unknown<'_>) -> std::result::Result<DeviceCredentials, String> {
        let object = Object::from_raw(value.value().env, value.raw());
        let text = |key: &str| -> std::result::Result<Zeroizing<String>, String> {
            let field: Option<Unknown<'_>> = object
                .get(key)
                .map_err(|_| format!("an object whose {key} cannot be read"))?;
            let field = field.ok_or_else(|| format!("an object without {key}"))?;
            input::value::<String>(field, "a string")
                .map(Zeroizing::new)
                .map_err(|_| format!("an object whose {key} is {}", describe(&field)))
        };
        let (key, group, password) = (
            text("deviceKey")?,
            text("deviceGroupKey")?,
            text("devicePassword")?,
        );
        DeviceCredentials::new(key.as_str(), group.as_str(), password.as_str())
            .map_err(|error| format!("an invalid device ({error})"))
    }
}

impl FromNapiValue for StoreAnswer {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        // SAFETY: napi-rs passes the live handles of the Promise's callback.
        Ok(StoreAnswer::read(unsafe {
            Unknown::from_raw_unchecked(env, value)
        }))
    }
}

/// A device's credentials as a JavaScript object: `{ deviceKey, deviceGroupKey,
/// devicePassword }` (a store's record) or `{ deviceKey, deviceGroupKey, randomPassword }`
/// (amazon-cognito-identity-js's names, for `getCachedDeviceKeyAndPassword`). The Rust copy
/// of the password is zeroized when dropped.
pub struct DeviceRecord {
    credentials: DeviceCredentials,
    password_key: &'static str,
}

impl DeviceRecord {
    fn stored(credentials: DeviceCredentials) -> Self {
        DeviceRecord {
            credentials,
            password_key: "devicePassword",
        }
    }

    fn cached(credentials: DeviceCredentials) -> Self {
        DeviceRecord {
            credentials,
            password_key: "randomPassword",
        }
    }
}

impl ToNapiValue for DeviceRecord {
    unsafe fn to_napi_value(env: sys::napi_env, value: Self) -> napi::Result<sys::napi_value> {
        let env = Env::from_raw(env);
        let mut object = Object::new(&env)?;
        object.set("deviceKey", value.credentials.device_key())?;
        object.set("deviceGroupKey", value.credentials.device_group_key())?;
        object.set(
            value.password_key,
            value.credentials.password().expose_secret(),
        )?;
        Ok(object.raw())
    }
}

/// A device as a store keeps it (`save`'s argument, `load`'s result).
#[napi(object, js_name = "DeviceRecord", object_to_js = false)]
pub struct DeviceRecordInput {
    /// The `DeviceKey`, `<region>_<uuid>`.
    #[napi(js_name = "deviceKey")]
    pub device_key: String,
    /// The `DeviceGroupKey`.
    #[napi(js_name = "deviceGroupKey")]
    pub device_group_key: String,
    /// The device's random password (a secret).
    #[napi(js_name = "devicePassword")]
    pub device_password: String,
}

impl DeviceRecordInput {
    fn credentials(value: Unknown<'_>) -> Result<DeviceCredentials> {
        let DeviceRecordInput {
            device_key,
            device_group_key,
            device_password,
        } = input::options(value, "device")?;
        let password = Zeroizing::new(device_password);
        DeviceCredentials::new(device_key, device_group_key, password.as_str())
    }
}

/// Runs a store's `load`, `save` or `forget` for JavaScript.
fn store_load<'env>(
    env: &'env Env,
    store: Arc<dyn DeviceStore>,
    user_pool_id: String,
    username: String,
) -> napi::Result<PromiseRaw<'env, Option<DeviceRecord>>> {
    promise::spawn(
        env,
        async move { store.load(&user_pool_id, &username).await },
        |_, device| Ok(device.map(DeviceRecord::stored)),
    )
}

fn store_save<'env>(
    env: &'env Env,
    store: Arc<dyn DeviceStore>,
    user_pool_id: String,
    username: String,
    device: Unknown<'_>,
) -> napi::Result<PromiseRaw<'env, ()>> {
    let device = DeviceRecordInput::credentials(device).or_throw(env)?;
    promise::spawn(
        env,
        async move { store.save(&user_pool_id, &username, &device).await },
        |_, ()| Ok(()),
    )
}

fn store_forget<'env>(
    env: &'env Env,
    store: Arc<dyn DeviceStore>,
    user_pool_id: String,
    username: String,
) -> napi::Result<PromiseRaw<'env, ()>> {
    promise::spawn(
        env,
        async move { store.forget(&user_pool_id, &username).await },
        |_, ()| Ok(()),
    )
}

/// A device store in this process's memory (lost when it ends), one device per user pool and
/// user name. Give it to `new CognitoUserPool({ ..., deviceStore })`; share one store between
/// the pools of one process.
#[napi(js_name = "MemoryDeviceStore")]
pub struct JsMemoryDeviceStore {
    inner: Arc<MemoryDeviceStore>,
}

#[napi]
impl JsMemoryDeviceStore {
    /// An empty store.
    #[napi(constructor, catch_unwind)]
    pub fn new() -> Self {
        JsMemoryDeviceStore {
            inner: Arc::new(MemoryDeviceStore::new()),
        }
    }

    /// How many users have a device saved.
    #[napi(getter, catch_unwind)]
    pub fn size(&self) -> u32 {
        u32::try_from(self.inner.len()).unwrap_or(u32::MAX)
    }

    /// The device saved for the user, or `null`. The result holds the device password.
    #[napi(catch_unwind, ts_return_type = "Promise<DeviceRecord | null>")]
    pub fn load<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] user_pool_id: Arg<String>,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
    ) -> napi::Result<PromiseRaw<'env, Option<DeviceRecord>>> {
        store_load(env, self.inner.clone(), user_pool_id.0, username.0)
    }

    /// Saves the user's device, replacing any saved before.
    ///
    /// Rejects with `InvalidInputError` for a device that is not `{ deviceKey,
    /// deviceGroupKey, devicePassword }` with a valid key and non-empty strings.
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
    pub fn save<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] user_pool_id: Arg<String>,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
        #[napi(ts_arg_type = "DeviceRecord")] device: Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, ()>> {
        store_save(env, self.inner.clone(), user_pool_id.0, username.0, device)
    }

    /// Forgets the user's device (nothing happens when there is none).
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
    pub fn forget<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] user_pool_id: Arg<String>,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
    ) -> napi::Result<PromiseRaw<'env, ()>> {
        store_forget(env, self.inner.clone(), user_pool_id.0, username.0)
    }
}

impl Default for JsMemoryDeviceStore {
    fn default() -> Self {
        JsMemoryDeviceStore::new()
    }
}

/// A device store in one JSON file, for a CLI or a single host: created with permissions
/// 0600 at the first save (its folder must exist), replaced atomically (a temporary file,
/// then a rename) at every change. A file that others may read or write, or that is not a
/// device store file, is refused with `DeviceStoreError` and left untouched. Give each
/// process its own file.
#[napi(js_name = "FileDeviceStore")]
pub struct JsFileDeviceStore {
    inner: Arc<FileDeviceStore>,
}

#[napi]
impl JsFileDeviceStore {
    /// A store in the file at `path`; nothing is read or written yet.
    ///
    /// @throws {Error} `InvalidInputError` if `path` is not a non-empty string.
    #[napi(constructor, catch_unwind)]
    pub fn new(env: &Env, #[napi(ts_arg_type = "string")] path: Arg<String>) -> napi::Result<Self> {
        if path.0.is_empty() {
            return Err(Error::InvalidInput("the path is empty".to_owned())).or_throw(env);
        }
        Ok(JsFileDeviceStore {
            inner: Arc::new(FileDeviceStore::new(path.0)),
        })
    }

    /// The file's path.
    #[napi(getter, catch_unwind)]
    pub fn path(&self) -> String {
        self.inner.path().to_string_lossy().into_owned()
    }

    /// The device saved for the user, or `null`. The result holds the device password.
    ///
    /// Rejects with `DeviceStoreError` for a file that cannot be read, is malformed, or has
    /// permissions other than its owner's only.
    #[napi(catch_unwind, ts_return_type = "Promise<DeviceRecord | null>")]
    pub fn load<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] user_pool_id: Arg<String>,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
    ) -> napi::Result<PromiseRaw<'env, Option<DeviceRecord>>> {
        store_load(env, self.inner.clone(), user_pool_id.0, username.0)
    }

    /// Saves the user's device, replacing any saved before.
    ///
    /// Rejects with `InvalidInputError` for a device that is not `{ deviceKey,
    /// deviceGroupKey, devicePassword }`, `DeviceStoreError` when the file is refused (as
    /// `load`) or cannot be written.
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
    pub fn save<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] user_pool_id: Arg<String>,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
        #[napi(ts_arg_type = "DeviceRecord")] device: Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, ()>> {
        store_save(env, self.inner.clone(), user_pool_id.0, username.0, device)
    }

    /// Forgets the user's device (nothing happens when there is none).
    ///
    /// Rejects with `DeviceStoreError` as `save`.
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
    pub fn forget<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] user_pool_id: Arg<String>,
        #[napi(ts_arg_type = "string")] username: Arg<String>,
    ) -> napi::Result<PromiseRaw<'env, ()>> {
        store_forget(env, self.inner.clone(), user_pool_id.0, username.0)
    }
}

/// A device, as Cognito's `ListDevices` and `GetDevice` return it (`DeviceType`).
#[napi(object, js_name = "DeviceType", object_from_js = false)]
pub struct JsDeviceType {
    /// The device key.
    #[napi(js_name = "DeviceKey")]
    pub device_key: String,
    /// Its attributes: `device_name`, `dev:device_remembered_status` (`remembered` /
    /// `not_remembered`), `device_status`, `last_ip_used`...
    #[napi(js_name = "DeviceAttributes")]
    pub device_attributes: Vec<JsAttributeType>,
    /// When the device was first seen, in seconds since the epoch.
    #[napi(js_name = "DeviceCreateDate")]
    pub device_create_date: Option<f64>,
    /// When the device was last changed, in seconds since the epoch.
    #[napi(js_name = "DeviceLastModifiedDate")]
    pub device_last_modified_date: Option<f64>,
    /// When the device last signed in, in seconds since the epoch.
    #[napi(js_name = "DeviceLastAuthenticatedDate")]
    pub device_last_authenticated_date: Option<f64>,
}

impl JsDeviceType {
    pub(crate) fn from_core(device: CoreDeviceType) -> Self {
        JsDeviceType {
            device_key: device.device_key,
            device_attributes: device
                .device_attributes
                .into_iter()
                .map(|attribute| JsAttributeType {
                    name: attribute.name,
                    value: attribute.value,
                })
                .collect(),
            device_create_date: device.device_create_date,
            device_last_modified_date: device.device_last_modified_date,
            device_last_authenticated_date: device.device_last_authenticated_date,
        }
    }
}

/// One page of `listDevices`, as Cognito's `ListDevices` returns it (and
/// amazon-cognito-identity-js passes it on).
#[napi(object, js_name = "ListDevicesResult", object_from_js = false)]
pub struct JsListDevicesResult {
    /// This page's devices (remembered devices only).
    #[napi(js_name = "Devices")]
    pub devices: Vec<JsDeviceType>,
    /// The token of the next page; absent on the last page.
    #[napi(js_name = "PaginationToken")]
    pub pagination_token: Option<String>,
}

impl JsListDevicesResult {
    pub(crate) fn from_core(page: ListDevicesResponse) -> Self {
        JsListDevicesResult {
            devices: page
                .devices
                .into_iter()
                .map(JsDeviceType::from_core)
                .collect(),
            pagination_token: page.pagination_token.filter(|token| !token.is_empty()),
        }
    }
}

/// What `getDevice` resolves to, as Cognito's `GetDevice` returns it (and
/// amazon-cognito-identity-js passes it on).
#[napi(object, js_name = "GetDeviceResult", object_from_js = false)]
pub struct JsGetDeviceResult {
    /// The device.
    #[napi(js_name = "Device")]
    pub device: JsDeviceType,
}

#[napi]
impl JsUser {
    /// The key of the device this user signs in from, once known (loaded from the pool's
    /// `deviceStore` at sign-in, or confirmed by this user's sign-in), else `null`.
    #[napi(getter, catch_unwind)]
    pub fn device_key(&self) -> Option<String> {
        self.core().device_key()
    }

    /// What `ConfirmDevice` answered when this user's last sign-in confirmed a new device:
    /// `true` when the pool remembers devices only on the user's word (ask the user, then call
    /// `setDeviceStatusRemembered()`), `false` when the device is remembered already; `null`
    /// when that sign-in confirmed no device.
    #[napi(getter, catch_unwind)]
    pub fn user_confirmation_necessary(&self) -> Option<bool> {
        self.core().user_confirmation_necessary()
    }

    /// The key of a device announced at sign-in and not confirmed yet (`confirmNewDevices:
    /// false`, or confirming failed), else `null`: confirm it with `confirmDevice()`.
    #[napi(getter, catch_unwind)]
    pub fn pending_device_key(&self) -> Option<String> {
        self.core().pending_device_key()
    }

    /// This user's device credentials, `{ deviceKey, deviceGroupKey, randomPassword }`, or
    /// `null` when no device is known. The password is the device's secret: this is the one
    /// call that shows it (amazon-cognito-identity-js's `getCachedDeviceKeyAndPassword`, which
    /// sets them on the user instead).
    #[napi(catch_unwind, ts_return_type = "CachedDevice | null")]
    pub fn get_cached_device_key_and_password(&self) -> Option<DeviceRecord> {
        self.core().cached_device().map(DeviceRecord::cached)
    }

    /// Confirms the device announced at the last sign-in (`ConfirmDevice`) when the pool was
    /// made with `confirmNewDevices: false`; `deviceName` defaults to the pool's `deviceName`.
    /// Resolves to `UserConfirmationNecessary`.
    ///
    /// Rejects with `NoDeviceError` (no device pending), `NotSignedInError`,
    /// `InvalidParameterException`, `DeviceKeyExistsException`, `DeviceStoreError` (the
    /// device is confirmed but the store could not save it), and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<boolean>")]
    pub fn confirm_device<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string | null")] device_name: Option<Arg<String>>,
    ) -> napi::Result<PromiseRaw<'env, bool>> {
        let name = device_name.map(|name| name.0);
        let user = Arc::clone(self.core());
        promise::spawn(
            env,
            async move { user.confirm_device(name.as_deref()).await },
            |_, necessary| Ok(necessary),
        )
    }

    /// Marks this user's device as remembered (`UpdateDeviceStatus`): where the pool allows
    /// it, its later sign-ins skip MFA. Resolves to `'SUCCESS'`.
    ///
    /// Rejects with `NotSignedInError`, `NoDeviceError`, `ResourceNotFoundException` (a device
    /// forgotten at the service), and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<'SUCCESS'>")]
    pub fn set_device_status_remembered<'env>(
        &self,
        env: &'env Env,
    ) -> napi::Result<PromiseRaw<'env, &'static str>> {
        let user = Arc::clone(self.core());
        promise::spawn(
            env,
            async move { user.set_device_status_remembered().await },
            |_, ()| Ok(SUCCESS),
        )
    }

    /// Marks this user's device as not remembered: it stays tracked, and its sign-ins are
    /// asked for MFA. Resolves to `'SUCCESS'`.
    ///
    /// Rejects as `setDeviceStatusRemembered`.
    #[napi(catch_unwind, ts_return_type = "Promise<'SUCCESS'>")]
    pub fn set_device_status_not_remembered<'env>(
        &self,
        env: &'env Env,
    ) -> napi::Result<PromiseRaw<'env, &'static str>> {
        let user = Arc::clone(self.core());
        promise::spawn(
            env,
            async move { user.set_device_status_not_remembered().await },
            |_, ()| Ok(SUCCESS),
        )
    }

    /// Forgets this user's device at the service (`ForgetDevice`) and in the pool's
    /// `deviceStore`: the next sign-in is a new device. Resolves to `'SUCCESS'`.
    ///
    /// Rejects with `NotSignedInError`, `NoDeviceError`, `ResourceNotFoundException`,
    /// `DeviceStoreError`, and transport errors; when the service refuses, nothing is
    /// forgotten here.
    #[napi(catch_unwind, ts_return_type = "Promise<'SUCCESS'>")]
    pub fn forget_device<'env>(
        &self,
        env: &'env Env,
    ) -> napi::Result<PromiseRaw<'env, &'static str>> {
        let user = Arc::clone(self.core());
        promise::spawn(env, async move { user.forget_device().await }, |_, ()| {
            Ok(SUCCESS)
        })
    }

    /// Forgets one device of this user at the service (e.g. one of `listDevices`); when it is
    /// this user's own device, it is forgotten here too. Resolves to `'SUCCESS'`.
    ///
    /// Rejects as `forgetDevice`; throws `InvalidInputError` if `deviceKey` is not a string.
    #[napi(catch_unwind, ts_return_type = "Promise<'SUCCESS'>")]
    pub fn forget_specific_device<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string")] device_key: Arg<String>,
    ) -> napi::Result<PromiseRaw<'env, &'static str>> {
        let key = device_key.0;
        let user = Arc::clone(self.core());
        promise::spawn(
            env,
            async move { user.forget_specific_device(&key).await },
            |_, ()| Ok(SUCCESS),
        )
    }

    /// One page of this user's remembered devices (`ListDevices`): at most `limit` (0 to 60;
    /// Cognito's default when left out), from the page `paginationToken` names. Resolves to
    /// `{ Devices, PaginationToken? }`, as Cognito answers.
    ///
    /// Rejects with `InvalidInputError` (a limit that is not a whole number from 0 to 60),
    /// `NotSignedInError`, and service and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<ListDevicesResult>")]
    pub fn list_devices<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "number | null")] limit: Option<Arg<f64>>,
        #[napi(ts_arg_type = "string | null")] pagination_token: Option<Arg<String>>,
    ) -> napi::Result<PromiseRaw<'env, JsListDevicesResult>> {
        let limit = limit
            .map(|limit| input::whole(limit.0, "limit", u32::MAX.into()))
            .transpose()
            .or_throw(env)?
            .map(|limit| u32::try_from(limit).unwrap_or(u32::MAX));
        let token = pagination_token.map(|token| token.0);
        let user = Arc::clone(self.core());
        promise::spawn(
            env,
            async move { user.list_devices(limit, token.as_deref()).await },
            |_, page| Ok(JsListDevicesResult::from_core(page)),
        )
    }

    /// Every remembered device of this user, reading every page of `ListDevices`.
    ///
    /// Rejects as `listDevices`.
    #[napi(catch_unwind, ts_return_type = "Promise<DeviceType[]>")]
    pub fn list_all_devices<'env>(
        &self,
        env: &'env Env,
    ) -> napi::Result<PromiseRaw<'env, Vec<JsDeviceType>>> {
        let user = Arc::clone(self.core());
        promise::spawn(
            env,
            async move { user.list_all_devices().await },
            |_, devices| Ok(devices.into_iter().map(JsDeviceType::from_core).collect()),
        )
    }

    /// One device of this user (`GetDevice`): `deviceKey`, or this user's own device when
    /// left out. Resolves to `{ Device }`, as Cognito answers.
    ///
    /// Rejects with `NotSignedInError`, `NoDeviceError`, `ResourceNotFoundException` (a
    /// device that is not remembered, or forgotten), and transport errors.
    #[napi(catch_unwind, ts_return_type = "Promise<GetDeviceResult>")]
    pub fn get_device<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "string | null")] device_key: Option<Arg<String>>,
    ) -> napi::Result<PromiseRaw<'env, JsGetDeviceResult>> {
        let key = device_key.map(|key| key.0);
        let user = Arc::clone(self.core());
        promise::spawn(
            env,
            async move { user.get_device(key.as_deref()).await },
            |_, device| {
                Ok(JsGetDeviceResult {
                    device: JsDeviceType::from_core(device),
                })
            },
        )
    }
}

/// The challenges a sign-in step can ask the caller for: the core's list without those it
/// answers itself (`PASSWORD_VERIFIER`, `DEVICE_SRP_AUTH`, `DEVICE_PASSWORD_VERIFIER`). Not
/// exported: tests/node check the `ChallengeName` type of index.d.ts against it.
#[napi(skip_typescript, catch_unwind)]
pub fn challenge_names() -> Vec<&'static str> {
    ChallengeName::ALL
        .iter()
        .filter(|name| !name.is_internal())
        .map(|name| name.as_str())
        .collect()
}
