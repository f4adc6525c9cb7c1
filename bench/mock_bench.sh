#!/usr/bin/env bash
# Benchmark of the mock endpoint (docs/benchmarks.md, "Mock endpoint"):
#   - full sign-ins per second over loopback, USER_PASSWORD_AUTH + SOFTWARE_TOKEN_MFA and
#     USER_SRP_AUTH + SOFTWARE_TOKEN_MFA, at 1, 8 and 32 concurrent clients;
#   - the same USER_PASSWORD_AUTH + SOFTWARE_TOKEN_MFA flow against moto's server, in the same
#     run, with the same load generator;
#   - the resident memory of `cognito-mfa mock` with 10,000 users preloaded.
# Every run is bounded by a number of sign-ins (BENCH_SCALE multiplies them; default 1).
# moto comes from a throwaway venv (MOTO_VENV, default /tmp/cognito-mfa-moto-venv).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cargo build --release -p cognito-mfa-cli
venv="${MOTO_VENV:-/tmp/cognito-mfa-moto-venv}"
if [[ ! -x "$venv/bin/moto_server" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'moto[server]'
fi
"$venv/bin/python" -c 'import moto; print(f"moto {moto.__version__}")'
COGNITO_MFA_BIN="$PWD/target/release/cognito-mfa" MOTO_SERVER="$venv/bin/moto_server" \
    cargo bench -p cognito-mfa-mock --bench signin
