"""The Python package's bad-input battery, run as a child process by
test_bad_input_battery.py (so that a crash is counted, not suffered).

Every public class of ``cognito_mfa`` and ``cognito_mfa.blocking`` is built with one bad
argument at a time, and every public method of a live instance of each (a user mid-sign-in, a
signed-in user, a pool pointed at the embedded mock...) is called with one bad argument at a
time, the others plausible: ``None``, wrong types, huge and NUL-holding strings, NaN and
infinities, negative and huge integers, wrong objects. Coroutines are awaited with a time
bound. Each call's outcome is classified; the report (JSON on stdout) lists every outcome
that is not allowed: an exception other than ``TypeError``, ``ValueError``, ``OverflowError``
(an integer out of a native range) or the package's own ``CognitoMfaError``, or a call that
did not finish in time.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import math
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cognito_mfa
import cognito_mfa.blocking
from cognito_mfa import (
    AuthenticationDetails,
    AwsCredentials,
    CognitoMfaError,
    DeviceCredentials,
    MfaSettings,
)
from cognito_mfa.testing import MockCognito

BAD_VALUES: list[tuple[str, Any]] = [
    ("None", None),
    ("int", 7),
    ("negative int", -1),
    ("huge int", 2**70),
    ("NaN", math.nan),
    ("inf", math.inf),
    ("bool", True),
    ("empty str", ""),
    ("NUL str", "a\0b"),
    ("1 MiB str", "x" * (1 << 20)),
    ("lone surrogate", "\ud800"),
    ("bytes", b"\x00\xff"),
    ("list", ["a"]),
    ("dict", {"a": 1}),
    ("object", object()),
]
ALLOWED = (TypeError, ValueError, OverflowError, CognitoMfaError)
#: Calls the battery leaves out, with the reason.
SKIPPED = {
    # Waiting is its job: a lock held by another call would be waited for, not a bug.
    "shutdown",
}
TIME_LIMIT = 10.0


def plausible(name: str) -> Any:
    """A value that fits a parameter of that name, so one bad argument at a time is tested."""
    values: dict[str, Any] = {
        "username": "alice",
        "password": "Passw0rd!",
        "code": "123456",
        "confirmation_code": "123456",
        "user_code": "123456",
        "limit": 10,
        "lifetime": 60,
        "at": 1_700_000_000,
        "counter": 1,
        "digits": 6,
        "period": 30,
        "window": 1,
        "length": 20,
        "enabled": True,
        "preferred": False,
        "refresh_token": True,
        "secret": "JBSWY3DPEHPK3PXP",
        "uri": "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
        "account": "alice",
    }
    return values.get(name, "x")


async def settle(value: Any) -> Any:
    if inspect.isawaitable(value):
        return await asyncio.wait_for(value, TIME_LIMIT)
    return value


def outcome(call: Callable[[], Any], loop: asyncio.AbstractEventLoop) -> str | None:
    """``None`` when the call ended in an allowed way, else what went wrong."""
    try:
        loop.run_until_complete(settle(call()))
    except TimeoutError as error:
        if isinstance(error, CognitoMfaError):
            return None
        return "no answer within the time limit"
    except ALLOWED:
        return None
    except BaseException as error:
        return f"{type(error).__module__}.{type(error).__name__}: {str(error)[:200]}"
    return None


def parameters(function: Callable[..., Any]) -> list[inspect.Parameter] | None:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return None
    return [
        p
        for p in signature.parameters.values()
        if p.name not in ("self", "cls") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


def calls(function: Callable[..., Any]) -> Iterator[tuple[str, Callable[[], Any]]]:
    """The function with no argument, then with each parameter bad in turn."""
    params = parameters(function)
    if params is None:
        return
    yield "()", function
    for index, bad_param in enumerate(params):
        for label, bad in BAD_VALUES:
            args: list[Any] = []
            kwargs: dict[str, Any] = {}
            for position, param in enumerate(params):
                value = bad if position == index else plausible(param.name)
                if param.kind == param.KEYWORD_ONLY:
                    if position == index or param.default is param.empty:
                        kwargs[param.name] = value
                elif position <= index or param.default is param.empty:
                    args.append(value)
            yield f"{bad_param.name}={label}", lambda a=args, k=kwargs: function(*a, **k)


def instances(mock: MockCognito, folder: Path, loop: asyncio.AbstractEventLoop) -> dict[str, Any]:
    """A live instance of every public class, in the states worth calling methods in."""
    alice = mock.user_with_totp("alice")
    pool = alice.user_pool
    details = AuthenticationDetails("alice", alice.password)
    signed_in = cognito_mfa.CognitoUser("alice", pool)
    loop.run_until_complete(signed_in.authenticate_user(details))
    loop.run_until_complete(signed_in.send_mfa_code(mock.totp_code(alice.totp_secret)))
    mock.advance_clock(30)
    in_challenge = cognito_mfa.CognitoUser("alice", pool)
    result = loop.run_until_complete(in_challenge.authenticate_user(details))
    session = signed_in.get_sign_in_user_session()
    assert session is not None
    totp = cognito_mfa.TOTP("JBSWY3DPEHPK3PXP")
    credentials = AwsCredentials("AKIDBATTERY000000001", "battery-secret")
    return {
        "TOTP": totp,
        "KeyUri": cognito_mfa.KeyUri(totp, "alice", issuer="Example"),
        "ReplayGuard": cognito_mfa.ReplayGuard(),
        "CognitoUserPool": pool,
        "CognitoUser (idle)": cognito_mfa.CognitoUser("bob", pool),
        "CognitoUser (in a challenge)": in_challenge,
        "CognitoUser (signed in)": signed_in,
        "blocking CognitoUser (idle)": cognito_mfa.blocking.CognitoUser("bob", pool),
        "AuthResult": result,
        "AuthenticationDetails": details,
        "CognitoUserSession": session,
        "CognitoIdToken": session.id_token,
        "CognitoAccessToken": session.access_token,
        "CognitoRefreshToken": session.refresh_token,
        "MfaSettings": MfaSettings(True, False),
        "MfaOption": cognito_mfa.MfaOption.sms(),
        "DeviceCredentials": DeviceCredentials(
            "us-east-1_0a1b2c3d-0000-4000-8000-00000000000a", "-wt2ha1Zd", "c2VjcmV0"
        ),
        "MemoryDeviceStore": cognito_mfa.MemoryDeviceStore(),
        "FileDeviceStore": cognito_mfa.FileDeviceStore(folder / "devices.json"),
        "StateSealer": cognito_mfa.StateSealer(keys={"k1": bytes(32)}, seal_with="k1"),
        "AwsCredentials": credentials,
        "AdminClient": cognito_mfa.AdminClient(pool, credentials),
        "blocking AdminClient": cognito_mfa.blocking.AdminClient(pool, credentials),
        "UserData": loop.run_until_complete(signed_in.get_user_data()),
    }


def main() -> int:
    loop = asyncio.new_event_loop()
    failures: list[str] = []
    count = 0
    with MockCognito() as mock, tempfile.TemporaryDirectory() as folder:
        live = instances(mock, Path(folder), loop)
        callables: list[tuple[str, Callable[..., Any]]] = []
        for module in (cognito_mfa, cognito_mfa.blocking):
            for name in module.__all__:
                value = getattr(module, name)
                if inspect.isclass(value) and issubclass(value, BaseException):
                    continue
                if name in ("ChallengeName", "DeviceStore"):
                    continue  # an enum of the standard library; a Protocol
                if callable(value):
                    callables.append((f"{module.__name__}.{name}", value))
        for label, instance in live.items():
            for name in dir(instance):
                if name.startswith("_") or name in SKIPPED:
                    continue
                method = getattr(instance, name, None)
                if callable(method):
                    callables.append((f"{label}.{name}", method))
        for label, function in callables:
            for what, call in calls(function):
                count += 1
                problem = outcome(call, loop)
                if problem is not None:
                    failures.append(f"{label}({what}): {problem}")
    loop.close()
    json.dump({"calls": count, "failures": failures}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
