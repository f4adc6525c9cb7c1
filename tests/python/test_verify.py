"""TokenVerifier in Python: the mock's real tokens verify (async and blocking), each
tampering and each claim failure is refused with its own exception and code, the settings are
checked, the JWKS is fetched once and can be given explicitly; nothing shows the token."""

from __future__ import annotations

import base64
import json
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

import cognito_mfa
import cognito_mfa.blocking
from cognito_mfa import (
    AuthenticationDetails,
    Claims,
    InvalidInputError,
    JwksWaitPeriodError,
    JwtAlgorithmError,
    JwtAudienceError,
    JwtExpiredError,
    JwtGroupError,
    JwtInvalidSignatureError,
    JwtIssuerError,
    JwtMalformedError,
    JwtScopeError,
    JwtTokenUseError,
    JwtUnknownKeyError,
    TokenVerificationError,
    TokenVerifier,
)
from cognito_mfa.testing import DEFAULT_PASSWORD, MockCognito

FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


@dataclass
class Tokens:
    pool_id: str
    client_id: str
    issuer: str
    id_token: str
    access_token: str


def sign_in(mock: MockCognito, pool_id: str, client: cognito_mfa.testing.AppClient) -> Tokens:
    user = cognito_mfa.blocking.CognitoUser("bob", mock.user_pool(pool_id, client))
    result = user.authenticate_user(
        AuthenticationDetails("bob", DEFAULT_PASSWORD), flow="USER_PASSWORD_AUTH"
    )
    assert result.session is not None
    return Tokens(
        pool_id,
        client.client_id,
        f"{mock.endpoint}/{pool_id}",
        result.session.id_token.jwt_token,
        result.session.access_token.jwt_token,
    )


def new_pool(mock: MockCognito) -> tuple[str, cognito_mfa.testing.AppClient]:
    pool_id = mock.create_user_pool(mfa="OFF")
    client = mock.create_app_client(pool_id, auth_flows=FLOWS)
    mock.create_user(pool_id, "bob", attributes={"email": "bob@example.com"})
    return pool_id, client


@pytest.fixture
def mock() -> Iterator[MockCognito]:
    with MockCognito() as endpoint:
        yield endpoint


@pytest.fixture
def tokens(mock: MockCognito) -> Tokens:
    return sign_in(mock, *new_pool(mock))


def verifier_for(tokens: Tokens, token_use: str = "access", **settings: object) -> TokenVerifier:
    return TokenVerifier(
        tokens.pool_id,
        token_use=token_use,  # type: ignore[arg-type]
        client_id=tokens.client_id,
        issuer=tokens.issuer,
        **settings,  # type: ignore[arg-type]
    )


def b64(value: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def parts(token: str) -> tuple[dict[str, object], dict[str, object], str]:
    header, payload, signature = token.split(".")
    decode = lambda part: json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))  # noqa: E731
    return decode(header), decode(payload), signature


async def test_the_mocks_access_and_id_tokens_verify_with_typed_claims(tokens: Tokens) -> None:
    access = await verifier_for(tokens).verify(tokens.access_token)
    assert isinstance(access, Claims)
    assert (access.token_use, access.username, access.client_id) == (
        "access",
        "bob",
        tokens.client_id,
    )
    assert access.user_pool_id == tokens.pool_id
    assert access.issuer == tokens.issuer
    assert access.has_scope("aws.cognito.signin.user.admin")
    assert access.scopes == ["aws.cognito.signin.user.admin"]
    assert access.groups == []
    assert not access.has_group("admins")
    assert access.sub
    assert access.sub == access["sub"]
    assert "sub" in access
    assert access.expires_at > access.issued_at > 0  # type: ignore[operator]
    assert access.get("no-such-claim", 42) == 42
    with pytest.raises(KeyError):
        access["no-such-claim"]
    assert access.to_dict()["token_use"] == "access"

    id_claims = await verifier_for(tokens, "id").verify(tokens.id_token)
    assert (id_claims.token_use, id_claims.username) == ("id", "bob")
    assert id_claims["email"] == "bob@example.com"
    assert id_claims.sub == access.sub
    for shown in (repr(access), str(access), repr(id_claims)):
        assert tokens.access_token not in shown
        assert tokens.id_token not in shown
        assert "bob" in shown


def test_the_blocking_verifier_and_the_jwks_fetched_once(mock: MockCognito, tokens: Tokens) -> None:
    verifier = cognito_mfa.blocking.TokenVerifier(
        tokens.pool_id,
        token_use="access",
        client_id=[tokens.client_id, "other"],
        issuer=tokens.issuer,
    )
    assert verifier.jwks_uris == [f"{tokens.issuer}/.well-known/jwks.json"]
    verifier.hydrate()
    # With the JWKS cached, the endpoint is not needed any more.
    mock.close()
    for _ in range(50):
        assert verifier.verify(tokens.access_token).username == "bob"


