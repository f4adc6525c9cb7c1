// Compile-time checks of the AdminClient declarations of index.d.ts (never executed),
// including that the real AWS SDK v3 credential providers fit `options.credentials`.
import { fromEnv, fromIni } from '@aws-sdk/credential-providers';
import {
  AdminClient,
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type AdminGetUserResult,
  type AwsCredentialIdentity,
  type ErrorCode,
  type MfaType,
} from 'cognito-mfa';

export async function manage(pool: CognitoUserPool): Promise<void> {
  const fixed: AwsCredentialIdentity = { accessKeyId: 'AKID', secretAccessKey: 'secret', expiration: new Date() };
  const clients: AdminClient[] = [
    new AdminClient(pool),
    new AdminClient(pool, { profile: 'ops' }),
    new AdminClient(pool, { credentials: fixed }),
    new AdminClient(pool, { credentials: fromEnv() }),
    new AdminClient(pool, { credentials: fromIni({ profile: 'ops' }) }),
    new AdminClient(pool, { credentials: async () => fixed }),
  ];
  const admin = clients[0];
  const user: CognitoUser = admin.user('alice');
  await user.authenticateUser(new AuthenticationDetails({ Username: 'alice', Password: 'p' }), { flow: 'ADMIN_USER_PASSWORD_AUTH' });
  const again: CognitoUser = CognitoUser.resume(admin.pool, user.exportState());
  void again;

  const found: AdminGetUserResult = await admin.getUser('alice');
  const status: string = found.UserStatus;
  const enabled: boolean = found.Enabled;
  const factors: MfaType[] | undefined = found.UserMFASettingList;
  void [status, enabled, factors];
  const done: 'SUCCESS' = await admin.setUserMfaPreference('alice', null, { Enabled: false, PreferredMfa: false });
  void done;
  await admin.setUserSettings('alice', [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
  await admin.resetUserPassword('alice', { reason: 'support' });
  await admin.userGlobalSignOut('alice');
  const page = await admin.listDevices('alice', 10);
  for (const device of page.Devices) await admin.updateDeviceStatus('alice', device.DeviceKey, 'not_remembered');
  await admin.forgetDevice('alice', (await admin.getDevice('alice', 'key')).Device.DeviceKey);
  const codes: ErrorCode[] = ['CredentialsError', 'InvalidSignatureException', 'UnrecognizedClientException'];
  void codes;
  // @ts-expect-error: the status is 'remembered' or 'not_remembered'
  await admin.updateDeviceStatus('alice', 'key', 'forever');
  // @ts-expect-error: credentials are keys or a provider, not a string
  new AdminClient(pool, { credentials: 'AKID:secret' });
}
