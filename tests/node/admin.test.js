// The admin client in Node: `AdminClient` over the core's `cognito_mfa::admin`, against the
// jest MockCognito helper started with SigV4 verification on (`settings.sigv4` lists the keys it
// accepts), so every admin call here is proven signed with the credentials it was given. The
// credentials come in every form the class takes: a plain object, the real
// `@aws-sdk/credential-providers` (`fromEnv`, `fromIni` over temporary files), a provider
// function with an expiration, and the default chain (environment, profile).
'use strict';

const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { inspect } = require('node:util');

const { fromEnv, fromIni } = require('@aws-sdk/credential-providers');
const { AdminClient, AuthenticationDetails, CognitoUser, MemoryDeviceStore, errorCodes } = require('cognito-mfa');
const { MockCognito, DEFAULT_PASSWORD } = require('cognito-mfa/testing');
const { thrownBy } = require('./helpers.js');

jest.setTimeout(60_000);

const KEY = { accessKeyId: 'AKIDADMINNODE0000001', secretAccessKey: 'node/admin+secret/000000000000000000000', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLEnodeTOKEN' };
const OTHER = { accessKeyId: 'AKIDADMINNODE0000002', secretAccessKey: 'another+node/secret/1111111111111111111' };
const ADMIN_FLOWS = ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
const AWS_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'AWS_CREDENTIAL_EXPIRATION'];

let mock;
const savedEnvironment = {};
beforeAll(async () => {
  for (const name of AWS_VARIABLES) savedEnvironment[name] = process.env[name];
  mock = await MockCognito.start({
    config: {
      settings: {
        sigv4: {
          credentials: [
            { access_key_id: KEY.accessKeyId, secret_access_key: KEY.secretAccessKey, session_token: KEY.sessionToken },
            { access_key_id: OTHER.accessKeyId, secret_access_key: OTHER.secretAccessKey },
          ],
        },
      },
    },
  });
});
afterAll(async () => {
  await mock.stop();
});
afterEach(() => {
  for (const name of AWS_VARIABLES) {
    if (savedEnvironment[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnvironment[name];
  }
});

/** A pool (and app client allowing the admin flows) with `users`, as a CognitoUserPool. */
async function adminPool({ mfa = 'OPTIONAL', generateSecret = false, deviceTracking = false } = {}) {
  const poolId = await mock.createUserPool({ mfa, deviceTracking });
  const client = await mock.createAppClient(poolId, { generateSecret, authFlows: ADMIN_FLOWS });
  const pool = mock.userPool(poolId, client, { deviceStore: new MemoryDeviceStore() });
  return { poolId, client, pool };
}

const details = (username) => new AuthenticationDetails({ Username: username, Password: DEFAULT_PASSWORD });
const adminFlow = { flow: 'ADMIN_USER_PASSWORD_AUTH' };

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the Promise to reject, it resolved');
}

function temporaryDirectory() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-mfa-admin-'));
}

test('the admin error codes are the package codes', () => {
  for (const code of ['CredentialsError', 'InvalidSignatureException', 'UnrecognizedClientException', 'AccessDeniedException', 'ExpiredTokenException', 'MissingAuthenticationTokenException', 'IncompleteSignatureException']) {
    expect(errorCodes()).toContain(code);
  }
});

