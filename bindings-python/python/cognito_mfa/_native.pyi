"""Private native core of cognito_mfa; import the public names from ``cognito_mfa``,
``cognito_mfa.blocking`` and ``cognito_mfa.testing``.

Hand-written stubs of the pyo3 extension (bindings-python/src), checked against the built
module by ``python -m mypy.stubtest cognito_mfa`` in scripts/test-python.sh.
"""

import datetime
import os
import pathlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, ClassVar, Literal, TypeAlias, final

from cognito_mfa.devices import DeviceStore
from cognito_mfa.enums import ChallengeName

__all__ = [
    "TOTP",
    "AdminClient",
    "AdminUser",
    "AssociatedSoftwareToken",
    "AuthResult",
    "AuthenticationDetails",
    "AwsCredentials",
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
    "FileDeviceStore",
    "KeyUri",
    "MemoryDeviceStore",
    "MfaOption",
    "MfaSettings",
    "ReplayGuard",
    "StateSealer",
    "TokenVerifier",
    "UserData",
    "_BlockingAdminClient",
    "_BlockingCognitoUser",
    "_BlockingTokenVerifier",
    "_MockServer",
    "__version__",
    "_challenge_names",
    "_error_codes",
    "_panic_in_a_blocking_call_for_tests",
    "_panic_in_a_call_for_tests",
    "_panic_in_a_sync_call_for_tests",
    "_sign_request",
    "hotp",
    "parse_uri",
    "qr_svg",
    "qr_text",
    "random_secret",
]

__version__: str

# --- TOTP engine (src/totp.rs) ------------------------------------------------------------------

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

# --- the pool (src/client.rs) -------------------------------------------------------------------

@final
class CognitoUserPool:
    """A user pool's app client: where and how requests are sent (amazon-cognito-identity-js's
    ``CognitoUserPool``).

    ``endpoint`` defaults to ``https://cognito-idp.<region>.amazonaws.com/`` (the region is the
    part of ``user_pool_id`` before ``_``); give a mock's URL in tests (plain ``http`` is
    accepted on loopback only). ``client_secret`` makes every request carry ``SECRET_HASH``.
    ``timeout`` bounds each request from connecting to the end of the response, in seconds
    (default 30), ``connect_timeout`` the connection alone (default 10); ``max_retries`` is how
    often a safe request (``GetUser``, a refresh) is retried after throttling, a 5xx answer or a
    failed connection (default 2). ``None`` keeps the default.

    ``device_store`` turns on remembered devices (see the ``docs/python.md`` section
    "Remembered devices"): a :class:`MemoryDeviceStore`, a :class:`FileDeviceStore` or any
    object of the :class:`DeviceStore` protocol. Each sign-in then sends the device saved for the
    user, so that a remembered device skips MFA where the pool allows it, and a sign-in that
    announces a new device confirms it (``ConfirmDevice``, named ``device_name``, default
    ``"cognito-mfa"``) and saves it — or, with ``confirm_new_devices=False``, leaves that to
    :meth:`CognitoUser.confirm_device`. Without a store, a confirmed device is known to its
    :class:`CognitoUser` object alone (a new object is a new device again).
    ``refresh_method`` is how sessions are refreshed: ``"InitiateAuth"`` (``REFRESH_TOKEN_AUTH``,
    the default) or ``"GetTokensFromRefreshToken"``; both carry the device key.

    One pool holds one connection pool, shared by every :class:`CognitoUser` made with it and
    by every coroutine and thread using them: make one per app client and reuse it. The pool
    makes no request itself, so ``cognito_mfa`` and ``cognito_mfa.blocking`` share this class.
    ``repr()`` never shows the client secret.

    Raises:
        TypeError: an argument has the wrong type.
        InvalidInputError: ``user_pool_id`` is not ``<region>_<name>``, ``client_id`` is empty
            or not ``[A-Za-z0-9_+]``, ``client_secret`` is empty, ``endpoint`` is not an
            ``https`` URL (or ``http`` on loopback), a timeout is not above zero,
            ``max_retries`` is negative, ``device_name`` is empty, or ``refresh_method`` is
            unknown.
        TypeError: ``device_store`` lacks a ``load``, ``save`` or ``forget`` method.
    """

    def __new__(
        cls,
        user_pool_id: str,
        client_id: str,
        *,
        client_secret: str | None = None,
        endpoint: str | None = None,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        max_retries: int | None = None,
        device_store: DeviceStore | None = None,
        confirm_new_devices: bool = True,
        device_name: str | None = None,
        refresh_method: Literal["InitiateAuth", "GetTokensFromRefreshToken"] | None = None,
    ) -> CognitoUserPool: ...
    @property
    def device_store(self) -> DeviceStore | None:
        """The ``device_store`` given, or ``None``."""
    @property
    def user_pool_id(self) -> str:
        """The user pool id, e.g. ``"us-east-1_AbCdEfGhI"``."""
    @property
    def client_id(self) -> str:
        """The app client id."""
    @property
    def endpoint(self) -> str:
        """The endpoint URL requests are sent to."""
    @property
    def has_client_secret(self) -> bool:
        """True when the app client has a secret (requests then carry ``SECRET_HASH``)."""

# --- remembered devices (src/device.rs) ---------------------------------------------------------

@final
class DeviceCredentials:
    """What a device keeps to be recognised: its ``device_key``, its ``device_group_key`` and its
    random ``device_password`` (amazon-cognito-identity-js's ``getCachedDeviceKeyAndPassword``).

    The client makes these when it confirms a new device and hands them to the pool's device
    store; a store of your own keeps them (e.g. with :meth:`to_dict`) and gives them back from
    ``load``. The password is the device's secret: nothing can recover it, so a lost password
    means a new device. ``repr()`` and ``str()`` show the keys only.

    Raises:
        TypeError: an argument is not a ``str``.
        InvalidInputError: ``device_key`` is not ``<region>_<uuid>``, or ``device_group_key``
            or ``device_password`` is empty.
    """

    def __new__(
        cls, device_key: str, device_group_key: str, device_password: str
    ) -> DeviceCredentials: ...
    @property
    def device_key(self) -> str:
        """The ``DeviceKey``, e.g. ``"us-east-1_0a1b2c3d-..."``."""
    @property
    def device_group_key(self) -> str:
        """The ``DeviceGroupKey``."""
    @property
    def device_password(self) -> str:
        """The device password: a secret, for storing it, never for showing it."""
    def to_dict(self) -> dict[str, str]:
        """``{"device_key": ..., "device_group_key": ..., "device_password": ...}`` (with the
        secret), for a store to keep; ``DeviceCredentials(**d)`` reads it back."""

@final
class MemoryDeviceStore:
    """A device store in this process's memory, lost when it ends: for tests, scripts and
    single-process servers. One device per (user pool, user name); ``len()`` is how many are
    saved. Its methods are the :class:`DeviceStore` protocol's; the client calls them without
    going through Python."""

    def __new__(cls) -> MemoryDeviceStore: ...
    def load(self, user_pool_id: str, username: str) -> DeviceCredentials | None:
        """The device saved for ``username`` of ``user_pool_id``, or ``None``.

        Raises:
            DeviceStoreError: the store cannot be read.
        """
    def save(self, user_pool_id: str, username: str, device: DeviceCredentials) -> None:
        """Saves ``device`` for ``username`` of ``user_pool_id``, replacing any saved before.

        Raises:
            TypeError: ``device`` is not a :class:`DeviceCredentials`.
            DeviceStoreError: the store cannot be written.
        """
    def forget(self, user_pool_id: str, username: str) -> None:
        """Forgets the device of ``username`` of ``user_pool_id`` (nothing happens when there
        is none).

        Raises:
            DeviceStoreError: the store cannot be written.
        """
    def __len__(self) -> int: ...

@final
class FileDeviceStore:
    """A device store in one JSON file, for a CLI or a single host; created at the first save
    (its folder must exist).

    The file is written with permissions 0600 and a file that others may read or write is
    refused, since it holds device passwords; every change writes a temporary file and renames
    it over the old one, so a crash never leaves half a file; a malformed file is refused with
    ``DeviceStoreError`` and left untouched. Processes that share one file may lose each
    other's concurrent changes: give each its own file, or use a database-backed store.

    Raises:
        TypeError: ``path`` is not a ``str`` or ``os.PathLike``.
    """

    def __new__(cls, path: str | os.PathLike[str]) -> FileDeviceStore: ...
    @property
    def path(self) -> pathlib.Path:
        """The file's path."""
    def load(self, user_pool_id: str, username: str) -> DeviceCredentials | None:
        """As :meth:`MemoryDeviceStore.load`."""
    def save(self, user_pool_id: str, username: str, device: DeviceCredentials) -> None:
        """As :meth:`MemoryDeviceStore.save`."""
    def forget(self, user_pool_id: str, username: str) -> None:
        """As :meth:`MemoryDeviceStore.forget`."""

