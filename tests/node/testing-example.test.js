// An example test suite with MockCognito (docs/node.md shows this file verbatim).
const { CognitoUserPool, CognitoUser, AuthenticationDetails, TOTP } = require('cognito-mfa');
const { MockCognito } = require('cognito-mfa/testing');

describe('signing in with MFA', () => {
  let mock;
  let pool;

  beforeAll(async () => {
    mock = await MockCognito.start(); // in this process, on 127.0.0.1 and a free port
    const poolId = await mock.createUserPool({ mfa: 'OPTIONAL' });
    const client = await mock.createAppClient(poolId);
    for (const name of ['alice', 'bob']) {
      await mock.createUser(poolId, name, 'Corr3ct-Horse!', {
        attributes: { email: `${name}@example.com`, phone_number: '+15555550100' },
      });
    }
    pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: client.clientId, endpoint: mock.endpoint });
  });

  afterAll(() => mock.stop()); // jest then exits by itself

  test('enrol an authenticator app, then sign in with its code', async () => {
    const alice = new CognitoUser({ Username: 'alice', Pool: pool });
    const details = new AuthenticationDetails({ Username: 'alice', Password: 'Corr3ct-Horse!' });
    expect((await alice.authenticateUser(details)).challengeName).toBeNull(); // no factor yet

    const app = new TOTP(await alice.associateSoftwareToken()); // the user's authenticator app
    await alice.verifySoftwareToken(app.at(mock.now()), 'My phone'); // codes follow the mock's clock
    await alice.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true });
    mock.advanceClock(30); // a code is accepted once: the next one is 30 s later

    const challenge = await alice.authenticateUser(details);
    expect(challenge.challengeName).toBe('SOFTWARE_TOKEN_MFA');
    const wrong = app.at(mock.now()) === '000000' ? '111111' : '000000';
    await expect(alice.sendMFACode(wrong)).rejects.toMatchObject({ code: 'CodeMismatchException' });
    const { session } = await alice.sendMFACode(app.at(mock.now())); // the challenge is still open
    expect(session.getIdToken().payload.email).toBe('alice@example.com');
  });

  test('SMS codes land in the outbox; a challenge expires after 3 minutes', async () => {
    const bob = new CognitoUser({ Username: 'bob', Pool: pool });
    const details = new AuthenticationDetails({ Username: 'bob', Password: 'Corr3ct-Horse!' });
    await bob.authenticateUser(details);
    await bob.setUserMfaPreference({ PreferredMfa: true, Enabled: true }, null);

    const challenge = await bob.authenticateUser(details);
    expect(challenge).toMatchObject({ challengeName: 'SMS_MFA', destination: '+*******0100' });
    const code = mock.lastCode('bob'); // the code of the SMS "sent" to bob
    mock.advanceClock(181);
    await expect(bob.sendMFACode(code)).rejects.toMatchObject({ code: 'NotAuthorizedException' });

    await bob.authenticateUser(details); // a new challenge, a new code
    const { session } = await bob.sendMFACode(mock.lastCode('bob'));
    expect(session.isValid()).toBe(true);
  });
});
