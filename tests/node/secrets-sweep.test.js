// The secrets sweep in Node: after real sign-ins (SRP + TOTP, SMS, e-mail OTP, a TOTP
// enrolment, a refresh, failed ones) no password, TOTP secret, MFA code, Session, token,
// device password, sealing key or AWS secret key appears in what `util.inspect`,
// `JSON.stringify`, `String()` or an error's message and stack show of anything reachable from
// what the package returned.
//
// "Reachable" is walked: own properties, prototype getters, and the results of zero-argument
// `get*`/`is*` methods, recursively, except the accessors whose job is to hand a secret to the
// caller (SECRET_ACCESSORS, with the reason).
'use strict';

const crypto = require('node:crypto');
const { inspect } = require('node:util');

const { AdminClient, AuthenticationDetails, CognitoUser, MemoryDeviceStore, StateSealer, TOTP } = require('cognito-mfa');
const { MockCognito, DEFAULT_PASSWORD } = require('cognito-mfa/testing');

jest.setTimeout(60_000);

const SECRET_ACCESSORS = new Set([
  'getJwtToken', // CognitoIdToken / CognitoAccessToken: the token itself
  'getToken', // CognitoRefreshToken: the token itself
  'getCachedDeviceKeyAndPassword', // the device password, for the application's own store
  'exportState', // the plain state: the Session or the tokens, to keep server-side
  'secret', // TOTP: its base32 secret
  'getPassword', // AuthenticationDetails: the password given
]);

let mock;
beforeAll(async () => {
  mock = await MockCognito.start();
});
afterAll(async () => {
  await mock.stop();
});

/** Everything reachable from `value`, as in the header. */
function* walk(value, seen = new Set(), depth = 0) {
  if (value === null || value === undefined || depth > 6) return;
  if (typeof value !== 'object' && typeof value !== 'function') {
    yield value;
    return;
  }
  if (seen.has(value) || typeof value === 'function') return;
  seen.add(value);
  yield value;
  if (typeof value.then === 'function') return;
  for (const key of Object.keys(value)) yield* walk(value[key], seen, depth + 1);
  let proto = Object.getPrototypeOf(value);
  // Up to, not into, Object.prototype (of whichever realm: the addon's objects come from
  // Node's main realm, not jest's).
  while (proto && Object.getPrototypeOf(proto) !== null) {
    for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (name === 'constructor' || name === '__proto__' || SECRET_ACCESSORS.has(name)) continue;
      let result;
      try {
        if (descriptor.get) result = descriptor.get.call(value);
        else if (typeof descriptor.value === 'function' && descriptor.value.length === 0 && /^(get|is)[A-Z]/.test(name)) {
          result = descriptor.value.call(value);
        } else continue;
      } catch (error) {
        result = error;
      }
      // A Promise (of the addon's realm: `instanceof Promise` is false here) is not awaited.
      if (result && typeof result.then === 'function') {
        result.then(undefined, () => {});
        continue;
      }
      yield* walk(result, seen, depth + 1);
    }
    proto = Object.getPrototypeOf(proto);
  }
}

function shown(values) {
  const texts = [];
  for (const root of values) {
    for (const item of walk(root)) {
      if (typeof item !== 'object') {
        texts.push(String(item));
        continue;
      }
      texts.push(inspect(item, { depth: 8, showHidden: true, getters: true }));
      texts.push(JSON.stringify(item) ?? '');
      try {
        texts.push(String(item));
      } catch {
        // an object without toString (null prototype): inspect covered it
      }
      if (item instanceof Error || (item && typeof item.stack === 'string')) {
        texts.push(item.message, item.stack, JSON.stringify(Object.assign({}, item)));
      }
    }
  }
  return texts.join('\n');
}

function sessionSecrets(user) {
  const session = user.getSignInUserSession();
  const tokens = [session.getIdToken().getJwtToken(), session.getAccessToken().getJwtToken()];
  return [...tokens, session.getRefreshToken().getToken(), ...tokens.map((t) => t.split('.')[2])];
}

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function assertNothingSecret(values, secrets) {
  const text = shown(values);
  expect(text.length).toBeGreaterThan(1_000);
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(3);
    if (text.includes(secret)) throw new Error(`a secret of ${secret.length} characters leaked`);
  }
}

