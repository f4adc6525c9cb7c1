//! The signed-in user's account at the service: [`UserData`] from `GetUser` and
//! [`User::global_sign_out`] (`GlobalSignOut`, [`crate::protocol::user`]).

use super::User;
use super::state::SignInState;
use crate::client::Retry;
#[cfg(doc)]
use crate::error::Error;
use crate::error::Result;
use crate::protocol::{
    AttributeType, GetUserRequest, GetUserResponse, GlobalSignOutRequest, MfaOption, MfaType,
};

/// The user's data from `GetUser`, with the MFA fields typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserData {
    /// The user name (the internal one for pools with aliases).
    pub username: String,
    /// The attributes, in the service's order.
    pub attributes: Vec<AttributeType>,
    /// Legacy SMS MFA settings (`MFAOptions`; empty when absent).
    pub mfa_options: Vec<MfaOption>,
    /// The preferred factor (`PreferredMfaSetting`), if any.
    pub preferred_mfa_setting: Option<MfaType>,
    /// The enabled factors (`UserMFASettingList`; empty when absent). Factors this client does
    /// not know are left out.
    pub user_mfa_setting_list: Vec<MfaType>,
}

impl UserData {
    /// The value of one attribute, e.g. `attribute("phone_number")`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|attribute| attribute.name == name)
            .map(|attribute| attribute.value.as_str())
    }

    pub(crate) fn from_wire(response: GetUserResponse) -> Self {
        UserData {
            username: response.username,
            attributes: response.user_attributes,
            mfa_options: response.mfa_options.unwrap_or_default(),
            preferred_mfa_setting: response
                .preferred_mfa_setting
                .as_deref()
                .and_then(MfaType::from_wire),
            user_mfa_setting_list: response
                .user_mfa_setting_list
                .unwrap_or_default()
                .iter()
                .filter_map(|name| MfaType::from_wire(name))
                .collect(),
        }
    }
}

impl User {
    /// The user's attributes and MFA settings (`GetUser`), retried on throttling and 5xx.
    ///
    /// # Errors
    /// [`Error::NotSignedIn`]; [`Error::Service`] (`NotAuthorizedException` for a revoked or
    /// expired token...); transport errors.
    pub async fn get_user_data(&self) -> Result<UserData> {
        let _operation = self.operation.lock().await;
        let (_, access_token, _) = self.signed_in()?;
        let response = self
            .pool
            .send(&GetUserRequest { access_token }, Retry::Safe)
            .await?;
        Ok(UserData::from_wire(response))
    }

    /// Revokes every token of the user at the service (`GlobalSignOut`) and forgets them.
    ///
    /// # Errors
    /// [`Error::NotSignedIn`]; [`Error::Service`] (`NotAuthorizedException` for an invalid
    /// token); transport errors. The state is kept when the call fails.
    pub async fn global_sign_out(&self) -> Result<()> {
        let _operation = self.operation.lock().await;
        let (_, access_token, _) = self.signed_in()?;
        self.pool
            .send(&GlobalSignOutRequest { access_token }, Retry::Never)
            .await?;
        self.lock().state = SignInState::Idle;
        Ok(())
    }
}
