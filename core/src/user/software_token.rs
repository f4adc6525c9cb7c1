//! TOTP enrolment: [`AssociatedSoftwareToken`], [`User::associate_software_token`] and
//! [`User::verify_software_token`] (`AssociateSoftwareToken`, `VerifySoftwareToken`,
//! [`crate::protocol::software_token`]).

use zeroize::Zeroizing;

use super::{AuthOutcome, User};
use crate::client::Retry;
use crate::error::{Error, Result};
use crate::protocol::{
    AssociateSoftwareTokenRequest, ChallengeName, SecretString, VerifySoftwareTokenRequest,
    VerifyStatus,
};
use crate::totp::{KeyUri, Secret, Totp};

/// The TOTP secret returned by [`User::associate_software_token`].
#[derive(Clone, Debug)]
pub struct AssociatedSoftwareToken {
    secret: Secret,
}

impl AssociatedSoftwareToken {
    /// The secret (redacted in `Debug`).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The secret in base32, as `SecretCode` sent it (for typing into an authenticator app).
    pub fn secret_base32(&self) -> Zeroizing<String> {
        self.secret.to_base32()
    }

    /// A TOTP generator with Cognito's settings (SHA-1, 6 digits, 30 s).
    pub fn totp(&self) -> Totp {
        Totp::new(self.secret.clone())
    }

    /// The `otpauth://` key URI for an authenticator app, e.g.
    /// `otpauth://totp/My%20App:alice?secret=...&issuer=My%20App&...`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `account` is empty, or `account` or `issuer` contains `:`.
    pub fn otpauth_uri(&self, account: &str, issuer: Option<&str>) -> Result<Zeroizing<String>> {
        Ok(self.key_uri(account, issuer)?.to_uri())
    }

    /// The key URI as a value (to render a QR code with [`crate::totp::qr_text`] or
    /// [`crate::totp::qr_svg`]).
    ///
    /// # Errors
    /// As [`AssociatedSoftwareToken::otpauth_uri`].
    pub fn key_uri(&self, account: &str, issuer: Option<&str>) -> Result<KeyUri> {
        self.totp().key_uri(account, issuer)
    }
}

/// Refuses a TOTP code that is not exactly six ASCII digits, before any request.
pub(super) fn check_totp_code(code: &str) -> Result<()> {
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::invalid_input("a TOTP code must be exactly 6 digits"))
    }
}

impl User {
    /// Starts TOTP enrolment: asks the service for a new secret (`AssociateSoftwareToken`).
    ///
    /// During `MFA_SETUP` the challenge's Session is used (and replaced by the new one);
    /// otherwise the signed-in user's access token. Show the secret (or
    /// [`AssociatedSoftwareToken::otpauth_uri`] as a QR code), then call
    /// [`User::verify_software_token`] with a code from the app.
    ///
    /// # Errors
    /// [`Error::NotSignedIn`] unless signed in or in `MFA_SETUP`; [`Error::Service`]
    /// (`SoftwareTokenMFANotFoundException` when the pool does not allow TOTP,
    /// `NotAuthorizedException`...); [`Error::UnexpectedResponse`] when `SecretCode` is not a
    /// base32 secret of at least 16 characters or the Session form returns no Session;
    /// transport errors.
    pub async fn associate_software_token(&self) -> Result<AssociatedSoftwareToken> {
        let _operation = self.operation.lock().await;
        let setup_session = self.mfa_setup_session();
        let request = match &setup_session {
            Some(session) => AssociateSoftwareTokenRequest {
                access_token: None,
                session: Some(session.clone()),
            },
            None => AssociateSoftwareTokenRequest {
                access_token: Some(self.signed_in()?.1),
                session: None,
            },
        };
        let response = self.pool.send(&request, Retry::Never).await?;
        let secret = Secret::from_base32(response.secret_code.expose()).map_err(|_| {
            Error::unexpected("AssociateSoftwareToken: SecretCode is not a base32 secret")
        })?;
        if setup_session.is_some() {
            let new_session = response.session.filter(|s| !s.is_empty()).ok_or_else(|| {
                Error::unexpected("AssociateSoftwareToken: missing field `Session`")
            })?;
            self.replace_challenge_session(new_session);
        }
        Ok(AssociatedSoftwareToken { secret })
    }

    /// Finishes TOTP enrolment with a code from the authenticator (`VerifySoftwareToken`).
    ///
    /// During `MFA_SETUP` (Session form) it also answers `MFA_SETUP` with the Session the
    /// service returns, and gives the sign-in's outcome. Signed in (AccessToken form) it
    /// gives [`AuthOutcome::Verified`]; TOTP is then enabled with
    /// [`User::set_user_mfa_preference`].
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a code that is not 6 digits (before any request);
    /// [`Error::NotSignedIn`] unless signed in or in `MFA_SETUP`;
    /// [`Error::SoftwareTokenNotVerified`] when the service answers `Status: ERROR`;
    /// [`Error::Service`] (`EnableSoftwareTokenMFAException` for a wrong code,
    /// `NotAuthorizedException`...); transport errors.
    pub async fn verify_software_token(
        &self,
        code: &str,
        friendly_device_name: Option<&str>,
    ) -> Result<AuthOutcome> {
        check_totp_code(code)?;
        let _operation = self.operation.lock().await;
        let setup_session = self.mfa_setup_session();
        let request = match &setup_session {
            Some(session) => VerifySoftwareTokenRequest {
                access_token: None,
                session: Some(session.clone()),
                user_code: SecretString::new(code),
                friendly_device_name: friendly_device_name.map(str::to_owned),
            },
            None => VerifySoftwareTokenRequest {
                access_token: Some(self.signed_in()?.1),
                session: None,
                user_code: SecretString::new(code),
                friendly_device_name: friendly_device_name.map(str::to_owned),
            },
        };
        let response = self.pool.send(&request, Retry::Never).await?;
        if response.status != VerifyStatus::Success {
            return Err(Error::SoftwareTokenNotVerified {
                status: response.status.as_str().to_owned(),
            });
        }
        if setup_session.is_none() {
            return Ok(AuthOutcome::Verified);
        }
        let session = response
            .session
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::unexpected("VerifySoftwareToken: missing field `Session`"))?;
        self.replace_challenge_session(session.clone());
        let username = self.username();
        let responses = self.user_parameters(&username);
        self.respond(ChallengeName::MfaSetup, session, responses, None)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totp_codes_must_be_six_digits() {
        assert!(check_totp_code("123456").is_ok());
        for bad in ["12345", "1234567", "12345a", "", " 123456", "١٢٣٤٥٦"] {
            assert!(
                check_totp_code(bad).is_err_and(|e| e.is_invalid_input()),
                "{bad:?}"
            );
        }
    }
}
