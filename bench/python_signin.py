"""One full MFA sign-in (SRP + TOTP) from Python: cognito_mfa (asyncio and blocking) against
pycognito + boto3, against the same mock endpoint, in one run.

    python bench/python_signin.py [--users N] [--warmup K]

The mock endpoint (cognito_mfa's embedded one, bench/python_mock.py) runs in a process of its
own, with one pool (OPTIONAL MFA) and users whose authenticator apps are enrolled and preferred.
Each client signs in its own N users one after another (K more first, untimed): InitiateAuth
(USER_SRP_AUTH) → RespondToAuthChallenge (PASSWORD_VERIFIER) → RespondToAuthChallenge
(SOFTWARE_TOKEN_MFA, the code computed on the spot). "CPU" is this process's CPU time per
sign-in (the client-side cost; cognito_mfa's runtime threads included), "wall" the elapsed time,
which also holds the mock's own work and three loopback round trips, the same for every client.
A last line signs N users in concurrently with asyncio.gather (throughput).

pycognito gets its most favourable use: one `Cognito` object (one boto3 client) for every
sign-in; it also verifies the tokens' RS256 signatures (JWKS fetched once), which cognito_mfa
does not do (it decodes the claims; the tokens come from Cognito over TLS).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections.abc import Callable
from importlib.metadata import version

import pyotp
from pycognito import Cognito  # type: ignore[import-untyped]
from pycognito.exceptions import SoftwareTokenMFAChallengeException  # type: ignore[import-untyped]
from python_mock import BenchMock, start_mock

import cognito_mfa
from cognito_mfa import AuthenticationDetails, ChallengeName, CognitoUserPool, blocking

User = dict[str, str]


def measure(sign_in: Callable[[User], None], users: list[User], warmup: int) -> tuple[float, float]:
    """Signs every user in; returns (CPU, wall) seconds per timed sign-in."""
    for user in users[:warmup]:
        sign_in(user)
    timed = users[warmup:]
    cpu = time.process_time()
    wall = time.perf_counter()
    for user in timed:
        sign_in(user)
    return (time.process_time() - cpu) / len(timed), (time.perf_counter() - wall) / len(timed)


def cognito_mfa_async(pool: CognitoUserPool) -> Callable[[User], None]:
    async def sign_in(user: User) -> None:
        client = cognito_mfa.CognitoUser(user["username"], pool)
        details = AuthenticationDetails(user["username"], user["password"])
        result = await client.authenticate_user(details)
        assert result.challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA, result
        code = cognito_mfa.TOTP(user["secret"]).now()
        result = await client.send_mfa_code(code, ChallengeName.SOFTWARE_TOKEN_MFA)
        assert result.signed_in, result

    loop = asyncio.new_event_loop()
    return lambda user: loop.run_until_complete(sign_in(user))


def cognito_mfa_blocking(pool: CognitoUserPool) -> Callable[[User], None]:
    def sign_in(user: User) -> None:
        client = blocking.CognitoUser(user["username"], pool)
        details = AuthenticationDetails(user["username"], user["password"])
        result = client.authenticate_user(details)
        assert result.challenge_name is ChallengeName.SOFTWARE_TOKEN_MFA, result
        code = cognito_mfa.TOTP(user["secret"]).now()
        assert client.send_mfa_code(code, ChallengeName.SOFTWARE_TOKEN_MFA).signed_in

    return sign_in


def pycognito_boto3(mock: BenchMock) -> Callable[[User], None]:
    # boto3 wants credentials even for the unsigned user operations; none reach the mock.
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
    cognito = Cognito(
        mock.pool_id,
        mock.client_id,
        user_pool_region=mock.pool_id.split("_")[0],
        boto3_client_kwargs={"endpoint_url": mock.endpoint},
    )

    def sign_in(user: User) -> None:
        cognito.username = user["username"]
        try:
            cognito.authenticate(password=user["password"])
        except SoftwareTokenMFAChallengeException as challenge:
            code = pyotp.TOTP(user["secret"]).now()
            cognito.respond_to_software_token_mfa_challenge(code, challenge.get_tokens())
            assert cognito.access_token
            return
        raise AssertionError("signed in without the TOTP challenge")

    return sign_in


def concurrent(pool: CognitoUserPool, users: list[User]) -> float:
    """Signs every user in at once with asyncio.gather; returns wall seconds per sign-in."""

    async def sign_in(user: User) -> None:
        client = cognito_mfa.CognitoUser(user["username"], pool)
        details = AuthenticationDetails(user["username"], user["password"])
        await client.authenticate_user(details)
        code = cognito_mfa.TOTP(user["secret"]).now()
        assert (await client.send_mfa_code(code, ChallengeName.SOFTWARE_TOKEN_MFA)).signed_in

    async def all_of_them() -> None:
        await asyncio.gather(*(sign_in(user) for user in users))

    started = time.perf_counter()
    asyncio.run(all_of_them())
    return (time.perf_counter() - started) / len(users)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=60, help="timed sign-ins per client")
    parser.add_argument("--warmup", type=int, default=3, help="untimed sign-ins per client")
    args = parser.parse_args()

    per_client = args.users + args.warmup
    mock = start_mock(3 * per_client + args.users)
    try:
        slices = [mock.users[i * per_client : (i + 1) * per_client] for i in range(3)]
        pool = CognitoUserPool(mock.pool_id, mock.client_id, endpoint=mock.endpoint)
        clients = [
            (f"cognito_mfa {cognito_mfa.__version__} (asyncio)", cognito_mfa_async(pool)),
            (f"cognito_mfa {cognito_mfa.__version__} (blocking)", cognito_mfa_blocking(pool)),
            (
                f"pycognito {version('pycognito')} + boto3 {version('boto3')}",
                pycognito_boto3(mock),
            ),
        ]
        results = [
            (name, *measure(sign_in, users, args.warmup))
            for (name, sign_in), users in zip(clients, slices, strict=True)
        ]
        gathered = concurrent(pool, mock.users[3 * per_client :])
    finally:
        mock.close()

    base_cpu, base_wall = results[0][1], results[0][2]
    print(f"One full sign-in (SRP + TOTP), {args.users} timed sign-ins per client, same mock:\n")
    print("| client | CPU per sign-in | vs cognito_mfa | wall per sign-in | vs cognito_mfa |")
    print("|---|---:|---:|---:|---:|")
    for name, cpu, wall in results:
        print(
            f"| {name} | {cpu * 1e3:.2f} ms | {cpu / base_cpu:.1f}x | "
            f"{wall * 1e3:.2f} ms | {wall / base_wall:.1f}x |"
        )
    print(
        f"\ncognito_mfa (asyncio), {args.users} sign-ins at once with asyncio.gather: "
        f"{gathered * 1e3:.2f} ms wall per sign-in"
    )


if __name__ == "__main__":
    main()
