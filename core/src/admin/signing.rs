//! SigV4 signing of admin requests with the AWS SDK's own signer (`aws-sigv4`), service
//! `cognito-idp`, region from the pool id.
//!
//! [`sign_request`] is pure (credentials, region, request and time in; headers out), so that it
//! can be checked against the AWS signing test suite and against botocore's signer for the
//! same request and time (`tests/python/test_admin_sigv4_botocore.py`).

use std::time::SystemTime;

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

use super::credentials::{AwsCredentials, CredentialsProvider};
use crate::error::{Error, Result};

/// The SigV4 signing name of the Cognito user-pool API.
pub const SERVICE: &str = "cognito-idp";

/// The headers that sign one request: `x-amz-date`, `authorization` and, for temporary
/// credentials, `x-amz-security-token`. Their values are secrets only in part (the signature
/// and the token); `Debug` shows the names only.
pub struct SignedHeaders {
    headers: Vec<(String, String)>,
}

impl SignedHeaders {
    /// The `(name, value)` pairs, lower-case names, to add to the request.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The value of one header, by its lower-case name.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl std::fmt::Debug for SignedHeaders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.headers.iter().map(|(name, _)| name))
            .finish()
    }
}

/// Signs `POST url` with `headers` (which must not include `authorization`, `x-amz-date` or
/// `x-amz-security-token`; `host` is taken from the URL when absent) and `body` at `time`.
///
/// # Errors
/// [`Error::InvalidInput`] for a URL or header the signer cannot read, or an empty region or
/// service; never a panic.
pub fn sign_request(
    credentials: &AwsCredentials,
    region: &str,
    service: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    time: SystemTime,
) -> Result<SignedHeaders> {
    if region.is_empty() || service.is_empty() {
        return Err(Error::invalid_input(
            "SigV4: the region and service must not be empty",
        ));
    }
    // The signer reads the host from the URL and would panic on a URL without one.
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Error::invalid_input(format!("SigV4: invalid URL {url:?}: {e}")))?;
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Error::invalid_input(format!(
            "SigV4: the URL {url:?} has no host"
        )));
    }
    // The signer expects what an HTTP request can carry (it would panic on a header value
    // that is not visible ASCII): refuse anything else here.
    for (name, value) in headers {
        if name.is_empty() || !text_is_header_safe(name, false) || !text_is_header_safe(value, true)
        {
            return Err(Error::invalid_input(format!(
                "SigV4: the header {name:?} is not a valid ASCII header"
            )));
        }
    }
    let identity: Identity = credentials.as_sdk().clone().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| Error::invalid_input(format!("SigV4: {e}")))?
        .into();
    let signable = SignableRequest::new(
        "POST",
        url,
        headers.iter().copied(),
        SignableBody::Bytes(body),
    )
    .map_err(|e| Error::invalid_input(format!("SigV4: cannot sign the request: {e}")))?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|e| Error::invalid_input(format!("SigV4: cannot sign the request: {e}")))?
        .into_parts();
    let (signing_headers, _query) = instructions.into_parts();
    Ok(SignedHeaders {
        headers: signing_headers
            .iter()
            .map(|header| {
                (
                    header.name().to_ascii_lowercase(),
                    header.value().to_owned(),
                )
            })
            .collect(),
    })
}

fn text_is_header_safe(text: &str, allow_space: bool) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_graphic() || (allow_space && (b == b' ' || b == b'\t')))
}

/// Signs the requests of one pool: credentials (cached) and the pool's region.
#[derive(Clone, Debug)]
pub(crate) struct Signer {
    credentials: CredentialsProvider,
    region: String,
}

impl Signer {
    pub(crate) fn new(credentials: CredentialsProvider, region: String) -> Signer {
        Signer {
            credentials,
            region,
        }
    }

