//! The two error types of the crate: [`ServiceError`], what a client of the endpoint receives
//! (a Cognito error code and message, sent in the AWS JSON 1.1 envelope), and [`MockError`],
//! why the endpoint itself could not be started or configured.

use std::fmt;

/// The Cognito error codes the endpoint answers with, as they appear in `__type`: the core's
/// one list, [`cognito_mfa::protocol::error::codes`].
pub use cognito_mfa::protocol::error::codes;

/// An error as the endpoint answers it: a Cognito error code (e.g. `CodeMismatchException`)
/// and a message, sent as `{"__type": code, "message": message}` with HTTP 400 (500 for
/// `InternalErrorException`).
///
/// Messages never contain passwords, codes, secrets or tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    code: &'static str,
    message: String,
}

impl ServiceError {
    /// An error with the given Cognito code (see [`codes`]) and message.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        ServiceError {
            code,
            message: message.into(),
        }
    }

    /// The Cognito error code, e.g. `NotAuthorizedException`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The human-readable message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status this error is sent with: 500 for `InternalErrorException`, else 400.
    pub fn http_status(&self) -> u16 {
        if self.code == codes::INTERNAL_ERROR {
            500
        } else {
            400
        }
    }

    pub(crate) fn not_authorized(message: impl Into<String>) -> Self {
        Self::new(codes::NOT_AUTHORIZED, message)
    }

    pub(crate) fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new(codes::INVALID_PARAMETER, message)
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(codes::INTERNAL_ERROR, message)
    }

    pub(crate) fn user_not_found() -> Self {
        Self::new(codes::USER_NOT_FOUND, "User does not exist.")
    }

    pub(crate) fn pool_not_found(pool_id: &str) -> Self {
        Self::new(
            codes::RESOURCE_NOT_FOUND,
            format!("User pool {pool_id} does not exist."),
        )
    }

    pub(crate) fn client_not_found(client_id: &str) -> Self {
        Self::new(
            codes::RESOURCE_NOT_FOUND,
            format!("User pool client {client_id} does not exist."),
        )
    }

    pub(crate) fn incorrect_credentials() -> Self {
        Self::not_authorized("Incorrect username or password.")
    }

    pub(crate) fn invalid_session() -> Self {
        Self::not_authorized("Invalid session for the user.")
    }

    pub(crate) fn expired_session() -> Self {
        Self::not_authorized("Invalid session for the user, session is expired.")
    }

    pub(crate) fn code_mismatch() -> Self {
        Self::new(
            codes::CODE_MISMATCH,
            "Invalid code or auth state for the user.",
        )
    }

    pub(crate) fn serialization(message: impl Into<String>) -> Self {
        Self::new(codes::SERIALIZATION, message)
    }

    /// Maps an unexpected core failure (e.g. the OS random generator) to
    /// `InternalErrorException`, keeping only the stable core code in the message.
    pub(crate) fn from_core(error: &cognito_mfa::Error) -> Self {
        Self::internal(format!("internal failure ({})", error.code()))
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ServiceError {}

impl From<ServiceError> for cognito_mfa::Error {
    /// The endpoint's answer as the client would read it: [`cognito_mfa::Error::Service`] with
    /// the same code, message and HTTP status (and no request id).
    fn from(error: ServiceError) -> Self {
        cognito_mfa::Error::Service(cognito_mfa::ServiceError::new(
            error.code(),
            error.message(),
            error.http_status(),
            None,
        ))
    }
}

/// Why the mock endpoint could not be configured or started.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    /// The configuration (file or [`crate::MockConfig`]) is invalid; the message says where.
    /// Code `MockConfigError`.
    #[error("invalid mock configuration: {0}")]
    Config(String),
    /// The listening socket could not be bound or served. Code `MockIoError`.
    #[error("mock endpoint I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The server task stopped abnormally. Code `MockServerError`.
    #[error("mock endpoint server error: {0}")]
    Server(String),
}

impl MockError {
    /// The code of [`MockError::Config`].
    pub const CONFIG: &'static str = "MockConfigError";
    /// The code of [`MockError::Io`].
    pub const IO: &'static str = "MockIoError";
    /// The code of [`MockError::Server`].
    pub const SERVER: &'static str = "MockServerError";
    /// Every code a `MockError` can have, in the order of the variants (the bindings give each
    /// an error class).
    pub const CODES: &'static [&'static str] = &[Self::CONFIG, Self::IO, Self::SERVER];

    /// The stable string code of this error (one of [`MockError::CODES`]).
    pub fn code(&self) -> &'static str {
        match self {
            MockError::Config(_) => Self::CONFIG,
            MockError::Io(_) => Self::IO,
            MockError::Server(_) => Self::SERVER,
        }
    }

    pub(crate) fn config(message: impl fmt::Display) -> Self {
        MockError::Config(message.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_error_is_the_only_500() {
        assert_eq!(ServiceError::internal("x").http_status(), 500);
        assert_eq!(ServiceError::code_mismatch().http_status(), 400);
        assert_eq!(
            ServiceError::invalid_session().code(),
            codes::NOT_AUTHORIZED
        );
    }

    #[test]
    fn mock_error_codes_are_distinct() {
        let codes = [
            MockError::config("x").code(),
            MockError::Io(std::io::Error::other("x")).code(),
            MockError::Server("x".into()).code(),
        ];
        assert_eq!(codes, ["MockConfigError", "MockIoError", "MockServerError"]);
        assert_eq!(codes, MockError::CODES);
    }

    #[test]
    fn service_errors_become_the_cores_service_errors() {
        let core: cognito_mfa::Error = ServiceError::internal("boom").into();
        let service = core.service();
        assert_eq!(
            service.map(|s| (s.code(), s.message(), s.status())),
            Some((codes::INTERNAL_ERROR, "boom", 500))
        );
    }
}
