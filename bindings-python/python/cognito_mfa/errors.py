"""The exceptions raised by cognito_mfa.

Every exception derives from :class:`CognitoMfaError` and carries these attributes:

* ``code`` - the stable string code of the Rust core's ``Error::code()`` (the same string
  reaches JavaScript as ``err.code``): Cognito's own code for an error the service answered
  (``CodeMismatchException``), a code ending in ``Error`` for a client-side failure
  (``NetworkError``, ``InvalidInputError``). The class name equals the code, so
  ``except CodeMismatchException`` and ``exc.code == "CodeMismatchException"`` say the same
  thing.
* ``message`` - Cognito's message for a service error, else a human-readable explanation. It
  never contains a secret, a password, a code or a token.
* ``status_code`` - the HTTP status of the response that caused the error, or ``None``.
* ``request_id`` - the ``x-amzn-RequestId`` of that response, or ``None``.

Errors the service answered derive from :class:`ServiceError`; a Cognito code without a class
of its own here still arrives as a :class:`ServiceError` whose ``code`` is that code.

The errors caused by a bad argument value (:class:`InvalidInputError` and its subclasses
:class:`InvalidSecretError`, :class:`SecretTooShortError`, :class:`InvalidUriError`) are also
:class:`ValueError`\\ s. :class:`NetworkError` is also a :class:`ConnectionError`, and this
module's ``TimeoutError`` (code ``TimeoutError``) also the built-in :class:`TimeoutError`. A
wrong argument *type* raises a plain :class:`TypeError`.

A Rust panic inside the package (a bug) never crashes the interpreter: any call that panics,
awaited, blocking or synchronous (the TOTP engine, a constructor, a getter), raises
:class:`GenericFailure` (code ``GenericFailure``, as in the Node package), never pyo3's
``PanicException``.

``TimeoutError`` is deliberately left out of ``__all__`` (here and in ``cognito_mfa``) so that
``from cognito_mfa import *`` never shadows the built-in: write ``cognito_mfa.TimeoutError`` or
catch the built-in ``TimeoutError``, which it subclasses.

The native module instantiates these classes (looking them up by code), so they are real
Python classes that can be subclassed, pickled and introspected.
"""

from __future__ import annotations

import builtins

__all__ = [
    "AccessDeniedException",
    "AliasExistsException",
    "CodeMismatchError",
    "CodeMismatchException",
    "CodeReusedError",
    "CognitoMfaError",
    "CredentialsError",
    "DeviceKeyExistsException",
    "DeviceStoreError",
    "EnableSoftwareTokenMFAException",
    "ExpiredCodeException",
    "ExpiredTokenException",
    "GenericFailure",
    "IncompleteSignatureException",
    "InternalErrorException",
    "InvalidInputError",
    "InvalidParameterException",
    "InvalidPasswordException",
    "InvalidSecretError",
    "InvalidSignatureException",
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
    "LimitExceededException",
    "MFAMethodNotFoundException",
    "MissingAuthenticationTokenException",
    "MockConfigError",
    "MockIoError",
    "MockServerError",
    "NetworkError",
    "NoChallengeInProgressError",
    "NoDeviceError",
    "NotAuthorizedException",
    "NotSignedInError",
    "PasswordResetRequiredException",
    "RandomSourceError",
    "ResourceNotFoundException",
    "SecretTooShortError",
    "SerializationException",
    "ServiceError",
    "SoftwareTokenMFANotFoundException",
    "SoftwareTokenNotVerifiedError",
    "SrpError",
    "ThrottlingException",
    "TokenVerificationError",
    "TooManyFailedAttemptsException",
    "TooManyRequestsException",
    "UnexpectedResponseError",
    "UnknownOperationException",
    "UnrecognizedClientException",
    "UnsupportedChallengeError",
    "UnsupportedTokenTypeException",
    "UnsupportedUserStateException",
    "UserNotConfirmedException",
    "UserNotFoundException",
    "UsernameExistsException",
]


