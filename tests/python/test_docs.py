"""The documentation's examples run: every ```python block of docs/python.md, the package
docstrings' doctests, the example scripts of examples/python, and the example test suite shown
in docs/python.md is exactly examples/python/test_with_cognito_mock.py (which
test_testing.py runs with pytest)."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path

import pytest

import cognito_mfa
import cognito_mfa.blocking

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "python.md"
TEXT = DOCS.read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", TEXT, re.DOTALL)
EXAMPLES = ROOT / "examples" / "python"


def test_the_docs_have_examples() -> None:
    assert len(BLOCKS) >= 10


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_docs_python_md_block_runs(block: str) -> None:
    namespace: dict[str, object] = {"__name__": "docs_example"}
    exec(compile(block, str(DOCS), "exec"), namespace)  # the blocks assert their own results


def test_the_documented_test_suite_is_the_example_file() -> None:
    [suite] = re.findall(r"```py\n(.*?)```", TEXT, re.DOTALL)
    example = (EXAMPLES / "test_with_cognito_mock.py").read_text(encoding="utf-8")
    assert suite == example


@pytest.mark.parametrize("module", [cognito_mfa, cognito_mfa.blocking], ids=lambda m: m.__name__)
def test_package_docstring_doctests(module: object) -> None:
    result = doctest.testmod(module, raise_on_error=False)  # type: ignore[arg-type]
    assert result.attempted >= 2
    assert result.failed == 0


def run_example(name: str) -> str:
    completed = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_every_example_script_is_tested() -> None:
    scripts = {path.name for path in EXAMPLES.glob("*.py") if not path.name.startswith("test_")}
    assert scripts == {"totp.py", "signin.py", "blocking_signin.py"}


def test_totp_example_runs() -> None:
    output = run_example("totp.py")
    assert "verified: True" in output
    assert "replay refused: CodeReusedError" in output


def test_signin_example_runs() -> None:
    output = run_example("signin.py")
    assert "3. verified=True, preferred factor: SOFTWARE_TOKEN_MFA" in output
    assert "4. challenge: SOFTWARE_TOKEN_MFA" in output
    assert "5. a wrong code: CodeMismatchException (HTTP 400)" in output
    assert "6. signed in as alice" in output
    assert "valid: True" in output
    assert "<redacted>" in output


def test_blocking_example_runs() -> None:
    output = run_example("blocking_signin.py")
    assert "signed in from 8 threads: user0@example.com" in output
    assert "SMS sent: 8" in output


VERIFY_DOCS = ROOT / "docs" / "verify.md"
VERIFY_BLOCKS = re.findall(
    r"```python\n(.*?)```", VERIFY_DOCS.read_text(encoding="utf-8"), re.DOTALL
)


@pytest.mark.parametrize(
    "block", VERIFY_BLOCKS, ids=[f"verify{i}" for i in range(len(VERIFY_BLOCKS))]
)
def test_docs_verify_md_python_block_runs(block: str) -> None:
    """The FastAPI dependency of docs/verify.md: defined, then called without a token and with
    a malformed one (401 with the code, never the token)."""
    namespace: dict[str, object] = {"__name__": "docs_example"}
    exec(compile(block, str(VERIFY_DOCS), "exec"), namespace)
    import asyncio

    from fastapi import HTTPException, Request

    dependency = namespace["claims"]

    def status_of(headers: list[tuple[bytes, bytes]]) -> tuple[int, object]:
        request = Request({"type": "http", "method": "GET", "path": "/me", "headers": headers})
        try:
            asyncio.run(dependency(request))  # type: ignore[operator]
        except HTTPException as error:
            return error.status_code, error.detail
        return 200, None

    assert status_of([]) == (401, "a bearer token is required")
    assert status_of([(b"authorization", b"Bearer not.a.token")]) == (401, "JwtMalformedError")
