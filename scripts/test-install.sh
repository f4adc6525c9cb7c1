#!/usr/bin/env bash
# The no-Rust proof of the release artefacts (issue 13). From the repository root:
#   1. builds the artefacts with scripts/package.sh, or reuses dist/ when it already holds this
#      version's wheel, sdist and both npm tarballs (REBUILD=1 forces a build);
#   2. removes cargo and rustc from PATH (every PATH entry that holds either) and asserts that
#      `command -v cargo` and `command -v rustc` fail;
#   3. Python: a fresh venv, `pip install` of the wheel (timed), then pytest of the suites that
#      need only the installed package and its embedded mock, copied into a temporary folder
#      and run there with --rootdir, so that they import the installed package;
#   4. Node: an empty npm project, `npm install <main.tgz> <platform.tgz>` (timed), the addon
#      must come from the platform package (no source build), then jest over the suites that
#      need only the installed package, copied into that project;
#   5. bad input: the platform package hidden (its folder renamed), `require('cognito-mfa')`
#      must throw AddonNotFoundError naming the platform and the fallback; `pip install` of the
#      sdist must fail with maturin's own message about the missing Rust toolchain;
#   6. the source builds, for comparison, with Rust back on PATH: `pip install` of the sdist
#      and `npm install` of the main tarball alone (timed; with the shared CARGO_TARGET_DIR, so
#      warm unless COLD=1, which gives them empty target dirs). Timings and sizes go to
#      dist/install-report.txt (docs/install.md records them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
DIST="$ROOT/dist"
REPORT="$DIST/install-report.txt"

step() { printf '\n--> %s\n' "$*"; }
fail() { echo "test-install: FAIL: $*" >&2; exit 1; }

version="$(node -p "require('./package.json').version")"
platform=linux-x64-gnu
wheel() { compgen -G "$DIST/cognito_mfa-$version-cp310-abi3-manylinux_*_x86_64.whl" | head -n 1; }
sdist="$DIST/cognito_mfa-$version.tar.gz"
main_tgz="$DIST/cognito-mfa-$version.tgz"
platform_tgz="$DIST/cognito-mfa-$platform-$version.tgz"

step "artefacts in dist/"
if [[ -n "${REBUILD:-}" || -z "$(wheel)" || ! -f "$sdist" || ! -f "$main_tgz" || ! -f "$platform_tgz" ]]; then
  bash scripts/package.sh
else
  echo "reusing dist/ (REBUILD=1 to build again)"
fi
(cd "$DIST" && sha256sum --check --quiet SHA256SUMS) || fail "dist/SHA256SUMS does not match"
whl="$(wheel)"

# The real interpreters, found before PATH loses anything (pyenv shims need their own dirs).
PYTHON="$(python3 -c 'import sys; print(sys.executable)')"
NODE="$(command -v node)"
NPM="$(command -v npm)"
RUST_PATH="$PATH"

step "PATH without cargo and rustc"
no_rust_path=""
IFS=':' read -r -a entries <<< "$PATH"
for dir in "${entries[@]}"; do
  [[ -z "$dir" || -e "$dir/cargo" || -e "$dir/rustc" || -e "$dir/rustup" ]] && continue
  no_rust_path="${no_rust_path:+$no_rust_path:}$dir"
done
export PATH="$no_rust_path"
unset CARGO RUSTC RUSTUP_TOOLCHAIN
if command -v cargo >/dev/null || command -v rustc >/dev/null; then
  fail "cargo or rustc is still on PATH ($(command -v cargo rustc | tr '\n' ' '))"
