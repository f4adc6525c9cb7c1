"""Starts the example app under uvicorn.

    python run.py                       against the pool the environment names (README.md)
    python run.py --mock [--port N] [--workers 2]
                                        against a mock Cognito in this process, with demo users

Demo users (--mock): alice, bob, carol, dave, erin, frank; password Corr3ct-Horse!; e-mail
<name>@example.com and phone +1555010000N (alice 1 ... frank 6), both verified; no MFA.
"""

from __future__ import annotations

import argparse
import base64
import os
import secrets
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import uvicorn

if TYPE_CHECKING:
    from cognito_mfa.testing import MockCognito

HERE = Path(__file__).resolve().parent
DEMO_USERS = ("alice", "bob", "carol", "dave", "erin", "frank")
DEMO_PASSWORD = "Corr3ct-Horse!"


def start_mock() -> tuple[MockCognito, dict[str, str]]:
    """Starts the mock, makes the pool, the app client and the demo users; returns the env."""
    from cognito_mfa.testing import MockCognito

    mock = MockCognito()
    pool_id = mock.create_user_pool("example", mfa="OPTIONAL", sms=True, software_token=True)
    client = mock.create_app_client(pool_id)
    for i, name in enumerate(DEMO_USERS, start=1):
        mock.create_user(
            pool_id,
            name,
            DEMO_PASSWORD,
            attributes={
                "email": f"{name}@example.com",
                "email_verified": "true",
                "phone_number": f"+1555010000{i}",
                "phone_number_verified": "true",
            },
        )
    env = {
        "COGNITO_USER_POOL_ID": pool_id,
        "COGNITO_CLIENT_ID": client.client_id,
        "COGNITO_ENDPOINT": mock.endpoint,
        # A key given by the caller (a test that checks it never shows) wins over a fresh one.
        "SEALING_KEYS": os.environ.get("SEALING_KEYS")
        or "k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "EXAMPLE_WORKER_PID_HEADER": "1",
        # The mock's virtual clock runs ahead when tests move it (TOTP steps, expiries): its
        # tokens must not look issued in the future to the app's verifier.
        "TOKEN_GRACE_SECONDS": "3600",
    }
    return mock, env


def free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def announce_when_ready(url: str, mock: MockCognito | None) -> None:
    """Prints the ready line once the app answers (uvicorn's workers start after the bind)."""
    probe = url.replace("://0.0.0.0:", "://127.0.0.1:").replace("://[::]:", "://[::1]:")
    while True:
        try:
            with urllib.request.urlopen(f"{probe}/sign-in", timeout=2):
                break
        except urllib.error.HTTPError:
            break  # it answered
        except OSError:
            time.sleep(0.1)
    mock_part = f" mock={mock.endpoint}" if mock is not None else ""
    print(f"cognito-mfa example ready: app={url}{mock_part}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="The cognito-mfa FastAPI example.",
        epilog=f"Demo users with --mock: {', '.join(DEMO_USERS)} (password {DEMO_PASSWORD}).",
    )
    parser.add_argument(
        "--mock", action="store_true", help="start a mock Cognito with demo users and a sealing key"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("PORT", "8000")),
        help="default $PORT or 8000; 0 picks one",
    )
    parser.add_argument(
        "--host", default=os.environ.get("HOST", "127.0.0.1"), help="default $HOST or 127.0.0.1"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="uvicorn worker processes (default 2)"
    )
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535 or args.workers < 1:
        parser.error("--port must be 0 to 65535 and --workers at least 1")

    mock = None
    if args.mock:
        mock, env = start_mock()
        os.environ.update(env)  # the workers inherit it
    try:
        sys.path.insert(0, str(HERE))
        from app import config_from_env, create_app

        try:
            create_app(config_from_env())  # a bad setting fails here, once, not in every worker
        except Exception as exc:
            print(
                f"cognito-mfa example: {getattr(exc, 'code', type(exc).__name__)}: {exc}",
                file=sys.stderr,
            )
            return 2
        port = args.port or free_port(args.host)
        where = f"[{args.host}]" if ":" in args.host else args.host
        url = f"http://{where}:{port}"
        threading.Thread(target=announce_when_ready, args=(url, mock), daemon=True).start()
        uvicorn.run(
            "app:create_app",
            factory=True,
            app_dir=str(HERE),
            host=args.host,
            port=port,
            workers=args.workers,
            server_header=False,
        )
    finally:
        if mock is not None:
            mock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
