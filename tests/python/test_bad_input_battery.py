"""Runs the bad-input battery (bad_input_battery.py) in a child process: every public
constructor and method of the package, called with one bad argument at a time in several
states, ends with an allowed exception (TypeError, ValueError, OverflowError or the package's
CognitoMfaError) or a result; never another exception, a panic, a hang or a crash."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_every_public_call_refuses_bad_input_cleanly() -> None:
    child = subprocess.run(
        [sys.executable, "-W", "ignore::DeprecationWarning", str(HERE / "bad_input_battery.py")],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert child.returncode == 0, (
        f"the battery crashed (exit {child.returncode}): {child.stderr[-2000:]}"
    )
    report = json.loads(child.stdout)
    assert report["calls"] >= 3_000, report["calls"]
    assert report["failures"] == []
