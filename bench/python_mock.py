"""The mock endpoint the Python benchmarks share, in a process of its own (so that each
client's CPU time is its own): bench/python_signin.py and bench/python_overhead.py import
`start_mock`.

Run alone (`python bench/python_mock.py N`), it serves cognito_mfa's embedded mock endpoint with
one pool (OPTIONAL MFA) and N users whose authenticator apps are already enrolled and preferred
(preloaded through the mock's config, so the mock's clock stays real time), prints one JSON line
`{"endpoint", "pool_id", "client_id", "users": [{"username", "password", "secret"}]}`, and runs
until its standard input closes.

With `COGNITO_MFA_BIN` set to a `cognito-mfa` binary, it serves `cognito-mfa mock --config`
(same configuration) instead of the embedded mock, so that two builds of the mock can be compared
under one build of the Python package (docs/benchmarks.md, "The mock's SRP cost").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from typing import Any

POOL_ID = "us-east-1_BenchPool1"
CLIENT_ID = "benchclient1"
PASSWORD = "Bench-Passw0rd!"


@dataclass
class BenchMock:
    """A running mock endpoint process and its users."""

    process: subprocess.Popen[str]
    endpoint: str
    pool_id: str
    client_id: str
    users: list[dict[str, str]]

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def start_mock(users: int) -> BenchMock:
    """Starts `python bench/python_mock.py users` and reads its description."""
    process = subprocess.Popen(
        [sys.executable, __file__, str(users)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    info = json.loads(process.stdout.readline())
    return BenchMock(process, info["endpoint"], info["pool_id"], info["client_id"], info["users"])


def serve(count: int) -> None:
    import cognito_mfa
    from cognito_mfa.testing import MockCognito

    users: list[dict[str, Any]] = [
        {"username": f"user{i:04}", "password": PASSWORD, "secret": cognito_mfa.random_secret()}
        for i in range(count)
    ]
    config = {
        "pools": [
            {
                "id": POOL_ID,
                "name": "bench",
                "mfa_configuration": "OPTIONAL",
                "clients": [{"id": CLIENT_ID}],
                "users": [
                    {
                        "username": user["username"],
                        "password": user["password"],
                        "mfa": {"software_token": True, "preferred": "SOFTWARE_TOKEN_MFA"},
                        "totp_secret": user["secret"],
                    }
                    for user in users
                ],
            }
        ]
    }
    binary = os.environ.get("COGNITO_MFA_BIN")
    if binary:
        serve_binary(binary, config, users)
        return
    with MockCognito(config) as mock:
        description = {
            "endpoint": mock.endpoint,
            "pool_id": POOL_ID,
            "client_id": CLIENT_ID,
            "users": users,
        }
        print(json.dumps(description), flush=True)
        sys.stdin.read()  # until the benchmark closes our standard input


def serve_binary(binary: str, config: dict[str, Any], users: list[dict[str, Any]]) -> None:
    """Serves `binary mock --config` with `config` until our standard input closes."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(config, file)
    try:
        server = subprocess.Popen(
            [binary, "mock", "--port", "0", "--config", file.name],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert server.stdout is not None
        endpoint = server.stdout.readline().strip().removeprefix("listening on ")
        description = {
            "endpoint": endpoint,
            "pool_id": POOL_ID,
            "client_id": CLIENT_ID,
            "users": users,
        }
        print(json.dumps(description), flush=True)
        sys.stdin.read()  # until the benchmark closes our standard input
        server.kill()
        server.wait()
    finally:
        os.unlink(file.name)


if __name__ == "__main__":
    serve(int(sys.argv[1]))
