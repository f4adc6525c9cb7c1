// Compile-time checks of bindings-node/testing.d.ts (never executed).
import { DEFAULT_PASSWORD, MockCognito, type MockAppClient, type MockMessage, type MockUser } from 'cognito-mfa/testing';
import { CognitoUserPool } from 'cognito-mfa';

async function example(): Promise<void> {
  const mock: MockCognito = await MockCognito.start({ config: { pools: [] } });
  const endpoint: string = mock.endpoint;
  const poolId: string = await mock.createUserPool({ name: 'p', mfa: 'ON', sms: false, softwareToken: true });
  const client: MockAppClient = await mock.createAppClient(poolId, { generateSecret: true, authFlows: ['ALLOW_USER_SRP_AUTH'] });
  const secretOrNull: string | null = client.clientSecret;
  await mock.createUser(poolId, 'alice', 'pw', { attributes: { email: 'a@example.com' }, temporaryPassword: true });
  await mock.createUser(poolId, 'bob', undefined, { confirmed: false });
  await mock.setUserMfaPreference(poolId, 'alice', { sms: { enabled: true, preferred: false } });
  const ready: MockUser = await mock.userWithTotp('carol', DEFAULT_PASSWORD, { mfa: 'ON', generateSecret: true });
  const readyCode: string = mock.totpCode(ready.totpSecret) + ready.userPool.getClientId();
  const sms: MockMessage[] = mock.messages({ username: 'alice', medium: 'SMS', purpose: 'mfa' });
  mock.clearMessages();
  mock.setClock(1_700_000_000);
  mock.freezeClock();
  mock.freezeClock(false);
  const pool: CognitoUserPool = mock.userPool(poolId, client);
  const secret: string = await mock.enrolTotp(poolId, client, 'alice', 'pw', { preferred: true });
  const code: string = mock.totpCode(secret);
  const messages: MockMessage[] = mock.messages();
  const last: string | null = mock.lastCode('alice');
  const now: number = mock.advanceClock(30) + mock.now();
  const response: unknown = await mock.call('AdminGetUser', { UserPoolId: poolId, Username: 'alice' });
  mock.reset();
  await mock.stop();
  void endpoint, secretOrNull, pool, code, messages, last, now, response, readyCode, sms;
}

// @ts-expect-error MockCognito is made by start()
new MockCognito();
// @ts-expect-error no such MFA configuration
async function badMfa(mock: MockCognito) { await mock.createUserPool({ mfa: 'SOMETIMES' }); }
// @ts-expect-error a factor's settings are { enabled, preferred }
async function badFactor(mock: MockCognito) { await mock.setUserMfaPreference('p', 'u', { sms: { Enabled: true } }); }
// @ts-expect-error lastCode may be null
function notNull(mock: MockCognito): string { return mock.lastCode('alice'); }

export const used = [example, badMfa, badFactor, notNull];
