// cognito-mfa for Node: the native addon (bindings-node/native.js loads it) re-exported, with
// the Promise API of the Cognito client and the TOTP engine. Callback-style code written for
// amazon-cognito-identity-js uses `cognito-mfa/compat`; test suites use `cognito-mfa/testing`.
//
// The only JavaScript on top of the addon is presentation: `util.inspect` / `console.log`
// of a TOTP or KeyUri shows its settings and never its secret (`toJSON()`, used by
// JSON.stringify, is native and leaves the secret out too). Sessions, tokens and
// AuthenticationDetails hold their secrets natively, so they print as empty objects.
'use strict';

const { inspect } = require('node:util');
const native = require('./native.js');

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

// `TOTP.prototype.verify(code, options)`: the options' fields are read here and handed to
// the native function with the TOTP's handle, a number kept here for each TOTP (see
// `totp_verify` in src/totp.rs and src/registry.rs for the measured reasons: together they
// cut the cost of the package's hot path by more than half). Validation and the check are
// native; options that are not an object are passed fifth, to be accepted (undefined, null)
// or refused there. The first call on a TOTP, and a call on anything else, pass `this` itself
// (checked natively) and then, once it has verified, keep its handle.
const { totpVerify, totpVerifyInstance, totpHandle } = native;
/** The handle of each TOTP that has verified (a WeakMap: not reachable from outside). */
const handles = new WeakMap();
function verifyFirst(totp, code, options) {
  const valid = typeof options === 'object' && options !== null
    ? totpVerifyInstance(totp, code, options.at, options.window)
    : totpVerifyInstance(totp, code, undefined, undefined, options);
  handles.set(totp, totpHandle(totp));
  return valid;
}
Object.defineProperty(native.TOTP.prototype, 'verify', {
  value: function verify(code, options) {
    const handle = handles.get(this);
    if (handle === undefined) return verifyFirst(this, code, options);
    return typeof options === 'object' && options !== null
      ? totpVerify(handle, code, options.at, options.window)
      : totpVerify(handle, code, undefined, undefined, options);
  },
  writable: true,
  configurable: true,
});

// The Cognito client (Promises), named as in amazon-cognito-identity-js.
module.exports.CognitoUserPool = native.CognitoUserPool;
module.exports.CognitoUser = native.CognitoUser;
module.exports.AuthenticationDetails = native.AuthenticationDetails;
module.exports.CognitoUserSession = native.CognitoUserSession;
module.exports.CognitoIdToken = native.CognitoIdToken;
module.exports.CognitoAccessToken = native.CognitoAccessToken;
module.exports.CognitoRefreshToken = native.CognitoRefreshToken;
// Remembered devices: the device stores a pool can keep them in.
module.exports.MemoryDeviceStore = native.MemoryDeviceStore;
module.exports.FileDeviceStore = native.FileDeviceStore;
module.exports.StateSealer = native.StateSealer;
// The admin API for servers (SigV4-signed with IAM credentials).
module.exports.AdminClient = native.AdminClient;
// Token verification for servers.
module.exports.TokenVerifier = native.TokenVerifier;
// The codes of the package's errors.
module.exports.errorCodes = native.errorCodes;
// The TOTP engine.
module.exports.TOTP = native.TOTP;
module.exports.KeyUri = native.KeyUri;
module.exports.randomSecret = native.randomSecret;
module.exports.parseUri = native.parseUri;
module.exports.qrSvg = native.qrSvg;
module.exports.qrText = native.qrText;
