"""Coverage-guided fuzzing of the Python package's parsing entry points with atheris.

Each input drives one entry point (the first byte chooses): ``parse_uri``, ``TOTP(secret)``,
``TOTP.verify``, ``hotp``, ``CognitoIdToken`` / ``CognitoAccessToken`` / a
``CognitoUserSession`` from raw tokens, ``DeviceCredentials``, ``StateSealer.open`` and
``CognitoUser.resume`` with an arbitrary state. Allowed outcomes: a value, ``TypeError``,
``ValueError``, ``OverflowError`` or the package's ``CognitoMfaError``; anything else is a
finding, and atheris stops with the input that caused it.

    .venv/bin/pip install atheris
    .venv/bin/python tests/python/fuzz_atheris.py -max_total_time=600 -print_final_stats=1 \
        fuzz/corpus/python fuzz/seeds/python

The native code is not instrumented (its coverage is the Rust targets' job, fuzz/): the
feedback is the Python side's branches, the point is the boundary — what the bindings let
through and how they fail.

tests/python/test_fuzz_atheris.py runs it for 2,000 runs.
"""

from __future__ import annotations

import json
import sys

import atheris

with atheris.instrument_imports():
    import cognito_mfa
    from cognito_mfa import CognitoMfaError

ALLOWED = (TypeError, ValueError, OverflowError, CognitoMfaError)
POOL = cognito_mfa.CognitoUserPool("us-east-1_Fuzz00001", "fuzzclient1")
SEALER = cognito_mfa.StateSealer(keys={"k1": bytes(32)}, seal_with="k1")
TOTP = cognito_mfa.TOTP("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")


@atheris.instrument_func
def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    choice = fdp.ConsumeIntInRange(0, 9)
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    try:
        if choice == 0:
            parsed = cognito_mfa.parse_uri(text)
            assert cognito_mfa.parse_uri(parsed.to_uri()).account == parsed.account
        elif choice == 1:
            cognito_mfa.TOTP(text)
        elif choice == 2:
            TOTP.verify(text[:12], at=1_700_000_000, window=1)
        elif choice == 3:
            cognito_mfa.hotp(text.encode()[:64] or b"x" * 16, len(text))
        elif choice == 4:
            cognito_mfa.CognitoIdToken(text).payload  # noqa: B018 - decoding is the point
        elif choice == 5:
            cognito_mfa.CognitoAccessToken(text)
        elif choice == 6:
            token = cognito_mfa.CognitoIdToken(text)
            cognito_mfa.CognitoUserSession(token, cognito_mfa.CognitoAccessToken(text)).is_valid()
        elif choice == 7:
            parts = [*text.split("\x1f"), "", "", ""]
            cognito_mfa.DeviceCredentials(parts[0], parts[1], parts[2])
        elif choice == 8:
            SEALER.open(POOL, text)
        else:
            try:
                state = json.loads(text)
            except ValueError:
                return
            if isinstance(state, dict):
                cognito_mfa.CognitoUser.resume(POOL, state)
    except ALLOWED:
        pass


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
