// Every error code the Cognito client can reject (or throw) with: Cognito's codes answered by
// MockCognito, and the client-side codes, some provoked by small HTTP servers that misbehave
// on purpose. Each error is an `Error` whose `code` and `name` are the code.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  TOTP,
  errorCodes,
  parseUri,
} = require('cognito-mfa');
const { MockCognito } = require('cognito-mfa/testing');
const { PASSWORD, closeFakes, fakeCognito, fakeJwt, json, setupPool } = require('./helpers');

jest.setTimeout(60_000);

/** The error `promise` rejects with (failing the test if it resolves). */
async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, it resolved');
}

/** The error `fn` throws synchronously. */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/**
 * The data an error carries beyond its code, name and message: its own enumerable properties.
 * The Python package sets the same fields, in snake_case (`statusCode` is `status_code`),
 * because both copy the core's `Error::details()` (see tests/python/test_errors.py).
 */
function details(error) {
  return Object.fromEntries(Object.entries(error).filter(([key]) => !['code', 'name', 'message', 'stack'].includes(key)));
}

/** Checks the shape every error of the package has, and returns it. */
function coded(error, code) {
  // jest's sandbox is another realm: `instanceof Error` is false for the addon's errors.
  expect(Object.prototype.toString.call(error)).toBe('[object Error]');
  expect(error.code).toBe(code);
  expect(error.name).toBe(code);
  expect(errorCodes()).toContain(code);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  expect(typeof error.stack).toBe('string');
  return error;
}

let mock;
let setup;
beforeAll(async () => {
  mock = await MockCognito.start();
  setup = await setupPool(mock, { mfa: 'OPTIONAL', authFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
});
afterAll(async () => {
  await mock.stop();
  closeFakes();
});

/** A signed-in user with TOTP enrolled and preferred; returns `{ username, app }`. */
async function totpUser() {
  const { user, username } = await setup.user('totp');
  await user.authenticateUser(setup.details(username));
  const app = new TOTP(await user.associateSoftwareToken());
  await user.verifySoftwareToken(app.at(mock.now()), 'phone');
  await user.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true });
  mock.advanceClock(30);
  return { username, app };
}

