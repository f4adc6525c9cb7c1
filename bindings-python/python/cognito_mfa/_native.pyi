"""Private native core of cognito_mfa; import the public names from ``cognito_mfa``.

Hand-written stubs of the pyo3 extension (bindings-python/src), checked against the built
module by ``python -m mypy.stubtest cognito_mfa`` in scripts/test-python.sh.
"""

from typing import final

__all__ = [
    "TOTP",
    "KeyUri",
    "ReplayGuard",
    "__version__",
    "hotp",
    "parse_uri",
    "qr_svg",
    "qr_text",
    "random_secret",
]

__version__: str

@final
class TOTP:
    """A TOTP generator and verifier (RFC 6238).

    ``secret`` is the shared key: base32 text as an authenticator app shows it (lowercase,
    spaces, dashes and ``=`` padding are tolerated) or the raw key as ``bytes``; at least 80
    bits. The defaults are Cognito's: 6 digits, 30-second steps, HMAC-SHA1.

    Raises:
        TypeError: ``secret`` is neither ``str`` nor ``bytes``, or another argument has the
            wrong type.
        InvalidSecretError: ``secret`` holds a character outside the base32 alphabet.
        SecretTooShortError: ``secret`` is shorter than 80 bits (16 base32 characters).
        InvalidInputError: ``digits`` is not 6, 7 or 8, ``period`` is 0, or ``algorithm`` is
            not SHA1, SHA256 or SHA512.

    ``repr()`` never shows the secret.
    """

    def __new__(
        cls, secret: str | bytes, *, digits: int = 6, period: int = 30, algorithm: str = "SHA1"
    ) -> TOTP: ...
    @property
    def digits(self) -> int:
        """The number of digits of a code (6 to 8)."""
    @property
    def period(self) -> int:
        """The length of a time step in seconds."""
    @property
    def algorithm(self) -> str:
        """The HMAC hash function: ``"SHA1"``, ``"SHA256"`` or ``"SHA512"``."""
    @property
    def secret(self) -> str:
        """The shared secret as base32 (RFC 4648, uppercase, no padding). Handle with care."""
    def now(self) -> str:
        """The code for the current time (from the system clock).

        Raises:
            InvalidInputError: the system clock is set before 1970.
        """
    def at(self, unix_time: int) -> str:
        """The code for the time step that contains ``unix_time`` (seconds since 1970).

        Raises:
            TypeError: ``unix_time`` is not an ``int``.
            InvalidInputError: ``unix_time`` is negative.
        """
    def verify(self, code: str, *, at: int | None = None, window: int = 1) -> bool:
        """Checks ``code`` against the steps ``window`` before and after the step of ``at``
        (default: now), comparing every candidate in constant time.

        Returns ``True`` if a step matched, ``False`` otherwise. A code of the right shape that
        does not match is not an error.

        Raises:
            TypeError: ``code`` is not a ``str``.
            InvalidInputError: ``code`` is not exactly ``digits`` ASCII digits, ``window`` is
                above 100, or ``at`` is negative.
        """
    def provisioning_uri(self, account: str, *, issuer: str | None = None) -> str:
        """The ``otpauth://totp/`` key URI to show an authenticator app (as text or a QR code).

        It names ``account`` and, if given, ``issuer``, and always writes ``algorithm``,
        ``digits`` and ``period``. The URI contains the secret.

        Raises:
            InvalidInputError: ``account`` is empty, ``issuer`` is empty, or either holds ``:``.
        """
    def time_step(self, at: int | None = None) -> int:
        """The time step (``unix_time // period``) that contains ``at`` (default: now).

        Raises:
            InvalidInputError: ``at`` is negative, or the clock is set before 1970.
        """
    def seconds_remaining(self, at: int | None = None) -> int:
        """The seconds from ``at`` (default: now) until the next time step, from 1 to ``period``.

        Raises:
            InvalidInputError: ``at`` is negative, or the clock is set before 1970.
        """