@final
class Device:
    """A device of the user, as ``GetDevice`` and ``ListDevices`` give it.

    The dates are timezone-aware :class:`datetime.datetime` values in UTC (``None`` when
    Cognito sent none).
    """

    @property
    def device_key(self) -> str:
        """The ``DeviceKey``."""
    @property
    def name(self) -> str | None:
        """The ``device_name`` attribute (the name given at ``ConfirmDevice``), or ``None``."""
    @property
    def remembered_status(self) -> Literal["remembered", "not_remembered"] | None:
        """``"remembered"`` or ``"not_remembered"`` (the ``dev:device_remembered_status``
        attribute), or ``None``."""
    @property
    def attributes(self) -> dict[str, str]:
        """The ``DeviceAttributes`` as a new ``dict``."""
    def attribute(self, name: str) -> str | None:
        """The value of one attribute, or ``None``."""
    @property
    def create_date(self) -> datetime.datetime | None:
        """When the device was first seen (``DeviceCreateDate``), or ``None``."""
    @property
    def last_modified_date(self) -> datetime.datetime | None:
        """When the device was last changed (``DeviceLastModifiedDate``), or ``None``."""
    @property
    def last_authenticated_date(self) -> datetime.datetime | None:
        """When the device last signed in (``DeviceLastAuthenticatedDate``), or ``None``."""

@final
class DeviceList:
    """One page of :meth:`CognitoUser.list_devices`: ``devices`` and the ``pagination_token`` of
    the next page (``None`` on the last page)."""

    @property
    def devices(self) -> list[Device]:
        """The devices of this page (a new ``list``)."""
    @property
    def pagination_token(self) -> str | None:
        """The token of the next page, or ``None``."""

# --- sessions (src/session.rs) ------------------------------------------------------------------

@final
class CognitoIdToken:
    """The ID token of a :class:`CognitoUserSession` (a JSON Web Token).

    ``jwt_token`` is the token text to send to an API (a secret); ``payload`` its decoded
    claims (not verified: the token came from Cognito over TLS; resource servers verify
    the signature). ``repr()`` never shows the token.

    Raises:
        TypeError: ``jwt_token`` is not a ``str``.
        InvalidInputError: the text is not a JWT whose payload has numeric ``exp`` and
            ``iat`` claims.
    """

    def __new__(cls, jwt_token: str) -> CognitoIdToken: ...
    @property
    def jwt_token(self) -> str:
        """The token text (a secret): the value of an ``Authorization`` header."""
    @property
    def expiration(self) -> int:
        """The ``exp`` claim: when the token expires (Unix seconds, Cognito's clock)."""
    @property
    def issued_at(self) -> int:
        """The ``iat`` claim: when the token was issued (Unix seconds, Cognito's clock)."""
    @property
    def payload(self) -> dict[str, Any]:
        """The decoded claims, a new ``dict`` on each access (e.g. ``payload["sub"]``)."""

@final
class CognitoAccessToken:
    """The access token of a :class:`CognitoUserSession` (a JSON Web Token).

    ``jwt_token`` is the token text to send to an API (a secret); ``payload`` its decoded
    claims (not verified: the token came from Cognito over TLS; resource servers verify
    the signature). ``repr()`` never shows the token.

    Raises:
        TypeError: ``jwt_token`` is not a ``str``.
        InvalidInputError: the text is not a JWT whose payload has numeric ``exp`` and
            ``iat`` claims.
    """

    def __new__(cls, jwt_token: str) -> CognitoAccessToken: ...
    @property
    def jwt_token(self) -> str:
        """The token text (a secret): the value of an ``Authorization`` header."""
    @property
    def expiration(self) -> int:
        """The ``exp`` claim: when the token expires (Unix seconds, Cognito's clock)."""
    @property
    def issued_at(self) -> int:
        """The ``iat`` claim: when the token was issued (Unix seconds, Cognito's clock)."""
    @property
    def payload(self) -> dict[str, Any]:
        """The decoded claims, a new ``dict`` on each access (e.g. ``payload["sub"]``)."""

@final
class CognitoRefreshToken:
    """The refresh token of a :class:`CognitoUserSession`: opaque, used by
    :meth:`CognitoUser.refresh_session`. ``repr()`` never shows the token.

    Raises:
        TypeError: ``token`` is not a ``str``.
    """

    def __new__(cls, token: str) -> CognitoRefreshToken: ...
    @property
    def token(self) -> str:
        """The token text (a secret)."""

@final
class CognitoUserSession:
    """The tokens of a signed-in user: ``id_token``, ``access_token``, ``refresh_token`` (``None``
    if Cognito issued none), the clock drift and the expiry.

    Sessions come from sign-ins (:attr:`AuthResult.session`) and refreshes; build one from
    stored token texts with ``CognitoUserSession(id_token, access_token, refresh_token,
    clock_drift=...)`` and hand it to :meth:`CognitoUser.set_sign_in_user_session`. Without
    ``clock_drift`` it is computed now, as for fresh tokens: local time minus the tokens'
    earliest ``iat``.

    ``repr()`` never shows a token.

    Raises:
        TypeError: an argument has the wrong type.
        InvalidInputError: the ID or access token is not a JWT with numeric ``exp`` and ``iat``.
    """

    def __new__(
        cls,
        id_token: str,
        access_token: str,
        refresh_token: str | None = None,
        *,
        clock_drift: int | None = None,
    ) -> CognitoUserSession: ...
    @property
    def id_token(self) -> CognitoIdToken:
        """The ID token (the user's identity claims)."""
    @property
    def access_token(self) -> CognitoAccessToken:
        """The access token (for Cognito's user APIs and resource servers)."""
    @property
    def refresh_token(self) -> CognitoRefreshToken | None:
        """The refresh token, or ``None`` when Cognito issued none."""
    @property
    def clock_drift(self) -> int:
        """Local clock minus Cognito's, in seconds, as measured when the tokens arrived."""
    @property
    def expiration(self) -> int:
        """When the session stops being valid: the earlier ``exp`` of the ID and access tokens
        (Unix seconds, Cognito's clock)."""
    def is_valid(self, at: int | None = None) -> bool:
        """True while both tokens are unexpired at ``at`` (default: now, by the local clock),
        corrected by the clock drift.

        Raises:
            TypeError: ``at`` is not an ``int``.
            InvalidInputError: ``at`` is negative, or the clock is set before 1970.
        """

# --- the user and its values (src/user.rs, src/blocking.rs) -------------------------------------

@final
class AuthenticationDetails:
    """How to sign in: the user name, the password and optional client metadata
    (amazon-cognito-identity-js's ``AuthenticationDetails``).

    ``username`` must be the name the :class:`CognitoUser` was created with. The password is
    kept in memory that is wiped when the object is freed; ``repr()`` never shows it.

    Raises:
        TypeError: ``username`` or ``password`` is not a ``str``, or ``client_metadata`` is
            not a ``dict`` of ``str`` to ``str``.
    """

    def __new__(
        cls, username: str, password: str, *, client_metadata: dict[str, str] | None = None
    ) -> AuthenticationDetails: ...
    @property
    def username(self) -> str:
        """The user name."""
    @property
    def client_metadata(self) -> dict[str, str] | None:
        """The metadata for the pool's Lambda triggers, or ``None``."""

@final
class MfaSettings:
    """``{Enabled, PreferredMfa}`` for one MFA factor, for
    :meth:`CognitoUser.set_user_mfa_preference`.

    Raises:
        TypeError: ``enabled`` or ``preferred`` is not a ``bool``.
    """

    def __new__(cls, enabled: bool, preferred: bool) -> MfaSettings: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    @property
    def enabled(self) -> bool:
        """Whether the factor is enabled."""
    @property
    def preferred(self) -> bool:
        """Whether it is the preferred factor."""

@final
class MfaOption:
    """One entry of the legacy ``MFAOptions`` list (SMS MFA set with the deprecated
    :meth:`CognitoUser.enable_mfa` or :meth:`AdminClient.set_user_settings`).
    """

    def __new__(cls, delivery_medium: str, attribute_name: str) -> MfaOption: ...
    @staticmethod
    def sms() -> MfaOption:
        """The entry that turns legacy SMS MFA on: ``MfaOption("SMS", "phone_number")``, for
        :meth:`AdminClient.set_user_settings`."""
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def delivery_medium(self) -> str | None:
        """``"SMS"`` (or ``"EMAIL"``), or ``None``."""
    @property
    def attribute_name(self) -> str | None:
        """The attribute the code goes to, e.g. ``"phone_number"``, or ``None``."""

