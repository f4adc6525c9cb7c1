"""The cost of one cheap call from Python: an awaited `get_user_data()` (and its blocking twin)
against boto3's `get_user`, against the same mock endpoint, in one run.

    python bench/python_overhead.py [--calls N] [--repeat R]

The mock endpoint runs in a process of its own (bench/python_mock.py). One user is signed in;
then each client sends `GetUser` with the same access token N times in a row (R runs, the best
kept). Every call costs the mock's work (checking the token's RS256 signature) and one loopback
round trip, the same for all; the rest is the client's own cost per call. A bare keep-alive
`http.client` POST of the same request is shown for reference (it still builds and parses the
HTTP message in Python).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import time
from collections.abc import Callable
from importlib.metadata import version
from urllib.parse import urlsplit

import boto3  # type: ignore[import-untyped]
from python_mock import start_mock

import cognito_mfa
from cognito_mfa import AuthenticationDetails, ChallengeName, CognitoUserPool, blocking


def best(run: Callable[[int], None], calls: int, repeat: int) -> tuple[float, float]:
    """Best (wall, CPU) seconds per call over `repeat` runs of `calls` calls."""
    walls, cpus = [], []
    for _ in range(repeat):
        cpu = time.process_time()
        wall = time.perf_counter()
        run(calls)
        walls.append((time.perf_counter() - wall) / calls)
        cpus.append((time.process_time() - cpu) / calls)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=500, help="calls per run")
    parser.add_argument("--repeat", type=int, default=5, help="runs; the best is kept")
    args = parser.parse_args()

    mock = start_mock(1)
    try:
        account = mock.users[0]
        pool = CognitoUserPool(mock.pool_id, mock.client_id, endpoint=mock.endpoint)
        user = blocking.CognitoUser(account["username"], pool)
        user.authenticate_user(AuthenticationDetails(account["username"], account["password"]))
        code = cognito_mfa.TOTP(account["secret"]).now()
        session = user.send_mfa_code(code, ChallengeName.SOFTWARE_TOKEN_MFA).session
        assert session is not None
        token = session.access_token.jwt_token

        async_user = cognito_mfa.CognitoUser(account["username"], pool)
        async_user.set_sign_in_user_session(session)
        loop = asyncio.new_event_loop()

        async def awaited(calls: int) -> None:
            for _ in range(calls):
                await async_user.get_user_data()

        def blocking_calls(calls: int) -> None:
            for _ in range(calls):
                user.get_user_data()

        os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
        idp = boto3.client("cognito-idp", endpoint_url=mock.endpoint, region_name="us-east-1")

        def boto3_calls(calls: int) -> None:
            for _ in range(calls):
                idp.get_user(AccessToken=token)

        target = urlsplit(mock.endpoint)
        connection = http.client.HTTPConnection(target.hostname or "", target.port)
        body = json.dumps({"AccessToken": token})
        headers = {
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AWSCognitoIdentityProviderService.GetUser",
        }

        def raw_calls(calls: int) -> None:
            for _ in range(calls):
                connection.request("POST", "/", body, headers)
                response = connection.getresponse()
                assert response.status == 200
                response.read()

        cases: list[tuple[str, Callable[[int], None]]] = [
            ("http.client POST (reference)", raw_calls),
            (
                f"cognito_mfa {cognito_mfa.__version__}: await get_user_data()",
                lambda calls: loop.run_until_complete(awaited(calls)),
            ),
            (f"cognito_mfa {cognito_mfa.__version__}: blocking get_user_data()", blocking_calls),
            (f"boto3 {version('boto3')}: get_user()", boto3_calls),
        ]
        for _, run in cases:
            run(20)  # warm up connections and caches
        results = [(name, *best(run, args.calls, args.repeat)) for name, run in cases]
    finally:
        mock.close()

    boto3_wall, boto3_cpu = results[-1][1], results[-1][2]
    print(f"GetUser against the mock, best of {args.repeat} runs of {args.calls} calls:\n")
    print("| client | wall per call | boto3 / this | CPU per call | boto3 / this |")
    print("|---|---:|---:|---:|---:|")
    for name, wall, cpu in results:
        print(
            f"| {name} | {wall * 1e6:.0f} µs | {boto3_wall / wall:.1f}x | "
            f"{cpu * 1e6:.0f} µs | {boto3_cpu / cpu:.1f}x |"
        )


if __name__ == "__main__":
    main()
