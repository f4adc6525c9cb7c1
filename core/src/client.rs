//! [`UserPool`]: the app client's settings and the HTTP transport (AWS JSON 1.1 over HTTPS with
//! rustls), error mapping and retries.
//!
//! ```
//! use std::time::Duration;
//! use cognito_mfa::client::UserPool;
//!
//! let pool = UserPool::builder("us-east-1_AbCdEfGhI", "1example23456789")
//!     .client_secret("the app client's secret")   // adds SECRET_HASH where needed
//!     .timeout(Duration::from_secs(10))
//!     .build()?;                                  // a bad pool id or endpoint fails here
//! assert_eq!(pool.pool_id().region(), "us-east-1");
//! assert_eq!(pool.endpoint(), "https://cognito-idp.us-east-1.amazonaws.com/");
//! let alice = pool.user("alice");                 // no request yet; clone the pool freely
//!
//! let err = UserPool::new("not-a-pool-id", "1example23456789").unwrap_err();
//! assert_eq!(err.code(), "InvalidInputError");
//! # let _ = alice;
//! # Ok::<(), cognito_mfa::Error>(())
//! ```

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;
use std::sync::{Arc, Once};
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderValue, USER_AGENT};

use crate::admin::signing::Signer;
use crate::device::DeviceSettings;
use crate::error::{BoxError, Error, Result};
use crate::protocol::error::{ERROR_TYPE_HEADER, REQUEST_ID_HEADER, parse_error};
use crate::protocol::{self, Operation, SecretString};
use crate::srp;
use crate::user::User;

/// The default request timeout (connect, send and receive).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How many times a retryable request is retried by default (so at most 3 attempts).
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The first backoff delay; it doubles with each retry, up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
/// The longest backoff delay.
const MAX_BACKOFF: Duration = Duration::from_secs(2);

/// A validated user pool id, `<region>_<name>` (e.g. `us-east-1_AbCdEfGhI`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UserPoolId {
    id: String,
}

impl UserPoolId {
    /// Validates a pool id: it must match `^[\w-]+_[0-9a-zA-Z]+$` and be at most 55 characters.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] otherwise.
    pub fn new(id: impl Into<String>) -> Result<Self> {
        let id = id.into();
        srp::pool_name(&id)?;
        Ok(UserPoolId { id })
    }

    /// The id as given.
    pub fn as_str(&self) -> &str {
        &self.id
    }

    /// The region: the part before the last `_` (`us-east-1`).
    pub fn region(&self) -> &str {
        self.id.rsplit_once('_').map_or("", |(region, _)| region)
    }

    /// The pool name used by SRP: the part after the last `_` (`AbCdEfGhI`).
    pub fn pool_name(&self) -> &str {
        self.id.rsplit_once('_').map_or("", |(_, name)| name)
    }
}

impl FromStr for UserPoolId {
    type Err = Error;

    fn from_str(id: &str) -> Result<Self> {
        UserPoolId::new(id)
    }
}

impl fmt::Display for UserPoolId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

impl fmt::Debug for UserPoolId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UserPoolId({})", self.id)
    }
}

/// Whether a request may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retry {
    /// Never retried: the request consumes a Session or changes state.
    Never,
    /// Retried with bounded backoff on throttling, 5xx and failed connections.
    Safe,
}

/// A user pool's app client: where and how requests are sent.
///
/// Cheap to clone (an `Arc` inside); clones share one connection pool. Make one per app client
/// and hand out [`User`]s with [`UserPool::user`].
#[derive(Clone)]
pub struct UserPool {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    pool_id: UserPoolId,
    client_id: String,
    client_secret: Option<SecretString>,
    endpoint: reqwest::Url,
    endpoint_text: String,
    http: reqwest::Client,
    max_retries: u32,
    devices: DeviceSettings,
    /// Set for an [`crate::admin::AdminClient`]'s pool: admin operations are signed, and the
    /// sign-in requests go to their admin twins.
    signer: Option<Signer>,
}

impl fmt::Debug for UserPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserPool")
            .field("pool_id", &self.inner.pool_id)
            .field("client_id", &self.inner.client_id)
            .field(
                "client_secret",
                &self.inner.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("endpoint", &self.inner.endpoint_text)
            .field("signed", &self.inner.signer.is_some())
            .finish_non_exhaustive()
    }
}

impl UserPool {
    /// A pool with default settings (the AWS endpoint of the pool's region, no client secret).
    ///
    /// # Errors
    /// As [`UserPoolBuilder::build`].
    pub fn new(pool_id: impl Into<String>, client_id: impl Into<String>) -> Result<UserPool> {
        UserPool::builder(pool_id, client_id).build()
    }

