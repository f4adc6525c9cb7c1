//! The one public error type of the core, [`Error`], and its stable codes.
//!
//! Each variant maps to exactly one string returned by [`Error::code`]. Service errors (added
//! with the client) keep Cognito's own code, e.g. `CodeMismatchException`; every client-side
//! failure has a code of its own that ends in `Error`, so the two can never be confused. The
//! same string reaches Python as `exc.code` and JavaScript as `err.code`.
//!
//! Messages never contain secrets, codes, passwords or tokens.

use std::fmt;

use crate::protocol::error::codes;

/// Shorthand for `Result<T, cognito_mfa::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why an `otpauth://` key URI was refused by [`crate::totp::KeyUri::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UriErrorKind {
    /// The text is not `otpauth://...` (another scheme, or no scheme at all).
    BadScheme,
    /// The type is not `totp` (e.g. `hotp`, which this engine does not provision).
    UnsupportedType,
    /// The label (the path after the type) is missing or empty.
    MissingLabel,
    /// The `secret` parameter is missing.
    MissingSecret,
    /// The `secret` parameter is not valid base32 or is too short.
    BadSecret,
    /// The issuer in the label and the `issuer` parameter differ.
    IssuerMismatch,
    /// `algorithm` is not SHA1, SHA256 or SHA512.
    BadAlgorithm,
    /// `digits` is not a number from 6 to 8.
    BadDigits,
    /// `period` is not a whole number of seconds, 1 or more.
    BadPeriod,
    /// Percent-encoding is broken or decodes to invalid UTF-8.
    BadEncoding,
    /// A parameter appears twice.
    DuplicateParameter,
}

/// Why an SRP computation was refused (see [`crate::srp`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SrpErrorKind {
    /// The server's `B` is 0 modulo N (a malicious or broken server).
    ServerValueZero,
    /// The client's `A` is 0 modulo N (server side check).
    ClientValueZero,
    /// The scrambling parameter `u = H(A ‖ B)` is 0.
    ScramblerZero,
    /// A value that must be hexadecimal is not (`field` names it, e.g. `SRP_B`, `SALT`).
    BadHex {
        /// The wire name of the offending value.
        field: &'static str,
    },
    /// A value that must be base64 is not (e.g. `SECRET_BLOCK`).
    BadBase64 {
        /// The wire name of the offending value.
        field: &'static str,
    },
    /// A `TIMESTAMP` that does not have Cognito's `EEE MMM d HH:mm:ss UTC yyyy` shape.
    BadTimestamp,
    /// The client's password claim signature does not verify (server side).
    BadSignature,
}

/// Why a sign-in state was refused (see [`crate::resume`]); its name is the `reason` the
/// bindings expose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidStateReason {
    /// Not base64url, truncated, not a snapshot, or a snapshot whose challenge parameters or
    /// tokens do not fit.
    Malformed,
    /// A sealed value longer than 4096 bytes (refused before decoding).
    TooLong,
    /// A format or snapshot version this library does not read.
    UnsupportedVersion,
    /// Sealed by a key whose id is not listed.
    UnknownKey,
    /// The authentication failed: tampered with, sealed by another key of the same id, or
    /// sealed for another pool or app client.
    Unauthentic,
    /// A plain snapshot of another pool or app client.
    OtherPool,
    /// Past its expiry (or with a lifetime longer than a Session's 15 minutes).
    Expired,
    /// A challenge the client answers itself, or one it does not know.
    NotResumable,
    /// Nothing to export: the user is neither in a challenge nor signed in.
    NothingInProgress,
}

impl InvalidStateReason {
    /// The variant's name, e.g. `"Expired"`.
    pub fn name(self) -> &'static str {
        match self {
            InvalidStateReason::Malformed => "Malformed",
            InvalidStateReason::TooLong => "TooLong",
            InvalidStateReason::UnsupportedVersion => "UnsupportedVersion",
            InvalidStateReason::UnknownKey => "UnknownKey",
            InvalidStateReason::Unauthentic => "Unauthentic",
            InvalidStateReason::OtherPool => "OtherPool",
            InvalidStateReason::Expired => "Expired",
            InvalidStateReason::NotResumable => "NotResumable",
            InvalidStateReason::NothingInProgress => "NothingInProgress",
        }
    }

    /// A sentence for the error message (never holds the value or a key).
    fn describe(self) -> &'static str {
        match self {
            InvalidStateReason::Malformed => "the value is malformed or truncated",
            InvalidStateReason::TooLong => "the sealed value is longer than 4096 bytes",
            InvalidStateReason::UnsupportedVersion => "the format version is not supported",
            InvalidStateReason::UnknownKey => "it was sealed by a key that is not listed",
            InvalidStateReason::Unauthentic => {
                "it does not authenticate (tampered with, another key, or another pool or client)"
            }
            InvalidStateReason::OtherPool => "it belongs to another user pool or app client",
            InvalidStateReason::Expired => "it has expired",
            InvalidStateReason::NotResumable => "its challenge cannot be resumed",
            InvalidStateReason::NothingInProgress => "no challenge in progress and not signed in",
        }
    }
}

