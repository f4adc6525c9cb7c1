//! Challenge sessions (the opaque `Session` strings, and the `SECRET_BLOCK` of SRP) and
//! refresh tokens.

use cognito_mfa::protocol::{ChallengeName, MfaType, SecretString};
use std::sync::Arc;

use cognito_mfa::srp::{ClaimKey, SrpServer};
use cognito_mfa::totp::Secret;
use tokio::task::JoinHandle;

use super::{Expiring, Sharded};
use crate::error::ServiceError;

/// What a session is waiting for.
#[derive(Debug)]
pub(crate) enum Step {
    /// `PASSWORD_VERIFIER`: the server half of SRP. `fake` marks the decoy issued for an
    /// unknown user when the client prevents user-existence errors.
    PasswordVerifier {
        server: Arc<SrpServer>,
        srp_a: String,
        fake: bool,
        /// The key the claim must be signed with, computed on the blocking pool from the
        /// moment `SRP_B` is sent, while the client computes its claim (none for a decoy).
        claim_key: Option<JoinHandle<cognito_mfa::Result<ClaimKey>>>,
    },
    NewPasswordRequired,
    /// `DEVICE_SRP_AUTH`: a remembered device (the session's `device_key`) stands in for the
    /// MFA code; waiting for the device's `SRP_A`.
    DeviceSrpAuth,
    /// `DEVICE_PASSWORD_VERIFIER`: the server half of device SRP, with the `SECRET_BLOCK` it
    /// sent.
    DevicePasswordVerifier {
        server: Box<SrpServer>,
        srp_a: String,
        secret_block: String,
    },
    SmsMfa {
        code: SecretString,
        code_expires_at: u64,
    },
    EmailOtp {
        code: SecretString,
        code_expires_at: u64,
    },
    SoftwareTokenMfa,
    SelectMfaType {
        choices: Vec<MfaType>,
    },
    /// `MFA_SETUP` issued; waiting for `AssociateSoftwareToken(Session)`.
    MfaSetup {
        can_setup: Vec<MfaType>,
    },
    /// A secret was associated in this session; waiting for `VerifySoftwareToken(Session)`.
    MfaSetupAssociated {
        secret: Secret,
    },
    /// The secret was verified; waiting for `RespondToAuthChallenge(MFA_SETUP)`.
    MfaSetupVerified {
        secret: Secret,
        friendly_name: Option<String>,
        /// The code that verified the secret and when, to record its time step as used.
        code: SecretString,
        verified_at: u64,
    },
}

impl Step {
    /// The `ChallengeName` this step answers to (`MFA_SETUP` for the three setup steps).
    pub(crate) fn challenge_name(&self) -> ChallengeName {
        match self {
            Step::PasswordVerifier { .. } => ChallengeName::PasswordVerifier,
            Step::NewPasswordRequired => ChallengeName::NewPasswordRequired,
            Step::DeviceSrpAuth => ChallengeName::DeviceSrpAuth,
            Step::DevicePasswordVerifier { .. } => ChallengeName::DevicePasswordVerifier,
            Step::SmsMfa { .. } => ChallengeName::SmsMfa,
            Step::EmailOtp { .. } => ChallengeName::EmailOtp,
            Step::SoftwareTokenMfa => ChallengeName::SoftwareTokenMfa,
            Step::SelectMfaType { .. } => ChallengeName::SelectMfaType,
            Step::MfaSetup { .. }
            | Step::MfaSetupAssociated { .. }
            | Step::MfaSetupVerified { .. } => ChallengeName::MfaSetup,
        }
    }
}

/// One challenge session: bound to a user, an app client and a step.
#[derive(Debug)]
pub(crate) struct Session {
    pub(crate) client_id: String,
    /// The user's user name (the stored one, i.e. `USER_ID_FOR_SRP`).
    pub(crate) username: String,
    pub(crate) step: Step,
    pub(crate) expires_at: u64,
    pub(crate) wrong_codes: u32,
    /// Whether this sign-in goes through the admin API (`AdminRespondToAuthChallenge`).
    pub(crate) admin: bool,
    /// The known device the sign-in names (`DEVICE_KEY`), in a pool that tracks devices.
    pub(crate) device_key: Option<String>,
}

impl Session {
    /// What stands in a [`TakenSession`] once its session is moved out: bound to nobody,
    /// expired, never stored.
    fn vacant() -> Session {
        Session {
            client_id: String::new(),
            username: String::new(),
            step: Step::NewPasswordRequired,
            expires_at: 0,
            wrong_codes: 0,
            admin: false,
            device_key: None,
        }
    }
}

