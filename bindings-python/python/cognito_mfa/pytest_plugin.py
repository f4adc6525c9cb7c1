"""The pytest plugin of cognito-mfa: the ``cognito_mock`` fixture.

Registered through the ``pytest11`` entry point, so that after ``pip install cognito-mfa`` the
fixture is available in every test suite without a ``conftest.py`` line::

    from cognito_mfa import AuthenticationDetails, CognitoUser
    from cognito_mfa.testing import MockCognito

    async def test_sign_in(cognito_mock: MockCognito) -> None:
        pool_id = cognito_mock.create_user_pool(mfa="OFF")
        client = cognito_mock.create_app_client(pool_id)
        cognito_mock.create_user(pool_id, "alice", "Passw0rd!")
        user = CognitoUser("alice", cognito_mock.user_pool(pool_id, client))
        result = await user.authenticate_user(AuthenticationDetails("alice", "Passw0rd!"))
        assert result.signed_in

Disable it with ``-p no:cognito_mfa``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from cognito_mfa.testing import MockCognito

__all__ = ["cognito_mock"]


@pytest.fixture
def cognito_mock() -> Iterator[MockCognito]:
    """A fresh mock Cognito endpoint for one test (:class:`cognito_mfa.testing.MockCognito`),
    served on 127.0.0.1 on a free port and stopped after the test. Starting one takes about a
    millisecond; each test gets its own pools, users, outbox and clock.

    Its pools sign tokens with one RSA key generated once per process (each pool still has its
    own ``kid``, and a token of one pool is refused by another): the mock's ``signing_keys:
    "shared"`` setting, so that a test's first sign-in costs no key generation. For a key of
    its own per pool, use ``MockCognito()`` directly."""
    from cognito_mfa.testing import MockCognito  # imported when used: plugins load early

    with MockCognito({"settings": {"signing_keys": "shared"}}) as mock:
        yield mock
