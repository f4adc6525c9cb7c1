#!/usr/bin/env node
// Cognito MFA with cognito-mfa's Promise API, end to end: sign in, enrol an authenticator
// app, then sign in with TOTP, with SMS, and choosing between the two.
//
//   npm ci                        # builds the native addon (needs Rust's cargo)
//   node examples/node/signin.js
//
// It runs against MockCognito (an embedded mock endpoint), so it needs no AWS account; against
// a real pool, build the CognitoUserPool without `endpoint`, and read codes from the user.
'use strict';

const { AuthenticationDetails, CognitoUser, CognitoUserPool, TOTP } = require('cognito-mfa');
const { MockCognito } = require('cognito-mfa/testing');

async function main() {
  const mock = await MockCognito.start();
  const poolId = await mock.createUserPool({ mfa: 'OPTIONAL' });
  const client = await mock.createAppClient(poolId);
  await mock.createUser(poolId, 'alice', 'Corr3ct-Horse!', {
    attributes: { email: 'alice@example.com', phone_number: '+15555550100' },
  });
  const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: client.clientId, endpoint: mock.endpoint });
  const details = new AuthenticationDetails({ Username: 'alice', Password: 'Corr3ct-Horse!' });
  const alice = new CognitoUser({ Username: 'alice', Pool: pool });

  // 1. No factor yet: the SRP sign-in ends with a session.
  const first = await alice.authenticateUser(details);
  console.log(`1. signed in without MFA as ${first.session.getIdToken().payload['cognito:username']}`);

  // 2. Enrol an authenticator app (here a TOTP object stands for the user's phone).
  const app = new TOTP(await alice.associateSoftwareToken());
  const uri = app.provisioningUri('alice', { issuer: 'Example Corp' }); // show it as qrSvg(uri)
  await alice.verifySoftwareToken(app.at(mock.now()), 'My phone');
  await alice.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true });
  console.log(`2. TOTP enrolled: ${uri.replace(/secret=[A-Z2-7]+/, 'secret=****')}`);
  mock.advanceClock(30); // each code is accepted once: wait for the next 30-second step

  // 3. Sign in again: the app's code answers SOFTWARE_TOKEN_MFA.
  let step = await alice.authenticateUser(details);
  const challenge = step.challengeName;
  step = await alice.sendMFACode(app.at(mock.now()));
  console.log(`3. challenge ${challenge} → signed in, token valid: ${step.session.isValid()}`);
  mock.advanceClock(30);

  // 4. A wrong code is an error with Cognito's code; the challenge stays open.
  await alice.authenticateUser(details);
  const wrong = app.at(mock.now()) === '000000' ? '111111' : '000000';
  try {
    await alice.sendMFACode(wrong);
  } catch (err) {
    console.log(`4. wrong code: ${err.code} (HTTP ${err.statusCode})`);
  }
  await alice.sendMFACode(app.at(mock.now()));
  mock.advanceClock(30);

  // 5. SMS preferred instead: the code arrives by SMS (in the mock's outbox).
  await alice.setUserMfaPreference({ PreferredMfa: true, Enabled: true }, { PreferredMfa: false, Enabled: true });
  step = await alice.authenticateUser(details);
  const destination = step.destination;
  step = await alice.sendMFACode(mock.lastCode('alice'));
  console.log(`5. challenge SMS_MFA to ${destination} → signed in, token valid: ${step.session.isValid()}`);

  // 6. Both enabled, none preferred: the user chooses.
  await alice.setUserMfaPreference({ PreferredMfa: false, Enabled: true }, { PreferredMfa: false, Enabled: true });
  step = await alice.authenticateUser(details);
  const choices = [...step.mfasCanChoose].sort().join(', ');
  step = await alice.sendMFASelectionAnswer('TOTP');
  const chosen = step.challengeName;
  step = await alice.sendMFACode(app.at(mock.now()));
  console.log(`6. ${'SELECT_MFA_TYPE'} [${choices}] → ${chosen} → ${step.session ? 'signed in' : step.challengeName}`);

  await mock.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