class CognitoMfaError(Exception):
    """Base class of every error raised by cognito_mfa.

    Attributes:
        code: The stable error code, e.g. ``"InvalidSecretError"``, ``"CodeMismatchException"``.
        message: Cognito's message, or a human-readable explanation (never contains a secret).
        status_code: The HTTP status of the response that caused the error, or ``None``.
        request_id: The ``x-amzn-RequestId`` of that response, or ``None``.
    """

    code: str
    message: str
    status_code: int | None
    request_id: str | None

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status_code: int | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code if code is not None else type(self).__name__
        self.status_code = status_code
        self.request_id = request_id


class InvalidInputError(CognitoMfaError, ValueError):
    """An argument has a bad value.

    For example a TOTP code with non-digits or the wrong length, ``digits`` outside 6-8, a
    ``period`` of 0, a negative time, an empty account name. Code ``InvalidInputError``.
    """


class InvalidSecretError(InvalidInputError):
    """A base32 secret holds a character outside the RFC 4648 alphabet.

    Code ``InvalidSecretError``. The message names the character and its position, never the
    secret.

    Attributes:
        character: The offending character.
        position: Its zero-based position in the input, counted in characters.
    """

    character: str
    position: int


class SecretTooShortError(InvalidInputError):
    """A secret shorter than 16 base32 characters (80 bits), which Cognito refuses too.

    Code ``SecretTooShortError``.

    Attributes:
        chars: The number of base32 characters given (after removing spaces and padding).
    """

    chars: int


class InvalidUriError(InvalidInputError):
    """An ``otpauth://`` key URI was refused.

    Code ``InvalidUriError``.

    Attributes:
        kind: What exactly is wrong, one of ``"BadScheme"``, ``"UnsupportedType"``,
            ``"MissingLabel"``, ``"MissingSecret"``, ``"BadSecret"``, ``"IssuerMismatch"``,
            ``"BadAlgorithm"``, ``"BadDigits"``, ``"BadPeriod"``, ``"BadEncoding"``,
            ``"DuplicateParameter"``.
    """

    kind: str


class CodeMismatchError(CognitoMfaError):
    """A well-formed one-time code matched no time step in the window.

    Code ``CodeMismatchError``. ``TOTP.verify`` returns ``False`` instead of raising this;
    ``ReplayGuard.verify`` raises it.
    """


class CodeReusedError(CognitoMfaError):
    """A code for a time step that was already accepted for this key (RFC 6238 section 5.2).

    Code ``CodeReusedError``.

    Attributes:
        step: The time step the refused code belongs to.
    """

    step: int


class RandomSourceError(CognitoMfaError):
    """The operating system's random number generator failed. Code ``RandomSourceError``."""


class SrpError(CognitoMfaError):
    """An SRP value was refused. Code ``SrpError``.

    Attributes:
        kind: What exactly is wrong, e.g. ``"ServerValueZero"`` or ``"BadHex"``.
        field: The wire name of the offending value (e.g. ``"SRP_B"``, ``"SECRET_BLOCK"``) when
            ``kind`` is ``"BadHex"`` or ``"BadBase64"``, else ``None``.
    """

    kind: str
    field: str | None = None


# --- client-side failures of the Cognito client ------------------------------------------------


class NetworkError(CognitoMfaError, ConnectionError):
    """The request could not be sent or its answer not received (DNS, refused connection, TLS
    failure, reset). Code ``NetworkError``; also a :class:`ConnectionError`.

    Attributes:
        retryable: True when the request certainly never reached Cognito, so that even a
            request that changes state may be sent again.
    """

    retryable: bool


class TimeoutError(CognitoMfaError, builtins.TimeoutError):
    """No answer arrived within the pool's ``timeout``. Code ``TimeoutError``; also the built-in
    :class:`TimeoutError`, which ``except TimeoutError`` catches without importing this one."""


