"""Enrol a user for TOTP and check their codes: a runnable tour of cognito_mfa's TOTP engine.

Run with `python examples/python/totp.py` after `pip install .`. Type-checked with
`mypy --strict` and run by the test suite.
"""

from __future__ import annotations

import time

from cognito_mfa import (
    TOTP,
    CodeReusedError,
    InvalidInputError,
    ReplayGuard,
    parse_uri,
    qr_text,
    random_secret,
)


def main() -> None:
    # 1. A new secret for the user, and the key URI their authenticator app scans.
    totp = TOTP(random_secret())
    uri = totp.provisioning_uri("alice@example.com", issuer="Example Corp")
    print(qr_text(uri))
    print(f"or type the secret into the app: {totp.secret}")
    print(f"settings: {totp!r}")  # the repr never shows the secret

    # 2. The app shows a code; the server checks it (here the app is simulated).
    now = int(time.time())
    code = totp.at(now)
    print(f"code {code}, valid for {totp.seconds_remaining(now)} more seconds")
    print(f"verified: {totp.verify(code, at=now)}")

    # 3. A code may be used only once (RFC 6238 section 5.2).
    guard = ReplayGuard()
    step = guard.verify("alice", totp, code, at=now)
    try:
        guard.verify("alice", totp, code, at=now)
    except CodeReusedError as exc:
        print(f"replay refused: {exc.code} (step {exc.step}, accepted step {step})")

    # 4. Malformed input is a ValueError subclass with a stable code.
    try:
        totp.verify("12 34 56", at=now)
    except InvalidInputError as exc:
        print(f"malformed code refused: {exc.code}: {exc.message}")

    # 5. The URI parses back to the same generator.
    key = parse_uri(uri)
    assert key.totp.at(now) == code
    print(f"parsed: {key!r}")


if __name__ == "__main__":
    main()
