//! Promises: the core's futures run on napi-rs's tokio runtime, and their outcome is turned
//! into JavaScript values (or a rejection through [`crate::error::to_js_error`]) back on the
//! JavaScript thread.
//!
//! A panic in the work, or in the conversion of its result, rejects the Promise with an
//! `Error` (code `GenericFailure`) instead of aborting the process. Once a Promise settles,
//! nothing of it keeps Node's event loop alive: napi-rs releases the threadsafe function that
//! carried the result, and the tokio threads are not event-loop handles.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};

use futures_util::FutureExt as _;
use napi::bindgen_prelude::{Env, PromiseRaw, ToNapiValue};

use crate::error::{Failure, to_js_error};

/// An error that a Promise can be rejected with.
pub trait Rejection: Send + 'static {
    /// The JavaScript error, built by [`to_js_error`].
    fn to_js(&self, env: &Env) -> napi::Error;
}

impl Rejection for cognito_mfa::Error {
    fn to_js(&self, env: &Env) -> napi::Error {
        to_js_error(env, self)
    }
}

impl Rejection for cognito_mfa_mock::MockError {
    fn to_js(&self, env: &Env) -> napi::Error {
        to_js_error(env, self)
    }
}

/// Runs `work` on the runtime and returns a Promise of its result, converted by `convert` on
/// the JavaScript thread; an error of `work` rejects the Promise.
///
/// # Errors
/// Only when napi cannot create the Promise (the environment is shutting down).
pub fn spawn<'env, T, E, V, F, C>(
    env: &'env Env,
    work: F,
    convert: C,
) -> napi::Result<PromiseRaw<'env, V>>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Rejection,
    V: ToNapiValue,
    C: FnOnce(&'env Env, T) -> napi::Result<V> + 'static,
{
    env.spawn_future_with_callback(
        async move { Ok(AssertUnwindSafe(work).catch_unwind().await) },
        move |env, outcome| match outcome {
            Ok(Ok(value)) => catch_unwind(AssertUnwindSafe(|| convert(env, value)))
                .unwrap_or_else(|panic| Err(to_js_error(env, Failure::Panic(&*panic)))),
            Ok(Err(error)) => Err(error.to_js(env)),
            Err(panic) => Err(to_js_error(env, Failure::Panic(&*panic))),
        },
    )
}