describe('sign-in through AdminInitiateAuth', () => {
  test('ADMIN_USER_PASSWORD_AUTH, then the TOTP challenge', async () => {
    const { poolId, client, pool } = await adminPool();
    await mock.createUser(poolId, 'alice');
    const secret = await mock.enrolTotp(poolId, client, 'alice');
    const admin = new AdminClient(pool, { credentials: KEY });
    expect(admin.pool.getUserPoolId()).toBe(poolId);

    const alice = admin.user('alice');
    expect(alice).toBeInstanceOf(CognitoUser);
    let result = await alice.authenticateUser(details('alice'), adminFlow);
    expect(result.challengeName).toBe('SOFTWARE_TOKEN_MFA');
    expect((await rejection(alice.sendMFACode('000000', 'SOFTWARE_TOKEN_MFA'))).code).toBe('CodeMismatchException');
    result = await alice.sendMFACode(mock.totpCode(secret), 'SOFTWARE_TOKEN_MFA');
    expect(result.session.isValid()).toBe(true);
    // The tokens are the user's own: the user-side API takes them.
    expect((await alice.getUserData()).Username).toBe('alice');

    // The same flow through a pool that does not sign is refused before any request.
    const plain = new CognitoUser({ Username: 'alice', Pool: pool });
    const refused = await rejection(plain.authenticateUser(details('alice'), adminFlow));
    expect(refused.code).toBe('InvalidInputError');
    expect(refused.message).toContain('needs IAM credentials');
  });

  test('SRP through AdminInitiateAuth with a client secret answers SMS_MFA', async () => {
    const { poolId, pool } = await adminPool({ mfa: 'ON', generateSecret: true });
    await mock.createUser(poolId, 'bob', DEFAULT_PASSWORD, { attributes: { phone_number: '+15555550100' } });
    await mock.setUserMfaPreference(poolId, 'bob', { sms: { enabled: true, preferred: true } });
    const admin = new AdminClient(pool, { credentials: KEY });
    const bob = admin.user('bob');
    const result = await bob.authenticateUser(details('bob'));
    expect(result.challengeName).toBe('SMS_MFA');
    const signedIn = await bob.sendMFACode(mock.lastCode('bob'));
    expect(signedIn.session.getAccessToken().getJwtToken().split('.')).toHaveLength(3);

    const wrong = new AuthenticationDetails({ Username: 'bob', Password: 'Wr0ng-Password!' });
    expect((await rejection(admin.user('bob').authenticateUser(wrong))).code).toBe('NotAuthorizedException');
  });

  test('a sign-in exported from an admin user resumes through admin.pool in another client', async () => {
    const { poolId, pool } = await adminPool();
    await mock.createUser(poolId, 'gina', DEFAULT_PASSWORD, { attributes: { phone_number: '+15555550103' } });
    await mock.setUserMfaPreference(poolId, 'gina', { sms: { enabled: true, preferred: true } });
    const first = new AdminClient(pool, { credentials: KEY }).user('gina');
    expect((await first.authenticateUser(details('gina'), adminFlow)).challengeName).toBe('SMS_MFA');
    const state = JSON.parse(JSON.stringify(first.exportState()));

    const otherWorker = new AdminClient(pool, { credentials: OTHER });
    const resumed = CognitoUser.resume(otherWorker.pool, state);
    expect((await resumed.sendMFACode(mock.lastCode('gina'))).session).not.toBeNull();
  });
});

