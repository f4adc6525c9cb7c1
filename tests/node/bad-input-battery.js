// The Node package's bad-input battery, run as a child process by bad-input.test.js (so that
// a crash is counted, not suffered). Not a test file itself.
//
// Every exported class is constructed, and every method of a live instance of each (an idle
// user, a user mid-challenge, a signed-in user, the pool, a session and its tokens, the device
// stores, a sealer, the admin client, the compat layer's user) is called, with one bad
// argument at a time in each of the first three positions, the others plausible: undefined,
// null, wrong types, NaN, infinities, negative and huge numbers, empty, NUL-holding, 1 MiB and
// lone-surrogate strings, arrays, objects, functions, symbols, bigints. Promises are awaited
// with a time bound. A call may return, or throw / reject with an Error whose `code` is one of
// the package's codes; anything else (no `code`, a foreign code, a hang) is reported.
// Prints `{ calls, failures }` as JSON.
'use strict';

const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

const pkg = require('cognito-mfa');
const compat = require('cognito-mfa/compat');
const { MockCognito } = require('cognito-mfa/testing');

const BAD = [
  ['undefined', undefined],
  ['null', null],
  ['number', 7],
  ['negative', -1],
  ['huge', 2 ** 70],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['fraction', 0.5],
  ['boolean', true],
  ['empty string', ''],
  ['NUL string', 'a\u0000b'],
  ['1 MiB string', 'x'.repeat(1 << 20)],
  ['lone surrogate', '\ud800'],
  ['array', ['a']],
  ['object', { a: 1 }],
  ['function', () => 1],
  ['symbol', Symbol('s')],
  ['bigint', 10n],
  ['Uint8Array', new Uint8Array([0, 255])],
];
const PLAUSIBLE = 'x';
const TIME_LIMIT_MS = 10_000;
const CODES = new Set(pkg.errorCodes());
// Left out, with the reason: `stop` ends the mock the battery needs.
const SKIPPED = new Set(['stop']);

function classify(error) {
  if (error && typeof error.code === 'string' && CODES.has(error.code)) return null;
  const code = error && error.code !== undefined ? String(error.code) : 'no code';
  return `${error && error.constructor ? error.constructor.name : typeof error} (${code}): ${String(error && error.message).slice(0, 160)}`;
}

async function settle(run) {
  let value;
  try {
    value = run();
  } catch (error) {
    return classify(error);
  }
  if (!value || typeof value.then !== 'function') return null;
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve('no answer within the time limit'), TIME_LIMIT_MS);
  });
  try {
    return await Promise.race([value.then(() => null, classify), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The argument lists: none, then one bad argument at each of three positions. */
function* argumentLists() {
  yield ['()', []];
  for (let position = 0; position < 3; position += 1) {
    for (const [label, bad] of BAD) {
      const args = Array.from({ length: position + 1 }, (_, i) => (i === position ? bad : PLAUSIBLE));
      yield [`arg${position}=${label}`, args];
    }
  }
}

function methodsOf(instance) {
  const names = new Set();
  let proto = Object.getPrototypeOf(instance);
  while (proto && Object.getPrototypeOf(proto) !== null) {
    for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (name !== 'constructor' && typeof descriptor.value === 'function') names.add(name);
    }
    proto = Object.getPrototypeOf(proto);
  }
  return [...names].filter((name) => !SKIPPED.has(name));
}

async function live(mock) {
  const alice = await mock.userWithTotp('alice');
  const pool = alice.userPool;
  const details = new pkg.AuthenticationDetails({ Username: 'alice', Password: alice.password });
  const signedIn = new pkg.CognitoUser({ Username: 'alice', Pool: pool });
  await signedIn.authenticateUser(details);
  await signedIn.sendMFACode(mock.totpCode(alice.totpSecret));
  mock.advanceClock(30);
  const inChallenge = new pkg.CognitoUser({ Username: 'alice', Pool: pool });
  await inChallenge.authenticateUser(details);
  const session = signedIn.getSignInUserSession();
  const totp = new pkg.TOTP('JBSWY3DPEHPK3PXP');
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-mfa-battery-'));
  const compatPool = new compat.CognitoUserPool({ UserPoolId: alice.poolId, ClientId: alice.client.clientId, endpoint: mock.endpoint });
  return {
    TOTP: totp,
    KeyUri: pkg.parseUri(totp.provisioningUri('alice', { issuer: 'Example' })),
    CognitoUserPool: pool,
    'CognitoUser (idle)': new pkg.CognitoUser({ Username: 'bob', Pool: pool }),
    'CognitoUser (in a challenge)': inChallenge,
    'CognitoUser (signed in)': signedIn,
    AuthenticationDetails: details,
    CognitoUserSession: session,
    CognitoIdToken: session.getIdToken(),
    CognitoAccessToken: session.getAccessToken(),
    CognitoRefreshToken: session.getRefreshToken(),
    MemoryDeviceStore: new pkg.MemoryDeviceStore(),
    FileDeviceStore: new pkg.FileDeviceStore(path.join(folder, 'devices.json')),
    StateSealer: new pkg.StateSealer({ keys: { k1: new Uint8Array(32) }, sealWith: 'k1' }),
    AdminClient: new pkg.AdminClient(pool, { credentials: { accessKeyId: 'AKIDBATTERY000000001', secretAccessKey: 'battery-secret' } }),
    'compat CognitoUser': new compat.CognitoUser({ Username: 'alice', Pool: compatPool }),
  };
}

async function main() {
  const mock = await MockCognito.start();
  const failures = [];
  let calls = 0;
  const targets = [];
  for (const [name, value] of Object.entries(pkg)) {
    if (typeof value !== 'function' || name === 'errorCodes') continue;
    const isClass = /^[A-Z]/.test(name);
    targets.push([`${name}${isClass ? ' (new)' : ''}`, (args) => (isClass ? new value(...args) : value(...args))]);
  }
  const instances = await live(mock);
  for (const [label, instance] of Object.entries(instances)) {
    for (const name of methodsOf(instance)) {
      targets.push([`${label}.${name}`, (args) => instance[name](...args)]);
    }
  }
  for (const [label, call] of targets) {
    for (const [what, args] of argumentLists()) {
      calls += 1;
      // Callback-style methods of the compat layer report through their callbacks: a plain
      // function argument receives the error there, which is fine.
      const problem = await settle(() => call(args));
      if (problem !== null) failures.push(`${label}(${what}): ${problem}`);
    }
  }
  await mock.stop();
  process.stdout.write(JSON.stringify({ calls, failures }));
}

main().catch((error) => {
  process.stderr.write(`the battery itself failed: ${error && error.stack}\n`);
  process.exit(2);
});
