//! AWS credentials for the admin API: [`AwsCredentials`] and where they come from
//! ([`CredentialsProvider`]: explicit, the environment, the shared credentials and config
//! files, or any [`ProvideCredentials`] of the application's), cached and refreshed before they
//! expire.
//!
//! The order of [`CredentialsProvider::default_chain`] is the AWS SDKs' first two steps
//! (research §3.4): the environment variables `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
//! `AWS_SESSION_TOKEN`, then the profile `AWS_PROFILE` (or `default`) of
//! `~/.aws/credentials` and `~/.aws/config` (paths overridden by `AWS_SHARED_CREDENTIALS_FILE`
//! and `AWS_CONFIG_FILE`). Assume-role, SSO, web identity, container and instance credentials
//! are the host SDK's job: the Python and Node packages take credentials from boto3 / the AWS
//! SDK v3 instead of re-implementing that chain, and a Rust application passes its own
//! [`ProvideCredentials`].
//!
//! Secret keys and session tokens are held by `aws-credential-types`' `Credentials`, which
//! zeroizes them on drop; `Debug` here shows the access key id only.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};

/// How long before their expiry cached credentials are fetched again (the AWS SDKs' buffer).
pub const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(5 * 60);

/// A boxed future of credentials, what [`ProvideCredentials::provide_credentials`] returns.
pub type CredentialsFuture<'a> = Pin<Box<dyn Future<Output = Result<AwsCredentials>> + Send + 'a>>;

/// An access key id, its secret access key, an optional session token (temporary credentials)
/// and an optional expiry. Cheap to clone; the secrets are zeroized when the last clone drops
/// and never printed.
#[derive(Clone)]
pub struct AwsCredentials {
    inner: aws_credential_types::Credentials,
}

impl AwsCredentials {
    /// Credentials from their parts.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty access key id or secret key, or one holding
    /// whitespace or control characters (the message never shows the secret).
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Result<AwsCredentials> {
        let access_key_id = zeroize::Zeroizing::new(access_key_id.into());
        let secret_access_key = zeroize::Zeroizing::new(secret_access_key.into());
        let session_token = session_token.filter(|token| !token.is_empty());
        check_part("access key id", &access_key_id)?;
        check_part("secret access key", &secret_access_key)?;
        if let Some(token) = &session_token {
            check_part("session token", token)?;
        }
        Ok(AwsCredentials {
            inner: aws_credential_types::Credentials::new(
                access_key_id.as_str(),
                secret_access_key.as_str(),
                session_token,
                None,
                "cognito-mfa",
            ),
        })
    }

    /// The same credentials, valid until `expiry` (temporary credentials): a cache asks its
    /// provider again [`REFRESH_BEFORE_EXPIRY`] before then.
    #[must_use]
    pub fn with_expiry(mut self, expiry: SystemTime) -> AwsCredentials {
        *self.inner.expiry_mut() = Some(expiry);
        self
    }

    /// The access key id (not a secret; it names the key in logs and errors).
    pub fn access_key_id(&self) -> &str {
        self.inner.access_key_id()
    }

    /// True when the credentials carry a session token.
    pub fn has_session_token(&self) -> bool {
        self.inner.session_token().is_some()
    }

    /// When the credentials expire, if they do.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.inner.expiry()
    }

    /// From `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and (optional) `AWS_SESSION_TOKEN`.
    ///
    /// # Errors
    /// [`Error::Credentials`] when a variable is missing or empty; [`Error::InvalidInput`] for
    /// a malformed value.
    pub fn from_env() -> Result<AwsCredentials> {
        from_env_with(&|name| std::env::var(name).ok())
    }

    /// From a profile of the shared files (`~/.aws/credentials`, then `~/.aws/config`):
    /// `profile`, or `AWS_PROFILE`, or `default`.
    ///
    /// # Errors
    /// [`Error::Credentials`] when neither file has the profile with static keys, or the
    /// profile asks for something only an AWS SDK resolves (`role_arn`, `sso_*`,
    /// `credential_process`, `web_identity_token_file`).
    pub fn from_profile(profile: Option<&str>) -> Result<AwsCredentials> {
        SharedFiles::from_env(profile.map(str::to_owned), &|name| std::env::var(name).ok()).load()
    }

    /// The `aws-credential-types` value the signer takes.
    pub(crate) fn as_sdk(&self) -> &aws_credential_types::Credentials {
        &self.inner
    }

    /// True when the credentials expire within [`REFRESH_BEFORE_EXPIRY`] of `now`.
    fn expires_soon(&self, now: SystemTime) -> bool {
        self.expiry()
            .is_some_and(|expiry| expiry <= now + REFRESH_BEFORE_EXPIRY)
    }
}

