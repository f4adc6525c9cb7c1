//! Error responses: `{"__type": "<Code>", "message": "<text>"}` with the headers
//! `x-amzn-ErrorType` and `x-amzn-RequestId`, and the Cognito error codes ([`codes`]) that the
//! client, the bindings' exception classes and the mock endpoint share.

use serde::Deserialize;

use crate::error::{Error, ServiceError};

/// Cognito's service error codes, as they appear in `__type` (and as
/// [`crate::Error::code`] for an [`Error::Service`]). [`codes::ALL`] lists them; each has an
/// exception class of the same name in Python and an entry in the `.d.ts` code union.
pub mod codes {
    /// An e-mail address or phone number that another user already signs in with.
    pub const ALIAS_EXISTS: &str = "AliasExistsException";
    /// A code or confirmation code that does not match.
    pub const CODE_MISMATCH: &str = "CodeMismatchException";
    /// `ConfirmDevice` of a device that is confirmed already.
    pub const DEVICE_KEY_EXISTS: &str = "DeviceKeyExistsException";
    /// A wrong code at `VerifySoftwareToken`.
    pub const ENABLE_SOFTWARE_TOKEN_MFA: &str = "EnableSoftwareTokenMFAException";
    /// A code past its validity, or a software-token code used twice.
    pub const EXPIRED_CODE: &str = "ExpiredCodeException";
    /// An unexpected failure inside the service (HTTP 500).
    pub const INTERNAL_ERROR: &str = "InternalErrorException";
    /// A password that breaks the pool's password policy.
    pub const INVALID_PASSWORD: &str = "InvalidPasswordException";
    /// A malformed request or a request that the pool's configuration does not allow.
    pub const INVALID_PARAMETER: &str = "InvalidParameterException";
    /// A limit of the account or the pool was reached.
    pub const LIMIT_EXCEEDED: &str = "LimitExceededException";
    /// An MFA factor that the user cannot use.
    pub const MFA_METHOD_NOT_FOUND: &str = "MFAMethodNotFoundException";
    /// Wrong credentials, an invalid session or token.
    pub const NOT_AUTHORIZED: &str = "NotAuthorizedException";
    /// A user whose password must be reset.
    pub const PASSWORD_RESET_REQUIRED: &str = "PasswordResetRequiredException";
    /// An unknown user pool, app client or device.
    pub const RESOURCE_NOT_FOUND: &str = "ResourceNotFoundException";
    /// A request body that is not JSON or holds a value of the wrong type.
    pub const SERIALIZATION: &str = "SerializationException";
    /// Software-token MFA is not enabled for the pool or the user.
    pub const SOFTWARE_TOKEN_MFA_NOT_FOUND: &str = "SoftwareTokenMFANotFoundException";
    /// Request throttling by the AWS front end.
    pub const THROTTLING: &str = "ThrottlingException";
    /// Too many failed attempts.
    pub const TOO_MANY_FAILED_ATTEMPTS: &str = "TooManyFailedAttemptsException";
    /// Request throttling by Cognito.
    pub const TOO_MANY_REQUESTS: &str = "TooManyRequestsException";
    /// An operation the service does not know (or no `X-Amz-Target` header).
    pub const UNKNOWN_OPERATION: &str = "UnknownOperationException";
    /// A token that cannot be revoked (token revocation is off for the app client).
    pub const UNSUPPORTED_TOKEN_TYPE: &str = "UnsupportedTokenTypeException";
    /// An operation that the user's account status does not allow (e.g. resending an
    /// invitation to a confirmed user).
    pub const UNSUPPORTED_USER_STATE: &str = "UnsupportedUserStateException";
    /// A user that has not confirmed the sign-up.
    pub const USER_NOT_CONFIRMED: &str = "UserNotConfirmedException";
    /// A user that does not exist.
    pub const USER_NOT_FOUND: &str = "UserNotFoundException";
    /// A user name that is already taken.
    pub const USERNAME_EXISTS: &str = "UsernameExistsException";

    /// IAM: the signed admin request is not allowed for these credentials.
    pub const ACCESS_DENIED: &str = "AccessDeniedException";
    /// SigV4: the session token of temporary credentials has expired.
    pub const EXPIRED_TOKEN: &str = "ExpiredTokenException";
    /// SigV4: the `Authorization` header is incomplete.
    pub const INCOMPLETE_SIGNATURE: &str = "IncompleteSignatureException";
    /// SigV4: the signature does not match, is expired, or has the wrong scope.
    pub const INVALID_SIGNATURE: &str = "InvalidSignatureException";
    /// SigV4: an admin request without a signature.
    pub const MISSING_AUTHENTICATION_TOKEN: &str = "MissingAuthenticationTokenException";
    /// SigV4: the access key id or session token is not known.
    pub const UNRECOGNIZED_CLIENT: &str = "UnrecognizedClientException";

