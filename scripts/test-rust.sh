#!/usr/bin/env bash
# Rust: formatting, lints (warnings are errors), and the tests of every crate.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The binding crates are cdylibs that link against the Python / Node runtime: their tests are the
# pytest and jest suites. Everything else runs here, doctests included.
cargo test --workspace --locked --exclude cognito-mfa-python --exclude cognito-mfa-node
cargo build --locked -p cognito-mfa-cli
