//! Refreshing a session with `GetTokensFromRefreshToken` (the operation Amplify v6 uses), with
//! the device key the tokens are bound to.

use crate::client::Retry;
use crate::error::Result;
use crate::protocol::AuthenticationResult;
use crate::protocol::device::GetTokensFromRefreshTokenRequest;
use crate::session::RefreshToken;
use crate::user::User;

impl User {
    /// `GetTokensFromRefreshToken {RefreshToken, ClientId, ClientSecret, DeviceKey}`: the
    /// client secret is sent as is (this operation takes no `SECRET_HASH`).
    pub(crate) async fn get_tokens_from_refresh_token(
        &self,
        refresh: &RefreshToken,
    ) -> Result<AuthenticationResult> {
        let request = GetTokensFromRefreshTokenRequest {
            refresh_token: crate::protocol::SecretString::new(refresh.token()),
            client_id: self.pool.client_id().to_owned(),
            client_secret: self.pool.client_secret().cloned(),
            device_key: self.device_key(),
            client_metadata: None,
        };
        let response = self.pool.send(&request, Retry::Safe).await?;
        Ok(response.authentication_result)
    }
}
