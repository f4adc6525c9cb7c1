// The mock endpoint (`cognito-mfa mock`) driven by the unmodified amazon-cognito-identity-js
// from npm, through its callback API, for every MFA flow: SRP sign-in, TOTP enrolment while
// signed in, the totpRequired / mfaRequired / selectMFAType / mfaSetup challenges, the legacy
// enableMFA / disableMFA / getMFAOptions calls, a wrong code, and a session expired by moving
// the mock's clock.
//
// The binary is $COGNITO_MFA_BIN or target/debug/cognito-mfa (`cargo build -p
// cognito-mfa-cli`). It runs as a child process with a config file that preloads the pools,
// app clients and users, so the ids below are known in advance.
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
const SEEDED_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

const POOLS = {
  off: { id: 'us-east-1_NodeOff1', client: 'nodeoffclient' },
  optional: { id: 'us-east-1_NodeOpt1', client: 'nodeoptclient' },
  on: { id: 'us-east-1_NodeOn1', client: 'nodeonclient' },
};

const user = (username, extra = {}) => ({
  username,
  password: PASSWORD,
  attributes: { email: `${username}@example.com`, phone_number: '+15555550142' },
  ...extra,
});

const CONFIG = {
  pools: [
    {
      id: POOLS.off.id,
      name: 'node-off',
      clients: [{ id: POOLS.off.client }],
      users: [user('srp-user')],
    },
    {
      id: POOLS.optional.id,
      name: 'node-optional',
      mfa_configuration: 'OPTIONAL',
      clients: [{ id: POOLS.optional.client }],
      users: [
        user('enrol-user'),
        user('legacy-user'),
        user('sms-user', { mfa: { sms: true } }),
        user('expire-user', { mfa: { sms: true } }),
        user('wrong-user', { totp_secret: SEEDED_SECRET, mfa: { software_token: true } }),
        user('both-user', {
          totp_secret: SEEDED_SECRET,
          mfa: { sms: true, software_token: true },
        }),
      ],
    },
    {
      id: POOLS.on.id,
      name: 'node-on',
      mfa_configuration: 'ON',
      sms_mfa: false,
      clients: [{ id: POOLS.on.client }],
      users: [user('setup-user')],
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

/** GET or POST a test control of the mock. */
async function control(pathname, body) {
  const response = await fetch(endpoint + pathname, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
}

const now = async () => (await control('/_mock/clock')).now;
const advance = (seconds) => control('/_mock/clock', { advance_seconds: seconds });

async function lastCode(username) {
  const messages = await control(`/_mock/messages?username=${username}`);
  expect(messages.length).toBeGreaterThan(0);
  return messages[messages.length - 1].code;
}

/** The TOTP code for `secret` at the mock's current time. */
async function totpCode(secret) {
  const totp = new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
  return totp.generate({ timestamp: (await now()) * 1000 });
}

function cognitoUser(pool, username) {
  const userPool = new CognitoUserPool({ UserPoolId: pool.id, ClientId: pool.client, endpoint });
  return new CognitoUser({ Username: username, Pool: userPool });
}

/**
 * Callbacks for authenticateUser / sendMFACode / sendMFASelectionAnswer that settle a promise
 * with which callback fired: `{ kind, args }` (onFailure rejects with the error).
 */
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

function signIn(cognito, password = PASSWORD) {
  const details = new AuthenticationDetails({ Username: cognito.getUsername(), Password: password });
  return new Promise((resolve, reject) => cognito.authenticateUser(details, outcome(resolve, reject)));
}

function sendMFACode(cognito, code, mfaType) {
  return new Promise((resolve, reject) =>
    cognito.sendMFACode(code, outcome(resolve, reject), mfaType),
  );
}

/** Node-style callback → promise. */
function nodeCall(fn) {
  return new Promise((resolve, reject) => fn((err, result) => (err ? reject(err) : resolve(result))));
}

function associateSoftwareToken(cognito) {
  return new Promise((resolve, reject) =>
    cognito.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
  );
}

function verifySoftwareToken(cognito, code) {
  return new Promise((resolve, reject) =>
    cognito.verifySoftwareToken(code, 'jest device', { onSuccess: resolve, onFailure: reject }),
  );
}

test('SRP sign-in returns a session with Cognito tokens', async () => {
  const cognito = cognitoUser(POOLS.off, 'srp-user');
  const { kind, args } = await signIn(cognito);
  expect(kind).toBe('onSuccess');
  const session = args[0];
  expect(session.isValid()).toBe(true);
  expect(session.getAccessToken().decodePayload()).toMatchObject({
    username: 'srp-user',
    token_use: 'access',
    client_id: POOLS.off.client,
    iss: `${endpoint}/${POOLS.off.id}`,
  });
  expect(session.getIdToken().decodePayload()).toMatchObject({
    'cognito:username': 'srp-user',
    aud: POOLS.off.client,
    email: 'srp-user@example.com',
  });
  const attributes = await nodeCall((cb) => cognito.getUserAttributes(cb));
  expect(attributes.map((a) => a.getName())).toContain('sub');

  await expect(signIn(cognitoUser(POOLS.off, 'srp-user'), 'Wrong-passw0rd')).rejects.toMatchObject({
    code: 'NotAuthorizedException',
    message: 'Incorrect username or password.',
  });
});

test('TOTP enrolment while signed in, then the totpRequired challenge', async () => {
  const cognito = cognitoUser(POOLS.optional, 'enrol-user');
  expect((await signIn(cognito)).kind).toBe('onSuccess');
  const secret = await associateSoftwareToken(cognito);
  expect(secret).toMatch(/^[A-Z2-7]{52}$/);
  const verified = await verifySoftwareToken(cognito, await totpCode(secret));
  expect(verified).toMatchObject({ Status: 'SUCCESS' });
  await nodeCall((cb) =>
    cognito.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, cb),
  );
  const data = await nodeCall((cb) => cognito.getUserData(cb, { bypassCache: true }));
  expect(data.PreferredMfaSetting).toBe('SOFTWARE_TOKEN_MFA');
  expect(data.UserMFASettingList).toEqual(['SOFTWARE_TOKEN_MFA']);

  await advance(30); // the enrolment code's time step is used up
  const again = cognitoUser(POOLS.optional, 'enrol-user');
  const challenge = await signIn(again);
  expect(challenge.kind).toBe('totpRequired');
  expect(challenge.args[0]).toBe('SOFTWARE_TOKEN_MFA');
  const done = await sendMFACode(again, await totpCode(secret), 'SOFTWARE_TOKEN_MFA');
  expect(done.kind).toBe('onSuccess');
  expect(done.args[0].getAccessToken().decodePayload().username).toBe('enrol-user');
});

test('mfaRequired (SMS) answered with the code from /_mock/messages', async () => {
  const cognito = cognitoUser(POOLS.optional, 'sms-user');
  const challenge = await signIn(cognito);
  expect(challenge.kind).toBe('mfaRequired');
  expect(challenge.args[0]).toBe('SMS_MFA');
  expect(challenge.args[1]).toEqual({
    CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
    CODE_DELIVERY_DESTINATION: '+*******0142',
  });
  const done = await sendMFACode(cognito, await lastCode('sms-user'));
  expect(done.kind).toBe('onSuccess');
});

test('selectMFAType answered with sendMFASelectionAnswer', async () => {
  const cognito = cognitoUser(POOLS.optional, 'both-user');
  const challenge = await signIn(cognito);
  expect(challenge.kind).toBe('selectMFAType');
  expect(JSON.parse(challenge.args[1].MFAS_CAN_CHOOSE)).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
  const selected = await new Promise((resolve, reject) =>
    cognito.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA', outcome(resolve, reject)),
  );
  expect(selected.kind).toBe('totpRequired');
  const done = await sendMFACode(cognito, await totpCode(SEEDED_SECRET), 'SOFTWARE_TOKEN_MFA');
  expect(done.kind).toBe('onSuccess');

  const viaSms = cognitoUser(POOLS.optional, 'both-user');
  expect((await signIn(viaSms)).kind).toBe('selectMFAType');
  const sms = await new Promise((resolve, reject) =>
    viaSms.sendMFASelectionAnswer('SMS_MFA', outcome(resolve, reject)),
  );
  expect(sms.kind).toBe('mfaRequired');
  expect((await sendMFACode(viaSms, await lastCode('both-user'))).kind).toBe('onSuccess');
});

test('mfaSetup in an ON pool: associate and verify with the Session', async () => {
  const cognito = cognitoUser(POOLS.on, 'setup-user');
  const challenge = await signIn(cognito);
  expect(challenge.kind).toBe('mfaSetup');
  expect(challenge.args[0]).toBe('MFA_SETUP');
  expect(JSON.parse(challenge.args[1].MFAS_CAN_SETUP)).toEqual(['SOFTWARE_TOKEN_MFA']);
  const secret = await associateSoftwareToken(cognito);
  // Without a signed-in session, verifySoftwareToken answers MFA_SETUP and signs in.
  const session = await verifySoftwareToken(cognito, await totpCode(secret));
  expect(session.isValid()).toBe(true);
  expect(session.getAccessToken().decodePayload().username).toBe('setup-user');

  await advance(30);
  const again = cognitoUser(POOLS.on, 'setup-user');
  expect((await signIn(again)).kind).toBe('totpRequired');
  expect((await sendMFACode(again, await totpCode(secret), 'SOFTWARE_TOKEN_MFA')).kind).toBe(
    'onSuccess',
  );
});

test('enableMFA, getMFAOptions and disableMFA (legacy SMS settings)', async () => {
  const cognito = cognitoUser(POOLS.optional, 'legacy-user');
  expect((await signIn(cognito)).kind).toBe('onSuccess');
  expect(await nodeCall((cb) => cognito.getMFAOptions(cb))).toBeUndefined();
  expect(await nodeCall((cb) => cognito.enableMFA(cb))).toBe('SUCCESS');
  expect(await nodeCall((cb) => cognito.getMFAOptions(cb))).toEqual([
    { DeliveryMedium: 'SMS', AttributeName: 'phone_number' },
  ]);
  expect((await signIn(cognitoUser(POOLS.optional, 'legacy-user'))).kind).toBe('mfaRequired');
  expect(await nodeCall((cb) => cognito.disableMFA(cb))).toBe('SUCCESS');
  expect(await nodeCall((cb) => cognito.getMFAOptions(cb))).toBeUndefined();
  expect((await signIn(cognitoUser(POOLS.optional, 'legacy-user'))).kind).toBe('onSuccess');
});

test('a wrong code is CodeMismatchException and the session stays usable', async () => {
  const cognito = cognitoUser(POOLS.optional, 'wrong-user');
  expect((await signIn(cognito)).kind).toBe('totpRequired');
  // A code that is wrong in the previous, current and next time step alike.
  const t = await now();
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(SEEDED_SECRET) });
  const window = [-30, 0, 30].map((d) => totp.generate({ timestamp: (t + d) * 1000 }));
  const wrong = ['000000', '111111', '222222', '333333'].find((c) => !window.includes(c));
  await expect(sendMFACode(cognito, wrong, 'SOFTWARE_TOKEN_MFA')).rejects.toMatchObject({
    code: 'CodeMismatchException',
    message: 'Invalid code or auth state for the user.',
  });
  const right = await totpCode(SEEDED_SECRET);
  expect((await sendMFACode(cognito, right, 'SOFTWARE_TOKEN_MFA')).kind).toBe('onSuccess');
});

test('a session expired by advancing the clock', async () => {
  const cognito = cognitoUser(POOLS.optional, 'expire-user');
  expect((await signIn(cognito)).kind).toBe('mfaRequired');
  const code = await lastCode('expire-user');
  await advance(3 * 60);
  await expect(sendMFACode(cognito, code)).rejects.toMatchObject({
    code: 'NotAuthorizedException',
    message: 'Invalid session for the user, session is expired.',
  });
});
