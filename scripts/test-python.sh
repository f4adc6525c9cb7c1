#!/usr/bin/env bash
# Builds, installs and checks the Python package `cognito-mfa`.
#
# Needs only Rust (cargo), Python 3.11+ with pip and venv, and a C compiler; maturin comes
# through pip's build isolation. Run from anywhere (it works from the repository root).
#
#   1. .venv (created if missing) gets tests/python/requirements.txt, then the package with
#      `pip install .` (a release build of bindings-python into the shared target/).
#   2. A brand-new .venv-fresh proves that `pip install .` works from nothing and that the
#      package imports, computes an RFC 6238 vector, signs a user in against its embedded mock
#      endpoint, and registers its pytest plugin. Cargo finds step 1's build in target/, so
#      this costs no second compile.
#   3. pytest tests/python (test_mock_boto3.py needs the CLI binary: COGNITO_MFA_BIN, default
#      target/debug/cognito-mfa), mypy.stubtest of the installed package against its stubs,
#      mypy --strict of the package sources, the examples and the benchmarks, ruff check and
#      ruff format --check of the Python sources, rustfmt of the binding crate.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
PYTHON="${PYTHON:-python3}"
VPY="$ROOT/.venv/bin/python"

step() { printf '\n==> %s\n' "$*"; }

step "test environment: .venv"
if [[ ! -x "$VPY" ]]; then
    "$PYTHON" -m venv .venv
fi
"$VPY" -m pip install --quiet -r tests/python/requirements.txt

step "pip install . into .venv"
"$VPY" -m pip install --progress-bar off --force-reinstall --no-deps .

step "pip install . into a fresh venv, then import"
rm -rf .venv-fresh
"$PYTHON" -m venv .venv-fresh
.venv-fresh/bin/python -m pip install --quiet .
(cd /tmp && "$ROOT/.venv-fresh/bin/python" - <<'PY'
import asyncio
from importlib.metadata import entry_points

import cognito_mfa
from cognito_mfa.testing import MockCognito

# RFC 6238 appendix B, SHA-1 at T = 59 s.
totp = cognito_mfa.TOTP(b"12345678901234567890", digits=8)
assert totp.at(59) == "94287082", totp.at(59)
assert cognito_mfa.__file__ and ".venv-fresh" in cognito_mfa.__file__, cognito_mfa.__file__

# The client and the embedded mock endpoint, and the pytest plugin's entry point.
with MockCognito() as mock:
    alice = mock.user_with_totp("alice")
    user = cognito_mfa.CognitoUser("alice", alice.user_pool)
    details = cognito_mfa.AuthenticationDetails("alice", alice.password)
    result = asyncio.run(user.authenticate_user(details))
    assert result.challenge_name is cognito_mfa.ChallengeName.SOFTWARE_TOKEN_MFA, result
assert any(ep.value == "cognito_mfa.pytest_plugin" for ep in entry_points(group="pytest11"))
print(f"cognito_mfa {cognito_mfa.__version__} imports and signs in from a fresh venv: OK")
PY
)
rm -rf .venv-fresh

step "pytest tests/python"
"$VPY" -m pytest tests/python -q

step "mypy.stubtest cognito_mfa"
(cd /tmp && "$VPY" -m mypy.stubtest cognito_mfa \
    --allowlist "$ROOT/bindings-python/stubtest-allowlist.txt")

step "mypy --strict: the package sources, examples and benchmarks"
"$VPY" -m mypy --strict bindings-python/python/cognito_mfa examples/python/*.py examples/fastapi/*.py \
    bench/python_*.py

step "ruff check and ruff format --check"
PY_SOURCES=(bindings-python/python tests/python examples/python examples/fastapi bench)
"$VPY" -m ruff check "${PY_SOURCES[@]}"
"$VPY" -m ruff format --check "${PY_SOURCES[@]}"

step "cargo fmt --check (bindings-python)"
cargo fmt -p cognito-mfa-python --check

step "Python checks passed"
