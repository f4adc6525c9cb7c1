"""TokenVerifier against PyJWT (pinned, with cryptography) on one corpus of tokens from the
mock: valid ID and access tokens, expired ones (the mock's clock moved back), tokens of another
pool and of another app client, an ID token used as an access token and the reverse, tampered
and hand-made malformed JWTs.

PyJWT is used as its documentation says for Cognito: ``PyJWKClient`` on the pool's JWKS,
``jwt.decode(token, key, algorithms=["RS256"], issuer=..., audience=client_id)`` (the audience
only for ID tokens: access tokens have no ``aud``). Wherever both check the same thing the
verdicts are equal; where ours is stricter (PyJWT knows nothing of ``token_use`` nor of the
access token's ``client_id``), the case names the check that PyJWT does not make.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass

import jwt
import pytest

import cognito_mfa
import cognito_mfa.blocking
from cognito_mfa import AuthenticationDetails, TokenVerificationError
from cognito_mfa.testing import DEFAULT_PASSWORD, AppClient, MockCognito

FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


@dataclass(frozen=True)
class Case:
    name: str
    token: str
    token_use: str  # what the server expects
    ours: str | None  # our error code, None: accepted
    pyjwt_accepts: bool
    stricter_because: str | None = None  # the check PyJWT does not make


def sign_in(mock: MockCognito, pool_id: str, client: AppClient) -> tuple[str, str]:
    user = cognito_mfa.blocking.CognitoUser("bob", mock.user_pool(pool_id, client))
    result = user.authenticate_user(
        AuthenticationDetails("bob", DEFAULT_PASSWORD), flow="USER_PASSWORD_AUTH"
    )
    assert result.session is not None
    return result.session.id_token.jwt_token, result.session.access_token.jwt_token


def b64(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def decoded(part: str) -> dict[str, object]:
    value: dict[str, object] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return value


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[MockCognito, str, str, list[Case]]]:
    with MockCognito() as mock:
        pool_id = mock.create_user_pool(mfa="OFF")
        client = mock.create_app_client(pool_id, auth_flows=FLOWS)
        other_client = mock.create_app_client(pool_id, auth_flows=FLOWS, name="other")
        mock.create_user(pool_id, "bob")
        other_pool = mock.create_user_pool(mfa="OFF", name="other")
        other_pool_client = mock.create_app_client(other_pool, auth_flows=FLOWS)
        mock.create_user(other_pool, "bob")

        id_token, access_token = sign_in(mock, pool_id, client)
        foreign_id, foreign_access = sign_in(mock, pool_id, other_client)
        other_id, other_access = sign_in(mock, other_pool, other_pool_client)
        mock.advance_clock(-7_200)
        old_id, old_access = sign_in(mock, pool_id, client)
        mock.advance_clock(7_200)

        header, payload, signature = access_token.split(".")
        forged_payload = f"{header}.{b64({**decoded(payload), 'username': 'mallory'})}.{signature}"
        none_header = b64({**decoded(header), "alg": "none"})
        alg_none = f"{none_header}.{payload}.{signature}"
        unsigned = f"{none_header}.{payload}."
        flipped = f"{header}.{payload}.{('A' if signature[0] != 'A' else 'B') + signature[1:]}"
        cases = [
            Case("valid access", access_token, "access", None, True),
            Case("valid id", id_token, "id", None, True),
            Case("expired access", old_access, "access", "JwtExpiredError", False),
            Case("expired id", old_id, "id", "JwtExpiredError", False),
            Case("another pool (access)", other_access, "access", "JwtIssuerError", False),
            Case("another pool (id)", other_id, "id", "JwtIssuerError", False),
            Case("another client (id)", foreign_id, "id", "JwtAudienceError", False),
            Case(
                "another client (access)",
                foreign_access,
                "access",
                "JwtAudienceError",
                True,
                "client_id of an access token (it has no aud)",
            ),
            Case("id used as access", id_token, "access", "JwtTokenUseError", True, "token_use"),
            # PyJWT refuses this one too, but for the audience check it makes on ID tokens.
            Case("access used as id", access_token, "id", "JwtTokenUseError", False),
            Case("payload changed", forged_payload, "access", "JwtInvalidSignatureError", False),
            Case("alg none", alg_none, "access", "JwtAlgorithmError", False),
            Case("alg none, no signature", unsigned, "access", "JwtMalformedError", False),
            Case("signature flipped", flipped, "access", "JwtInvalidSignatureError", False),
            Case("not a JWT", "not.a.jwt", "access", "JwtMalformedError", False),
            Case("two parts", f"{header}.{payload}", "access", "JwtMalformedError", False),
            Case("empty", "", "access", "JwtMalformedError", False),
        ]
        yield mock, pool_id, client.client_id, cases


def ours(mock: MockCognito, pool_id: str, client_id: str, case: Case) -> str | None:
    verifier = cognito_mfa.blocking.TokenVerifier(
        pool_id,
        token_use=case.token_use,  # type: ignore[arg-type]
        client_id=client_id,
        issuer=f"{mock.endpoint}/{pool_id}",
    )
    try:
        verifier.verify(case.token)
    except TokenVerificationError as error:
        return error.code
    return None


def pyjwt_accepts(mock: MockCognito, pool_id: str, client_id: str, case: Case) -> bool:
    issuer = f"{mock.endpoint}/{pool_id}"
    try:
        key = jwt.PyJWKClient(f"{issuer}/.well-known/jwks.json").get_signing_key_from_jwt(
            case.token
        )
        options = {"require": ["exp", "iss"], "verify_aud": case.token_use == "id"}
        jwt.decode(
            case.token,
            key.key,
            algorithms=["RS256"],
            issuer=issuer,
            audience=client_id if case.token_use == "id" else None,
            options=options,  # type: ignore[arg-type]
        )
    except (jwt.PyJWTError, jwt.PyJWKClientError, ValueError):
        return False
    return True


def test_the_corpus_covers_what_the_issue_lists(
    world: tuple[MockCognito, str, str, list[Case]],
) -> None:
    _, _, _, cases = world
    assert len(cases) >= 17
    assert {case.ours for case in cases} >= {
        None,
        "JwtExpiredError",
        "JwtIssuerError",
        "JwtAudienceError",
        "JwtTokenUseError",
        "JwtInvalidSignatureError",
        "JwtAlgorithmError",
        "JwtMalformedError",
    }


@pytest.mark.parametrize("index", range(17))
def test_our_verdict_equals_pyjwts_where_both_check(
    world: tuple[MockCognito, str, str, list[Case]], index: int
) -> None:
    mock, pool_id, client_id, cases = world
    case = cases[index]
    assert ours(mock, pool_id, client_id, case) == case.ours, case.name
    theirs = pyjwt_accepts(mock, pool_id, client_id, case)
    assert theirs == case.pyjwt_accepts, case.name
    if case.stricter_because is None:
        assert theirs == (case.ours is None), f"{case.name}: the verdicts differ"
    else:
        assert theirs, f"{case.name}: PyJWT accepts, not checking {case.stricter_because}"
        assert case.ours is not None, f"{case.name}: stricter on {case.stricter_because}"
