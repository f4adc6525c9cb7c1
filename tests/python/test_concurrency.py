"""Coroutines under load: one pool (one connection pool) shared by hundreds of concurrent
sign-ins, tasks, cancellation, and the one process-wide runtime that outlives event loops."""

from __future__ import annotations

import asyncio
import inspect
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from support import FakeCognito

from cognito_mfa import (
    AuthenticationDetails,
    ChallengeName,
    CognitoUser,
    CognitoUserPool,
    NotSignedInError,
)
from cognito_mfa.testing import DEFAULT_PASSWORD, MockCognito


async def test_200_concurrent_sign_ins_share_one_pool(cognito_mock: MockCognito) -> None:
    pool_id = cognito_mock.create_user_pool(mfa="OFF")
    client = cognito_mock.create_app_client(pool_id)
    names = [f"user{i:03}" for i in range(200)]
    for name in names:
        cognito_mock.create_user(pool_id, name)
    pool = cognito_mock.user_pool(pool_id, client)  # one pool, one connection pool
    users = [CognitoUser(name, pool) for name in names]
    results = await asyncio.gather(
        *(
            user.authenticate_user(AuthenticationDetails(user.username, DEFAULT_PASSWORD))
            for user in users
        )
    )
    assert len(results) == 200
    tokens = set()
    for name, result in zip(names, results, strict=True):
        assert result.signed_in, (name, result)
        assert result.session is not None
        assert result.session.access_token.payload["username"] == name
        tokens.add(result.session.access_token.jwt_token)
    assert len(tokens) == 200
    assert all(user.pool is pool for user in users)


async def test_200_concurrent_totp_sign_ins(cognito_mock: MockCognito) -> None:
    """The full MFA flow for 200 users at once, on one pool: 200 SRP sign-ins that each end in
    the SOFTWARE_TOKEN_MFA challenge, then 200 answers with each user's own TOTP code."""
    pool_id = cognito_mock.create_user_pool(mfa="ON")
    client = cognito_mock.create_app_client(pool_id)
    names = [f"user{i:03}" for i in range(200)]
    secrets = {}
    for name in names:
        cognito_mock.create_user(pool_id, name)
        secrets[name] = cognito_mock.enrol_totp(pool_id, client, name)
    assert len(set(secrets.values())) == 200
    pool = cognito_mock.user_pool(pool_id, client)  # one pool, one connection pool
    users = [CognitoUser(name, pool) for name in names]
    challenges = await asyncio.gather(
        *(u.authenticate_user(AuthenticationDetails(u.username, DEFAULT_PASSWORD)) for u in users)
    )
    assert [result.challenge_name for result in challenges] == [
        ChallengeName.SOFTWARE_TOKEN_MFA
    ] * 200
    assert not any(result.signed_in for result in challenges)
    results = await asyncio.gather(
        *(
            user.send_mfa_code(cognito_mock.totp_code(secrets[name]))
            for name, user in zip(names, users, strict=True)
        )
    )
    tokens = set()
    for name, result in zip(names, results, strict=True):
        assert result.signed_in, (name, result)
        assert result.session is not None
        assert result.session.access_token.payload["username"] == name
        tokens.add(result.session.access_token.jwt_token)
    assert len(tokens) == 200


async def test_methods_return_awaitables_that_create_task_accepts(
    cognito_mock: MockCognito,
) -> None:
    pool_id = cognito_mock.create_user_pool(mfa="OFF")
    client = cognito_mock.create_app_client(pool_id)
    cognito_mock.create_user(pool_id, "alice")
    user = CognitoUser("alice", cognito_mock.user_pool(pool_id, client))
    coroutine = user.authenticate_user(AuthenticationDetails("alice", DEFAULT_PASSWORD))
    assert inspect.isawaitable(coroutine)
    assert asyncio.iscoroutine(coroutine)
    task = asyncio.create_task(coroutine)
    result = await task
    assert result.signed_in
    data_task = asyncio.create_task(user.get_user_data())
    assert (await data_task).username == "alice"
    # Errors surface through the task too.
    idle = CognitoUser("alice", user.pool)
    with pytest.raises(NotSignedInError):
        await asyncio.create_task(idle.get_user_data())


