// Remembered devices in the Promise API: the device stores (memory, file, a JavaScript object
// of the application's), the pool's device options, CognitoUser's device methods, and the
// whole story against MockCognito with device tracking on: MFA once, then a sign-in from the
// same device without a code.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { inspect } = require('node:util');

const {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  FileDeviceStore,
  MemoryDeviceStore,
  errorCodes,
} = require('cognito-mfa');
const { MockCognito } = require('cognito-mfa/testing');
const native = require('../../bindings-node/native.js');
const { thrownBy } = require('./helpers.js');

jest.setTimeout(60_000);

const POOL_ID = 'us-east-1_Devices1';
const KEY_A = 'us-east-1_0a1b2c3d-0000-4000-8000-00000000000a';
const KEY_B = 'us-east-1_0a1b2c3d-0000-4000-8000-00000000000b';
const PASSWORD = 'Passw0rd!';
const device = (deviceKey = KEY_A, devicePassword = 'the-device-password') => ({
  deviceKey,
  deviceGroupKey: '-wt2ha1Zd',
  devicePassword,
});

let mock;
beforeAll(async () => {
  mock = await MockCognito.start();
});
afterAll(async () => {
  await mock.stop();
});

/** A fresh folder under the system's temporary directory, removed after the test. */
const folders = [];
function tempFolder() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-mfa-devices-'));
  folders.push(folder);
  return folder;
}
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

describe('MemoryDeviceStore', () => {
  test('saves, loads and forgets one device per pool and user', async () => {
    const store = new MemoryDeviceStore();
    expect(store.size).toBe(0);
    await expect(store.load(POOL_ID, 'alice')).resolves.toBeNull();
    await store.save(POOL_ID, 'alice', device());
    await store.save(POOL_ID, 'bob', device(KEY_B));
    await store.save('us-east-1_Other', 'alice', device(KEY_B));
    expect(store.size).toBe(3);
    await expect(store.load(POOL_ID, 'alice')).resolves.toEqual(device());
    await store.save(POOL_ID, 'alice', device(KEY_B, 'another'));
    await expect(store.load(POOL_ID, 'alice')).resolves.toEqual(device(KEY_B, 'another'));
    await store.forget(POOL_ID, 'alice');
    await store.forget(POOL_ID, 'nobody');
    await expect(store.load(POOL_ID, 'alice')).resolves.toBeNull();
    await expect(store.load(POOL_ID, 'bob')).resolves.toEqual(device(KEY_B));
    expect(store.size).toBe(2);
  });

  test('refuses a device that is not one, and arguments of the wrong type', async () => {
    const store = new MemoryDeviceStore();
    for (const bad of [
      null,
      'a string',
      { deviceKey: KEY_A, deviceGroupKey: 'g' },
      { ...device(), deviceKey: 'not a device key' },
      { ...device(), devicePassword: '' },
      { ...device(), deviceGroupKey: 42 },
    ]) {
      expect(thrownBy(() => store.save(POOL_ID, 'alice', bad)).code).toBe('InvalidInputError');
    }
    expect(thrownBy(() => store.load(42, 'alice')).code).toBe('InvalidInputError');
    expect(thrownBy(() => store.forget(POOL_ID)).code).toBe('InvalidInputError');
    expect(store.size).toBe(0);
  });
});

