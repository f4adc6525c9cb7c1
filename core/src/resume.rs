//! A sign-in in progress (or a signed-in session) as a value that outlives the [`User`]: a web
//! backend exports it after one HTTP request and resumes it in the next one, on another worker
//! or after a restart.
//!
//! Two forms:
//!
//! * plain, [`SignInSnapshot`]: a versioned serde value the caller stores server-side
//!   ([`User::export_state`], [`UserPool::resume`]);
//! * sealed, by a [`Sealer`]: an opaque URL-safe string for a cookie or a hidden form field,
//!   `version ‖ key id length ‖ key id ‖ 24-byte nonce ‖ XChaCha20-Poly1305(JSON snapshot)`,
//!   base64url without padding, with the pool id and client id as associated data.
//!
//! A snapshot expires with the challenge's `Session` (Cognito's default is 3 minutes, at most
//! 15 for an app client) or, for a signed-in user, with the access token. Every refusal —
//! tampered, truncated, wrong key, unknown key id, another pool, expired, malformed — is one
//! typed error, [`Error::InvalidState`], whose message never holds the value or a key.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::Aead;
use chacha20poly1305::aead::Payload;
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::client::UserPool;
use crate::error::{Error, InvalidStateReason, Result};
use crate::protocol::{ChallengeName, SecretString};
use crate::session::UserSession;
use crate::user::{SignInState, User};

/// The version of [`SignInSnapshot`] and of the sealed format this library writes and reads.
pub const SNAPSHOT_VERSION: u32 = 1;
/// How long a challenge's snapshot stays valid unless told otherwise: Cognito's default
/// `Session` lifetime, 3 minutes.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(180);
/// The longest a challenge's `Session` lives (an app client's setting goes up to 15 minutes).
pub const MAX_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// The longest sealed value [`Sealer::open`] decodes: a cookie's limit.
pub const MAX_SEALED_LEN: usize = 4096;
/// The longest key id, in bytes.
pub const MAX_KEY_ID_LEN: usize = 16;

const SEALED_VERSION: u8 = 1;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// What a snapshot holds besides the user: a challenge waiting for its answer, or tokens.
#[derive(Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SnapshotProgress {
    /// A challenge was issued and waits for its answer.
    Challenge {
        /// The challenge's wire name, e.g. `SOFTWARE_TOKEN_MFA`.
        name: String,
        /// The raw `ChallengeParameters`.
        parameters: BTreeMap<String, String>,
        /// The `Session` to answer with (a secret: redacted in `Debug`).
        session: SecretString,
    },
    /// Signed in: the raw tokens.
    SignedIn {
        /// The ID token (a secret).
        id_token: SecretString,
        /// The access token (a secret).
        access_token: SecretString,
        /// The refresh token, when there is one (a secret).
        refresh_token: Option<SecretString>,
        /// Local clock minus the service's, in seconds ([`UserSession::clock_drift`]).
        clock_drift: i64,
    },
}

impl fmt::Debug for SnapshotProgress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotProgress::Challenge {
                name, parameters, ..
            } => f
                .debug_struct("Challenge")
                .field("name", name)
                .field("parameters", parameters)
                .field("session", &"<redacted>")
                .finish(),
            SnapshotProgress::SignedIn { clock_drift, .. } => f
                .debug_struct("SignedIn")
                .field("tokens", &"<redacted>")
                .field("clock_drift", clock_drift)
                .finish(),
        }
    }
}

/// The exported state of a [`User`]: who, in which pool and app client, what is in progress,
/// and for how long. Serialize it with serde (JSON field names as below); `Debug` redacts the
/// Session and the tokens.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SignInSnapshot {
    /// [`SNAPSHOT_VERSION`] when written by this library.
    pub version: u32,
    /// The user pool id, e.g. `us-east-1_AbCdEfGhI`.
    pub user_pool_id: String,
    /// The app client id.
    pub client_id: String,
    /// The name the user was created with ([`User::given_username`]).
    pub given_username: String,
    /// The name sent in requests ([`User::username`]: `USER_ID_FOR_SRP` after SRP).
    pub username: String,
    /// When the snapshot was taken (Unix seconds, local clock).
    pub issued_at: u64,
    /// When it stops being resumable (Unix seconds, local clock).
    pub expires_at: u64,
    /// The challenge or the tokens.
    pub progress: SnapshotProgress,
}

