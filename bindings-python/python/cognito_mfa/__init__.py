"""cognito-mfa: the MFA part of the Amazon Cognito user-pool client, on a Rust core.

This first release ships the TOTP engine (RFC 6238 / RFC 4226): shared secrets, one-time codes,
``otpauth://`` key URIs for authenticator apps, QR codes and a replay guard.

>>> from cognito_mfa import TOTP
>>> totp = TOTP("JBSWY3DPEHPK3PXP")
>>> totp.verify(totp.at(1_700_000_000), at=1_700_000_000)
True

The native extension (``cognito_mfa._native``) is private; import everything from here.
"""

from cognito_mfa._native import (
    TOTP,
    KeyUri,
    ReplayGuard,
    __version__,
    hotp,
    parse_uri,
    qr_svg,
    qr_text,
    random_secret,
)
from cognito_mfa.errors import (
    CodeMismatchError,
    CodeReusedError,
    CognitoMfaError,
    InvalidInputError,
    InvalidSecretError,
    InvalidUriError,
    RandomSourceError,
    SecretTooShortError,
    SrpError,
)

__all__ = [
    "TOTP",
    "CodeMismatchError",
    "CodeReusedError",
    "CognitoMfaError",
    "InvalidInputError",
    "InvalidSecretError",
    "InvalidUriError",
    "KeyUri",
    "RandomSourceError",
    "ReplayGuard",
    "SecretTooShortError",
    "SrpError",
    "__version__",
    "hotp",
    "parse_uri",
    "qr_svg",
    "qr_text",
    "random_secret",
]
