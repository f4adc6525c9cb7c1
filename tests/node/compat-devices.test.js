// cognito-mfa/compat: amazon-cognito-identity-js's device calls with its callbacks, and
// authenticateUser's onSuccess(session, userConfirmationNecessary), against MockCognito with
// device tracking on.
'use strict';

const { inspect } = require('node:util');

const compat = require('cognito-mfa/compat');
const { MockCognito } = require('cognito-mfa/testing');

jest.setTimeout(60_000);

const PASSWORD = 'Passw0rd!';

let mock;
beforeAll(async () => {
  mock = await MockCognito.start();
});
afterAll(async () => {
  await mock.stop();
});

/**
 * A callbacks object with `names` (plus onFailure) and a Promise of the first one called:
 * `{ name, args, self }`. onFailure rejects it.
 */
function callbacks(...names) {
  let settle;
  const called = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });
  const object = {
    onFailure(error) {
      settle.reject(error);
    },
  };
  for (const name of names) {
    object[name] = function (...args) {
      settle.resolve({ name, args, self: this });
    };
  }
  return { object, called };
}

/** A device-tracking pool (`tracking`) with a user who has TOTP enrolled; a compat user of it. */
async function setup(tracking = true) {
  const poolId = await mock.createUserPool({ deviceTracking: tracking });
  const client = await mock.createAppClient(poolId);
  await mock.createUser(poolId, 'alice', PASSWORD);
  const secret = await mock.enrolTotp(poolId, client, 'alice', PASSWORD);
  const pool = mock.userPool(poolId, client, { deviceStore: new compat.MemoryDeviceStore() });
  const details = new compat.AuthenticationDetails({ Username: 'alice', Password: PASSWORD });
  const user = () => new compat.CognitoUser({ Username: 'alice', Pool: pool });
  /** Signs `cognitoUser` in through TOTP; resolves to onSuccess's arguments. */
  async function signInWithTotp(cognitoUser) {
    mock.advanceClock(30);
    const first = callbacks('onSuccess', 'totpRequired');
    cognitoUser.authenticateUser(details, first.object);
    const challenge = await first.called;
    expect(challenge).toMatchObject({ name: 'totpRequired', args: ['SOFTWARE_TOKEN_MFA', expect.any(Object)] });
    const second = callbacks('onSuccess');
    cognitoUser.sendMFACode(mock.totpCode(secret), second.object, 'SOFTWARE_TOKEN_MFA');
    return (await second.called).args;
  }
  /** Signs `cognitoUser` in; resolves to the first callback called. */
  async function signIn(cognitoUser) {
    mock.advanceClock(30);
    const first = callbacks('onSuccess', 'totpRequired', 'mfaRequired');
    cognitoUser.authenticateUser(details, first.object);
    return first.called;
  }
  return { poolId, user, signInWithTotp, signIn };
}

/** Calls `method` of `user` with `args` and a callbacks object; resolves to onSuccess's arguments. */
async function succeed(user, method, ...args) {
  const { object, called } = callbacks('onSuccess');
  user[method](...args, object);
  const { name, args: received, self } = await called;
  expect(name).toBe('onSuccess');
  expect(self).toBe(object);
  return received;
}

test('onSuccess(session) on a pool that remembers devices at once, then no MFA callback', async () => {
  const { user, signInWithTotp, signIn } = await setup();
  const alice = user();
  const args = await signInWithTotp(alice);
  expect(args).toHaveLength(1); // as amazon-cognito-identity-js: no second argument unless true
  expect(args[0].isValid()).toBe(true);

  const later = user();
  const { name, args: signedIn } = await signIn(later);
  expect(name).toBe('onSuccess');
  expect(signedIn).toHaveLength(1);
  expect(later.deviceKey).toBe(alice.deviceKey);
});

test('onSuccess(session, true) on a pool that remembers devices on the user’s word', async () => {
  const { user, signInWithTotp, signIn } = await setup({
    challengeRequiredOnNewDevice: true,
    deviceOnlyRememberedOnUserPrompt: true,
  });
  const alice = user();
  const [session, userConfirmationNecessary] = await signInWithTotp(alice);
  expect(session.isValid()).toBe(true);
  expect(userConfirmationNecessary).toBe(true);
  expect(await succeed(alice, 'setDeviceStatusRemembered')).toEqual(['SUCCESS']);
  const { name, args } = await signIn(user());
  expect(name).toBe('onSuccess');
  expect(args).toHaveLength(1); // a remembered device: no device confirmed, no second argument
});

test('the device calls with their callbacks, as amazon-cognito-identity-js passes them', async () => {
  const { poolId, user, signInWithTotp, signIn } = await setup();
  const alice = user();
  await signInWithTotp(alice);
  const key = alice.deviceKey;
  expect(key).toMatch(/^us-east-1_/);

  // getCachedDeviceKeyAndPassword fills deviceKey, deviceGroupKey and randomPassword.
  expect(alice.deviceGroupKey).toBeNull();
  expect(alice.randomPassword).toBeNull();
  expect(alice.getCachedDeviceKeyAndPassword()).toBeUndefined();
  expect(alice.deviceGroupKey).toEqual(expect.any(String));
  expect(alice.randomPassword).toEqual(expect.any(String));
  for (const shown of [inspect(alice, { showHidden: true, depth: 5 }), JSON.stringify(alice)]) {
    expect(shown).not.toContain(alice.randomPassword);
  }

  const [page] = await succeed(alice, 'listDevices', 10, null);
  expect(page.Devices.map((device) => device.DeviceKey)).toEqual([key]);
  expect(page.PaginationToken).toBeUndefined();
  const [got] = await succeed(alice, 'getDevice');
  expect(got).toEqual({ Device: page.Devices[0] });

  expect(await succeed(alice, 'setDeviceStatusNotRemembered')).toEqual(['SUCCESS']);
  expect((await signIn(user())).name).toBe('totpRequired'); // not remembered: asked
  expect(await succeed(alice, 'setDeviceStatusRemembered')).toEqual(['SUCCESS']);
  expect((await signIn(user())).name).toBe('onSuccess');

  // forgetSpecificDevice of another device of the user (minted by enrolTotp's sign-in).
  const others = await mock.call('AdminListDevices', { UserPoolId: poolId, Username: 'alice' });
  const other = others.Devices.map((device) => device.DeviceKey).find((deviceKey) => deviceKey !== key);
  expect(other).toBeDefined();
  expect(await succeed(alice, 'forgetSpecificDevice', other)).toEqual(['SUCCESS']);
  expect(alice.deviceKey).toBe(key);

  expect(await succeed(alice, 'forgetDevice')).toEqual(['SUCCESS']);
  expect(alice.deviceKey).toBeNull();
  expect(alice.randomPassword).toBeNull();
  alice.getCachedDeviceKeyAndPassword();
  expect(alice.deviceKey).toBeNull();
  expect((await signIn(user())).name).toBe('totpRequired');

  // A failure goes to onFailure, with the code of the Promise API.
  const { object, called } = callbacks('onSuccess');
  alice.getDevice(object);
  await expect(called).rejects.toMatchObject({ code: 'NoDeviceError' });
});
