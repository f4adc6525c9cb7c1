//! Node bindings (napi-rs) of cognito-mfa: the native addon of the `cognito-mfa` npm package.
//!
//! Thin by design: each binding converts its arguments ([`args`]), calls the core, maps an
//! error in [`error::to_js_error`] and converts the result. Modules mirror the core's
//! (`totp` wraps `cognito_mfa::totp`); a wrapper of core type `X` is `JsX` in Rust and `X` in
//! JavaScript. Every exported function catches panics (`catch_unwind`), so a bug throws
//! instead of aborting the process.

mod args;
mod error;
mod totp;
