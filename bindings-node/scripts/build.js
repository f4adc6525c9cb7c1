#!/usr/bin/env node
// Builds the native addon of the cognito-mfa npm package from source and puts it at
// bindings-node/cognito-mfa.node, where bindings-node/index.js loads it.
//
// npm runs this as the package's `install` script. When the prebuilt platform package
// (cognito-mfa-linux-x64-gnu and the like, an optionalDependency of the published package)
// loads, the install script has nothing to do and exits at once: no Rust is needed. Otherwise
// (a platform without a prebuilt addon, `--omit=optional`, this repository's `npm ci`, an
// install from a path or git url) it builds the addon with plain
//   cargo build --release -p cognito-mfa-node
// No napi CLI is needed: index.js and index.d.ts are committed. Run by hand (`npm run build`)
// or with --from-source it always builds.
//
// Usage: node bindings-node/scripts/build.js [--debug] [--from-source]
// Environment: CARGO (the cargo executable, default `cargo`), CARGO_TARGET_DIR and every
// other cargo setting are honoured, since cargo itself reports where it wrote the library.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const destination = path.join(root, 'bindings-node', 'cognito-mfa.node');
const crate = 'cognito-mfa-node';
const libraryTarget = 'cognito_mfa_node';
// What cargo names a cdylib on each OS: libcognito_mfa_node.so / .dylib, cognito_mfa_node.dll.
const libraryExtensions = ['.so', '.dylib', '.dll'];

function fail(message) {
  console.error(`cognito-mfa: ${message}`);
  process.exit(1);
}

/** The platform as the platform packages name it (the same function as in ../native.js). */
function platformName() {
  const base = `${process.platform}-${process.arch}`;
  if (process.platform === 'linux') {
    const report = typeof process.report?.getReport === 'function' ? process.report.getReport() : null;
    return `${base}-${report?.header?.glibcVersionRuntime ? 'gnu' : 'musl'}`;
  }
  if (process.platform === 'win32') return `${base}-msvc`;
  return base;
}

/** The name of the prebuilt platform package if it is installed and loads, else undefined. */
function loadablePrebuilt() {
  const name = `cognito-mfa-${platformName()}`;
  try {
    require(require.resolve(name, { paths: [root] }));
    return name;
  } catch {
    return undefined;
  }
}

function main() {
  const debug = process.argv.includes('--debug');
  const asInstallScript =
    process.env.npm_lifecycle_event === 'install' && !process.argv.includes('--from-source');
  const prebuilt = asInstallScript ? loadablePrebuilt() : undefined;
  if (prebuilt) {
    console.error(`cognito-mfa: using the prebuilt native addon ${prebuilt}; nothing to build.`);
    return;
  }
  const cargo = process.env.CARGO || 'cargo';
  const args = ['build', '-p', crate, '--message-format=json-render-diagnostics'];
  if (!debug) args.splice(1, 0, '--release');

  console.error(`cognito-mfa: building the native addon (${cargo} ${args.join(' ')})`);
  // JSON messages on stdout (parsed below); progress and rendered diagnostics on stderr.
  const result = spawnSync(cargo, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) {
    if (result.error.code === 'ENOENT') {
      fail(
        `Rust's \`${cargo}\` was not found on PATH. cognito-mfa builds its native addon from ` +
          'source: install a Rust toolchain (1.90 or newer, https://rustup.rs), then run ' +
          '`npm rebuild cognito-mfa`.',
      );
    }
    fail(`could not run \`${cargo}\`: ${result.error.message}`);
  }
  if (result.status !== 0) {
    fail(`\`${cargo} ${args.join(' ')}\` failed (exit status ${result.status}); see above.`);
  }

  const library = findLibrary(result.stdout);
  if (!library) {
    fail(`cargo finished but reported no ${libraryTarget} library among its artifacts.`);
  }
  // Copy, then rename: a process that has the old addon loaded keeps its (unlinked) file.
  const partial = `${destination}.${process.pid}.tmp`;
  fs.copyFileSync(library, partial);
  fs.renameSync(partial, destination);
  console.error(`cognito-mfa: native addon ready at ${path.relative(root, destination)}`);
}

/** The path of the cdylib in cargo's JSON messages, or undefined. */
function findLibrary(stdout) {
  let found;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      continue;
    }
    if (
      message.reason === 'compiler-artifact' &&
      message.target &&
      message.target.name === libraryTarget &&
      message.target.kind.includes('cdylib')
    ) {
      found = message.filenames.find((file) => libraryExtensions.includes(path.extname(file)));
    }
  }
  return found;
}

main();