impl Expiring for Session {
    fn expires_at(&self) -> u64 {
        self.expires_at
    }
}

/// A challenge session taken out of the store to be answered: while it is out, nobody else
/// can use its handle. Dropped, the guard puts the session back under its handle (it stays
/// usable); [`TakenSession::consume`] spends it instead. So an answer that fails before it
/// counts (a missing parameter, another user, a wrong secret hash) never burns the session.
pub(crate) struct TakenSession<'a> {
    store: &'a Sharded<Session>,
    handle: String,
    now: u64,
    session: Session,
    /// Set when the session must not go back.
    spent: bool,
}

impl<'a> TakenSession<'a> {
    /// Takes the session under `handle` out of `store` (`now` is the time it goes back with);
    /// `None` when there is none.
    ///
    /// # Errors
    /// `InternalErrorException` if the store cannot be reached.
    pub(crate) fn take(
        store: &'a Sharded<Session>,
        handle: &str,
        now: u64,
    ) -> Result<Option<TakenSession<'a>>, ServiceError> {
        Ok(store.take(handle)?.map(|session| TakenSession {
            store,
            handle: handle.to_owned(),
            now,
            session,
            spent: false,
        }))
    }

    /// Spends the session (it is not put back) and returns it.
    pub(crate) fn consume(mut self) -> Session {
        self.spent = true;
        std::mem::replace(&mut self.session, Session::vacant())
    }

    /// Counts a wrong code: the session goes back until it has seen `max_attempts` wrong
    /// codes, and is spent at the cap.
    pub(crate) fn wrong_code(mut self, max_attempts: u32) {
        self.session.wrong_codes = self.session.wrong_codes.saturating_add(1);
        self.spent = self.session.wrong_codes >= max_attempts;
    }
}

impl std::ops::Deref for TakenSession<'_> {
    type Target = Session;

    fn deref(&self) -> &Session {
        &self.session
    }
}

impl Drop for TakenSession<'_> {
    fn drop(&mut self) {
        if self.spent {
            return;
        }
        let session = std::mem::replace(&mut self.session, Session::vacant());
        // `insert` fails only when the handle's shard cannot be found, which the store's own
        // hashing rules out; the session would then be lost, as a spent one is.
        let _ = self
            .store
            .insert(std::mem::take(&mut self.handle), session, self.now);
    }
}

/// What an opaque refresh token stands for.
#[derive(Debug, Clone)]
pub(crate) struct RefreshRecord {
    pub(crate) pool_id: String,
    pub(crate) client_id: String,
    pub(crate) username: String,
    pub(crate) origin_jti: String,
    pub(crate) auth_time: u64,
    pub(crate) expires_at: u64,
    /// The device the tokens were issued to, in a pool that tracks devices: a refresh must
    /// name it, and it must be confirmed.
    pub(crate) device_key: Option<String>,
}

impl Expiring for RefreshRecord {
    fn expires_at(&self) -> u64 {
        self.expires_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(store: &Sharded<Session>, handle: &str) -> Option<u32> {
        store.with(handle, |s| s.wrong_codes).ok().flatten()
    }

    #[test]
    fn a_taken_session_goes_back_unless_consumed_or_capped() {
        let store = Sharded::new();
        let session = Session {
            username: "alice".into(),
            expires_at: 100,
            ..Session::vacant()
        };
        store.insert("h".into(), session, 0).ok();
        let taken = TakenSession::take(&store, "h", 0).ok().flatten();
        assert_eq!(taken.as_ref().map(|t| t.username.as_str()), Some("alice"));
        assert_eq!(stored(&store, "h"), None, "out while taken");
        drop(taken);
        assert_eq!(stored(&store, "h"), Some(0), "back when dropped");

        for expected in [Some(1), Some(2), None] {
            if let Ok(Some(taken)) = TakenSession::take(&store, "h", 0) {
                taken.wrong_code(3);
            }
            assert_eq!(
                stored(&store, "h"),
                expected,
                "spent at the third wrong code"
            );
        }

        store.insert("k".into(), Session::vacant(), 0).ok();
        let consumed = TakenSession::take(&store, "k", 0)
            .ok()
            .flatten()
            .map(TakenSession::consume);
        assert!(consumed.is_some());
        assert_eq!(stored(&store, "k"), None, "consumed sessions stay spent");
        assert!(TakenSession::take(&store, "nothing", 0).is_ok_and(|t| t.is_none()));
    }
}