@final
class KeyUri:
    """A key URI (``otpauth://totp/Issuer:account?secret=...``) for an authenticator app: a
    :class:`TOTP` with the account name and optional issuer it is shown under.

    Build one from a ``TOTP`` (or parse one with :func:`parse_uri`); :meth:`to_uri` gives the
    text. ``repr()`` never shows the secret.

    Raises:
        TypeError: ``totp`` is not a :class:`TOTP`.
        InvalidInputError: ``account`` is empty, ``issuer`` is empty, or either holds ``:``.
    """

    def __new__(cls, totp: TOTP, account: str, *, issuer: str | None = None) -> KeyUri: ...
    @property
    def totp(self) -> TOTP:
        """The generator this URI describes (a new :class:`TOTP` object on each access)."""
    @property
    def account(self) -> str:
        """The account name (the label after the issuer), e.g. ``"alice@example.com"``."""
    @property
    def issuer(self) -> str | None:
        """The issuer (service name), or ``None``."""
    def to_uri(self) -> str:
        """The URI text. The label is ``Issuer:account`` (or ``account``), percent-encoded; the
        parameters are ``secret``, ``issuer`` (when set), ``algorithm``, ``digits`` and
        ``period``. It contains the secret.
        """

@final
class ReplayGuard:
    """Refuses a second use of a code of the same time step (RFC 6238 section 5.2).

    Remembers, per key (e.g. a user name), the last accepted time step; a code whose matched
    step is not later than that is refused with :class:`CodeReusedError`. State lives in
    memory, in this object only.
    """

    def __new__(cls) -> ReplayGuard: ...
    def verify(
        self, key: str, totp: TOTP, code: str, *, at: int | None = None, window: int = 1
    ) -> int:
        """Verifies ``code`` like :meth:`TOTP.verify` but only accepts a step later than the last
        one accepted for ``key``; on success records the step and returns it.

        Raises:
            CodeMismatchError: no step of the window has this code.
            CodeReusedError: the matching step was already accepted for ``key``.
            InvalidInputError: ``code`` is malformed, ``window`` is above 100, or ``at`` is
                negative.
        """
    def last_accepted(self, key: str) -> int | None:
        """The last time step accepted for ``key``, or ``None``."""
    def forget(self, key: str) -> int | None:
        """Forgets ``key`` (e.g. when its secret changes); returns its last accepted step, if any."""

def random_secret(length: int = 20) -> str:
    """A new random secret of ``length`` bytes (default 20, i.e. 160 bits) from the operating
    system's CSPRNG, as base32 text (32 characters for 20 bytes).

    Raises:
        InvalidInputError: ``length`` is not from 10 to 1024.
        RandomSourceError: the operating system's random number generator failed.
    """

def hotp(secret: str | bytes, counter: int, *, digits: int = 6, algorithm: str = "SHA1") -> str:
    """The HOTP value (RFC 4226) of ``secret`` for ``counter``, zero-padded to ``digits``.

    ``secret`` is base32 text or the raw key as ``bytes``, as for :class:`TOTP`.

    Raises:
        InvalidSecretError, SecretTooShortError: as for :class:`TOTP`.
        InvalidInputError: ``digits`` is not 6, 7 or 8, ``counter`` is negative, or
            ``algorithm`` is unknown.
    """

def parse_uri(uri: str) -> KeyUri:
    """Parses an ``otpauth://totp/`` key URI (as made by :meth:`TOTP.provisioning_uri`, or by
    another service). Unknown parameters such as ``image`` are ignored.

    Raises:
        InvalidUriError: the URI is not a valid TOTP key URI; ``exc.kind`` says why (e.g.
            ``"MissingSecret"``, ``"IssuerMismatch"``).
    """

def qr_svg(uri: str) -> str:
    """A QR code of ``uri`` (any text, usually a key URI) as a standalone SVG document.

    Raises:
        InvalidInputError: the text is too long for a QR code.
    """

def qr_text(uri: str) -> str:
    """A QR code of ``uri`` as terminal text: Unicode half blocks (two rows of modules per line)
    with a quiet zone, for printing to a console.

    Raises:
        InvalidInputError: the text is too long for a QR code.
    """