describe("Cognito's error codes", () => {
  test('NotAuthorizedException (wrong password) carries statusCode and requestId', async () => {
    const { user, username } = await setup.user('wrong');
    const error = coded(await rejection(user.authenticateUser(setup.details(username, 'Wr0ng-password!'))), 'NotAuthorizedException');
    expect(error.message).toBe('Incorrect username or password.');
    expect(error.statusCode).toBe(400);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(user.getSignInUserSession()).toBeNull();
  });

  test('UserNotFoundException', async () => {
    const user = setup.existing('nobody');
    coded(await rejection(user.authenticateUser(setup.details('nobody'))), 'UserNotFoundException');
  });

  test('InvalidParameterException: a flow the app client does not allow', async () => {
    const { user, username } = await setup.user('flow');
    const error = coded(await rejection(user.authenticateUser(setup.details(username), { flow: 'USER_PASSWORD_AUTH' })), 'InvalidParameterException');
    expect(error.message).toBe('USER_PASSWORD_AUTH flow not enabled for this client');
  });

  test('InvalidParameterException: SMS MFA without a phone number', async () => {
    const { user, username } = await setup.user('nophone', { attributes: { email: 'x@example.com' } });
    await user.authenticateUser(setup.details(username));
    const error = coded(await rejection(user.setUserMfaPreference({ PreferredMfa: true, Enabled: true }, null)), 'InvalidParameterException');
    expect(error.message).toBe('User does not have a phone_number set to turn on SMS MFA');
  });

  test('CodeMismatchException, then ExpiredCodeException for a code used twice', async () => {
    const { username, app } = await totpUser();
    const user = setup.existing(username);
    await user.authenticateUser(setup.details(username));
    const right = app.at(mock.now());
    coded(await rejection(user.sendMFACode(right === '123456' ? '654321' : '123456')), 'CodeMismatchException');
    await user.sendMFACode(right);
    const again = setup.existing(username);
    await again.authenticateUser(setup.details(username));
    const error = coded(await rejection(again.sendMFACode(right)), 'ExpiredCodeException');
    expect(error.message).toBe('Your software token has already been used once.');
  });

  test('ExpiredCodeException for an SMS code past its 3 minutes', async () => {
    // An app client whose challenge sessions live 15 minutes, so that the code expires first.
    const created = await mock.call('CreateUserPoolClient', { UserPoolId: setup.poolId, ClientName: 'slow', AuthSessionValidity: 15 });
    const pool = mock.userPool(setup.poolId, { clientId: created.UserPoolClient.ClientId, clientSecret: null });
    const { user, username } = await setup.user('smsold');
    await user.authenticateUser(setup.details(username));
    await user.setUserMfaPreference({ PreferredMfa: true, Enabled: true }, null);
    const again = new CognitoUser({ Username: username, Pool: pool });
    expect((await again.authenticateUser(setup.details(username))).challengeName).toBe('SMS_MFA');
    mock.advanceClock(181);
    const error = coded(await rejection(again.sendMFACode(mock.lastCode(username))), 'ExpiredCodeException');
    expect(error.message).toBe('Invalid code provided, please request a code again.');
  });

  test('NotAuthorizedException for an expired challenge session', async () => {
    const { username, app } = await totpUser();
    const user = setup.existing(username);
    await user.authenticateUser(setup.details(username));
    mock.advanceClock(181);
    const error = coded(await rejection(user.sendMFACode(app.at(mock.now()))), 'NotAuthorizedException');
    expect(error.message).toBe('Invalid session for the user, session is expired.');
  });

  test('EnableSoftwareTokenMFAException for a wrong code at verifySoftwareToken', async () => {
    const { user, username } = await setup.user('badverify');
    await user.authenticateUser(setup.details(username));
    const app = new TOTP(await user.associateSoftwareToken());
    const right = app.at(mock.now());
    const wrong = right === '000000' ? '111111' : '000000';
    const error = coded(await rejection(user.verifySoftwareToken(wrong, 'phone')), 'EnableSoftwareTokenMFAException');
    expect(error.message).toBe('Code mismatch and fail enable Software Token MFA');
  });

  test('SoftwareTokenMFANotFoundException on a pool without TOTP', async () => {
    const smsOnly = await setupPool(mock, { mfa: 'OPTIONAL', softwareToken: false });
    const { user, username } = await smsOnly.user('nototp');
    await user.authenticateUser(smsOnly.details(username));
    coded(await rejection(user.associateSoftwareToken()), 'SoftwareTokenMFANotFoundException');
  });

  test('MFAMethodNotFoundException for a factor the user cannot choose', async () => {
    const { username } = await totpUser();
    // TOTP and SMS enabled, neither preferred: SELECT_MFA_TYPE offers those two only.
    const admin = { UserPoolId: setup.poolId, Username: username };
    await mock.call('AdminSetUserMFAPreference', { ...admin, SMSMfaSettings: { Enabled: true, PreferredMfa: false }, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false } });
    const chooser = setup.existing(username);
    expect((await chooser.authenticateUser(setup.details(username))).challengeName).toBe('SELECT_MFA_TYPE');
    coded(await rejection(chooser.sendMFASelectionAnswer('EMAIL_OTP')), 'MFAMethodNotFoundException');
  });

  test('InvalidPasswordException for a new password the policy refuses', async () => {
    const { user, username } = await setup.user('weak', { temporaryPassword: true });
    await user.authenticateUser(setup.details(username));
    coded(await rejection(user.completeNewPasswordChallenge('short')), 'InvalidPasswordException');
  });

  test('UserNotConfirmedException and PasswordResetRequiredException (seeded users)', async () => {
    const seeded = await MockCognito.start({
      config: {
        pools: [
          {
            id: 'us-east-1_Seeded1',
            clients: [{ id: 'seededclient' }],
            users: [
              { username: 'unconfirmed', password: PASSWORD, status: 'UNCONFIRMED' },
              { username: 'reset', password: PASSWORD, status: 'RESET_REQUIRED' },
            ],
          },
        ],
      },
    });
    try {
      const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_Seeded1', ClientId: 'seededclient', endpoint: seeded.endpoint });
      const signIn = (name) =>
        new CognitoUser({ Username: name, Pool: pool }).authenticateUser(new AuthenticationDetails({ Username: name, Password: PASSWORD }));
      coded(await rejection(signIn('unconfirmed')), 'UserNotConfirmedException');
      coded(await rejection(signIn('reset')), 'PasswordResetRequiredException');
    } finally {
      await seeded.stop();
    }
  });
});