fn invalid(reason: InvalidStateReason) -> Error {
    Error::InvalidState { reason }
}

impl SignInSnapshot {
    /// Checks that the snapshot belongs to `pool` (pool id and client id), is of a known
    /// version and has not expired at `now` (Unix seconds).
    ///
    /// # Errors
    /// [`Error::InvalidState`] with [`InvalidStateReason::UnsupportedVersion`],
    /// [`InvalidStateReason::OtherPool`] or [`InvalidStateReason::Expired`].
    pub fn check(&self, pool: &UserPool, now: u64) -> Result<()> {
        if self.version != SNAPSHOT_VERSION {
            return Err(invalid(InvalidStateReason::UnsupportedVersion));
        }
        if self.user_pool_id != pool.pool_id().as_str() || self.client_id != pool.client_id() {
            return Err(invalid(InvalidStateReason::OtherPool));
        }
        if now >= self.expires_at || self.issued_at > self.expires_at {
            return Err(invalid(InvalidStateReason::Expired));
        }
        if let SnapshotProgress::Challenge { .. } = self.progress {
            let lifetime = self.expires_at - self.issued_at;
            if lifetime > MAX_LIFETIME.as_secs() {
                return Err(invalid(InvalidStateReason::Expired));
            }
        }
        Ok(())
    }
}

impl SignInSnapshot {
    /// This snapshot without the refresh token. A signed-in state's three tokens rarely fit
    /// the 4096 bytes of a cookie once sealed (Cognito's refresh token alone is about 1.8 kB);
    /// the ID and access tokens do. The user resumed from it is signed in until the access
    /// token expires and cannot refresh ([`User::refresh_session`] fails with
    /// [`Error::NotSignedIn`]): keep the refresh token elsewhere, or sign in again. A
    /// challenge's snapshot is returned unchanged.
    #[must_use]
    pub fn without_refresh_token(mut self) -> SignInSnapshot {
        if let SnapshotProgress::SignedIn { refresh_token, .. } = &mut self.progress {
            *refresh_token = None;
        }
        self
    }
}

impl User {
    /// The state of this user at `now` (Unix seconds) as a [`SignInSnapshot`], valid for
    /// [`DEFAULT_LIFETIME`] when a challenge is in progress (see [`User::export_state_for`]).
    ///
    /// # Errors
    /// As [`User::export_state_for`].
    pub fn export_state(&self, now: u64) -> Result<SignInSnapshot> {
        self.export_state_for(now, DEFAULT_LIFETIME)
    }

    /// The state of this user at `now` (Unix seconds) as a [`SignInSnapshot`]. A challenge's
    /// snapshot expires `lifetime` after `now` (give the app client's `Session` lifetime);
    /// a signed-in user's when its access token does (by the local clock).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a lifetime of 0 or longer than [`MAX_LIFETIME`];
    /// [`Error::InvalidState`] ([`InvalidStateReason::NothingInProgress`]) when the user is
    /// neither in a challenge nor signed in.
    pub fn export_state_for(&self, now: u64, lifetime: Duration) -> Result<SignInSnapshot> {
        if lifetime.is_zero() || lifetime > MAX_LIFETIME {
            return Err(Error::invalid_input(
                "the lifetime of a sign-in state must be 1 second to 15 minutes",
            ));
        }
        let (username, state) = {
            let inner = self.lock();
            (inner.username.clone(), inner.state.clone())
        };
        let (progress, expires_at) = match state {
            SignInState::InChallenge {
                name,
                session,
                parameters,
                ..
            } => (
                SnapshotProgress::Challenge {
                    name: name.as_str().to_owned(),
                    parameters,
                    session,
                },
                now.saturating_add(lifetime.as_secs()),
            ),
            SignInState::SignedIn { session } => {
                let local_expiry =
                    i128::from(session.expiration()) + i128::from(session.clock_drift());
                let expires_at = u64::try_from(local_expiry.max(0)).unwrap_or(u64::MAX);
                (
                    SnapshotProgress::SignedIn {
                        id_token: SecretString::new(session.id_token().jwt_token()),
                        access_token: SecretString::new(session.access_token().jwt_token()),
                        refresh_token: session
                            .refresh_token()
                            .map(|token| SecretString::new(token.token())),
                        clock_drift: session.clock_drift(),
                    },
                    expires_at,
                )
            }
            _ => return Err(invalid(InvalidStateReason::NothingInProgress)),
        };
        Ok(SignInSnapshot {
            version: SNAPSHOT_VERSION,
            user_pool_id: self.pool.pool_id().as_str().to_owned(),
            client_id: self.pool.client_id().to_owned(),
            given_username: self.given_username.clone(),
            username,
            issued_at: now,
            expires_at,
            progress,
        })
    }
}

