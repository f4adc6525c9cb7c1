#!/usr/bin/env node
// TOTP with cognito-mfa: provision an authenticator app, then check its codes.
//
//   npm ci                      # builds the native addon (needs Rust's cargo)
//   node examples/node/totp.js
//
// In a real Cognito flow the secret comes from AssociateSoftwareToken; here it is random.
'use strict';

const { TOTP, parseUri, qrText, randomSecret } = require('cognito-mfa');

// 1. A shared secret (base32, 160 bits) and the TOTP for it: Cognito's settings, i.e.
//    SHA1, 6 digits, 30-second steps.
const totp = new TOTP(randomSecret());
console.log('TOTP:', totp); // prints the settings only, never the secret

// 2. The key URI an authenticator app scans, shown as a QR code in the terminal.
const uri = totp.provisioningUri('alice@example.com', { issuer: 'Example Corp' });
console.log(qrText(uri));
console.log('Scan the code above, or enter this URI:', uri);

// 3. What the app will show now, and how long it stays valid.
const code = totp.now();
console.log(`Current code: ${code} (valid for ${totp.secondsRemaining()} more seconds)`);

// 4. Verifying: true for the current code (or one step before/after it, for clock drift),
//    false for a wrong one; a malformed code throws an error with code InvalidInputError.
console.log('verify(current code):', totp.verify(code));
console.log('verify(wrong code):  ', totp.verify(code === '000000' ? '000001' : '000000'));
try {
  totp.verify('12ab56');
} catch (error) {
  console.log(`verify('12ab56') threw ${error.code}: ${error.message}`);
}

// 5. The app's side: parse the URI back, and it computes the same codes.
const scanned = parseUri(uri);
console.log(`Parsed URI: issuer ${scanned.issuer}, account ${scanned.account}`);
console.log('Same code from the parsed URI:', scanned.totp.at(1700000000) === totp.at(1700000000));
