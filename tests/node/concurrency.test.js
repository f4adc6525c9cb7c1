// Many sign-ins at once: 200 SRP sign-ins in flight together (Promise.all), then 50 full MFA
// sign-ins (SRP + TOTP) at once. Each resolves to its own user's session: no request,
// challenge Session or token crosses between users.
'use strict';

const { AuthenticationDetails, CognitoUser, TOTP } = require('cognito-mfa');
const { MockCognito } = require('cognito-mfa/testing');

jest.setTimeout(120_000);

const PASSWORD = 'Passw0rd!';

let mock;
beforeAll(async () => {
  mock = await MockCognito.start();
});
afterAll(async () => {
  await mock.stop();
});

async function createUsers(poolId, prefix, count) {
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  for (const name of names) await mock.createUser(poolId, name, PASSWORD, { attributes: { email: `${name}@example.com` } });
  return names;
}

const details = (name) => new AuthenticationDetails({ Username: name, Password: PASSWORD });

test('200 concurrent SRP sign-ins each get their own session', async () => {
  const poolId = await mock.createUserPool({ mfa: 'OFF' });
  const client = await mock.createAppClient(poolId);
  const pool = mock.userPool(poolId, client);
  const names = await createUsers(poolId, 'crowd', 200);

  const results = await Promise.all(names.map((name) => new CognitoUser({ Username: name, Pool: pool }).authenticateUser(details(name))));

  expect(results).toHaveLength(200);
  results.forEach((result, i) => {
    expect(result.challengeName).toBeNull();
    expect(result.session.getIdToken().payload['cognito:username']).toBe(names[i]);
    expect(result.session.getIdToken().payload.email).toBe(`${names[i]}@example.com`);
  });
  const refreshTokens = new Set(results.map((result) => result.session.getRefreshToken().getToken()));
  expect(refreshTokens.size).toBe(200);
});

test('200 concurrent sign-ins of one user name, with some wrong passwords among them', async () => {
  const poolId = await mock.createUserPool({ mfa: 'OFF' });
  const pool = mock.userPool(poolId, await mock.createAppClient(poolId));
  await createUsers(poolId, 'same', 1);
  const attempts = Array.from({ length: 200 }, (_, i) => i % 10 === 0);
  const settled = await Promise.allSettled(
    attempts.map((wrong) =>
      new CognitoUser({ Username: 'same-0', Pool: pool }).authenticateUser(
        new AuthenticationDetails({ Username: 'same-0', Password: wrong ? 'Wr0ng-pass!' : PASSWORD }),
      ),
    ),
  );
  settled.forEach((outcome, i) => {
    if (attempts[i]) {
      expect(outcome.status).toBe('rejected');
      expect(outcome.reason.code).toBe('NotAuthorizedException');
    } else {
      expect(outcome.status).toBe('fulfilled');
      expect(outcome.value.session.isValid()).toBe(true);
    }
  });
});

test('50 concurrent full MFA sign-ins (SRP, then the TOTP challenge)', async () => {
  const poolId = await mock.createUserPool({ mfa: 'OPTIONAL' });
  const client = await mock.createAppClient(poolId);
  const pool = mock.userPool(poolId, client);
  const names = await createUsers(poolId, 'mfa', 50);
  const secrets = [];
  // one after another: enrolTotp moves the clock on by a step after each enrolment
  for (const name of names) secrets.push(await mock.enrolTotp(poolId, client, name, PASSWORD));

  const sessions = await Promise.all(
    names.map(async (name, i) => {
      const user = new CognitoUser({ Username: name, Pool: pool });
      const challenge = await user.authenticateUser(details(name));
      expect(challenge.challengeName).toBe('SOFTWARE_TOKEN_MFA');
      const { session } = await user.sendMFACode(new TOTP(secrets[i]).at(mock.now()));
      return session;
    }),
  );
  sessions.forEach((session, i) => expect(session.getAccessToken().payload.username).toBe(names[i]));
});
