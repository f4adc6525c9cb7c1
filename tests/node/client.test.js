// The Promise API of the Cognito client (CognitoUserPool, CognitoUser, AuthenticationDetails,
// CognitoUserSession and its tokens) against MockCognito: every method and every challenge
// type the mock serves. Error codes are in errors.test.js, the callback layer in
// compat.test.js.
'use strict';

const {
  AuthenticationDetails,
  CognitoAccessToken,
  CognitoIdToken,
  CognitoRefreshToken,
  CognitoUser,
  CognitoUserPool,
  CognitoUserSession,
  TOTP,
} = require('cognito-mfa');
const { MockCognito } = require('cognito-mfa/testing');
const { PASSWORD, closeFakes, fakeCognito, fakeJwt, json, setupPool, thrownBy } = require('./helpers');

jest.setTimeout(60_000);

/** The JSON payload of a JWT, decoded here (not by the addon). */
function jwtPayload(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

let mock;
beforeAll(async () => {
  mock = await MockCognito.start();
});
afterAll(async () => {
  await mock.stop();
  closeFakes();
});

/** Signs `user` in (no MFA expected) and returns the session. */
async function signIn(setup, user, username) {
  const result = await user.authenticateUser(setup.details(username));
  expect(result.challengeName).toBeNull();
  return result.session;
}

/** Enrols TOTP for a signed-in user and returns its authenticator app (a TOTP). */
async function enrolTotp(user, { preferred = true, deviceName = 'phone' } = {}) {
  const secret = await user.associateSoftwareToken();
  const app = new TOTP(secret);
  await expect(user.verifySoftwareToken(app.at(mock.now()), deviceName)).resolves.toEqual({
    challengeName: null,
    session: null,
  });
  await expect(user.setUserMfaPreference(null, { PreferredMfa: preferred, Enabled: true })).resolves.toBe('SUCCESS');
  mock.advanceClock(30); // the next code must be of a later time step
  return app;
}

describe('CognitoUserPool', () => {
  test('keeps its settings', () => {
    const pool = new CognitoUserPool({ UserPoolId: 'eu-west-1_AbC123', ClientId: 'client1' });
    expect(pool.getUserPoolId()).toBe('eu-west-1_AbC123');
    expect(pool.getUserPoolName()).toBe('AbC123');
    expect(pool.getClientId()).toBe('client1');
    expect(pool.getEndpoint()).toBe('https://cognito-idp.eu-west-1.amazonaws.com/');
    const local = new CognitoUserPool({ UserPoolId: 'eu-west-1_AbC123', ClientId: 'client1', endpoint: 'http://127.0.0.1:9229' });
    expect(local.getEndpoint()).toBe('http://127.0.0.1:9229/');
  });

  test('takes connectTimeout and maxRetries, refusing bad values with InvalidInputError', () => {
    const base = { UserPoolId: 'us-east-1_Opt1', ClientId: 'c' };
    expect(new CognitoUserPool({ ...base, connectTimeout: 2500, maxRetries: 0 }).getClientId()).toBe('c');
    expect(new CognitoUserPool({ ...base, maxRetries: 4294967295 }).getClientId()).toBe('c');
    for (const bad of [
      { connectTimeout: 0 },
      { connectTimeout: -1 },
      { connectTimeout: 1.5 },
      { connectTimeout: '1000' },
      { maxRetries: -1 },
      { maxRetries: 0.5 },
      { maxRetries: 4294967296 },
      { maxRetries: '2' },
    ]) {
      expect(thrownBy(() => new CognitoUserPool({ ...base, ...bad }))).toMatchObject({ code: 'InvalidInputError' });
    }
    expect(thrownBy(() => new CognitoUserPool({ ...base, maxRetries: 4294967296 })).message).toMatch(/data\.maxRetries/);
  });

  test('maxRetries bounds how often a safe request is retried after a 5xx answer', async () => {
    // 0 disables retries; 1 allows one more attempt (the first backoff is 100 ms).
    for (const [maxRetries, attempts] of [[0, 1], [1, 2]]) {
      const operations = [];
      const endpoint = await fakeCognito((operation, body, res) => {
        operations.push(operation);
        if (operation === 'InitiateAuth') {
          json(res, 200, { AuthenticationResult: { AccessToken: fakeJwt({ token_use: 'access' }), IdToken: fakeJwt({ token_use: 'id' }), RefreshToken: 'r' } });
        } else {
          json(res, 500, { __type: 'InternalErrorException', message: 'down' });
        }
      });
      const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_Retry1', ClientId: 'client', endpoint, maxRetries });
      const user = new CognitoUser({ Username: 'ray', Pool: pool });
      await user.authenticateUser(new AuthenticationDetails({ Username: 'ray', Password: 'p' }), { flow: 'USER_PASSWORD_AUTH' });
      await expect(user.getUserData()).rejects.toMatchObject({ code: 'InternalErrorException' });
      expect(operations.filter((operation) => operation === 'GetUser')).toHaveLength(attempts);
    }
  });

  test('ignores the fields of amazon-cognito-identity-js it does not need', () => {
    const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_X1', ClientId: 'c', Storage: {}, AdvancedSecurityDataCollectionFlag: false });
    expect(pool.getClientId()).toBe('c');
  });
});

describe('signing in without MFA', () => {
  let setup;
  beforeAll(async () => {
    setup = await setupPool(mock, { mfa: 'OFF' });
  });

  test('SRP sign-in resolves to a session with decoded tokens', async () => {
    const { user, username } = await setup.user('srp');
    expect(user.getSignInUserSession()).toBeNull();
    const result = await user.authenticateUser(setup.details(username));
    expect(Object.keys(result).sort()).toEqual(['challengeName', 'session']);
    expect(result.challengeName).toBeNull();
    const { session } = result;
    expect(session.isValid()).toBe(true);

    const idToken = session.getIdToken();
    const jwt = idToken.getJwtToken();
    expect(jwt.split('.')).toHaveLength(3);
    expect(idToken.payload).toEqual(jwtPayload(jwt));
    expect(idToken.decodePayload()).toEqual(idToken.payload);
    expect(idToken.payload).toMatchObject({ token_use: 'id', 'cognito:username': username, email: `${username}@example.com` });
    expect(idToken.getExpiration()).toBe(idToken.payload.exp);
    expect(idToken.getIssuedAt()).toBe(idToken.payload.iat);

    const accessToken = session.getAccessToken();
    expect(jwtPayload(accessToken.getJwtToken())).toMatchObject({ token_use: 'access', username });
    expect(accessToken.payload.client_id).toBe(setup.client.clientId);
    expect(session.getExpiration()).toBe(Math.min(idToken.getExpiration(), accessToken.getExpiration()));
    expect(session.getRefreshToken().getToken()).toMatch(/^\S{20,}$/);
    // the mock's clock is the real clock here, so the drift is about zero
    expect(Math.abs(session.getClockDrift())).toBeLessThan(5);

    // The user keeps the session; the user name became USER_ID_FOR_SRP.
    expect(user.getSignInUserSession().getIdToken().getJwtToken()).toBe(jwt);
    expect(user.getUsername()).toBe(idToken.payload['cognito:username']);
    expect(user.getChallengeName()).toBeNull();
  });

  test('a session rebuilt from kept tokens, as amazon-cognito-identity-js builds one', async () => {
    const { user, username } = await setup.user('rebuilt');
    const { session } = await user.authenticateUser(setup.details(username));
    const IdToken = new CognitoIdToken({ IdToken: session.getIdToken().getJwtToken() });
    const AccessToken = new CognitoAccessToken({ AccessToken: session.getAccessToken().getJwtToken() });
    const RefreshToken = new CognitoRefreshToken({ RefreshToken: session.getRefreshToken().getToken() });
    expect(IdToken.payload).toEqual(session.getIdToken().payload);
    const rebuilt = new CognitoUserSession({ IdToken, AccessToken, RefreshToken, ClockDrift: 7 });
    expect(rebuilt.getClockDrift()).toBe(7);
    expect(rebuilt.isValid()).toBe(true);
    expect(rebuilt.getRefreshToken().getToken()).toBe(session.getRefreshToken().getToken());

    // The rebuilt session signs a new user in without a request, and refreshes.
    const again = new CognitoUser({ Username: username, Pool: setup.pool });
    again.setSignInUserSession(rebuilt);
    expect((await again.getUserData()).Username).toBe(username);
    expect(new CognitoRefreshToken().getToken()).toBe('');
    expect(new CognitoUserSession({ IdToken, AccessToken }).getRefreshToken().getToken()).toBe('');
  });

  test('the token and session constructors refuse bad input with InvalidInputError', () => {
    const refused = (make, message) => {
      const error = thrownBy(make);
      expect(error.code).toBe('InvalidInputError');
      expect(error.message).toContain(message);
    };
    refused(() => new CognitoIdToken(), 'data.IdToken is missing');
    refused(() => new CognitoIdToken({ IdToken: 42 }), 'data.IdToken must be a string');
    refused(() => new CognitoIdToken({ IdToken: 'not.a.jwt' }), 'must be a JWT');
    refused(() => new CognitoAccessToken({ AccessToken: 'a.b' }), 'must be a JWT');
    refused(() => new CognitoRefreshToken({ RefreshToken: 1 }), 'data.RefreshToken must be a string');
    refused(() => new CognitoUserSession(), 'data must be an object');
    refused(() => new CognitoUserSession({ IdToken: 'jwt', AccessToken: 'jwt' }), 'data.IdToken to be a CognitoIdToken');
    const jwt = fakeJwt({ token_use: 'id', exp: 2_000_000_000, iat: 1_700_000_000 });
    const id = new CognitoIdToken({ IdToken: jwt });
    refused(() => new CognitoUserSession({ IdToken: id, AccessToken: id }), 'data.AccessToken to be a CognitoAccessToken');
    refused(() => new CognitoUserSession({ IdToken: id, AccessToken: new CognitoAccessToken({ AccessToken: jwt }), ClockDrift: 0.5 }), 'whole number');
  });

  test('a token payload is plain data, the object amazon-cognito-identity-js decodes: a "__proto__" claim is an own property', () => {
    // The payload as JSON text: a `__proto__` key in an object literal would set the prototype.
    const claims = '{"token_use":"id","exp":2000000000,"iat":1700000000,"__proto__":{"polluted":true},"constructor":1}';
    const jwt = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(claims).toString('base64url')}.c2ln`;
    const theirs = new (require('amazon-cognito-identity-js').CognitoIdToken)({ IdToken: jwt }).decodePayload();
    expect(Object.getOwnPropertyDescriptor(theirs, '__proto__')).toMatchObject({ value: { polluted: true } });
    const token = new CognitoIdToken({ IdToken: jwt });
    for (const payload of [token.payload, token.decodePayload()]) {
      expect(payload).toEqual(theirs);
      expect(Object.keys(payload).sort()).toStrictEqual(Object.keys(theirs).sort());
      expect(Object.getOwnPropertyDescriptor(payload, '__proto__')).toMatchObject({ value: { polluted: true }, enumerable: true });
      // An Object.prototype (of the addon's realm, not jest's), not the claim.
      expect(Object.getPrototypeOf(Object.getPrototypeOf(payload))).toBeNull();
      expect(payload.polluted).toBeUndefined();
    }
    expect(token.getExpiration()).toBe(2_000_000_000);
  });

  test('tokens and passwords never print', async () => {
    const { user, username } = await setup.user('print');
    const details = setup.details(username);
    const { session } = await user.authenticateUser(details);
    const { inspect } = require('node:util');
    const printed = [session, session.getIdToken(), session.getAccessToken(), session.getRefreshToken(), details]
      .map((value) => `${inspect(value)} ${JSON.stringify(value)}`)
      .join('\n');
    expect(printed).not.toContain(session.getIdToken().getJwtToken().slice(0, 20));
    expect(printed).not.toContain(session.getRefreshToken().getToken());
    expect(printed).not.toContain(PASSWORD);
    expect(details.getPassword()).toBe(PASSWORD);
    expect(details.getUsername()).toBe(username);
  });

  test('USER_PASSWORD_AUTH sends the password instead of SRP', async () => {
    const { user, username } = await setup.user('plain');
    const { session } = await user.authenticateUser(setup.details(username), { flow: 'USER_PASSWORD_AUTH' });
    expect(session.getAccessToken().payload.username).toBe(username);
  });

  test('AuthenticationDetails keeps client metadata', () => {
    const details = new AuthenticationDetails({ Username: 'a', Password: 'p', ClientMetadata: { source: 'test' } });
    expect(details.getClientMetadata()).toEqual({ source: 'test' });
    expect(new AuthenticationDetails({ Username: 'a', Password: 'p' }).getClientMetadata()).toBeNull();
  });

  test('refreshSession gives new tokens and keeps the refresh token', async () => {
    const { user, username } = await setup.user('refresh');
    const first = await signIn(setup, user, username);
    mock.advanceClock(5); // a later iat
    const refreshed = await user.refreshSession();
    expect(refreshed.getRefreshToken().getToken()).toBe(first.getRefreshToken().getToken());
    expect(refreshed.getAccessToken().getJwtToken()).not.toBe(first.getAccessToken().getJwtToken());
    expect(refreshed.getIdToken().payload.origin_jti).toBe(first.getIdToken().payload.origin_jti);
    expect(user.getSignInUserSession().getAccessToken().getJwtToken()).toBe(refreshed.getAccessToken().getJwtToken());
  });

  test('globalSignOut revokes the tokens and forgets them', async () => {
    const { user, username } = await setup.user('signout');
    const session = await signIn(setup, user, username);
    await expect(user.globalSignOut()).resolves.toBe('SUCCESS');
    expect(user.getSignInUserSession()).toBeNull();
    await expect(user.getUserData()).rejects.toMatchObject({ code: 'NotSignedInError' });
    // The revoked tokens are refused by the service too (another CognitoUser would use them).
    const response = mock.call('GetUser', { AccessToken: session.getAccessToken().getJwtToken() });
    await expect(response).rejects.toMatchObject({ code: 'NotAuthorizedException', message: 'Access Token has been revoked' });
  });

  test('signOut forgets the session locally', async () => {
    const { user, username } = await setup.user('local');
    await signIn(setup, user, username);
    user.signOut();
    expect(user.getSignInUserSession()).toBeNull();
    await expect(user.refreshSession()).rejects.toMatchObject({ code: 'NotSignedInError' });
  });

  test('an app client with a secret signs every request with SECRET_HASH', async () => {
    const secretClient = await mock.createAppClient(setup.poolId, { generateSecret: true, authFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    expect(secretClient.clientSecret).toMatch(/^\w{24,}/);
    const { username } = await setup.user('secret');
    const pool = mock.userPool(setup.poolId, secretClient);
    const user = new CognitoUser({ Username: username, Pool: pool });
    const { session } = await user.authenticateUser(setup.details(username));
    expect(session.getAccessToken().payload.client_id).toBe(secretClient.clientId);
    await expect(user.refreshSession()).resolves.toBeDefined();
    // Without the secret, the service refuses the client.
    const withoutSecret = new CognitoUser({
      Username: username,
      Pool: new CognitoUserPool({ UserPoolId: setup.poolId, ClientId: secretClient.clientId, endpoint: mock.endpoint }),
    });
    await expect(withoutSecret.authenticateUser(setup.details(username))).rejects.toMatchObject({
      code: 'NotAuthorizedException',
      message: `Client ${secretClient.clientId} is configured for secret but secret was not received`,
    });
  });
});

describe('TOTP enrolment and SOFTWARE_TOKEN_MFA', () => {
  let setup;
  beforeAll(async () => {
    setup = await setupPool(mock, { mfa: 'OPTIONAL' });
  });

  test('associate, verify, prefer; then sign-in asks for the code', async () => {
    const { user, username } = await setup.user('totp');
    await signIn(setup, user, username);
    const secret = await user.associateSoftwareToken();
    expect(secret).toMatch(/^[A-Z2-7]{52}$/); // 32 random bytes, base32
    const app = new TOTP(secret);
    await expect(user.verifySoftwareToken(app.at(mock.now()), 'My phone')).resolves.toEqual({ challengeName: null, session: null });
    // Verified is not enabled yet.
    expect((await user.getUserData()).UserMFASettingList).toBeUndefined();
    await expect(user.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true })).resolves.toBe('SUCCESS');
    const data = await user.getUserData();
    expect(data).toMatchObject({ Username: username, PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
    expect(data.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email', Value: `${username}@example.com` }]));
    expect(data.MFAOptions).toBeUndefined();
    mock.advanceClock(30);

    const again = setup.existing(username);
    const challenge = await again.authenticateUser(setup.details(username));
    expect(challenge).toEqual({
      challengeName: 'SOFTWARE_TOKEN_MFA',
      session: null,
      challengeParameters: { FRIENDLY_DEVICE_NAME: 'My phone' },
      friendlyDeviceName: 'My phone',
    });
    expect(again.getChallengeName()).toBe('SOFTWARE_TOKEN_MFA');
    const signedIn = await again.sendMFACode(app.at(mock.now()));
    expect(signedIn.challengeName).toBeNull();
    expect(signedIn.session.isValid()).toBe(true);
    expect(again.getChallengeName()).toBeNull();
  });

  test('a parameter Cognito did not send is left out of the challenge, not set to null', async () => {
    const { user, username } = await setup.user('nameless');
    await signIn(setup, user, username);
    const app = new TOTP(await user.associateSoftwareToken());
    await expect(user.verifySoftwareToken(app.at(mock.now()))).resolves.toEqual({ challengeName: null, session: null });
    await expect(user.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true })).resolves.toBe('SUCCESS');
    mock.advanceClock(30);
    const challenge = await setup.existing(username).authenticateUser(setup.details(username));
    expect(challenge).toStrictEqual({ challengeName: 'SOFTWARE_TOKEN_MFA', session: null, challengeParameters: {} });
    expect('friendlyDeviceName' in challenge).toBe(false);
  });

  test('a wrong code can be retried on the same challenge; mfaType is checked', async () => {
    const { user, username } = await setup.user('retry');
    await signIn(setup, user, username);
    const app = await enrolTotp(user);
    const again = setup.existing(username);
    await again.authenticateUser(setup.details(username));
    const right = app.at(mock.now());
    const wrong = right === '000000' ? '111111' : '000000';
    await expect(again.sendMFACode(wrong)).rejects.toMatchObject({ code: 'CodeMismatchException' });
    await expect(again.sendMFACode(right, 'SMS_MFA')).rejects.toMatchObject({ code: 'InvalidInputError' });
    expect(again.getChallengeName()).toBe('SOFTWARE_TOKEN_MFA');
    const { session } = await again.sendMFACode(right, 'TOTP', { origin: 'test' });
    expect(session.isValid()).toBe(true);
  });

  test('TOTP can be disabled again with setUserMfaPreference', async () => {
    const { user, username } = await setup.user('disable');
    await signIn(setup, user, username);
    await enrolTotp(user);
    await expect(user.setUserMfaPreference(null, { PreferredMfa: false, Enabled: false })).resolves.toBe('SUCCESS');
    expect((await user.getUserData()).UserMFASettingList).toBeUndefined();
    await signIn(setup, setup.existing(username), username);
  });
});

describe('SMS_MFA and EMAIL_OTP', () => {
  let setup;
  beforeAll(async () => {
    setup = await setupPool(mock, { mfa: 'OPTIONAL', email: true });
  });

  test('SMS: the challenge names where the code went; the code from the outbox signs in', async () => {
    const { user, username } = await setup.user('sms');
    await signIn(setup, user, username);
    await expect(user.setUserMfaPreference({ PreferredMfa: true, Enabled: true }, null)).resolves.toBe('SUCCESS');
    const again = setup.existing(username);
    const challenge = await again.authenticateUser(setup.details(username));
    expect(challenge).toEqual({
      challengeName: 'SMS_MFA',
      session: null,
      challengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0100' },
      deliveryMedium: 'SMS',
      destination: '+*******0100',
    });
    const code = mock.lastCode(username);
    expect(code).toMatch(/^\d{6}$/);
    const { session } = await again.sendMFACode(code);
    expect(session.getIdToken().payload.phone_number_verified).toBe(true);
  });

  test('EMAIL_OTP is a code challenge too', async () => {
    const { user, username } = await setup.user('email');
    await mock.call('AdminSetUserMFAPreference', {
      UserPoolId: setup.poolId,
      Username: username,
      EmailMfaSettings: { Enabled: true, PreferredMfa: true },
    });
    const challenge = await user.authenticateUser(setup.details(username));
    expect(challenge).toMatchObject({ challengeName: 'EMAIL_OTP', session: null, deliveryMedium: 'EMAIL' });
    expect(challenge.destination).toMatch(/^\w\*+@/);
    const [message] = mock.messages().filter((m) => m.username === username);
    expect(message).toMatchObject({ medium: 'EMAIL', purpose: 'mfa', destination: `${username}@example.com` });
    const { session } = await user.sendMFACode(message.code, 'EMAIL_OTP');
    expect(session.isValid()).toBe(true);
  });

  test('setUserMfaPreference takes e-mail settings as its third argument', async () => {
    const { user, username } = await setup.user('emailpref');
    await signIn(setup, user, username);
    await expect(user.setUserMfaPreference(null, null, { PreferredMfa: true, Enabled: true })).resolves.toBe('SUCCESS');
    expect(await user.getUserData()).toMatchObject({ PreferredMfaSetting: 'EMAIL_OTP', UserMFASettingList: ['EMAIL_OTP'] });
    // Two arguments (as amazon-cognito-identity-js) or null leave e-mail MFA as it is.
    await expect(user.setUserMfaPreference({ PreferredMfa: false, Enabled: false }, null)).resolves.toBe('SUCCESS');
    await expect(user.setUserMfaPreference(null, null, null)).resolves.toBe('SUCCESS');
    expect((await user.getUserData()).UserMFASettingList).toEqual(['EMAIL_OTP']);
    const again = setup.existing(username);
    await expect(again.authenticateUser(setup.details(username))).resolves.toMatchObject({ challengeName: 'EMAIL_OTP', deliveryMedium: 'EMAIL' });
    await expect(user.setUserMfaPreference(null, null, { PreferredMfa: false, Enabled: false })).resolves.toBe('SUCCESS');
    expect((await user.getUserData()).UserMFASettingList).toBeUndefined();
    await signIn(setup, setup.existing(username), username);
  });
});

describe('SELECT_MFA_TYPE', () => {
  let setup;
  beforeAll(async () => {
    setup = await setupPool(mock, { mfa: 'OPTIONAL' });
  });

  /** A user with TOTP and SMS enabled and none preferred; returns its app. */
  async function userWithTwoFactors() {
    const { user, username } = await setup.user('select');
    await signIn(setup, user, username);
    const app = await enrolTotp(user, { preferred: false });
    await user.setUserMfaPreference({ PreferredMfa: false, Enabled: true }, null);
    return { username, app };
  }

  test('choosing TOTP leads to SOFTWARE_TOKEN_MFA', async () => {
    const { username, app } = await userWithTwoFactors();
    const user = setup.existing(username);
    const choice = await user.authenticateUser(setup.details(username));
    expect(choice.challengeName).toBe('SELECT_MFA_TYPE');
    expect(choice.mfasCanChoose.sort()).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    expect(JSON.parse(choice.challengeParameters.MFAS_CAN_CHOOSE).sort()).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    const next = await user.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA');
    expect(next.challengeName).toBe('SOFTWARE_TOKEN_MFA');
    const { session } = await user.sendMFACode(app.at(mock.now()));
    expect(session.isValid()).toBe(true);
  });

  test('clientMetadata is accepted with the answer; a non-string value is InvalidInputError', async () => {
    const { username, app } = await userWithTwoFactors();
    const user = setup.existing(username);
    await user.authenticateUser(setup.details(username));
    expect(thrownBy(() => user.sendMFASelectionAnswer('TOTP', { n: 1 }))).toMatchObject({ code: 'InvalidInputError' });
    expect(thrownBy(() => user.sendMFASelectionAnswer('TOTP', 'source=test'))).toMatchObject({ code: 'InvalidInputError' });
    expect(user.getChallengeName()).toBe('SELECT_MFA_TYPE'); // the refused calls changed nothing
    const next = await user.sendMFASelectionAnswer('TOTP', { source: 'client.test.js' });
    expect(next.challengeName).toBe('SOFTWARE_TOKEN_MFA');
    const { session } = await user.sendMFACode(app.at(mock.now()));
    expect(session.isValid()).toBe(true);
  });

  test('clientMetadata reaches RespondToAuthChallenge as ClientMetadata', async () => {
    // The mock does not echo ClientMetadata (it runs no Lambda triggers): a fake endpoint
    // records the request.
    const requests = [];
    const endpoint = await fakeCognito((operation, body, res) => {
      requests.push({ operation, body });
      if (operation === 'InitiateAuth') {
        json(res, 200, { ChallengeName: 'SELECT_MFA_TYPE', Session: 'S'.repeat(64), ChallengeParameters: { MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: 'sel' } });
      } else {
        json(res, 200, { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 'T'.repeat(64), ChallengeParameters: {} });
      }
    });
    const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_Select1', ClientId: 'client', endpoint });
    const user = new CognitoUser({ Username: 'sel', Pool: pool });
    const choice = await user.authenticateUser(new AuthenticationDetails({ Username: 'sel', Password: 'p' }), { flow: 'USER_PASSWORD_AUTH' });
    expect(choice.challengeName).toBe('SELECT_MFA_TYPE');
    const next = await user.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA', { source: 'web', step: 'select' });
    expect(next.challengeName).toBe('SOFTWARE_TOKEN_MFA');
    const answer = requests[requests.length - 1];
    expect(answer.operation).toBe('RespondToAuthChallenge');
    expect(answer.body).toMatchObject({
      ChallengeName: 'SELECT_MFA_TYPE',
      Session: 'S'.repeat(64),
      ChallengeResponses: { ANSWER: 'SOFTWARE_TOKEN_MFA' },
      ClientMetadata: { source: 'web', step: 'select' },
    });
    await user.authenticateUser(new AuthenticationDetails({ Username: 'sel', Password: 'p' }), { flow: 'USER_PASSWORD_AUTH' });
    await user.sendMFASelectionAnswer('SMS');
    expect(requests[requests.length - 1].body).not.toHaveProperty('ClientMetadata');
  });

  test('choosing SMS (by its alias) leads to SMS_MFA', async () => {
    const { username } = await userWithTwoFactors();
    const user = setup.existing(username);
    await user.authenticateUser(setup.details(username));
    const next = await user.sendMFASelectionAnswer('SMS');
    expect(next).toMatchObject({ challengeName: 'SMS_MFA', deliveryMedium: 'SMS' });
    const { session } = await user.sendMFACode(mock.lastCode(username));
    expect(session.isValid()).toBe(true);
  });
});

describe('MFA_SETUP and NEW_PASSWORD_REQUIRED', () => {
  let setup;
  beforeAll(async () => {
    setup = await setupPool(mock, { mfa: 'ON' });
  });

  test('a user without a factor enrols TOTP during sign-in', async () => {
    const { user, username } = await setup.user('setup');
    const challenge = await user.authenticateUser(setup.details(username));
    expect(challenge.challengeName).toBe('MFA_SETUP');
    expect(challenge.mfasCanSetup).toContain('SOFTWARE_TOKEN_MFA');
    expect(challenge.challengeParameters).toHaveProperty('MFAS_CAN_SETUP');
    const secret = await user.associateSoftwareToken();
    const result = await user.verifySoftwareToken(new TOTP(secret).at(mock.now()), 'Setup phone');
    expect(result.challengeName).toBeNull();
    expect(result.session.isValid()).toBe(true);
    expect(result.session.getRefreshToken().getToken()).not.toBe('');
    expect((await user.getUserData()).UserMFASettingList).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  test('an invited user sets a new password, then enrols TOTP', async () => {
    const { user, username } = await setup.user('invited', { temporaryPassword: true, attributes: { email: 'new@example.com' } });
    const challenge = await user.authenticateUser(setup.details(username));
    expect(challenge.challengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(challenge.userAttributes).toMatchObject({ email: 'new@example.com' });
    expect(Array.isArray(challenge.requiredAttributes)).toBe(true);
    expect(JSON.parse(challenge.challengeParameters.userAttributes)).toMatchObject({ email: 'new@example.com' });
    const next = await user.completeNewPasswordChallenge('N3w-Passw0rd!', { name: 'New User' });
    expect(next.challengeName).toBe('MFA_SETUP');
    const secret = await user.associateSoftwareToken();
    const { session } = await user.verifySoftwareToken(new TOTP(secret).at(mock.now()), 'phone');
    expect(session.getIdToken().payload.name).toBe('New User');
    // The new password is the password now.
    mock.advanceClock(30);
    const again = setup.existing(username);
    const totp = await again.authenticateUser(setup.details(username, 'N3w-Passw0rd!'));
    expect(totp.challengeName).toBe('SOFTWARE_TOKEN_MFA');
    await expect(again.sendMFACode(new TOTP(secret).at(mock.now()))).resolves.toMatchObject({ challengeName: null });
  });
});

describe('legacy MFA calls (deprecated)', () => {
  test('enableMFA, getMFAOptions, disableMFA', async () => {
    const setup = await setupPool(mock, { mfa: 'OPTIONAL' });
    const { user, username } = await setup.user('legacy');
    await signIn(setup, user, username);
    await expect(user.getMFAOptions()).resolves.toEqual([]);
    await expect(user.enableMFA()).resolves.toBe('SUCCESS');
    await expect(user.getMFAOptions()).resolves.toEqual([{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
    expect((await user.getUserData()).MFAOptions).toEqual([{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
    const challenged = await setup.existing(username).authenticateUser(setup.details(username));
    expect(challenged.challengeName).toBe('SMS_MFA');
    await expect(user.disableMFA()).resolves.toBe('SUCCESS');
    await expect(user.getMFAOptions()).resolves.toEqual([]);
  });
});

describe('one CognitoUser', () => {
  test('runs concurrent calls one at a time', async () => {
    const setup = await setupPool(mock, { mfa: 'OFF' });
    const { user, username } = await setup.user('serial');
    await signIn(setup, user, username);
    const results = await Promise.all([user.getUserData(), user.refreshSession(), user.getUserData(), user.getMFAOptions()]);
    expect(results[0].Username).toBe(username);
    expect(results[2].Username).toBe(username);
    expect(results[1].isValid()).toBe(true);
    expect(results[3]).toEqual([]);
  });

  test('CUSTOM_CHALLENGE is answered with sendCustomChallengeAnswer', async () => {
    // The mock does not serve custom authentication (Lambda triggers): a fake endpoint does.
    const requests = [];
    const endpoint = await fakeCognito((operation, body, res) => {
      requests.push({ operation, body });
      if (operation === 'InitiateAuth') {
        json(res, 200, { ChallengeName: 'CUSTOM_CHALLENGE', Session: 'S'.repeat(64), ChallengeParameters: { question: '6 x 7', USERNAME: 'amy' } });
      } else if (body.ChallengeResponses.ANSWER === '42') {
        json(res, 200, { AuthenticationResult: { AccessToken: fakeJwt({ token_use: 'access' }), IdToken: fakeJwt({ token_use: 'id' }), RefreshToken: 'r' } });
      } else {
        json(res, 400, { __type: 'NotAuthorizedException', message: 'Incorrect answer.' });
      }
    });
    const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_Custom1', ClientId: 'client', endpoint });
    const user = new CognitoUser({ Username: 'amy', Pool: pool });
    await expect(user.sendCustomChallengeAnswer('42')).rejects.toMatchObject({ code: 'NoChallengeInProgressError' });
    const challenge = await user.authenticateUser(new AuthenticationDetails({ Username: 'amy', Password: 'p' }), { flow: 'USER_PASSWORD_AUTH' });
    expect(challenge).toEqual({ challengeName: 'CUSTOM_CHALLENGE', session: null, challengeParameters: { question: '6 x 7', USERNAME: 'amy' } });
    await expect(user.sendCustomChallengeAnswer('41')).rejects.toMatchObject({ code: 'NotAuthorizedException', message: 'Incorrect answer.' });
    const { session } = await user.sendCustomChallengeAnswer('42', { hint: 'none' });
    expect(session.getRefreshToken().getToken()).toBe('r');
    const answer = requests[requests.length - 1].body;
    expect(answer).toMatchObject({ ChallengeName: 'CUSTOM_CHALLENGE', Session: 'S'.repeat(64), ClientMetadata: { hint: 'none' } });
    expect(answer.ChallengeResponses).toEqual({ USERNAME: 'amy', ANSWER: '42' });
  });
});