    /// The signing headers of one attempt (signed anew per attempt: the date moves on).
    pub(crate) async fn sign(
        &self,
        url: &str,
        content_type: &str,
        target: &str,
        body: &[u8],
    ) -> Result<SignedHeaders> {
        let credentials = self.credentials.credentials().await?;
        sign_request(
            &credentials,
            &self.region,
            SERVICE,
            url,
            &[("content-type", content_type), ("x-amz-target", target)],
            body,
            SystemTime::now(),
        )
    }

    /// Forgets the cached credentials (after the service called them expired or invalid).
    pub(crate) async fn invalidate(&self) {
        self.credentials.invalidate().await;
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    fn example() -> Option<AwsCredentials> {
        AwsCredentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        )
        .ok()
    }

    /// 2015-08-30T12:36:00Z, the time of the AWS signing test suite.
    fn suite_time() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_440_938_160)
    }

    #[test]
    fn post_vanilla_of_the_aws_signing_test_suite() {
        // aws-signing-test-suite/v4/post-vanilla: header-signature.txt.
        let Some(credentials) = example() else {
            return;
        };
        let signed = sign_request(
            &credentials,
            "us-east-1",
            "service",
            "https://example.amazonaws.com/",
            &[],
            b"",
            suite_time(),
        );
        let signed = signed.ok();
        let get = |name| signed.as_ref().and_then(|s| s.get(name)).map(str::to_owned);
        assert_eq!(get("x-amz-date").as_deref(), Some("20150830T123600Z"));
        assert_eq!(
            get("authorization").as_deref(),
            Some(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                 SignedHeaders=host;x-amz-date, \
                 Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
            )
        );
        assert_eq!(get("x-amz-security-token"), None);
        assert!(!format!("{signed:?}").contains("Signature="));
    }

    #[test]
    fn a_session_token_is_sent_and_signed() {
        let credentials = AwsCredentials::new("AKID", "secret", Some("the-token".into()));
        let Ok(credentials) = credentials else {
            return;
        };
        let signed = sign_request(
            &credentials,
            "eu-west-1",
            SERVICE,
            "http://127.0.0.1:9229/",
            &[
                ("content-type", "application/x-amz-json-1.1"),
                ("x-amz-target", "T.Op"),
            ],
            b"{}",
            suite_time(),
        )
        .ok();
        let get = |name| signed.as_ref().and_then(|s| s.get(name)).map(str::to_owned);
        assert_eq!(get("x-amz-security-token").as_deref(), Some("the-token"));
        let authorization = get("authorization").unwrap_or_default();
        assert!(
            authorization.contains("/20150830/eu-west-1/cognito-idp/aws4_request")
                && authorization.contains(
                    "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target"
                ),
            "{authorization}"
        );
    }

    #[test]
    fn the_signature_covers_the_body_and_bad_input_is_an_error() {
        let Some(credentials) = example() else {
            return;
        };
        let sign_body = |body: &[u8]| {
            sign_request(
                &credentials,
                "us-east-1",
                SERVICE,
                "https://h/",
                &[],
                body,
                suite_time(),
            )
            .ok()
            .and_then(|s| s.get("authorization").map(str::to_owned))
        };
        assert_ne!(sign_body(b"{}"), sign_body(b"{ }"));
        for url in ["not a url", "file:///x", ""] {
            let error = sign_request(&credentials, "r", SERVICE, url, &[], b"", suite_time());
            assert!(error.is_err_and(|e| e.is_invalid_input()), "{url}");
        }
        let error = sign_request(
            &credentials,
            "",
            SERVICE,
            "https://h/",
            &[],
            b"",
            suite_time(),
        );
        assert!(error.is_err_and(|e| e.is_invalid_input()));
        let bad_header = sign_request(
            &credentials,
            "r",
            SERVICE,
            "https://h/",
            &[("bad header", "x")],
            b"",
            suite_time(),
        );
        assert!(bad_header.is_err_and(|e| e.is_invalid_input()));
    }
}