class UnexpectedResponseError(CognitoMfaError):
    """Cognito (or the endpoint) answered with something that is not the expected shape: a body
    that is not JSON, a missing field, a token that is not a JWT. Code
    ``UnexpectedResponseError``; ``status_code`` is the HTTP status when there was a response."""


class UnsupportedChallengeError(CognitoMfaError):
    """Cognito issued a challenge this client does not know (e.g. ``WEB_AUTHN``), which is never
    taken for a success. Code ``UnsupportedChallengeError``.

    Attributes:
        challenge_name: The ``ChallengeName`` as Cognito sent it.
    """

    challenge_name: str


class NotSignedInError(CognitoMfaError):
    """The call needs a signed-in user (an access token) and the user is not signed in.
    Code ``NotSignedInError``."""


class NoChallengeInProgressError(CognitoMfaError):
    """The call answers a challenge and none is in progress (or a different one is).
    Code ``NoChallengeInProgressError``."""


class SoftwareTokenNotVerifiedError(CognitoMfaError):
    """``VerifySoftwareToken`` answered a status other than ``SUCCESS``: the authenticator is not
    verified. Code ``SoftwareTokenNotVerifiedError``.

    Attributes:
        status: The ``Status`` Cognito returned, e.g. ``"ERROR"``.
    """

    status: str


class NoDeviceError(CognitoMfaError):
    """The call is about this user's device (remember, forget or get it) and no device is known:
    the pool has no device store, the user has not signed in with device tracking on, or the
    device was forgotten. Code ``NoDeviceError``."""


class DeviceStoreError(CognitoMfaError):
    """A device store could not load, save or forget a device: an unreadable or malformed
    :class:`~cognito_mfa.FileDeviceStore` file, one that others may read, or a method of a store
    of your own that raised — that exception is then this one's ``__cause__``, and the message
    names its class only (its text could hold what the store was given). Code
    ``DeviceStoreError``. The message never holds a device password."""


class InvalidStateError(CognitoMfaError):
    """A sign-in state (a dict from :meth:`CognitoUser.export_state` or a value sealed by
    :class:`~cognito_mfa.StateSealer`) was refused: tampered with, truncated, sealed by an
    unlisted or another key, of another pool or app client, expired, or malformed. Nothing
    was resumed. Code ``InvalidStateError``. The message never holds the value or a key.

    Attributes:
        reason: Why, e.g. ``"Expired"``, ``"Unauthentic"``, ``"UnknownKey"``, ``"OtherPool"``,
            ``"Malformed"``, ``"TooLong"``, ``"UnsupportedVersion"``, ``"NotResumable"``,
            ``"NothingInProgress"``.
    """

    reason: str


class GenericFailure(CognitoMfaError, RuntimeError):
    """A bug inside the package: a Rust panic while a call ran (any call: awaited, blocking or
    synchronous), caught before it could crash the interpreter. Code ``GenericFailure``, the
    code the Node package gives a panic too; also a :class:`RuntimeError`. The message says
    where it happened; please report it."""


class CredentialsError(CognitoMfaError):
    """No AWS credentials could be had for a signed (admin) request: none in the environment
    or the shared files, a profile only an AWS SDK resolves (``role_arn``, SSO...), or the
    credentials source given to :class:`AdminClient` failed. Code ``CredentialsError``. The
    message never holds a secret key; the source's own exception is the ``__cause__``."""


# --- token verification (TokenVerifier) -------------------------------------------------------


class TokenVerificationError(CognitoMfaError):
    """A token was refused by :class:`~cognito_mfa.TokenVerifier`; each subclass is one kind of
    failure, named as its ``code``. The message never holds the token."""


class JwtMalformedError(TokenVerificationError):
    """The token is not a well-formed Cognito JWT: not three base64url parts, not JSON, a header
    ``kid``/``typ``/``crit`` refused, a claim of the wrong type, or no ``exp``. Code
    ``JwtMalformedError``."""


