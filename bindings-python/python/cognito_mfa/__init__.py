"""cognito-mfa: the MFA part of the Amazon Cognito user-pool client, on a Rust core.

* The Cognito client, as coroutines: :class:`CognitoUserPool`, :class:`CognitoUser` (sign-in
  with SRP, every MFA challenge, TOTP enrolment, MFA preferences, refresh, sign-out) and the
  values its methods take and give (:class:`AuthenticationDetails`, :class:`AuthResult`,
  :class:`CognitoUserSession`, :class:`ChallengeName`...). The same client with blocking
  methods is :mod:`cognito_mfa.blocking`.
* The TOTP engine (RFC 6238 / RFC 4226): shared secrets, one-time codes, ``otpauth://`` key
  URIs for authenticator apps, QR codes and a replay guard.
* Remembered devices: ``CognitoUserPool(..., device_store=...)`` with
  :class:`MemoryDeviceStore`, :class:`FileDeviceStore` or a :class:`DeviceStore` of your own;
  :class:`DeviceCredentials`, :class:`Device`, :class:`DeviceList`.
* Admin MFA management for servers: :class:`AdminClient` (``AdminGetUser``,
  ``AdminSetUserMFAPreference``, server-side sign-in through ``AdminInitiateAuth``...) signed
  with SigV4 from :class:`AwsCredentials`, a boto3 session or a callable; :class:`AdminUser`.
* Token verification for servers: :class:`TokenVerifier` (RS256 against the pool's JWKS,
  cached and refetched once per unknown key, the Cognito claims checked) gives :class:`Claims`.
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
    AdminClient,
    AdminUser,
    AssociatedSoftwareToken,
    AuthenticationDetails,
    AuthResult,
    AwsCredentials,
    Claims,
    CognitoAccessToken,
    CognitoIdToken,
    CognitoRefreshToken,
    CognitoUser,
    CognitoUserPool,
    CognitoUserSession,
    Device,
    DeviceCredentials,
    DeviceList,
    FileDeviceStore,
    KeyUri,
    MemoryDeviceStore,
    MfaOption,
    MfaSettings,
    ReplayGuard,
    StateSealer,
    TokenVerifier,
    UserData,
    __version__,
    hotp,
    parse_uri,
    qr_svg,
    qr_text,
    random_secret,
)
from cognito_mfa.devices import DeviceStore
from cognito_mfa.enums import ChallengeName

# The exception classes: every name of `errors.__all__`, the one list of them (importing
# `__all__` under its own name tells type checkers that those names are exported here too).
# cognito_mfa.TimeoutError is reachable but not in __all__: `from cognito_mfa import *` must
# not shadow the built-in TimeoutError (which this class subclasses).
from cognito_mfa.errors import *  # noqa: F403
from cognito_mfa.errors import TimeoutError as TimeoutError
from cognito_mfa.errors import __all__ as __all__

__all__ = [  # a new list: errors.__all__ is left as it is
    *__all__,
    "TOTP",
    "AdminClient",
    "AdminUser",
    "AssociatedSoftwareToken",
    "AuthResult",
    "AuthenticationDetails",
    "AwsCredentials",
    "ChallengeName",
    "Claims",
    "CognitoAccessToken",
    "CognitoIdToken",
    "CognitoRefreshToken",
    "CognitoUser",
    "CognitoUserPool",
    "CognitoUserSession",
    "Device",
    "DeviceCredentials",
    "DeviceList",
    "DeviceStore",
    "FileDeviceStore",
    "KeyUri",
    "MemoryDeviceStore",
    "MfaOption",
    "MfaSettings",
    "ReplayGuard",
    "StateSealer",
    "TokenVerifier",
    "UserData",
    "__version__",
    "hotp",
    "parse_uri",
    "qr_svg",
    "qr_text",
    "random_secret",
]
