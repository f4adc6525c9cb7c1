// A sign-in in progress carried between requests: exportState / CognitoUser.resume (a plain
// object) and StateSealer (an opaque sealed string), in one process and across two.
'use strict';

const { execFile } = require('node:child_process');
const path = require('node:path');
const { inspect } = require('node:util');

const { AuthenticationDetails, CognitoUser, CognitoUserPool, StateSealer, errorCodes } = require('cognito-mfa');
const { MockCognito } = require('cognito-mfa/testing');
const { thrownBy } = require('./helpers.js');

jest.setTimeout(60_000);

const KEY_1 = Buffer.alloc(32, 1);
const KEY_2 = Buffer.alloc(32, 2);

let mock;
beforeAll(async () => {
  mock = await MockCognito.start();
});
afterAll(async () => {
  await mock.stop();
});

async function inTotpChallenge(username = 'alice') {
  const alice = await mock.userWithTotp(username);
  const user = new CognitoUser({ Username: username, Pool: alice.userPool });
  const result = await user.authenticateUser(new AuthenticationDetails({ Username: username, Password: alice.password }));
  expect(result.challengeName).toBe('SOFTWARE_TOKEN_MFA');
  return { alice, user };
}

const sealer = (keys = { k1: KEY_1 }, sealWith = 'k1') => new StateSealer({ keys, sealWith });

test('InvalidStateError is one of the package codes', () => {
  expect(errorCodes()).toContain('InvalidStateError');
});

test('the plain state resumes a TOTP challenge in a new pool object, then the session', async () => {
  const { alice, user } = await inTotpChallenge();
  const state = JSON.parse(JSON.stringify(user.exportState()));
  expect(state.user_pool_id).toBe(alice.poolId);
  expect(state.progress.kind).toBe('challenge');
  expect(state.progress.name).toBe('SOFTWARE_TOKEN_MFA');
  expect(state.expires_at - state.issued_at).toBe(180);
  expect(user.exportState({ lifetime: 600 }).expires_at - state.issued_at).toBeGreaterThanOrEqual(600);

  const pool = mock.userPool(alice.poolId, alice.client);
  const resumed = CognitoUser.resume(pool, state);
  expect(resumed.getChallengeName()).toBe('SOFTWARE_TOKEN_MFA');
  expect(resumed.getUsername()).toBe(user.getUsername());
  const result = await resumed.sendMFACode(mock.totpCode(alice.totpSecret));
  expect(result.session).not.toBeNull();

  const signedIn = CognitoUser.resume(pool, resumed.exportState());
  expect(signedIn.getSignInUserSession()).not.toBeNull();
  const data = await signedIn.getUserData();
  expect(data.Username).toBe(resumed.getUsername());
});

test('the sealed state resumes SELECT_MFA_TYPE then SMS, request after request', async () => {
  const poolId = await mock.createUserPool({ mfa: 'OPTIONAL' });
  const client = await mock.createAppClient(poolId);
  await mock.createUser(poolId, 'bob', undefined, { attributes: { phone_number: '+15555550123' } });
  await mock.enrolTotp(poolId, client, 'bob', undefined, { preferred: false });
  await mock.setUserMfaPreference(poolId, 'bob', { sms: { enabled: true, preferred: false } });
  const pool = mock.userPool(poolId, client);
  const first = new CognitoUser({ Username: 'bob', Pool: pool });
  const details = new AuthenticationDetails({ Username: 'bob', Password: 'Passw0rd!' });
  const started = await first.authenticateUser(details).catch((e) => e);
  expect(started.challengeName).toBe('SELECT_MFA_TYPE');

  const box = sealer();
  const sealed = box.seal(first);
  expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(sealed.length).toBeLessThan(1000);
  expect(sealed).not.toContain('bob');
  const second = CognitoUser.resumeSealed(pool, box, sealed);
  const next = await second.sendMFASelectionAnswer('SMS_MFA');
  expect(next.challengeName).toBe('SMS_MFA');
  const third = CognitoUser.resumeSealed(mock.userPool(poolId, client), box, box.seal(second));
  const done = await third.sendMFACode(mock.lastCode(third.getUsername()));
  expect(done.session).not.toBeNull();
});

test('every refusal is an InvalidStateError with a reason, never the value', async () => {
  const { alice, user } = await inTotpChallenge('carol');
  const box = sealer();
  const sealed = box.seal(user);
  const pool = alice.userPool;
  const other = new CognitoUserPool({ UserPoolId: alice.poolId, ClientId: 'anotherclient', endpoint: mock.endpoint });
  const reason = (fn) => {
    const error = thrownBy(fn);
    expect(error.code).toBe('InvalidStateError');
    expect(error.message).not.toContain(sealed.slice(0, 20));
    return error.reason;
  };
  expect(reason(() => CognitoUser.resumeSealed(other, box, sealed))).toBe('Unauthentic');
  expect(reason(() => CognitoUser.resume(other, user.exportState()))).toBe('OtherPool');
  expect(reason(() => sealer({ k1: KEY_2 }).open(pool, sealed))).toBe('Unauthentic');
  expect(reason(() => sealer({ k2: KEY_1 }, 'k2').open(pool, sealed))).toBe('UnknownKey');
  expect(reason(() => box.open(pool, 'A'.repeat(5000)))).toBe('TooLong');
  for (const garbage of ['', '%%%', 'not a sealed value', sealed.slice(0, -1)]) {
    expect(['Malformed', 'Unauthentic']).toContain(reason(() => box.open(pool, garbage)));
  }
  const expired = { ...user.exportState() };
  expired.expires_at = expired.issued_at;
  expect(reason(() => CognitoUser.resume(pool, expired))).toBe('Expired');
  const internal = user.exportState();
  internal.progress.name = 'PASSWORD_VERIFIER';
  expect(reason(() => CognitoUser.resume(pool, internal))).toBe('NotResumable');
  expect(reason(() => CognitoUser.resume(pool, { version: 1 }))).toBe('Malformed');
  expect(reason(() => new CognitoUser({ Username: 'nobody', Pool: pool }).exportState())).toBe('NothingInProgress');
  expect(thrownBy(() => CognitoUser.resume({}, user.exportState())).code).toBe('InvalidInputError');
  expect(thrownBy(() => user.exportState({ lifetime: 901 })).code).toBe('InvalidInputError');
});