@final
class UserData:
    """The user's data from ``GetUser`` (:meth:`CognitoUser.get_user_data`): attributes and MFA
    settings.
    """

    @property
    def username(self) -> str:
        """The user name (the internal one, e.g. a UUID, in pools that sign in by e-mail)."""
    @property
    def attributes(self) -> dict[str, str]:
        """The attributes as a new ``dict`` in Cognito's order, e.g. ``{"sub": ..., "email": ...}``."""
    def attribute(self, name: str) -> str | None:
        """The value of one attribute, or ``None``."""
    @property
    def mfa_options(self) -> list[MfaOption]:
        """The legacy SMS MFA settings (``MFAOptions``; empty when absent)."""
    @property
    def preferred_mfa_setting(self) -> ChallengeName | None:
        """The preferred factor (``PreferredMfaSetting``), e.g. ``ChallengeName.SOFTWARE_TOKEN_MFA``,
        or ``None``."""
    @property
    def user_mfa_setting_list(self) -> list[ChallengeName]:
        """The enabled factors (``UserMFASettingList``; empty when none)."""

@final
class AssociatedSoftwareToken:
    """The TOTP secret from :meth:`CognitoUser.associate_software_token`, to show the user.

    Show ``secret_code`` (for typing) or :meth:`provisioning_uri` as a QR code
    (:func:`qr_svg`, :func:`qr_text`), then finish with :meth:`CognitoUser.verify_software_token`.
    ``repr()`` never shows the secret.
    """

    @property
    def secret_code(self) -> str:
        """The secret (Cognito's ``SecretCode``) in base32, uppercase without padding, for typing
        into an authenticator app. Handle with care."""
    def totp(self) -> TOTP:
        """A :class:`TOTP` with Cognito's settings (SHA1, 6 digits, 30 s) for this secret."""
    def provisioning_uri(self, account: str, *, issuer: str | None = None) -> str:
        """The ``otpauth://totp/`` key URI for an authenticator app (it contains the secret).

        Raises:
            InvalidInputError: ``account`` is empty, or ``account`` or ``issuer`` holds ``:``.
        """

@final
class AuthResult:
    """The result of :meth:`CognitoUser.authenticate_user`, :meth:`~CognitoUser.send_mfa_code`,
    :meth:`~CognitoUser.send_mfa_selection_answer`,
    :meth:`~CognitoUser.complete_new_password_challenge`,
    :meth:`~CognitoUser.send_custom_challenge_answer` and
    :meth:`~CognitoUser.verify_software_token`: the callbacks of amazon-cognito-identity-js as
    one value. Failures are exceptions, never results.

    Either signed in (``session`` is the :class:`CognitoUserSession`) or a challenge to answer
    next (``challenge_name``, ``challenge_parameters`` and the parsed helpers below), or — from
    ``verify_software_token`` while signed in — ``verified`` alone: the authenticator is
    verified and can now be enabled with :meth:`CognitoUser.set_user_mfa_preference`.

    Supports ``match``; the positional pattern is ``(challenge_name, session)``::

        match await user.authenticate_user(details):
            case AuthResult(ChallengeName.SOFTWARE_TOKEN_MFA):
                ...
            case AuthResult(session=CognitoUserSession() as session):
                ...
    """

    __match_args__ = ("challenge_name", "session")
    @property
    def signed_in(self) -> bool:
        """True when the user is signed in (``session`` is set)."""
    @property
    def verified(self) -> bool:
        """True for every result of :meth:`CognitoUser.verify_software_token`: the authenticator
        app's code was accepted."""
    @property
    def session(self) -> CognitoUserSession | None:
        """The session when signed in, else ``None``."""
    @property
    def challenge_name(self) -> ChallengeName | None:
        """The challenge to answer next, e.g. ``ChallengeName.SMS_MFA``, or ``None``."""
    @property
    def challenge_parameters(self) -> dict[str, str]:
        """The challenge's ``ChallengeParameters`` as Cognito sent them (a new ``dict``; empty
        when signed in)."""
    @property
    def mfas_can_choose(self) -> list[ChallengeName] | None:
        """``SELECT_MFA_TYPE``: the factors to choose from (``MFAS_CAN_CHOOSE``, parsed), else
        ``None``."""
    @property
    def mfas_can_setup(self) -> list[ChallengeName] | None:
        """``MFA_SETUP``: the factors that can be set up (``MFAS_CAN_SETUP``, parsed), else
        ``None``."""
    @property
    def destination(self) -> str | None:
        """``SMS_MFA`` / ``EMAIL_OTP``: where the code was sent, masked (e.g. ``"+*******0100"``),
        else ``None``."""
    @property
    def delivery_medium(self) -> str | None:
        """``SMS_MFA`` / ``EMAIL_OTP``: how the code was sent (``"SMS"``, ``"EMAIL"``), else
        ``None``."""
    @property
    def friendly_device_name(self) -> str | None:
        """``SOFTWARE_TOKEN_MFA``: the name the authenticator was verified with, if Cognito sent
        one, else ``None``."""
    @property
    def user_attributes(self) -> dict[str, str] | None:
        """``NEW_PASSWORD_REQUIRED``: the user's current attributes (``userAttributes``, parsed),
        else ``None``."""
    @property
    def required_attributes(self) -> list[str] | None:
        """``NEW_PASSWORD_REQUIRED``: the attributes the answer must give (``requiredAttributes``,
        without the ``userAttributes.`` prefix), else ``None``."""

@final
class StateSealer:
    """Seals sign-in states into opaque strings for a cookie or a hidden form field, and opens
    them again: XChaCha20-Poly1305 with a key the server holds, bound to the pool and app
    client, refused once expired.

    ``keys`` maps each key id (1 to 16 ASCII letters, digits, ``-`` or ``_``) to 32 random bytes
    (``secrets.token_bytes(32)``); ``seal_with`` names the one that seals, and every listed key
    opens. To rotate, add the new key, seal with it, and drop the old one once the values it
    sealed have expired (minutes). ``repr()`` shows the key ids, never a key.

    Raises:
        InvalidInputError: no key, a key that is not 32 bytes, a bad key id, or ``seal_with``
            naming none of the keys.
    """

    def __new__(cls, *, keys: dict[str, bytes], seal_with: str) -> StateSealer: ...
    def seal(
        self,
        user: CognitoUser | _BlockingCognitoUser,
        *,
        lifetime: int = 180,
        refresh_token: bool = True,
    ) -> str:
        """Seals the state of ``user`` (a :class:`CognitoUser` of either API, in a challenge or
        signed in) into a URL-safe string of at most 4096 characters, valid ``lifetime`` seconds
        (default 180, Cognito's Session lifetime; at most 900) while in a challenge.
        A signed-in state's three tokens rarely fit: ``refresh_token=False`` leaves the refresh
        token out (the ID and access tokens fit; the resumed user cannot refresh).

        Raises:
            InvalidStateError: nothing in progress, or (``reason="TooLong"``) a signed-in state
                whose tokens do not fit 4096 characters: seal it with ``refresh_token=False``,
                or keep it as a ``dict``.
            InvalidInputError: a ``lifetime`` of 0 or above 900.
        """
    def open(self, pool: CognitoUserPool, sealed: str) -> dict[str, Any]:
        """Opens a value :meth:`seal` made, for ``pool``, and returns the state as a ``dict`` (as
        :meth:`CognitoUser.export_state` gives it). To get a user, call
        :meth:`CognitoUser.resume_sealed`.

        Raises:
            InvalidStateError: tampered with, truncated, too long, sealed by an unlisted or
                another key, for another pool or app client, or expired (see its ``reason``).
        """
    @property
    def seal_with(self) -> str:
        """The id of the key that seals."""