impl fmt::Debug for AwsCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsCredentials")
            .field("access_key_id", &self.access_key_id())
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.has_session_token().then_some("<redacted>"),
            )
            .field("expiry", &self.expiry())
            .finish()
    }
}

fn check_part(what: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid_input(format!("the {what} is empty")));
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid_input(format!(
            "the {what} holds whitespace or control characters"
        )));
    }
    Ok(())
}

fn credentials_error(message: impl Into<String>) -> Error {
    Error::Credentials {
        message: message.into(),
        source: None,
    }
}

type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

fn from_env_with(lookup: Lookup<'_>) -> Result<AwsCredentials> {
    let get = |name: &str| lookup(name).filter(|value| !value.is_empty());
    let (Some(id), Some(secret)) = (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")) else {
        return Err(credentials_error(
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set",
        ));
    };
    let secret = zeroize::Zeroizing::new(secret);
    AwsCredentials::new(id, secret.as_str(), get("AWS_SESSION_TOKEN"))
}

/// The shared credentials and config files and the profile to read from them.
struct SharedFiles {
    profile: String,
    credentials_file: Option<PathBuf>,
    config_file: Option<PathBuf>,
}

/// Profile keys that ask for credentials only an AWS SDK resolves.
const SDK_ONLY_KEYS: [&str; 6] = [
    "role_arn",
    "source_profile",
    "credential_process",
    "web_identity_token_file",
    "sso_session",
    "sso_start_url",
];

impl SharedFiles {
    fn from_env(profile: Option<String>, lookup: Lookup<'_>) -> SharedFiles {
        let home = lookup("HOME")
            .or_else(|| lookup("USERPROFILE"))
            .filter(|home| !home.is_empty())
            .map(PathBuf::from);
        let path = |variable: &str, file: &str| {
            lookup(variable)
                .filter(|path| !path.is_empty())
                .map(PathBuf::from)
                .or_else(|| home.as_ref().map(|home| home.join(".aws").join(file)))
        };
        SharedFiles {
            profile: profile
                .or_else(|| lookup("AWS_PROFILE"))
                .filter(|profile| !profile.is_empty())
                .unwrap_or_else(|| "default".to_owned()),
            credentials_file: path("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
            config_file: path("AWS_CONFIG_FILE", "config"),
        }
    }

    fn load(&self) -> Result<AwsCredentials> {
        // The credentials file names sections `[name]`; the config file `[profile name]`, and
        // `[default]` for the default profile. A key of the credentials file wins.
        let mut keys = HashMap::new();
        if let Some(path) = &self.config_file {
            let sections = read_ini(path)?;
            let wanted = format!("profile {}", self.profile);
            for name in [wanted.as_str(), self.profile.as_str()] {
                if name == self.profile && self.profile != "default" {
                    continue;
                }
                if let Some(section) = sections.get(name) {
                    keys.extend(section.clone());
                }
            }
        }
        if let Some(path) = &self.credentials_file
            && let Some(section) = read_ini(path)?.get(&self.profile)
        {
            keys.extend(section.clone());
        }
        let profile = &self.profile;
        if keys.is_empty() {
            return Err(credentials_error(format!(
                "the profile {profile:?} is in neither shared file ({})",
                self.describe_paths()
            )));
        }
        let id = keys.get("aws_access_key_id").filter(|v| !v.is_empty());
        let secret = keys.get("aws_secret_access_key").filter(|v| !v.is_empty());
        match (id, secret) {
            (Some(id), Some(secret)) => AwsCredentials::new(
                id.as_str(),
                secret.as_str(),
                keys.get("aws_session_token").cloned(),
            ),
            _ => match SDK_ONLY_KEYS.iter().find(|key| keys.contains_key(**key)) {
                Some(key) => Err(credentials_error(format!(
                    "the profile {profile:?} uses {key}, which only an AWS SDK resolves: pass \
                     the SDK's credentials (a boto3 session, an AWS SDK v3 provider) instead"
                ))),
                None => Err(credentials_error(format!(
                    "the profile {profile:?} has no aws_access_key_id and \
                     aws_secret_access_key"
                ))),
            },
        }
    }

    fn describe_paths(&self) -> String {
        [&self.credentials_file, &self.config_file]
            .iter()
            .filter_map(|path| path.as_ref().map(|p| p.display().to_string()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

type Sections = HashMap<String, HashMap<String, String>>;

/// Reads an AWS shared file: `[section]` lines, `key = value` lines, comments starting with
/// `#` or `;`. A missing file reads as empty. Written here rather than with an INI crate:
/// the format is AWS's own (sub-properties, `profile ` prefixes) and a dozen lines cover the
/// part this module reads.
fn read_ini(path: &Path) -> Result<Sections> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => zeroize::Zeroizing::new(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Sections::new()),
        Err(e) => {
            return Err(Error::Credentials {
                message: format!("cannot read {}", path.display()),
                source: Some(Box::new(e)),
            });
        }
    };
    Ok(parse_ini(&text))
}

fn parse_ini(text: &str) -> Sections {
    let mut sections = Sections::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            sections.entry(name.clone()).or_default();
            current = Some(name);
            continue;
        }
        if let (Some(section), Some((key, value))) = (&current, line.split_once('=')) {
            let value = value.trim();
            // An empty value opens a block of sub-properties (`s3 =` ...): not read here.
            if !value.is_empty() {
                sections
                    .entry(section.clone())
                    .or_default()
                    .insert(key.trim().to_ascii_lowercase(), value.to_owned());
            }
        }
    }
    sections
}

/// Something that produces credentials on demand: asked once, then again whenever the
/// credentials it gave are about to expire. Implemented by [`AwsCredentials`] (static
/// credentials) and by the Python and Node packages over boto3 / AWS SDK v3 providers.
pub trait ProvideCredentials: Send + Sync + 'static {
    /// Fresh credentials.
    ///
    /// # Errors
    /// [`Error::Credentials`] when none can be had.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

impl ProvideCredentials for AwsCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// The environment, then the shared files (see [`CredentialsProvider::default_chain`]).
struct DefaultChain {
    profile: Option<String>,
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let profile = self.profile.clone();
        Box::pin(async move {
            let lookup = |name: &str| std::env::var(name).ok();
            default_chain_with(profile, &lookup)
        })
    }
}

