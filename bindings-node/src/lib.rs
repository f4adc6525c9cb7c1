//! Node bindings (napi-rs) of cognito-mfa: the native addon of the `cognito-mfa` npm package.
//!
//! Thin by design: each binding converts its arguments (with napi-rs's conversions and
//! `#[napi(object)]` option objects, [`input`]; the TOTP engine with the hand-written readers of
//! [`args`], for its measured speed), calls the core, maps an error in
//! [`error::to_js_error`] and converts the result. Modules mirror the core's
//! (`totp` wraps `cognito_mfa::totp`, `client` its `UserPool`, `user` its `User`, `session`
//! its `UserSession`; `mock` wraps the `cognito-mfa-mock` crate); a wrapper of core type `X`
//! is `JsX` in Rust and, in JavaScript, `X` or amazon-cognito-identity-js's name for it
//! (`CognitoUserPool`, `CognitoUser`, `CognitoUserSession`).
//!
//! Asynchronous calls return Promises ([`promise`]): the core's futures run on napi-rs's
//! tokio runtime and settle on the JavaScript thread. Every exported function catches panics
//! (`catch_unwind`, and [`promise::spawn`] for the work behind a Promise), so a bug throws or
//! rejects instead of aborting the process.

mod args;
mod client;
mod error;
mod input;
mod json;
mod mock;
mod promise;
mod registry;
mod secret;
mod session;
mod totp;
mod user;
// After `user`: napi's derive names the `#[napi] impl JsUser` block of `device` (and the
// `AttributeType` it reuses) from the structs it has already seen, in module order.
mod device;
// After `user`, like `device`: a second `#[napi] impl JsUser` block.
mod resume;
// After `device`: its results reuse the device objects.
mod admin;
// Token verification (`TokenVerifier`).
mod verify;
