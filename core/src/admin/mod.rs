//! [`AdminClient`]: a user pool's MFA managed by a server holding IAM credentials, every
//! request SigV4-signed (service `cognito-idp`, the pool's region) with the AWS SDK's signer.
//!
//! * Sign-in on the server: [`AdminClient::user`] gives a [`User`] whose sign-in requests are
//!   `AdminInitiateAuth` and `AdminRespondToAuthChallenge` — `USER_SRP_AUTH` or
//!   [`AuthFlow::AdminUserPasswordAuth`](crate::protocol::AuthFlow), then every MFA challenge
//!   through the same [`User`] methods (`send_mfa_code`, `send_mfa_selection_answer`,
//!   `associate_software_token`...), `SECRET_HASH` included. There is no `ADMIN_USER_SRP_AUTH`:
//!   server-side SRP is `USER_SRP_AUTH` sent to `AdminInitiateAuth`.
//! * A user's MFA: [`AdminClient::get_user`] (`AdminGetUser`), [`AdminClient::set_user_mfa_preference`],
//!   [`AdminClient::set_user_settings`] (legacy SMS), [`AdminClient::reset_user_password`],
//!   [`AdminClient::user_global_sign_out`] and the device operations.
//! * Credentials: [`credentials`] — explicit, the environment, the shared files, or the
//!   application's own provider; cached and refreshed 5 minutes before they expire.
//!
//! ```
//! # include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/client_support/doc.rs"));
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = DocMock::start("OPTIONAL").await?;
//! # let app = mock.enrol_totp("alice", true).await?;
//! use cognito_mfa::admin::{AdminClient, AwsCredentials, CredentialsProvider};
//! use cognito_mfa::protocol::{AuthFlow, ChallengeName, MfaType};
//! use cognito_mfa::{AuthOutcome, AuthenticationDetails, UserPool};
//!
//! let pool = UserPool::builder(mock.pool_id(), mock.client_id())
//!     .endpoint(mock.endpoint())
//!     .build()?;
//! // Against AWS: CredentialsProvider::default_chain(None) reads the environment, then
//! // ~/.aws/credentials.
//! let credentials = AwsCredentials::new("AKIDEXAMPLE", "example-secret-key", None)?;
//! let admin = AdminClient::new(&pool, CredentialsProvider::fixed(credentials));
//!
//! let settings = admin.get_user("alice").await?;
//! assert_eq!(settings.preferred_mfa_setting, Some(MfaType::SoftwareTokenMfa));
//!
//! // USER_SRP_AUTH through AdminInitiateAuth (the default flow); with an app client that
//! // allows it, `.flow(AuthFlow::AdminUserPasswordAuth)` sends the password instead.
//! let alice = admin.user("alice");
//! let outcome = alice.authenticate_user(AuthenticationDetails::new("Corr3ct-Horse!")).await?;
//! # let _ = AuthFlow::AdminUserPasswordAuth;
//! assert_eq!(outcome.challenge_name(), Some(ChallengeName::SoftwareTokenMfa));
//! let outcome = alice.send_mfa_code(&mock.totp_now(&app), None, None).await?;
//! assert!(matches!(outcome, AuthOutcome::SignedIn(_)));
//!
//! // Phone lost: turn TOTP off for the user.
//! admin.set_user_mfa_preference("alice", None, Some(Default::default())).await?;
//! assert!(admin.get_user("alice").await?.user_mfa_setting_list.is_empty());
//! # Ok(()) }
//! ```

pub mod credentials;
pub mod signing;

use std::collections::BTreeMap;
use std::fmt;

pub use credentials::{AwsCredentials, CredentialsProvider, ProvideCredentials};
pub use signing::sign_request;

use crate::client::{Retry, UserPool};
#[cfg(doc)]
use crate::error::Error;
use crate::error::Result;
use crate::protocol::admin::{
    AdminForgetDeviceRequest, AdminGetDeviceRequest, AdminGetUserRequest, AdminGetUserResponse,
    AdminListDevicesRequest, AdminResetUserPasswordRequest, AdminSetUserMfaPreferenceRequest,
    AdminSetUserSettingsRequest, AdminUpdateDeviceStatusRequest, AdminUserGlobalSignOutRequest,
};
use crate::protocol::device::{DeviceRememberedStatus, DeviceType, ListDevicesResponse};
use crate::protocol::{MfaOption, MfaSettings};
use crate::user::{MfaPreferences, User, UserData};

/// The admin API of one user pool and app client, signed with IAM credentials.
///
/// Cheap to clone; shares the connections of the [`UserPool`] it was made from.
#[derive(Clone)]
pub struct AdminClient {
    pool: UserPool,
}

impl fmt::Debug for AdminClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AdminClient")
            .field("pool", &self.pool)
            .finish_non_exhaustive()
    }
}