@pytest.mark.parametrize(
    ("mutate", "error"),
    [
        (lambda h, p, s: (h, {**p, "username": "mallory"}, s), JwtInvalidSignatureError),
        (lambda h, p, s: ({**h, "alg": "none"}, p, s), JwtAlgorithmError),
        (lambda h, p, s: ({**h, "alg": "HS256"}, p, s), JwtAlgorithmError),
        (lambda h, p, s: ({**h, "alg": "RS512"}, p, s), JwtAlgorithmError),
        (lambda h, p, s: (h, p, ("A" if s[0] != "A" else "B") + s[1:]), JwtInvalidSignatureError),
        (lambda h, p, s: ({**h, "kid": "not-a-kid-of-this-pool"}, p, s), JwtUnknownKeyError),
        (
            lambda h, p, s: (h, {**p, "iss": "https://cognito-idp.us-east-1.amazonaws.com/x"}, s),
            JwtIssuerError,
        ),
    ],
    ids=["payload", "alg-none", "alg-HS256", "alg-RS512", "signature", "kid", "iss"],
)
async def test_each_tampering_is_refused_with_its_code(
    tokens: Tokens, mutate: object, error: type[TokenVerificationError]
) -> None:
    header, payload, signature = parts(tokens.access_token)
    header, payload, signature = mutate(header, payload, signature)  # type: ignore[operator]
    forged = f"{b64(header)}.{b64(payload)}.{signature}"
    with pytest.raises(error) as raised:
        await verifier_for(tokens).verify(forged)
    assert raised.value.code == error.__name__
    assert forged not in str(raised.value)
    assert signature not in str(raised.value)


@pytest.mark.parametrize(
    "garbage",
    ["", "not a token", "a.b", "a.b.c.d", "!!!.@@@.###", "eyJ.eyJ.", "x" * 20_000, "a\0b.c.d"],
)
async def test_malformed_tokens_are_malformed(tokens: Tokens, garbage: str) -> None:
    with pytest.raises(JwtMalformedError):
        await verifier_for(tokens).verify(garbage)


async def test_claim_failures(mock: MockCognito, tokens: Tokens) -> None:
    with pytest.raises(JwtTokenUseError):
        await verifier_for(tokens).verify(tokens.id_token)
    with pytest.raises(JwtTokenUseError):
        await verifier_for(tokens, "id").verify(tokens.access_token)
    other_client = TokenVerifier(
        tokens.pool_id, token_use="access", client_id="someoneelse1", issuer=tokens.issuer
    )
    with pytest.raises(JwtAudienceError):
        await other_client.verify(tokens.access_token)
    with pytest.raises(JwtScopeError):
        await verifier_for(tokens, scopes=["orders/write"]).verify(tokens.access_token)
    assert await verifier_for(tokens, scopes=["x", "aws.cognito.signin.user.admin"]).verify(
        tokens.access_token
    )
    with pytest.raises(JwtGroupError):
        await verifier_for(tokens, groups="admins").verify(tokens.access_token)

    # A token of another pool of the same endpoint: another issuer.
    other = sign_in(mock, *new_pool(mock))
    with pytest.raises(JwtIssuerError):
        await verifier_for(tokens).verify(other.access_token)
    both = TokenVerifier(
        pools=[
            {
                "user_pool_id": t.pool_id,
                "token_use": "access",
                "client_id": t.client_id,
                "issuer": t.issuer,
            }
            for t in (tokens, other)
        ]
    )
    assert (await both.verify(other.access_token)).user_pool_id == other.pool_id
    assert (await both.verify(tokens.access_token)).user_pool_id == tokens.pool_id


async def test_expiry_and_the_grace(mock: MockCognito) -> None:
    pool_id, client = new_pool(mock)
    mock.advance_clock(-3_600 - 30)  # tokens issued an hour and a half minute ago
    tokens = sign_in(mock, pool_id, client)
    with pytest.raises(JwtExpiredError) as raised:
        await verifier_for(tokens).verify(tokens.access_token)
    assert raised.value.expired_at == parts(tokens.access_token)[1]["exp"]
    assert (await verifier_for(tokens, grace=120).verify(tokens.access_token)).username == "bob"


async def test_unknown_keys_refetch_once_then_wait(tokens: Tokens) -> None:
    header, payload, signature = parts(tokens.access_token)
    verifier = verifier_for(tokens, cooldown=60)
    assert (await verifier.verify(tokens.access_token)).username == "bob"
    for kid, error in (("rotated-1", JwtUnknownKeyError), ("rotated-2", JwksWaitPeriodError)):
        forged = f"{b64({**header, 'kid': kid})}.{b64(payload)}.{signature}"
        with pytest.raises(error) as raised:
            await verifier.verify(forged)
    assert 0 < raised.value.retry_after_ms <= 60_000  # type: ignore[attr-defined]


async def test_an_explicit_jwks_needs_no_fetch(mock: MockCognito, tokens: Tokens) -> None:
    with urllib.request.urlopen(f"{tokens.issuer}/.well-known/jwks.json", timeout=10) as answer:
        jwks = json.load(answer)
    mock.close()
    for given in (jwks, json.dumps(jwks)):
        verifier = verifier_for(tokens, jwks=given)
        assert (await verifier.verify(tokens.access_token)).username == "bob"


