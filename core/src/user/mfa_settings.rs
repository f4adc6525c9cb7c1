//! MFA settings: [`MfaPreferences`], [`User::set_user_mfa_preference`] and the deprecated
//! legacy SMS switches (`SetUserMFAPreference`, `SetUserSettings`,
//! [`crate::protocol::mfa_settings`]).

use super::User;
use crate::client::Retry;
#[cfg(doc)]
use crate::error::Error;
use crate::error::Result;
use crate::protocol::{
    MfaOption, MfaSettings, SetUserMfaPreferenceRequest, SetUserSettingsRequest,
};

/// The MFA settings to change with [`User::set_mfa_preferences`]; `None` leaves a factor
/// unchanged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MfaPreferences {
    /// SMS MFA.
    pub sms: Option<MfaSettings>,
    /// Software-token (TOTP) MFA.
    pub software_token: Option<MfaSettings>,
    /// E-mail MFA.
    pub email: Option<MfaSettings>,
}

impl User {
    /// Enables, disables or prefers SMS and TOTP MFA (`SetUserMFAPreference`); `None` leaves
    /// a factor unchanged.
    ///
    /// # Errors
    /// [`Error::NotSignedIn`]; [`Error::Service`] (`InvalidParameterException` "User has not
    /// verified software token mfa" or "User does not have a phone_number set to turn on SMS
    /// MFA", `NotAuthorizedException`...); transport errors.
    pub async fn set_user_mfa_preference(
        &self,
        sms: Option<MfaSettings>,
        software_token: Option<MfaSettings>,
    ) -> Result<()> {
        self.set_mfa_preferences(MfaPreferences {
            sms,
            software_token,
            email: None,
        })
        .await
    }

    /// [`User::set_user_mfa_preference`] with e-mail MFA too.
    ///
    /// # Errors
    /// As [`User::set_user_mfa_preference`].
    pub async fn set_mfa_preferences(&self, preferences: MfaPreferences) -> Result<()> {
        let _operation = self.operation.lock().await;
        let (_, access_token, _) = self.signed_in()?;
        let request = SetUserMfaPreferenceRequest {
            access_token,
            sms_mfa_settings: preferences.sms,
            software_token_mfa_settings: preferences.software_token,
            email_mfa_settings: preferences.email,
        };
        self.pool.send(&request, Retry::Never).await?;
        Ok(())
    }

    /// **Deprecated** (use [`User::set_user_mfa_preference`]): turns legacy SMS MFA on with
    /// `SetUserSettings`.
    ///
    /// # Errors
    /// [`Error::NotSignedIn`]; [`Error::Service`]; transport errors.
    pub async fn enable_mfa(&self) -> Result<()> {
        self.set_user_settings(vec![MfaOption::sms()]).await
    }

    /// **Deprecated** (use [`User::set_user_mfa_preference`]): turns legacy SMS MFA off with
    /// `SetUserSettings` and an empty `MFAOptions`.
    ///
    /// # Errors
    /// [`Error::NotSignedIn`]; [`Error::Service`]; transport errors.
    pub async fn disable_mfa(&self) -> Result<()> {
        self.set_user_settings(Vec::new()).await
    }

    async fn set_user_settings(&self, mfa_options: Vec<MfaOption>) -> Result<()> {
        let _operation = self.operation.lock().await;
        let (_, access_token, _) = self.signed_in()?;
        let request = SetUserSettingsRequest {
            access_token,
            mfa_options,
        };
        self.pool.send(&request, Retry::Never).await?;
        Ok(())
    }

    /// **Deprecated** (use [`User::get_user_data`]): the legacy `MFAOptions` from `GetUser`.
    ///
    /// # Errors
    /// As [`User::get_user_data`].
    pub async fn get_mfa_options(&self) -> Result<Vec<MfaOption>> {
        Ok(self.get_user_data().await?.mfa_options)
    }
}
