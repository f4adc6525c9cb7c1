//! Bindings of `cognito_mfa::client`: `CognitoUserPool`, an app client of a user pool (as in
//! amazon-cognito-identity-js).

use std::time::Duration;

use cognito_mfa::{Result, UserPool};
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;
use zeroize::Zeroizing;

use crate::device;
use crate::error::OrThrow;
use crate::input::{self, whole};

/// What `new CognitoUserPool(data)` takes (amazon-cognito-identity-js's `ICognitoUserPoolData`;
/// its other fields, such as `Storage`, are ignored).
#[napi(object, object_to_js = false)]
pub struct UserPoolData<'env> {
    /// The pool id, `<region>_<id>`, e.g. `us-east-1_AbCdEfGhI`.
    #[napi(js_name = "UserPoolId")]
    pub user_pool_id: String,
    /// The app client id.
    #[napi(js_name = "ClientId")]
    pub client_id: String,
    /// The app client's secret, for app clients created with one: every request then carries
    /// `SECRET_HASH`. Keep it on the server.
    #[napi(js_name = "ClientSecret")]
    pub client_secret: Option<String>,
    /// The endpoint URL, default `https://cognito-idp.<region>.amazonaws.com/`, e.g. a mock's
    /// `http://127.0.0.1:9229`. Plain `http` is accepted for loopback addresses only.
    pub endpoint: Option<String>,
    /// The timeout of each request in milliseconds, from connecting to the end of the
    /// response (default 30000). Not in amazon-cognito-identity-js.
    pub timeout: Option<f64>,
    /// The timeout of connecting alone, in milliseconds (default 10000). Not in
    /// amazon-cognito-identity-js.
    #[napi(js_name = "connectTimeout")]
    pub connect_timeout: Option<f64>,
    /// How many times a safe request (`getUserData`, `refreshSession`) is retried after
    /// throttling, a 5xx answer or a failed connection (default 2; 0 disables retries).
    /// Requests that answer a challenge are never retried. Not in amazon-cognito-identity-js.
    #[napi(js_name = "maxRetries")]
    pub max_retries: Option<f64>,
    /// Where each user's remembered device is kept between sign-ins: a `MemoryDeviceStore`,
    /// a `FileDeviceStore`, or an object of your own with `load`, `save` and `forget`
    /// methods (values or Promises). With a store, sign-ins send the user's device key (a
    /// remembered device skips MFA where the pool allows it) and a new device is confirmed
    /// and saved; without one, a confirmed device is known to its `CognitoUser` object only
    /// (and lost with it). Not in amazon-cognito-identity-js (which keeps devices in its
    /// `Storage`).
    #[napi(js_name = "deviceStore", ts_type = "DeviceStore")]
    pub device_store: Option<Unknown<'env>>,
    /// Whether a new device is confirmed (`ConfirmDevice`) right after the sign-in that
    /// announced it (default `true`, as amazon-cognito-identity-js does); when `false`,
    /// `CognitoUser.confirmDevice()` does it on demand.
    #[napi(js_name = "confirmNewDevices")]
    pub confirm_new_devices: Option<bool>,
    /// The `DeviceName` sent with `ConfirmDevice` (default `'cognito-mfa'`), e.g. a user
    /// agent or a host name.
    #[napi(js_name = "deviceName")]
    pub device_name: Option<String>,
    /// How `refreshSession()` asks for new tokens: `'InitiateAuth'` (`REFRESH_TOKEN_AUTH`,
    /// the default, as amazon-cognito-identity-js) or `'GetTokensFromRefreshToken'` (as
    /// Amplify v6). Both carry the device key.
    #[napi(
        js_name = "refreshMethod",
        ts_type = "'InitiateAuth' | 'GetTokensFromRefreshToken'"
    )]
    pub refresh_method: Option<String>,
}

