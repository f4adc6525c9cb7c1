"""Sign users in from several threads with the blocking client (`cognito_mfa.blocking`), as a
synchronous web framework (Django, Flask) would: SMS MFA, with codes read from the mock
endpoint's outbox.

Run with `python examples/python/blocking_signin.py` after `pip install .`. Type-checked with
`mypy --strict` and run by the test suite.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from cognito_mfa.blocking import (
    AuthenticationDetails,
    ChallengeName,
    CognitoUser,
    CognitoUserPool,
    MfaSettings,
)
from cognito_mfa.testing import MockCognito

PASSWORD = "Corr3ct-Horse!"


def sign_in(pool: CognitoUserPool, mock: MockCognito, username: str) -> str:
    """One request handler: sign in, answer the SMS challenge, return the user's e-mail."""
    user = CognitoUser(username, pool)
    result = user.authenticate_user(AuthenticationDetails(username, PASSWORD))
    assert result.challenge_name is ChallengeName.SMS_MFA, result
    # The user types the code from the SMS; here it comes from the mock's outbox.
    result = user.send_mfa_code(mock.last_code(username))
    assert result.signed_in
    return user.get_user_data().attributes["email"]


def main() -> None:
    with MockCognito() as mock:
        pool_id = mock.create_user_pool(mfa="OPTIONAL")
        client = mock.create_app_client(pool_id)
        names = [f"user{i}" for i in range(8)]
        for i, name in enumerate(names):
            attributes = {"email": f"{name}@example.com", "phone_number": f"+1555555{i:04}"}
            mock.create_user(pool_id, name, PASSWORD, attributes=attributes)
            mock.set_user_mfa_preference(pool_id, name, sms=MfaSettings(True, True))
        pool = mock.user_pool(pool_id, client)  # one pool shared by every thread

        with ThreadPoolExecutor(max_workers=8) as threads:
            emails = list(threads.map(lambda name: sign_in(pool, mock, name), names))
        print(f"signed in from 8 threads: {', '.join(emails)}")
        print(f"SMS sent: {len(mock.messages(medium='SMS'))}")


if __name__ == "__main__":
    main()
