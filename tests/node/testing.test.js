// cognito-mfa/testing: MockCognito's helpers, its use by another client
// (amazon-cognito-identity-js), and that it never keeps Node (or jest) alive.
'use strict';

const { spawnSync } = require('node:child_process');
const path = require('node:path');

const { AuthenticationDetails, CognitoUser, CognitoUserPool, TOTP } = require('cognito-mfa');
const { DEFAULT_PASSWORD, MockCognito } = require('cognito-mfa/testing');

jest.setTimeout(60_000);

const root = path.resolve(__dirname, '..', '..');

let mock;
beforeAll(async () => {
  mock = await MockCognito.start();
});
afterAll(async () => {
  await mock.stop();
});

describe('MockCognito', () => {
  test('serves on 127.0.0.1, on a free port', async () => {
    expect(mock.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const other = await MockCognito.start();
    try {
      expect(other.endpoint).not.toBe(mock.endpoint);
    } finally {
      await other.stop();
    }
  });

  test('helpers refuse wrong types before anything is sent', async () => {
    const poolId = await mock.createUserPool();
    const refused = async (promise, message) => {
      await expect(promise).rejects.toMatchObject({ code: 'InvalidInputError', message: expect.stringContaining(message) });
    };
    // A string is not spread into characters, nor a string of attributes into its letters.
    await refused(mock.createAppClient(poolId, { authFlows: 'ALLOW_USER_PASSWORD_AUTH' }), 'authFlows must be an array of strings, got string');
    await refused(mock.createAppClient(poolId, { authFlows: [1] }), 'authFlows must be an array of strings');
    await refused(mock.createUser(poolId, 'alice', undefined, { attributes: 'email=a@b' }), 'attributes must be an object of strings, got string');
    await refused(mock.createUser(poolId, 'alice', undefined, { attributes: ['email'] }), 'attributes must be an object of strings, got an array');
    await refused(mock.createUser(poolId, 'alice', undefined, { attributes: { email: 1 } }), 'attributes must be an object of strings');
    await mock.createUser(poolId, 'alice', undefined, { attributes: { phone_number: '+15555550100' } });
    await refused(mock.setUserMfaPreference(poolId, 'alice', { sms: 'yes' }), 'sms must be an object { enabled, preferred }');
    const user = await mock.call('AdminGetUser', { UserPoolId: poolId, Username: 'alice' });
    expect(user.UserAttributes.map((a) => a.Name)).not.toContain('email');
    expect(user.UserMFASettingList).toBeUndefined();
  });

  test('the clock refuses a time out of range and is left as it was', () => {
    const before = mock.now();
    expect(() => mock.setClock(253_402_300_800)).toThrow(expect.objectContaining({ code: 'InvalidInputError' }));
    expect(() => mock.advanceClock(-before - 1)).toThrow(expect.objectContaining({ code: 'InvalidInputError', message: expect.stringContaining('9999-12-31') }));
    expect(Math.abs(mock.now() - before)).toBeLessThanOrEqual(1);
  });

  test('cannot be constructed without start()', () => {
    expect(() => new MockCognito()).toThrow(expect.objectContaining({ code: 'InvalidInputError' }));
  });

  test('createUserPool sets the MFA configuration and factors', async () => {
    const on = await mock.createUserPool({ name: 'strict', mfa: 'ON', sms: false });
    expect(on).toMatch(/^us-east-1_\w+$/);
    await expect(mock.call('GetUserPoolMfaConfig', { UserPoolId: on })).resolves.toMatchObject({
      MfaConfiguration: 'ON',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    });
    expect((await mock.call('GetUserPoolMfaConfig', { UserPoolId: on })).SmsMfaConfiguration).toBeUndefined();
    const described = await mock.call('DescribeUserPool', { UserPoolId: on });
    expect(described.UserPool.Name).toBe('strict');
    const defaults = await mock.createUserPool();
    await expect(mock.call('GetUserPoolMfaConfig', { UserPoolId: defaults })).resolves.toMatchObject({ MfaConfiguration: 'OPTIONAL' });
    await expect(mock.createUserPool({ mfa: 'SOMETIMES' })).rejects.toMatchObject({ code: 'InvalidInputError' });
  });

  test('createAppClient with and without a secret, with chosen auth flows', async () => {
    const poolId = await mock.createUserPool();
    const plain = await mock.createAppClient(poolId);
    expect(plain).toEqual({ clientId: expect.stringMatching(/^\w+$/), clientSecret: null });
    const defaults = await mock.call('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: plain.clientId });
    expect(defaults.UserPoolClient.ClientName).toBe('client');
    expect(defaults.UserPoolClient.ExplicitAuthFlows).toBeUndefined(); // SRP, refresh and custom, as on AWS
    const secret = await mock.createAppClient(poolId, { generateSecret: true, authFlows: ['ALLOW_USER_SRP_AUTH'] });
    expect(secret.clientSecret).toMatch(/^\w{24,64}$/);
    const described = await mock.call('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: secret.clientId });
    expect(described.UserPoolClient.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH']);
  });

  test('createUser: confirmed with its attributes, with a temporary password, or unconfirmed', async () => {
    const poolId = await mock.createUserPool();
    await mock.createUser(poolId, 'carol', undefined, { attributes: { email: 'carol@example.com' } });
    await mock.createUser(poolId, 'dave', 'Passw0rd!', { temporaryPassword: true });
    await mock.createUser(poolId, 'nina', 'Passw0rd!', { confirmed: false });
    expect((await mock.call('AdminGetUser', { UserPoolId: poolId, Username: 'nina' })).UserStatus).toBe('UNCONFIRMED');
    const clients = await mock.call('ListUserPoolClients', { UserPoolId: poolId, MaxResults: 60 });
    expect(clients.UserPoolClients).toEqual([]); // the sign-up's helper client is gone
    const client = await mock.createAppClient(poolId);
    const nina = new CognitoUser({ Username: 'nina', Pool: mock.userPool(poolId, client) });
    await expect(nina.authenticateUser(new AuthenticationDetails({ Username: 'nina', Password: 'Passw0rd!' }))).rejects.toMatchObject({
      code: 'UserNotConfirmedException',
    });
    await expect(mock.createUser(poolId, 'x', 'Passw0rd!', { confirmed: false, temporaryPassword: true })).rejects.toMatchObject({
      code: 'InvalidInputError',
    });
    const carolSignsIn = new CognitoUser({ Username: 'carol', Pool: mock.userPool(poolId, client) });
    await expect(carolSignsIn.authenticateUser(new AuthenticationDetails({ Username: 'carol', Password: DEFAULT_PASSWORD }))).resolves.toMatchObject({
      challengeName: null,
    });
    const carol = await mock.call('AdminGetUser', { UserPoolId: poolId, Username: 'carol' });
    expect(carol.UserStatus).toBe('CONFIRMED');
    expect(carol.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email', Value: 'carol@example.com' }]));
    const dave = await mock.call('AdminGetUser', { UserPoolId: poolId, Username: 'dave' });
    expect(dave.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(mock.messages().filter((m) => m.username === 'dave')).toEqual([]); // no invitation sent
    await expect(mock.createUser(poolId, 'carol', 'Passw0rd!')).rejects.toMatchObject({ code: 'UsernameExistsException' });
  });

  test('userPool, enrolTotp and totpCode make a TOTP user in a few lines', async () => {
    const poolId = await mock.createUserPool();
    const client = await mock.createAppClient(poolId, { generateSecret: true });
    await mock.createUser(poolId, 'erin', 'Passw0rd!');
    const secret = await mock.enrolTotp(poolId, client, 'erin');
    // On a pool with MFA ON, enrolment goes through MFA_SETUP.
    const strict = await mock.createUserPool({ mfa: 'ON' });
    const strictClient = await mock.createAppClient(strict);
    await mock.createUser(strict, 'erin');
    await expect(mock.enrolTotp(strict, strictClient, 'erin')).resolves.toMatch(/^[A-Z2-7]{52}$/);
    const pool = mock.userPool(poolId, client);
    expect(pool).toBeInstanceOf(CognitoUserPool);
    expect(pool.getEndpoint()).toBe(`${mock.endpoint}/`);
    const erin = new CognitoUser({ Username: 'erin', Pool: pool });
    const challenge = await erin.authenticateUser(new AuthenticationDetails({ Username: 'erin', Password: 'Passw0rd!' }));
    expect(challenge.challengeName).toBe('SOFTWARE_TOKEN_MFA');
    expect(mock.totpCode(secret)).toBe(new TOTP(secret).at(mock.now()));
    await expect(erin.sendMFACode(mock.totpCode(secret))).resolves.toMatchObject({ challengeName: null });
  });

  test('userWithTotp makes a pool, a client and a TOTP user in one line', async () => {
    const ready = await mock.userWithTotp('judy', undefined, { mfa: 'ON', generateSecret: true });
    expect(ready).toMatchObject({ username: 'judy', password: DEFAULT_PASSWORD, totpSecret: expect.stringMatching(/^[A-Z2-7]{52}$/) });
    expect(ready.client.clientSecret).toMatch(/^\w+$/);
    expect(ready.userPool.getUserPoolId()).toBe(ready.poolId);
    const judy = new CognitoUser({ Username: 'judy', Pool: ready.userPool });
    const challenge = await judy.authenticateUser(new AuthenticationDetails({ Username: 'judy', Password: ready.password }));
    expect(challenge.challengeName).toBe('SOFTWARE_TOKEN_MFA');
    await expect(judy.sendMFACode(mock.totpCode(ready.totpSecret))).resolves.toMatchObject({ challengeName: null });
  });

  test('messages() and lastCode() read the outbox; clearMessages() empties it', async () => {
    const poolId = await mock.createUserPool();
    const client = await mock.createAppClient(poolId);
    await mock.createUser(poolId, 'frank', 'Passw0rd!', { attributes: { phone_number: '+15555550123' } });
    await mock.setUserMfaPreference(poolId, 'frank', { sms: { enabled: true, preferred: true } });
    expect(mock.lastCode('frank')).toBeNull();
    const frank = new CognitoUser({ Username: 'frank', Pool: mock.userPool(poolId, client) });
    await frank.authenticateUser(new AuthenticationDetails({ Username: 'frank', Password: 'Passw0rd!' }));
    const sent = mock.messages().filter((m) => m.username === 'frank');
    expect(sent).toEqual([
      {
        poolId,
        username: 'frank',
        destination: '+15555550123',
        medium: 'SMS',
        code: expect.stringMatching(/^\d{6}$/),
        message: expect.stringContaining(sent[0].code),
        sentAt: expect.any(Number),
        purpose: 'mfa',
      },
    ]);
    expect(Math.abs(sent[0].sentAt - mock.now())).toBeLessThanOrEqual(1);
    expect(mock.lastCode('frank')).toBe(sent[0].code);
    expect(mock.messages({ username: 'frank', medium: 'SMS', purpose: 'mfa' })).toEqual(sent);
    expect(mock.messages({ username: 'frank', medium: 'EMAIL' })).toEqual([]);
    mock.clearMessages();
    expect(mock.messages()).toEqual([]);
    expect(mock.lastCode('frank')).toBeNull();
  });

  test('setClock and freezeClock set and stop the virtual clock', async () => {
    const clocked = await MockCognito.start();
    try {
      clocked.setClock(1_800_000_000);
      clocked.freezeClock();
      expect(clocked.now()).toBe(1_800_000_000);
      expect(clocked.advanceClock(30)).toBe(1_800_000_030);
      clocked.freezeClock(false);
      expect(clocked.now()).toBeGreaterThanOrEqual(1_800_000_030);
    } finally {
      await clocked.stop();
    }
  });

  test('advanceClock and now() move and read the virtual clock', () => {
    const before = mock.now();
    expect(Number.isInteger(before)).toBe(true);
    const after = mock.advanceClock(3600);
    expect(after - before).toBeGreaterThanOrEqual(3600);
    expect(after - before).toBeLessThan(3610);
    expect(mock.now()).toBeGreaterThanOrEqual(after);
    expect(mock.advanceClock(-3600)).toBeLessThan(after);
    expect(() => mock.advanceClock(1.5)).toThrow(expect.objectContaining({ code: 'InvalidInputError' }));
  });

  test('reset() forgets pools and messages; a config is reloaded', async () => {
    const seeded = await MockCognito.start({
      config: {
        clock: { start: 1_700_000_000, frozen: true },
        pools: [{ id: 'us-east-1_Fixed1', clients: [{ id: 'fixedclient' }], users: [{ username: 'gus', password: 'Passw0rd!' }] }],
      },
    });
    try {
      expect(seeded.now()).toBe(1_700_000_000);
      const extra = await seeded.createUserPool();
      seeded.advanceClock(60);
      seeded.reset();
      expect(seeded.now()).toBe(1_700_000_000);
      await expect(seeded.call('DescribeUserPool', { UserPoolId: extra })).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
      const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_Fixed1', ClientId: 'fixedclient', endpoint: seeded.endpoint });
      const gus = new CognitoUser({ Username: 'gus', Pool: pool });
      const { session } = await gus.authenticateUser(new AuthenticationDetails({ Username: 'gus', Password: 'Passw0rd!' }));
      expect(session.getIdToken().getIssuedAt()).toBe(1_700_000_000);
    } finally {
      await seeded.stop();
    }
  });

  test('call() runs any operation and rejects with its Cognito error', async () => {
    await expect(mock.call('ListUserPools', { MaxResults: 60 })).resolves.toHaveProperty('UserPools');
    await expect(mock.call('NoSuchOperation', {})).rejects.toMatchObject({ code: 'UnknownOperationException', statusCode: 400 });
  });

  test('stop() closes the socket and is idempotent', async () => {
    const short = await MockCognito.start();
    const poolId = await short.createUserPool();
    const client = await short.createAppClient(poolId);
    await short.createUser(poolId, 'hal', 'Passw0rd!');
    const pool = short.userPool(poolId, client);
    await short.stop();
    await short.stop();
    const hal = new CognitoUser({ Username: 'hal', Pool: pool });
    await expect(hal.authenticateUser(new AuthenticationDetails({ Username: 'hal', Password: 'Passw0rd!' }))).rejects.toMatchObject({
      code: 'NetworkError',
    });
  });

  test('amazon-cognito-identity-js signs in against it too', async () => {
    const Amazon = require('amazon-cognito-identity-js');
    const poolId = await mock.createUserPool({ mfa: 'OFF' });
    const client = await mock.createAppClient(poolId);
    await mock.createUser(poolId, 'ivy', 'Passw0rd!');
    const pool = new Amazon.CognitoUserPool({ UserPoolId: poolId, ClientId: client.clientId, endpoint: mock.endpoint });
    const ivy = new Amazon.CognitoUser({ Username: 'ivy', Pool: pool });
    const session = await new Promise((resolve, reject) =>
      ivy.authenticateUser(new Amazon.AuthenticationDetails({ Username: 'ivy', Password: 'Passw0rd!' }), {
        onSuccess: resolve,
        onFailure: reject,
      }),
    );
    expect(session.getIdToken().payload['cognito:username']).toBe('ivy');
  });
});

describe('process lifetime', () => {
  /** Runs a script in a fresh Node process; it must exit by itself (the timeout is a safety net). */
  function runAlone(script) {
    return spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  }

  test('Node exits by itself after stop(), with Promises of the client settled', () => {
    const result = runAlone(`
      const { DEFAULT_PASSWORD, MockCognito } = require('cognito-mfa/testing');
      const { CognitoUser, AuthenticationDetails } = require('cognito-mfa');
      (async () => {
        const mock = await MockCognito.start();
        const poolId = await mock.createUserPool();
        const client = await mock.createAppClient(poolId);
        await mock.createUser(poolId, 'x', 'Passw0rd!');
        const user = new CognitoUser({ Username: 'x', Pool: mock.userPool(poolId, client) });
        await user.authenticateUser(new AuthenticationDetails({ Username: 'x', Password: 'Passw0rd!' }));
        await mock.stop();
        console.log('stopped');
      })();
    `);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('stopped');
  });

  test('a running mock does not keep Node alive either', () => {
    const result = runAlone(`
      const { DEFAULT_PASSWORD, MockCognito } = require('cognito-mfa/testing');
      MockCognito.start().then((mock) => console.log('started', mock.endpoint));
    `);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^started http:\/\/127\.0\.0\.1:\d+$/m);
  });
});