test('keys rotate, and never show', async () => {
  const { alice, user } = await inTotpChallenge('dave');
  const old = sealer({ k1: KEY_1 });
  const byOld = old.seal(user);
  const rotated = sealer({ k1: KEY_1, k2: KEY_2 }, 'k2');
  expect(rotated.sealWith).toBe('k2');
  const byNew = rotated.seal(user);
  expect(rotated.open(alice.userPool, byOld).given_username).toBe('dave');
  expect(rotated.open(alice.userPool, byNew).given_username).toBe('dave');
  expect(thrownBy(() => old.open(alice.userPool, byNew)).reason).toBe('UnknownKey');
  // A plain Uint8Array is a key as well as a Buffer.
  expect(sealer({ k1: new Uint8Array(KEY_1) }).open(alice.userPool, byOld).given_username).toBe('dave');
  expect(inspect(rotated)).not.toContain('1, 1, 1');
  expect(thrownBy(() => sealer({ k1: Buffer.alloc(31) })).code).toBe('InvalidInputError');
  expect(thrownBy(() => sealer({ k1: KEY_1 }, 'k9')).code).toBe('InvalidInputError');
  expect(thrownBy(() => sealer({})).code).toBe('InvalidInputError');
});

test('a resumed challenge whose Session expired is refused by the service', async () => {
  const { alice, user } = await inTotpChallenge('erin');
  const box = sealer();
  const resumed = CognitoUser.resumeSealed(alice.userPool, box, box.seal(user));
  mock.advanceClock(4 * 60);
  await expect(resumed.sendMFACode(mock.totpCode(alice.totpSecret))).rejects.toMatchObject({
    code: 'NotAuthorizedException',
  });
});

const CHILD = `
const { CognitoUser, CognitoUserPool, StateSealer } = require('cognito-mfa');
const given = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const pool = new CognitoUserPool({ UserPoolId: given.poolId, ClientId: given.clientId, endpoint: given.endpoint });
const sealer = new StateSealer({ keys: { k1: Buffer.from(process.env.SEALING_KEY, 'hex') }, sealWith: 'k1' });
CognitoUser.resumeSealed(pool, sealer, given.sealed)
  .sendMFACode(given.code)
  .then((result) => console.log(JSON.stringify({ signedIn: result.session !== null, pid: process.pid })));
`;

test('resume across two processes', async () => {
  const { alice, user } = await inTotpChallenge('frank');
  const given = {
    poolId: alice.poolId,
    clientId: alice.client.clientId,
    endpoint: mock.endpoint,
    sealed: sealer().seal(user),
    code: mock.totpCode(alice.totpSecret),
  };
  const output = await new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', CHILD], {
      cwd: path.resolve(__dirname),
      env: { ...process.env, SEALING_KEY: KEY_1.toString('hex') },
      timeout: 60_000,
    }, (error, stdout, stderr) => (error ? reject(new Error(stderr || String(error))) : resolve(stdout)));
    child.stdin.end(JSON.stringify(given));
  });
  const answer = JSON.parse(output);
  expect(answer.signedIn).toBe(true);
  expect(answer.pid).not.toBe(process.pid);
  await expect(user.sendMFACode(mock.totpCode(alice.totpSecret))).rejects.toHaveProperty('code');
});


test('a signed-in state fits a cookie without its refresh token', async () => {
  const { alice, user } = await inTotpChallenge('rita');
  await user.sendMFACode(mock.totpCode(alice.totpSecret));
  const box = sealer();
  // Three tokens do not fit a cookie's 4096 bytes once sealed.
  expect(thrownBy(() => box.seal(user))).toMatchObject({ code: 'InvalidStateError', reason: 'TooLong' });

  expect(user.exportState().progress.refresh_token).toEqual(expect.any(String));
  expect(user.exportState({ refreshToken: false }).progress.refresh_token).toBeNull();
  const cookie = box.seal(user, { refreshToken: false });
  expect(cookie.length).toBeLessThanOrEqual(4096);
  const resumed = CognitoUser.resumeSealed(alice.userPool, box, cookie);
  expect(resumed.getSignInUserSession().getRefreshToken().getToken()).toBe('');
  expect((await resumed.getUserData()).Username).toBe(user.getUsername());
  await expect(resumed.refreshSession()).rejects.toMatchObject({ code: 'NotSignedInError' });
});