impl fmt::Display for InvalidStateReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// One value of an error's structured data, as listed by [`Error::details`].
///
/// The bindings copy each one onto the exception they raise: a string, a whole number or a
/// flag, which every target language represents without loss (the numbers are counts,
/// positions, time steps and HTTP statuses, far below 2^53).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorDetail {
    /// A text, e.g. a request id or a kind's name (`"MissingSecret"`).
    Str(String),
    /// A whole number, e.g. a position, a count, a time step or an HTTP status.
    Int(u64),
    /// A flag, e.g. whether a failed request may be retried.
    Bool(bool),
}

impl UriErrorKind {
    /// The variant's name, e.g. `"MissingSecret"` (the `kind` the bindings expose).
    fn name(&self) -> &'static str {
        match self {
            UriErrorKind::BadScheme => "BadScheme",
            UriErrorKind::UnsupportedType => "UnsupportedType",
            UriErrorKind::MissingLabel => "MissingLabel",
            UriErrorKind::MissingSecret => "MissingSecret",
            UriErrorKind::BadSecret => "BadSecret",
            UriErrorKind::IssuerMismatch => "IssuerMismatch",
            UriErrorKind::BadAlgorithm => "BadAlgorithm",
            UriErrorKind::BadDigits => "BadDigits",
            UriErrorKind::BadPeriod => "BadPeriod",
            UriErrorKind::BadEncoding => "BadEncoding",
            UriErrorKind::DuplicateParameter => "DuplicateParameter",
        }
    }
}

impl SrpErrorKind {
    /// The variant's name without its data, e.g. `"BadHex"` (the `kind` the bindings expose).
    fn name(&self) -> &'static str {
        match self {
            SrpErrorKind::ServerValueZero => "ServerValueZero",
            SrpErrorKind::ClientValueZero => "ClientValueZero",
            SrpErrorKind::ScramblerZero => "ScramblerZero",
            SrpErrorKind::BadHex { .. } => "BadHex",
            SrpErrorKind::BadBase64 { .. } => "BadBase64",
            SrpErrorKind::BadTimestamp => "BadTimestamp",
            SrpErrorKind::BadSignature => "BadSignature",
        }
    }

    /// The wire name of the offending value, for the kinds that name one.
    fn field(&self) -> Option<&'static str> {
        match self {
            SrpErrorKind::BadHex { field } | SrpErrorKind::BadBase64 { field } => Some(field),
            _ => None,
        }
    }
}

/// A boxed underlying error kept as [`std::error::Error::source`] of an [`Error`], so that no
/// dependency's error type (reqwest, serde_json) appears in a public signature.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error answered by the Cognito service (or a Cognito-compatible endpoint).
///
/// The code is Cognito's own, exactly as the service sent it (`CodeMismatchException`,
/// `NotAuthorizedException`...), taken from the body's `__type` (or `code`) with any namespace
/// before `#` and any suffix after `:` removed, or from the `x-amzn-ErrorType` header when the
/// body is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    code: String,
    message: String,
    status: u16,
    request_id: Option<String>,
}

impl ServiceError {
    /// Builds a service error from its parts (used by the client and by tests).
    pub fn new(
        code: impl Into<String>,
        message: impl Into<String>,
        status: u16,
        request_id: Option<String>,
    ) -> Self {
        ServiceError {
            code: code.into(),
            message: message.into(),
            status,
            request_id,
        }
    }

    /// Cognito's error code, e.g. `CodeMismatchException`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The service's message, e.g. `Invalid code or auth state for the user.` (may be empty).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status of the response (400 for most errors, 500 for `InternalErrorException`).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `x-amzn-RequestId` of the response, when the service sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// True for throttling and server-side failures, which a safe request may retry:
    /// HTTP 5xx, `TooManyRequestsException`, `ThrottlingException`, `InternalErrorException`.
    pub fn is_retryable(&self) -> bool {
        self.status >= 500
            || [
                codes::TOO_MANY_REQUESTS,
                codes::THROTTLING,
                codes::INTERNAL_ERROR,
            ]
            .contains(&self.code.as_str())
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(f, "{} (HTTP {})", self.code, self.status)
        } else {
            write!(f, "{}: {} (HTTP {})", self.code, self.message, self.status)
        }
    }
}

impl std::error::Error for ServiceError {}

