"""The synchronous client, `cognito_mfa.blocking`: the same flows as the coroutines, from many
threads at once, with the GIL released while a call waits."""

from __future__ import annotations

import os
import signal
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from support import FakeCognito, fake_tokens

import cognito_mfa
from cognito_mfa import blocking
from cognito_mfa.blocking import (
    AuthenticationDetails,
    ChallengeName,
    CognitoUser,
    CognitoUserPool,
    MfaSettings,
)
from cognito_mfa.testing import DEFAULT_PASSWORD, MockCognito


def test_the_blocking_module_shares_the_value_classes() -> None:
    blocking_classes = ("CognitoUser", "AdminClient", "TokenVerifier")
    for name in blocking_classes:
        sync_class, async_class = getattr(blocking, name), getattr(cognito_mfa, name)
        assert sync_class is not async_class
        assert sync_class.__name__ == name
        assert sync_class.__module__ == "cognito_mfa.blocking"
        assert repr(sync_class) == f"<class 'cognito_mfa.blocking.{name}'>"
        sync_methods = {m for m in dir(sync_class) if not m.startswith("_")}
        async_methods = {m for m in dir(async_class) if not m.startswith("_")}
        assert sync_methods == async_methods, name
    for name in blocking.__all__:
        if name not in blocking_classes:
            assert getattr(blocking, name) is getattr(cognito_mfa, name), name


def test_totp_sign_in_and_enrolment(cognito_mock: MockCognito) -> None:
    alice = cognito_mock.user_with_totp("alice")
    user = CognitoUser("alice", alice.user_pool)
    result = user.authenticate_user(AuthenticationDetails("alice", alice.password))
    assert result.challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA
    result = user.send_mfa_code(
        cognito_mock.totp_code(alice.totp_secret), ChallengeName.SOFTWARE_TOKEN_MFA
    )
    assert result.signed_in
    data = user.get_user_data()
    assert data.preferred_mfa_setting is ChallengeName.SOFTWARE_TOKEN_MFA
    # A second authenticator replaces the first.
    token = user.associate_software_token()
    assert user.verify_software_token(cognito_mock.totp_code(token.secret_code)).verified
    user.set_user_mfa_preference(None, MfaSettings(True, True))
    session = user.refresh_session()
    assert session.is_valid()
    user.global_sign_out()
    assert user.get_sign_in_user_session() is None
    assert "idle" in repr(user)


def test_sms_and_deprecated_calls(cognito_mock: MockCognito) -> None:
    pool_id = cognito_mock.create_user_pool()
    client = cognito_mock.create_app_client(pool_id)
    cognito_mock.create_user(pool_id, "bob", attributes={"phone_number": "+15555550123"})
    cognito_mock.set_user_mfa_preference(pool_id, "bob", sms=MfaSettings(True, True))
    user = CognitoUser("bob", cognito_mock.user_pool(pool_id, client))
    result = user.authenticate_user(AuthenticationDetails("bob", DEFAULT_PASSWORD))
    assert result.challenge_name is ChallengeName.SMS_MFA
    assert result.destination == "+*******0123"
    assert user.send_mfa_code(cognito_mock.last_code("bob")).signed_in
    with pytest.warns(DeprecationWarning, match="disable_mfa") as record:
        user.disable_mfa()
    assert record[0].filename == __file__  # the warning points at the caller
    with pytest.warns(DeprecationWarning, match="get_mfa_options"):
        assert user.get_mfa_options() == []
    with pytest.warns(DeprecationWarning, match="enable_mfa"):
        user.enable_mfa()


def test_eight_threads_sign_in_at_once(cognito_mock: MockCognito) -> None:
    alice = cognito_mock.user_with_totp("alice")
    names = [f"worker{i}" for i in range(8)]
    secrets = {}
    for name in names:
        cognito_mock.create_user(alice.pool_id, name)
        secrets[name] = cognito_mock.enrol_totp(alice.pool_id, alice.client, name)
    pool = alice.user_pool
    barrier = threading.Barrier(8)

    def sign_in(name: str) -> tuple[str, str]:
        user = CognitoUser(name, pool)
        barrier.wait()  # all eight start together
        result = user.authenticate_user(AuthenticationDetails(name, DEFAULT_PASSWORD))
        assert result.challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA
        result = user.send_mfa_code(cognito_mock.totp_code(secrets[name]), None)
        assert result.session is not None
        return name, result.session.access_token.payload["username"]

    with ThreadPoolExecutor(max_workers=8) as executor:
        outcomes = list(executor.map(sign_in, names))
    assert outcomes == [(name, name) for name in names]


def test_the_gil_is_released_while_a_call_waits(fake_cognito: FakeCognito) -> None:
    """The fake endpoint is a Python HTTP server in this process: it can only answer while the
    blocked caller does not hold the GIL. A held GIL would end in a TimeoutError instead."""
    fake_cognito.reply("InitiateAuth", {"AuthenticationResult": fake_tokens()}, delay=0.2)
    pool = CognitoUserPool(
        "us-east-1_Fake", "fakeclient", endpoint=fake_cognito.endpoint, timeout=10
    )
    user = CognitoUser("alice", pool)
    result = user.authenticate_user(AuthenticationDetails("alice", "pw"), flow="USER_PASSWORD_AUTH")
    assert result.signed_in
    assert fake_cognito.operations() == ["InitiateAuth"]


def test_a_signal_handler_interrupts_a_blocking_call(fake_cognito: FakeCognito) -> None:
    fake_cognito.reply("InitiateAuth", {"AuthenticationResult": fake_tokens()}, delay=5.0)
    pool = CognitoUserPool("us-east-1_Fake", "fakeclient", endpoint=fake_cognito.endpoint)
    user = CognitoUser("alice", pool)

    class Interrupted(Exception):
        pass

    def handler(signum: int, frame: object) -> None:
        raise Interrupted

    previous = signal.signal(signal.SIGUSR1, handler)
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGUSR1))
    try:
        timer.start()
        with pytest.raises(Interrupted):
            user.authenticate_user(AuthenticationDetails("alice", "pw"), flow="USER_PASSWORD_AUTH")
    finally:
        timer.cancel()
        signal.signal(signal.SIGUSR1, previous)
    assert user.get_sign_in_user_session() is None
