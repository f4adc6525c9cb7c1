//! Challenge sessions (the opaque `Session` strings, and the `SECRET_BLOCK` of SRP) and
//! refresh tokens.

use cognito_mfa::protocol::{ChallengeName, MfaType, SecretString};
use cognito_mfa::srp::SrpServer;
use cognito_mfa::totp::Secret;

use super::Expiring;

/// What a session is waiting for.
#[derive(Debug)]
pub(crate) enum Step {
    /// `PASSWORD_VERIFIER`: the server half of SRP. `fake` marks the decoy issued for an
    /// unknown user when the client prevents user-existence errors.
    PasswordVerifier {
        server: Box<SrpServer>,
        srp_a: String,
        fake: bool,
    },
    NewPasswordRequired,
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
}

impl Expiring for Session {
    fn expires_at(&self) -> u64 {
        self.expires_at
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
}

impl Expiring for RefreshRecord {
    fn expires_at(&self) -> u64 {
        self.expires_at
    }
}
