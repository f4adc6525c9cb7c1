"""The exceptions raised by cognito_mfa.

Every exception derives from :class:`CognitoMfaError` and carries two attributes:

* ``code`` - the stable string code of the Rust core's ``Error::code()`` (the same string
  reaches JavaScript as ``err.code``). The class name equals the code, so
  ``except InvalidSecretError`` and ``exc.code == "InvalidSecretError"`` say the same thing.
* ``message`` - a human-readable explanation. It never contains a secret or a code.

The errors caused by a bad argument value (:class:`InvalidInputError` and its subclasses
:class:`InvalidSecretError`, :class:`SecretTooShortError`, :class:`InvalidUriError`) are also
:class:`ValueError`\\ s. A wrong argument *type* raises a plain :class:`TypeError`.

The native module instantiates these classes (looking them up by code), so they are real
Python classes that can be subclassed, pickled and introspected.
"""

from __future__ import annotations

__all__ = [
    "CodeMismatchError",
    "CodeReusedError",
    "CognitoMfaError",
    "InvalidInputError",
    "InvalidSecretError",
    "InvalidUriError",
    "RandomSourceError",
    "SecretTooShortError",
    "SrpError",
]


class CognitoMfaError(Exception):
    """Base class of every error raised by cognito_mfa.

    Attributes:
        code: The stable error code, e.g. ``"InvalidSecretError"``.
        message: A human-readable explanation (never contains a secret).
    """

    code: str
    message: str

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code if code is not None else type(self).__name__


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
    """

    kind: str
