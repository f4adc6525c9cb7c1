"""The secrets sweep: after real sign-ins (SRP + TOTP, SMS, e-mail OTP, a TOTP enrolment, a
refresh, failed ones), no password, TOTP secret, MFA code, Session, token, device password,
sealing key or AWS secret key appears in the ``repr()`` / ``str()`` of any object reachable
from what the package returned, nor in any exception's message, ``args``, ``repr`` or
formatted traceback.

"Reachable" is walked, not listed by hand: every public non-callable attribute of every
object, recursively, through lists, tuples and dicts, except the accessors whose job is to hand
a secret to the caller (``jwt_token``, ``token``, ``secret_code``, ``device_password``...),
which are listed in ``SECRET_ACCESSORS`` with the reason. Methods returning secrets by design
(``get_jwt_token()``, ``export_state()``) are likewise not walked.
"""

from __future__ import annotations

import secrets
import traceback
from collections.abc import Iterator
from typing import Any

import pytest

import cognito_mfa
from cognito_mfa import (
    AdminClient,
    AuthenticationDetails,
    AwsCredentials,
    ChallengeName,
    CognitoMfaError,
    CognitoUser,
    MemoryDeviceStore,
    MfaSettings,
    StateSealer,
)
from cognito_mfa.testing import DEFAULT_PASSWORD, MockCognito

#: Attributes that return a secret to the caller on purpose (they are the way to get it).
SECRET_ACCESSORS = {
    "jwt_token",  # CognitoIdToken / CognitoAccessToken: the token itself
    "token",  # CognitoRefreshToken: the token itself
    "secret_code",  # AssociatedSoftwareToken: the TOTP secret to show the user once
    "secret",  # TOTP: its base32 secret
    "device_password",  # DeviceCredentials: what a device store must keep
}


def walk(value: object, seen: set[int] | None = None, depth: int = 0) -> Iterator[object]:
    """``value`` and everything reachable from it through public non-callable attributes."""
    seen = set() if seen is None else seen
    if id(value) in seen or depth > 6:
        return
    seen.add(id(value))
    yield value
    if isinstance(value, (str, bytes, int, float, bool, type(None))):
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(key, seen, depth + 1)
            yield from walk(item, seen, depth + 1)
        return
    if isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from walk(item, seen, depth + 1)
        return
    if type(value).__module__ not in ("cognito_mfa", "cognito_mfa.blocking", "cognito_mfa.enums"):
        return
    for name in dir(value):
        if name.startswith("_") or name in SECRET_ACCESSORS:
            continue
        try:
            attribute = getattr(value, name)
        except Exception as error:  # a getter refusing in this state is itself shown
            yield from exception_texts(error)
            continue
        if callable(attribute):
            continue
        yield from walk(attribute, seen, depth + 1)


def exception_texts(error: BaseException) -> Iterator[str]:
    yield str(error)
    yield repr(error)
    yield repr(error.args)
    yield "".join(traceback.format_exception(error))
    for name in ("code", "status_code", "request_id", "challenge_name"):
        yield repr(getattr(error, name, None))


def shown(values: list[object]) -> str:
    """Every text a log line, a debugger or an error report could show of ``values``."""
    texts: list[str] = []
    for root in values:
        if isinstance(root, BaseException):
            texts.extend(exception_texts(root))
        for item in walk(root):
            if isinstance(item, str):
                texts.append(item)
                continue
            texts.append(repr(item))
            texts.append(str(item))
            texts.append(format(item, ""))
    return "\n".join(texts)


def jwt_secrets(user: Any) -> list[str]:
    session = user.get_sign_in_user_session()
    assert session is not None
    found = [session.id_token.jwt_token, session.access_token.jwt_token]
    if session.refresh_token is not None:
        found.append(session.refresh_token.token)
    # A JWT's payload alone is not secret, its signature is: the whole token must not appear,
    # nor its signature part.
    found.extend(token.rsplit(".", 1)[1] for token in found[:2])
    return found


def assert_nothing_secret(values: list[object], secret_values: list[str]) -> None:
    text = shown(values)
    assert len(text) > 1_000, "the sweep saw the objects"
    for secret in secret_values:
        assert secret, "an empty secret would match anything"
        assert secret not in text, f"a secret of {len(secret)} characters leaked"


