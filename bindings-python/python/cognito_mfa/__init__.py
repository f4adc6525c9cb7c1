"""cognito-mfa: the MFA part of the Amazon Cognito user-pool client, on a Rust core.

* The Cognito client, as coroutines: :class:`CognitoUserPool`, :class:`CognitoUser` (sign-in
  with SRP, every MFA challenge, TOTP enrolment, MFA preferences, refresh, sign-out) and the
  values its methods take and give (:class:`AuthenticationDetails`, :class:`AuthResult`,
  :class:`CognitoUserSession`, :class:`ChallengeName`...). The same client with blocking
  methods is :mod:`cognito_mfa.blocking`.
* The TOTP engine (RFC 6238 / RFC 4226): shared secrets, one-time codes, ``otpauth://`` key
  URIs for authenticator apps, QR codes and a replay guard.
* Typed exceptions (:mod:`cognito_mfa.errors`), each named as its stable ``code``.
* For tests: :mod:`cognito_mfa.testing` (a mock Cognito endpoint in-process) and the pytest
  fixture ``cognito_mock``.

>>> from cognito_mfa import TOTP
>>> totp = TOTP("JBSWY3DPEHPK3PXP")
>>> totp.verify(totp.at(1_700_000_000), at=1_700_000_000)
True

The native extension (``cognito_mfa._native``) is private; import everything from here.
"""

from cognito_mfa._native import (
    TOTP,
    AssociatedSoftwareToken,
    AuthenticationDetails,
    AuthResult,
    CognitoAccessToken,
    CognitoIdToken,
    CognitoRefreshToken,
    CognitoUser,
    CognitoUserPool,
    CognitoUserSession,
    KeyUri,
    MfaOption,
    MfaSettings,
    ReplayGuard,
    UserData,
    __version__,
    hotp,
    parse_uri,
    qr_svg,
    qr_text,
    random_secret,
)
from cognito_mfa.enums import ChallengeName
from cognito_mfa.errors import (
    CodeMismatchError,
    CodeMismatchException,
    CodeReusedError,
    CognitoMfaError,
    EnableSoftwareTokenMFAException,
    ExpiredCodeException,
    InternalErrorException,
    InvalidInputError,
    InvalidParameterException,
    InvalidPasswordException,
    InvalidSecretError,
    InvalidUriError,
    LimitExceededException,
    MFAMethodNotFoundException,
    MockConfigError,
    MockIoError,
    MockServerError,
    NetworkError,
    NoChallengeInProgressError,
    NotAuthorizedException,
    NotSignedInError,
    PasswordResetRequiredException,
    RandomSourceError,
    ResourceNotFoundException,
    SecretTooShortError,
    ServiceError,
    SoftwareTokenMFANotFoundException,
    SoftwareTokenNotVerifiedError,
    SrpError,
    TooManyFailedAttemptsException,
    TooManyRequestsException,
    UnexpectedResponseError,
    UnsupportedChallengeError,
    UsernameExistsException,
    UserNotConfirmedException,
    UserNotFoundException,
)

# Reachable as cognito_mfa.TimeoutError, but not in __all__: `from cognito_mfa import *` must
# not shadow the built-in TimeoutError (which this class subclasses).
from cognito_mfa.errors import TimeoutError as TimeoutError

__all__ = [
    "TOTP",
    "AssociatedSoftwareToken",
    "AuthResult",
    "AuthenticationDetails",
    "ChallengeName",
    "CodeMismatchError",
    "CodeMismatchException",
    "CodeReusedError",
    "CognitoAccessToken",
    "CognitoIdToken",
    "CognitoMfaError",
    "CognitoRefreshToken",
    "CognitoUser",
    "CognitoUserPool",
    "CognitoUserSession",
    "EnableSoftwareTokenMFAException",
    "ExpiredCodeException",
    "InternalErrorException",
    "InvalidInputError",
    "InvalidParameterException",
    "InvalidPasswordException",
    "InvalidSecretError",
    "InvalidUriError",
    "KeyUri",
    "LimitExceededException",
    "MFAMethodNotFoundException",
    "MfaOption",
    "MfaSettings",
    "MockConfigError",
    "MockIoError",
    "MockServerError",
    "NetworkError",
    "NoChallengeInProgressError",
    "NotAuthorizedException",
    "NotSignedInError",
    "PasswordResetRequiredException",
    "RandomSourceError",
    "ReplayGuard",
    "ResourceNotFoundException",
    "SecretTooShortError",
    "ServiceError",
    "SoftwareTokenMFANotFoundException",
    "SoftwareTokenNotVerifiedError",
    "SrpError",
    "TooManyFailedAttemptsException",
    "TooManyRequestsException",
    "UnexpectedResponseError",
    "UnsupportedChallengeError",
    "UserData",
    "UserNotConfirmedException",
    "UserNotFoundException",
    "UsernameExistsException",
    "__version__",
    "hotp",
    "parse_uri",
    "qr_svg",
    "qr_text",
    "random_secret",
]
