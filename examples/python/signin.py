"""Sign a user in with SRP and an authenticator app, with the asyncio client: a runnable tour of
cognito_mfa's Cognito client against the mock endpoint embedded in the package.

Run with `python examples/python/signin.py` after `pip install .`. Against AWS, build the
`CognitoUserPool` without `endpoint=` and use a real user. Type-checked with `mypy --strict`
and run by the test suite.
"""

from __future__ import annotations

import asyncio

from cognito_mfa import (
    AuthenticationDetails,
    AuthResult,
    ChallengeName,
    CodeMismatchException,
    CognitoUser,
    CognitoUserPool,
    CognitoUserSession,
    MfaSettings,
    qr_text,
)
from cognito_mfa.testing import MockCognito

PASSWORD = "Corr3ct-Horse!"


async def enrol(pool: CognitoUserPool, mock: MockCognito) -> str:
    """Signs alice in (no MFA yet) and enrols her authenticator app; returns its secret."""
    user = CognitoUser("alice", pool)
    result = await user.authenticate_user(AuthenticationDetails("alice", PASSWORD))
    print(f"1. first sign-in: signed_in={result.signed_in}")

    token = await user.associate_software_token()
    print(qr_text(token.provisioning_uri("alice@example.com", issuer="Example")))
    print(f"2. authenticator secret received: {token!r}")  # the repr hides the secret

    code = mock.totp_code(token.secret_code)  # alice types the code her app shows
    result = await user.verify_software_token(code, "Alice's phone")
    await user.set_user_mfa_preference(None, MfaSettings(True, True))
    data = await user.get_user_data()
    print(f"3. verified={result.verified}, preferred factor: {data.preferred_mfa_setting}")
    await user.global_sign_out()
    mock.advance_clock(30)  # the next code must come from a later 30-second step
    return token.secret_code


async def sign_in(pool: CognitoUserPool, mock: MockCognito, secret: str) -> CognitoUserSession:
    """Signs alice in with her password and her authenticator app."""
    user = CognitoUser("alice", pool)
    result = await user.authenticate_user(AuthenticationDetails("alice", PASSWORD))
    match result:
        case AuthResult(ChallengeName.SOFTWARE_TOKEN_MFA):
            print("4. challenge: SOFTWARE_TOKEN_MFA")
        case _:
            raise SystemExit(f"unexpected result {result!r}")

    code = mock.totp_code(secret)
    try:
        await user.send_mfa_code("000000" if code != "000000" else "111111")
    except CodeMismatchException as exc:
        print(f"5. a wrong code: {exc.code} (HTTP {exc.status_code}), the challenge stays open")
    result = await user.send_mfa_code(code, ChallengeName.SOFTWARE_TOKEN_MFA)
    assert result.session is not None
    return result.session


async def main() -> None:
    with MockCognito() as mock:
        pool_id = mock.create_user_pool(mfa="OPTIONAL")
        client = mock.create_app_client(pool_id)
        mock.create_user(pool_id, "alice", PASSWORD, attributes={"email": "alice@example.com"})
        pool = CognitoUserPool(pool_id, client.client_id, endpoint=mock.endpoint)

        secret = await enrol(pool, mock)
        session = await sign_in(pool, mock, secret)
        print(f"6. signed in as {session.id_token.payload['cognito:username']}: {session!r}")
        print(f"   valid: {session.is_valid()}")


if __name__ == "__main__":
    asyncio.run(main())
