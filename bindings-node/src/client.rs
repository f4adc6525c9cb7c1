//! Bindings of `cognito_mfa::client`: `CognitoUserPool`, an app client of a user pool (as in
//! amazon-cognito-identity-js).

use std::time::Duration;

use cognito_mfa::{Error, Result, UserPool};
use napi::bindgen_prelude::{Env, Unknown};
use napi_derive::napi;

use crate::args::{Arg, Bag, Name, Text, Whole, from_js_argument};
use crate::error::OrThrow;

/// What `new CognitoUserPool(data)` takes (amazon-cognito-identity-js's `ICognitoUserPoolData`;
/// its other fields, such as `Storage`, are ignored).
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct UserPoolData {
    /// The pool id, `<region>_<id>`, e.g. `us-east-1_AbCdEfGhI`.
    #[napi(js_name = "UserPoolId", ts_type = "string")]
    pub user_pool_id: Text,
    /// The app client id.
    #[napi(js_name = "ClientId", ts_type = "string")]
    pub client_id: Text,
    /// The app client's secret, for app clients created with one: every request then carries
    /// `SECRET_HASH`. Keep it on the server.
    #[napi(js_name = "ClientSecret", ts_type = "string")]
    pub client_secret: Option<Text>,
    /// The endpoint URL, default `https://cognito-idp.<region>.amazonaws.com/`, e.g. a mock's
    /// `http://127.0.0.1:9229`. Plain `http` is accepted for loopback addresses only.
    #[napi(ts_type = "string")]
    pub endpoint: Option<Text>,
    /// The timeout of each request in milliseconds, from connecting to the end of the
    /// response (default 30000). Not in amazon-cognito-identity-js.
    #[napi(ts_type = "number")]
    pub timeout: Option<Whole>,
    /// The timeout of connecting alone, in milliseconds (default 10000). Not in
    /// amazon-cognito-identity-js.
    #[napi(js_name = "connectTimeout", ts_type = "number")]
    pub connect_timeout: Option<Whole>,
    /// How many times a safe request (`getUserData`, `refreshSession`) is retried after
    /// throttling, a 5xx answer or a failed connection (default 2; 0 disables retries).
    /// Requests that answer a challenge are never retried. Not in amazon-cognito-identity-js.
    #[napi(js_name = "maxRetries", ts_type = "number")]
    pub max_retries: Option<u32>,
}

impl Arg for UserPoolData {
    fn read(value: Unknown<'_>, _name: Name<'_>) -> Result<Self> {
        let bag = Bag::read(value, "data")?;
        Ok(UserPoolData {
            user_pool_id: bag.require(c"UserPoolId")?,
            client_id: bag.require(c"ClientId")?,
            client_secret: bag.get(c"ClientSecret")?,
            endpoint: bag.get(c"endpoint")?,
            timeout: bag.get(c"timeout")?,
            connect_timeout: bag.get(c"connectTimeout")?,
            max_retries: bag
                .get::<Whole>(c"maxRetries")?
                .map(|retries| {
                    u32::try_from(retries.0).map_err(|_| {
                        Error::InvalidInput(
                            "data.maxRetries must be a whole number from 0 to 2^32 - 1".to_owned(),
                        )
                    })
                })
                .transpose()?,
        })
    }
}

from_js_argument!(UserPoolData);

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
    pub fn new(env: &Env, data: UserPoolData) -> napi::Result<Self> {
        let mut builder = UserPool::builder(
            data.user_pool_id.into_string(),
            data.client_id.into_string(),
        );
        if let Some(secret) = &data.client_secret {
            builder = builder.client_secret(secret.to_zeroizing().as_str());
        }
        if let Some(endpoint) = data.endpoint {
            builder = builder.endpoint(endpoint.into_string());
        }
        if let Some(timeout) = data.timeout {
            builder = builder.timeout(Duration::from_millis(timeout.0));
        }
        if let Some(timeout) = data.connect_timeout {
            builder = builder.connect_timeout(Duration::from_millis(timeout.0));
        }
        if let Some(retries) = data.max_retries {
            builder = builder.max_retries(retries);
        }
        Ok(JsUserPool {
            inner: builder.build().or_throw(env)?,
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