describe('managing a user', () => {
  test('read the MFA settings, turn TOTP off, and SMS refused without a phone', async () => {
    const { poolId, client, pool } = await adminPool();
    await mock.createUser(poolId, 'carol', DEFAULT_PASSWORD, { attributes: { email: 'carol@example.com' } });
    await mock.enrolTotp(poolId, client, 'carol');
    const admin = new AdminClient(pool, { credentials: KEY });

    let carol = await admin.getUser('carol');
    expect(carol.Username).toBe('carol');
    expect(carol.UserAttributes).toContainEqual({ Name: 'email', Value: 'carol@example.com' });
    expect(carol.Enabled).toBe(true);
    expect(carol.UserStatus).toBe('CONFIRMED');
    expect(Math.abs(carol.UserCreateDate - mock.now())).toBeLessThan(60);
    expect(carol.PreferredMfaSetting).toBe('SOFTWARE_TOKEN_MFA');
    expect(carol.UserMFASettingList).toStrictEqual(['SOFTWARE_TOKEN_MFA']);
    expect(carol.MFAOptions).toBeUndefined();

    expect(await admin.setUserMfaPreference('carol', null, { Enabled: false, PreferredMfa: false })).toBe('SUCCESS');
    carol = await admin.getUser('carol');
    expect(carol.PreferredMfaSetting).toBeUndefined();
    expect(carol.UserMFASettingList).toBeUndefined();
    const result = await admin.user('carol').authenticateUser(details('carol'), adminFlow);
    expect(result.session).not.toBeNull();

    const refused = await rejection(admin.setUserMfaPreference('carol', { Enabled: true, PreferredMfa: true }, null));
    expect(refused.code).toBe('InvalidParameterException');
    expect((await rejection(admin.getUser('nobody'))).code).toBe('UserNotFoundException');
    expect(thrownBy(() => admin.getUser('')).code).toBe('InvalidInputError');
  });

  test('legacy SMS settings, a global sign-out and a password reset', async () => {
    const { poolId, pool } = await adminPool();
    await mock.createUser(poolId, 'erin', DEFAULT_PASSWORD, { attributes: { phone_number: '+15555550101', email: 'erin@example.com' } });
    const admin = new AdminClient(pool, { credentials: KEY });
    const sms = { DeliveryMedium: 'SMS', AttributeName: 'phone_number' };
    expect(await admin.setUserSettings('erin', [sms])).toBe('SUCCESS');
    let erin = await admin.getUser('erin');
    expect(erin.MFAOptions).toStrictEqual([sms]);
    expect(erin.UserMFASettingList).toStrictEqual(['SMS_MFA']);
    await admin.setUserSettings('erin', []);
    expect((await admin.getUser('erin')).MFAOptions).toBeUndefined();
    expect(thrownBy(() => admin.setUserSettings('erin', [{ DeliveryMedium: 'SMS' }])).code).toBe('InvalidInputError');

    const user = admin.user('erin');
    await user.authenticateUser(details('erin'), adminFlow);
    await user.refreshSession();
    expect(await admin.userGlobalSignOut('erin')).toBe('SUCCESS');
    expect((await rejection(user.refreshSession())).code).toBe('NotAuthorizedException');

    expect(await admin.resetUserPassword('erin', { reason: 'suspicious sign-in' })).toBe('SUCCESS');
    erin = await admin.getUser('erin');
    expect(erin.UserStatus).toBe('RESET_REQUIRED');
    expect(mock.messages({ username: 'erin', purpose: 'password_reset' })).toHaveLength(1);
    const reset = await rejection(admin.user('erin').authenticateUser(details('erin'), adminFlow));
    expect(reset.code).toBe('PasswordResetRequiredException');
  });

  test('devices are listed, marked and forgotten', async () => {
    const { poolId, pool } = await adminPool({ mfa: 'OFF', deviceTracking: true });
    await mock.createUser(poolId, 'dave');
    const admin = new AdminClient(pool, { credentials: KEY });
    const dave = admin.user('dave');
    await dave.authenticateUser(details('dave'), adminFlow);
    const key = dave.deviceKey;
    expect(key).toMatch(/^us-east-1_/);

    const page = await admin.listDevices('dave', 10);
    expect(page.Devices.map((device) => device.DeviceKey)).toStrictEqual([key]);
    expect(page.PaginationToken).toBeUndefined();
    expect((await admin.listAllDevices('dave')).map((device) => device.DeviceKey)).toStrictEqual([key]);
    expect(await admin.updateDeviceStatus('dave', key, 'not_remembered')).toBe('SUCCESS');
    const { Device } = await admin.getDevice('dave', key);
    expect(Device.DeviceAttributes).toContainEqual({ Name: 'dev:device_remembered_status', Value: 'not_remembered' });
    expect(thrownBy(() => admin.updateDeviceStatus('dave', key, 'forever')).code).toBe('InvalidInputError');
    expect((await rejection(admin.listDevices('dave', 61))).code).toBe('InvalidInputError');

    expect(await admin.forgetDevice('dave', key)).toBe('SUCCESS');
    expect((await admin.listDevices('dave')).Devices).toStrictEqual([]);
    expect((await rejection(admin.getDevice('dave', key))).code).toBe('ResourceNotFoundException');
  });
});