/// The error type of every fallible function in this crate.
///
/// Match on the variant, or use [`Error::code`] for the stable string code.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument has a bad value: a TOTP code with non-digits or the wrong length, digits
    /// outside 6–8, a period of 0, an empty account name... Code `InvalidInputError`.
    #[error("invalid input: {0}")]
    InvalidInput(String),

    /// A base32 secret holds a character outside the RFC 4648 alphabet. Code
    /// `InvalidSecretError`. The message names the character and its position, never the
    /// secret.
    #[error("invalid base32 secret: unexpected character {character:?} at position {position}")]
    InvalidSecret {
        /// The offending character.
        character: char,
        /// Its zero-based position in the input, counted in characters.
        position: usize,
    },

    /// A secret shorter than 16 base32 characters (80 bits), which Cognito refuses too.
    /// Code `SecretTooShortError`.
    #[error("secret too short: {chars} base32 characters, at least 16 (80 bits) are required")]
    SecretTooShort {
        /// The number of base32 characters that were given (after removing spaces/padding).
        chars: usize,
    },

    /// An `otpauth://` URI was refused. Code `InvalidUriError`.
    #[error("invalid otpauth URI: {message}")]
    InvalidUri {
        /// What exactly is wrong.
        kind: UriErrorKind,
        /// A human-readable explanation (never contains the secret).
        message: String,
    },

    /// A well-formed TOTP code matched no time step in the window. Code `CodeMismatchError`.
    #[error("the code does not match")]
    CodeMismatch,

    /// A code for a time step that was already accepted for this key (RFC 6238 §5.2).
    /// Code `CodeReusedError`.
    #[error("the code for time step {step} was already used")]
    CodeReused {
        /// The time step the refused code belongs to.
        step: u64,
    },

    /// The operating system's random number generator failed. Code `RandomSourceError`.
    #[error("the OS random number generator failed: {0}")]
    RandomSource(String),

    /// An SRP value was refused. Code `SrpError`.
    #[error("SRP: {message}")]
    Srp {
        /// What exactly is wrong.
        kind: SrpErrorKind,
        /// A human-readable explanation (never contains a secret value).
        message: String,
    },

    /// The Cognito service answered with an error; [`Error::code`] is Cognito's code
    /// (e.g. `CodeMismatchException`), see [`ServiceError`].
    #[error("{0}")]
    Service(ServiceError),

    /// The request could not be sent or its response not received (DNS, connection refused,
    /// TLS failure, connection reset...). Code `NetworkError`. The transport's own error is the
    /// [`source`](std::error::Error::source).
    #[error("network error: {message}")]
    Network {
        /// What failed, without any request content.
        message: String,
        /// True when the request certainly never reached the service (the connection
        /// failed), so that even a request that changes state may be sent again.
        retryable: bool,
        /// The underlying transport error.
        #[source]
        source: Option<BoxError>,
    },

    /// No response arrived within the configured timeout. Code `TimeoutError`.
    #[error("the request timed out")]
    Timeout {
        /// The underlying transport error.
        #[source]
        source: Option<BoxError>,
    },

    /// The service answered with something that is not the expected shape: a body that is not
    /// JSON, a missing required field, a challenge parameter that cannot be parsed, a token that
    /// is not a JWT. Code `UnexpectedResponseError`. `what` names the operation and the field.
    #[error("unexpected response: {what}")]
    UnexpectedResponse {
        /// What was expected and not found, e.g. ``InitiateAuth: missing field `Session` ``.
        what: String,
        /// The HTTP status of the response, when there was one.
        status: Option<u16>,
        /// The underlying parse error, if any.
        #[source]
        source: Option<BoxError>,
    },

    /// The service issued a challenge this client does not know (e.g. `DEVICE_SRP_AUTH`,
    /// `WEB_AUTHN`): never taken for a success. Code `UnsupportedChallengeError`.
    #[error("unsupported challenge {name}")]
    UnsupportedChallenge {
        /// The `ChallengeName` as the service sent it.
        name: String,
    },

    /// A device store could not load, save or forget a device's credentials (an unreadable or
    /// malformed file, a file others may read, or a failure of a store the application
    /// provides). Code `DeviceStoreError`. The message never holds a device password.
    #[error("device store: {message}")]
    DeviceStore {
        /// What failed, e.g. the file and the reason.
        message: String,
        /// The underlying error (an I/O or JSON error), if any.
        #[source]
        source: Option<BoxError>,
    },

    /// The call is about this user's device (remember, forget, get it) and no device is known:
    /// the user has not signed in with device tracking on, or the device was forgotten.
    /// Code `NoDeviceError`.
    #[error("no device is known for this user")]
    NoDevice,

    /// The call needs a signed-in user (an access token) and the user is not signed in.
    /// Code `NotSignedInError`.
    #[error("the user is not signed in")]
    NotSignedIn,

    /// The call answers a challenge and no challenge is in progress (or a different one is).
    /// Code `NoChallengeInProgressError`.
    #[error("no challenge in progress: {0}")]
    NoChallengeInProgress(String),

    /// A sign-in state (plain or sealed, see [`crate::resume`]) was refused. Code
    /// `InvalidStateError`; `reason` says why. The message never holds the value or a key.
    #[error("invalid sign-in state: {reason}")]
    InvalidState {
        /// Why it was refused.
        reason: InvalidStateReason,
    },

    /// No AWS credentials could be had for a signed (admin) request: none in the environment
    /// or the shared files, a profile only an AWS SDK can resolve, or the application's
    /// provider failed. Code `CredentialsError`. The message never holds a secret key.
    #[error("AWS credentials: {message}")]
    Credentials {
        /// What is missing or failed.
        message: String,
        /// The underlying error (an I/O error, the provider's error), if any.
        #[source]
        source: Option<BoxError>,
    },

    /// A token that is not a well-formed JWT: not three base64url parts, not JSON objects,
    /// longer than 16 KiB, a header with an unexpected `typ` or a `crit`, or a claim of the
    /// wrong type (e.g. a non-numeric `exp`). Code `JwtMalformedError`. The message names the
    /// problem, never the token.
    #[error("malformed JWT: {0}")]
    JwtMalformed(String),

    /// The token's signature does not verify with the key its `kid` names. Code
    /// `JwtInvalidSignatureError`.
    #[error("the JWT signature is invalid")]
    JwtInvalidSignature,

    /// The token's `kid` is not in the pool's JWKS, even after the one refetch an unknown key
    /// id allows (or the JWKS was given explicitly). Code `JwtUnknownKeyError`.
    #[error("the JWT's key id is not in the JWKS")]
    JwtUnknownKey,

    /// An unknown key id arrived while the JWKS cache is cooling down after a refetch (or a
    /// failed fetch): refused at once, without a fetch. Code `JwksWaitPeriodError`.
    #[error(
        "the JWKS was fetched moments ago: unknown key ids are refused for {retry_after_ms} ms"
    )]
    JwksWaitPeriod {
        /// How long the cool-down still lasts, in milliseconds.
        retry_after_ms: u64,
    },

    /// The JWKS could not be fetched or is not a JWKS (connection, timeout, a status other
    /// than 200, a body that is not `{"keys": [...]}` or is larger than 1 MiB). Code
    /// `JwksFetchError`. The transport's error, if any, is the
    /// [`source`](std::error::Error::source).
    #[error("JWKS fetch failed: {message}")]
    JwksFetch {
        /// What failed (names the URL, never a token).
        message: String,
        /// The underlying transport or parse error.
        #[source]
        source: Option<BoxError>,
    },

    /// The JWK the token's `kid` names cannot verify it: `kty` is not `RSA`, `use` is not
    /// `sig`, an `alg` that is not RS256/RS384/RS512, a modulus shorter than 2048 bits (or
    /// longer than 8192), or bad base64url. Code `JwkInvalidError`.
    #[error("the JWK is not usable: {0}")]
    JwkInvalid(String),

    /// The header's `alg` is not RS256, RS384 or RS512 (so never `none` or `HS256`), or it
    /// differs from the JWK's `alg`. Code `JwtAlgorithmError`.
    #[error("JWT algorithm refused: {0}")]
    JwtAlgorithm(String),

    /// The token has expired (`exp` + grace is not after now). Code `JwtExpiredError`.
    #[error("the JWT has expired")]
    JwtExpired {
        /// The token's `exp` (Unix seconds).
        expired_at: u64,
    },

    /// The token is not valid yet: its `nbf`, or its `iat`, is after now + grace. Code
    /// `JwtNotYetValidError`.
    #[error("the JWT is not valid yet")]
    JwtNotYetValid {
        /// From when it would be valid (Unix seconds): its `nbf` or `iat`.
        valid_from: u64,
    },

    /// The token's `iss` is missing or names none of the configured pools. Code
    /// `JwtIssuerError`.
    #[error("JWT issuer refused: {0}")]
    JwtIssuer(String),

    /// The token was issued to another app client: `aud` (ID token) or `client_id` (access
    /// token) is missing or not one of the allowed client ids. Code `JwtAudienceError`.
    #[error("JWT audience refused: {0}")]
    JwtAudience(String),

    /// The token's `token_use` is missing, not `id` / `access`, or not the expected one (an ID
    /// token where an access token is expected, or the reverse). Code `JwtTokenUseError`.
    #[error("JWT token use refused: {0}")]
    JwtTokenUse(String),

    /// Groups are required and the token's `cognito:groups` holds none of them. Code
    /// `JwtGroupError`.
    #[error("the JWT's user is in none of the required groups")]
    JwtGroup,

    /// Scopes are required and the token's `scope` holds none of them. Code `JwtScopeError`.
    #[error("the JWT has none of the required scopes")]
    JwtScope,

    /// `VerifySoftwareToken` answered with a status other than `SUCCESS` (e.g. `ERROR`): the
    /// software token is not verified. Code `SoftwareTokenNotVerifiedError`.
    #[error("the software token was not verified (status {status})")]
    SoftwareTokenNotVerified {
        /// The `Status` the service returned.
        status: String,
    },
}