impl UserPool {
    /// A new [`User`] of this pool in the state `snapshot` describes, checked at `now` (Unix
    /// seconds): it answers the challenge (or calls the API) exactly as the exported user
    /// would. Nothing is built unless every check passes.
    ///
    /// # Errors
    /// [`Error::InvalidState`]: another pool or app client ([`InvalidStateReason::OtherPool`]),
    /// expired, an unknown version, an empty user name, a challenge the client answers itself
    /// or that is unknown ([`InvalidStateReason::NotResumable`]), parameters that do not fit
    /// the challenge or tokens that are not JWTs ([`InvalidStateReason::Malformed`]).
    pub fn resume(&self, snapshot: &SignInSnapshot, now: u64) -> Result<User> {
        snapshot.check(self, now)?;
        if snapshot.given_username.is_empty() || snapshot.username.is_empty() {
            return Err(invalid(InvalidStateReason::Malformed));
        }
        let user = self.try_user(snapshot.given_username.clone())?;
        user.lock().username = snapshot.username.clone();
        match &snapshot.progress {
            SnapshotProgress::Challenge {
                name,
                parameters,
                session,
            } => {
                let name: ChallengeName = name
                    .parse()
                    .map_err(|_| invalid(InvalidStateReason::NotResumable))?;
                if name.is_internal() {
                    return Err(invalid(InvalidStateReason::NotResumable));
                }
                user.resume_challenge(name, session.expose(), parameters.clone())
                    .map_err(|_| invalid(InvalidStateReason::Malformed))?;
            }
            SnapshotProgress::SignedIn {
                id_token,
                access_token,
                refresh_token,
                clock_drift,
            } => {
                let session = UserSession::from_tokens(
                    id_token.expose(),
                    access_token.expose(),
                    refresh_token.as_ref().map(SecretString::expose),
                    Some(*clock_drift),
                )
                .map_err(|_| invalid(InvalidStateReason::Malformed))?;
                user.restore_session(session);
            }
        }
        Ok(user)
    }
}

/// A 32-byte XChaCha20-Poly1305 key with its id: zeroized on drop, redacted in `Debug`.
#[derive(Clone)]
pub struct SealingKey {
    id: String,
    key: Zeroizing<[u8; 32]>,
}

impl SealingKey {
    /// A key named `id` (1 to [`MAX_KEY_ID_LEN`] bytes of ASCII letters, digits, `-`, `_`;
    /// written in clear into every value it seals).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a bad id or a key that is not 32 bytes long.
    pub fn new(id: impl Into<String>, key: &[u8]) -> Result<SealingKey> {
        let id = id.into();
        let id_ok = !id.is_empty()
            && id.len() <= MAX_KEY_ID_LEN
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !id_ok {
            return Err(Error::invalid_input(
                "a key id is 1 to 16 ASCII letters, digits, '-' or '_'",
            ));
        }
        let key: [u8; 32] = key
            .try_into()
            .map_err(|_| Error::invalid_input("a sealing key is 32 bytes long"))?;
        Ok(SealingKey {
            id,
            key: Zeroizing::new(key),
        })
    }

    /// The key's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    fn cipher(&self) -> Result<XChaCha20Poly1305> {
        XChaCha20Poly1305::new_from_slice(self.key.as_slice())
            .map_err(|_| Error::invalid_input("a sealing key is 32 bytes long"))
    }
}

impl fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealingKey")
            .field("id", &self.id)
            .field("key", &"<redacted>")
            .finish()
    }
}

