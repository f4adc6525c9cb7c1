#!/usr/bin/env bash
# Tests the cognito-mfa npm package end to end, from the repository root:
#   1. npm ci            — installs the dev tools; its `install` script builds the addon
#                          (cargo build --release -p cognito-mfa-node)
#   2. jest tests/node   — the Node test suites. No --forceExit: jest must exit by itself (the
#                          addon's threads and a stopped MockCognito hold no event-loop handle).
#                          tests/node/mock-cognito-identity.test.js and mock-devices-identity.test.js run the `cognito-mfa` CLI's
#                          mock: $COGNITO_MFA_BIN, else a debug build made here.
#   3. tsc -p tests/node — type-checks index.d.ts, compat.d.ts and testing.d.ts through the
#                          usage files tests/node/*-check.ts (with @ts-expect-error negatives)
#   4. install from the repository's path, then from a tarball (`npm pack`), each into an
#      empty project (which builds the addon from the sources) and use it from there: the
#      Promise API against MockCognito, the compat and testing entry points, ESM imports.
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

if [ -z "${COGNITO_MFA_BIN:-}" ]; then
  step "cargo build -p cognito-mfa-cli (the mock of the identity-js proofs, tests/node/mock-*-identity.test.js)"
  cargo build -p cognito-mfa-cli
  export COGNITO_MFA_BIN="$CARGO_TARGET_DIR/debug/cognito-mfa"
fi

step "jest tests/node"
npx jest tests/node --ci

step "tsc: type declarations"
npx tsc -p tests/node
npx tsc -p tests/node/tsconfig.admin.json

# Uses the installed package from an empty project ($1: a label; $2: where require.resolve
# must find it): the TOTP engine, a full MFA sign-in against MockCognito, compat, ESM.
check_install() {
  node -e "
    const assert = require('node:assert');
    const { TOTP, parseUri, CognitoUser, AuthenticationDetails } = require('cognito-mfa');
    const compat = require('cognito-mfa/compat');
    const { MockCognito } = require('cognito-mfa/testing');
    const path = require.resolve('cognito-mfa');
    assert.ok(path.startsWith(process.argv[2]), 'cognito-mfa resolved outside ' + process.argv[2] + ': ' + path);
    // RFC 6238 appendix B: SHA-1, t = 59
    const totp = new TOTP(Buffer.from('12345678901234567890'), { digits: 8 });
    assert.strictEqual(totp.at(59), '94287082');
    assert.strictEqual(parseUri(totp.provisioningUri('alice')).totp.at(59), '94287082');
    (async () => {
      const mock = await MockCognito.start();
      const poolId = await mock.createUserPool({ mfa: 'OPTIONAL' });
      const client = await mock.createAppClient(poolId);
      await mock.createUser(poolId, 'alice', 'Passw0rd!');
      const secret = await mock.enrolTotp(poolId, client, 'alice', 'Passw0rd!');
      const user = new CognitoUser({ Username: 'alice', Pool: mock.userPool(poolId, client) });
      const challenge = await user.authenticateUser(new AuthenticationDetails({ Username: 'alice', Password: 'Passw0rd!' }));
      assert.strictEqual(challenge.challengeName, 'SOFTWARE_TOKEN_MFA');
      const { session } = await user.sendMFACode(mock.totpCode(secret));
      assert.strictEqual(session.isValid(), true);
      assert.strictEqual(typeof compat.CognitoUser, 'function');
      await mock.stop();
      console.log('installed (' + process.argv[1] + '):', path);
    })().catch((err) => { console.error(err); process.exit(1); });
  " "$1" "$2"
  node --input-type=module -e "
    import { TOTP, CognitoUser } from 'cognito-mfa';
    import { CognitoUser as CompatUser } from 'cognito-mfa/compat';
    import { MockCognito } from 'cognito-mfa/testing';
    if (new TOTP('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', { digits: 8 }).at(59) !== '94287082') process.exit(1);
    if (typeof CognitoUser !== 'function' || typeof CompatUser !== 'function' || typeof MockCognito !== 'function') process.exit(1);
    console.log('ESM imports: ok');
  "
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
new_project() {
  mkdir "$work/$1"
  printf '{ "name": "cognito-mfa-install-check", "version": "1.0.0", "private": true }\n' > "$work/$1/package.json"
}

step "install from the repository's path"
new_project from-path
(cd "$work/from-path" && npm install --foreground-scripts --no-package-lock "$repo" && check_install "a path install" "$repo")

step "install from a packed tarball"
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
new_project from-tarball
(cd "$work/from-tarball" && npm install --foreground-scripts --no-package-lock "$work/$tarball" && check_install "a tarball install" "$work/from-tarball")

step "node tests passed"