async def test_a_cancelled_call_raises_and_leaves_the_user_usable(
    fake_cognito: FakeCognito,
) -> None:
    # The fake holds its answer until `release` is set, so the call is still in flight
    # whenever the test looks, however slow the machine.
    release = threading.Event()
    fake_cognito.error("InitiateAuth", "NotAuthorizedException", "held no", hold=release)
    pool = CognitoUserPool("us-east-1_Fake", "fakeclient", endpoint=fake_cognito.endpoint)
    user = CognitoUser("alice", pool)
    try:
        task = asyncio.create_task(
            user.authenticate_user(AuthenticationDetails("alice", "pw"), flow="USER_PASSWORD_AUTH")
        )
        # The request has reached the server, whose answer is held: the call is in flight.
        assert await asyncio.to_thread(fake_cognito.wait_for_requests, 1)
        assert not task.done()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert user.get_sign_in_user_session() is None
        # asyncio's own timeout cancels the call the same way (the built-in TimeoutError); the
        # answer is held, so the timeout always fires first.
        second = asyncio.create_task(
            user.authenticate_user(AuthenticationDetails("alice", "pw"), flow="USER_PASSWORD_AUTH")
        )
        assert await asyncio.to_thread(fake_cognito.wait_for_requests, 2)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(second, 0.05)
        assert second.cancelled()
        assert fake_cognito.operations() == ["InitiateAuth", "InitiateAuth"]
        assert user.get_sign_in_user_session() is None
    finally:
        release.set()


def test_one_runtime_survives_several_event_loops(cognito_mock: MockCognito) -> None:
    pool_id = cognito_mock.create_user_pool(mfa="OFF")
    client = cognito_mock.create_app_client(pool_id)
    cognito_mock.create_user(pool_id, "alice")
    pool = cognito_mock.user_pool(pool_id, client)
    user = CognitoUser("alice", pool)

    async def sign_in() -> str:
        result = await user.authenticate_user(AuthenticationDetails("alice", DEFAULT_PASSWORD))
        assert result.session is not None
        return result.session.access_token.jwt_token

    async def read() -> str:
        return (await user.get_user_data()).username

    first = asyncio.run(sign_in())
    assert asyncio.run(read()) == "alice"  # a new loop, the same user, pool and runtime
    second = asyncio.run(sign_in())
    assert first != second
    for _ in range(3):
        assert asyncio.run(read()) == "alice"
    # Two calls on one user in one gather: the core runs them one after the other.

    async def twice() -> list[str]:
        return list(await asyncio.gather(read(), read()))

    assert asyncio.run(twice()) == ["alice", "alice"]


def test_coroutines_can_be_awaited_from_a_plain_event_loop_without_pytest(
    cognito_mock: MockCognito,
) -> None:
    pool_id = cognito_mock.create_user_pool(mfa="OFF")
    client = cognito_mock.create_app_client(pool_id)
    cognito_mock.create_user(pool_id, "alice")
    pool = cognito_mock.user_pool(pool_id, client)

    async def many() -> list[bool]:
        users = [CognitoUser("alice", pool) for _ in range(10)]
        results = await asyncio.gather(
            *(u.authenticate_user(AuthenticationDetails("alice", DEFAULT_PASSWORD)) for u in users)
        )
        return [r.signed_in for r in results]

    loop = asyncio.new_event_loop()
    try:
        assert loop.run_until_complete(many()) == [True] * 10
    finally:
        loop.close()
    assert asyncio.run(many()) == [True] * 10


EXIT_SCRIPT = """
import asyncio, threading
from cognito_mfa import AuthenticationDetails, CognitoUser
from cognito_mfa.blocking import CognitoUser as BlockingUser
from cognito_mfa.testing import MockCognito

mock = MockCognito()
pool_id = mock.create_user_pool(mfa="OFF")
client = mock.create_app_client(pool_id)
mock.create_user(pool_id, "alice", "Passw0rd!")
pool = mock.user_pool(pool_id, client)
details = AuthenticationDetails("alice", "Passw0rd!")

async def main():
    users = [CognitoUser("alice", pool) for _ in range(4)]
    await asyncio.gather(*(u.authenticate_user(details) for u in users))
    await users[0].get_user_data()

asyncio.run(main())
# A daemon thread still blocked in a call when the interpreter exits.
slow = BlockingUser("alice", pool)
threading.Thread(target=lambda: slow.authenticate_user(details), daemon=True).start()
print("done")
"""


def test_the_interpreter_exits_cleanly_right_after_the_last_call(tmp_path: Path) -> None:
    """The last coroutine's wake-up comes from a runtime thread that briefly takes the GIL;
    the runtime is stopped at exit so that no such thread is inside Python when the
    interpreter finalizes (which would abort the process)."""
    script = tmp_path / "exit.py"
    script.write_text(EXIT_SCRIPT, encoding="utf-8")
    for _ in range(10):
        completed = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=False
        )
        assert completed.returncode == 0, (completed.returncode, completed.stderr)
        assert completed.stdout == "done\n"
