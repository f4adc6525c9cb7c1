//! `AssociateSoftwareToken` and `VerifySoftwareToken`: TOTP enrolment, in the AccessToken form
//! (signed in) or the Session form (during the `MFA_SETUP` challenge).

use serde::{Deserialize, Serialize};

use super::{Operation, SecretString};

/// The request of `AssociateSoftwareToken`: exactly one of the two fields is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssociateSoftwareTokenRequest {
    /// The signed-in user's access token.
    #[serde(rename = "AccessToken", skip_serializing_if = "Option::is_none")]
    pub access_token: Option<SecretString>,
    /// The `MFA_SETUP` challenge's Session.
    #[serde(rename = "Session", skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
}

impl Operation for AssociateSoftwareTokenRequest {
    const NAME: &'static str = "AssociateSoftwareToken";
    type Output = AssociateSoftwareTokenResponse;
}

/// The response of `AssociateSoftwareToken`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AssociateSoftwareTokenResponse {
    /// The TOTP secret, base32 without padding.
    #[serde(rename = "SecretCode")]
    pub secret_code: SecretString,
    /// The new Session (Session form only).
    #[serde(rename = "Session", default)]
    pub session: Option<SecretString>,
}

/// The request of `VerifySoftwareToken`: exactly one of `AccessToken` and `Session` is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifySoftwareTokenRequest {
    /// The signed-in user's access token.
    #[serde(rename = "AccessToken", skip_serializing_if = "Option::is_none")]
    pub access_token: Option<SecretString>,
    /// The Session returned by `AssociateSoftwareToken` (Session form).
    #[serde(rename = "Session", skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
    /// The 6-digit code from the authenticator.
    #[serde(rename = "UserCode")]
    pub user_code: SecretString,
    /// A name for the authenticator, e.g. `My phone`.
    #[serde(rename = "FriendlyDeviceName", skip_serializing_if = "Option::is_none")]
    pub friendly_device_name: Option<String>,
}

impl Operation for VerifySoftwareTokenRequest {
    const NAME: &'static str = "VerifySoftwareToken";
    type Output = VerifySoftwareTokenResponse;
}

/// The `Status` of a `VerifySoftwareToken` response.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub enum VerifyStatus {
    /// `SUCCESS`: the token is verified.
    Success,
    /// `ERROR`: the token is not verified.
    Error,
    /// Any other value, kept as sent (treated as not verified).
    Other(String),
}

impl From<String> for VerifyStatus {
    fn from(status: String) -> Self {
        match status.as_str() {
            "SUCCESS" => VerifyStatus::Success,
            "ERROR" => VerifyStatus::Error,
            _ => VerifyStatus::Other(status),
        }
    }
}

impl VerifyStatus {
    /// The wire value.
    pub fn as_str(&self) -> &str {
        match self {
            VerifyStatus::Success => "SUCCESS",
            VerifyStatus::Error => "ERROR",
            VerifyStatus::Other(other) => other,
        }
    }
}

/// The response of `VerifySoftwareToken`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct VerifySoftwareTokenResponse {
    /// `SUCCESS` or `ERROR`. Absent is read as [`VerifyStatus::Other`] with an empty value,
    /// which is not a success.
    #[serde(rename = "Status", default = "absent_status")]
    pub status: VerifyStatus,
    /// The Session to answer `MFA_SETUP` with (Session form only).
    #[serde(rename = "Session", default)]
    pub session: Option<SecretString>,
}

fn absent_status() -> VerifyStatus {
    VerifyStatus::Other(String::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::fixtures::json;
    use crate::protocol::{decode, encode};

    fn body<T: Operation>(request: &T) -> Option<serde_json::Value> {
        encode(request)
            .ok()
            .map(|b| json(&String::from_utf8_lossy(&b)))
    }

    #[test]
    fn associate_requests_carry_exactly_one_credential() {
        let with_session = AssociateSoftwareTokenRequest {
            access_token: None,
            session: Some("AYABeSessionSessionSession".into()),
        };
        assert_eq!(
            body(&with_session),
            Some(json(include_str!(
                "../../tests/fixtures/associate_software_token_session_request.json"
            )))
        );
        let with_token = AssociateSoftwareTokenRequest {
            access_token: Some("eyJ.access.token".into()),
            session: None,
        };
        assert_eq!(
            body(&with_token),
            Some(json(r#"{"AccessToken":"eyJ.access.token"}"#))
        );
    }

    #[test]
    fn associate_responses_parse_in_both_forms() {
        let session_form = decode::<AssociateSoftwareTokenRequest>(
            200,
            include_bytes!("../../tests/fixtures/associate_software_token_response.json"),
        );
        let session_form = session_form.ok();
        assert_eq!(
            session_form.as_ref().map(|r| r.secret_code.expose()),
            Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        );
        assert!(session_form.is_some_and(|r| r.session.is_some()));
        let token_form =
            decode::<AssociateSoftwareTokenRequest>(200, br#"{"SecretCode":"JBSWY3DPEHPK3PXP"}"#);
        assert!(token_form.is_ok_and(|r| r.session.is_none()));
    }

    #[test]
    fn verify_request_matches_the_fixture_and_leaves_out_absent_keys() {
        let request = VerifySoftwareTokenRequest {
            access_token: None,
            session: Some("AYABeSessionSessionSession".into()),
            user_code: "123456".into(),
            friendly_device_name: Some("My phone".into()),
        };
        assert_eq!(
            body(&request),
            Some(json(include_str!(
                "../../tests/fixtures/verify_software_token_request.json"
            )))
        );
        let minimal = VerifySoftwareTokenRequest {
            access_token: Some("eyJ.access.token".into()),
            session: None,
            user_code: "123456".into(),
            friendly_device_name: None,
        };
        assert_eq!(
            body(&minimal),
            Some(json(
                r#"{"AccessToken":"eyJ.access.token","UserCode":"123456"}"#
            ))
        );
        assert!(!format!("{minimal:?}").contains("123456"));
    }

    #[test]
    fn verify_status_values() {
        let cases: [(&[u8], VerifyStatus); 4] = [
            (
                br#"{"Status":"SUCCESS","Session":"s"}"#,
                VerifyStatus::Success,
            ),
            (br#"{"Status":"ERROR"}"#, VerifyStatus::Error),
            (
                br#"{"Status":"PENDING"}"#,
                VerifyStatus::Other("PENDING".into()),
            ),
            (br#"{}"#, VerifyStatus::Other(String::new())),
        ];
        for (body, expected) in cases {
            let status = decode::<VerifySoftwareTokenRequest>(200, body).map(|r| r.status);
            assert_eq!(status.ok(), Some(expected));
        }
    }
}