def test_settings_are_checked() -> None:
    with pytest.raises(InvalidInputError, match="token use"):
        TokenVerifier("us-east-1_AbCdEfGhI", client_id="abc")
    with pytest.raises(InvalidInputError):
        TokenVerifier("us-east-1_AbCdEfGhI", token_use="access")
    with pytest.raises(InvalidInputError):
        TokenVerifier("us-east-1_AbCdEfGhI", token_use="refresh", client_id="abc")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        TokenVerifier("not a pool id", token_use="access", client_id="abc")
    with pytest.raises(InvalidInputError):
        TokenVerifier(
            "us-east-1_AbCdEfGhI",
            token_use="access",
            client_id="abc",
            jwks_uri="http://example.com/jwks",
        )
    with pytest.raises(InvalidInputError):
        TokenVerifier("us-east-1_AbCdEfGhI", token_use="access", client_id="abc", grace=-1)
    with pytest.raises(TypeError, match="not both"):
        TokenVerifier("us-east-1_AbCdEfGhI", pools=[])
    with pytest.raises(TypeError, match="unknown pool setting"):
        TokenVerifier(pools=[{"user_pool_id": "us-east-1_AbCdEfGhI", "tokenUse": "access"}])
    with pytest.raises(TypeError):
        TokenVerifier("us-east-1_AbCdEfGhI", token_use="access", client_id=[1])  # type: ignore[list-item]
    verifier = TokenVerifier("eu-west-1_AbCdEfGhI", token_use="id", client_id="abc")
    assert verifier.jwks_uris == [
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI/.well-known/jwks.json"
    ]


def test_a_verified_token_is_remembered_up_to_token_cache(mock: MockCognito) -> None:
    pool_id, client = new_pool(mock)
    first = sign_in(mock, pool_id, client)
    mock.advance_clock(-1)  # issued a second earlier: another token
    second = sign_in(mock, pool_id, client)
    assert second.access_token != first.access_token

    def blocking(**settings: object) -> cognito_mfa.blocking.TokenVerifier:
        return cognito_mfa.blocking.TokenVerifier(
            pool_id,
            token_use="access",
            client_id=client.client_id,
            issuer=first.issuer,
            **settings,  # type: ignore[arg-type]
        )

    verifier = blocking()
    assert verifier.remembered_tokens == 0
    claims = verifier.verify(first.access_token)
    assert verifier.remembered_tokens == 1
    again = verifier.verify(first.access_token)
    assert again.to_dict() == claims.to_dict()
    assert (again.client_id, again.scopes) == (client.client_id, claims.scopes)
    # A tampered copy of the remembered token is verified in full, and refused.
    header, payload, signature = parts(first.access_token)
    forged = f"{b64(header)}.{b64({**payload, 'username': 'mallory'})}.{signature}"
    with pytest.raises(JwtInvalidSignatureError):
        verifier.verify(forged)
    assert verifier.remembered_tokens == 1

    one = blocking(token_cache=1)
    assert one.verify(first.access_token).username == "bob"
    assert one.verify(second.access_token).username == "bob"
    assert one.remembered_tokens == 1
    none = blocking(token_cache=0)
    assert none.verify(first.access_token).to_dict() == claims.to_dict()
    assert none.remembered_tokens == 0
    with pytest.raises(InvalidInputError, match="token_cache"):
        blocking(token_cache=-1)
    with pytest.raises(TypeError):
        blocking(token_cache="many")


async def test_tokens_of_the_2026_issuer_form_verify() -> None:
    with MockCognito({"settings": {"token_issuer": "aws_issuer"}}) as mock:
        pool_id, client = new_pool(mock)
        tokens = sign_in(mock, pool_id, client)
        region = pool_id.split("_")[0]
        issuer = f"https://issuer-cognito-idp.{region}.amazonaws.com/{pool_id}"
        assert parts(tokens.access_token)[1]["iss"] == issuer
        with urllib.request.urlopen(
            f"{mock.endpoint}/{pool_id}/.well-known/jwks.json", timeout=10
        ) as answer:
            jwks = json.load(answer)
        access = TokenVerifier(pool_id, token_use="access", client_id=client.client_id, jwks=jwks)
        assert (await access.verify(tokens.access_token)).issuer == issuer
        id_verifier = TokenVerifier(pool_id, token_use="id", client_id=client.client_id, jwks=jwks)
        assert (await id_verifier.verify(tokens.id_token))["email"] == "bob@example.com"
        other = f"https://cognito-idp.{region}.amazonaws.com/{pool_id}"
        strict = TokenVerifier(
            pool_id, token_use="access", client_id=client.client_id, issuer=other, jwks=jwks
        )
        with pytest.raises(JwtIssuerError):
            await strict.verify(tokens.access_token)