    /// Every code above, in alphabetical order.
    pub const ALL: &[&str] = &[
        ACCESS_DENIED,
        ALIAS_EXISTS,
        CODE_MISMATCH,
        DEVICE_KEY_EXISTS,
        ENABLE_SOFTWARE_TOKEN_MFA,
        EXPIRED_CODE,
        EXPIRED_TOKEN,
        INCOMPLETE_SIGNATURE,
        INTERNAL_ERROR,
        INVALID_PARAMETER,
        INVALID_PASSWORD,
        INVALID_SIGNATURE,
        LIMIT_EXCEEDED,
        MFA_METHOD_NOT_FOUND,
        MISSING_AUTHENTICATION_TOKEN,
        NOT_AUTHORIZED,
        PASSWORD_RESET_REQUIRED,
        RESOURCE_NOT_FOUND,
        SERIALIZATION,
        SOFTWARE_TOKEN_MFA_NOT_FOUND,
        THROTTLING,
        TOO_MANY_FAILED_ATTEMPTS,
        TOO_MANY_REQUESTS,
        UNKNOWN_OPERATION,
        UNRECOGNIZED_CLIENT,
        UNSUPPORTED_TOKEN_TYPE,
        UNSUPPORTED_USER_STATE,
        USER_NOT_CONFIRMED,
        USER_NOT_FOUND,
        USERNAME_EXISTS,
    ];
}

/// The header that carries the error code (`NotAuthorizedException:`).
pub const ERROR_TYPE_HEADER: &str = "x-amzn-ErrorType";
/// The header that carries the request id.
pub const REQUEST_ID_HEADER: &str = "x-amzn-RequestId";

/// The JSON body of an error response; every key is optional.
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(rename = "__type", default)]
    type_: Option<String>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(rename = "Message", default)]
    message_upper: Option<String>,
}

/// Reduces a raw code to Cognito's short code: what follows a `#` is kept (a namespace before
/// it is dropped), what follows a `:` is dropped.
///
/// `com.amazonaws.cognito#CodeMismatchException` → `CodeMismatchException`;
/// `NotAuthorizedException:http://internal.amazon.com/` → `NotAuthorizedException`.
pub fn sanitize_code(raw: &str) -> &str {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    let after_hash = before_colon.rsplit('#').next().unwrap_or(before_colon);
    after_hash.trim()
}

/// Turns an error response into an [`Error`].
///
/// The code comes from the body's `__type` or `code`, else from the `x-amzn-ErrorType` header;
/// the message from `message` or `Message`. A response with no code anywhere is an
/// [`Error::UnexpectedResponse`] carrying the status.
pub fn parse_error(
    status: u16,
    error_type_header: Option<&str>,
    request_id: Option<&str>,
    body: &[u8],
) -> Error {
    let parsed: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
    let code = [
        parsed.type_.as_deref(),
        parsed.code.as_deref(),
        error_type_header,
    ]
    .into_iter()
    .flatten()
    .map(sanitize_code)
    .find(|code| !code.is_empty());
    let message = parsed.message.or(parsed.message_upper).unwrap_or_default();
    match code {
        Some(code) => Error::Service(ServiceError::new(
            code,
            message,
            status,
            request_id.map(str::to_owned),
        )),
        None => Error::UnexpectedResponse {
            what: format!("HTTP {status} without an error code"),
            status: Some(status),
            source: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_list_is_sorted_unique_and_cognito_shaped() {
        let mut sorted = codes::ALL.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, codes::ALL);
        assert!(codes::ALL.iter().all(|code| code.ends_with("Exception")));
        assert!(codes::ALL.iter().all(|code| sanitize_code(code) == *code));
    }

    fn service(error: &Error) -> Option<(&str, &str, u16, Option<&str>)> {
        error
            .service()
            .map(|s| (s.code(), s.message(), s.status(), s.request_id()))
    }

    #[test]
    fn codes_are_taken_from_the_body_and_sanitized() {
        let body = include_bytes!("../../tests/fixtures/error_code_mismatch.json");
        let e = parse_error(400, Some("CodeMismatchException:"), Some("r-1"), body);
        assert_eq!(
            service(&e),
            Some((
                "CodeMismatchException",
                "Invalid code or auth state for the user.",
                400,
                Some("r-1")
            ))
        );
        assert_eq!(e.code(), "CodeMismatchException");

        let namespaced = br#"{"__type":"com.amazonaws.cognito#NotAuthorizedException:http://x/","Message":"Invalid session for the user."}"#;
        let e = parse_error(400, None, None, namespaced);
        assert_eq!(
            service(&e),
            Some((
                "NotAuthorizedException",
                "Invalid session for the user.",
                400,
                None
            ))
        );

        let lower = br#"{"code":"ExpiredCodeException","message":"expired"}"#;
        assert_eq!(
            parse_error(400, None, None, lower).code(),
            "ExpiredCodeException"
        );
    }

    #[test]
    fn the_header_is_the_fallback_when_the_body_is_not_json() {
        let e = parse_error(
            500,
            Some("InternalErrorException:"),
            Some("r-2"),
            b"<html>oops",
        );
        assert_eq!(
            service(&e),
            Some(("InternalErrorException", "", 500, Some("r-2")))
        );
        let e = parse_error(502, None, None, b"Bad Gateway");
        assert_eq!(e.code(), "UnexpectedResponseError");
        assert_eq!(e.status(), Some(502));
    }

    #[test]
    fn sanitizing() {
        assert_eq!(
            sanitize_code("A#B#CodeMismatchException"),
            "CodeMismatchException"
        );
        assert_eq!(
            sanitize_code("NotAuthorizedException:"),
            "NotAuthorizedException"
        );
        assert_eq!(sanitize_code("Plain"), "Plain");
        assert_eq!(sanitize_code(""), "");
    }
}
