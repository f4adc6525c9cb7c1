"""Interoperability with pyotp, the reference Python implementation: the same codes for the same
(secret, time, digits, algorithm, period), and key URIs that each side parses from the other."""

from __future__ import annotations

import base64
import hashlib
import random
from collections.abc import Callable
from typing import Any

import pyotp
import pytest

from cognito_mfa import TOTP, hotp, parse_uri

DIGESTS: dict[str, Callable[..., Any]] = {
    "SHA1": hashlib.sha1,
    "SHA256": hashlib.sha256,
    "SHA512": hashlib.sha512,
}

RANDOM_CASES = 1200
SETTINGS = [(6, 30, "SHA1"), (8, 60, "SHA256"), (7, 15, "SHA512")]


@pytest.fixture(autouse=True)
def pyotp_accepts_cognito_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    # pyotp 2.12 refuses secrets under 112 bits by default (NIST SP 800-63B-4); Cognito's and
    # ours start at 80 bits. Lower pyotp's limit so that the short secrets are compared too.
    monkeypatch.setattr(pyotp.OTP, "min_secret_length_bits", 80)


def random_case(rng: random.Random) -> tuple[bytes, int, int, str, int]:
    key = rng.randbytes(rng.randint(10, 64))
    unix_time = rng.choice(
        [
            rng.randrange(0, 2**31),
            rng.randrange(0, 2**34),
            rng.randrange(0, 90),
            rng.randrange(1_700_000_000, 1_800_000_000),
        ]
    )
    digits = rng.randint(6, 8)
    algorithm = rng.choice(sorted(DIGESTS))
    period = rng.choice([30, 30, 60, 15, 1, 45, 90])
    return key, unix_time, digits, algorithm, period


def test_codes_equal_pyotps_for_random_cases(rng: random.Random) -> None:
    seen_algorithms: set[str] = set()
    seen_digits: set[int] = set()
    for case in range(RANDOM_CASES):
        key, unix_time, digits, algorithm, period = random_case(rng)
        secret = base64.b32encode(key).decode().rstrip("=")
        ours = TOTP(secret, digits=digits, period=period, algorithm=algorithm)
        theirs = pyotp.TOTP(secret, digits=digits, digest=DIGESTS[algorithm], interval=period)
        code = ours.at(unix_time)
        context = (case, secret, unix_time, digits, algorithm, period)
        assert code == theirs.at(unix_time), context
        # Each side accepts the other's code (window 1 in ours, valid_window=1 in pyotp, which
        # raises for a window reaching below step 0).
        pyotp_window = 1 if unix_time >= period else 0
        assert theirs.verify(code, for_time=unix_time, valid_window=pyotp_window), context
        assert ours.verify(theirs.at(unix_time), at=unix_time), context
        # The raw key gives the same codes as its base32 text.
        assert TOTP(key, digits=digits, period=period, algorithm=algorithm).at(unix_time) == code
        seen_algorithms.add(algorithm)
        seen_digits.add(digits)
    assert seen_algorithms == set(DIGESTS)
    assert seen_digits == {6, 7, 8}


def test_hotp_equals_pyotps_for_random_cases(rng: random.Random) -> None:
    for _ in range(300):
        key = rng.randbytes(rng.randint(10, 40))
        secret = base64.b32encode(key).decode()
        counter = rng.randrange(0, 2**40)
        digits = rng.randint(6, 8)
        algorithm = rng.choice(sorted(DIGESTS))
        theirs = pyotp.HOTP(secret, digits=digits, digest=DIGESTS[algorithm])
        assert hotp(key, counter, digits=digits, algorithm=algorithm) == theirs.at(counter)


@pytest.mark.parametrize("window", [0, 1, 2])
def test_verify_window_agrees_with_pyotp(window: int, rng: random.Random) -> None:
    secret = pyotp.random_base32()
    ours = TOTP(secret)
    theirs = pyotp.TOTP(secret)
    issued = 1_700_000_000 + rng.randrange(30)
    code = ours.at(issued)
    for offset in range(-100, 101, 7):
        at = issued + offset
        assert ours.verify(code, at=at, window=window) == theirs.verify(
            code, for_time=at, valid_window=window
        ), (offset, window)


@pytest.mark.parametrize("issuer", ["Example Corp", "ACME", None, "Ünïcødé & Co."])
@pytest.mark.parametrize(("digits", "period", "algorithm"), SETTINGS)
def test_our_uris_parse_in_pyotp(
    issuer: str | None, digits: int, period: int, algorithm: str
) -> None:
    secret = pyotp.random_base32()
    ours = TOTP(secret, digits=digits, period=period, algorithm=algorithm)
    uri = ours.provisioning_uri("alice@example.com", issuer=issuer)
    theirs = pyotp.parse_uri(uri)
    assert isinstance(theirs, pyotp.TOTP)
    assert theirs.secret == secret
    assert theirs.digits == digits
    assert theirs.interval == period
    assert theirs.digest is DIGESTS[algorithm]
    assert theirs.name == "alice@example.com"
    assert theirs.issuer == issuer
    assert theirs.at(1_234_567_890) == ours.at(1_234_567_890)


@pytest.mark.parametrize("issuer", ["Example Corp", "ACME", None, "Ünïcødé & Co."])
@pytest.mark.parametrize(("digits", "period", "algorithm"), SETTINGS)
def test_pyotp_uris_parse_in_ours(
    issuer: str | None, digits: int, period: int, algorithm: str
) -> None:
    secret = pyotp.random_base32()
    theirs = pyotp.TOTP(secret, digits=digits, digest=DIGESTS[algorithm], interval=period)
    uri = theirs.provisioning_uri(name="alice@example.com", issuer_name=issuer)
    key = parse_uri(uri)
    assert key.account == "alice@example.com"
    assert key.issuer == issuer
    ours = key.totp
    assert ours.secret == secret
    assert (ours.digits, ours.period, ours.algorithm) == (digits, period, algorithm)
    assert ours.at(1_234_567_890) == theirs.at(1_234_567_890)
