"""Times cognito_mfa's TOTP against pyotp's, in one run, with timeit.

    python bench/python_totp.py [--number N] [--repeat R]

For each operation it prints the best time per call (microseconds) over R runs of N calls,
for both libraries, and how many times faster cognito_mfa is. The operations are the ones a
server does per login: `verify` with a window of 1 step each side (a valid code and a wrong
code, which checks all three steps) and `at` (one code for a given time).
"""

from __future__ import annotations

import argparse
import timeit
from collections.abc import Callable
from importlib.metadata import version

import pyotp

import cognito_mfa


def best_us(call: Callable[[], object], number: int, repeat: int) -> float:
    """The best time per call of `call`, in microseconds."""
    return min(timeit.repeat(call, number=number, repeat=repeat)) / number * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=20_000, help="calls per run")
    parser.add_argument("--repeat", type=int, default=5, help="runs; the best is kept")
    args = parser.parse_args()

    secret = cognito_mfa.random_secret()  # 20 bytes, as both libraries' defaults
    ours = cognito_mfa.TOTP(secret)
    theirs = pyotp.TOTP(secret)
    at = 1_700_000_000
    valid = ours.at(at)
    assert valid == theirs.at(at), "the libraries disagree"
    invalid = f"{(int(valid) + 1) % 10**6:06d}"
    assert not any(theirs.at(at + 30 * k) == invalid for k in (-1, 0, 1))

    cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
        (
            "verify(valid, window=1)",
            lambda: ours.verify(valid, at=at, window=1),
            lambda: theirs.verify(valid, for_time=at, valid_window=1),
        ),
        (
            "verify(invalid, window=1)",
            lambda: ours.verify(invalid, at=at, window=1),
            lambda: theirs.verify(invalid, for_time=at, valid_window=1),
        ),
        ("at(unix_time)", lambda: ours.at(at), lambda: theirs.at(at)),
    ]

    print(f"cognito_mfa {cognito_mfa.__version__} vs pyotp {version('pyotp')}")
    print(f"best of {args.repeat} runs of {args.number} calls; SHA1, 6 digits, 30 s")
    print(f"{'operation':<28}{'cognito_mfa µs/op':>19}{'pyotp µs/op':>14}{'speed-up':>10}")
    for name, our_call, their_call in cases:
        assert our_call() == their_call(), f"{name}: the libraries disagree"
        our_us = best_us(our_call, args.number, args.repeat)
        their_us = best_us(their_call, args.number, args.repeat)
        print(f"{name:<28}{our_us:>19.3f}{their_us:>14.3f}{their_us / our_us:>9.1f}x")


if __name__ == "__main__":
    main()