async def test_srp_totp_sign_in_enrolment_refresh_and_failures(cognito_mock: MockCognito) -> None:
    alice = cognito_mock.user_with_totp("alice", device_tracking=True)
    store = MemoryDeviceStore()
    pool = cognito_mock.user_pool(alice.pool_id, alice.client, device_store=store)
    user = CognitoUser("alice", pool)
    details = AuthenticationDetails("alice", alice.password)
    collected: list[object] = [pool, user, details, store]
    secret_values = [alice.password, alice.totp_secret]

    # A wrong password, then a wrong code: their exceptions.
    with pytest.raises(CognitoMfaError) as wrong_password:
        await CognitoUser("alice", pool).authenticate_user(
            AuthenticationDetails("alice", "Wr0ng-Passw0rd!")
        )
    collected.append(wrong_password.value)
    secret_values.append("Wr0ng-Passw0rd!")

    challenge = await user.authenticate_user(details)
    assert challenge.challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA
    collected.append(challenge)
    state = user.export_state()
    secret_values.append(state["progress"]["session"])
    wrong_code = "000000" if cognito_mock.totp_code(alice.totp_secret) != "000000" else "111111"
    with pytest.raises(CognitoMfaError) as mismatch:
        await user.send_mfa_code(wrong_code, ChallengeName.SOFTWARE_TOKEN_MFA)
    collected.append(mismatch.value)

    code = cognito_mock.totp_code(alice.totp_secret)
    signed_in = await user.send_mfa_code(code, ChallengeName.SOFTWARE_TOKEN_MFA)
    collected.append(signed_in)
    secret_values.append(code)
    secret_values.extend(jwt_secrets(user))
    device = user.get_cached_device_key_and_password()
    assert device is not None
    collected.append(device)
    secret_values.append(device.device_password)

    # A new authenticator: its secret, and the code that verified it.
    token = await user.associate_software_token()
    collected.append(token)
    secret_values.append(token.secret_code)
    cognito_mock.advance_clock(30)
    new_code = cognito_mfa.TOTP(token.secret_code).at(cognito_mock.now())
    collected.append(await user.verify_software_token(new_code, "phone"))
    collected.append(cognito_mfa.TOTP(token.secret_code))

    # A refresh, and a sealed state with its key.
    collected.append(await user.refresh_session())
    secret_values.extend(jwt_secrets(user))
    key = secrets.token_bytes(32)
    sealer = StateSealer(keys={"k1": key}, seal_with="k1")
    collected.append(sealer)
    secret_values.extend([key.hex(), key.decode("latin-1")])
    with pytest.raises(CognitoMfaError) as tampered:
        CognitoUser.resume_sealed(pool, sealer, sealer.seal(user)[:-4] + "AAAA")
    collected.append(tampered.value)

    collected.extend([user.get_sign_in_user_session(), await user.get_user_data()])
    assert_nothing_secret(collected, secret_values)


async def test_sms_and_email_codes_and_admin_credentials(cognito_mock: MockCognito) -> None:
    pool_id = cognito_mock.create_user_pool(mfa="OPTIONAL", email=True)
    flows = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    client = cognito_mock.create_app_client(pool_id, generate_secret=True, auth_flows=flows)
    assert client.client_secret is not None
    attributes = {"phone_number": "+15555550100", "email": "bob@example.com"}
    cognito_mock.create_user(pool_id, "bob", attributes=attributes)
    cognito_mock.create_user(pool_id, "carol", attributes=attributes)
    cognito_mock.set_user_mfa_preference(pool_id, "bob", sms=MfaSettings(True, True))
    cognito_mock.set_user_mfa_preference(pool_id, "carol", email=MfaSettings(True, True))
    pool = cognito_mock.user_pool(pool_id, client)
    secret_values = [DEFAULT_PASSWORD, client.client_secret]
    collected: list[object] = [pool, client]

    for name, challenge_name in (
        ("bob", ChallengeName.SMS_MFA),
        ("carol", ChallengeName.EMAIL_OTP),
    ):
        user = CognitoUser(name, pool)
        result = await user.authenticate_user(AuthenticationDetails(name, DEFAULT_PASSWORD))
        assert result.challenge_name is challenge_name
        collected.append(result)
        code = cognito_mock.last_code(name)
        wrong = "000000" if code != "000000" else "111111"
        with pytest.raises(CognitoMfaError) as mismatch:
            await user.send_mfa_code(wrong, challenge_name)
        collected.append(mismatch.value)
        collected.append(await user.send_mfa_code(code, challenge_name))
        collected.append(user)
        secret_values.append(code)
        secret_values.extend(jwt_secrets(user))

    aws_secret = "sweep/aws+secret/key/0000000000000000000000"
    aws_token = "IQoJb3JpZ2luX2VjSWEEPsessionTOKEN"
    credentials = AwsCredentials("AKIDSWEEP00000000001", aws_secret, aws_token)
    admin = AdminClient(pool, credentials)
    collected.extend([credentials, admin, await admin.get_user("bob")])

    def failing() -> AwsCredentials:
        raise RuntimeError("the vault is sealed")

    with pytest.raises(CognitoMfaError) as no_credentials:
        await AdminClient(pool, failing).get_user("bob")
    collected.append(no_credentials.value)
    secret_values.extend([aws_secret, aws_token])
    assert_nothing_secret(collected, secret_values)
