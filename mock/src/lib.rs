//! # cognito-mfa-mock
//!
//! A faithful Amazon Cognito user-pool endpoint for tests: it speaks AWS JSON 1.1 like
//! `cognito-idp.<region>.amazonaws.com`, and behaves like Cognito where MFA matters:
//!
//! * real server-side SRP (`USER_SRP_AUTH`: the password claim signature and the `TIMESTAMP`
//!   format are checked), `USER_PASSWORD_AUTH`, `ADMIN_USER_PASSWORD_AUTH`, refresh tokens;
//! * the OFF / OPTIONAL / ON MFA rules with `SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`,
//!   `SELECT_MFA_TYPE`, `MFA_SETUP` and `NEW_PASSWORD_REQUIRED` on every sign-in flow;
//! * real TOTP (±1 step, replay refused), SMS / e-mail codes that expire, single-use challenge
//!   sessions that expire and die after too many wrong codes;
//! * RS256 tokens signed with a key per pool, served as a JWKS;
//! * Cognito's error envelope and validation messages for every malformed request.
//!
//! One virtual [`Clock`] drives every expiry, and a test can move it. Test controls live
//! under `/_mock/` (messages "sent", the clock, reset, health).
//!
//! Serve it with [`MockServer`], or call it in-process with [`Mock::call`]:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use cognito_mfa_mock::{Mock, MockConfig};
//! use serde_json::json;
//!
//! let mock = Mock::new(MockConfig::default())?;
//! let pool = mock.call("CreateUserPool", json!({"PoolName": "demo"})).await?;
//! assert!(pool["UserPool"]["Id"].as_str().unwrap().starts_with("us-east-1_"));
//!
//! let err = mock.call("VerifySoftwareToken", json!({"UserCode": "12"})).await.unwrap_err();
//! assert_eq!(err.code(), "InvalidParameterException");
//! # Ok(()) }
//! ```
//!
//! The full behaviour, the config file and the controls are documented in `docs/mock.md`.

mod clock;
mod config;
mod error;
mod framing;
mod helpers;
mod http;
mod jwt;
mod mock;
mod ops;
mod random;
mod seed;
mod server;
mod settings;
mod sigv4;
mod state;
mod wire;

pub use clock::{Clock, MAX_UNIX_SECONDS};
pub use config::{ClientSeed, ClockConfig, MockConfig, PoolSeed, UserMfaSeed, UserSeed};
pub use error::{MockError, ServiceError, codes};
pub use helpers::{AppClientInfo, ClientSpec, DEFAULT_PASSWORD, HelperError, PoolSpec, UserSpec};
pub use http::MAX_BODY_BYTES;
pub use mock::Mock;
pub use ops::{MemberKind, MemberSketch, OPERATIONS, members_of};
pub use server::{MockServer, RunningMock, ServeOptions};
pub use settings::{Settings, SigV4Credential, SigV4Settings, SigningKeys, TokenIssuer};
pub use state::Message;
pub use state::device::DeviceTracking;
pub use state::pool::{MfaMode, PasswordPolicy};

/// `docs/mock.md`, whose Rust example runs as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../docs/mock.md")]
pub struct DocsMockMd;
