//! # cognito-mfa
//!
//! The Rust core of cognito-mfa: the MFA part of the Amazon Cognito user-pool client.
//!
//! * [`user`] — [`User`]: sign-in (SRP or password), every MFA challenge (SMS, TOTP, e-mail,
//!   SELECT_MFA_TYPE, MFA_SETUP, NEW_PASSWORD_REQUIRED, custom), TOTP enrolment, MFA
//!   preferences, refresh and sign-out — what amazon-cognito-identity-js's `CognitoUser` does,
//!   as `async fn`s with an explicit sign-in state.
//! * [`admin`] — [`admin::AdminClient`]: a server's admin API (SigV4-signed with IAM
//!   credentials): sign-in with `AdminInitiateAuth` through the same [`User`] state machine,
//!   a user's MFA settings, password reset, global sign-out, devices.
//! * [`client`] — [`UserPool`]: the app client's settings and the HTTPS transport (rustls,
//!   certificates verified), error mapping, retries where safe.
//! * [`session`] — [`UserSession`]: tokens (redacted), decoded claims, expiry and clock drift.
//! * [`verify`] — [`Verifier`]: a server's check of Cognito ID and access tokens (JWKS
//!   cached, refetch rate-limited, Cognito claims checked), as aws-jwt-verify does it.
//! * [`protocol`] — the wire types of the Cognito API, one file per operation family.
//! * [`totp`] — RFC 4226 / RFC 6238 one-time passwords, secrets, `otpauth://` key URIs and QR
//!   codes. Pure functions of (secret, unix time); usable on their own by backends.
//! * [`srp`] — both halves of the SRP-6a exchange in Cognito's variant (`USER_SRP_AUTH`), and
//!   `SECRET_HASH`. Pure: randomness and time are inputs.
//!
//! Every fallible function returns [`Error`], whose [`Error::code`] is a stable string that the
//! Python and Node packages expose unchanged as `exc.code` / `err.code`: Cognito's own code for
//! service errors (`CodeMismatchException`...), a code ending in `Error` for client-side
//! failures (`NetworkError`, `TimeoutError`, `InvalidInputError`...).
//!
//! # The flows
//!
//! The examples run against the project's mock Cognito endpoint (hidden set-up lines); against
//! AWS, leave out `.endpoint(...)`.
//!
//! ## Sign in, answer the TOTP challenge
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/client_support/doc.rs"));
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = DocMock::start("OPTIONAL").await?;
//! # let app = mock.enrol_totp("alice", true).await?;
//! use cognito_mfa::{AuthOutcome, AuthenticationDetails, Challenge, UserPool};
//!
//! let pool = UserPool::builder(mock.pool_id(), mock.client_id())
//!     .endpoint(mock.endpoint())
//!     .build()?;
//! let alice = pool.user("alice");
//! match alice.authenticate_user(AuthenticationDetails::new("Corr3ct-Horse!")).await? {
//!     AuthOutcome::Challenge {
//!         challenge: Challenge::SoftwareTokenMfa { .. },
//!         ..
//!     } => {
//!         let code = mock.totp_now(&app); // what the user's authenticator app shows
//!         let outcome = alice.send_mfa_code(&code, None, None).await?;
//!         assert!(matches!(outcome, AuthOutcome::SignedIn(_)));
//!     }
//!     other => panic!("expected SOFTWARE_TOKEN_MFA, got {other:?}"),
//! }
//! let session = alice.session().ok_or("not signed in")?;
//! assert!(session.is_valid());
//! # Ok(()) }
//! ```
//!
//! ## Enrol TOTP while signed in
//!
//! Associate (get the secret), show it as a QR code, verify a first code, then enable it.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/client_support/doc.rs"));
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = DocMock::start("OPTIONAL").await?;
//! use cognito_mfa::{AuthenticationDetails, MfaSettings, MfaType, UserPool};
//! use cognito_mfa::totp::qr_text;
//!
//! let pool = UserPool::builder(mock.pool_id(), mock.client_id())
//!     .endpoint(mock.endpoint())
//!     .build()?;
//! let alice = pool.user("alice");
//! alice.authenticate_user(AuthenticationDetails::new("Corr3ct-Horse!")).await?;
//!
//! let token = alice.associate_software_token().await?;
//! let uri = token.otpauth_uri("alice@example.com", Some("My App"))?;
//! let qr = qr_text(&uri)?; // print it; the user scans it
//! # assert!(!qr.is_empty());
//! # let code = mock.totp_now(&token.totp());
//! let verified = alice.verify_software_token(&code, Some("My phone")).await?;
//! assert!(verified.is_verified());
//! alice.set_user_mfa_preference(None, Some(MfaSettings::new(true, true))).await?;
//!
//! let data = alice.get_user_data().await?;
//! assert_eq!(data.preferred_mfa_setting, Some(MfaType::SoftwareTokenMfa));
//! # Ok(()) }
//! ```
//!
//! ## SMS MFA
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/client_support/doc.rs"));
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = DocMock::start("OPTIONAL").await?;
//! # mock.enable_sms("alice", true).await?;
//! use cognito_mfa::{AuthenticationDetails, Challenge, UserPool};
//!
//! let pool = UserPool::builder(mock.pool_id(), mock.client_id())
//!     .endpoint(mock.endpoint())
//!     .build()?;
//! let alice = pool.user("alice");
//! let outcome = alice.authenticate_user(AuthenticationDetails::new("Corr3ct-Horse!")).await?;
//! let Some(Challenge::SmsMfa { destination, .. }) = outcome.challenge() else {
//!     panic!("expected SMS_MFA");
//! };
//! assert_eq!(destination.as_deref(), Some("+*******0100"));
//!
//! // A wrong code is a service error with Cognito's code; the challenge stays in progress.
//! # let sent = mock.last_code();
//! # let wrong = if sent == "000000" { "111111" } else { "000000" };
//! let err = alice.send_mfa_code(wrong, None, None).await.unwrap_err();
//! assert_eq!(err.code(), "CodeMismatchException");
//!
//! let code = mock.last_code(); // the code the user received by SMS
//! let outcome = alice.send_mfa_code(&code, None, None).await?;
//! assert!(outcome.session().is_some());
//! # Ok(()) }
//! ```
//!
//! ## SELECT_MFA_TYPE
//!
//! With several factors enabled and none preferred, the user chooses one.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/client_support/doc.rs"));
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = DocMock::start("OPTIONAL").await?;
//! # let app = mock.enrol_totp("alice", false).await?;
//! # mock.enable_sms("alice", false).await?;
//! use cognito_mfa::{AuthenticationDetails, Challenge, MfaType, UserPool};
//!
//! let pool = UserPool::builder(mock.pool_id(), mock.client_id())
//!     .endpoint(mock.endpoint())
//!     .build()?;
//! let alice = pool.user("alice");
//! let outcome = alice.authenticate_user(AuthenticationDetails::new("Corr3ct-Horse!")).await?;
//! let Some(Challenge::SelectMfaType { mfas_can_choose }) = outcome.challenge() else {
//!     panic!("expected SELECT_MFA_TYPE");
//! };
//! assert!(mfas_can_choose.contains(&MfaType::SoftwareTokenMfa));
//!
//! // "TOTP", "SOFTWARE_TOKEN" and "SOFTWARE_TOKEN_MFA" all choose the authenticator app.
//! let next = alice.send_mfa_selection_answer("TOTP", None).await?;
//! assert!(matches!(next.challenge(), Some(Challenge::SoftwareTokenMfa { .. })));
//! let code = mock.totp_now(&app);
//! assert!(alice.send_mfa_code(&code, None, None).await?.session().is_some());
//! # Ok(()) }
//! ```
//!
//! ## MFA_SETUP, after NEW_PASSWORD_REQUIRED
//!
//! On a pool with MFA `ON`, a user without a factor enrols one during sign-in: the Session
//! form of the same two calls, and `verify_software_token` then completes the sign-in.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/client_support/doc.rs"));
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = DocMock::start("ON").await?;
//! # mock.create_user("bob", true).await?;
//! use std::collections::BTreeMap;
//! use cognito_mfa::{AuthOutcome, AuthenticationDetails, Challenge, UserPool};
//!
//! let pool = UserPool::builder(mock.pool_id(), mock.client_id())
//!     .endpoint(mock.endpoint())
//!     .build()?;
//! let bob = pool.user("bob"); // created by an administrator, temporary password
//! let outcome = bob.authenticate_user(AuthenticationDetails::new("Corr3ct-Horse!")).await?;
//! assert!(matches!(outcome.challenge(), Some(Challenge::NewPasswordRequired { .. })));
//!
//! let outcome = bob
//!     .complete_new_password_challenge("N3w-Passw0rd!", BTreeMap::new(), None)
//!     .await?;
//! assert!(matches!(outcome.challenge(), Some(Challenge::MfaSetup { .. })));
//!
//! let token = bob.associate_software_token().await?;
//! let code = mock.totp_now(&token.totp()); // typed from the freshly set-up app
//! let AuthOutcome::SignedIn(session) = bob.verify_software_token(&code, None).await? else {
//!     panic!("expected a session");
//! };
//! assert!(session.refresh_token().is_some());
//! # Ok(()) }
//! ```
//!
//! ## Refresh, sign out, errors
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/client_support/doc.rs"));
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = DocMock::start("OFF").await?;
//! use cognito_mfa::{AuthenticationDetails, Error, UserPool};
//!
//! let pool = UserPool::builder(mock.pool_id(), mock.client_id())
//!     .endpoint(mock.endpoint())
//!     .build()?;
//! let alice = pool.user("alice");
//! let err = alice.authenticate_user(AuthenticationDetails::new("wrong")).await.unwrap_err();
//! assert_eq!(err.code(), "NotAuthorizedException");
//! assert!(matches!(&err, Error::Service(s) if s.status() == 400));
//!
//! alice.authenticate_user(AuthenticationDetails::new("Corr3ct-Horse!")).await?;
//! let refreshed = alice.refresh_session().await?;
//! assert!(refreshed.refresh_token().is_some());
//!
//! alice.global_sign_out().await?;
//! let err = alice.get_user_data().await.unwrap_err();
//! assert_eq!(err.code(), "NotSignedInError");
//! # Ok(()) }
//! ```

pub mod admin;
pub mod client;
pub mod device;
pub mod error;
pub mod protocol;
pub mod resume;
pub mod session;
pub mod srp;
pub mod totp;
pub mod user;
pub mod verify;

pub use client::{UserPool, UserPoolBuilder, UserPoolId};
pub use error::{Error, InvalidStateReason, Result, ServiceError};
pub use protocol::{AuthFlow, ChallengeName, MfaOption, MfaSettings, MfaType};
pub use resume::{Sealer, SealingKey, SignInSnapshot, SnapshotProgress};
pub use session::{AccessToken, IdToken, RefreshToken, UserSession};
pub use user::{
    AssociatedSoftwareToken, AuthOutcome, AuthenticationDetails, Challenge, ClientMetadata,
    MfaPreferences, SignInState, User, UserData,
};
pub use verify::{Claims, PoolConfig, TokenUse, Verifier, VerifierBuilder};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