    /// A builder for a pool with custom settings.
    pub fn builder(pool_id: impl Into<String>, client_id: impl Into<String>) -> UserPoolBuilder {
        UserPoolBuilder::new(pool_id.into(), client_id.into())
    }

    /// A user of this pool (no request is made). An empty name is accepted here and refused by
    /// the service at sign-in; [`UserPool::try_user`] refuses it at once.
    pub fn user(&self, username: impl Into<String>) -> User {
        User::new(self.clone(), username.into())
    }

    /// A user of this pool, refusing an empty user name (as amazon-cognito-identity-js's
    /// `CognitoUser` constructor does). No request is made.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty user name.
    pub fn try_user(&self, username: impl Into<String>) -> Result<User> {
        let username = username.into();
        if username.is_empty() {
            return Err(Error::invalid_input("the user name is empty"));
        }
        Ok(self.user(username))
    }

    /// The pool id.
    pub fn pool_id(&self) -> &UserPoolId {
        &self.inner.pool_id
    }

    /// The app client id.
    pub fn client_id(&self) -> &str {
        &self.inner.client_id
    }

    /// True when the app client has a secret (and requests carry `SECRET_HASH`).
    pub fn has_client_secret(&self) -> bool {
        self.inner.client_secret.is_some()
    }

    /// The endpoint URL requests are sent to.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint_text
    }

    /// The device-tracking settings ([`UserPoolBuilder::devices`]).
    pub fn device_settings(&self) -> &DeviceSettings {
        &self.inner.devices
    }

    /// True for an [`crate::admin::AdminClient`]'s pool, whose requests are SigV4-signed.
    pub fn signs_requests(&self) -> bool {
        self.inner.signer.is_some()
    }

    /// The same app client (sharing its connections), signing its requests with `signer`.
    pub(crate) fn with_signer(&self, signer: Signer) -> UserPool {
        let mut inner = (*self.inner).clone();
        inner.signer = Some(signer);
        UserPool {
            inner: Arc::new(inner),
        }
    }

    /// The app client's secret, sent as is by `GetTokensFromRefreshToken`.
    pub(crate) fn client_secret(&self) -> Option<&SecretString> {
        self.inner.client_secret.as_ref()
    }

    /// `SECRET_HASH` for a request whose `USERNAME` is `username`, when the client has a secret.
    pub(crate) fn secret_hash(&self, username: &str) -> Option<SecretString> {
        self.inner.client_secret.as_ref().map(|secret| {
            SecretString::new(srp::secret_hash(
                secret.expose(),
                username,
                &self.inner.client_id,
            ))
        })
    }

    /// Sends one operation and parses its response, retrying per `retry`.
    pub(crate) async fn send<Op: Operation>(
        &self,
        request: &Op,
        retry: Retry,
    ) -> Result<Op::Output> {
        let signer = self.inner.signer.as_ref();
        let (name, body) = match (signer, Op::ADMIN_NAME) {
            (Some(_), Some(admin_name)) => {
                let admin = protocol::admin::AdminRequest {
                    user_pool_id: self.inner.pool_id.as_str(),
                    request,
                };
                (admin_name, protocol::encode_as::<Op, _>(&admin)?)
            }
            (None, _) if Op::SIGNED => {
                return Err(Error::invalid_input(format!(
                    "{} is an admin operation: send it through an AdminClient",
                    Op::NAME
                )));
            }
            _ => (Op::NAME, protocol::encode(request)?),
        };
        let body = zeroize::Zeroizing::new(body);
        let target = format!("{}{name}", protocol::TARGET_PREFIX);
        let signer = signer.filter(|_| Op::SIGNED || Op::ADMIN_NAME.is_some());
        let max_retries = match retry {
            Retry::Never => 0,
            Retry::Safe => self.inner.max_retries,
        };
        let mut attempt: u32 = 0;
        let mut credentials_renewed = false;
        loop {
            let outcome = self.send_once::<Op>(&target, &body, signer).await;
            match outcome {
                // Refused before it ran: renew the credentials once and send it again.
                Err(error)
                    if !credentials_renewed
                        && error.code() == protocol::error::codes::EXPIRED_TOKEN =>
                {
                    if let Some(signer) = signer {
                        signer.invalidate().await;
                    }
                    credentials_renewed = true;
                }
                Err(error) if attempt < max_retries && is_retryable(&error) => {
                    tokio::time::sleep(backoff(attempt)).await;
                    attempt = attempt.saturating_add(1);
                }
                other => return other,
            }
        }
    }

    async fn send_once<Op: Operation>(
        &self,
        target: &str,
        body: &[u8],
        signer: Option<&Signer>,
    ) -> Result<Op::Output> {
        let mut builder = self
            .inner
            .http
            .post(self.inner.endpoint.clone())
            .header(CONTENT_TYPE, protocol::CONTENT_TYPE)
            .header("X-Amz-Target", target);
        if let Some(signer) = signer {
            let signed = signer
                .sign(
                    self.inner.endpoint.as_str(),
                    protocol::CONTENT_TYPE,
                    target,
                    body,
                )
                .await?;
            for (name, value) in signed.pairs() {
                builder = builder.header(name.as_str(), value.as_str());
            }
        }
        let response = builder
            .body(body.to_vec())
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let error_type = header(ERROR_TYPE_HEADER);
        let request_id = header(REQUEST_ID_HEADER);
        let bytes = response.bytes().await.map_err(transport_error)?;
        if (200..300).contains(&status) {
            protocol::decode::<Op>(status, &bytes)
        } else {
            Err(parse_error(
                status,
                error_type.as_deref(),
                request_id.as_deref(),
                &bytes,
            ))
        }
    }
}