impl Error {
    /// Every code [`Error::code`] gives for a client-side failure (each ends in `Error`), in
    /// alphabetical order. A service error's code is Cognito's own; those the client knows are
    /// [`crate::protocol::error::codes::ALL`]. Both bindings have an error class or type entry
    /// for each.
    pub const CLIENT_CODES: &'static [&'static str] = &[
        "CodeMismatchError",
        "CodeReusedError",
        "CredentialsError",
        "DeviceStoreError",
        "InvalidInputError",
        "InvalidSecretError",
        "InvalidStateError",
        "InvalidUriError",
        "JwkInvalidError",
        "JwksFetchError",
        "JwksWaitPeriodError",
        "JwtAlgorithmError",
        "JwtAudienceError",
        "JwtExpiredError",
        "JwtGroupError",
        "JwtInvalidSignatureError",
        "JwtIssuerError",
        "JwtMalformedError",
        "JwtNotYetValidError",
        "JwtScopeError",
        "JwtTokenUseError",
        "JwtUnknownKeyError",
        "NetworkError",
        "NoChallengeInProgressError",
        "NoDeviceError",
        "NotSignedInError",
        "RandomSourceError",
        "SecretTooShortError",
        "SoftwareTokenNotVerifiedError",
        "SrpError",
        "TimeoutError",
        "UnexpectedResponseError",
        "UnsupportedChallengeError",
    ];

    /// The stable string code of this error, shared with the Python and Node packages.
    ///
    /// For [`Error::Service`] it is Cognito's own code (ending in `Exception`); every
    /// client-side failure has a code ending in `Error`.
    pub fn code(&self) -> &str {
        match self {
            Error::Service(service) => service.code(),
            Error::Network { .. } => "NetworkError",
            Error::Timeout { .. } => "TimeoutError",
            Error::UnexpectedResponse { .. } => "UnexpectedResponseError",
            Error::UnsupportedChallenge { .. } => "UnsupportedChallengeError",
            Error::NotSignedIn => "NotSignedInError",
            Error::NoChallengeInProgress(_) => "NoChallengeInProgressError",
            Error::SoftwareTokenNotVerified { .. } => "SoftwareTokenNotVerifiedError",
            Error::InvalidInput(_) => "InvalidInputError",
            Error::InvalidSecret { .. } => "InvalidSecretError",
            Error::InvalidState { .. } => "InvalidStateError",
            Error::SecretTooShort { .. } => "SecretTooShortError",
            Error::InvalidUri { .. } => "InvalidUriError",
            Error::CodeMismatch => "CodeMismatchError",
            Error::CodeReused { .. } => "CodeReusedError",
            Error::RandomSource(_) => "RandomSourceError",
            Error::Srp { .. } => "SrpError",
            Error::DeviceStore { .. } => "DeviceStoreError",
            Error::NoDevice => "NoDeviceError",
            Error::Credentials { .. } => "CredentialsError",
            Error::JwtMalformed(_) => "JwtMalformedError",
            Error::JwtInvalidSignature => "JwtInvalidSignatureError",
            Error::JwtUnknownKey => "JwtUnknownKeyError",
            Error::JwksWaitPeriod { .. } => "JwksWaitPeriodError",
            Error::JwksFetch { .. } => "JwksFetchError",
            Error::JwkInvalid(_) => "JwkInvalidError",
            Error::JwtAlgorithm(_) => "JwtAlgorithmError",
            Error::JwtExpired { .. } => "JwtExpiredError",
            Error::JwtNotYetValid { .. } => "JwtNotYetValidError",
            Error::JwtIssuer(_) => "JwtIssuerError",
            Error::JwtAudience(_) => "JwtAudienceError",
            Error::JwtTokenUse(_) => "JwtTokenUseError",
            Error::JwtGroup => "JwtGroupError",
            Error::JwtScope => "JwtScopeError",
        }
    }

    /// True for errors caused by a bad argument value (the bindings raise these as
    /// `ValueError` in Python): invalid input, bad secrets, bad URIs.
    pub fn is_invalid_input(&self) -> bool {
        matches!(
            self,
            Error::InvalidInput(_)
                | Error::InvalidSecret { .. }
                | Error::SecretTooShort { .. }
                | Error::InvalidUri { .. }
        )
    }

    /// True when the request timed out ([`Error::Timeout`]).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// True when the request could not be sent or its answer not received
    /// ([`Error::Network`]).
    pub fn is_network(&self) -> bool {
        matches!(self, Error::Network { .. })
    }

    /// True when the Cognito service answered with an error ([`Error::Service`]).
    pub fn is_service(&self) -> bool {
        matches!(self, Error::Service(_))
    }

    /// The service error, when the service answered with one.
    pub fn service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(service) => Some(service),
            _ => None,
        }
    }

    /// The HTTP status of the response that caused this error, when there was a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(service) => Some(service.status()),
            Error::UnexpectedResponse { status, .. } => *status,
            _ => None,
        }
    }

    /// The `x-amzn-RequestId` of the service error, when there is one.
    pub fn request_id(&self) -> Option<&str> {
        self.service().and_then(ServiceError::request_id)
    }

    /// The structured data of this error, each under its snake_case name, for the bindings to
    /// copy onto their exceptions (Python as is, JavaScript in camelCase). Never fails.
    ///
    /// - `status_code`: the HTTP status ([`Error::Service`], and [`Error::UnexpectedResponse`]
    ///   when there was a response);
    /// - `request_id`: the `x-amzn-RequestId` ([`Error::Service`], when sent);
    /// - `retryable` ([`Error::Network`]);
    /// - `challenge_name` ([`Error::UnsupportedChallenge`]);
    /// - `status`: the `Status` the service returned ([`Error::SoftwareTokenNotVerified`]);
    /// - `character`, `position` ([`Error::InvalidSecret`]);
    /// - `chars` ([`Error::SecretTooShort`]);
    /// - `kind`: the kind's name, e.g. `MissingSecret` ([`Error::InvalidUri`], [`Error::Srp`]);
    /// - `field`: the offending value's wire name ([`Error::Srp`] with `BadHex`/`BadBase64`);
    /// - `step` ([`Error::CodeReused`]);
    /// - `reason`: the reason's name, e.g. `Expired` ([`Error::InvalidState`]).
    /// - `retry_after_ms` ([`Error::JwksWaitPeriod`]);
    /// - `expired_at` ([`Error::JwtExpired`]), `valid_from` ([`Error::JwtNotYetValid`]).
    ///
    /// A detail that is absent (no request id, no response) is left out. Messages and codes
    /// are not details (see [`Error::code`] and the `Display` text); no detail holds a secret.
    pub fn details(&self) -> Vec<(&'static str, ErrorDetail)> {
        let count = |n: usize| ErrorDetail::Int(u64::try_from(n).unwrap_or(u64::MAX));
        let mut details = Vec::new();
        if let Some(status) = self.status() {
            details.push(("status_code", ErrorDetail::Int(u64::from(status))));
        }
        if let Some(request_id) = self.request_id() {
            details.push(("request_id", ErrorDetail::Str(request_id.to_owned())));
        }
        match self {
            Error::Network { retryable, .. } => {
                details.push(("retryable", ErrorDetail::Bool(*retryable)));
            }
            Error::UnsupportedChallenge { name } => {
                details.push(("challenge_name", ErrorDetail::Str(name.clone())));
            }
            Error::SoftwareTokenNotVerified { status } => {
                details.push(("status", ErrorDetail::Str(status.clone())));
            }
            Error::InvalidSecret {
                character,
                position,
            } => {
                details.push(("character", ErrorDetail::Str(character.to_string())));
                details.push(("position", count(*position)));
            }
            Error::SecretTooShort { chars } => details.push(("chars", count(*chars))),
            Error::InvalidUri { kind, .. } => {
                details.push(("kind", ErrorDetail::Str(kind.name().to_owned())));
            }
            Error::Srp { kind, .. } => {
                details.push(("kind", ErrorDetail::Str(kind.name().to_owned())));
                if let Some(field) = kind.field() {
                    details.push(("field", ErrorDetail::Str(field.to_owned())));
                }
            }
            Error::CodeReused { step } => details.push(("step", ErrorDetail::Int(*step))),
            Error::InvalidState { reason } => {
                details.push(("reason", ErrorDetail::Str(reason.name().to_owned())));
            }
            Error::JwksWaitPeriod { retry_after_ms } => {
                details.push(("retry_after_ms", ErrorDetail::Int(*retry_after_ms)));
            }
            Error::JwtExpired { expired_at } => {
                details.push(("expired_at", ErrorDetail::Int(*expired_at)));
            }
            Error::JwtNotYetValid { valid_from } => {
                details.push(("valid_from", ErrorDetail::Int(*valid_from)));
            }
            Error::JwtMalformed(_)
            | Error::JwtInvalidSignature
            | Error::JwtUnknownKey
            | Error::JwksFetch { .. }
            | Error::JwkInvalid(_)
            | Error::JwtAlgorithm(_)
            | Error::JwtIssuer(_)
            | Error::JwtAudience(_)
            | Error::JwtTokenUse(_)
            | Error::JwtGroup
            | Error::JwtScope => {}
            Error::Service(_)
            | Error::Timeout { .. }
            | Error::UnexpectedResponse { .. }
            | Error::NotSignedIn
            | Error::NoChallengeInProgress(_)
            | Error::InvalidInput(_)
            | Error::CodeMismatch
            | Error::RandomSource(_)
            | Error::DeviceStore { .. }
            | Error::Credentials { .. }
            | Error::NoDevice => {}
        }
        details
    }

    pub(crate) fn unexpected(what: impl fmt::Display) -> Self {
        Error::UnexpectedResponse {
            what: what.to_string(),
            status: None,
            source: None,
        }
    }

    pub(crate) fn device_store(
        message: impl fmt::Display,
        source: Option<impl std::error::Error + Send + Sync + 'static>,
    ) -> Self {
        Error::DeviceStore {
            message: message.to_string(),
            source: source.map(|e| Box::new(e) as BoxError),
        }
    }

    pub(crate) fn invalid_input(message: impl fmt::Display) -> Self {
        Error::InvalidInput(message.to_string())
    }

    pub(crate) fn uri(kind: UriErrorKind, message: impl fmt::Display) -> Self {
        Error::InvalidUri {
            kind,
            message: message.to_string(),
        }
    }

    pub(crate) fn srp(kind: SrpErrorKind, message: impl fmt::Display) -> Self {
        Error::Srp {
            kind,
            message: message.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_side_codes_never_look_like_service_codes() {
        let all = [
            Error::invalid_input("x"),
            Error::InvalidSecret {
                character: '1',
                position: 0,
            },
            Error::SecretTooShort { chars: 3 },
            Error::uri(UriErrorKind::BadScheme, "x"),
            Error::CodeMismatch,
            Error::CodeReused { step: 1 },
            Error::RandomSource("x".into()),
            Error::srp(SrpErrorKind::ScramblerZero, "x"),
            Error::Network {
                message: "x".into(),
                retryable: false,
                source: None,
            },
            Error::Timeout { source: None },
            Error::unexpected("x"),
            Error::UnsupportedChallenge { name: "X".into() },
            Error::NotSignedIn,
            Error::NoChallengeInProgress("x".into()),
            Error::SoftwareTokenNotVerified {
                status: "ERROR".into(),
            },
            Error::DeviceStore {
                message: "x".into(),
                source: None,
            },
            Error::NoDevice,
            Error::Credentials {
                message: "x".into(),
                source: None,
            },
            Error::InvalidState {
                reason: InvalidStateReason::Expired,
            },
            Error::JwtMalformed("x".into()),
            Error::JwtInvalidSignature,
            Error::JwtUnknownKey,
            Error::JwksWaitPeriod { retry_after_ms: 1 },
            Error::JwksFetch {
                message: "x".into(),
                source: None,
            },
            Error::JwkInvalid("x".into()),
            Error::JwtAlgorithm("x".into()),
            Error::JwtExpired { expired_at: 1 },
            Error::JwtNotYetValid { valid_from: 1 },
            Error::JwtIssuer("x".into()),
            Error::JwtAudience("x".into()),
            Error::JwtTokenUse("x".into()),
            Error::JwtGroup,
            Error::JwtScope,
        ];
        let mut codes: Vec<_> = all.iter().map(Error::code).collect();
        for code in &codes {
            assert!(code.ends_with("Error"), "{code}");
            assert!(!code.ends_with("Exception"), "{code}");
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "codes must be distinct");
        // Every variant is built above, so the published list is exactly their codes.
        assert_eq!(codes, Error::CLIENT_CODES);
    }

    #[test]
    fn secret_errors_do_not_echo_the_input() {
        let e = Error::InvalidSecret {
            character: '!',
            position: 7,
        };
        assert_eq!(
            e.to_string(),
            "invalid base32 secret: unexpected character '!' at position 7"
        );
    }

    #[test]
    fn service_errors_keep_the_cognito_code_and_expose_status_and_request_id() {
        let e = Error::Service(ServiceError::new(
            "CodeMismatchException",
            "Invalid code or auth state for the user.",
            400,
            Some("req-1".into()),
        ));
        assert_eq!(e.code(), "CodeMismatchException");
        assert_eq!(e.status(), Some(400));
        assert_eq!(e.request_id(), Some("req-1"));
        assert!(e.is_service() && !e.is_timeout() && !e.is_network());
        assert_eq!(
            e.to_string(),
            "CodeMismatchException: Invalid code or auth state for the user. (HTTP 400)"
        );
        let throttled = ServiceError::new("TooManyRequestsException", "", 400, None);
        assert!(throttled.is_retryable());
        assert!(!ServiceError::new("NotAuthorizedException", "", 400, None).is_retryable());
        assert!(ServiceError::new("Whatever", "", 503, None).is_retryable());
    }

    fn text(value: &str) -> ErrorDetail {
        ErrorDetail::Str(value.to_owned())
    }

    #[test]
    fn every_variant_lists_its_details() {
        use ErrorDetail::{Bool, Int};
        let cases: Vec<(Error, Vec<(&str, ErrorDetail)>)> = vec![
            (
                Error::Service(ServiceError::new("X", "m", 400, Some("req-1".into()))),
                vec![("status_code", Int(400)), ("request_id", text("req-1"))],
            ),
            (
                Error::Service(ServiceError::new("X", "m", 500, None)),
                vec![("status_code", Int(500))],
            ),
            (
                Error::Network {
                    message: "x".into(),
                    retryable: true,
                    source: None,
                },
                vec![("retryable", Bool(true))],
            ),
            (
                Error::Network {
                    message: "x".into(),
                    retryable: false,
                    source: None,
                },
                vec![("retryable", Bool(false))],
            ),
            (Error::Timeout { source: None }, vec![]),
            (
                Error::UnexpectedResponse {
                    what: "x".into(),
                    status: Some(200),
                    source: None,
                },
                vec![("status_code", Int(200))],
            ),
            (Error::unexpected("x"), vec![]),
            (
                Error::UnsupportedChallenge {
                    name: "WEB_AUTHN".into(),
                },
                vec![("challenge_name", text("WEB_AUTHN"))],
            ),
            (Error::NotSignedIn, vec![]),
            (Error::NoChallengeInProgress("x".into()), vec![]),
            (
                Error::SoftwareTokenNotVerified {
                    status: "ERROR".into(),
                },
                vec![("status", text("ERROR"))],
            ),
            (Error::invalid_input("x"), vec![]),
            (
                Error::InvalidSecret {
                    character: 'é',
                    position: 15,
                },
                vec![("character", text("é")), ("position", Int(15))],
            ),
            (Error::SecretTooShort { chars: 8 }, vec![("chars", Int(8))]),
            (
                Error::uri(UriErrorKind::MissingSecret, "x"),
                vec![("kind", text("MissingSecret"))],
            ),
            (
                Error::uri(UriErrorKind::DuplicateParameter, "x"),
                vec![("kind", text("DuplicateParameter"))],
            ),
            (Error::CodeMismatch, vec![]),
            (
                Error::CodeReused { step: 33_333 },
                vec![("step", Int(33_333))],
            ),
            (Error::RandomSource("x".into()), vec![]),
            (
                Error::srp(SrpErrorKind::ServerValueZero, "x"),
                vec![("kind", text("ServerValueZero"))],
            ),
            (
                Error::srp(SrpErrorKind::BadHex { field: "SRP_B" }, "x"),
                vec![("kind", text("BadHex")), ("field", text("SRP_B"))],
            ),
            (
                Error::srp(
                    SrpErrorKind::BadBase64 {
                        field: "SECRET_BLOCK",
                    },
                    "x",
                ),
                vec![("kind", text("BadBase64")), ("field", text("SECRET_BLOCK"))],
            ),
            (
                Error::JwksWaitPeriod {
                    retry_after_ms: 4_000,
                },
                vec![("retry_after_ms", Int(4_000))],
            ),
            (
                Error::JwtExpired { expired_at: 17 },
                vec![("expired_at", Int(17))],
            ),
            (
                Error::JwtNotYetValid { valid_from: 18 },
                vec![("valid_from", Int(18))],
            ),
            (Error::JwtInvalidSignature, vec![]),
            (Error::JwtMalformed("x".into()), vec![]),
        ];
        for (error, expected) in &cases {
            assert_eq!(&error.details(), expected, "{}", error.code());
        }
    }

    #[test]
    fn kind_names_are_the_variant_names() {
        // The names the bindings expose must stay the Debug names of the fieldless variants.
        for kind in [
            UriErrorKind::BadScheme,
            UriErrorKind::UnsupportedType,
            UriErrorKind::MissingLabel,
            UriErrorKind::MissingSecret,
            UriErrorKind::BadSecret,
            UriErrorKind::IssuerMismatch,
            UriErrorKind::BadAlgorithm,
            UriErrorKind::BadDigits,
            UriErrorKind::BadPeriod,
            UriErrorKind::BadEncoding,
            UriErrorKind::DuplicateParameter,
        ] {
            assert_eq!(kind.name(), format!("{kind:?}"));
        }
        for kind in [
            SrpErrorKind::ServerValueZero,
            SrpErrorKind::ClientValueZero,
            SrpErrorKind::ScramblerZero,
            SrpErrorKind::BadTimestamp,
            SrpErrorKind::BadSignature,
        ] {
            assert_eq!(kind.name(), format!("{kind:?}"));
            assert_eq!(kind.field(), None);
        }
    }

    #[test]
    fn transport_errors_keep_their_source_without_exposing_its_type() {
        let inner: BoxError = "connection refused".into();
        let e = Error::Network {
            message: "could not connect".into(),
            retryable: true,
            source: Some(inner),
        };
        let source = std::error::Error::source(&e).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("connection refused"));
        assert!(e.is_network());
        assert_eq!(e.status(), None);
        assert!(Error::Timeout { source: None }.is_timeout());
    }
}
