// Loads the native addon of cognito-mfa, for index.js and testing.js. Not an entry point of the
// package. The napi-rs layout, in this order:
//   1. the prebuilt platform package, e.g. cognito-mfa-linux-x64-gnu, which npm installs through
//      the published package's optionalDependencies on a matching machine (os/cpu/libc);
//   2. a local build, bindings-node/cognito-mfa.node, made from source by
//      bindings-node/scripts/build.js (the install script, when no prebuilt addon loads; and
//      `npm ci` in this repository);
//   3. else an Error with code 'AddonNotFoundError' that names the platform and the fallback.
'use strict';

/** 'gnu' or 'musl' on Linux (what the platform packages' names say), else undefined. */
function linuxLibc() {
  if (process.platform !== 'linux') return undefined;
  const report = typeof process.report?.getReport === 'function' ? process.report.getReport() : null;
  return report?.header?.glibcVersionRuntime ? 'gnu' : 'musl';
}

/** The platform as the platform packages name it: linux-x64-gnu, darwin-arm64, win32-x64-msvc. */
function platformName() {
  const base = `${process.platform}-${process.arch}`;
  if (process.platform === 'linux') return `${base}-${linuxLibc()}`;
  if (process.platform === 'win32') return `${base}-msvc`;
  return base;
}

/** The prebuilt addons that are published (npm/<platform>/package.json in the repository). */
const PUBLISHED = ['linux-x64-gnu'];

function load() {
  const platform = platformName();
  const failures = [];
  const candidates = [`cognito-mfa-${platform}`, './cognito-mfa.node'];
  for (const candidate of candidates) {
    try {
      return require(candidate);
    } catch (error) {
      failures.push(error);
    }
  }
  const prebuilt = PUBLISHED.includes(platform)
    ? `the prebuilt package cognito-mfa-${platform} is not installed or does not load (npm skips optionalDependencies with --omit=optional or --no-optional)`
    : `no prebuilt addon is published for ${platform} (prebuilt: ${PUBLISHED.join(', ')})`;
  const error = new Error(
    `cognito-mfa: no native addon for this platform, ${process.platform}-${process.arch}` +
      `${process.platform === 'linux' ? ` (${linuxLibc() === 'gnu' ? 'glibc' : 'musl'})` : ''}: ` +
      `${prebuilt}, and no local build bindings-node/cognito-mfa.node was found. Fallback: build ` +
      "it from source with `npm rebuild cognito-mfa` (needs Rust's cargo 1.90 or newer, " +
      "https://rustup.rs; with npm's strict install scripts, first " +
      '`npm install-scripts approve cognito-mfa`).',
    { cause: new AggregateError(failures, `tried: ${candidates.join(', ')}`) },
  );
  error.code = 'AddonNotFoundError';
  error.name = 'AddonNotFoundError';
  error.platform = platform;
  throw error;
}

module.exports = load();
