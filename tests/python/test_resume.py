"""A sign-in in progress carried between requests: `CognitoUser.export_state` / `resume` (a
plain dict) and `StateSealer` (an opaque sealed string), in one process and across two."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

import cognito_mfa
from cognito_mfa import (
    AuthenticationDetails,
    ChallengeName,
    CognitoUser,
    CognitoUserPool,
    InvalidInputError,
    InvalidStateError,
    MfaSettings,
    StateSealer,
    blocking,
)
from cognito_mfa.testing import MockCognito, MockUser

KEY_1 = bytes(range(32))
KEY_2 = bytes(range(32, 64))


def sealer(seal_with: str = "k1", **keys: bytes) -> StateSealer:
    return StateSealer(keys=keys or {"k1": KEY_1}, seal_with=seal_with)


async def in_totp_challenge(user: MockUser) -> CognitoUser:
    first = CognitoUser(user.username, user.user_pool)
    result = await first.authenticate_user(AuthenticationDetails(user.username, user.password))
    assert result.challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA
    return first


def reason(exc: pytest.ExceptionInfo[InvalidStateError]) -> str:
    assert exc.value.code == "InvalidStateError"
    return exc.value.reason


async def test_the_plain_state_resumes_a_totp_challenge(cognito_mock: MockCognito) -> None:
    alice = cognito_mock.user_with_totp("alice")
    first = await in_totp_challenge(alice)
    state = first.export_state()
    assert state["user_pool_id"] == alice.pool_id
    assert state["client_id"] == alice.client.client_id
    assert state["given_username"] == "alice"
    assert state["progress"]["kind"] == "challenge"
    assert state["progress"]["name"] == "SOFTWARE_TOKEN_MFA"
    assert state["expires_at"] - state["issued_at"] == 180
    # It is plain JSON, for any server-side store.
    state = json.loads(json.dumps(state))

    pool = CognitoUserPool(alice.pool_id, alice.client.client_id, endpoint=cognito_mock.endpoint)
    resumed = CognitoUser.resume(pool, state)
    assert isinstance(resumed, CognitoUser)
    assert resumed.username == first.username
    assert "in challenge SOFTWARE_TOKEN_MFA" in repr(resumed)
    result = await resumed.send_mfa_code(cognito_mock.totp_code(alice.totp_secret))
    assert result.signed_in

    # Signed in, the state carries the tokens; the resumed user calls the API.
    signed_in = CognitoUser.resume(pool, resumed.export_state())
    data = await signed_in.get_user_data()
    assert data.username == resumed.username


async def test_the_sealed_state_resumes_sms_and_select_mfa_type(
    cognito_mock: MockCognito,
) -> None:
    bob = cognito_mock.user_with_totp("bob", attributes={"phone_number": "+15555550123"})
    cognito_mock.set_user_mfa_preference(
        bob.pool_id,
        "bob",
        sms=MfaSettings(True, False),
        software_token=MfaSettings(True, False),
    )
    first = CognitoUser("bob", bob.user_pool)
    result = await first.authenticate_user(AuthenticationDetails("bob", bob.password))
    assert result.challenge_name is ChallengeName.SELECT_MFA_TYPE
    box = sealer()
    sealed = box.seal(first)
    assert len(sealed) < 1000
    # Nothing readable: not the Session, not the internal user name (long enough that a
    # random base64 string cannot contain it by chance, unlike "bob").
    assert first.username not in sealed
    assert first.export_state()["progress"]["session"] not in sealed
    assert set(sealed) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    second = CognitoUser.resume_sealed(bob.user_pool, box, sealed)
    result = await second.send_mfa_selection_answer("SMS")
    assert result.challenge_name is ChallengeName.SMS_MFA
    third = CognitoUser.resume_sealed(bob.user_pool, box, box.seal(second))
    result = await third.send_mfa_code(cognito_mock.last_code(third.username))
    assert result.signed_in


def test_the_blocking_user_resumes_too(cognito_mock: MockCognito) -> None:
    alice = cognito_mock.user_with_totp("alice")
    first = blocking.CognitoUser("alice", alice.user_pool)
    first.authenticate_user(AuthenticationDetails("alice", alice.password))
    box = sealer()
    resumed = blocking.CognitoUser.resume_sealed(alice.user_pool, box, box.seal(first))
    assert isinstance(resumed, blocking.CognitoUser)
    assert resumed.send_mfa_code(cognito_mock.totp_code(alice.totp_secret)).signed_in
    assert box.open(alice.user_pool, box.seal(first))["progress"]["kind"] == "challenge"


async def test_refusals_are_invalid_state_errors(cognito_mock: MockCognito) -> None:
    alice = cognito_mock.user_with_totp("alice")
    first = await in_totp_challenge(alice)
    box = sealer()
    sealed = box.seal(first)
    other = CognitoUserPool(alice.pool_id, "anotherclient", endpoint=cognito_mock.endpoint)

    with pytest.raises(InvalidStateError) as exc:
        CognitoUser.resume_sealed(other, box, sealed)
    assert reason(exc) == "Unauthentic"
    with pytest.raises(InvalidStateError) as exc:
        CognitoUser.resume(other, first.export_state())
    assert reason(exc) == "OtherPool"
    with pytest.raises(InvalidStateError) as exc:
        sealer(k1=KEY_2).open(alice.user_pool, sealed)
    assert reason(exc) == "Unauthentic"
    with pytest.raises(InvalidStateError) as exc:
        sealer("k2", k2=KEY_1).open(alice.user_pool, sealed)
    assert reason(exc) == "UnknownKey"
    with pytest.raises(InvalidStateError) as exc:
        box.open(alice.user_pool, "A" * 5000)
    assert reason(exc) == "TooLong"
    tampered = sealed[:-3] + ("A" if sealed[-3] != "A" else "B") + sealed[-2:]
    with pytest.raises(InvalidStateError) as exc:
        box.open(alice.user_pool, tampered)
    assert reason(exc) in ("Unauthentic", "Malformed")
    assert sealed[:20] not in str(exc.value)
    for garbage in ("", "%%%", "not a sealed value"):
        with pytest.raises(InvalidStateError):
            box.open(alice.user_pool, garbage)

    state = first.export_state()
    state["expires_at"] = state["issued_at"]
    with pytest.raises(InvalidStateError) as exc:
        CognitoUser.resume(alice.user_pool, state)
    assert reason(exc) == "Expired"
    state = first.export_state()
    state["progress"]["name"] = "PASSWORD_VERIFIER"
    with pytest.raises(InvalidStateError) as exc:
        CognitoUser.resume(alice.user_pool, state)
    assert reason(exc) == "NotResumable"
    with pytest.raises(InvalidStateError) as exc:
        CognitoUser.resume(alice.user_pool, {"version": 1})
    assert reason(exc) == "Malformed"
    with pytest.raises(InvalidStateError) as exc:
        CognitoUser("carol", alice.user_pool).export_state()
    assert reason(exc) == "NothingInProgress"
    with pytest.raises(InvalidInputError):
        first.export_state(lifetime=901)
    assert isinstance(InvalidStateError("x"), cognito_mfa.CognitoMfaError)


async def test_keys_rotate_and_stay_secret(cognito_mock: MockCognito) -> None:
    alice = cognito_mock.user_with_totp("alice")
    first = await in_totp_challenge(alice)
    old = sealer(k1=KEY_1)
    by_old = old.seal(first)
    rotated = StateSealer(keys={"k1": KEY_1, "k2": KEY_2}, seal_with="k2")
    assert rotated.seal_with == "k2"
    by_new = rotated.seal(first)
    assert rotated.open(alice.user_pool, by_old)["given_username"] == "alice"
    assert rotated.open(alice.user_pool, by_new)["given_username"] == "alice"
    with pytest.raises(InvalidStateError):
        old.open(alice.user_pool, by_new)
    assert repr(rotated) == "StateSealer(key_ids=['k1', 'k2'], seal_with='k2')"
    assert KEY_1.hex() not in repr(rotated)
    with pytest.raises(InvalidInputError):
        StateSealer(keys={"k1": b"short"}, seal_with="k1")
    with pytest.raises(InvalidInputError):
        StateSealer(keys={"k1": KEY_1}, seal_with="k9")
    with pytest.raises(InvalidInputError):
        StateSealer(keys={}, seal_with="k1")


async def test_an_expired_session_is_refused_by_the_service(cognito_mock: MockCognito) -> None:
    alice = cognito_mock.user_with_totp("alice")
    first = await in_totp_challenge(alice)
    box = sealer()
    resumed = CognitoUser.resume_sealed(alice.user_pool, box, box.seal(first))
    cognito_mock.advance_clock(4 * 60)
    with pytest.raises(cognito_mfa.NotAuthorizedException):
        await resumed.send_mfa_code(cognito_mock.totp_code(alice.totp_secret))


CHILD = textwrap.dedent(
    """
    import asyncio, json, os, sys
    from cognito_mfa import CognitoUser, CognitoUserPool, StateSealer

    async def main() -> None:
        given = json.loads(sys.stdin.read())
        pool = CognitoUserPool(given["pool_id"], given["client_id"], endpoint=given["endpoint"])
        box = StateSealer(keys={"k1": bytes.fromhex(os.environ["SEALING_KEY"])}, seal_with="k1")
        user = CognitoUser.resume_sealed(pool, box, given["sealed"])
        result = await user.send_mfa_code(given["code"])
        print(json.dumps({"signed_in": result.signed_in, "pid": os.getpid()}))

    asyncio.run(main())
    """
)


async def test_resume_across_two_processes(cognito_mock: MockCognito) -> None:
    alice = cognito_mock.user_with_totp("alice")
    first = await in_totp_challenge(alice)
    given = {
        "pool_id": alice.pool_id,
        "client_id": alice.client.client_id,
        "endpoint": cognito_mock.endpoint,
        "sealed": sealer().seal(first),
        "code": cognito_mock.totp_code(alice.totp_secret),
    }
    child = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps(given),
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SEALING_KEY": KEY_1.hex()},
        check=False,
    )
    assert child.returncode == 0, child.stderr
    answer = json.loads(child.stdout)
    assert answer["signed_in"] is True
    assert answer["pid"] != os.getpid()
    # The Session was used up by the child: this process's user cannot answer it again.
    with pytest.raises(cognito_mfa.CognitoMfaError):
        await first.send_mfa_code(cognito_mock.totp_code(alice.totp_secret))


async def test_a_signed_in_state_fits_a_cookie_without_its_refresh_token(
    cognito_mock: MockCognito,
) -> None:
    alice = cognito_mock.user_with_totp("alice")
    user = await in_totp_challenge(alice)
    assert (await user.send_mfa_code(cognito_mock.totp_code(alice.totp_secret))).signed_in
    box = sealer()
    # Three tokens do not fit a cookie's 4096 bytes once sealed.
    with pytest.raises(InvalidStateError) as exc:
        box.seal(user)
    assert reason(exc) == "TooLong"

    assert user.export_state()["progress"]["refresh_token"] is not None
    assert user.export_state(refresh_token=False)["progress"]["refresh_token"] is None
    cookie = box.seal(user, refresh_token=False)
    assert len(cookie) <= 4096
    resumed = CognitoUser.resume_sealed(user.pool, box, cookie)
    session = resumed.get_sign_in_user_session()
    assert session is not None
    assert session.refresh_token is None
    assert (await resumed.get_user_data()).username == user.username
    with pytest.raises(cognito_mfa.NotSignedInError):
        await resumed.refresh_session()