/// A user as an administrator sees them (`AdminGetUser`): what the user sees of themselves
/// ([`UserData`]: attributes and the MFA fields, typed; reachable through `Deref`) and what only
/// an administrator sees.
#[derive(Clone, Debug, PartialEq)]
pub struct AdminUser {
    /// The user name, attributes and MFA settings, as `GetUser` gives them to the user.
    pub user: UserData,
    /// Whether the user may sign in.
    pub enabled: bool,
    /// `CONFIRMED`, `FORCE_CHANGE_PASSWORD`, `RESET_REQUIRED`, ... (empty when absent).
    pub user_status: String,
    /// When the user was created, seconds since the epoch.
    pub user_create_date: Option<f64>,
    /// When the user was last changed, seconds since the epoch.
    pub user_last_modified_date: Option<f64>,
}

impl std::ops::Deref for AdminUser {
    type Target = UserData;

    fn deref(&self) -> &UserData {
        &self.user
    }
}

impl AdminUser {
    fn from_wire(response: AdminGetUserResponse) -> AdminUser {
        AdminUser {
            user: UserData::from_wire(response.user),
            enabled: response.enabled.unwrap_or(true),
            user_status: response.user_status.unwrap_or_default(),
            user_create_date: response.user_create_date,
            user_last_modified_date: response.user_last_modified_date,
        }
    }
}

impl AdminClient {
    /// The admin API of `pool`'s app client, signing with `credentials` in the pool's region.
    /// No request is made (credentials are first asked for by the first request).
    pub fn new(pool: &UserPool, credentials: CredentialsProvider) -> AdminClient {
        let region = pool.pool_id().region().to_owned();
        AdminClient {
            pool: pool.with_signer(signing::Signer::new(credentials, region)),
        }
    }

    /// The pool this client signs for (its requests are signed: [`UserPool::signs_requests`]).
    pub fn pool(&self) -> &UserPool {
        &self.pool
    }

    /// A user whose sign-in goes through `AdminInitiateAuth` / `AdminRespondToAuthChallenge`
    /// (no request is made). Everything else a [`User`] does works as for any user: the MFA
    /// challenges, TOTP enrolment with the access token, [`User::export_state`] to continue
    /// the sign-in in another process (resume it with [`crate::resume`] through this client's
    /// [`AdminClient::pool`], so that it stays an admin sign-in).
    pub fn user(&self, username: impl Into<String>) -> User {
        self.pool.user(username)
    }

    fn pool_id(&self) -> String {
        self.pool.pool_id().as_str().to_owned()
    }

    /// The user's attributes, status and MFA settings (`AdminGetUser`), retried on throttling
    /// and 5xx.
    ///
    /// # Errors
    /// [`Error::Service`] (`UserNotFoundException`, `NotAuthorizedException`,
    /// `AccessDeniedException` for credentials without the IAM permission...);
    /// [`Error::Credentials`]; transport errors.
    pub async fn get_user(&self, username: &str) -> Result<AdminUser> {
        let request = AdminGetUserRequest {
            user_pool_id: self.pool_id(),
            username: username.to_owned(),
        };
        let response = self.pool.send(&request, Retry::Safe).await?;
        Ok(AdminUser::from_wire(response))
    }

    /// Enables, disables or prefers a user's SMS and TOTP MFA (`AdminSetUserMFAPreference`);
    /// `None` leaves a factor unchanged.
    ///
    /// # Errors
    /// [`Error::Service`] (`InvalidParameterException` "User has not verified software token
    /// mfa", `UserNotFoundException`...); [`Error::Credentials`]; transport errors.
    pub async fn set_user_mfa_preference(
        &self,
        username: &str,
        sms: Option<MfaSettings>,
        software_token: Option<MfaSettings>,
    ) -> Result<()> {
        self.set_mfa_preferences(
            username,
            MfaPreferences {
                sms,
                software_token,
                email: None,
            },
        )
        .await
    }

    /// [`AdminClient::set_user_mfa_preference`] with e-mail MFA too.
    ///
    /// # Errors
    /// As [`AdminClient::set_user_mfa_preference`].
    pub async fn set_mfa_preferences(
        &self,
        username: &str,
        preferences: MfaPreferences,
    ) -> Result<()> {
        let request = AdminSetUserMfaPreferenceRequest {
            user_pool_id: self.pool_id(),
            username: username.to_owned(),
            sms_mfa_settings: preferences.sms,
            software_token_mfa_settings: preferences.software_token,
            email_mfa_settings: preferences.email,
        };
        self.pool.send(&request, Retry::Never).await?;
        Ok(())
    }

