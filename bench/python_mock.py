"""The mock endpoint the Python benchmarks share, in a process of its own (so that each
client's CPU time is its own): bench/python_signin.py and bench/python_overhead.py import
`start_mock`.

Run alone (`python bench/python_mock.py N`), it serves cognito_mfa's embedded mock endpoint with
one pool (OPTIONAL MFA) and N users whose authenticator apps are already enrolled and preferred
(preloaded through the mock's config, so the mock's clock stays real time), prints one JSON line
`{"endpoint", "pool_id", "client_id", "users": [{"username", "password", "secret"}]}`, and runs
until its standard input closes.
"""

from __future__ import annotations

import json
import subprocess
import sys
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
    with MockCognito(config) as mock:
        description = {
            "endpoint": mock.endpoint,
            "pool_id": POOL_ID,
            "client_id": CLIENT_ID,
            "users": users,
        }
        print(json.dumps(description), flush=True)
        sys.stdin.read()  # until the benchmark closes our standard input


if __name__ == "__main__":
    serve(int(sys.argv[1]))