impl UserPoolData<'_> {
    /// The core pool these settings describe.
    ///
    /// # Errors
    /// `InvalidInput` for a timeout or a retry count that is not a whole number in range, and
    /// as [`cognito_mfa::UserPoolBuilder::build`].
    fn build(self) -> Result<UserPool> {
        let UserPoolData {
            user_pool_id,
            client_id,
            client_secret,
            endpoint,
            timeout,
            connect_timeout,
            max_retries,
            device_store,
            confirm_new_devices,
            device_name,
            refresh_method,
        } = self;
        let client_secret = client_secret.map(Zeroizing::new);
        let millis = |value: Option<f64>, name: &str| {
            value
                .map(|ms| whole(ms, name, u64::MAX).map(Duration::from_millis))
                .transpose()
        };
        let mut builder = UserPool::builder(user_pool_id, client_id);
        if let Some(secret) = &client_secret {
            builder = builder.client_secret(secret.as_str());
        }
        if let Some(endpoint) = endpoint {
            builder = builder.endpoint(endpoint);
        }
        if let Some(timeout) = millis(timeout, "data.timeout")? {
            builder = builder.timeout(timeout);
        }
        if let Some(timeout) = millis(connect_timeout, "data.connectTimeout")? {
            builder = builder.connect_timeout(timeout);
        }
        if let Some(retries) = max_retries {
            let retries = whole(retries, "data.maxRetries", u32::MAX.into())?;
            builder = builder.max_retries(u32::try_from(retries).unwrap_or(u32::MAX));
        }
        if let Some(devices) = device::settings(
            device_store,
            confirm_new_devices,
            device_name,
            refresh_method,
        )? {
            builder = builder.devices(devices);
        }
        builder.build()
    }
}

/// A user pool's app client: where and how requests are sent. Make one per app client and
/// share it; each `CognitoUser` of it shares its connection pool.
///
/// @example
/// ```js
/// const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_AbCdEfGhI', ClientId: '1example23456789' });
/// const user = new CognitoUser({ Username: 'alice', Pool: pool });
/// ```
#[napi(js_name = "CognitoUserPool")]
pub struct JsUserPool {
    inner: UserPool,
}

impl JsUserPool {
    /// The core pool (cheap to clone).
    pub fn core(&self) -> &UserPool {
        &self.inner
    }

    /// A wrapper of a pool made by the core (the signing pool of an `AdminClient`).
    pub(crate) fn from_core(inner: UserPool) -> JsUserPool {
        JsUserPool { inner }
    }
}

#[napi]
impl JsUserPool {
    /// Checks the settings and creates the pool's client; no request is made.
    ///
    /// @throws {Error} `InvalidInputError` for a missing or malformed `UserPoolId` or
    /// `ClientId`, an empty `ClientSecret`, an `endpoint` that is not an `https` URL (or
    /// `http` on a loopback address), a `timeout` or `connectTimeout` of 0 (or not a whole
    /// number of milliseconds), or a `maxRetries` that is not a whole number from 0 to
    /// 4294967295.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: &Env,
        #[napi(ts_arg_type = "UserPoolData")] data: Unknown<'_>,
    ) -> napi::Result<Self> {
        let inner = input::options::<UserPoolData<'_>>(data, "data").and_then(UserPoolData::build);
        Ok(JsUserPool {
            inner: inner.or_throw(env)?,
        })
    }

    /// The pool id, e.g. `us-east-1_AbCdEfGhI`.
    #[napi(catch_unwind)]
    pub fn get_user_pool_id(&self) -> String {
        self.inner.pool_id().as_str().to_owned()
    }

    /// The pool's name: the part of the id after the `_` (`AbCdEfGhI`).
    #[napi(catch_unwind)]
    pub fn get_user_pool_name(&self) -> String {
        self.inner.pool_id().pool_name().to_owned()
    }

    /// The app client id.
    #[napi(catch_unwind)]
    pub fn get_client_id(&self) -> String {
        self.inner.client_id().to_owned()
    }

    /// The endpoint URL requests are sent to.
    #[napi(catch_unwind)]
    pub fn get_endpoint(&self) -> String {
        self.inner.endpoint().to_owned()
    }
}