describe('client-side error codes', () => {
  test('InvalidInputError: bad settings and arguments throw at once', () => {
    expect(coded(thrown(() => new CognitoUserPool({ UserPoolId: 'nope', ClientId: 'c' })), 'InvalidInputError').message).toMatch(/pool id/i);
    expect(coded(thrown(() => new CognitoUserPool({ ClientId: 'c' })), 'InvalidInputError').message).toBe('invalid input: data.UserPoolId is required');
    coded(thrown(() => new CognitoUserPool({ UserPoolId: 'us-east-1_a', ClientId: 'c', endpoint: 'http://example.com/' })), 'InvalidInputError');
    coded(thrown(() => new CognitoUserPool({ UserPoolId: 'us-east-1_a', ClientId: 'c', timeout: 0 })), 'InvalidInputError');
    coded(thrown(() => new CognitoUserPool('us-east-1_a')), 'InvalidInputError');
    expect(coded(thrown(() => new CognitoUser({ Username: 'a', Pool: {} })), 'InvalidInputError').message).toBe(
      'invalid input: data.Pool must be a CognitoUserPool, got an object',
    );
    coded(thrown(() => new CognitoUser({ Username: 'a' })), 'InvalidInputError');
    coded(thrown(() => new CognitoUser({ Username: 7, Pool: setup.pool })), 'InvalidInputError');
    expect(coded(thrown(() => new CognitoUser({ Username: '', Pool: setup.pool })), 'InvalidInputError').message).toBe(
      'invalid input: the user name is empty',
    );
    coded(thrown(() => new AuthenticationDetails({ Username: 'a' })), 'InvalidInputError');
    coded(thrown(() => new AuthenticationDetails({ Username: 'a', Password: 'p', ClientMetadata: { n: 1 } })), 'InvalidInputError');

    const user = setup.existing('someone');
    const details = setup.details('someone');
    expect(coded(thrown(() => user.authenticateUser({ Username: 'a', Password: 'p' })), 'InvalidInputError').message).toBe(
      'invalid input: expected an AuthenticationDetails, got an object',
    );
    coded(thrown(() => user.authenticateUser(details, { flow: 'CUSTOM_AUTH' })), 'InvalidInputError');
    // The one parser of the core: the same codes and messages as the Python package.
    expect(coded(thrown(() => user.authenticateUser(details, { flow: 'REFRESH_TOKEN_AUTH' })), 'InvalidInputError').message).toBe(
      'invalid input: unsupported sign-in flow "REFRESH_TOKEN_AUTH": expected USER_SRP_AUTH, USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH (admin client)',
    );
    expect(coded(thrown(() => user.authenticateUser(details, { flow: 'no such flow' })), 'InvalidInputError').message).toBe(
      'invalid input: unsupported sign-in flow "no such flow": expected USER_SRP_AUTH, USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH (admin client)',
    );
    coded(thrown(() => user.sendMFACode(123456)), 'InvalidInputError');
    coded(thrown(() => user.sendMFACode('123456', 'PIGEON')), 'InvalidInputError');
    coded(thrown(() => user.setUserMfaPreference('yes', null)), 'InvalidInputError');
    coded(thrown(() => user.setUserMfaPreference({ Enabled: 'yes' }, null)), 'InvalidInputError');
    expect(coded(thrown(() => user.setUserMfaPreference(null, null, { PreferredMfa: 1 })), 'InvalidInputError').message).toBe(
      'invalid input: settings.PreferredMfa must be a boolean, got a number',
    );
    coded(thrown(() => user.setUserMfaPreference(null, null, 'EMAIL')), 'InvalidInputError');
  });

  test('InvalidInputError: option objects read by napi name the field and the type given, never the value', () => {
    const base = { UserPoolId: 'us-east-1_a', ClientId: 'c' };
    expect(coded(thrown(() => new CognitoUserPool({ ...base, ClientSecret: 271828182 })), 'InvalidInputError').message).toBe(
      'invalid input: data.ClientSecret must be a string, got a number',
    );
    expect(coded(thrown(() => new CognitoUserPool({ ...base, maxRetries: '2' })), 'InvalidInputError').message).toBe(
      'invalid input: data.maxRetries must be a number, got a string',
    );
    expect(coded(thrown(() => new CognitoUserPool('us-east-1_a')), 'InvalidInputError').message).toBe(
      'invalid input: data must be an object, got a string',
    );
    const password = { secret: 'Tr0ub4dor&3' };
    const refused = coded(thrown(() => new AuthenticationDetails({ Username: 'a', Password: password })), 'InvalidInputError');
    expect(refused.message).toBe('invalid input: data.Password must be a string, got an object');
    expect(refused.message).not.toContain('Tr0ub4dor');
    expect(coded(thrown(() => new AuthenticationDetails({ Username: 'a', Password: 'p', ClientMetadata: 'a=b' })), 'InvalidInputError').message).toBe(
      'invalid input: data.ClientMetadata must be an object whose values are strings, got a string',
    );
    expect(coded(thrown(() => new AuthenticationDetails({ Password: 'p' })), 'InvalidInputError').message).toBe(
      'invalid input: data.Username is required',
    );
    const user = setup.existing('someone');
    expect(coded(thrown(() => user.authenticateUser(setup.details('someone'), { flow: 1 })), 'InvalidInputError').message).toBe(
      'invalid input: options.flow must be a string, got a number',
    );
  });

  test('InvalidInputError: a TOTP code that is not 6 digits rejects before any request', async () => {
    const { username } = await totpUser();
    const user = setup.existing(username);
    await user.authenticateUser(setup.details(username));
    coded(await rejection(user.sendMFACode('12345')), 'InvalidInputError');
    coded(await rejection(user.verifySoftwareToken('12ab56', 'x')), 'InvalidInputError');
    expect(user.getChallengeName()).toBe('SOFTWARE_TOKEN_MFA');
  });

  test('NotSignedInError and NoChallengeInProgressError', async () => {
    const user = setup.existing('idle');
    for (const call of [
      () => user.getUserData(),
      () => user.associateSoftwareToken(),
      () => user.setUserMfaPreference(null, null),
      () => user.enableMFA(),
      () => user.disableMFA(),
      () => user.getMFAOptions(),
      () => user.refreshSession(),
      () => user.globalSignOut(),
      () => user.verifySoftwareToken('123456', 'x'),
    ]) {
      coded(await rejection(call()), 'NotSignedInError');
    }
    for (const call of [
      () => user.sendMFACode('123456'),
      () => user.sendMFASelectionAnswer('SMS'),
      () => user.completeNewPasswordChallenge('N3w-Passw0rd!'),
      () => user.sendCustomChallengeAnswer('x'),
    ]) {
      coded(await rejection(call()), 'NoChallengeInProgressError');
    }
  });

  test('NetworkError: nothing listens at the endpoint', async () => {
    const closed = http.createServer();
    await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address();
    await new Promise((resolve) => closed.close(resolve));
    const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_a', ClientId: 'c', endpoint: `http://127.0.0.1:${port}` });
    const user = new CognitoUser({ Username: 'a', Pool: pool });
    const error = coded(await rejection(user.authenticateUser(new AuthenticationDetails({ Username: 'a', Password: 'p' }))), 'NetworkError');
    expect(error.statusCode).toBeUndefined();
  });

  test('TimeoutError: the endpoint never answers', async () => {
    const endpoint = await fakeCognito(() => {});
    const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_a', ClientId: 'c', endpoint, timeout: 300 });
    const user = new CognitoUser({ Username: 'a', Pool: pool });
    coded(await rejection(user.authenticateUser(new AuthenticationDetails({ Username: 'a', Password: 'p' }))), 'TimeoutError');
  });

  test('UnexpectedResponseError: a body that is not JSON, with its status', async () => {
    const endpoint = await fakeCognito((_, __, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>not cognito</html>');
    });
    const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_a', ClientId: 'c', endpoint });
    const user = new CognitoUser({ Username: 'a', Pool: pool });
    const error = coded(
      await rejection(user.authenticateUser(new AuthenticationDetails({ Username: 'a', Password: 'p' }), { flow: 'USER_PASSWORD_AUTH' })),
      'UnexpectedResponseError',
    );
    expect(error.statusCode).toBe(200);
  });

  test('UnsupportedChallengeError: a challenge this client does not know', async () => {
    const endpoint = await fakeCognito((_, __, res) => json(res, 200, { ChallengeName: 'WEB_AUTHN', Session: 'S'.repeat(64), ChallengeParameters: {} }));
    const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_a', ClientId: 'c', endpoint });
    const user = new CognitoUser({ Username: 'a', Pool: pool });
    const error = coded(
      await rejection(user.authenticateUser(new AuthenticationDetails({ Username: 'a', Password: 'p' }), { flow: 'USER_PASSWORD_AUTH' })),
      'UnsupportedChallengeError',
    );
    expect(error.message).toBe('unsupported challenge WEB_AUTHN');
  });

  test('SoftwareTokenNotVerifiedError: VerifySoftwareToken answers Status ERROR', async () => {
    const endpoint = await fakeCognito((target, body, res) => {
      if (target === 'InitiateAuth') {
        json(res, 200, {
          AuthenticationResult: {
            AccessToken: fakeJwt({ token_use: 'access', username: 'a' }),
            IdToken: fakeJwt({ token_use: 'id', 'cognito:username': 'a' }),
            RefreshToken: 'refresh',
            ExpiresIn: 3600,
            TokenType: 'Bearer',
          },
        });
      } else if (target === 'VerifySoftwareToken') {
        json(res, 200, { Status: 'ERROR' });
      } else {
        json(res, 400, { __type: 'UnknownOperationException', message: target });
      }
    });
    const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_a', ClientId: 'c', endpoint });
    const user = new CognitoUser({ Username: 'a', Pool: pool });
    const { session } = await user.authenticateUser(new AuthenticationDetails({ Username: 'a', Password: 'p' }), { flow: 'USER_PASSWORD_AUTH' });
    expect(session.getRefreshToken().getToken()).toBe('refresh');
    expect(details(coded(await rejection(user.verifySoftwareToken('123456', 'x')), 'SoftwareTokenNotVerifiedError'))).toStrictEqual({ status: 'ERROR' });
    // A service error without a request id has none.
    const unknown = coded(await rejection(user.getUserData()), 'UnknownOperationException');
    expect(unknown.requestId).toBeUndefined();
    expect(unknown.statusCode).toBe(400);
  });

  test('MockConfigError: MockCognito refuses a bad configuration', async () => {
    const error = coded(await rejection(MockCognito.start({ config: { pools: 'none' } })), 'MockConfigError');
    expect(error.message).toMatch(/^invalid mock configuration: .*expected a sequence/);
  });
});

