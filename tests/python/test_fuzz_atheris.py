"""Runs the atheris harness (fuzz_atheris.py) in a child process for a fixed number of runs
from the seed corpus: every input ends in an allowed way (see the harness)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parents[1] / "fuzz" / "seeds" / "python"


def test_the_atheris_harness_runs_clean(tmp_path: Path) -> None:
    child = subprocess.run(
        [
            sys.executable,
            str(HERE / "fuzz_atheris.py"),
            "-runs=2000",
            "-print_final_stats=1",
            str(tmp_path),
            str(SEEDS),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    assert "stat::number_of_executed_units: 2000" in child.stderr