fi
echo "cargo: $(command -v cargo || echo 'not found'); rustc: $(command -v rustc || echo 'not found')"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
: > "$REPORT.tmp"
record() { printf '%s\n' "$*" | tee -a "$REPORT.tmp"; }
seconds() { local start=$1; echo "$(( $(date +%s%N) / 1000000 - start ))" | awk '{ printf "%.1f", $1 / 1000 }'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

step "Python: pip install of the wheel into a fresh venv"
"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "pytest>=9,<10" "pytest-asyncio>=1.5,<2"
t=$(now_ms)
"$work/venv/bin/python" -m pip install --quiet --no-index --no-deps "$whl"
record "pip install $(basename "$whl") (wheel, no Rust): $(seconds "$t") s"

step "Python: pytest against the installed wheel"
tests="$work/python-tests"
mkdir -p "$tests"
python_suites=(test_totp.py test_client.py test_errors.py test_session.py test_blocking.py
  test_packaging.py test_devices.py test_resume.py test_concurrency.py)
for file in conftest.py support.py "${python_suites[@]}"; do cp "tests/python/$file" "$tests/"; done
cat > "$tests/pytest.ini" <<'INI'
[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
INI
(cd "$tests" && "$work/venv/bin/python" - <<'PY'
import cognito_mfa, sys
assert "/site-packages/cognito_mfa/" in cognito_mfa.__file__, cognito_mfa.__file__
assert cognito_mfa._native.__file__.endswith("_native.abi3.so"), cognito_mfa._native.__file__
print("imports the installed wheel:", cognito_mfa.__file__)
PY
)
export COGNITO_MFA_DIST="$DIST"  # test_packaging.py checks the wheel's files
(cd "$tests" && "$work/venv/bin/python" -m pytest --rootdir "$tests" -p no:cacheprovider -q "${python_suites[@]}")
# The artefacts' versions against the manifests (needs the repository's files, not its sources).
"$work/venv/bin/python" -m pytest -p no:cacheprovider -q tests/python/test_version.py

step "Node: npm install of the two tarballs into an empty project"
project="$work/node-project"
mkdir -p "$project"
printf '{ "name": "cognito-mfa-install-proof", "version": "1.0.0", "private": true }\n' > "$project/package.json"
t=$(now_ms)
(cd "$project" && "$NPM" install --no-package-lock --foreground-scripts "$main_tgz" "$platform_tgz")
record "npm install $(basename "$main_tgz") $(basename "$platform_tgz") (prebuilt addon, no Rust): $(seconds "$t") s"
[[ ! -e "$project/node_modules/cognito-mfa/bindings-node/cognito-mfa.node" ]] \
  || fail "the install script built the addon from source although the platform package was there"
(cd "$project" && "$NODE" -e "
  const assert = require('node:assert');
  const manifest = require('cognito-mfa/package.json');
  assert.deepStrictEqual(manifest.optionalDependencies, { 'cognito-mfa-$platform': manifest.version });
  const { TOTP } = require('cognito-mfa');
  assert.strictEqual(new TOTP(Buffer.from('12345678901234567890'), { digits: 8 }).at(59), '94287082');
  const loaded = Object.keys(require.cache).filter((file) => file.endsWith('.node'));
  assert.deepStrictEqual(loaded, [require.resolve('cognito-mfa-$platform')]);
  console.log('loads the prebuilt addon:', loaded[0]);
")

step "Node: jest against the installed tarballs"
# The versions of the repository's package-lock.json; --prefer-offline takes what npm's cache
# already holds (the repository's `npm ci` has just filled it) instead of asking the registry
# again for every package of jest's tree.
locked() { "$NODE" -p "require('$ROOT/package-lock.json').packages['node_modules/$1'].version"; }
(cd "$project" && "$NPM" install --no-package-lock --prefer-offline --no-progress \
  "jest@$(locked jest)" "amazon-cognito-identity-js@$(locked amazon-cognito-identity-js)")
node_suites=(totp client concurrency testing-example compat-devices testing)
# Same layout as in the repository (tests/node), so that a suite's `path.resolve(__dirname,
# '..', '..')` is the project, where `cognito-mfa` resolves to the installed package.
mkdir -p "$project/tests/node"
cp tests/node/helpers.js "$project/tests/node/"
for suite in "${node_suites[@]}"; do cp "tests/node/$suite.test.js" "$project/tests/node/"; done
(cd "$project" && "$NODE" node_modules/jest/bin/jest.js --ci --rootDir "$project" tests/node)

step "bad input: the platform package hidden"
mv "$project/node_modules/cognito-mfa-$platform" "$work/hidden-platform-package"
(cd "$project" && "$NODE" -e "
  try {
    require('cognito-mfa');
  } catch (error) {
    console.log(error.message);
    if (error.code !== 'AddonNotFoundError') process.exit(2);
    if (!error.message.includes('linux-x64 (glibc)')) process.exit(3);
    if (!error.message.includes('cognito-mfa-$platform')) process.exit(4);
    if (!error.message.includes('npm rebuild cognito-mfa')) process.exit(5);
    process.exit(0);
  }
  process.exit(1);
") || fail "require('cognito-mfa') without the platform package did not fail as it should"
mv "$work/hidden-platform-package" "$project/node_modules/cognito-mfa-$platform"

step "bad input: pip install of the sdist without Rust"
"$PYTHON" -m venv "$work/venv-sdist"
# Without MATURIN_NO_INSTALL_RUST, maturin's build backend would download a temporary Rust
# toolchain (puccinialin) instead, which this machine's closed network cannot do.
if MATURIN_NO_INSTALL_RUST=1 timeout 300 "$work/venv-sdist/bin/python" -m pip install --no-deps \
    "$sdist" > "$work/sdist.log" 2>&1; then
  fail "pip install of the sdist succeeded without cargo on PATH"
fi
grep -A 3 "Cargo, the Rust package manager" "$work/sdist.log" \
  || fail "the sdist failure is not maturin's missing-Rust message (see $work/sdist.log)"

step "the source builds, with Rust on PATH again (for comparison)"
export PATH="$RUST_PATH"
label="${COLD:+cold, empty target dir}"; label="${label:-warm CARGO_TARGET_DIR}"
"$PYTHON" -m venv "$work/venv-source"
if [[ -n "${COLD:-}" ]]; then export CARGO_TARGET_DIR="$work/cold-target-python"; fi
t=$(now_ms)
"$work/venv-source/bin/python" -m pip install --quiet --no-deps "$sdist"
record "pip install $(basename "$sdist") (source build, $label): $(seconds "$t") s"
source_project="$work/node-source"
mkdir -p "$source_project"
printf '{ "name": "cognito-mfa-source-build", "version": "1.0.0", "private": true }\n' > "$source_project/package.json"
if [[ -n "${COLD:-}" ]]; then export CARGO_TARGET_DIR="$work/cold-target-node"; fi
t=$(now_ms)
(cd "$source_project" && "$NPM" install --no-package-lock --omit=optional --silent "$main_tgz")
record "npm install --omit=optional $(basename "$main_tgz") (source build, $label): $(seconds "$t") s"
[[ -e "$source_project/node_modules/cognito-mfa/bindings-node/cognito-mfa.node" ]] \
  || fail "npm install --omit=optional did not build the addon from source"

step "sizes"
for file in "$whl" "$sdist" "$main_tgz" "$platform_tgz"; do
  record "$(basename "$file"): $(stat -c %s "$file") bytes"
done
so_size="$(unzip -l "$whl" | awk '/_native.abi3.so/ { print $1 }')"
record "cognito_mfa/_native.abi3.so in the wheel (stripped): $so_size bytes"
record "npm/$platform/cognito-mfa.$platform.node (stripped): $(stat -c %s "npm/$platform/cognito-mfa.$platform.node") bytes"
wheel_size="$(stat -c %s "$whl")"
(( wheel_size <= 5 * 1024 * 1024 )) || fail "the wheel is $wheel_size bytes, over 5 MiB"
mv "$REPORT.tmp" "$REPORT"

step "install proof passed (no cargo, no rustc)"
