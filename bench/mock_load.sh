#!/usr/bin/env bash
# The load test of the mock endpoint in release mode (docs/benchmarks.md, "Load"): 2,000 users
# with TOTP, LOAD_SIGN_INS (default 10,000) full sign-ins by 200 concurrent clients on
# loopback, bounded by LOAD_SECONDS (default 300); prints throughput, p50/p99 latency of a
# sign-in and the peak RSS of the process (the mock and its load generator share it).
# The same test runs in debug mode in `cargo test` (scripts/test-rust.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo test --release -p cognito-mfa-mock --test endpoint load -- --nocapture 2>&1 | grep -E '^load:|test result'
