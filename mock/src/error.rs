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
    /// The stable string code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            MockError::Config(_) => "MockConfigError",
            MockError::Io(_) => "MockIoError",
            MockError::Server(_) => "MockServerError",
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
    }
}
