"""The documentation's examples run: every ```python block of docs/python.md, the package
docstring's doctest, and the example script examples/python/totp.py."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path

import pytest

import cognito_mfa

DOCS = Path(__file__).resolve().parents[2] / "docs" / "python.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)


def test_the_docs_have_examples() -> None:
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_docs_python_md_block_runs(block: str) -> None:
    namespace: dict[str, object] = {"__name__": "docs_example"}
    exec(compile(block, str(DOCS), "exec"), namespace)  # the blocks assert their own results


def test_package_docstring_doctest() -> None:
    result = doctest.testmod(cognito_mfa, raise_on_error=False)
    assert result.attempted >= 2
    assert result.failed == 0


def test_example_script_runs(repo_root: Path) -> None:
    script = repo_root / "examples" / "python" / "totp.py"
    completed = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert "verified: True" in completed.stdout
    assert "replay refused: CodeReusedError" in completed.stdout
