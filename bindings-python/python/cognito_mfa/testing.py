"""Test helpers: a mock Cognito endpoint inside the test process, for your pytest suites.

:class:`MockCognito` serves the project's mock Cognito user-pool endpoint (real SRP, real TOTP,
SMS and e-mail codes in an outbox, expiring sessions, Cognito's errors) on ``127.0.0.1`` on a
free port, from a thread of this process: no container, no network, no AWS account. Point a
:class:`~cognito_mfa.CognitoUserPool` (or boto3, or pycognito) at :attr:`MockCognito.endpoint`.

After ``pip install cognito-mfa`` the pytest fixture ``cognito_mock`` (a fresh endpoint per
test) is available in every test suite, through the ``pytest11`` entry point::

    from cognito_mfa import AuthenticationDetails, ChallengeName, CognitoUser
    from cognito_mfa.testing import MockCognito

    async def test_totp_sign_in(cognito_mock: MockCognito) -> None:
        alice = cognito_mock.user_with_totp("alice")          # pool, client, user, TOTP
        user = CognitoUser("alice", alice.user_pool)
        result = await user.authenticate_user(AuthenticationDetails("alice", alice.password))
        assert result.challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA
        result = await user.send_mfa_code(
            cognito_mock.totp_code(alice.totp_secret), ChallengeName.SOFTWARE_TOKEN_MFA
        )
        assert result.signed_in

The endpoint's behaviour, configuration and controls are described in the project's
``docs/mock.md``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from cognito_mfa._native import TOTP, CognitoUserPool, MfaSettings, _MockServer
from cognito_mfa.devices import DeviceStore

__all__ = ["DEFAULT_PASSWORD", "AppClient", "Message", "MockCognito", "MockUser"]

if TYPE_CHECKING:  # typing.Self needs Python 3.11; type checkers know typing_extensions
    from typing_extensions import Self

#: The password the helpers give users by default (the mock's own default, ``"Passw0rd!"``); it
#: satisfies the default password policy (8 characters or more, upper and lower case, a digit
#: and a symbol).
DEFAULT_PASSWORD: str = _MockServer.DEFAULT_PASSWORD


@dataclass(frozen=True)
class AppClient:
    """An app client of a mock pool: its id and, if it has one, its secret (never in
    ``repr()``)."""

    client_id: str
    """The app client id."""
    client_secret: str | None = field(default=None, repr=False)
    """The client secret, or ``None`` for a client without one."""


@dataclass(frozen=True)
class Message:
    """An SMS or e-mail the endpoint "sent" (to its outbox). ``repr()`` hides the code."""

    pool_id: str
    """The user pool it was sent for."""
    username: str
    """The recipient's user name."""
    destination: str
    """The phone number or e-mail address it went to (unmasked)."""
    medium: str
    """``"SMS"`` or ``"EMAIL"``."""
    code: str = field(repr=False)
    """The code it carries (an MFA code, a confirmation code or a temporary password)."""
    message: str = field(repr=False)
    """The full text."""
    sent_at: int
    """When it was sent, by the endpoint's clock (Unix seconds)."""
    purpose: str
    """Why it was sent: ``"mfa"``, ``"confirmation"`` or ``"invitation"``."""


@dataclass(frozen=True)
class MockUser:
    """A user made by :meth:`MockCognito.user_with_totp`: where it lives and how it signs in.
    ``repr()`` hides the password and the TOTP secret."""

    pool_id: str
    """The user pool id."""
    client: AppClient
    """The app client it signs in through."""
    username: str
    """The user name."""
    password: str = field(repr=False)
    """The (permanent) password."""
    totp_secret: str = field(repr=False)
    """The base32 secret of its enrolled authenticator; codes: :meth:`MockCognito.totp_code`."""
    user_pool: CognitoUserPool = field(repr=False)
    """A :class:`~cognito_mfa.CognitoUserPool` for ``pool_id`` and ``client``, pointed at the
    endpoint."""


#: The keys of a ``device_tracking`` mapping (the pool's ``DeviceConfiguration``, snake_case).
_DEVICE_TRACKING_KEYS = (
    "challenge_required_on_new_device",
    "device_only_remembered_on_user_prompt",
)


def _device_tracking(tracking: bool | Mapping[str, bool]) -> tuple[bool, bool] | None:
    """``(challenge_required_on_new_device, device_only_remembered_on_user_prompt)`` of a
    ``device_tracking`` argument, or ``None`` for none."""
    if isinstance(tracking, bool):
        return (True, False) if tracking else None
    if not isinstance(tracking, Mapping):
        raise TypeError(
            f"device_tracking must be a bool or a mapping, not {type(tracking).__name__}"
        )
    unknown = set(tracking) - set(_DEVICE_TRACKING_KEYS)
    if unknown:
        raise TypeError(f"unknown device_tracking keys {sorted(unknown)}")
    challenge, on_prompt = (bool(tracking.get(key, False)) for key in _DEVICE_TRACKING_KEYS)
    return (challenge, on_prompt)