fn default_chain_with(profile: Option<String>, lookup: Lookup<'_>) -> Result<AwsCredentials> {
    match from_env_with(lookup) {
        Err(Error::Credentials { .. }) => {}
        other => return other,
    }
    SharedFiles::from_env(profile, lookup)
        .load()
        .map_err(|error| match error {
            Error::Credentials { message, source } => Error::Credentials {
                message: format!("no credentials in the environment, and {message}"),
                source,
            },
            other => other,
        })
}

/// Credentials for signing, cached: the provider is asked on first use and again when the
/// credentials are within [`REFRESH_BEFORE_EXPIRY`] of their expiry. Concurrent requests that
/// find the cache stale wait for one refresh rather than each asking the provider.
#[derive(Clone)]
pub struct CredentialsProvider {
    provider: Arc<dyn ProvideCredentials>,
    cache: Arc<tokio::sync::Mutex<Option<AwsCredentials>>>,
    cached: bool,
    label: &'static str,
}

impl fmt::Debug for CredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsProvider")
            .field("source", &self.label)
            .finish_non_exhaustive()
    }
}

impl CredentialsProvider {
    /// Always these credentials (refresh is a no-op).
    pub fn fixed(credentials: AwsCredentials) -> CredentialsProvider {
        CredentialsProvider::with_label(Arc::new(credentials), "fixed")
    }

    /// The environment variables, then the shared files' profile (`profile`, `AWS_PROFILE` or
    /// `default`), read on first use and again on refresh.
    pub fn default_chain(profile: Option<String>) -> CredentialsProvider {
        CredentialsProvider::with_label(Arc::new(DefaultChain { profile }), "default chain")
    }

    /// The application's own provider.
    pub fn custom(provider: impl ProvideCredentials) -> CredentialsProvider {
        CredentialsProvider::with_label(Arc::new(provider), "custom")
    }

    /// The application's own provider, asked on every request: for providers that cache and
    /// refresh by themselves (botocore's credentials, an AWS SDK v3 provider wrapped in
    /// `memoize`), so that a second cache never holds credentials they have replaced.
    pub fn uncached(provider: impl ProvideCredentials) -> CredentialsProvider {
        CredentialsProvider {
            cached: false,
            ..CredentialsProvider::with_label(Arc::new(provider), "custom, uncached")
        }
    }

    fn with_label(provider: Arc<dyn ProvideCredentials>, label: &'static str) -> Self {
        CredentialsProvider {
            provider,
            cache: Arc::new(tokio::sync::Mutex::new(None)),
            cached: true,
            label,
        }
    }

