// Remembered devices on the mock endpoint (`cognito-mfa mock`), driven by the unmodified
// amazon-cognito-identity-js from npm: a TOTP sign-in receives NewDeviceMetadata (identity-js
// confirms the device itself; the pool remembers devices only on the user's word, so
// onSuccess gets userConfirmationNecessary), setDeviceStatusRemembered, sign out, sign in
// again: no MFA callback, tokens from device SRP; listDevices shows the device; a device
// forgotten by the administrator is dropped by identity-js's own retry; forgetDevice, and the
// next sign-in asks for MFA again.
//
// The binary is $COGNITO_MFA_BIN or target/debug/cognito-mfa (`cargo build -p
// cognito-mfa-cli`), run as a child process with a config file that preloads the pool.
'use strict';


const {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
} = require('amazon-cognito-identity-js');
const OTPAuth = require('otpauth');

const { startCliMock, stopCliMock } = require('./helpers');

jest.setTimeout(60_000);

const PASSWORD = 'Passw0rd!';
/** Base32 of the RFC 6238 SHA-1 key "12345678901234567890". */
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const POOL = { id: 'us-east-1_NodeDev1', client: 'nodedevclient' };

const CONFIG = {
  pools: [
    {
      id: POOL.id,
      name: 'node-devices',
      mfa_configuration: 'OPTIONAL',
      device_configuration: {
        challenge_required_on_new_device: true,
        device_only_remembered_on_user_prompt: true,
      },
      clients: [{ id: POOL.client }],
      users: ['dev-user', 'admin-forgot-user'].map((username) => ({
        username,
        password: PASSWORD,
        totp_secret: SECRET,
        mfa: { software_token: true },
      })),
    },
  ],
};

let mock;
let endpoint;

beforeAll(async () => {
  ({ child: mock, endpoint } = await startCliMock(CONFIG));
});

afterAll(async () => {
  const code = await stopCliMock(mock);
  if (code !== null) expect(code).toBe(0);
});