describe('credentials', () => {
  let pool;
  beforeAll(async () => {
    const made = await adminPool();
    await mock.createUser(made.poolId, 'alice');
    pool = made.pool;
  });
  const works = async (admin) => expect((await admin.getUser('alice')).Username).toBe('alice');

  test('refused keys are the service errors, and never show the secret', async () => {
    const wrongSecret = await rejection(new AdminClient(pool, { credentials: { ...OTHER, secretAccessKey: 'not-the-secret' } }).getUser('alice'));
    expect(wrongSecret.code).toBe('InvalidSignatureException');
    expect(wrongSecret.message).not.toContain('not-the-secret');
    const unknown = await rejection(new AdminClient(pool, { credentials: { ...OTHER, accessKeyId: 'AKIDNOBODYKNOWS00000' } }).getUser('alice'));
    expect(unknown.code).toBe('UnrecognizedClientException');
    // Without its session token the first key's signature is refused too.
    const noToken = await rejection(new AdminClient(pool, { credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: KEY.secretAccessKey } }).getUser('alice'));
    expect(noToken.statusCode).toBe(400);

    const admin = new AdminClient(pool, { credentials: KEY });
    for (const shown of [inspect(admin, { depth: 5 }), JSON.stringify(admin) ?? '', String(admin)]) {
      expect(shown).not.toContain(KEY.secretAccessKey);
      expect(shown).not.toContain(KEY.sessionToken);
    }
  });

  // The default chain reads the process environment, which jest sandboxes (a test's
  // `process.env` is a copy): it is proven in a child process with the variables set.
  const CHILD = `
    const { AdminClient, CognitoUserPool } = require('cognito-mfa');
    const given = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    const pool = new CognitoUserPool({ UserPoolId: given.poolId, ClientId: given.clientId, endpoint: given.endpoint });
    const admin = given.profile ? new AdminClient(pool, { profile: given.profile }) : new AdminClient(pool);
    admin.getUser('alice').then(
      (user) => process.stdout.write(JSON.stringify({ username: user.Username })),
      (error) => process.stdout.write(JSON.stringify({ code: error.code })),
    );
  `;
  function inChild(environment, profile) {
    const env = { ...process.env };
    for (const name of AWS_VARIABLES) delete env[name];
    return new Promise((resolve, reject) => {
      const child = execFile(process.execPath, ['-e', CHILD], { cwd: __dirname, env: { ...env, ...environment }, timeout: 60_000 },
        (error, stdout, stderr) => (error ? reject(new Error(stderr || String(error))) : resolve(JSON.parse(stdout))));
      child.stdin.end(JSON.stringify({ poolId: pool.getUserPoolId(), clientId: pool.getClientId(), endpoint: mock.endpoint, profile }));
    });
  }

  test('fromEnv() of @aws-sdk/credential-providers, and the default chain reading the environment', async () => {
    process.env.AWS_ACCESS_KEY_ID = KEY.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = KEY.secretAccessKey;
    process.env.AWS_SESSION_TOKEN = KEY.sessionToken;
    await works(new AdminClient(pool, { credentials: fromEnv() }));

    const nowhere = temporaryDirectory();
    const noFiles = { AWS_SHARED_CREDENTIALS_FILE: path.join(nowhere, 'none'), AWS_CONFIG_FILE: path.join(nowhere, 'none') };
    const keys = { AWS_ACCESS_KEY_ID: KEY.accessKeyId, AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey, AWS_SESSION_TOKEN: KEY.sessionToken };
    expect(await inChild({ ...noFiles, ...keys })).toStrictEqual({ username: 'alice' });
    expect(await inChild(noFiles)).toStrictEqual({ code: 'CredentialsError' });
  });

  test('fromIni() over temporary files, and the default chain with a profile', async () => {
    const directory = temporaryDirectory();
    const credentialsFile = path.join(directory, 'credentials');
    const configFile = path.join(directory, 'config');
    fs.writeFileSync(credentialsFile, `[ops]\naws_access_key_id = ${OTHER.accessKeyId}\naws_secret_access_key = ${OTHER.secretAccessKey}\n`);
    fs.writeFileSync(configFile, '');
    await works(new AdminClient(pool, { credentials: fromIni({ profile: 'ops', filepath: credentialsFile, configFilepath: configFile }) }));

    const files = { AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_CONFIG_FILE: configFile };
    expect(await inChild(files, 'ops')).toStrictEqual({ username: 'alice' });
    expect(await inChild({ ...files, AWS_PROFILE: 'ops' })).toStrictEqual({ username: 'alice' });
    expect(await inChild(files, 'nobody')).toStrictEqual({ code: 'CredentialsError' });
    expect(await inChild(files)).toStrictEqual({ code: 'CredentialsError' });
  });

  test('a provider is asked once while its credentials last, again within 5 minutes of expiry', async () => {
    let longAsked = 0;
    const longLived = async () => {
      longAsked += 1;
      return { ...KEY, expiration: new Date(Date.now() + 3_600_000) };
    };
    const admin = new AdminClient(pool, { credentials: longLived });
    for (let i = 0; i < 3; i += 1) await works(admin);
    expect(longAsked).toBe(1);

    let shortAsked = 0;
    const expiring = () => {
      shortAsked += 1;
      return { ...OTHER, expiration: new Date(Date.now() + 120_000) };
    };
    const renewing = new AdminClient(pool, { credentials: expiring });
    for (let i = 0; i < 3; i += 1) await works(renewing);
    expect(shortAsked).toBe(3);
  });

  test('a failing provider is a CredentialsError that does not quote it', async () => {
    const rejecting = new AdminClient(pool, { credentials: () => Promise.reject(new Error(`vault sealed ${KEY.secretAccessKey}`)) });
    const rejected = await rejection(rejecting.getUser('alice'));
    expect(rejected.code).toBe('CredentialsError');
    expect(rejected.message).toContain('rejected');
    expect(rejected.message).not.toContain(KEY.secretAccessKey);

    const throwing = new AdminClient(pool, {
      credentials: () => {
        throw new Error('no');
      },
    });
    expect((await rejection(throwing.getUser('alice'))).code).toBe('CredentialsError');

    const wrongShape = await rejection(new AdminClient(pool, { credentials: async () => ({ accessKeyId: KEY.accessKeyId }) }).getUser('alice'));
    expect(wrongShape.code).toBe('CredentialsError');
    expect(wrongShape.message).toContain('secretAccessKey is missing');
    const badDate = await rejection(new AdminClient(pool, { credentials: () => ({ ...KEY, expiration: 'tomorrow' }) }).getUser('alice'));
    expect(badDate.message).toContain('expiration must be a Date');
  });

  test('bad options are refused at construction', () => {
    expect(thrownBy(() => new AdminClient({}, { credentials: KEY })).code).toBe('InvalidInputError');
    expect(thrownBy(() => new AdminClient(pool, { credentials: 42 })).code).toBe('InvalidInputError');
    expect(thrownBy(() => new AdminClient(pool, { credentials: { accessKeyId: 'AKID' } })).message).toContain('secretAccessKey is missing');
    expect(thrownBy(() => new AdminClient(pool, { credentials: KEY, profile: 'ops' })).message).toContain('not both');
    expect(thrownBy(() => new AdminClient(pool, 'options')).code).toBe('InvalidInputError');
  });
});