    /// The cached credentials, fetched first when there are none or they expire soon.
    ///
    /// # Errors
    /// The provider's error; [`Error::Credentials`] when it gives credentials that are
    /// already within the refresh margin of their expiry.
    pub async fn credentials(&self) -> Result<AwsCredentials> {
        let mut cache = self.cache.lock().await;
        let now = SystemTime::now();
        if let Some(credentials) = cache
            .as_ref()
            .filter(|c| self.cached && !c.expires_soon(now))
        {
            return Ok(credentials.clone());
        }
        let fresh = self.provider.provide_credentials().await?;
        if fresh.expiry().is_some_and(|expiry| expiry <= now) {
            return Err(credentials_error(format!(
                "the credentials provider gave credentials for {} that have expired",
                fresh.access_key_id()
            )));
        }
        *cache = Some(fresh.clone());
        Ok(fresh)
    }

    /// Forgets the cached credentials, so that the next request asks the provider (after the
    /// service refused them as expired).
    pub async fn invalidate(&self) {
        *self.cache.lock().await = None;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn credentials_are_validated_and_never_printed() {
        let creds = AwsCredentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG", Some("tok".into()));
        let text = format!("{creds:?}");
        assert!(text.contains("AKIDEXAMPLE"), "{text}");
        assert!(!text.contains("wJalr") && !text.contains("tok\""), "{text}");
        assert_eq!(creds.map(|c| c.has_session_token()).ok(), Some(true));
        for (id, secret) in [("", "s"), ("a", ""), ("a b", "s"), ("a", "s\n")] {
            let error = AwsCredentials::new(id, secret, None).err();
            assert_eq!(
                error.map(|e| e.code().to_owned()).as_deref(),
                Some("InvalidInputError")
            );
        }
        let error = AwsCredentials::new("a", "very secret", None).err();
        assert!(
            !error
                .map(|e| e.to_string())
                .unwrap_or_default()
                .contains("very")
        );
    }

    #[test]
    fn the_environment_gives_keys_and_a_session_token() {
        let creds = from_env_with(&env(&[
            ("AWS_ACCESS_KEY_ID", "AKID1"),
            ("AWS_SECRET_ACCESS_KEY", "secret1"),
            ("AWS_SESSION_TOKEN", "token1"),
        ]));
        assert_eq!(
            creds.as_ref().map(AwsCredentials::access_key_id).ok(),
            Some("AKID1")
        );
        assert_eq!(
            creds.as_ref().ok().and_then(|c| c.as_sdk().session_token()),
            Some("token1")
        );
        let missing = from_env_with(&env(&[("AWS_ACCESS_KEY_ID", "AKID1")])).err();
        assert_eq!(
            missing.map(|e| e.code().to_owned()).as_deref(),
            Some("CredentialsError")
        );
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        assert!(std::fs::write(&path, text).is_ok());
        path
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cognito-mfa-{name}-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir
    }

    #[test]
    fn profiles_come_from_the_credentials_file_then_the_config_file() {
        let dir = temp_dir("profiles");
        let credentials = write(
            &dir,
            "credentials",
            "# comment\n[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s0\n\n\
             [ops]\n aws_access_key_id=AKIDOPS \naws_secret_access_key = s1\naws_session_token = t1\n",
        );
        let config = write(
            &dir,
            "config",
            "[default]\nregion = us-east-1\n[profile cfg]\naws_access_key_id = AKIDCFG\n\
             aws_secret_access_key = s2\ns3 =\n  max_concurrent_requests = 4\n\
             [profile role]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n\
             [cfgonly]\naws_access_key_id = NOTAPROFILE\naws_secret_access_key = s3\n",
        );
        let (c, k) = (
            credentials.display().to_string(),
            config.display().to_string(),
        );
        let load = |profile: Option<&str>, aws_profile: &str| {
            let lookup = env(&[
                ("AWS_SHARED_CREDENTIALS_FILE", c.as_str()),
                ("AWS_CONFIG_FILE", k.as_str()),
                ("AWS_PROFILE", aws_profile),
            ]);
            SharedFiles::from_env(profile.map(str::to_owned), &lookup).load()
        };
        let id = |r: Result<AwsCredentials>| r.map(|c| c.access_key_id().to_owned());
        assert_eq!(id(load(None, "")).ok().as_deref(), Some("AKIDDEFAULT"));
        assert_eq!(id(load(None, "ops")).ok().as_deref(), Some("AKIDOPS"));
        assert_eq!(
            id(load(Some("cfg"), "ops")).ok().as_deref(),
            Some("AKIDCFG")
        );
        assert!(load(Some("ops"), "").is_ok_and(|c| c.has_session_token()));
        let role = load(Some("role"), "")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            role.contains("role_arn") && role.contains("AWS SDK"),
            "{role}"
        );
        // In the config file, a non-default profile's section is `[profile name]`.
        let bare = load(Some("cfgonly"), "").err().map(|e| e.code().to_owned());
        assert_eq!(bare.as_deref(), Some("CredentialsError"));
        let absent = load(Some("nope"), "")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(absent.contains("\"nope\""), "{absent}");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn the_default_chain_prefers_the_environment() {
        let dir = temp_dir("chain");
        let credentials = write(
            &dir,
            "credentials",
            "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n",
        );
        let c = credentials.display().to_string();
        let file_only = env(&[
            ("AWS_SHARED_CREDENTIALS_FILE", &c),
            ("HOME", "/nonexistent"),
        ]);
        let both = env(&[
            ("AWS_SHARED_CREDENTIALS_FILE", &c),
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "s"),
        ]);
        let id = |r: Result<AwsCredentials>| r.map(|c| c.access_key_id().to_owned()).ok();
        assert_eq!(
            id(default_chain_with(None, &file_only)).as_deref(),
            Some("AKIDFILE")
        );
        assert_eq!(
            id(default_chain_with(None, &both)).as_deref(),
            Some("AKIDENV")
        );
        let none = default_chain_with(None, &env(&[("HOME", "/nonexistent")])).err();
        let text = none.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains("no credentials in the environment"), "{text}");
        let _ = std::fs::remove_dir_all(dir);
    }

    struct Counting {
        calls: Arc<AtomicUsize>,
        lifetime: Duration,
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> CredentialsFuture<'_> {
            Box::pin(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                AwsCredentials::new(format!("AKID{n}"), "s", Some("t".into()))
                    .map(|c| c.with_expiry(SystemTime::now() + self.lifetime))
            })
        }
    }

    #[tokio::test]
    async fn the_cache_refreshes_once_for_concurrent_callers_and_before_expiry() {
        let calls = Arc::new(AtomicUsize::new(0));
        let long = CredentialsProvider::custom(Counting {
            calls: calls.clone(),
            lifetime: Duration::from_secs(3600),
        });
        let (a, b, c) = tokio::join!(long.credentials(), long.credentials(), long.credentials());
        let ids: Vec<_> = [a, b, c]
            .into_iter()
            .map(|r| r.map(|c| c.access_key_id().to_owned()).ok())
            .collect();
        assert_eq!(ids, vec![Some("AKID0".to_owned()); 3]);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        long.invalidate().await;
        let again = long
            .credentials()
            .await
            .map(|c| c.access_key_id().to_owned());
        assert_eq!(again.ok().as_deref(), Some("AKID1"));

        // An uncached provider is asked every time.
        let uncached_calls = Arc::new(AtomicUsize::new(0));
        let uncached = CredentialsProvider::uncached(Counting {
            calls: uncached_calls.clone(),
            lifetime: Duration::from_secs(3600),
        });
        assert!(uncached.credentials().await.is_ok());
        assert!(uncached.credentials().await.is_ok());
        assert_eq!(uncached_calls.load(Ordering::SeqCst), 2);

        // Credentials that expire within the refresh margin are fetched anew on every use.
        let short_calls = Arc::new(AtomicUsize::new(0));
        let short = CredentialsProvider::custom(Counting {
            calls: short_calls.clone(),
            lifetime: Duration::from_secs(60),
        });
        assert!(short.credentials().await.is_ok());
        assert!(short.credentials().await.is_ok());
        assert_eq!(short_calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn expired_credentials_from_a_provider_are_refused() {
        let expired = AwsCredentials::new("AKIDOLD", "s", None)
            .map(|c| c.with_expiry(SystemTime::now() - Duration::from_secs(1)));
        let Ok(expired) = expired else {
            return;
        };
        let provider = CredentialsProvider::custom(expired);
        let error = provider.credentials().await.err();
        assert_eq!(
            error.map(|e| e.code().to_owned()).as_deref(),
            Some("CredentialsError")
        );
    }

    #[test]
    fn ini_parsing_survives_garbage() {
        let sections = parse_ini("[\n]]]\n=\n[a]\n=x\nk\n[b ]\nK = v = w\n");
        assert_eq!(
            sections
                .get("b")
                .and_then(|s| s.get("k"))
                .map(String::as_str),
            Some("v = w")
        );
    }
}