describe("the error's data: the same fields as in Python", () => {
  test.each([
    ['InvalidSecretError', () => new TOTP('JBSWY3DPEHPK3PX1'), { character: '1', position: 15 }],
    ['SecretTooShortError', () => new TOTP('JBSWY3DP'), { chars: 8 }],
    ['InvalidUriError', () => parseUri('otpauth://totp/alice?issuer=Example'), { kind: 'MissingSecret' }],
    ['InvalidInputError', () => new TOTP('JBSWY3DPEHPK3PXP', { digits: 5 }), {}],
  ])('%s', (code, call, expected) => {
    expect(details(coded(thrown(call), code))).toStrictEqual(expected);
  });

  test('a service error: statusCode and requestId', async () => {
    const { user, username } = await setup.user('details');
    const error = coded(await rejection(user.authenticateUser(setup.details(username, 'Wr0ng-password!'))), 'NotAuthorizedException');
    expect(Object.keys(details(error)).sort()).toStrictEqual(['requestId', 'statusCode']);
    expect(error.statusCode).toBe(400);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('client-side failures: challengeName, statusCode, retryable', async () => {
    let answer = (res) => json(res, 200, { ChallengeName: 'WEB_AUTHN', Session: 'S'.repeat(64), ChallengeParameters: {} });
    const endpoint = await fakeCognito((_, __, res) => answer(res));
    const signIn = (pool) =>
      new CognitoUser({ Username: 'a', Pool: pool }).authenticateUser(new AuthenticationDetails({ Username: 'a', Password: 'p' }), { flow: 'USER_PASSWORD_AUTH' });
    const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_a', ClientId: 'c', endpoint });
    expect(details(coded(await rejection(signIn(pool)), 'UnsupportedChallengeError'))).toStrictEqual({ challengeName: 'WEB_AUTHN' });

    answer = (res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>not json</html>');
    };
    expect(details(coded(await rejection(signIn(pool)), 'UnexpectedResponseError'))).toStrictEqual({ statusCode: 200 });

    const closed = http.createServer();
    await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address();
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = new CognitoUserPool({ UserPoolId: 'us-east-1_a', ClientId: 'c', endpoint: `http://127.0.0.1:${port}` });
    expect(details(coded(await rejection(signIn(nowhere)), 'NetworkError'))).toStrictEqual({ retryable: true });
  });
});

describe('errorCodes()', () => {
  /** The string literals of the `ErrorCode` union in index.d.ts. */
  function declaredCodes() {
    const dts = fs.readFileSync(path.join(__dirname, '..', '..', 'bindings-node', 'index.d.ts'), 'utf8');
    const union = dts.match(/^export type ErrorCode =\n((?:  .*\n)+)/m);
    expect(union).not.toBeNull();
    return [...union[1].matchAll(/^  \| '(\w+)'$/gm)].map((m) => m[1]);
  }

  test('lists each code once, sorted: client-side, Cognito, mock and panic codes', () => {
    const codes = errorCodes();
    expect([...codes].sort()).toEqual(codes);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of ['InvalidInputError', 'NotAuthorizedException', 'SerializationException', 'ThrottlingException',
      'UnknownOperationException', 'MockConfigError', 'MockIoError', 'MockServerError', 'GenericFailure']) {
      expect(codes).toContain(code);
    }
    expect(codes.filter((code) => !/(Error|Exception)$/.test(code))).toEqual(['GenericFailure']);
  });

  test('every code is in the ErrorCode union of index.d.ts, and every member of the union is a code', () => {
    expect(declaredCodes().sort()).toEqual(errorCodes());
  });

  test('a fresh array each call: changing one changes nothing', () => {
    const codes = errorCodes();
    codes.pop();
    expect(errorCodes().length).toBe(codes.length + 1);
  });
});
