// Compile-time checks of the remembered-device declarations of index.d.ts, compat.d.ts and
// testing.d.ts (never executed).
import {
  CognitoUser,
  CognitoUserPool,
  FileDeviceStore,
  MemoryDeviceStore,
  type CachedDevice,
  type DeviceRecord,
  type DeviceStore,
  type DeviceType,
  type ErrorCode,
  type GetDeviceResult,
  type ListDevicesResult,
} from 'cognito-mfa';
import * as compat from 'cognito-mfa/compat';
import { MockCognito } from 'cognito-mfa/testing';

/** A store of the application's own: async methods. */
class DatabaseStore implements DeviceStore {
  private readonly rows = new Map<string, DeviceRecord>();
  async load(userPoolId: string, username: string): Promise<DeviceRecord | null> {
    return this.rows.get(`${userPoolId}/${username}`) ?? null;
  }
  async save(userPoolId: string, username: string, device: DeviceRecord): Promise<void> {
    this.rows.set(`${userPoolId}/${username}`, device);
  }
  async forget(userPoolId: string, username: string): Promise<void> {
    this.rows.delete(`${userPoolId}/${username}`);
  }
}

/** A store with plain (synchronous) methods, as an object literal. */
const plain: DeviceStore = {
  load: () => null,
  save: () => undefined,
  forget: () => undefined,
};

async function example(): Promise<void> {
  const memory = new MemoryDeviceStore();
  const size: number = memory.size;
  const file = new FileDeviceStore('/var/lib/app/devices.json');
  const filePath: string = file.path;
  const loaded: DeviceRecord | null = await file.load('us-east-1_AbC', 'alice');
  await memory.save('us-east-1_AbC', 'alice', { deviceKey: 'k', deviceGroupKey: 'g', devicePassword: 'p' });
  await memory.forget('us-east-1_AbC', 'alice');
  for (const deviceStore of [memory, file, new DatabaseStore(), plain]) {
    new CognitoUserPool({ UserPoolId: 'us-east-1_AbC', ClientId: 'client', deviceStore });
  }
  const pool = new CognitoUserPool({
    UserPoolId: 'us-east-1_AbC',
    ClientId: 'client',
    deviceStore: memory,
    confirmNewDevices: false,
    deviceName: 'laptop',
    refreshMethod: 'GetTokensFromRefreshToken',
  });
  const user = new CognitoUser({ Username: 'alice', Pool: pool });
  const key: string | null = user.deviceKey;
  const pending: string | null = user.pendingDeviceKey;
  const necessary: boolean | null = user.userConfirmationNecessary;
  const cached: CachedDevice | null = user.getCachedDeviceKeyAndPassword();
  const secret: string | undefined = cached?.randomPassword;
  const confirmed: boolean = await user.confirmDevice('laptop');
  const done: 'SUCCESS' = await user.setDeviceStatusRemembered();
  await user.setDeviceStatusNotRemembered();
  await user.forgetDevice();
  await user.forgetSpecificDevice('us-east-1_x');
  const page: ListDevicesResult = await user.listDevices(10, null);
  const next: string | undefined = page.PaginationToken;
  const first: DeviceType | undefined = page.Devices[0];
  const name: string | undefined = first?.DeviceAttributes.find((a) => a.Name === 'device_name')?.Value;
  const all: DeviceType[] = await user.listAllDevices();
  const got: GetDeviceResult = await user.getDevice();
  const lastSeen: number | undefined = got.Device.DeviceLastAuthenticatedDate;
  const codes: ErrorCode[] = ['NoDeviceError', 'DeviceStoreError', 'DeviceKeyExistsException'];

  const mock = await MockCognito.start();
  const poolId = await mock.createUserPool({ deviceTracking: true });
  await mock.createUserPool({ deviceTracking: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true } });
  const client = await mock.createAppClient(poolId);
  const mockPool: CognitoUserPool = mock.userPool(poolId, client, { deviceStore: new MemoryDeviceStore(), refreshMethod: 'InitiateAuth' });
  await mock.userWithTotp('bob', undefined, { deviceTracking: true });

  const compatUser = new compat.CognitoUser({ Username: 'alice', Pool: mockPool });
  compatUser.authenticateUser(new compat.AuthenticationDetails({ Username: 'alice', Password: 'pw' }), {
    onSuccess(session, userConfirmationNecessary) {
      if (userConfirmationNecessary) {
        compatUser.setDeviceStatusRemembered({ onSuccess: (result: 'SUCCESS') => console.log(result), onFailure: (err) => console.error(err.code) });
      }
      console.log(session.isValid());
    },
    onFailure: (err) => console.error(err),
  });
  compatUser.getCachedDeviceKeyAndPassword();
  const compatKey: string | null = compatUser.deviceKey;
  const compatPassword: string | null = compatUser.randomPassword;
  compatUser.listDevices(60, null, { onSuccess: (result) => console.log(result.Devices.length), onFailure: console.error });
  compatUser.getDevice({ onSuccess: ({ Device }) => console.log(Device.DeviceKey), onFailure: console.error });
  compatUser.forgetDevice({ onSuccess: () => undefined, onFailure: () => undefined });
  compatUser.forgetSpecificDevice('us-east-1_x', { onSuccess: () => undefined, onFailure: () => undefined });
  compatUser.setDeviceStatusNotRemembered({ onSuccess: () => undefined, onFailure: () => undefined });
  new compat.MemoryDeviceStore();
  void size, filePath, loaded, key, pending, necessary, secret, confirmed, done, next, name, all, lastSeen, codes, compatKey, compatPassword;
}

// @ts-expect-error a store needs load, save and forget
const incomplete: DeviceStore = { load: () => null, save: () => undefined };
// @ts-expect-error no such refresh method
new CognitoUserPool({ UserPoolId: 'p', ClientId: 'c', refreshMethod: 'REFRESH_TOKEN_AUTH' });
// @ts-expect-error a store's record has devicePassword, getCachedDeviceKeyAndPassword's has randomPassword
const wrongName: DeviceRecord = { deviceKey: 'k', deviceGroupKey: 'g', randomPassword: 'p' };
// @ts-expect-error deviceKey is read-only
function assignKey(user: CognitoUser) { user.deviceKey = 'k'; }
// @ts-expect-error listDevices resolves to a page, not an array
async function notAnArray(user: CognitoUser): Promise<DeviceType[]> { return user.listDevices(); }
// @ts-expect-error the compat device calls take callbacks, not a Promise
const notAPromise: Promise<unknown> = new compat.CognitoUser({ Username: 'a', Pool: new CognitoUserPool({ UserPoolId: 'p', ClientId: 'c' }) }).forgetDevice({ onSuccess: () => undefined, onFailure: () => undefined });
// @ts-expect-error an unknown DeviceConfiguration key
async function badTracking(mock: MockCognito) { await mock.createUserPool({ deviceTracking: { rememberAll: true } }); }

export const used = [example, incomplete, wrongName, assignKey, notAnArray, notAPromise, badTracking];