@final
class CognitoUser:
    """One user of a pool, with ``async def`` methods (amazon-cognito-identity-js's
    ``CognitoUser``): sign-in, every MFA challenge, TOTP enrolment, MFA preferences, refresh and
    sign-out.

    Each method returns an awaitable that ``asyncio.create_task`` and ``asyncio.gather``
    accept; the request runs on one process-wide runtime that survives ``asyncio.run()`` and
    serves every event loop. Calls on one user run one at a time; use one ``CognitoUser`` per
    sign-in and share the :class:`CognitoUserPool`. A cancelled call stops its request.
    Arguments are checked when the call is awaited. ``cognito_mfa.blocking.CognitoUser`` has the
    same methods, synchronous.

    Raises:
        TypeError: ``username`` is not a ``str`` or ``pool`` not a :class:`CognitoUserPool`.
        InvalidInputError: ``username`` is empty.
    """

    def __new__(cls, username: str, pool: CognitoUserPool) -> CognitoUser: ...
    @property
    def username(self) -> str:
        """The user name sent to Cognito: as given, then ``USER_ID_FOR_SRP`` after an SRP
        sign-in (the internal name in pools that sign in by e-mail)."""
    @property
    def pool(self) -> CognitoUserPool:
        """The :class:`CognitoUserPool` this user belongs to."""
    def get_sign_in_user_session(self) -> CognitoUserSession | None:
        """The session when signed in (valid or not: see :meth:`CognitoUserSession.is_valid`),
        else ``None``."""
    def set_sign_in_user_session(self, session: CognitoUserSession) -> None:
        """Signs the user in with a session obtained earlier (e.g. rebuilt from stored tokens);
        no request is made.

        Raises:
            TypeError: ``session`` is not a :class:`CognitoUserSession`.
        """
    def export_state(self, *, lifetime: int = 180, refresh_token: bool = True) -> dict[str, Any]:
        """The state of this user as a plain ``dict`` to keep server-side (it holds the
        challenge's Session or the tokens: secrets) and resume with :meth:`resume`, in this
        process or another: the pool and app client ids, the user names, the challenge with its
        parameters and Session, or the tokens, and ``issued_at`` / ``expires_at`` (Unix
        seconds). A challenge's state expires ``lifetime`` seconds from now (default 180,
        Cognito's Session lifetime; at most 900); a signed-in state when the access token does.
        ``refresh_token=False`` leaves a signed-in state's refresh token out (the resumed user
        cannot refresh). No request is made.

        Raises:
            InvalidStateError: neither in a challenge nor signed in.
            InvalidInputError: a ``lifetime`` of 0 or above 900.
        """
    def pending_challenge(self) -> AuthResult | None:
        """The challenge waiting for its answer, as the step that asked it returned it: an
        :class:`AuthResult` with ``challenge_name``, ``challenge_parameters`` and the parsed
        helpers (``destination``, ``mfas_can_choose``...), which is what the page of a user
        resumed from a state shows. ``None`` unless a challenge is in progress. No request is
        made."""
    @classmethod
    def resume(cls, pool: CognitoUserPool, state: dict[str, Any]) -> CognitoUser:
        """A new user of ``pool`` in the state :meth:`export_state` gave: it answers the
        challenge (or calls the API) as the exported user would. No request is made.

        Raises:
            InvalidStateError: another pool or app client, expired, malformed, or a challenge
                that cannot be resumed (see its ``reason``).
        """
    @classmethod
    def resume_sealed(cls, pool: CognitoUserPool, sealer: StateSealer, sealed: str) -> CognitoUser:
        """A new user of ``pool`` in the state ``sealer`` sealed (:meth:`StateSealer.seal`).
        No request is made.

        Raises:
            InvalidStateError: as :meth:`StateSealer.open` and :meth:`resume`.
        """
    def sign_out(self) -> None:
        """Forgets the tokens or the challenge in progress, locally; no request is made and the
        tokens stay valid at Cognito (see :meth:`global_sign_out`)."""
    async def authenticate_user(
        self, details: AuthenticationDetails, *, flow: str = "USER_SRP_AUTH"
    ) -> AuthResult:
        """Signs in with ``USER_SRP_AUTH`` (the default: the password never leaves this
        machine) or ``USER_PASSWORD_AUTH`` (the app client must allow it).

        The SRP ``PASSWORD_VERIFIER`` step is answered internally. Returns an
        :class:`AuthResult`: signed in, or the challenge to answer next (SMS_MFA,
        SOFTWARE_TOKEN_MFA, EMAIL_OTP, SELECT_MFA_TYPE, MFA_SETUP, NEW_PASSWORD_REQUIRED,
        CUSTOM_CHALLENGE).

        Raises:
            TypeError: ``details`` is not an :class:`AuthenticationDetails`.
            InvalidInputError: an unknown ``flow``, or ``details`` for another user.
            NotAuthorizedException: a wrong password (or a disabled user).
            UserNotFoundException, UserNotConfirmedException,
                PasswordResetRequiredException: the user's state.
            InvalidParameterException: a flow the app client does not allow.
            UnsupportedChallengeError: a challenge this client does not know.
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """
    async def send_mfa_code(
        self,
        code: str,
        mfa_type: ChallengeName | str | None = None,
        client_metadata: dict[str, str] | None = None,
    ) -> AuthResult:
        """Answers ``SMS_MFA``, ``SOFTWARE_TOKEN_MFA`` or ``EMAIL_OTP`` with the code the user
        received or sees in the authenticator app.

        ``mfa_type`` (a :class:`ChallengeName` or its string) names the challenge being
        answered; ``None`` (the default) answers whichever of the three is in progress. A wrong
        code leaves the challenge in progress, to be tried again.

        Raises:
            NoChallengeInProgressError: none of the three challenges is in progress.
            InvalidInputError: ``mfa_type`` is not the challenge in progress (or not one of the
                three), the code is empty, or a TOTP code is not 6 digits.
            CodeMismatchException: a wrong code.
            ExpiredCodeException: an expired SMS/e-mail code, or a TOTP code used twice.
            NotAuthorizedException: the challenge's session expired or was used up.
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """
    async def send_mfa_selection_answer(
        self, answer: ChallengeName | str, client_metadata: dict[str, str] | None = None
    ) -> AuthResult:
        """Chooses a factor at ``SELECT_MFA_TYPE``: ``"SMS_MFA"``, ``"SOFTWARE_TOKEN_MFA"``,
        ``"EMAIL_OTP"`` (or a :class:`ChallengeName`), or the aliases ``"SMS"``, ``"TOTP"``,
        ``"SOFTWARE_TOKEN"``, ``"EMAIL"``. Returns the next challenge (normally that factor's
        code challenge).

        Raises:
            InvalidInputError: an unknown answer.
            NoChallengeInProgressError: ``SELECT_MFA_TYPE`` is not in progress.
            MFAMethodNotFoundException: a factor the user cannot use.
            NotAuthorizedException: the challenge's session expired or was used up.
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """
    async def send_custom_challenge_answer(
        self, answer: str, client_metadata: dict[str, str] | None = None
    ) -> AuthResult:
        """Answers ``CUSTOM_CHALLENGE`` (a challenge of the pool's Lambda triggers) with
        ``answer``.

        Raises:
            NoChallengeInProgressError: ``CUSTOM_CHALLENGE`` is not in progress.
            NotAuthorizedException: a wrong answer or an expired session.
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """
    async def complete_new_password_challenge(
        self,
        new_password: str,
        required_attributes: dict[str, str] | None = None,
        client_metadata: dict[str, str] | None = None,
    ) -> AuthResult:
        """Answers ``NEW_PASSWORD_REQUIRED`` with a new password and the required attributes
        (names without the ``userAttributes.`` prefix). May lead to ``MFA_SETUP`` or an MFA
        challenge.

        Raises:
            NoChallengeInProgressError: ``NEW_PASSWORD_REQUIRED`` is not in progress.
            InvalidPasswordException: the password breaks the pool's policy.
            InvalidParameterException: a required attribute is missing.
            NotAuthorizedException: the challenge's session expired or was used up.
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """
    async def associate_software_token(self) -> AssociatedSoftwareToken:
        """Starts TOTP enrolment: Cognito creates a secret for the user
        (``AssociateSoftwareToken``), with the access token when signed in or with the
        challenge's session during ``MFA_SETUP``. Show it, then call
        :meth:`verify_software_token` with a code from the app.

        Raises:
            NotSignedInError: neither signed in nor in ``MFA_SETUP``.
            SoftwareTokenMFANotFoundException: the pool does not allow TOTP.
            NotAuthorizedException: an invalid token or session.
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """
    async def verify_software_token(
        self, code: str, friendly_device_name: str | None = None
    ) -> AuthResult:
        """Finishes TOTP enrolment with a code from the authenticator app
        (``VerifySoftwareToken``).

        Signed in, the result has only ``verified`` set: enable TOTP with
        :meth:`set_user_mfa_preference`. During ``MFA_SETUP`` it also answers the challenge,
        and the result is the sign-in's outcome (normally signed in).

        Raises:
            InvalidInputError: the code is not 6 digits.
            NotSignedInError: neither signed in nor in ``MFA_SETUP``.
            EnableSoftwareTokenMFAException: a wrong code.
            SoftwareTokenNotVerifiedError: Cognito answered a status other than SUCCESS.
            NotAuthorizedException: an invalid token or session.
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """
    async def set_user_mfa_preference(
        self,
        sms: MfaSettings | None = None,
        software_token: MfaSettings | None = None,
        *,
        email: MfaSettings | None = None,
    ) -> None:
        """Enables, disables or prefers MFA factors (``SetUserMFAPreference``); a factor given
        as ``None`` is left unchanged.

        Raises:
            TypeError: a setting is not an :class:`MfaSettings` or ``None``.
            NotSignedInError: the user is not signed in.
            InvalidParameterException: a factor that is not set up (no verified software token,
                no phone number), or MFA is off for the pool.
            NotAuthorizedException: an invalid or expired access token.
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """
    async def get_user_data(self) -> UserData:
        """The user's attributes and MFA settings (``GetUser``) as :class:`UserData`; retried
        on throttling and 5xx answers.

        Raises:
            NotSignedInError: the user is not signed in.
            NotAuthorizedException: a revoked or expired access token.
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """
    async def enable_mfa(self) -> None:
        """**Deprecated** (emits ``DeprecationWarning``; use :meth:`set_user_mfa_preference`):
        turns legacy SMS MFA on (``SetUserSettings``).

        Raises:
            NotSignedInError, NotAuthorizedException, InvalidParameterException,
                NetworkError, TimeoutError, UnexpectedResponseError.
        """
    async def disable_mfa(self) -> None:
        """**Deprecated** (emits ``DeprecationWarning``; use :meth:`set_user_mfa_preference`):
        turns legacy SMS MFA off (``SetUserSettings`` with no ``MFAOptions``).

        Raises:
            NotSignedInError, NotAuthorizedException, InvalidParameterException,
                NetworkError, TimeoutError, UnexpectedResponseError.
        """
    async def get_mfa_options(self) -> list[MfaOption]:
        """**Deprecated** (emits ``DeprecationWarning``; use :meth:`get_user_data`): the legacy
        ``MFAOptions`` as a list of :class:`MfaOption`.

        Raises:
            As :meth:`get_user_data`.
        """
    async def refresh_session(self) -> CognitoUserSession:
        """New ID and access tokens from the refresh token (``REFRESH_TOKEN_AUTH``); the
        refresh token is kept. Returns the new :class:`CognitoUserSession`.

        Raises:
            NotSignedInError: not signed in, or no refresh token.
            NotAuthorizedException: a revoked or expired refresh token.
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """
    async def global_sign_out(self) -> None:
        """Revokes every token of the user at Cognito (``GlobalSignOut``) and forgets them
        locally; the state is kept if the call fails.

        Raises:
            NotSignedInError: the user is not signed in.
            NotAuthorizedException: an invalid or expired access token.
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """
    @property
    def device_key(self) -> str | None:
        """The key of the device this user signs in from, once known: loaded from the pool's
        device store at sign-in, or confirmed by this user's sign-in. ``None`` before (and
        without a device store)."""
    @property
    def user_confirmation_necessary(self) -> bool | None:
        """What ``ConfirmDevice`` answered when this user's sign-in confirmed a new device:
        ``True`` when the pool remembers devices only on the user's word (ask the user, then
        call :meth:`set_device_status_remembered`), ``False`` when the device is remembered
        already; ``None`` when no device was confirmed."""
    @property
    def pending_device_key(self) -> str | None:
        """The key of a device Cognito announced at sign-in that is not confirmed yet
        (``confirm_new_devices=False`` on the pool, or confirming it failed): confirm it with
        :meth:`confirm_device`. Else ``None``."""
    def get_cached_device_key_and_password(self) -> DeviceCredentials | None:
        """This user's device credentials once known, else ``None``; no request is made."""
    async def set_device_status_remembered(self) -> None:
        """Marks this user's device as remembered (``UpdateDeviceStatus``): where the pool
        allows it, its later sign-ins skip MFA.

        Raises:
            NotSignedInError: the user is not signed in.
            NoDeviceError: no device is known for this user.
            ResourceNotFoundException: the device was forgotten at Cognito.
            NotAuthorizedException: an invalid or expired access token.
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """
    async def set_device_status_not_remembered(self) -> None:
        """Marks this user's device as not remembered: it stays tracked and its sign-ins are
        asked for MFA again (``UpdateDeviceStatus``).

        Raises:
            As :meth:`set_device_status_remembered`.
        """
    async def forget_device(self) -> None:
        """Forgets this user's device at Cognito (``ForgetDevice``) and in the pool's device
        store; the next sign-in is a new device. When Cognito refuses, nothing is forgotten.

        Raises:
            As :meth:`set_device_status_remembered`, and DeviceStoreError: the store could not
            forget it.
        """
    async def forget_specific_device(self, device_key: str) -> None:
        """Forgets one device of this user at Cognito (``ForgetDevice``); when it is this
        user's own device, it also leaves the device store.

        Raises:
            As :meth:`forget_device`.
        """
    async def list_devices(
        self, limit: int | None = None, pagination_token: str | None = None
    ) -> DeviceList:
        """One page of this user's remembered devices (``ListDevices``): at most ``limit`` (0
        to 60; Cognito's default when ``None``), from the page ``pagination_token`` names.

        Raises:
            InvalidInputError: ``limit`` is negative or above 60.
            NotSignedInError: the user is not signed in.
            InvalidParameterException: a bad ``pagination_token``.
            NotAuthorizedException: an invalid or expired access token.
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """
    async def list_all_devices(self) -> list[Device]:
        """Every remembered device of this user, reading all pages of ``ListDevices``.

        Raises:
            As :meth:`list_devices`.
        """
    async def get_device(self, device_key: str | None = None) -> Device:
        """One device of this user (``GetDevice``): ``device_key``, or this user's own device
        when ``None``.

        Raises:
            NotSignedInError: the user is not signed in.
            NoDeviceError: ``device_key`` is ``None`` and no device is known.
            ResourceNotFoundException: the device is not remembered, or was forgotten.
            NotAuthorizedException: an invalid or expired access token.
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """
    async def confirm_device(self, device_name: str | None = None) -> bool:
        """Confirms the device Cognito announced at the last sign-in
        (:attr:`pending_device_key`; ``ConfirmDevice``) under ``device_name`` (default: the
        pool's), and saves it in the pool's device store. Returns ``UserConfirmationNecessary``.

        Raises:
            NoDeviceError: no device is pending.
            NotSignedInError: the user is not signed in.
            InvalidParameterException: Cognito does not know the device key.
            DeviceStoreError: the store could not save it (the device is confirmed at Cognito,
                and known to this user object).
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """

@final
class _BlockingCognitoUser:
    """One user of a pool, with synchronous methods: the same methods as
    :class:`cognito_mfa.CognitoUser`, which block until Cognito answers.

    The GIL is released while waiting (network I/O and the SRP big-integer work run on the
    package's runtime threads), so many threads can sign users in at once; Ctrl-C interrupts a
    call. Calls on one user run one at a time; use one ``CognitoUser`` per sign-in and share the
    :class:`CognitoUserPool`.

    Public as ``cognito_mfa.blocking.CognitoUser``.

    Raises:
        TypeError: ``username`` is not a ``str`` or ``pool`` not a :class:`CognitoUserPool`.
        InvalidInputError: ``username`` is empty.
    """

    def __new__(cls, username: str, pool: CognitoUserPool) -> _BlockingCognitoUser: ...
    @property
    def username(self) -> str:
        """The user name sent to Cognito: as given, then ``USER_ID_FOR_SRP`` after an SRP
        sign-in (the internal name in pools that sign in by e-mail)."""
    @property
    def pool(self) -> CognitoUserPool:
        """The :class:`CognitoUserPool` this user belongs to."""
    def get_sign_in_user_session(self) -> CognitoUserSession | None:
        """The session when signed in (valid or not: see :meth:`CognitoUserSession.is_valid`),
        else ``None``."""
    def set_sign_in_user_session(self, session: CognitoUserSession) -> None:
        """Signs the user in with a session obtained earlier; no request is made.

        Raises:
            TypeError: ``session`` is not a :class:`CognitoUserSession`.
        """
    def export_state(self, *, lifetime: int = 180, refresh_token: bool = True) -> dict[str, Any]:
        """As :meth:`cognito_mfa.CognitoUser.export_state`."""
    def pending_challenge(self) -> AuthResult | None:
        """As :meth:`cognito_mfa.CognitoUser.pending_challenge`."""
    @classmethod
    def resume(cls, pool: CognitoUserPool, state: dict[str, Any]) -> _BlockingCognitoUser:
        """As :meth:`cognito_mfa.CognitoUser.resume`: a blocking user."""
    @classmethod
    def resume_sealed(
        cls, pool: CognitoUserPool, sealer: StateSealer, sealed: str
    ) -> _BlockingCognitoUser:
        """As :meth:`cognito_mfa.CognitoUser.resume_sealed`: a blocking user."""
    def sign_out(self) -> None:
        """Forgets the tokens or the challenge in progress, locally; no request is made."""
    def authenticate_user(
        self, details: AuthenticationDetails, *, flow: str = "USER_SRP_AUTH"
    ) -> AuthResult:
        """As :meth:`cognito_mfa.CognitoUser.authenticate_user`, blocking."""
    def send_mfa_code(
        self,
        code: str,
        mfa_type: ChallengeName | str | None = None,
        client_metadata: dict[str, str] | None = None,
    ) -> AuthResult:
        """As :meth:`cognito_mfa.CognitoUser.send_mfa_code`, blocking."""
    def send_mfa_selection_answer(
        self, answer: ChallengeName | str, client_metadata: dict[str, str] | None = None
    ) -> AuthResult:
        """As :meth:`cognito_mfa.CognitoUser.send_mfa_selection_answer`, blocking."""
    def send_custom_challenge_answer(
        self, answer: str, client_metadata: dict[str, str] | None = None
    ) -> AuthResult:
        """As :meth:`cognito_mfa.CognitoUser.send_custom_challenge_answer`, blocking."""
    def complete_new_password_challenge(
        self,
        new_password: str,
        required_attributes: dict[str, str] | None = None,
        client_metadata: dict[str, str] | None = None,
    ) -> AuthResult:
        """As :meth:`cognito_mfa.CognitoUser.complete_new_password_challenge`, blocking."""
    def associate_software_token(self) -> AssociatedSoftwareToken:
        """As :meth:`cognito_mfa.CognitoUser.associate_software_token`, blocking."""
    def verify_software_token(
        self, code: str, friendly_device_name: str | None = None
    ) -> AuthResult:
        """As :meth:`cognito_mfa.CognitoUser.verify_software_token`, blocking."""
    def set_user_mfa_preference(
        self,
        sms: MfaSettings | None = None,
        software_token: MfaSettings | None = None,
        *,
        email: MfaSettings | None = None,
    ) -> None:
        """As :meth:`cognito_mfa.CognitoUser.set_user_mfa_preference`, blocking."""
    def get_user_data(self) -> UserData:
        """As :meth:`cognito_mfa.CognitoUser.get_user_data`, blocking."""
    def enable_mfa(self) -> None:
        """**Deprecated**: as :meth:`cognito_mfa.CognitoUser.enable_mfa`, blocking."""
    def disable_mfa(self) -> None:
        """**Deprecated**: as :meth:`cognito_mfa.CognitoUser.disable_mfa`, blocking."""
    def get_mfa_options(self) -> list[MfaOption]:
        """**Deprecated**: as :meth:`cognito_mfa.CognitoUser.get_mfa_options`, blocking."""
    def refresh_session(self) -> CognitoUserSession:
        """As :meth:`cognito_mfa.CognitoUser.refresh_session`, blocking."""
    def global_sign_out(self) -> None:
        """As :meth:`cognito_mfa.CognitoUser.global_sign_out`, blocking."""
    @property
    def device_key(self) -> str | None:
        """As :attr:`cognito_mfa.CognitoUser.device_key`."""
    @property
    def user_confirmation_necessary(self) -> bool | None:
        """As :attr:`cognito_mfa.CognitoUser.user_confirmation_necessary`."""
    @property
    def pending_device_key(self) -> str | None:
        """As :attr:`cognito_mfa.CognitoUser.pending_device_key`."""
    def get_cached_device_key_and_password(self) -> DeviceCredentials | None:
        """As :meth:`cognito_mfa.CognitoUser.get_cached_device_key_and_password`."""
    def set_device_status_remembered(self) -> None:
        """As :meth:`cognito_mfa.CognitoUser.set_device_status_remembered`, blocking."""
    def set_device_status_not_remembered(self) -> None:
        """As :meth:`cognito_mfa.CognitoUser.set_device_status_not_remembered`, blocking."""
    def forget_device(self) -> None:
        """As :meth:`cognito_mfa.CognitoUser.forget_device`, blocking."""
    def forget_specific_device(self, device_key: str) -> None:
        """As :meth:`cognito_mfa.CognitoUser.forget_specific_device`, blocking."""
    def list_devices(
        self, limit: int | None = None, pagination_token: str | None = None
    ) -> DeviceList:
        """As :meth:`cognito_mfa.CognitoUser.list_devices`, blocking."""
    def list_all_devices(self) -> list[Device]:
        """As :meth:`cognito_mfa.CognitoUser.list_all_devices`, blocking."""
    def get_device(self, device_key: str | None = None) -> Device:
        """As :meth:`cognito_mfa.CognitoUser.get_device`, blocking."""
    def confirm_device(self, device_name: str | None = None) -> bool:
        """As :meth:`cognito_mfa.CognitoUser.confirm_device`, blocking."""