/// Seals [`SignInSnapshot`]s into opaque strings and opens them again, with a list of keys:
/// the first seals, every listed one opens (rotation: put the new key first and keep the old
/// one listed until the values it sealed have expired).
#[derive(Clone, Debug)]
pub struct Sealer {
    keys: Vec<SealingKey>,
}

impl Sealer {
    /// A sealer that seals with `keys[0]` and opens with any of `keys`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for no key or two keys with one id.
    pub fn new(keys: Vec<SealingKey>) -> Result<Sealer> {
        if keys.is_empty() {
            return Err(Error::invalid_input("a sealer needs at least one key"));
        }
        for (i, key) in keys.iter().enumerate() {
            if keys.iter().skip(i + 1).any(|other| other.id == key.id) {
                return Err(Error::invalid_input(format!(
                    "the key id {:?} is listed twice",
                    key.id
                )));
            }
        }
        Ok(Sealer { keys })
    }

    /// A sealer over `keys` that seals with the key named `seal_with`.
    ///
    /// # Errors
    /// As [`Sealer::new`], and [`Error::InvalidInput`] when no key is named `seal_with`.
    pub fn with_sealing_key(mut keys: Vec<SealingKey>, seal_with: &str) -> Result<Sealer> {
        let index = keys
            .iter()
            .position(|key| key.id == seal_with)
            .ok_or_else(|| Error::invalid_input("seal_with names none of the keys"))?;
        keys.swap(0, index);
        Sealer::new(keys)
    }

    /// The id of the key that seals.
    pub fn sealing_key_id(&self) -> &str {
        self.keys.first().map_or("", SealingKey::id)
    }

    /// Seals `snapshot` with a fresh random nonce. A challenge's state seals to a few hundred
    /// bytes; a signed-in user's holds three tokens and may not fit a cookie: keep that one in
    /// the plain form server-side.
    ///
    /// # Errors
    /// [`Error::RandomSource`] when the OS random number generator fails;
    /// [`Error::InvalidState`] ([`InvalidStateReason::TooLong`]) when the sealed value would be
    /// longer than [`MAX_SEALED_LEN`], which [`Sealer::open`] refuses.
    pub fn seal(&self, snapshot: &SignInSnapshot) -> Result<String> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| Error::RandomSource(e.to_string()))?;
        self.seal_with_nonce(snapshot, nonce)
    }

    /// [`Sealer::seal`] with a given nonce (never reuse one with a key).
    fn seal_with_nonce(&self, snapshot: &SignInSnapshot, nonce: [u8; NONCE_LEN]) -> Result<String> {
        let key = self
            .keys
            .first()
            .ok_or_else(|| Error::invalid_input("a sealer needs at least one key"))?;
        let plaintext = Zeroizing::new(
            serde_json::to_vec(snapshot)
                .map_err(|_| Error::invalid_input("the sign-in state cannot be serialized"))?,
        );
        let header = header(&key.id);
        let aad = associated_data(&header, &snapshot.user_pool_id, &snapshot.client_id);
        let ciphertext = key
            .cipher()?
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| Error::invalid_input("the sign-in state cannot be sealed"))?;
        let mut sealed = header;
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        let sealed = URL_SAFE_NO_PAD.encode(sealed);
        if sealed.len() > MAX_SEALED_LEN {
            return Err(invalid(InvalidStateReason::TooLong));
        }
        Ok(sealed)
    }

    /// Opens a value [`Sealer::seal`] made, for `pool`, and checks it at `now` (Unix seconds)
    /// as [`SignInSnapshot::check`] does. Resume it with [`UserPool::resume`], or call
    /// [`Sealer::resume`].
    ///
    /// # Errors
    /// [`Error::InvalidState`]: longer than [`MAX_SEALED_LEN`] ([`InvalidStateReason::TooLong`]),
    /// not base64url, truncated or of another format version ([`InvalidStateReason::Malformed`]),
    /// sealed by a key not listed ([`InvalidStateReason::UnknownKey`]), tampered with, sealed
    /// by another key of that id or for another pool or app client
    /// ([`InvalidStateReason::Unauthentic`]), expired ([`InvalidStateReason::Expired`]).
    pub fn open(&self, sealed: &str, pool: &UserPool, now: u64) -> Result<SignInSnapshot> {
        if sealed.len() > MAX_SEALED_LEN {
            return Err(invalid(InvalidStateReason::TooLong));
        }
        let bytes = URL_SAFE_NO_PAD
            .decode(sealed.as_bytes())
            .map_err(|_| invalid(InvalidStateReason::Malformed))?;
        let malformed = || invalid(InvalidStateReason::Malformed);
        let (&version, rest) = bytes.split_first().ok_or_else(malformed)?;
        if version != SEALED_VERSION {
            return Err(invalid(InvalidStateReason::UnsupportedVersion));
        }
        let (&id_len, rest) = rest.split_first().ok_or_else(malformed)?;
        let id_len = usize::from(id_len);
        if id_len == 0 || id_len > MAX_KEY_ID_LEN {
            return Err(malformed());
        }
        let (id, rest) = rest.split_at_checked(id_len).ok_or_else(malformed)?;
        let (nonce, ciphertext) = rest.split_at_checked(NONCE_LEN).ok_or_else(malformed)?;
        if ciphertext.len() < TAG_LEN {
            return Err(malformed());
        }
        let key = self
            .keys
            .iter()
            .find(|key| key.id.as_bytes() == id)
            .ok_or_else(|| invalid(InvalidStateReason::UnknownKey))?;
        let header_len = 2 + id_len;
        let header = bytes.get(..header_len).ok_or_else(malformed)?;
        let aad = associated_data(header, pool.pool_id().as_str(), pool.client_id());
        let nonce = XNonce::try_from(nonce).map_err(|_| malformed())?;
        let plaintext = Zeroizing::new(
            key.cipher()?
                .decrypt(
                    &nonce,
                    Payload {
                        msg: ciphertext,
                        aad: &aad,
                    },
                )
                .map_err(|_| invalid(InvalidStateReason::Unauthentic))?,
        );
        let snapshot: SignInSnapshot =
            serde_json::from_slice(&plaintext).map_err(|_| malformed())?;
        snapshot.check(pool, now)?;
        Ok(snapshot)
    }

    /// [`Sealer::open`] then [`UserPool::resume`]: a user of `pool` in the sealed state.
    ///
    /// # Errors
    /// As [`Sealer::open`] and [`UserPool::resume`].
    pub fn resume(&self, sealed: &str, pool: &UserPool, now: u64) -> Result<User> {
        pool.resume(&self.open(sealed, pool, now)?, now)
    }
}