describe('FileDeviceStore', () => {
  test('writes a file only its owner can read, and reads it back in another store', async () => {
    const file = path.join(tempFolder(), 'devices.json');
    const store = new FileDeviceStore(file);
    expect(store.path).toBe(file);
    await expect(store.load(POOL_ID, 'alice')).resolves.toBeNull();
    expect(fs.existsSync(file)).toBe(false);
    await store.save(POOL_ID, 'alice', device());
    await store.save(POOL_ID, 'bob', device(KEY_B));
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = new FileDeviceStore(file);
    await expect(again.load(POOL_ID, 'alice')).resolves.toEqual(device());
    await again.forget(POOL_ID, 'alice');
    await expect(store.load(POOL_ID, 'alice')).resolves.toBeNull();
    await expect(store.load(POOL_ID, 'bob')).resolves.toEqual(device(KEY_B));
    // Only the store's file is left in the folder: the temporary files were renamed.
    expect(fs.readdirSync(path.dirname(file))).toEqual(['devices.json']);
  });

  test('refuses a malformed file and a file others may read, and leaves both untouched', async () => {
    const folder = tempFolder();
    const malformed = path.join(folder, 'malformed.json');
    fs.writeFileSync(malformed, '{"version": 1, "devices": [', { mode: 0o600 });
    const store = new FileDeviceStore(malformed);
    await expect(store.load(POOL_ID, 'alice')).rejects.toMatchObject({ code: 'DeviceStoreError' });
    await expect(store.save(POOL_ID, 'alice', device())).rejects.toMatchObject({ code: 'DeviceStoreError' });
    await expect(store.forget(POOL_ID, 'alice')).rejects.toMatchObject({ code: 'DeviceStoreError' });
    expect(fs.readFileSync(malformed, 'utf8')).toBe('{"version": 1, "devices": [');

    if (process.platform === 'win32') return;
    const good = path.join(folder, 'good.json');
    await new FileDeviceStore(good).save(POOL_ID, 'alice', device());
    const content = fs.readFileSync(good, 'utf8');
    fs.chmodSync(good, 0o644);
    const shared = new FileDeviceStore(good);
    const refused = await shared.load(POOL_ID, 'alice').catch((error) => error);
    expect(refused).toMatchObject({ code: 'DeviceStoreError', name: 'DeviceStoreError' });
    expect(refused.message).toMatch(/permissions 644/);
    expect(refused.message).not.toContain('the-device-password');
    await expect(shared.save(POOL_ID, 'bob', device(KEY_B))).rejects.toMatchObject({ code: 'DeviceStoreError' });
    expect(fs.readFileSync(good, 'utf8')).toBe(content);
  });

  test('needs a path', () => {
    expect(thrownBy(() => new FileDeviceStore('')).code).toBe('InvalidInputError');
    expect(thrownBy(() => new FileDeviceStore(42)).code).toBe('InvalidInputError');
  });
});

describe("the pool's device options", () => {
  const data = { UserPoolId: POOL_ID, ClientId: 'client1' };
  const store = { load() {}, save() {}, forget() {} };

  test('accept the stores of this package and an object with load, save and forget', () => {
    for (const deviceStore of [new MemoryDeviceStore(), new FileDeviceStore('devices.json'), store]) {
      expect(new CognitoUserPool({ ...data, deviceStore })).toBeInstanceOf(CognitoUserPool);
    }
    for (const refreshMethod of ['InitiateAuth', 'GetTokensFromRefreshToken']) {
      expect(new CognitoUserPool({ ...data, refreshMethod, confirmNewDevices: false, deviceName: 'laptop' })).toBeInstanceOf(
        CognitoUserPool,
      );
    }
  });

  test('refuse anything else with InvalidInputError', () => {
    for (const [bad, message] of [
      [{ deviceStore: 'memory' }, /deviceStore must be/],
      [{ deviceStore: { load() {}, save() {} } }, /deviceStore\.forget must be a function, got undefined/],
      [{ deviceStore: { ...store, load: 'load' } }, /deviceStore\.load must be a function, got a string/],
      [{ refreshMethod: 'REFRESH_TOKEN_AUTH' }, /refresh method must be 'InitiateAuth' or 'GetTokensFromRefreshToken'/],
      [{ confirmNewDevices: 'yes' }, /confirmNewDevices/],
      [{ deviceName: 42 }, /deviceName/],
    ]) {
      const error = thrownBy(() => new CognitoUserPool({ ...data, ...bad }));
      expect(error.code).toBe('InvalidInputError');
      expect(error.message).toMatch(message);
    }
  });
});

