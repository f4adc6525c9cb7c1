"""`CognitoUserSession` and its tokens built from stored token texts: claims, expiry, the clock
drift correction of amazon-cognito-identity-js, and redacted reprs."""

from __future__ import annotations

import time

import pytest
from support import make_jwt

from cognito_mfa import (
    CognitoAccessToken,
    CognitoIdToken,
    CognitoRefreshToken,
    CognitoUserSession,
    InvalidInputError,
)


def tokens(iat: int, exp: int) -> tuple[str, str]:
    id_token = make_jwt({"token_use": "id", "iat": iat, "exp": exp, "email": "a@example.com"})
    access = make_jwt({"token_use": "access", "iat": iat, "exp": exp + 10, "username": "alice"})
    return id_token, access


def test_tokens_expose_their_claims() -> None:
    id_text, access_text = tokens(1_000, 4_600)
    id_token = CognitoIdToken(id_text)
    assert id_token.jwt_token == id_text
    assert (id_token.issued_at, id_token.expiration) == (1_000, 4_600)
    assert id_token.payload == {
        "token_use": "id",
        "iat": 1_000,
        "exp": 4_600,
        "email": "a@example.com",
    }
    payload = id_token.payload
    payload["email"] = "changed"
    assert id_token.payload["email"] == "a@example.com"  # a new dict on each access
    access = CognitoAccessToken(access_text)
    assert access.expiration == 4_610
    assert (
        repr(access) == "CognitoAccessToken(issued_at=1000, expiration=4610, jwt_token=<redacted>)"
    )
    assert CognitoRefreshToken("opaque").token == "opaque"


def test_validity_is_corrected_by_the_clock_drift() -> None:
    id_text, access_text = tokens(1_000, 4_600)
    # The local clock is 100 s ahead of Cognito's.
    session = CognitoUserSession(id_text, access_text, "r", clock_drift=100)
    assert session.clock_drift == 100
    assert session.expiration == 4_600  # the earlier exp of the two tokens
    assert session.is_valid(at=4_699)
    assert not session.is_valid(at=4_700)
    slow = CognitoUserSession(id_text, access_text, clock_drift=-1_000)
    assert slow.is_valid(at=3_599)
    assert not slow.is_valid(at=3_600)
    assert slow.refresh_token is None
    assert "refresh_token=None" in repr(slow)


def test_without_a_drift_it_is_measured_now() -> None:
    now = int(time.time())
    id_text, access_text = tokens(now - 50, now + 3_600)
    session = CognitoUserSession(id_text, access_text)
    assert 49 <= session.clock_drift <= 60
    assert session.is_valid()
    # Stored tokens restored without their drift are taken as fresh (identity-js does the
    # same): the drift absorbs their age. Restore the drift too, and old tokens are expired.
    old = tokens(now - 7_200, now - 3_600)
    assert CognitoUserSession(*old).clock_drift >= 7_200
    assert not CognitoUserSession(*old, clock_drift=0).is_valid()


@pytest.mark.parametrize(
    "text",
    [
        "not-a-jwt",
        "a.b.c.d",
        make_jwt({"iat": 1}),  # no exp
        make_jwt({"iat": "1", "exp": 2}),  # iat not a number
    ],
)
def test_malformed_tokens_are_bad_values(text: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        CognitoIdToken(text)
    assert isinstance(info.value, ValueError)
    assert text not in info.value.message
    with pytest.raises(InvalidInputError):
        CognitoUserSession(text, text)


def test_is_valid_argument_checks() -> None:
    session = CognitoUserSession(*tokens(1, 2))
    with pytest.raises(InvalidInputError):
        session.is_valid(at=-1)
    with pytest.raises(TypeError):
        session.is_valid(at="now")  # type: ignore[arg-type]
