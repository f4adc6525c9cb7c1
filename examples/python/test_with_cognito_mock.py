"""A complete example test suite for an application that signs users in with cognito-mfa,
tested against the mock Cognito endpoint of the `cognito_mock` fixture.

The fixture comes with the package (``pip install cognito-mfa``): no conftest.py is needed.
Run with pytest and pytest-asyncio in auto mode::

    pytest --asyncio-mode=auto examples/python/test_with_cognito_mock.py
"""

from __future__ import annotations

import pytest

from cognito_mfa import (
    AuthenticationDetails,
    ChallengeName,
    CodeMismatchException,
    CognitoUser,
    MfaSettings,
)
from cognito_mfa.testing import DEFAULT_PASSWORD, MockCognito


async def test_sign_in_with_an_authenticator_app(cognito_mock: MockCognito) -> None:
    # A pool, an app client and "alice" with an authenticator app enrolled: one line.
    alice = cognito_mock.user_with_totp("alice")
    user = CognitoUser("alice", alice.user_pool)

    result = await user.authenticate_user(AuthenticationDetails("alice", alice.password))
    assert result.challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA

    code = cognito_mock.totp_code(alice.totp_secret)  # what alice's app shows now
    result = await user.send_mfa_code(code, ChallengeName.SOFTWARE_TOKEN_MFA)
    assert result.session is not None
    assert result.session.id_token.payload["cognito:username"] == "alice"


async def test_sms_codes_expire(cognito_mock: MockCognito) -> None:
    pool_id = cognito_mock.create_user_pool(mfa="OPTIONAL")
    client = cognito_mock.create_app_client(pool_id)
    cognito_mock.create_user(pool_id, "bob", attributes={"phone_number": "+15555550100"})
    cognito_mock.set_user_mfa_preference(pool_id, "bob", sms=MfaSettings(True, True))
    user = CognitoUser("bob", cognito_mock.user_pool(pool_id, client))

    result = await user.authenticate_user(AuthenticationDetails("bob", DEFAULT_PASSWORD))
    assert result.challenge_name is ChallengeName.SMS_MFA
    assert result.destination == "+*******0100"

    wrong = "000000" if cognito_mock.last_code("bob") != "000000" else "111111"
    with pytest.raises(CodeMismatchException):
        await user.send_mfa_code(wrong)
    result = await user.send_mfa_code(cognito_mock.last_code("bob"))  # read from the outbox
    assert result.signed_in


async def test_invited_users_choose_a_password(cognito_mock: MockCognito) -> None:
    pool_id = cognito_mock.create_user_pool(mfa="OFF")
    client = cognito_mock.create_app_client(pool_id)
    cognito_mock.create_user(pool_id, "carol", "Temp0rary!", temporary_password=True)
    user = CognitoUser("carol", cognito_mock.user_pool(pool_id, client))

    result = await user.authenticate_user(AuthenticationDetails("carol", "Temp0rary!"))
    assert result.challenge_name is ChallengeName.NEW_PASSWORD_REQUIRED
    result = await user.complete_new_password_challenge("N3w-Passw0rd!")
    assert result.signed_in
