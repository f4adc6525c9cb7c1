#!/usr/bin/env bash
# TOTP through both bindings, each side by side with its ecosystem's peers, in one run:
# the Python package against pyotp, the Node package against otpauth and otplib. Each part
# prints ns/µs per call and the ratios. Needs .venv (scripts/test-python.sh) and node_modules
# with the built addon (npm install / scripts/test-node.sh).
#
#   bash bench/totp_bindings.sh
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== Python: cognito_mfa vs pyotp =="
.venv/bin/python bench/python_totp.py "$@"
echo
echo "== Node: cognito-mfa vs otpauth and otplib =="
node bench/node_totp.js