/// Throttling, 5xx and connections that never reached the service may be retried.
fn is_retryable(error: &Error) -> bool {
    match error {
        Error::Service(service) => service.is_retryable(),
        Error::UnexpectedResponse {
            status: Some(status),
            ..
        } => *status >= 500,
        Error::Network { retryable, .. } => *retryable,
        _ => false,
    }
}

/// 100 ms, 200 ms, 400 ms... up to 2 s.
fn backoff(attempt: u32) -> Duration {
    let factor = 1u32.checked_shl(attempt.min(16)).unwrap_or(u32::MAX);
    FIRST_BACKOFF.saturating_mul(factor).min(MAX_BACKOFF)
}

/// Maps a transport error without exposing its type (it stays the `source`).
fn transport_error(error: reqwest::Error) -> Error {
    if error.is_timeout() {
        return Error::Timeout {
            source: Some(Box::new(error)),
        };
    }
    let (message, retryable) = if error.is_connect() {
        ("could not connect to the endpoint", true)
    } else if error.is_body() || error.is_decode() {
        ("the response could not be read", false)
    } else if error.is_builder() {
        ("the request could not be built", false)
    } else {
        ("the request failed", false)
    };
    Error::Network {
        message: message.to_owned(),
        retryable,
        source: Some(Box::new(error) as BoxError),
    }
}

/// Installs rustls' ring crypto provider as the process default, once. If the application
/// installed another provider first, that one is kept.
fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Err means a provider is already installed: nothing to do.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Builds a [`UserPool`]. Settings are checked by [`UserPoolBuilder::build`], which reports the
/// first bad one.
#[must_use = "a builder does nothing until build() is called"]
pub struct UserPoolBuilder {
    pool_id: String,
    client_id: String,
    client_secret: Option<SecretString>,
    endpoint: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    ca_pem: Vec<Vec<u8>>,
    ca_only: bool,
    allow_insecure_http: bool,
    max_retries: u32,
    devices: DeviceSettings,
}