class JwtAlgorithmError(TokenVerificationError):
    """The header's ``alg`` is not RS256, RS384 or RS512 (``none`` and HS256 are refused), or
    differs from the key's ``alg``. Code ``JwtAlgorithmError``."""


class JwtIssuerError(TokenVerificationError):
    """No ``iss``, or an issuer of no configured pool. Code ``JwtIssuerError``."""


class JwtUnknownKeyError(TokenVerificationError):
    """The ``kid`` is in the pool's JWKS neither before nor after the one refetch. Code
    ``JwtUnknownKeyError``."""


class JwksWaitPeriodError(TokenVerificationError):
    """An unknown ``kid`` during the cool-down after a refetch: refused at once, without a fetch.
    Code ``JwksWaitPeriodError``.

    Attributes:
        retry_after_ms: When a refetch is allowed again, in milliseconds.
    """

    retry_after_ms: int


class JwksFetchError(TokenVerificationError):
    """The JWKS could not be fetched: a transport failure, a status other than 200, a body that is
    not a JWKS, or one over 1 MiB. Code ``JwksFetchError``."""


class JwkInvalidError(TokenVerificationError):
    """The key the ``kid`` names is unusable: not RSA, ``use`` other than ``sig``, a bad ``alg``, or
    a modulus under 2048 or over 8192 bits. Code ``JwkInvalidError``."""


class JwtInvalidSignatureError(TokenVerificationError):
    """The signature does not verify with the pool's key. Code ``JwtInvalidSignatureError``."""


class JwtExpiredError(TokenVerificationError):
    """The token has expired (``exp`` plus the grace is not after now). Code ``JwtExpiredError``.

    Attributes:
        expired_at: ``exp``, in Unix seconds.
    """

    expired_at: int


class JwtNotYetValidError(TokenVerificationError):
    """``nbf`` or ``iat`` is later than now plus the grace. Code ``JwtNotYetValidError``.

    Attributes:
        valid_from: When it becomes valid, in Unix seconds.
    """

    valid_from: int


class JwtTokenUseError(TokenVerificationError):
    """A wrong or missing ``token_use``: an ID token where an access token is expected, or the
    reverse. Code ``JwtTokenUseError``."""


class JwtAudienceError(TokenVerificationError):
    """``aud`` (ID token) or ``client_id`` (access token) is not one of the allowed app clients.
    Code ``JwtAudienceError``."""


class JwtGroupError(TokenVerificationError):
    """Groups are required and ``cognito:groups`` holds none of them. Code ``JwtGroupError``."""


class JwtScopeError(TokenVerificationError):
    """Scopes are required and ``scope`` holds none of them. Code ``JwtScopeError``."""


# --- errors of the embedded mock (cognito_mfa.testing) ----------------------------------------


class MockConfigError(InvalidInputError):
    """The configuration given to :class:`cognito_mfa.testing.MockCognito` is invalid; the
    message says where. Also an :class:`InvalidInputError` (so a :class:`ValueError`). Code
    ``MockConfigError``, as in the Node package."""


class MockIoError(CognitoMfaError, OSError):
    """The mock endpoint could not bind its port or serve on it. Also an :class:`OSError`.
    Code ``MockIoError``, as in the Node package."""


class MockServerError(CognitoMfaError, RuntimeError):
    """The mock endpoint's server stopped abnormally. Also a :class:`RuntimeError`. Code
    ``MockServerError``, as in the Node package."""


# --- errors answered by Cognito --------------------------------------------------------------


class ServiceError(CognitoMfaError):
    """An error answered by Cognito: ``code`` is Cognito's code, ``message`` its message,
    ``status_code`` the HTTP status (400, or 500 for ``InternalErrorException``) and
    ``request_id`` the ``x-amzn-RequestId``.

    Each Cognito code the client knows (the Rust core's ``protocol::error::codes::ALL``) has a
    subclass named exactly as the code; any other code arrives as a plain ``ServiceError``.
    """