test('SRP + TOTP, enrolment, refresh, a sealed state and failed sign-ins show no secret', async () => {
  const alice = await mock.userWithTotp('alice', 'Corr3ct-Horse!', { deviceTracking: true });
  const deviceStore = new MemoryDeviceStore();
  const pool = mock.userPool(alice.poolId, alice.client, { deviceStore });
  const user = new CognitoUser({ Username: 'alice', Pool: pool });
  const details = new AuthenticationDetails({ Username: 'alice', Password: 'Corr3ct-Horse!' });
  const collected = [pool, user, details, deviceStore];
  const secrets = ['Corr3ct-Horse!', alice.totpSecret, 'Wr0ng-Passw0rd!'];

  const wrong = new AuthenticationDetails({ Username: 'alice', Password: 'Wr0ng-Passw0rd!' });
  collected.push(wrong, await rejection(new CognitoUser({ Username: 'alice', Pool: pool }).authenticateUser(wrong)));
  collected.push(await user.authenticateUser(details));
  secrets.push(user.exportState().progress.session);
  // A sealed challenge state (sealed now: a signed-in state is too long for a cookie).
  const key = crypto.randomBytes(32);
  const sealer = new StateSealer({ keys: { k1: key }, sealWith: 'k1' });
  const sealed = sealer.seal(user);
  let tampered;
  try {
    CognitoUser.resumeSealed(pool, sealer, `${sealed.slice(0, -4)}AAAA`);
  } catch (error) {
    tampered = error;
  }
  expect(tampered.code).toBe('InvalidStateError');
  collected.push(sealer, tampered);
  secrets.push(key.toString('hex'), key.toString('base64'), key.toString('base64url'));
  const code = mock.totpCode(alice.totpSecret);
  collected.push(await rejection(user.sendMFACode(code === '000000' ? '111111' : '000000')));
  collected.push(await user.sendMFACode(code));
  secrets.push(code, ...sessionSecrets(user), user.getCachedDeviceKeyAndPassword().randomPassword);

  const newSecret = await user.associateSoftwareToken();
  secrets.push(newSecret);
  mock.advanceClock(30);
  const app = new TOTP(newSecret);
  collected.push(app, await user.verifySoftwareToken(app.at(mock.now()), 'phone'));
  collected.push(await user.refreshSession());
  secrets.push(...sessionSecrets(user));
  collected.push(await user.getUserData());
  assertNothingSecret(collected, secrets);
});

test('SMS and e-mail codes, a client secret and admin credentials show no secret', async () => {
  const poolId = await mock.createUserPool({ mfa: 'OPTIONAL', email: true });
  const flows = ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
  const client = await mock.createAppClient(poolId, { generateSecret: true, authFlows: flows });
  const attributes = { phone_number: '+15555550100', email: 'bob@example.com' };
  await mock.createUser(poolId, 'bob', DEFAULT_PASSWORD, { attributes });
  await mock.createUser(poolId, 'carol', DEFAULT_PASSWORD, { attributes });
  await mock.setUserMfaPreference(poolId, 'bob', { sms: { enabled: true, preferred: true } });
  await mock.setUserMfaPreference(poolId, 'carol', { email: { enabled: true, preferred: true } });
  const pool = mock.userPool(poolId, client);
  const collected = [pool];
  const secrets = [DEFAULT_PASSWORD, client.clientSecret];

  for (const [name, challenge] of [['bob', 'SMS_MFA'], ['carol', 'EMAIL_OTP']]) {
    const user = new CognitoUser({ Username: name, Pool: pool });
    const result = await user.authenticateUser(new AuthenticationDetails({ Username: name, Password: DEFAULT_PASSWORD }));
    expect(result.challengeName).toBe(challenge);
    const code = mock.lastCode(name);
    collected.push(result, await rejection(user.sendMFACode(code === '000000' ? '111111' : '000000', challenge)));
    collected.push(await user.sendMFACode(code, challenge), user);
    secrets.push(code, ...sessionSecrets(user));
  }

  const credentials = { accessKeyId: 'AKIDSWEEPNODE0000001', secretAccessKey: 'sweep/node+secret/key/00000000000000000', sessionToken: 'IQoJb3JpZ2luSWEEPnodeTOKEN' };
  const admin = new AdminClient(pool, { credentials });
  collected.push(admin, await admin.getUser('bob'));
  collected.push(await rejection(new AdminClient(pool, { credentials: () => Promise.reject(new Error(credentials.secretAccessKey)) }).getUser('bob')));
  secrets.push(credentials.secretAccessKey, credentials.sessionToken);
  assertNothingSecret(collected, secrets);
});
