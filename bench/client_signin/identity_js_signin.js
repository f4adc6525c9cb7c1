// One full sign-in (USER_SRP_AUTH, PASSWORD_VERIFIER, SOFTWARE_TOKEN_MFA) per user with
// amazon-cognito-identity-js, against the mock endpoint given on the command line.
// Usage: node identity_js_signin.js ENDPOINT POOL_ID CLIENT_ID USERS_FILE [WARMUP] [--remembered-device]
// Prints `RESULT {json}`: sign-ins, wall time and this process's CPU time.
// With --remembered-device (a pool where remembered devices skip MFA), each user first signs in
// untimed with TOTP — identity-js then confirms the new device itself and keeps its key and
// password in its storage — and the timed sign-ins are USER_SRP_AUTH, PASSWORD_VERIFIER,
// DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER, with no MFA callback.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
} = require('amazon-cognito-identity-js');

const remembered = process.argv.includes('--remembered-device');
const [endpoint, poolId, clientId, usersFile, warmupArg] = process.argv
  .slice(2)
  .filter((arg) => arg !== '--remembered-device');
const users = JSON.parse(fs.readFileSync(usersFile, 'utf8')).identity_js;
const warmup = Number(warmupArg || 3);

// RFC 6238 TOTP (SHA-1, 6 digits, 30 s) with node:crypto.
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/=+$/, '')) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
function totp(secret) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30)));
  const mac = crypto.createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(code).padStart(6, '0');
}

const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint });

function signIn(user) {
  return new Promise((resolve, reject) => {
    const cognitoUser = new CognitoUser({ Username: user.username, Pool: pool });
    const details = new AuthenticationDetails({ Username: user.username, Password: user.password });
    cognitoUser.authenticateUser(details, {
      onSuccess: () => reject(new Error('signed in without the TOTP challenge')),
      onFailure: reject,
      totpRequired: () => {
        cognitoUser.sendMFACode(
          totp(user.secret),
          { onSuccess: (session) => resolve(session), onFailure: reject },
          'SOFTWARE_TOKEN_MFA',
        );
      },
      mfaRequired: () => reject(new Error('unexpected SMS_MFA')),
    });
  });
}

// A sign-in from a remembered device: onSuccess without any MFA callback.
function signInRemembered(user) {
  return new Promise((resolve, reject) => {
    const cognitoUser = new CognitoUser({ Username: user.username, Pool: pool });
    const details = new AuthenticationDetails({ Username: user.username, Password: user.password });
    cognitoUser.authenticateUser(details, {
      onSuccess: (session) => resolve(session),
      onFailure: reject,
      totpRequired: () => reject(new Error('TOTP asked on a remembered device')),
      mfaRequired: () => reject(new Error('SMS asked on a remembered device')),
    });
  });
}

(async () => {
  if (remembered) {
    for (const user of users) await signIn(user);
  }
  const once = remembered ? signInRemembered : signIn;
  const warm = users.slice(0, warmup);
  const timed = users.slice(warmup);
  for (const user of warm) await once(user);
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (const user of timed) await once(user);
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  console.log(
    'RESULT ' +
      JSON.stringify({
        client: 'amazon-cognito-identity-js 6.3.21 (Node ' + process.version + ')',
        n: timed.length,
        wall_s: wall,
        cpu_s: (used.user + used.system) / 1e6,
      }),
  );
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
