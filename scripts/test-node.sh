#!/usr/bin/env bash
# Tests the cognito-mfa npm package end to end, from the repository root:
#   1. npm ci            — installs the dev tools; its `install` script builds the addon
#                          (cargo build --release -p cognito-mfa-node)
#   2. jest tests/node   — the Node test suites
#   3. tsc -p tests/node — type-checks bindings-node/index.d.ts through tests/node/types-check.ts
#   4. install from a tarball: `npm pack`, then `npm install <tarball>` into an empty project
#      (which builds the addon from the packed sources) and use it from there.
# Step 4 shares the repository's cargo target dir (CARGO_TARGET_DIR) so that only the
# workspace's own crates are compiled again, not every dependency.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

step() { printf '\n== %s\n' "$*"; }

step "npm ci (builds the native addon)"
npm ci --foreground-scripts

step "jest tests/node"
npx jest tests/node --ci --forceExit

step "tsc: type declarations"
npx tsc -p tests/node

step "install from a packed tarball"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
mkdir "$work/app"
cd "$work/app"
printf '{ "name": "cognito-mfa-install-check", "version": "1.0.0", "private": true }\n' > package.json
npm install --foreground-scripts --no-package-lock "$work/$tarball"
node -e "
  const assert = require('node:assert');
  const { TOTP, parseUri } = require('cognito-mfa');
  const path = require.resolve('cognito-mfa');
  assert.ok(path.startsWith(process.cwd()), 'cognito-mfa resolved outside the test project: ' + path);
  // RFC 6238 appendix B: SHA-1, t = 59
  const totp = new TOTP(Buffer.from('12345678901234567890'), { digits: 8 });
  assert.strictEqual(totp.at(59), '94287082');
  assert.strictEqual(parseUri(totp.provisioningUri('alice')).totp.at(59), '94287082');
  console.log('installed from the tarball:', path);
"
node --input-type=module -e "
  import { TOTP } from 'cognito-mfa';
  if (new TOTP('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', { digits: 8 }).at(59) !== '94287082') process.exit(1);
  console.log('ESM import from the tarball install: ok');
"

step "node tests passed"
