#!/usr/bin/env bash
# Builds the release artefacts of cognito-mfa into dist/, with dist/SHA256SUMS:
#   cognito_mfa-<v>-cp310-abi3-manylinux_<glibc>_x86_64.whl   maturin build --release (stripped)
#   cognito_mfa-<v>.tar.gz                                     maturin sdist (builds from source)
#   cognito-mfa-<v>.tgz                     npm pack of the main package (JS, .d.ts, loader, the
#                                           Rust sources for the fallback build), with
#                                           optionalDependencies on the platform package added
#   cognito-mfa-linux-x64-gnu-<v>.tgz       npm pack of npm/linux-x64-gnu with the stripped addon
#
# Needs Rust, Python 3.10+ with venv, Node with npm, binutils' strip. maturin comes from PyPI
# into .venv-package (or $PACKAGE_VENV). Honours CARGO_TARGET_DIR (default target/), so a
# release build already there is reused. The same commands make the other platforms' artefacts
# on their own runners (.github/workflows/release.yml; docs/install.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
VENV="${PACKAGE_VENV:-$ROOT/.venv-package}"
DIST="$ROOT/dist"

step() { printf '\n-> %s\n' "$*"; }

version="$(node -p "require('./package.json').version")"
platform=linux-x64-gnu
addon="cognito-mfa.$platform.node"

step "maturin into $VENV"
[[ -x "$VENV/bin/python" ]] || "${PYTHON:-python3}" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet "maturin>=1.16,<2"

rm -rf "$DIST"
mkdir -p "$DIST"

step "wheel: maturin build --release"
"$VENV/bin/maturin" build --release --out "$DIST"

step "sdist: maturin sdist"
"$VENV/bin/maturin" sdist --out "$DIST"

step "Node addon: release build, stripped, into npm/$platform"
node bindings-node/scripts/build.js --from-source
cp bindings-node/cognito-mfa.node "npm/$platform/$addon"
strip --strip-unneeded "npm/$platform/$addon"
node -e "require('./npm/$platform/$addon')"

step "npm pack: cognito-mfa-$platform"
(cd "npm/$platform" && npm pack --silent --pack-destination "$DIST" >/dev/null)

step "npm pack: cognito-mfa, with optionalDependencies on the platform package"
# As napi-rs's `prepublish` does: the repository's package.json has no optionalDependencies
# (the platform packages are unpublished while it is developed, and `npm ci` would need them
# in the lock file); the published manifest names each platform package at the same version.
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
npm pack --silent --pack-destination "$stage" >/dev/null
tar -xzf "$stage/cognito-mfa-$version.tgz" -C "$stage"
node -e "
  const fs = require('node:fs');
  const file = process.argv[1];
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  manifest.optionalDependencies = { 'cognito-mfa-$platform': manifest.version };
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
" "$stage/package/package.json"
(cd "$stage/package" && npm pack --silent --ignore-scripts --pack-destination "$DIST" >/dev/null)

step "checksums"
(cd "$DIST" && sha256sum -- *.whl *.tar.gz *.tgz > SHA256SUMS && cat SHA256SUMS)
ls -l "$DIST"