impl fmt::Debug for UserPoolBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserPoolBuilder")
            .field("pool_id", &self.pool_id)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("endpoint", &self.endpoint)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl UserPoolBuilder {
    fn new(pool_id: String, client_id: String) -> Self {
        UserPoolBuilder {
            pool_id,
            client_id,
            client_secret: None,
            endpoint: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: format!("cognito-mfa/{} (rust)", env!("CARGO_PKG_VERSION")),
            ca_pem: Vec::new(),
            ca_only: false,
            allow_insecure_http: false,
            max_retries: DEFAULT_MAX_RETRIES,
            devices: DeviceSettings::default(),
        }
    }

    /// The app client's secret: every request that names a user then carries `SECRET_HASH`,
    /// computed over the `USERNAME` of that very request.
    pub fn client_secret(mut self, secret: impl Into<String>) -> Self {
        self.client_secret = Some(SecretString::new(secret.into()));
        self
    }

    /// The endpoint URL (default `https://cognito-idp.<region>.amazonaws.com/`), e.g. a mock's
    /// `http://127.0.0.1:9229/`. Plain `http` is accepted only for loopback addresses unless
    /// [`UserPoolBuilder::allow_insecure_http`] is set.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The timeout of each request, from connecting to the end of the response (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The connect timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `cognito-mfa/<version> (rust)`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Trusts the certificates of a PEM bundle in addition to the system's roots (or instead
    /// of them, with [`UserPoolBuilder::custom_ca_only`]). May be called several times.
    pub fn ca_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.ca_pem.push(pem.into());
        self
    }

    /// Trusts only the certificates given with [`UserPoolBuilder::ca_certificates_pem`].
    pub fn custom_ca_only(mut self, only: bool) -> Self {
        self.ca_only = only;
        self
    }

    /// Allows a plain-`http` endpoint on a non-loopback host (passwords and tokens would cross
    /// the network unencrypted: for test networks only).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// How many times a safe request (GetUser, a token refresh) is retried after throttling,
    /// a 5xx answer or a failed connection (default 2; 0 disables retries). Requests that
    /// consume a challenge Session are never retried.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// How users of this pool track their device: where the device credentials are kept,
    /// whether a new device is confirmed after sign-in, its name, and how sessions are
    /// refreshed (see [`DeviceSettings`]; default: no store, so no device is remembered).
    pub fn devices(mut self, settings: DeviceSettings) -> Self {
        self.devices = settings;
        self
    }

    /// Checks the settings and builds the pool.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a bad pool id, an empty or malformed client id, an endpoint
    /// that is not an `https` URL (or `http` on loopback), a zero timeout, a user agent that is
    /// not a valid header value, or a CA bundle with no PEM certificate;
    /// [`Error::Network`] if the TLS configuration cannot be built.
    pub fn build(self) -> Result<UserPool> {
        let pool_id = UserPoolId::new(self.pool_id)?;
        protocol::ids::validate_client_id(&self.client_id)?;
        self.devices.validate()?;
        if self
            .client_secret
            .as_ref()
            .is_some_and(SecretString::is_empty)
        {
            return Err(Error::invalid_input("the client secret is empty"));
        }
        let endpoint_text = match self.endpoint {
            Some(url) => url,
            None => format!("https://cognito-idp.{}.amazonaws.com/", pool_id.region()),
        };
        let endpoint = parse_endpoint(&endpoint_text, self.allow_insecure_http)?;
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(Error::invalid_input("timeouts must be longer than zero"));
        }
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::invalid_input("the user agent is not a valid header value"))?;

        let mut certificates = Vec::new();
        for pem in &self.ca_pem {
            let parsed = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|_| Error::invalid_input("the CA bundle is not valid PEM"))?;
            if parsed.is_empty() {
                return Err(Error::invalid_input("the CA bundle holds no certificate"));
            }
            certificates.extend(parsed);
        }
        if self.ca_only && certificates.is_empty() {
            return Err(Error::invalid_input(
                "custom_ca_only needs at least one certificate from ca_certificates_pem",
            ));
        }

        install_crypto_provider();
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(USER_AGENT, user_agent);
        let mut http = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .https_only(false);
        if !certificates.is_empty() {
            http = if self.ca_only {
                http.tls_certs_only(certificates)
            } else {
                http.tls_certs_merge(certificates)
            };
        }
        let http = http.build().map_err(|e| Error::Network {
            message: "the HTTP client could not be built".to_owned(),
            retryable: false,
            source: Some(Box::new(e)),
        })?;
        Ok(UserPool {
            inner: Arc::new(Inner {
                pool_id,
                client_id: self.client_id,
                client_secret: self.client_secret,
                endpoint,
                endpoint_text: endpoint_text_normalized(&endpoint_text),
                http,
                max_retries: self.max_retries,
                devices: self.devices,
                signer: None,
            }),
        })
    }
}

fn endpoint_text_normalized(text: &str) -> String {
    reqwest::Url::parse(text).map_or_else(|_| text.to_owned(), |url| url.to_string())
}