# --- the admin client (src/admin.rs) -------------------------------------------------------------

@final
class AwsCredentials:
    """AWS credentials: an access key id, its secret access key and, for temporary credentials, a
    session token and an expiry (an aware ``datetime``). ``repr()`` shows the access key id only;
    the secret and the token never leave the object except in a signature.

    Raises:
        InvalidInputError: an empty key id or secret, or one holding whitespace.
        TypeError: ``expiry`` is not a ``datetime``.
    """

    def __new__(
        cls,
        access_key_id: str,
        secret_access_key: str,
        session_token: str | None = None,
        *,
        expiry: datetime.datetime | None = None,
    ) -> AwsCredentials: ...
    @staticmethod
    def from_env() -> AwsCredentials:
        """From ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY`` and ``AWS_SESSION_TOKEN``.

        Raises:
            CredentialsError: a variable is missing.
        """
    @staticmethod
    def from_profile(profile: str | None = None) -> AwsCredentials:
        """From a profile of ``~/.aws/credentials`` / ``~/.aws/config`` (``profile``, else
        ``AWS_PROFILE``, else ``default``; paths from ``AWS_SHARED_CREDENTIALS_FILE`` and
        ``AWS_CONFIG_FILE``).

        Raises:
            CredentialsError: no such profile with keys, or one only an AWS SDK resolves
                (``role_arn``, SSO, ``credential_process``): pass a boto3 session instead.
        """
    @property
    def access_key_id(self) -> str:
        """The access key id."""
    @property
    def has_session_token(self) -> bool:
        """True when the credentials carry a session token."""
    @property
    def expiry_timestamp(self) -> float | None:
        """The expiry as seconds since the epoch, or ``None``."""

#: What :class:`AdminClient` accepts as ``credentials``: ``None`` (the default chain), fixed
#: :class:`AwsCredentials`, a boto3/botocore session or botocore credentials (anything with
#: ``get_credentials()`` or ``get_frozen_credentials()``), or a callable returning
#: :class:`AwsCredentials`, plain or ``async``.
_CredentialsSource: TypeAlias = (
    AwsCredentials | Any | Callable[[], AwsCredentials | Awaitable[AwsCredentials]] | None
)

@final
class AdminUser:
    """A user as an administrator sees them (:meth:`AdminClient.get_user`): what
    :class:`UserData` has, and whether they may sign in, their status and dates."""

    @property
    def username(self) -> str:
        """The user name (the internal one, e.g. a UUID, in pools that sign in by e-mail)."""
    @property
    def attributes(self) -> dict[str, str]:
        """The attributes as a new ``dict`` in Cognito's order, e.g. ``{"sub": ..., "email": ...}``."""
    def attribute(self, name: str) -> str | None:
        """The value of one attribute, or ``None``."""
    @property
    def mfa_options(self) -> list[MfaOption]:
        """The legacy SMS MFA settings (``MFAOptions``; empty when absent)."""
    @property
    def preferred_mfa_setting(self) -> ChallengeName | None:
        """The preferred factor (``PreferredMfaSetting``), e.g. ``ChallengeName.SOFTWARE_TOKEN_MFA``,
        or ``None``."""
    @property
    def user_mfa_setting_list(self) -> list[ChallengeName]:
        """The enabled factors (``UserMFASettingList``; empty when none)."""
    @property
    def enabled(self) -> bool:
        """Whether the user may sign in (``Enabled``)."""
    @property
    def user_status(self) -> str:
        """``"CONFIRMED"``, ``"FORCE_CHANGE_PASSWORD"``, ``"RESET_REQUIRED"``... (``UserStatus``)."""
    @property
    def user_create_date(self) -> datetime.datetime | None:
        """When the user was created (``UserCreateDate``, an aware ``datetime`` in UTC), or ``None``."""
    @property
    def user_last_modified_date(self) -> datetime.datetime | None:
        """When the user was last changed (``UserLastModifiedDate``), or ``None``."""

