"""Verification of a cached-key Cognito access token from Python: cognito-mfa's blocking
TokenVerifier against PyJWT (+ cryptography) doing the same checks it can (signature, exp,
iss), in the same run. Prints microseconds per verification (best of 5 repeats).

cognito-mfa is measured twice: remembering verified tokens (the default, ``token_cache=1024``:
the same token again skips the RSA check) and with ``token_cache=0`` (every verification a
first sight, RSA check included). PyJWT remembers nothing, so both rows are against the same
PyJWT figure.

    .venv/bin/python bench/python_verify.py
"""

from __future__ import annotations

import json
import timeit
import urllib.request

import jwt

from cognito_mfa import AuthenticationDetails
from cognito_mfa.blocking import CognitoUser, TokenVerifier
from cognito_mfa.testing import DEFAULT_PASSWORD, MockCognito

N = 5_000


def main() -> None:
    with MockCognito() as mock:
        pool_id = mock.create_user_pool(mfa="OFF")
        client = mock.create_app_client(pool_id, auth_flows=["ALLOW_USER_PASSWORD_AUTH"])
        mock.create_user(pool_id, "bob")
        user = CognitoUser("bob", mock.user_pool(pool_id, client))
        result = user.authenticate_user(
            AuthenticationDetails("bob", DEFAULT_PASSWORD), flow="USER_PASSWORD_AUTH"
        )
        assert result.session is not None
        token = result.session.access_token.jwt_token
        issuer = f"{mock.endpoint}/{pool_id}"
        ours = TokenVerifier(pool_id, token_use="access", client_id=client.client_id, issuer=issuer)
        ours.hydrate()
        first_sight = TokenVerifier(
            pool_id, token_use="access", client_id=client.client_id, issuer=issuer, token_cache=0
        )
        first_sight.hydrate()
        with urllib.request.urlopen(f"{issuer}/.well-known/jwks.json", timeout=10) as answer:
            jwks = json.load(answer)
        key = jwt.PyJWK(jwks["keys"][0]).key

        def pyjwt() -> None:
            jwt.decode(
                token, key, algorithms=["RS256"], issuer=issuer, options={"verify_aud": False}
            )

        def remembered() -> None:
            ours.verify(token)

        def first() -> None:
            first_sight.verify(token)

        pyjwt()
        remembered()
        first()
        assert ours.remembered_tokens == 1
        assert first_sight.remembered_tokens == 0
        rows = (
            ("PyJWT 2.15.1", pyjwt),
            ("cognito-mfa, token seen before", remembered),
            ("cognito-mfa, first sight", first),
        )
        results = {}
        for name, function in rows:
            best = min(timeit.repeat(function, number=N, repeat=5)) / N
            results[name] = best * 1e6
            print(f"{name:>32}: {best * 1e6:8.1f} µs per verification")
        for name, _ in rows[1:]:
            print(f"ratio PyJWT / {name}: {results['PyJWT 2.15.1'] / results[name]:.2f}x")


if __name__ == "__main__":
    main()