class CodeMismatchException(ServiceError):
    """A wrong MFA code at a challenge ("Invalid code or auth state for the user."); the
    challenge stays in progress and can be answered again."""


class DeviceKeyExistsException(ServiceError):
    """``ConfirmDevice`` of a device that is confirmed already."""


class EnableSoftwareTokenMFAException(ServiceError):
    """A wrong code at :meth:`CognitoUser.verify_software_token` ("Code mismatch and fail enable
    Software Token MFA")."""


class ExpiredCodeException(ServiceError):
    """An SMS or e-mail code past its validity, or a TOTP code already used once."""


class SoftwareTokenMFANotFoundException(ServiceError):
    """TOTP is not enabled for the pool, or was answered for a user without a software token."""


class NotAuthorizedException(ServiceError):
    """A wrong password or SRP proof; an invalid, expired or used challenge session; an invalid,
    expired or revoked token; a disabled user."""


class InvalidParameterException(ServiceError):
    """A malformed request, a flow the app client does not allow, or a factor that is not set up
    ("User has not verified software token mfa")."""


class LimitExceededException(ServiceError):
    """A service limit was exceeded."""


class TooManyRequestsException(ServiceError):
    """The request was throttled."""


class TooManyFailedAttemptsException(ServiceError):
    """Too many failed attempts."""


class UserNotFoundException(ServiceError):
    """The user does not exist."""


class UserNotConfirmedException(ServiceError):
    """The user has not confirmed the sign-up."""


class PasswordResetRequiredException(ServiceError):
    """The user's password must be reset."""


class ResourceNotFoundException(ServiceError):
    """The user pool or app client does not exist."""


class MFAMethodNotFoundException(ServiceError):
    """An MFA factor the user cannot use (e.g. a ``SELECT_MFA_TYPE`` answer outside
    ``MFAS_CAN_CHOOSE``)."""


class InvalidPasswordException(ServiceError):
    """The password breaks the pool's password policy."""


class InternalErrorException(ServiceError):
    """Cognito failed internally (HTTP 500)."""


class UsernameExistsException(ServiceError):
    """The user name is already taken (creating a user, e.g. in the mock)."""


class SerializationException(ServiceError):
    """The request body is not JSON, or holds a value of the wrong type."""


class ThrottlingException(ServiceError):
    """The request was throttled by the AWS front end (``TooManyRequestsException`` is Cognito's
    own throttling)."""


class UnknownOperationException(ServiceError):
    """The endpoint does not know the operation (or the request had no ``X-Amz-Target``
    header)."""


class AliasExistsException(ServiceError):
    """An e-mail address or phone number that another user of the pool already uses as an
    alias."""


class UnsupportedTokenTypeException(ServiceError):
    """A token that cannot be revoked (token revocation is off for the app client)."""


class UnsupportedUserStateException(ServiceError):
    """The user's state does not allow the request, e.g. re-sending the invitation of a
    confirmed user."""


class AccessDeniedException(ServiceError):
    """The credentials of an admin request lack the IAM permission (``cognito-idp:AdminGetUser``
    ...)."""


class ExpiredTokenException(ServiceError):
    """The session token of temporary AWS credentials has expired (the client renews its
    credentials and retries once before raising this)."""


class IncompleteSignatureException(ServiceError):
    """An admin request's SigV4 ``Authorization`` header is malformed or incomplete."""


class InvalidSignatureException(ServiceError):
    """An admin request's SigV4 signature does not match, is more than five minutes off the
    service's clock, or is scoped to the wrong region or service."""


class MissingAuthenticationTokenException(ServiceError):
    """An admin request without a SigV4 signature."""


class UnrecognizedClientException(ServiceError):
    """The access key id or session token of an admin request is not known ("The security token
    included in the request is invalid.")."""