@final
class AdminClient:
    """A server's admin API over IAM credentials, every request SigV4-signed (coroutine methods).

    ``credentials``: ``None`` (the default chain: ``AWS_ACCESS_KEY_ID`` /
    ``AWS_SECRET_ACCESS_KEY`` / ``AWS_SESSION_TOKEN``, then ``profile`` or ``AWS_PROFILE`` of
    ``~/.aws/credentials`` and ``~/.aws/config``), an :class:`AwsCredentials`, a boto3 or botocore
    session or its credentials (refreshed by botocore), or a callable returning
    :class:`AwsCredentials` (plain or ``async def``; asked again five minutes before their
    ``expiry``). The region is the pool id's. See ``docs/admin.md``.

    Raises:
        TypeError: ``credentials`` is none of those, or both ``credentials`` and ``profile``.
    """

    def __new__(
        cls,
        pool: CognitoUserPool,
        credentials: _CredentialsSource = None,
        *,
        profile: str | None = None,
    ) -> AdminClient: ...
    @property
    def pool(self) -> CognitoUserPool:
        """The pool whose users sign in through ``AdminInitiateAuth`` (its requests are
        SigV4-signed): ``CognitoUser(name, admin.pool)`` and ``CognitoUser.resume(admin.pool,
        state)`` give admin users."""
    def user(self, username: str) -> CognitoUser:
        """A user whose sign-in goes through ``AdminInitiateAuth`` /
        ``AdminRespondToAuthChallenge``: ``authenticate_user`` with
        ``flow="ADMIN_USER_PASSWORD_AUTH"`` (or SRP, the default), then every challenge method of
        :class:`CognitoUser`.

        Raises:
            InvalidInputError: ``username`` is empty.
        """
    async def get_user(self, username: str) -> AdminUser:
        """The user's attributes, status and MFA settings (``AdminGetUser``).

        Raises:
            UserNotFoundException: no such user.
            CredentialsError: no credentials could be had.
            InvalidSignatureException, UnrecognizedClientException, AccessDeniedException: the
                credentials were refused.
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """
    async def set_user_mfa_preference(
        self,
        username: str,
        sms: MfaSettings | None = None,
        software_token: MfaSettings | None = None,
        *,
        email: MfaSettings | None = None,
    ) -> None:
        """Enables, disables or prefers the user's SMS, TOTP and e-mail MFA
        (``AdminSetUserMFAPreference``); ``None`` leaves a factor unchanged.

        Raises:
            InvalidParameterException: a factor that is not set up for the user.
            UserNotFoundException, CredentialsError: as :meth:`get_user`.
        """
    async def set_user_settings(self, username: str, mfa_options: list[MfaOption]) -> None:
        """Legacy SMS MFA (``AdminSetUserSettings``): ``[MfaOption.sms()]`` turns it on, ``[]``
        off.

        Raises:
            InvalidParameterException, UserNotFoundException, CredentialsError.
        """
    async def reset_user_password(
        self, username: str, client_metadata: dict[str, str] | None = None
    ) -> None:
        """Makes the user choose a new password (``AdminResetUserPassword``); their sign-in then
        raises ``PasswordResetRequiredException``.

        Raises:
            UserNotFoundException, NotAuthorizedException, CredentialsError.
        """
    async def user_global_sign_out(self, username: str) -> None:
        """Signs the user out everywhere (``AdminUserGlobalSignOut``): their refresh tokens are
        revoked.

        Raises:
            UserNotFoundException, CredentialsError.
        """
    async def list_devices(
        self, username: str, limit: int | None = None, pagination_token: str | None = None
    ) -> DeviceList:
        """One page of the user's devices (``AdminListDevices``).

        Raises:
            InvalidInputError: ``limit`` above 60.
            UserNotFoundException, CredentialsError.
        """
    async def list_all_devices(self, username: str) -> list[Device]:
        """Every device of the user, page after page (``AdminListDevices`` until the last page).

        Raises:
            UserNotFoundException, CredentialsError.
        """
    async def get_device(self, username: str, device_key: str) -> Device:
        """One of the user's devices (``AdminGetDevice``).

        Raises:
            ResourceNotFoundException: no such device.
            UserNotFoundException, CredentialsError.
        """
    async def forget_device(self, username: str, device_key: str) -> None:
        """Forgets one of the user's devices (``AdminForgetDevice``): its next sign-in asks for
        MFA again.

        Raises:
            ResourceNotFoundException, UserNotFoundException, CredentialsError.
        """
    async def update_device_status(
        self, username: str, device_key: str, status: Literal["remembered", "not_remembered"]
    ) -> None:
        """Marks one of the user's devices ``"remembered"`` or ``"not_remembered"``
        (``AdminUpdateDeviceStatus``).

        Raises:
            InvalidInputError: another status.
            ResourceNotFoundException, UserNotFoundException, CredentialsError.
        """

@final
class _BlockingAdminClient:
    """:class:`cognito_mfa.AdminClient` with blocking methods, for threads and synchronous
    frameworks; ``user()`` gives a ``cognito_mfa.blocking.CognitoUser``. Public as
    ``cognito_mfa.blocking.AdminClient``.
    """

    def __new__(
        cls,
        pool: CognitoUserPool,
        credentials: _CredentialsSource = None,
        *,
        profile: str | None = None,
    ) -> _BlockingAdminClient: ...
    @property
    def pool(self) -> CognitoUserPool:
        """The pool whose users sign in through ``AdminInitiateAuth`` (its requests are
        SigV4-signed): ``CognitoUser(name, admin.pool)`` and ``CognitoUser.resume(admin.pool,
        state)`` give admin users."""
    def user(self, username: str) -> _BlockingCognitoUser:
        """A user whose sign-in goes through ``AdminInitiateAuth`` /
        ``AdminRespondToAuthChallenge``: ``authenticate_user`` with
        ``flow="ADMIN_USER_PASSWORD_AUTH"`` (or SRP, the default), then every challenge method of
        :class:`CognitoUser`.

        Raises:
            InvalidInputError: ``username`` is empty.
        """
    def get_user(self, username: str) -> AdminUser:
        """The user's attributes, status and MFA settings (``AdminGetUser``).

        Raises:
            UserNotFoundException: no such user.
            CredentialsError: no credentials could be had.
            InvalidSignatureException, UnrecognizedClientException, AccessDeniedException: the
                credentials were refused.
            NetworkError, TimeoutError, UnexpectedResponseError: transport failures.
        """
    def set_user_mfa_preference(
        self,
        username: str,
        sms: MfaSettings | None = None,
        software_token: MfaSettings | None = None,
        *,
        email: MfaSettings | None = None,
    ) -> None:
        """Enables, disables or prefers the user's SMS, TOTP and e-mail MFA
        (``AdminSetUserMFAPreference``); ``None`` leaves a factor unchanged.

        Raises:
            InvalidParameterException: a factor that is not set up for the user.
            UserNotFoundException, CredentialsError: as :meth:`get_user`.
        """
    def set_user_settings(self, username: str, mfa_options: list[MfaOption]) -> None:
        """Legacy SMS MFA (``AdminSetUserSettings``): ``[MfaOption.sms()]`` turns it on, ``[]``
        off.

        Raises:
            InvalidParameterException, UserNotFoundException, CredentialsError.
        """
    def reset_user_password(
        self, username: str, client_metadata: dict[str, str] | None = None
    ) -> None:
        """Makes the user choose a new password (``AdminResetUserPassword``); their sign-in then
        raises ``PasswordResetRequiredException``.

        Raises:
            UserNotFoundException, NotAuthorizedException, CredentialsError.
        """
    def user_global_sign_out(self, username: str) -> None:
        """Signs the user out everywhere (``AdminUserGlobalSignOut``): their refresh tokens are
        revoked.

        Raises:
            UserNotFoundException, CredentialsError.
        """
    def list_devices(
        self, username: str, limit: int | None = None, pagination_token: str | None = None
    ) -> DeviceList:
        """One page of the user's devices (``AdminListDevices``).

        Raises:
            InvalidInputError: ``limit`` above 60.
            UserNotFoundException, CredentialsError.
        """
    def list_all_devices(self, username: str) -> list[Device]:
        """Every device of the user, page after page (``AdminListDevices`` until the last page).

        Raises:
            UserNotFoundException, CredentialsError.
        """
    def get_device(self, username: str, device_key: str) -> Device:
        """One of the user's devices (``AdminGetDevice``).

        Raises:
            ResourceNotFoundException: no such device.
            UserNotFoundException, CredentialsError.
        """
    def forget_device(self, username: str, device_key: str) -> None:
        """Forgets one of the user's devices (``AdminForgetDevice``): its next sign-in asks for
        MFA again.

        Raises:
            ResourceNotFoundException, UserNotFoundException, CredentialsError.
        """
    def update_device_status(
        self, username: str, device_key: str, status: Literal["remembered", "not_remembered"]
    ) -> None:
        """Marks one of the user's devices ``"remembered"`` or ``"not_remembered"``
        (``AdminUpdateDeviceStatus``).

        Raises:
            InvalidInputError: another status.
            ResourceNotFoundException, UserNotFoundException, CredentialsError.
        """

def _sign_request(
    access_key_id: str,
    secret_access_key: str,
    session_token: str | None,
    region: str,
    service: str,
    url: str,
    headers: dict[str, str],
    body: bytes,
    unix_time: float,
) -> dict[str, str]:
    """Private test hook: the headers ``cognito_mfa``'s SigV4 signer adds to a request.

    Raises:
        InvalidInputError: a bad URL, header or credential.
    """

# --- token verification (src/verify.rs) -----------------------------------------------------

