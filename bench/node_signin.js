#!/usr/bin/env node
// Benchmark: a full MFA sign-in — InitiateAuth (USER_SRP_AUTH), RespondToAuthChallenge
// (PASSWORD_VERIFIER), RespondToAuthChallenge (SOFTWARE_TOKEN_MFA, the code computed on the
// spot) — by cognito-mfa's Promise API and by amazon-cognito-identity-js, against the same
// mock endpoint: MockCognito (cognito-mfa/testing) in a child process, so that the figures
// below are the client process's own.
//
//   node bench/node_signin.js [--users 60] [--warmup 3]
//
// Each client signs in `users` users one after another (plus `warmup` more first), each with
// TOTP enrolled and preferred. "CPU" is the client process's CPU time (user + system, every
// thread: cognito-mfa's work runs on its addon's threads) per sign-in; "wall" also contains
// the mock's work and three loopback round trips, the same for both. Needs the addon built
// (`npm ci`) and the dev dependencies. Timing only: the tests check correctness.
'use strict';

const { fork } = require('node:child_process');
const OTPAuth = require('otpauth');
const Amazon = require('amazon-cognito-identity-js');
const { AuthenticationDetails, CognitoUser, CognitoUserPool, TOTP } = require('cognito-mfa');

const PASSWORD = 'Passw0rd!';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

/** The mock, in this script run as a child process: sets up the users, then waits. */
async function serveMock() {
  const { MockCognito } = require('cognito-mfa/testing');
  const mock = await MockCognito.start();
  const poolId = await mock.createUserPool({ mfa: 'OPTIONAL' });
  const client = await mock.createAppClient(poolId);
  const users = {};
  for (const group of ['cognito-mfa', 'amazon']) {
    users[group] = [];
    for (let i = 0; i < process.argv[3]; i++) {
      const name = `${group}-${i}`;
      await mock.createUser(poolId, name, PASSWORD);
      users[group].push({ name, secret: await mock.enrolTotp(poolId, client, name, PASSWORD) });
    }
  }
  // The mock's clock runs ahead of real time (each enrolment moved it by a step).
  const offset = mock.now() - Math.floor(Date.now() / 1000);
  process.send({ endpoint: mock.endpoint, poolId, clientId: client.clientId, users, offset });
  process.on('message', async () => {
    await mock.stop();
    process.exit(0);
  });
}

/** One sign-in with cognito-mfa. */
async function signInCognitoMfa(pool, user, offset) {
  const cognitoUser = new CognitoUser({ Username: user.name, Pool: pool });
  const challenge = await cognitoUser.authenticateUser(new AuthenticationDetails({ Username: user.name, Password: PASSWORD }));
  if (challenge.challengeName !== 'SOFTWARE_TOKEN_MFA') throw new Error(`unexpected ${challenge.challengeName}`);
  const code = new TOTP(user.secret).at(Date.now() / 1000 + offset);
  const { session } = await cognitoUser.sendMFACode(code);
  if (!session) throw new Error('not signed in');
}

/** One sign-in with amazon-cognito-identity-js (TOTP codes from otpauth, pure JavaScript too). */
function signInAmazon(pool, user, offset) {
  return new Promise((resolve, reject) => {
    const cognitoUser = new Amazon.CognitoUser({ Username: user.name, Pool: pool });
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(user.secret) });
    cognitoUser.authenticateUser(new Amazon.AuthenticationDetails({ Username: user.name, Password: PASSWORD }), {
      onSuccess: resolve,
      onFailure: reject,
      totpRequired() {
        const code = totp.generate({ timestamp: (Date.now() / 1000 + offset) * 1000 });
        cognitoUser.sendMFACode(code, this, 'SOFTWARE_TOKEN_MFA');
      },
      mfaRequired: () => reject(new Error('unexpected SMS_MFA')),
    });
  });
}

/** CPU and wall time per sign-in of `signIn` over `users` (after `warmup` of them). */
async function measure(users, warmup, signIn) {
  for (const user of users.slice(0, warmup)) await signIn(user);
  const timed = users.slice(warmup);
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const user of timed) await signIn(user);
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000 / timed.length, wall: wall / timed.length };
}

async function main() {
  const users = option('users', 60);
  const warmup = option('warmup', 3);
  const child = fork(__filename, ['--serve-mock', String(users + warmup)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const setup = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the mock exited (${code})`)));
  });
  child.removeAllListeners('exit');

  const ours = new CognitoUserPool({ UserPoolId: setup.poolId, ClientId: setup.clientId, endpoint: setup.endpoint });
  const theirs = new Amazon.CognitoUserPool({ UserPoolId: setup.poolId, ClientId: setup.clientId, endpoint: setup.endpoint });
  const results = [
    { name: 'cognito-mfa (Node binding)', ...(await measure(setup.users['cognito-mfa'], warmup, (u) => signInCognitoMfa(ours, u, setup.offset))) },
    { name: 'amazon-cognito-identity-js 6.3.21', ...(await measure(setup.users.amazon, warmup, (u) => signInAmazon(theirs, u, setup.offset))) },
  ];
  child.send('stop');

  console.log(`Full MFA sign-in (SRP + TOTP) against MockCognito in its own process; node ${process.version}, ` +
    `${users} sign-ins each after ${warmup} warm-up`);
  console.log('\n| client | CPU per sign-in | × cognito-mfa | wall per sign-in | × cognito-mfa |');
  console.log('|---|---:|---:|---:|---:|');
  const [base] = results;
  for (const r of results) {
    console.log(`| ${r.name} | ${r.cpu.toFixed(2)} ms | ${(r.cpu / base.cpu).toFixed(1)} | ${r.wall.toFixed(2)} ms | ${(r.wall / base.wall).toFixed(1)} |`);
  }
}

if (process.argv[2] === '--serve-mock') {
  serveMock().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
