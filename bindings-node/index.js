// cognito-mfa for Node: loads the native addon (built from source by
// bindings-node/scripts/build.js when the package is installed) and re-exports it.
//
// The only JavaScript on top of the addon is presentation: `util.inspect` / `console.log`
// of a TOTP or KeyUri shows its settings and never its secret (`toJSON()`, used by
// JSON.stringify, is native and leaves the secret out too).
'use strict';

const { inspect } = require('node:util');

let native;
try {
  native = require('./cognito-mfa.node');
} catch (cause) {
  const error = new Error(
    'cognito-mfa: cannot load the native addon bindings-node/cognito-mfa.node. It is built ' +
      'from source when the package is installed; run `npm rebuild cognito-mfa` (needs ' +
      "Rust's cargo, https://rustup.rs; with npm's strict install scripts, first " +
      '`npm install-scripts approve cognito-mfa`).',
    { cause },
  );
  error.code = 'AddonNotFoundError';
  throw error;
}

/** `util.inspect` for TOTP and KeyUri: the class name and `toJSON()` (no secret). */
function inspectWithoutSecret(depth, options, inspectValue) {
  const name = this.constructor.name;
  if (depth < 0) return options.stylize(`[${name}]`, 'special');
  return `${name} ${inspectValue(this.toJSON(), { ...options, depth: options.depth === null ? null : options.depth - 1 })}`;
}

for (const NativeClass of [native.TOTP, native.KeyUri]) {
  Object.defineProperty(NativeClass.prototype, inspect.custom, {
    value: inspectWithoutSecret,
    writable: true,
    configurable: true,
  });
}

module.exports.TOTP = native.TOTP;
module.exports.KeyUri = native.KeyUri;
module.exports.randomSecret = native.randomSecret;
module.exports.parseUri = native.parseUri;
module.exports.qrSvg = native.qrSvg;
module.exports.qrText = native.qrText;