@final
class Claims:
    """The claims of a verified token: the Cognito claims typed, and the whole payload by name
    (``claims["email"]``, ``claims.get("custom:tier")``, :meth:`to_dict`). ``repr()`` shows who
    and which token, never the token itself."""

    @property
    def user_pool_id(self) -> str:
        """The pool whose issuer and key the token matched."""
    @property
    def token_use(self) -> Literal["id", "access"]:
        """``"id"`` or ``"access"``."""
    @property
    def issuer(self) -> str:
        """``iss``."""
    @property
    def client_id(self) -> str:
        """The allowed app client the token was issued to (``aud`` of an ID token,
        ``client_id`` of an access token)."""
    @property
    def sub(self) -> str | None:
        """``sub``: the user's stable id, or ``None``."""
    @property
    def username(self) -> str | None:
        """``username`` (access token) or ``cognito:username`` (ID token), or ``None``."""
    @property
    def expires_at(self) -> int:
        """``exp``, in Unix seconds."""
    @property
    def issued_at(self) -> int | None:
        """``iat``, in Unix seconds, or ``None``."""
    @property
    def auth_time(self) -> int | None:
        """``auth_time``, in Unix seconds, or ``None``."""
    @property
    def groups(self) -> list[str]:
        """``cognito:groups`` (a new list; empty when absent)."""
    @property
    def scopes(self) -> list[str]:
        """``scope``, split on spaces (a new list; empty when absent)."""
    def has_group(self, group: str) -> bool:
        """Whether ``cognito:groups`` holds ``group``."""
    def has_scope(self, scope: str) -> bool:
        """Whether ``scope`` holds ``scope``."""
    def get(self, name: str, default: Any = None) -> Any:
        """The claim ``name`` as Python values, or ``default``."""
    def __getitem__(self, key: str, /) -> Any: ...
    def __contains__(self, key: str, /) -> bool: ...
    def to_dict(self) -> dict[str, Any]:
        """The whole payload as a new ``dict``."""

@final
class TokenVerifier:
    """Verifies Cognito ID or access tokens on a server, as aws-jwt-verify does (coroutine
    methods; ``cognito_mfa.blocking.TokenVerifier`` blocks). One pool as keyword arguments, or
    several as ``pools=[{...}, ...]`` with the same keys: ``user_pool_id``, ``token_use`` and
    ``client_id`` (required), ``groups``, ``scopes``, ``issuer``, ``jwks_uri``, ``jwks``. See
    ``docs/verify.md``.

    Raises:
        InvalidInputError: a missing or bad setting.
        TypeError: a setting of the wrong type, or both a pool's arguments and ``pools``.
    """

    def __new__(
        cls,
        user_pool_id: str | None = None,
        *,
        token_use: Literal["id", "access"] | None = None,
        client_id: str | Sequence[str] | None = None,
        groups: str | Sequence[str] | None = None,
        scopes: str | Sequence[str] | None = None,
        issuer: str | None = None,
        jwks_uri: str | None = None,
        jwks: dict[str, Any] | str | None = None,
        pools: list[dict[str, Any]] | None = None,
        grace: float = 0.0,
        cooldown: float = 10.0,
        fetch_timeout: float = 5.0,
        token_cache: int = 1024,
    ) -> TokenVerifier: ...
    @property
    def remembered_tokens(self) -> int:
        """How many verified tokens are remembered now (at most ``token_cache``)."""
    @property
    def jwks_uris(self) -> list[str]:
        """The JWKS URLs this verifier fetches (one per distinct URL)."""
    async def verify(self, token: str) -> Claims:
        """Verifies ``token`` (the JWT, without ``Bearer``) and returns its :class:`Claims`;
        fetches the pool's JWKS first when its key is not cached yet.

        Raises:
            TokenVerificationError: one subclass per failure (``JwtExpiredError``,
                ``JwtAudienceError``, ``JwtInvalidSignatureError``...), its ``code`` stable;
                the message never holds the token.
            TypeError: ``token`` is not a ``str``.
        """
    async def hydrate(self) -> None:
        """Fetches every pool's JWKS now (e.g. at start-up).

        Raises:
            JwksFetchError: a JWKS could not be fetched.
        """

@final
class _BlockingTokenVerifier:
    """:class:`cognito_mfa.TokenVerifier` with blocking methods, for threads and synchronous
    frameworks; public as ``cognito_mfa.blocking.TokenVerifier``. A verification whose key is
    cached never leaves the caller's thread."""

    def __new__(
        cls,
        user_pool_id: str | None = None,
        *,
        token_use: Literal["id", "access"] | None = None,
        client_id: str | Sequence[str] | None = None,
        groups: str | Sequence[str] | None = None,
        scopes: str | Sequence[str] | None = None,
        issuer: str | None = None,
        jwks_uri: str | None = None,
        jwks: dict[str, Any] | str | None = None,
        pools: list[dict[str, Any]] | None = None,
        grace: float = 0.0,
        cooldown: float = 10.0,
        fetch_timeout: float = 5.0,
        token_cache: int = 1024,
    ) -> _BlockingTokenVerifier: ...
    @property
    def remembered_tokens(self) -> int:
        """How many verified tokens are remembered now (at most ``token_cache``)."""
    @property
    def jwks_uris(self) -> list[str]:
        """The JWKS URLs this verifier fetches (one per distinct URL)."""
    def verify(self, token: str) -> Claims:
        """Verifies ``token`` (the JWT, without ``Bearer``) and returns its :class:`Claims`;
        fetches the pool's JWKS first when its key is not cached yet.

        Raises:
            TokenVerificationError: one subclass per failure (``JwtExpiredError``,
                ``JwtAudienceError``, ``JwtInvalidSignatureError``...), its ``code`` stable;
                the message never holds the token.
            TypeError: ``token`` is not a ``str``.
        """
    def hydrate(self) -> None:
        """As :meth:`TokenVerifier.hydrate`, blocking."""

# --- the embedded mock endpoint (src/testing.rs) ------------------------------------------------

@final
class _MockServer:
    """A mock Cognito endpoint served on 127.0.0.1 (a free port) inside this process.

    Private: use :class:`cognito_mfa.testing.MockCognito`.
    """

    DEFAULT_PASSWORD: ClassVar[str]
    def __new__(cls, config_json: str | None = None) -> _MockServer: ...
    @property
    def endpoint(self) -> str:
        """The endpoint URL, ``http://127.0.0.1:<port>``."""
    @property
    def running(self) -> bool:
        """True until :meth:`shutdown`."""
    def call(self, operation: str, request_json: str) -> str:
        """Runs one operation in-process; the request and the answer are JSON text."""
    def messages_json(self) -> str:
        """Every SMS and e-mail sent so far, oldest first, as a JSON array."""
    def create_user_pool(
        self,
        name: str,
        mfa: str,
        sms: bool,
        software_token: bool,
        email: bool,
        devices: tuple[bool, bool] | None,
    ) -> str:
        """Creates a user pool; returns its id. ``devices`` is its ``DeviceConfiguration`` as
        ``(challenge_required_on_new_device, device_only_remembered_on_user_prompt)``."""
    def create_app_client(
        self, pool_id: str, name: str, generate_secret: bool, auth_flows: list[str] | None
    ) -> tuple[str, str | None]:
        """Creates an app client; returns its id and secret (or ``None``)."""
    def create_user(
        self,
        pool_id: str,
        username: str,
        password: str,
        attributes: list[tuple[str, str]],
        confirmed: bool,
        temporary_password: bool,
    ) -> None:
        """Creates a user."""
    def set_user_mfa_preference(
        self,
        pool_id: str,
        username: str,
        sms: tuple[bool, bool] | None,
        software_token: tuple[bool, bool] | None,
        email: tuple[bool, bool] | None,
    ) -> None:
        """Sets a user's MFA factors as an administrator; ``(enabled, preferred)`` each."""
    def enrol_totp(
        self,
        pool_id: str,
        client_id: str,
        client_secret: str | None,
        username: str,
        password: str,
        preferred: bool,
    ) -> str:
        """Enrols an authenticator app for a user; returns its base32 secret."""
    def clear_messages(self) -> None:
        """Empties the outbox."""
    def now(self) -> int:
        """The endpoint's virtual clock, in Unix seconds."""
    def advance_clock(self, seconds: int) -> int:
        """Moves the virtual clock by ``seconds``; returns the new time."""
    def set_clock(self, unix_seconds: int) -> None:
        """Sets the virtual clock to ``unix_seconds``."""
    def freeze_clock(self, frozen: bool) -> None:
        """Stops (``True``) or restarts (``False``) the virtual clock."""
    def reset(self) -> None:
        """Back to the configured start state."""
    def shutdown(self) -> None:
        """Stops serving; calling it again does nothing."""

# --- consistency checks (src/lib.rs) ------------------------------------------------------------

def _challenge_names() -> list[tuple[str, bool]]:
    """The wire name of every challenge the core knows, in its order, with whether the client
    answers it itself (private)."""

def _error_codes() -> dict[str, list[str]]:
    """The stable code of every exception this package raises, by origin: ``"client"``,
    ``"service"``, ``"mock"`` and ``"panic"`` (private)."""

# --- test hooks (src/runtime.rs, src/error.rs) --------------------------------------------------

async def _panic_in_a_call_for_tests() -> None:
    """Private test hook: awaits a call whose work panics; raises ``GenericFailure``."""

def _panic_in_a_blocking_call_for_tests() -> None:
    """Private test hook: blocks on a call whose work panics; raises ``GenericFailure``."""

def _panic_in_a_sync_call_for_tests() -> None:
    """Private test hook: a synchronous function that panics, run as every synchronous method
    is; raises ``GenericFailure``."""