describe('the device calls of a user with no device', () => {
  const pool = new CognitoUserPool({ UserPoolId: POOL_ID, ClientId: 'client1', deviceStore: new MemoryDeviceStore() });

  test('have no device to show', () => {
    const user = new CognitoUser({ Username: 'alice', Pool: pool });
    expect(user.deviceKey).toBeNull();
    expect(user.pendingDeviceKey).toBeNull();
    expect(user.userConfirmationNecessary).toBeNull();
    expect(user.getCachedDeviceKeyAndPassword()).toBeNull();
  });

  test('reject with NotSignedInError before a sign-in, and check their arguments', async () => {
    const user = new CognitoUser({ Username: 'alice', Pool: pool });
    for (const call of [
      () => user.setDeviceStatusRemembered(),
      () => user.setDeviceStatusNotRemembered(),
      () => user.forgetSpecificDevice(KEY_A),
      () => user.listDevices(),
      () => user.listDevices(10, null),
      () => user.listAllDevices(),
      () => user.getDevice(),
      () => user.getDevice(KEY_A),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'NotSignedInError' });
    }
    await expect(user.forgetDevice()).rejects.toMatchObject({ code: 'NoDeviceError' });
    await expect(user.confirmDevice()).rejects.toMatchObject({ code: 'NoDeviceError' });
    await expect(user.listDevices(61)).rejects.toMatchObject({ code: 'InvalidInputError' });
    for (const call of [
      () => user.listDevices(-1),
      () => user.listDevices(1.5),
      () => user.listDevices('10'),
      () => user.listDevices(10, 42),
      () => user.forgetSpecificDevice(42),
      () => user.forgetSpecificDevice(),
      () => user.getDevice(42),
      () => user.confirmDevice(42),
    ]) {
      expect(thrownBy(call).code).toBe('InvalidInputError');
    }
  });

  test('NoDeviceError and DeviceStoreError are in errorCodes()', () => {
    expect(errorCodes()).toEqual(expect.arrayContaining(['NoDeviceError', 'DeviceStoreError', 'DeviceKeyExistsException']));
  });
});