def _flags(settings: MfaSettings | None, name: str) -> tuple[bool, bool] | None:
    """``(enabled, preferred)`` of ``settings``, or ``None``.

    Raises:
        TypeError: ``settings`` is not an :class:`~cognito_mfa.MfaSettings`.
    """
    if settings is None:
        return None
    if not isinstance(settings, MfaSettings):
        raise TypeError(f"{name} must be an MfaSettings or None, not {type(settings).__name__}")
    return (settings.enabled, settings.preferred)


def _app_client(client: AppClient) -> AppClient:
    """``client`` itself, checked to be an :class:`AppClient` (as ``create_app_client`` returns).

    Raises:
        TypeError: anything else (e.g. the client id as a ``str``).
    """
    if not isinstance(client, AppClient):
        kind = type(client).__name__
        raise TypeError(f"client must be the AppClient that create_app_client returned, not {kind}")
    return client


def _str_list(value: Sequence[str], name: str) -> list[str]:
    """``value`` as a list of ``str``: a ``str`` itself is refused (it would be read as its
    characters), as is anything that is not a sequence of ``str``.

    Raises:
        TypeError: ``value`` is a ``str``/``bytes``, not a sequence, or holds a non-``str``.
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a list of str, not {type(value).__name__}")
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(
                f"{name} must be a list of str, not a list holding {type(item).__name__}"
            )
    return items


def _str_pairs(value: Mapping[str, str] | None, name: str) -> list[tuple[str, str]]:
    """The items of a mapping of ``str`` to ``str`` (``None`` is empty).

    Raises:
        TypeError: ``value`` is not a mapping, or a key or value is not a ``str``.
    """
    if value is None:
        return []
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping of str to str, not {type(value).__name__}")
    pairs = list(value.items())
    for key, item in pairs:
        if not isinstance(key, str) or not isinstance(item, str):
            raise TypeError(f"{name} must be a mapping of str to str")
    return pairs


class MockCognito:
    """A mock Cognito user-pool endpoint served on ``127.0.0.1`` (a free port) in this process.

    Use it as a context manager (``with`` or ``async with``), or call :meth:`close` when done;
    it starts at once. ``config`` is the endpoint's configuration in the format of the project's
    ``docs/mock.md`` (settings, the clock, pools to preload), as a ``dict``.

    Administrative calls (creating pools, clients and users) run in-process without HTTP and
    return at once. Every method is synchronous and may be called from async tests too.

    Raises:
        MockConfigError: ``config`` is invalid (the message names the key); an
            ``InvalidInputError``, so a ``ValueError``.
        MockIoError: no port could be bound; an ``OSError``.
    """

    def __init__(self, config: Mapping[str, Any] | None = None) -> None:
        self._server = _MockServer(None if config is None else json.dumps(config))

    @property
    def endpoint(self) -> str:
        """The endpoint URL, ``http://127.0.0.1:<port>`` (for ``CognitoUserPool(endpoint=...)``,
        boto3's ``endpoint_url``...)."""
        return self._server.endpoint

    @property
    def running(self) -> bool:
        """True until :meth:`close`."""
        return self._server.running

    def close(self) -> None:
        """Stops the endpoint (requests in flight finish first) and frees its port. Calling it
        again does nothing."""
        self._server.shutdown()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "running" if self.running else "closed"
        return f"MockCognito(endpoint={self.endpoint!r}, {state})"

    # --- raw access ------------------------------------------------------------------------

    def call(self, operation: str, request: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Runs one Cognito operation in-process, exactly as ``POST /`` with ``X-Amz-Target:
        AWSCognitoIdentityProviderService.<operation>`` would, and returns the answer, e.g.
        ``call("AdminGetUser", {"UserPoolId": pool_id, "Username": "alice"})``.

        Raises:
            ServiceError: the endpoint's error answer, as the subclass named as its code
                (e.g. ``UserNotFoundException``).
        """
        answer: dict[str, Any] = json.loads(self._server.call(operation, json.dumps(request or {})))
        return answer

    # --- pools, app clients and users ------------------------------------------------------

    def create_user_pool(
        self,
        name: str = "test",
        *,
        mfa: Literal["OFF", "ON", "OPTIONAL"] = "OPTIONAL",
        sms: bool = True,
        software_token: bool = True,
        email: bool = False,
        device_tracking: bool | Mapping[str, bool] = False,
    ) -> str:
        """Creates a user pool with the MFA configuration ``mfa`` (``"OFF"``, ``"ON"`` or
        ``"OPTIONAL"``) and the factors it offers (SMS and TOTP by default; e-mail on request),
        with the default password policy. Returns the pool id.

        ``device_tracking`` is the pool's ``DeviceConfiguration``: ``False`` (none), ``True``
        (devices are remembered at once and a remembered device skips MFA:
        ``{"challenge_required_on_new_device": True, "device_only_remembered_on_user_prompt":
        False}``), or a mapping with those keys (a missing key is ``False``).

        Raises:
            TypeError: ``device_tracking`` has an unknown key.
            InvalidParameterException: e.g. ``mfa="ON"`` with no factor.
        """
        devices = _device_tracking(device_tracking)
        return self._server.create_user_pool(name, mfa, sms, software_token, email, devices)

    def create_app_client(
        self,
        pool_id: str,
        *,
        generate_secret: bool = False,
        auth_flows: Sequence[str] | None = None,
        name: str = "client",
    ) -> AppClient:
        """Creates an app client of ``pool_id``, with a generated secret if
        ``generate_secret``. ``auth_flows`` is its ``ExplicitAuthFlows``, e.g.
        ``["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]``;
        ``None`` allows SRP, refresh and custom auth, as on AWS.

        Raises:
            TypeError: ``auth_flows`` is not a list of ``str`` (a ``str`` alone is refused).
            ResourceNotFoundException: an unknown pool.
        """
        flows = None if auth_flows is None else _str_list(auth_flows, "auth_flows")
        client_id, client_secret = self._server.create_app_client(
            pool_id, name, generate_secret, flows
        )
        return AppClient(client_id, client_secret)

    def create_user(
        self,
        pool_id: str,
        username: str,
        password: str = DEFAULT_PASSWORD,
        *,
        attributes: Mapping[str, str] | None = None,
        confirmed: bool = True,
        temporary_password: bool = False,
    ) -> None:
        """Creates a user of ``pool_id`` with ``password`` and ``attributes`` (e.g.
        ``{"phone_number": "+15555550100", "email": "alice@example.com"}``; SMS MFA needs the
        phone number, e-mail MFA the address).

        By default the user is confirmed and the password permanent: it signs in at once.
        ``temporary_password=True`` makes the password temporary, as for a user an
        administrator invited (sign-in then asks ``NEW_PASSWORD_REQUIRED``);
        ``confirmed=False`` leaves the user unconfirmed, as after a sign-up
        (``UserNotConfirmedException``).

        Raises:
            TypeError: ``attributes`` is not a mapping of ``str`` to ``str``.
            ValueError: both ``confirmed=False`` and ``temporary_password=True``.
            UsernameExistsException: the name is taken.
            InvalidPasswordException: the password breaks the pool's policy.
        """
        self._server.create_user(
            pool_id,
            username,
            password,
            _str_pairs(attributes, "attributes"),
            confirmed,
            temporary_password,
        )

    def set_user_mfa_preference(
        self,
        pool_id: str,
        username: str,
        *,
        sms: MfaSettings | None = None,
        software_token: MfaSettings | None = None,
        email: MfaSettings | None = None,
    ) -> None:
        """Sets a user's MFA factors as an administrator (``AdminSetUserMFAPreference``); a
        factor given as ``None`` is left unchanged. E.g. SMS MFA for a user with a phone number:
        ``set_user_mfa_preference(pool_id, "alice", sms=MfaSettings(True, True))``.

        Raises:
            InvalidParameterException: a factor the user cannot have (no phone number, no
                verified software token) or MFA is off for the pool.
        """
        self._server.set_user_mfa_preference(
            pool_id,
            username,
            _flags(sms, "sms"),
            _flags(software_token, "software_token"),
            _flags(email, "email"),
        )

    def enrol_totp(
        self,
        pool_id: str,
        client: AppClient,
        username: str,
        password: str = DEFAULT_PASSWORD,
        *,
        preferred: bool = True,
    ) -> str:
        """Enrols an authenticator app for an existing user, as the user would (sign in,
        ``associate_software_token``, ``verify_software_token``, ``set_user_mfa_preference``; on
        a pool with MFA ``"ON"`` through ``MFA_SETUP``), and returns its base32 secret.

        The endpoint's clock then moves on by 30 seconds, so that the next code
        (:meth:`totp_code`) belongs to a later time step than the one used for verification
        (the endpoint refuses a code used twice).

        Raises:
            CognitoMfaError: the sign-in or the enrolment failed, e.g.
                ``NotAuthorizedException`` for a wrong password; ``RuntimeError`` when the
                sign-in asks for another MFA factor first.
        """
        client = _app_client(client)
        return self._server.enrol_totp(
            pool_id, client.client_id, client.client_secret, username, password, preferred
        )

    def user_with_totp(
        self,
        username: str = "alice",
        password: str = DEFAULT_PASSWORD,
        *,
        mfa: Literal["OFF", "ON", "OPTIONAL"] = "OPTIONAL",
        generate_secret: bool = False,
        attributes: Mapping[str, str] | None = None,
        device_tracking: bool | Mapping[str, bool] = False,
    ) -> MockUser:
        """One line for the most common set-up: a new pool with MFA ``mfa`` (TOTP and SMS
        offered; ``device_tracking`` as in :meth:`create_user_pool`), an app client (with a
        secret if ``generate_secret``), and a confirmed user with an authenticator app enrolled
        and preferred. Sign-ins of that user then ask ``SOFTWARE_TOKEN_MFA``; answer with
        :meth:`totp_code`.

        Raises:
            CognitoMfaError: as :meth:`create_user` and :meth:`enrol_totp`.
        """
        pool_id = self.create_user_pool(mfa=mfa, device_tracking=device_tracking)
        client = self.create_app_client(pool_id, generate_secret=generate_secret)
        self.create_user(pool_id, username, password, attributes=attributes)
        secret = self.enrol_totp(pool_id, client, username, password)
        return MockUser(
            pool_id=pool_id,
            client=client,
            username=username,
            password=password,
            totp_secret=secret,
            user_pool=self.user_pool(pool_id, client),
        )

    def user_pool(
        self,
        pool_id: str,
        client: AppClient,
        *,
        device_store: DeviceStore | None = None,
        confirm_new_devices: bool = True,
        device_name: str | None = None,
        refresh_method: Literal["InitiateAuth", "GetTokensFromRefreshToken"] | None = None,
    ) -> CognitoUserPool:
        """A :class:`~cognito_mfa.CognitoUserPool` for ``pool_id`` and ``client`` (its secret
        included), pointed at this endpoint, with the device settings given (as
        :class:`~cognito_mfa.CognitoUserPool` takes them)."""
        client = _app_client(client)
        return CognitoUserPool(
            pool_id,
            client.client_id,
            client_secret=client.client_secret,
            endpoint=self.endpoint,
            device_store=device_store,
            confirm_new_devices=confirm_new_devices,
            device_name=device_name,
            refresh_method=refresh_method,
        )

    def totp_code(self, secret: str) -> str:
        """The code an authenticator app with ``secret`` shows now, by the endpoint's clock."""
        return TOTP(secret).at(self.now())

    # --- the outbox ------------------------------------------------------------------------

    def messages(
        self,
        *,
        username: str | None = None,
        medium: str | None = None,
        purpose: str | None = None,
    ) -> list[Message]:
        """Every SMS and e-mail sent so far, oldest first; the arguments filter the list (e.g.
        ``messages(username="alice", purpose="mfa")``)."""
        return [
            message
            for message in (Message(**entry) for entry in json.loads(self._server.messages_json()))
            if (username is None or message.username == username)
            and (medium is None or message.medium == medium)
            and (purpose is None or message.purpose == purpose)
        ]

    def last_code(self, username: str) -> str:
        """The code of the last SMS or e-mail sent to ``username`` (an MFA code, a confirmation
        code or a temporary password).

        Raises:
            LookupError: nothing was sent to that user.
        """
        sent = self.messages(username=username)
        if not sent:
            raise LookupError(f"no message was sent to {username!r}")
        return sent[-1].code

    def clear_messages(self) -> None:
        """Empties the outbox."""
        self._server.clear_messages()

    # --- the clock ---------------------------------------------------------------------------

    def now(self) -> int:
        """The endpoint's virtual clock, in Unix seconds. It drives TOTP steps, code, session
        and token expiry; it follows real time plus any offset given by :meth:`advance_clock`."""
        return self._server.now()

    def advance_clock(self, seconds: int) -> int:
        """Moves the virtual clock by ``seconds`` (negative moves it back) and returns the new
        time, e.g. ``advance_clock(181)`` to expire an SMS code.

        Raises:
            InvalidInputError: the clock would go before 1970.
        """
        return self._server.advance_clock(seconds)

    def set_clock(self, unix_seconds: int) -> None:
        """Sets the virtual clock to ``unix_seconds``."""
        self._server.set_clock(unix_seconds)

    def freeze_clock(self, frozen: bool = True) -> None:
        """Stops the virtual clock at its current reading (or lets it run again)."""
        self._server.freeze_clock(frozen)

    def reset(self) -> None:
        """Forgets every pool, client, user, message and clock change: back to the start state
        (the pools of ``config``, if any)."""
        self._server.reset()
