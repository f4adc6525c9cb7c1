#!/usr/bin/env bash
# The example apps in a real browser: installs what the suite needs (Debian's chromium, the
# apps' packages), then runs examples/browser-tests against every app of APPS_EXPECTED that
# exists. Once both apps are in the tree a missing one is a failure. Needs scripts/test-node.sh
# (the addon) and, for FastAPI, scripts/test-python.sh (the .venv) to have run.
set -euo pipefail
cd "$(dirname "$0")/.."

APPS_EXPECTED=(express fastapi)
# Every app of APPS_EXPECTED must exist (REQUIRE_ALL=0 runs the ones present).
REQUIRE_ALL=${REQUIRE_ALL:-1}

if [ ! -x /usr/bin/chromium ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

apps=()
for app in "${APPS_EXPECTED[@]}"; do
  if [ -d "examples/$app" ]; then
    apps+=("$app")
  elif [ "$REQUIRE_ALL" = 1 ]; then
    echo "test-examples: examples/$app is missing" >&2
    exit 1
  fi
done

(cd examples/express && npm ci --no-audit --no-fund)
(cd examples/browser-tests && npm ci --no-audit --no-fund)
if [[ " ${apps[*]} " == *" fastapi "* ]]; then
  .venv/bin/python -m pip install -r examples/fastapi/requirements.txt
fi

# The suite stops the apps (their process groups) and the browser itself; this trap is for
# an interrupted run.
cleanup() {
  pkill -P $$ 2>/dev/null || true
}
trap cleanup EXIT

cd examples/browser-tests
APP=$(IFS=,; echo "${apps[*]}") node --test --test-concurrency=1 suite.test.js