/// `version ‖ key id length ‖ key id`.
fn header(key_id: &str) -> Vec<u8> {
    let mut header = vec![
        SEALED_VERSION,
        u8::try_from(key_id.len()).unwrap_or(u8::MAX),
    ];
    header.extend_from_slice(key_id.as_bytes());
    header
}

/// The associated data: the header, then the pool id and client id, each length-prefixed.
fn associated_data(header: &[u8], pool_id: &str, client_id: &str) -> Vec<u8> {
    let mut aad = b"cognito-mfa/sign-in-state\0".to_vec();
    aad.extend_from_slice(header);
    for part in [pool_id, client_id] {
        aad.extend_from_slice(&u32::try_from(part.len()).unwrap_or(u32::MAX).to_be_bytes());
        aad.extend_from_slice(part.as_bytes());
    }
    aad
}

impl Drop for Sealer {
    fn drop(&mut self) {
        // Each key zeroizes itself; the ids are not secret. This keeps the key list from
        // lingering in a reallocated buffer.
        for key in &mut self.keys {
            key.key.zeroize();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::tests::jwt;
    use proptest::prelude::*;

    const NOW: u64 = 1_700_000_000;

    #[allow(clippy::expect_used)]
    fn make_pool(pool_id: &str, client_id: &str) -> UserPool {
        UserPool::new(pool_id, client_id).expect("a valid test pool")
    }

    fn main_pool() -> UserPool {
        make_pool("us-east-1_AbCdEfGhI", "client1")
    }

    fn totp_user(pool: &UserPool) -> User {
        let user = pool.user("alice");
        user.lock().username = "uuid-of-alice".into();
        let _ = user.resume_challenge(
            ChallengeName::SoftwareTokenMfa,
            "AYABeSession",
            BTreeMap::new(),
        );
        user
    }

    fn key(id: &str, byte: u8) -> SealingKey {
        SealingKey::new(id, &[byte; 32]).unwrap_or_else(|_| SealingKey {
            id: "bad".into(),
            key: Zeroizing::new([0; 32]),
        })
    }

    fn sealer(keys: &[(&str, u8)]) -> Result<Sealer> {
        Sealer::new(keys.iter().map(|(id, byte)| key(id, *byte)).collect())
    }

    fn reason<T>(result: Result<T>) -> Option<InvalidStateReason> {
        match result {
            Err(Error::InvalidState { reason }) => Some(reason),
            _ => None,
        }
    }

    #[test]
    fn a_challenge_round_trips_in_both_forms() -> Result<()> {
        let pool = main_pool();
        let snapshot = totp_user(&pool).export_state(NOW)?;
        assert_eq!(snapshot.expires_at, NOW + 180);
        assert_eq!(snapshot.given_username, "alice");
        assert_eq!(snapshot.username, "uuid-of-alice");
        let debug = format!("{snapshot:?}");
        assert!(!debug.contains("AYABeSession"), "{debug}");

        let json = serde_json::to_string(&snapshot).map_err(|_| Error::unexpected("json"))?;
        let back: SignInSnapshot =
            serde_json::from_str(&json).map_err(|_| Error::unexpected("json"))?;
        let resumed = pool.resume(&back, NOW + 10)?;
        assert_eq!(resumed.username(), "uuid-of-alice");
        assert_eq!(resumed.given_username(), "alice");
        match resumed.state() {
            SignInState::InChallenge { name, session, .. } => {
                assert_eq!(name, ChallengeName::SoftwareTokenMfa);
                assert_eq!(session.expose(), "AYABeSession");
            }
            other => return Err(Error::unexpected(format!("{other:?}"))),
        }

        let sealer = sealer(&[("k1", 1)])?;
        let sealed = sealer.seal(&snapshot)?;
        assert!(sealed.len() < 600, "{}", sealed.len());
        assert!(
            sealed
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert!(!sealed.contains("alice"));
        let user = sealer.resume(&sealed, &pool, NOW + 179)?;
        assert!(matches!(user.state(), SignInState::InChallenge { .. }));
        Ok(())
    }

    #[test]
    fn a_signed_in_session_round_trips() -> Result<()> {
        let pool = main_pool();
        let exp = NOW + 3600;
        let payload = format!(r#"{{"iat":{NOW},"exp":{exp},"sub":"s"}}"#);
        let session =
            UserSession::from_tokens(&jwt(&payload), &jwt(&payload), Some("refresh"), Some(5))?;
        let user = pool.user("alice");
        user.restore_session(session);
        let snapshot = user.export_state(NOW)?;
        assert_eq!(snapshot.expires_at, exp + 5);
        let sealer = sealer(&[("k1", 1)])?;
        let user = sealer.resume(&sealer.seal(&snapshot)?, &pool, NOW + 60)?;
        let session = user.session().ok_or(Error::NotSignedIn)?;
        assert_eq!(session.refresh_token().map(|t| t.token()), Some("refresh"));
        assert_eq!(session.clock_drift(), 5);
        assert_eq!(session.id_token().expiration(), exp);
        assert_eq!(
            reason(sealer.resume(&sealer.seal(&snapshot)?, &pool, exp + 5)),
            Some(InvalidStateReason::Expired)
        );

        // Without the refresh token: shorter, signed in, nothing to refresh with.
        let lean = snapshot.clone().without_refresh_token();
        assert!(sealer.seal(&lean)?.len() < sealer.seal(&snapshot)?.len());
        let user = sealer.resume(&sealer.seal(&lean)?, &pool, NOW + 60)?;
        let session = user.session().ok_or(Error::NotSignedIn)?;
        assert!(session.refresh_token().is_none());
        assert_eq!(session.access_token().expiration(), exp);
        // A challenge's snapshot is left as it is.
        let challenge = totp_user(&pool).export_state(NOW)?;
        assert_eq!(
            serde_json::to_string(&challenge.clone().without_refresh_token()).ok(),
            serde_json::to_string(&challenge).ok()
        );
        Ok(())
    }

    #[test]
    fn every_refusal_is_a_typed_invalid_state() -> Result<()> {
        let pool = main_pool();
        let user = totp_user(&pool);
        let snapshot = user.export_state(NOW)?;
        let sealer = sealer(&[("k1", 1)])?;
        let sealed = sealer.seal(&snapshot)?;

        let other_pool = make_pool("us-east-1_Other", "client1");
        let other_client = make_pool("us-east-1_AbCdEfGhI", "client2");
        for other in [&other_pool, &other_client] {
            assert_eq!(
                reason(sealer.open(&sealed, other, NOW)),
                Some(InvalidStateReason::Unauthentic)
            );
            assert_eq!(
                reason(other.resume(&snapshot, NOW)),
                Some(InvalidStateReason::OtherPool)
            );
        }
        assert_eq!(
            reason(sealer.open(&sealed, &pool, NOW + 180)),
            Some(InvalidStateReason::Expired)
        );
        assert_eq!(
            reason(pool.resume(&snapshot, NOW + 180)),
            Some(InvalidStateReason::Expired)
        );
        let wrong_key = self::sealer(&[("k1", 2)])?;
        assert_eq!(
            reason(wrong_key.open(&sealed, &pool, NOW)),
            Some(InvalidStateReason::Unauthentic)
        );
        let unknown = self::sealer(&[("k2", 1)])?;
        assert_eq!(
            reason(unknown.open(&sealed, &pool, NOW)),
            Some(InvalidStateReason::UnknownKey)
        );
        // Truncated: by whole bytes it no longer authenticates; mid-character it is not
        // base64url any more.
        let bytes = URL_SAFE_NO_PAD
            .decode(&sealed)
            .map_err(|_| Error::unexpected("b64"))?;
        let shorter = URL_SAFE_NO_PAD.encode(bytes.get(..bytes.len() - 3).unwrap_or_default());
        assert_eq!(
            reason(sealer.open(&shorter, &pool, NOW)),
            Some(InvalidStateReason::Unauthentic)
        );
        assert!(reason(sealer.open(&sealed[..sealed.len() - 5], &pool, NOW)).is_some());
        assert_eq!(
            reason(sealer.open(&sealed[..10], &pool, NOW)),
            Some(InvalidStateReason::Malformed)
        );
        assert_eq!(
            reason(sealer.open("not base64!", &pool, NOW)),
            Some(InvalidStateReason::Malformed)
        );
        assert_eq!(
            reason(sealer.open("", &pool, NOW)),
            Some(InvalidStateReason::Malformed)
        );
        assert_eq!(
            reason(sealer.open(&"A".repeat(MAX_SEALED_LEN + 1), &pool, NOW)),
            Some(InvalidStateReason::TooLong)
        );
        let mut bytes = URL_SAFE_NO_PAD
            .decode(&sealed)
            .map_err(|_| Error::unexpected("b64"))?;
        if let Some(version) = bytes.first_mut() {
            *version = 2;
        }
        assert_eq!(
            reason(sealer.open(&URL_SAFE_NO_PAD.encode(&bytes), &pool, NOW)),
            Some(InvalidStateReason::UnsupportedVersion)
        );

        let mut internal = snapshot.clone();
        internal.progress = SnapshotProgress::Challenge {
            name: "PASSWORD_VERIFIER".into(),
            parameters: BTreeMap::new(),
            session: "s".into(),
        };
        assert_eq!(
            reason(pool.resume(&internal, NOW)),
            Some(InvalidStateReason::NotResumable)
        );
        assert_eq!(
            reason(sealer.resume(&sealer.seal(&internal)?, &pool, NOW)),
            Some(InvalidStateReason::NotResumable)
        );
        let mut unfit = snapshot.clone();
        unfit.progress = SnapshotProgress::Challenge {
            name: "SELECT_MFA_TYPE".into(),
            parameters: BTreeMap::new(),
            session: "s".into(),
        };
        assert_eq!(
            reason(pool.resume(&unfit, NOW)),
            Some(InvalidStateReason::Malformed)
        );
        let mut too_long = snapshot.clone();
        too_long.expires_at = NOW + 16 * 60;
        assert_eq!(
            reason(pool.resume(&too_long, NOW)),
            Some(InvalidStateReason::Expired)
        );
        assert_eq!(
            reason(pool.user("bob").export_state(NOW)),
            Some(InvalidStateReason::NothingInProgress)
        );
        assert_eq!(
            user.export_state_for(NOW, Duration::from_secs(901))
                .err()
                .map(|e| e.code().to_owned())
                .as_deref(),
            Some("InvalidInputError")
        );

        // No message holds the value, the Session or a key.
        let error = sealer.open(&sealed[..sealed.len() - 1], &pool, NOW).err();
        let text = error.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.starts_with("invalid sign-in state"), "{text}");
        assert!(!text.contains(&sealed[..20]), "{text}");
        assert!(!format!("{sealer:?}").contains("[1, 1"));
        Ok(())
    }

    #[test]
    fn keys_rotate() -> Result<()> {
        let pool = main_pool();
        let snapshot = totp_user(&pool).export_state(NOW)?;
        let old = sealer(&[("old", 1)])?;
        let by_old = old.seal(&snapshot)?;
        let rotated = Sealer::with_sealing_key(vec![key("old", 1), key("new", 2)], "new")?;
        assert_eq!(rotated.sealing_key_id(), "new");
        let by_new = rotated.seal(&snapshot)?;
        assert!(rotated.open(&by_old, &pool, NOW).is_ok());
        assert!(rotated.open(&by_new, &pool, NOW).is_ok());
        assert_eq!(
            reason(old.open(&by_new, &pool, NOW)),
            Some(InvalidStateReason::UnknownKey)
        );
        let retired = sealer(&[("new", 2)])?;
        assert_eq!(
            reason(retired.open(&by_old, &pool, NOW)),
            Some(InvalidStateReason::UnknownKey)
        );
        assert!(retired.open(&by_new, &pool, NOW).is_ok());
        assert!(sealer(&[("a", 1), ("a", 2)]).is_err());
        assert!(Sealer::new(Vec::new()).is_err());
        assert!(Sealer::with_sealing_key(vec![key("a", 1)], "b").is_err());
        assert!(SealingKey::new("k", &[0; 31]).is_err());
        assert!(SealingKey::new("", &[0; 32]).is_err());
        assert!(SealingKey::new("has space", &[0; 32]).is_err());
        assert!(SealingKey::new("a".repeat(17), &[0; 32]).is_err());
        Ok(())
    }

    #[test]
    fn every_byte_of_a_sealed_value_is_authenticated() -> Result<()> {
        let pool = main_pool();
        let snapshot = totp_user(&pool).export_state(NOW)?;
        let sealer = sealer(&[("k", 1)])?;
        let bytes = URL_SAFE_NO_PAD
            .decode(sealer.seal_with_nonce(&snapshot, [7; NONCE_LEN])?)
            .map_err(|_| Error::unexpected("b64"))?;
        for position in 0..bytes.len() {
            for flip in [0x01u8, 0x80] {
                let mut tampered = bytes.clone();
                if let Some(byte) = tampered.get_mut(position) {
                    *byte ^= flip;
                }
                let opened = sealer.open(&URL_SAFE_NO_PAD.encode(&tampered), &pool, NOW);
                assert!(
                    matches!(opened, Err(Error::InvalidState { .. })),
                    "byte {position} flipped by {flip:#x} was accepted"
                );
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn random_strings_are_refused_without_panicking(chars in proptest::collection::vec(any::<char>(), 0..5000)) {
            let pool = main_pool();
            let sealer = sealer(&[("k", 1)]).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let text: String = chars.into_iter().collect();
            let opened = sealer.open(&text, &pool, NOW);
            prop_assert!(matches!(opened, Err(Error::InvalidState { .. })), "not refused as an invalid state");
        }

        #[test]
        fn random_base64_is_refused_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let pool = main_pool();
            let sealer = sealer(&[("k", 1)]).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let opened = sealer.open(&URL_SAFE_NO_PAD.encode(&bytes), &pool, NOW);
            prop_assert!(matches!(opened, Err(Error::InvalidState { .. })), "not refused as an invalid state");
        }
    }
}
