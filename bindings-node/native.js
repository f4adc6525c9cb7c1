// Loads the native addon of cognito-mfa (bindings-node/cognito-mfa.node, built from source
// by bindings-node/scripts/build.js when the package is installed), for index.js and
// testing.js. Not an entry point of the package.
'use strict';

try {
  module.exports = require('./cognito-mfa.node');
} catch (cause) {
  const error = new Error(
    'cognito-mfa: cannot load the native addon bindings-node/cognito-mfa.node. It is built ' +
      'from source when the package is installed; run `npm rebuild cognito-mfa` (needs ' +
      "Rust's cargo, https://rustup.rs; with npm's strict install scripts, first " +
      '`npm install-scripts approve cognito-mfa`).',
    { cause },
  );
  error.code = 'AddonNotFoundError';
  error.name = 'AddonNotFoundError';
  throw error;
}