fn parse_endpoint(text: &str, allow_insecure_http: bool) -> Result<reqwest::Url> {
    let url = reqwest::Url::parse(text)
        .map_err(|e| Error::invalid_input(format!("invalid endpoint {text:?}: {e}")))?;
    let host = url
        .host_str()
        .ok_or_else(|| Error::invalid_input(format!("invalid endpoint {text:?}: no host")))?;
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(Error::invalid_input(format!(
            "invalid endpoint {text:?}: no query, fragment or credentials allowed"
        )));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if allow_insecure_http || is_loopback(host) => Ok(url),
        "http" => Err(Error::invalid_input(format!(
            "endpoint {text:?} is plain http on a non-loopback host: use https, or \
             allow_insecure_http(true) for a test network"
        ))),
        other => Err(Error::invalid_input(format!(
            "invalid endpoint {text:?}: scheme {other:?} is not http(s)"
        ))),
    }
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build_err(builder: UserPoolBuilder) -> Option<String> {
        builder.build().err().map(|e| format!("{}: {e}", e.code()))
    }

    #[test]
    fn pool_ids_are_validated_and_split() {
        let id = UserPoolId::new("eu-west-1_AbC123");
        assert_eq!(id.as_ref().map(UserPoolId::region).ok(), Some("eu-west-1"));
        assert_eq!(id.as_ref().map(UserPoolId::pool_name).ok(), Some("AbC123"));
        for bad in [
            "",
            "nounderscore",
            "us-east-1_",
            "_abc",
            "us-east-1_a-b",
            "us east_1",
        ] {
            assert!(
                UserPoolId::new(bad).is_err_and(|e| e.is_invalid_input()),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_default_endpoint_follows_the_region() {
        let pool = UserPool::new("ap-south-1_xyz", "client1").ok();
        assert_eq!(
            pool.as_ref().map(UserPool::endpoint),
            Some("https://cognito-idp.ap-south-1.amazonaws.com/")
        );
        assert_eq!(pool.as_ref().map(UserPool::has_client_secret), Some(false));
    }

    #[test]
    fn bad_settings_are_reported_by_build() {
        let base = || UserPool::builder("us-east-1_abc", "client1");
        assert_eq!(
            build_err(UserPool::builder("nope", "client1"))
                .map(|e| e.starts_with("InvalidInputError")),
            Some(true)
        );
        assert!(build_err(UserPool::builder("us-east-1_abc", "")).is_some());
        assert!(build_err(UserPool::builder("us-east-1_abc", "bad id!")).is_some());
        assert!(build_err(base().endpoint("not a url")).is_some());
        assert!(build_err(base().endpoint("ftp://example.com/")).is_some());
        assert!(build_err(base().endpoint("http://example.com/")).is_some());
        assert!(build_err(base().endpoint("https://example.com/?x=1")).is_some());
        assert!(build_err(base().timeout(Duration::ZERO)).is_some());
        assert!(build_err(base().user_agent("bad\nagent")).is_some());
        assert!(build_err(base().client_secret("")).is_some());
        assert!(build_err(base().ca_certificates_pem(b"not pem".to_vec())).is_some());
        assert!(build_err(base().custom_ca_only(true)).is_some());
        // Accepted: loopback http, explicit insecure http, https.
        assert_eq!(build_err(base().endpoint("http://127.0.0.1:9229")), None);
        assert_eq!(build_err(base().endpoint("http://[::1]:9229/")), None);
        assert_eq!(build_err(base().endpoint("http://localhost:9229/")), None);
        assert_eq!(
            build_err(
                base()
                    .endpoint("http://cognito:9229/")
                    .allow_insecure_http(true)
            ),
            None
        );
        assert_eq!(
            build_err(base().endpoint("https://example.com/cognito/")),
            None
        );
    }

    #[test]
    fn secret_hash_covers_the_username_given() {
        // base64(HMAC-SHA256(key "secretsecret", "alice" + "1example23456789")).
        let pool = UserPool::builder("us-east-1_AbCdEfGhI", "1example23456789")
            .client_secret("secretsecret")
            .build()
            .ok();
        let hash = pool.as_ref().and_then(|p| p.secret_hash("alice"));
        assert_eq!(
            hash.as_ref().map(SecretString::expose),
            Some("cDGMGyKSnP2OTXWyRL1FXlsWMa9lAJM+pnUHxX0xRT4=")
        );
        assert!(!format!("{pool:?}").contains("secretsecret"));
    }

    #[test]
    fn backoff_is_bounded() {
        assert_eq!(backoff(0), Duration::from_millis(100));
        assert_eq!(backoff(1), Duration::from_millis(200));
        assert_eq!(backoff(4), Duration::from_millis(1600));
        assert_eq!(backoff(5), MAX_BACKOFF);
        assert_eq!(backoff(u32::MAX), MAX_BACKOFF);
    }

    #[test]
    fn only_throttling_5xx_and_failed_connections_are_retryable() {
        use crate::error::ServiceError;
        let service =
            |code: &str, status| Error::Service(ServiceError::new(code, "", status, None));
        assert!(is_retryable(&service("TooManyRequestsException", 400)));
        assert!(is_retryable(&service("InternalErrorException", 500)));
        assert!(!is_retryable(&service("CodeMismatchException", 400)));
        assert!(!is_retryable(&Error::Timeout { source: None }));
        assert!(is_retryable(&Error::Network {
            message: String::new(),
            retryable: true,
            source: None
        }));
    }
}