/** A test control of the mock, or (with `target`) one of its Cognito operations. */
async function post(pathname, body, target) {
  const headers = target
    ? {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
      }
    : {};
  const response = await fetch(endpoint + pathname, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  expect({ status: response.status, json }).toMatchObject({ status: 200 });
  return json;
}

const now = async () => (await post('/_mock/clock')).now;
const admin = (operation, body) => post('/', { UserPoolId: POOL.id, ...body }, operation);

async function totpCode() {
  const totp = new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(SECRET),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
  const code = totp.generate({ timestamp: (await now()) * 1000 });
  await post('/_mock/clock', { advance_seconds: 30 }); // each code once
  return code;
}

/** A fresh CognitoUser: what identity-js knows of the device comes from its storage. */
function cognitoUser(username) {
  const pool = new CognitoUserPool({ UserPoolId: POOL.id, ClientId: POOL.client, endpoint });
  return new CognitoUser({ Username: username, Pool: pool });
}

/** Which callback of authenticateUser / sendMFACode fired: `{ kind, args }`. */
function outcome(resolve, reject) {
  const settle = (kind) => (...args) => resolve({ kind, args });
  return {
    onSuccess: settle('onSuccess'),
    onFailure: reject,
    mfaRequired: settle('mfaRequired'),
    totpRequired: settle('totpRequired'),
    selectMFAType: settle('selectMFAType'),
    mfaSetup: settle('mfaSetup'),
    newPasswordRequired: settle('newPasswordRequired'),
  };
}

function signIn(cognito) {
  const details = new AuthenticationDetails({ Username: cognito.getUsername(), Password: PASSWORD });
  return new Promise((resolve, reject) => cognito.authenticateUser(details, outcome(resolve, reject)));
}

async function signInWithTotp(cognito) {
  const challenge = await signIn(cognito);
  expect(challenge.kind).toBe('totpRequired');
  const code = await totpCode();
  return new Promise((resolve, reject) =>
    cognito.sendMFACode(code, outcome(resolve, reject), 'SOFTWARE_TOKEN_MFA'),
  );
}

/** identity-js's `{onSuccess, onFailure}` callbacks → promise. */
function callbacks(fn) {
  return new Promise((resolve, reject) => fn({ onSuccess: resolve, onFailure: reject }));
}

const attribute = (device, name) =>
  device.DeviceAttributes.find((a) => a.Name === name)?.Value;

test('a remembered device signs in without MFA until it is forgotten', async () => {
  const first = cognitoUser('dev-user');
  const signedIn = await signInWithTotp(first);
  expect(signedIn.kind).toBe('onSuccess');
  // identity-js confirmed the new device; the pool asks the user before remembering it.
  expect(signedIn.args[1]).toBe(true);
  const cached = first.getCachedDeviceKeyAndPassword();
  const deviceKey = first.deviceKey;
  expect(deviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
  expect(first.deviceGroupKey).toBeTruthy();
  expect(first.randomPassword).toBeTruthy();
  expect(cached).toBeUndefined(); // it fills the user's fields

  const notYet = await callbacks((cb) => first.listDevices(60, null, cb));
  expect(notYet.Devices).toEqual([]);
  await expect(callbacks((cb) => first.getDevice(cb))).rejects.toMatchObject({
    code: 'ResourceNotFoundException',
  });
  expect(await callbacks((cb) => first.setDeviceStatusRemembered(cb))).toBe('SUCCESS');
  const listed = await callbacks((cb) => first.listDevices(60, null, cb));
  expect(listed.Devices.map((d) => d.DeviceKey)).toEqual([deviceKey]);
  expect(attribute(listed.Devices[0], 'dev:device_remembered_status')).toBe('remembered');
  expect(attribute(listed.Devices[0], 'device_name')).toBeTruthy();
  const got = await callbacks((cb) => first.getDevice(cb));
  expect(got.Device.DeviceKey).toBe(deviceKey);

  await new Promise((resolve) => first.signOut(resolve));

  // Signing in again from the remembered device: device SRP, no MFA callback.
  const again = cognitoUser('dev-user');
  const remembered = await signIn(again);
  expect(remembered.kind).toBe('onSuccess');
  const session = remembered.args[0];
  expect(session.isValid()).toBe(true);
  expect(session.getAccessToken().decodePayload().username).toBe('dev-user');
  expect(again.deviceKey).toBe(deviceKey);

  // The refresh token is bound to the device: identity-js sends its key.
  const refreshed = await new Promise((resolve, reject) =>
    again.refreshSession(session.getRefreshToken(), (err, s) => (err ? reject(err) : resolve(s))),
  );
  expect(refreshed.getAccessToken().decodePayload().username).toBe('dev-user');

  // Forgotten: the next sign-in asks for the code again.
  expect(await callbacks((cb) => again.forgetDevice(cb))).toBe('SUCCESS');
  expect(again.deviceKey).toBeNull();
  const byAdmin = await admin('AdminListDevices', { Username: 'dev-user' });
  expect(byAdmin.Devices.map((d) => d.DeviceKey)).not.toContain(deviceKey);
  const asked = await signInWithTotp(cognitoUser('dev-user'));
  expect(asked.kind).toBe('onSuccess');
});

test('a device forgotten by the administrator is dropped by identity-js, which signs in again', async () => {
  const first = cognitoUser('admin-forgot-user');
  expect((await signInWithTotp(first)).kind).toBe('onSuccess');
  await callbacks((cb) => first.setDeviceStatusRemembered(cb));
  const forgotten = first.deviceKey;
  await admin('AdminForgetDevice', { Username: 'admin-forgot-user', DeviceKey: forgotten });

  // identity-js sends the stale key, gets ResourceNotFoundException at PASSWORD_VERIFIER,
  // clears it and answers the same challenge again without it: MFA, then a new device.
  const again = cognitoUser('admin-forgot-user');
  const challenge = await signIn(again);
  expect(challenge.kind).toBe('totpRequired');
  const code = await totpCode();
  const done = await new Promise((resolve, reject) =>
    again.sendMFACode(code, outcome(resolve, reject), 'SOFTWARE_TOKEN_MFA'),
  );
  expect(done.kind).toBe('onSuccess');
  expect(again.deviceKey).toBeTruthy();
  expect(again.deviceKey).not.toBe(forgotten);
});