describe('a device store of your own', () => {
  let poolId;
  let client;
  beforeAll(async () => {
    poolId = await mock.createUserPool({ mfa: 'OPTIONAL', deviceTracking: true });
    client = await mock.createAppClient(poolId);
    await mock.createUser(poolId, 'carol', PASSWORD);
  });
  const details = new AuthenticationDetails({ Username: 'carol', Password: PASSWORD });

  /** A store whose methods are `methods` (over a Map), recording each call. */
  function storeOf(methods = {}) {
    const devices = new Map();
    return {
      calls: [],
      devices,
      load(pool, username) {
        this.calls.push(['load', pool, username]);
        return methods.load ? methods.load(pool, username) : (devices.get(`${pool}/${username}`) ?? null);
      },
      save(pool, username, saved) {
        this.calls.push(['save', pool, username]);
        if (methods.save) return methods.save(pool, username, saved);
        devices.set(`${pool}/${username}`, saved);
        return undefined;
      },
      forget(pool, username) {
        this.calls.push(['forget', pool, username]);
        devices.delete(`${pool}/${username}`);
        return methods.forget ? methods.forget() : undefined;
      },
    };
  }

  test('with plain methods: called with the pool id and the user name, `this` the store', async () => {
    const store = storeOf();
    const user = new CognitoUser({ Username: 'carol', Pool: mock.userPool(poolId, client, { deviceStore: store }) });
    const result = await user.authenticateUser(details); // no MFA: signed in, device confirmed
    expect(result.challengeName).toBeNull();
    expect(store.calls).toEqual([
      ['load', poolId, 'carol'],
      ['save', poolId, 'carol'],
    ]);
    const saved = store.devices.get(`${poolId}/carol`);
    expect(saved).toEqual({ deviceKey: user.deviceKey, deviceGroupKey: expect.any(String), devicePassword: expect.any(String) });
    expect(Buffer.from(saved.devicePassword, 'base64')).toHaveLength(40);
    expect(user.getCachedDeviceKeyAndPassword()).toEqual({
      deviceKey: saved.deviceKey,
      deviceGroupKey: saved.deviceGroupKey,
      randomPassword: saved.devicePassword,
    });
    // The next sign-in sends the saved device: no new device is confirmed.
    const again = new CognitoUser({ Username: 'carol', Pool: mock.userPool(poolId, client, { deviceStore: store }) });
    await again.authenticateUser(details);
    expect(again.deviceKey).toBe(saved.deviceKey);
    expect(store.calls.slice(2)).toEqual([['load', poolId, 'carol']]);
    await again.forgetDevice();
    expect(store.calls.slice(3)).toEqual([['forget', poolId, 'carol']]);
    expect(store.devices.size).toBe(0);
  });

  test('with async methods (Promises), resolved or rejected', async () => {
    const later = (value) => new Promise((resolve) => setTimeout(() => resolve(value), 5));
    const devices = new Map();
    const store = storeOf({
      load: (pool, username) => later(devices.get(`${pool}/${username}`) ?? null),
      save: async (pool, username, saved) => {
        await later();
        devices.set(`${pool}/${username}`, saved);
      },
    });
    const user = new CognitoUser({ Username: 'carol', Pool: mock.userPool(poolId, client, { deviceStore: store }) });
    await user.authenticateUser(details);
    expect(devices.get(`${poolId}/carol`).deviceKey).toBe(user.deviceKey);

    const rejecting = storeOf({ load: () => Promise.reject(new Error(`cannot read ${devices.get(`${poolId}/carol`).devicePassword}`)) });
    const refused = await new CognitoUser({ Username: 'carol', Pool: mock.userPool(poolId, client, { deviceStore: rejecting }) })
      .authenticateUser(details)
      .catch((error) => error);
    expect(refused).toMatchObject({ code: 'DeviceStoreError', name: 'DeviceStoreError' });
    expect(refused.message).toMatch(/load/);
    // The store's own error is not passed on: it could quote the device password.
    expect(refused.message).not.toContain(devices.get(`${poolId}/carol`).devicePassword);
  });

  test('a method that throws, or a load that is not a device, is DeviceStoreError', async () => {
    const throwing = storeOf({
      load: () => {
        throw new TypeError('the database is down');
      },
    });
    const pool = mock.userPool(poolId, client, { deviceStore: throwing });
    const error = await new CognitoUser({ Username: 'carol', Pool: pool }).authenticateUser(details).catch((e) => e);
    expect(error).toMatchObject({ code: 'DeviceStoreError', message: expect.stringMatching(/load threw/) });

    for (const [answer, described] of [
      [42, /a number/],
      ['us-east-1_x', /a string/],
      [{ deviceKey: KEY_A, deviceGroupKey: 'g' }, /without devicePassword/],
      [{ ...device(), deviceGroupKey: 7 }, /deviceGroupKey is a number/],
      [{ ...device(), deviceKey: 'nope' }, /an invalid device/],
      [Promise.resolve(false), /a boolean/],
    ]) {
      const store = storeOf({ load: () => answer });
      const refused = await new CognitoUser({ Username: 'carol', Pool: mock.userPool(poolId, client, { deviceStore: store }) })
        .authenticateUser(details)
        .catch((e) => e);
      expect(refused).toMatchObject({ code: 'DeviceStoreError' });
      expect(refused.message).toMatch(described);
      expect(refused.message).not.toContain('the-device-password');
    }

    // A save that fails: the user is signed in all the same, and the error says why.
    const saving = storeOf({ save: () => Promise.reject(new Error('disk full')) });
    const user = new CognitoUser({ Username: 'carol', Pool: mock.userPool(poolId, client, { deviceStore: saving }) });
    await expect(user.authenticateUser(details)).rejects.toMatchObject({
      code: 'DeviceStoreError',
      message: expect.stringMatching(/save returned a Promise that rejected/),
    });
    expect(user.getSignInUserSession().isValid()).toBe(true);
    expect(user.deviceKey).toMatch(/^us-east-1_/);
  });
});

describe('secrets stay out of inspect and JSON', () => {
  test('of users, pools and stores', async () => {
    const poolId = await mock.createUserPool({ deviceTracking: true });
    const client = await mock.createAppClient(poolId);
    await mock.createUser(poolId, 'dave', PASSWORD);
    const store = new MemoryDeviceStore();
    const pool = mock.userPool(poolId, client, { deviceStore: store });
    const user = new CognitoUser({ Username: 'dave', Pool: pool });
    await user.authenticateUser(new AuthenticationDetails({ Username: 'dave', Password: PASSWORD }));
    const { randomPassword } = user.getCachedDeviceKeyAndPassword();
    expect(randomPassword.length).toBeGreaterThan(40);
    for (const value of [user, pool, store, new FileDeviceStore('devices.json')]) {
      expect(inspect(value, { showHidden: true, depth: 10, getters: true })).not.toContain(randomPassword);
      expect(JSON.stringify(value) ?? '').not.toContain(randomPassword);
    }
    expect(inspect(store)).toBe('MemoryDeviceStore {}');
  });
});

