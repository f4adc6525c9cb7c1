#!/usr/bin/env bash
# Builds everything and runs every test suite: Rust (fmt, clippy, tests; the fuzz targets for a
# fixed number of runs), Python (pytest, mypy,
# stubtest), Node (jest, tsc) and the example apps (headless Chromium). Needs only what a fresh machine has: Rust, Python 3.11 with pip,
# Node 20 with npm. Everything else (pip and npm packages) is installed by the scripts it calls.
set -euo pipefail
cd "$(dirname "$0")/.."
# One stream: the tools' diagnostics (jest, cargo and pip write theirs to stderr) stay next to
# the step that printed them, in a log that keeps only standard output too.
exec 2>&1

started=$(date +%s)
current=""
section() { current="$1"; printf '\n==== %s (%ss) ====\n' "$1" "$(( $(date +%s) - started ))"; }
trap 'echo "test-all: FAILED (exit $?) in \"$current\" after $(( $(date +%s) - started ))s"' ERR

section "Rust"
bash scripts/test-rust.sh

# The fuzz targets for a fixed number of runs each (the long runs: docs/reliability.md).
section "Fuzz targets (2,000 runs each)"
FUZZ_RUNS=2000 bash scripts/fuzz.sh

# The Python and Node suites start the mock endpoint from the CLI binary built above.
export COGNITO_MFA_BIN="$PWD/target/debug/cognito-mfa"

section "Python"
bash scripts/test-python.sh

section "Node"
bash scripts/test-node.sh

section "Example apps in a browser"
bash scripts/test-examples.sh

section "Release artefacts installed without Rust"; bash scripts/test-install.sh
section "All suites passed"
