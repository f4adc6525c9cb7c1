"""Helpers of the Python tests: a scripted fake Cognito endpoint (to provoke exactly the answers
the mock endpoint never gives: throttling, 500s, garbage, slowness, unknown challenges) and
unsigned JSON Web Tokens."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def make_jwt(claims: Mapping[str, Any]) -> str:
    """An unsigned JWT (`alg: none`) carrying `claims` (tests only: nothing verifies it)."""

    def part(value: Mapping[str, Any]) -> str:
        raw = json.dumps(value).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{part({'alg': 'none'})}.{part(claims)}.c2ln"


def fake_tokens(
    username: str = "alice", *, iat: int | None = None, ttl: int = 3600
) -> dict[str, Any]:
    """An `AuthenticationResult` with unsigned tokens issued at `iat` (default: now)."""
    issued = int(time.time()) if iat is None else iat
    return {
        "IdToken": make_jwt(
            {"token_use": "id", "cognito:username": username, "iat": issued, "exp": issued + ttl}
        ),
        "AccessToken": make_jwt(
            {"token_use": "access", "username": username, "iat": issued, "exp": issued + ttl}
        ),
        "RefreshToken": "fake-refresh-token",
        "ExpiresIn": ttl,
        "TokenType": "Bearer",
    }


@dataclass
class Reply:
    """One scripted answer: HTTP status, body (a dict is sent as JSON), headers, a delay, and
    `hold`: an event the answer waits for (set it to let the answer go)."""

    status: int = 200
    body: Mapping[str, Any] | bytes = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    hold: threading.Event | None = None


class FakeCognito:
    """An HTTP endpoint on 127.0.0.1 that answers each operation (the `X-Amz-Target` suffix)
    with the `Reply` scripted for it, and records every request as `(operation, body)`."""

    def __init__(self) -> None:
        self.replies: dict[str, Reply] = {}
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self._arrived = threading.Condition()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                operation = self.headers.get("X-Amz-Target", "").rpartition(".")[2]
                reply = fake.replies.get(
                    operation,
                    Reply(400, {"__type": "UnknownOperationException", "message": operation}),
                )
                with fake._arrived:
                    fake.requests.append((operation, body))
                    fake._arrived.notify_all()
                if reply.hold is not None:
                    reply.hold.wait()
                if reply.delay:
                    time.sleep(reply.delay)
                payload = (
                    reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                )
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/x-amz-json-1.1")
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout or a cancelled call)

            def log_message(self, fmt: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    @property
    def endpoint(self) -> str:
        """`http://127.0.0.1:<port>`."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def reply(
        self, operation: str, body: Mapping[str, Any] | bytes | None = None, **kwargs: Any
    ) -> None:
        """Scripts the answer to `operation` (see `Reply` for the keyword arguments)."""
        self.replies[operation] = Reply(body=body if body is not None else {}, **kwargs)

    def error(
        self, operation: str, code: str, message: str = "", status: int = 400, **kwargs: Any
    ) -> None:
        """Scripts Cognito's error envelope for `operation`, with an `x-amzn-RequestId`."""
        self.reply(
            operation,
            {"__type": code, "message": message},
            status=status,
            headers={"x-amzn-RequestId": f"req-{code}", "x-amzn-ErrorType": f"{code}:"},
            **kwargs,
        )

    def operations(self) -> list[str]:
        """The operations received so far, in order."""
        return [operation for operation, _ in self.requests]

    def wait_for_requests(self, count: int, timeout: float = 30.0) -> bool:
        """Blocks until `count` requests have arrived; False if they have not after `timeout`
        seconds (a guard against a hung test, not a measurement)."""
        with self._arrived:
            return self._arrived.wait_for(lambda: len(self.requests) >= count, timeout)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