describe('ChallengeName', () => {
  test("index.d.ts declares the core's challenges, without those the client answers itself", () => {
    const dts = fs.readFileSync(path.join(__dirname, '..', '..', 'bindings-node', 'index.d.ts'), 'utf8');
    const union = dts.match(/^export type ChallengeName =\n((?:  \|.*\n)+)/m);
    expect(union).not.toBeNull();
    const declared = [...union[1].matchAll(/'([A-Z_]+)'/g)].map((match) => match[1]);
    expect(declared.sort()).toEqual(native.challengeNames().sort());
    expect(declared).not.toContain('DEVICE_SRP_AUTH');
    expect(declared).not.toContain('DEVICE_PASSWORD_VERIFIER');
  });
});

describe('remembered devices against MockCognito', () => {
  /** A device-tracking pool (`tracking`), an app client and a user with TOTP enrolled. */
  async function setup(tracking = true, username = 'alice') {
    const poolId = await mock.createUserPool({ mfa: 'OPTIONAL', deviceTracking: tracking });
    const client = await mock.createAppClient(poolId);
    await mock.createUser(poolId, username, PASSWORD);
    const secret = await mock.enrolTotp(poolId, client, username, PASSWORD);
    const details = new AuthenticationDetails({ Username: username, Password: PASSWORD });
    /** A CognitoUser on a new pool object with `options` (`deviceStore`...). */
    const userOn = (options) => new CognitoUser({ Username: username, Pool: mock.userPool(poolId, client, options) });
    /** Signs `user` in through its TOTP challenge; resolves to the session. */
    async function signInWithTotp(user) {
      mock.advanceClock(30); // a TOTP code is accepted once per time step
      const challenge = await user.authenticateUser(details);
      expect(challenge.challengeName).toBe('SOFTWARE_TOKEN_MFA');
      const { session } = await user.sendMFACode(mock.totpCode(secret));
      expect(session.isValid()).toBe(true);
      return session;
    }
    /** Signs `user` in and expects no MFA challenge. */
    async function signInWithoutMfa(user) {
      mock.advanceClock(30);
      const result = await user.authenticateUser(details);
      expect(result.challengeName).toBeNull();
      expect(result.session.isValid()).toBe(true);
      return result.session;
    }
    return { poolId, client, username, details, userOn, signInWithTotp, signInWithoutMfa };
  }

  test('MFA once, then the remembered device signs in without a code', async () => {
    const { poolId, username, userOn, signInWithTotp, signInWithoutMfa } = await setup();
    const store = new MemoryDeviceStore();
    const alice = userOn({ deviceStore: store });
    await signInWithTotp(alice);
    const key = alice.deviceKey;
    expect(key).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
    expect(alice.userConfirmationNecessary).toBe(false); // remembered at once by this pool
    expect(alice.pendingDeviceKey).toBeNull();
    expect(store.size).toBe(1);
    expect((await store.load(poolId, username)).deviceKey).toBe(key);

    // A new CognitoUser (another process, tomorrow) with the same store: no code asked.
    const later = userOn({ deviceStore: store });
    await signInWithoutMfa(later);
    expect(later.deviceKey).toBe(key);
    expect(later.userConfirmationNecessary).toBeNull(); // this sign-in confirmed no device

    const page = await later.listDevices(10);
    expect(page.PaginationToken).toBeUndefined();
    expect(page.Devices).toHaveLength(1);
    const [listed] = page.Devices;
    expect(listed.DeviceKey).toBe(key);
    expect(listed.DeviceAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'device_name', Value: 'cognito-mfa' },
        { Name: 'dev:device_remembered_status', Value: 'remembered' },
      ]),
    );
    expect(typeof listed.DeviceCreateDate).toBe('number');
    expect(typeof listed.DeviceLastAuthenticatedDate).toBe('number');
    expect((await later.getDevice()).Device.DeviceKey).toBe(key);
    expect((await later.getDevice(key)).Device).toEqual(listed);
    expect((await later.listAllDevices()).map((d) => d.DeviceKey)).toEqual([key]);
    // The admin view agrees (it also lists the device of enrolTotp's sign-in, never confirmed).
    const admin = await mock.call('AdminListDevices', { UserPoolId: poolId, Username: username });
    expect(admin.Devices.map((d) => d.DeviceKey)).toContain(key);
  });

  test('a device that is not remembered is still asked for MFA', async () => {
    const { userOn, signInWithTotp, signInWithoutMfa } = await setup();
    const store = new MemoryDeviceStore();
    const alice = userOn({ deviceStore: store });
    await signInWithTotp(alice);
    await expect(alice.setDeviceStatusNotRemembered()).resolves.toBe('SUCCESS');
    const key = alice.deviceKey;
    await signInWithTotp(alice); // tracked, not remembered: the code is asked
    expect(alice.deviceKey).toBe(key); // the same device, not a new one
    await expect(alice.listDevices()).resolves.toEqual({ Devices: [] }); // only remembered devices are listed
    await expect(alice.getDevice()).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
    await expect(alice.setDeviceStatusRemembered()).resolves.toBe('SUCCESS');
    await signInWithoutMfa(alice);
  });

  test('forgetDevice: the device leaves the store and the service, and MFA is asked again', async () => {
    const { poolId, username, userOn, signInWithTotp, signInWithoutMfa } = await setup();
    const store = new MemoryDeviceStore();
    const alice = userOn({ deviceStore: store });
    await signInWithTotp(alice);
    await signInWithoutMfa(alice);
    const key = alice.deviceKey;
    await expect(alice.forgetDevice()).resolves.toBe('SUCCESS');
    expect(alice.deviceKey).toBeNull();
    expect(alice.getCachedDeviceKeyAndPassword()).toBeNull();
    expect(store.size).toBe(0);
    await expect(mock.call('AdminGetDevice', { UserPoolId: poolId, Username: username, DeviceKey: key })).rejects.toMatchObject({
      code: 'ResourceNotFoundException',
    });
    await expect(alice.getDevice()).rejects.toMatchObject({ code: 'NoDeviceError' });
    await expect(alice.setDeviceStatusRemembered()).rejects.toMatchObject({ code: 'NoDeviceError' });
    await signInWithTotp(alice); // a new device
    expect(alice.deviceKey).not.toBe(key);
    expect(store.size).toBe(1);
  });

  test('a device forgotten on the server side: the next sign-in recovers by itself', async () => {
    const { poolId, username, userOn, signInWithTotp, signInWithoutMfa } = await setup();
    const file = path.join(tempFolder(), 'devices.json');
    const alice = userOn({ deviceStore: new FileDeviceStore(file) });
    await signInWithTotp(alice);
    const key = alice.deviceKey;
    await mock.call('AdminForgetDevice', { UserPoolId: poolId, Username: username, DeviceKey: key });

    // Cognito answers the forgotten key with ResourceNotFoundException; the client drops it
    // and signs in as a new device, which is asked for MFA and confirmed.
    const later = userOn({ deviceStore: new FileDeviceStore(file) });
    await signInWithTotp(later);
    expect(later.deviceKey).not.toBe(key);
    expect((await new FileDeviceStore(file).load(poolId, username)).deviceKey).toBe(later.deviceKey);
    await signInWithoutMfa(userOn({ deviceStore: new FileDeviceStore(file) }));
  });

  test('two devices of one user each skip MFA, and forgetSpecificDevice removes one', async () => {
    const { userOn, signInWithTotp, signInWithoutMfa } = await setup();
    const [laptop, phone] = [new MemoryDeviceStore(), new MemoryDeviceStore()];
    const onLaptop = userOn({ deviceStore: laptop, deviceName: 'laptop' });
    const onPhone = userOn({ deviceStore: phone, deviceName: 'phone' });
    await signInWithTotp(onLaptop);
    await signInWithTotp(onPhone);
    expect(onLaptop.deviceKey).not.toBe(onPhone.deviceKey);
    await signInWithoutMfa(onLaptop);
    await signInWithoutMfa(onPhone);
    const devices = await onPhone.listAllDevices();
    const names = Object.fromEntries(
      devices.map((d) => [d.DeviceKey, d.DeviceAttributes.find((a) => a.Name === 'device_name').Value]),
    );
    expect(names).toEqual({ [onLaptop.deviceKey]: 'laptop', [onPhone.deviceKey]: 'phone' });
    const firstPage = await onPhone.listDevices(1);
    expect(firstPage.Devices).toHaveLength(1);
    expect(typeof firstPage.PaginationToken).toBe('string');
    const secondPage = await onPhone.listDevices(1, firstPage.PaginationToken);
    expect([...firstPage.Devices, ...secondPage.Devices].map((d) => d.DeviceKey).sort()).toEqual(Object.keys(names).sort());

    // The phone forgets the laptop: the laptop's store still has it, so its next sign-in
    // recovers as a new device (asked for MFA); the phone keeps its own device.
    await expect(onPhone.forgetSpecificDevice(onLaptop.deviceKey)).resolves.toBe('SUCCESS');
    expect(onPhone.deviceKey).not.toBeNull();
    expect(phone.size).toBe(1);
    await signInWithTotp(onLaptop);
    await signInWithoutMfa(onPhone);
  });

  test.each(['InitiateAuth', 'GetTokensFromRefreshToken'])('refreshSession with %s carries the device key', async (refreshMethod) => {
    const { userOn, signInWithTotp } = await setup();
    const alice = userOn({ deviceStore: new MemoryDeviceStore(), refreshMethod });
    const session = await signInWithTotp(alice);
    mock.advanceClock(120);
    const refreshed = await alice.refreshSession();
    expect(refreshed.isValid()).toBe(true);
    expect(refreshed.getAccessToken().getJwtToken()).not.toBe(session.getAccessToken().getJwtToken());
    // The mock, as Cognito, refuses a refresh of a device's tokens without its device key.
    expect(alice.deviceKey).toMatch(/^us-east-1_/);
  });

  test('a pool that remembers devices on the user’s word: userConfirmationNecessary', async () => {
    const { userOn, signInWithTotp, signInWithoutMfa } = await setup({
      challengeRequiredOnNewDevice: true,
      deviceOnlyRememberedOnUserPrompt: true,
    });
    const alice = userOn({ deviceStore: new MemoryDeviceStore() });
    await signInWithTotp(alice);
    expect(alice.userConfirmationNecessary).toBe(true);
    await signInWithTotp(alice); // confirmed, not remembered yet: still asked
    expect(alice.userConfirmationNecessary).toBeNull();
    await alice.setDeviceStatusRemembered(); // the user said yes
    await signInWithoutMfa(alice);
  });

  test('confirmNewDevices: false leaves the device pending until confirmDevice()', async () => {
    const { userOn, signInWithTotp, signInWithoutMfa } = await setup();
    const store = new MemoryDeviceStore();
    const alice = userOn({ deviceStore: store, confirmNewDevices: false });
    await signInWithTotp(alice);
    const pending = alice.pendingDeviceKey;
    expect(pending).toMatch(/^us-east-1_/);
    expect(alice.deviceKey).toBeNull();
    expect(store.size).toBe(0);
    await expect(alice.confirmDevice('Work laptop')).resolves.toBe(false);
    expect(alice.deviceKey).toBe(pending);
    expect(alice.pendingDeviceKey).toBeNull();
    expect(store.size).toBe(1);
    const { Device } = await alice.getDevice();
    expect(Device.DeviceAttributes).toContainEqual({ Name: 'device_name', Value: 'Work laptop' });
    await expect(alice.confirmDevice()).rejects.toMatchObject({ code: 'NoDeviceError' });
    await signInWithoutMfa(alice);
  });

  test('without a deviceStore the device lives in its CognitoUser only', async () => {
    const { userOn, signInWithTotp, signInWithoutMfa } = await setup();
    const alice = userOn({});
    await signInWithTotp(alice);
    const key = alice.deviceKey;
    expect(key).toMatch(/^us-east-1_/); // confirmed, kept by this CognitoUser
    await signInWithoutMfa(alice);
    const other = userOn({}); // another CognitoUser does not know it: a new device
    await signInWithTotp(other);
    expect(other.deviceKey).not.toBe(key);
  });
});