    /// Legacy SMS MFA (`AdminSetUserSettings` with `MFAOptions`; deprecated by AWS in favour
    /// of [`AdminClient::set_user_mfa_preference`]). An empty list turns it off.
    ///
    /// # Errors
    /// [`Error::Service`]; [`Error::Credentials`]; transport errors.
    pub async fn set_user_settings(
        &self,
        username: &str,
        mfa_options: Vec<MfaOption>,
    ) -> Result<()> {
        let request = AdminSetUserSettingsRequest {
            user_pool_id: self.pool_id(),
            username: username.to_owned(),
            mfa_options,
        };
        self.pool.send(&request, Retry::Never).await?;
        Ok(())
    }

    /// Makes the user choose a new password (`AdminResetUserPassword`): a code is sent to
    /// them, and sign-in fails with `PasswordResetRequiredException` until they confirm it.
    ///
    /// # Errors
    /// [`Error::Service`]; [`Error::Credentials`]; transport errors.
    pub async fn reset_user_password(
        &self,
        username: &str,
        client_metadata: Option<BTreeMap<String, String>>,
    ) -> Result<()> {
        let request = AdminResetUserPasswordRequest {
            user_pool_id: self.pool_id(),
            username: username.to_owned(),
            client_metadata,
        };
        self.pool.send(&request, Retry::Never).await?;
        Ok(())
    }

    /// Signs the user out everywhere (`AdminUserGlobalSignOut`): their refresh tokens are
    /// revoked.
    ///
    /// # Errors
    /// [`Error::Service`]; [`Error::Credentials`]; transport errors.
    pub async fn user_global_sign_out(&self, username: &str) -> Result<()> {
        let request = AdminUserGlobalSignOutRequest {
            user_pool_id: self.pool_id(),
            username: username.to_owned(),
        };
        self.pool.send(&request, Retry::Never).await?;
        Ok(())
    }

    /// One page of the user's devices (`AdminListDevices`), retried on throttling and 5xx.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a `limit` above 60; [`Error::Service`];
    /// [`Error::Credentials`]; transport errors.
    pub async fn list_devices(
        &self,
        username: &str,
        limit: Option<u32>,
        pagination_token: Option<String>,
    ) -> Result<ListDevicesResponse> {
        if limit.is_some_and(|limit| limit > 60) {
            return Err(crate::Error::invalid_input(
                "the device limit is at most 60",
            ));
        }
        let request = AdminListDevicesRequest {
            user_pool_id: self.pool_id(),
            username: username.to_owned(),
            limit,
            pagination_token,
        };
        self.pool.send(&request, Retry::Safe).await
    }

    /// Every device of the user, following the pages (at most 100 pages).
    ///
    /// # Errors
    /// As [`AdminClient::list_devices`]; [`Error::UnexpectedResponse`] when the pages do not
    /// end.
    pub async fn list_all_devices(&self, username: &str) -> Result<Vec<DeviceType>> {
        let mut devices = Vec::new();
        let mut token = None;
        for _ in 0..100 {
            let page = self.list_devices(username, Some(60), token).await?;
            devices.extend(page.devices);
            match page.pagination_token {
                Some(next) if !next.is_empty() => token = Some(next),
                _ => return Ok(devices),
            }
        }
        Err(crate::Error::unexpected(
            "AdminListDevices: more than 100 pages of devices",
        ))
    }

    /// One device of the user (`AdminGetDevice`), retried on throttling and 5xx.
    ///
    /// # Errors
    /// [`Error::Service`] (`ResourceNotFoundException` for an unknown device...);
    /// [`Error::Credentials`]; transport errors.
    pub async fn get_device(&self, username: &str, device_key: &str) -> Result<DeviceType> {
        let request = AdminGetDeviceRequest {
            user_pool_id: self.pool_id(),
            username: username.to_owned(),
            device_key: device_key.to_owned(),
        };
        Ok(self.pool.send(&request, Retry::Safe).await?.device)
    }

    /// Forgets one of the user's devices (`AdminForgetDevice`): its next sign-in asks for MFA.
    ///
    /// # Errors
    /// [`Error::Service`]; [`Error::Credentials`]; transport errors.
    pub async fn forget_device(&self, username: &str, device_key: &str) -> Result<()> {
        let request = AdminForgetDeviceRequest {
            user_pool_id: self.pool_id(),
            username: username.to_owned(),
            device_key: device_key.to_owned(),
        };
        self.pool.send(&request, Retry::Never).await?;
        Ok(())
    }

    /// Marks one of the user's devices remembered or not (`AdminUpdateDeviceStatus`).
    ///
    /// # Errors
    /// [`Error::Service`]; [`Error::Credentials`]; transport errors.
    pub async fn update_device_status(
        &self,
        username: &str,
        device_key: &str,
        status: DeviceRememberedStatus,
    ) -> Result<()> {
        let request = AdminUpdateDeviceStatusRequest {
            user_pool_id: self.pool_id(),
            username: username.to_owned(),
            device_key: device_key.to_owned(),
            device_remembered_status: Some(status),
        };
        self.pool.send(&request, Retry::Never).await?;
        Ok(())
    }
}
