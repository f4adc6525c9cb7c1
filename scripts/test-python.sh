#!/usr/bin/env bash
# Builds, installs and checks the Python package `cognito-mfa`.
#
# Needs only Rust (cargo), Python 3.11+ with pip and venv, and a C compiler; maturin comes
# through pip's build isolation. Run from anywhere (it works from the repository root).
#
#   1. .venv (created if missing) gets tests/python/requirements.txt, then the package with
#      `pip install .` (a release build of bindings-python into the shared target/).
#   2. A brand-new .venv-fresh proves that `pip install .` works from nothing and that the
#      package imports and computes an RFC 6238 vector. Cargo finds step 1's build in target/,
#      so this costs no second compile.
#   3. pytest tests/python, mypy.stubtest of the installed package against its stubs,
#      mypy --strict of the example and the benchmark, ruff check of the Python sources,
#      rustfmt of the binding crate.
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
import cognito_mfa

# RFC 6238 appendix B, SHA-1 at T = 59 s.
totp = cognito_mfa.TOTP(b"12345678901234567890", digits=8)
assert totp.at(59) == "94287082", totp.at(59)
assert cognito_mfa.__file__ and ".venv-fresh" in cognito_mfa.__file__, cognito_mfa.__file__
print(f"cognito_mfa {cognito_mfa.__version__} imports from a fresh venv: OK")
PY
)
rm -rf .venv-fresh

step "pytest tests/python"
"$VPY" -m pytest tests/python -q

step "mypy.stubtest cognito_mfa"
(cd /tmp && "$VPY" -m mypy.stubtest cognito_mfa)

step "mypy --strict examples and benchmark"
"$VPY" -m mypy --strict examples/python/*.py bench/python_totp.py

step "ruff check"
"$VPY" -m ruff check bindings-python/python tests/python examples/python bench

step "cargo fmt --check (bindings-python)"
cargo fmt -p cognito-mfa-python --check

step "Python checks passed"
