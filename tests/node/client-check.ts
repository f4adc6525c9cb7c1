// Compile-time checks of the client's declarations in bindings-node/index.d.ts (run by
// `npx tsc -p tests/node`, never executed). Each `@ts-expect-error` line must fail to
// type-check; if the declarations grew too loose, tsc reports the directive as unused.
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  CognitoUserSession,
  TOTP,
  errorCodes,
  type AuthResult,
  type ChallengeName,
  type CognitoMfaError,
  type ErrorCode,
  type IMfaSettings,
  type MFAOption,
  type MfaType,
  type UserData,
  type VerifyResult,
} from 'cognito-mfa';

const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_AbC', ClientId: 'client', endpoint: 'http://127.0.0.1:9229', timeout: 5000 });
const secretPool = new CognitoUserPool({ UserPoolId: 'us-east-1_AbC', ClientId: 'client', ClientSecret: 's3cr3t', connectTimeout: 2000, maxRetries: 0 });
const user = new CognitoUser({ Username: 'alice', Pool: pool });
const details = new AuthenticationDetails({ Username: 'alice', Password: 'pw', ClientMetadata: { a: 'b' } });
const poolId: string = secretPool.getUserPoolId() + pool.getClientId() + pool.getUserPoolName() + pool.getEndpoint();

/** Narrowing on `session` and on `challengeName`. */
async function signIn(code: string): Promise<CognitoUserSession> {
  let result: AuthResult = await user.authenticateUser(details, { flow: 'USER_SRP_AUTH' });
  if (result.session) return result.session;
  switch (result.challengeName) {
    case 'SMS_MFA': {
      const where: string | undefined = result.destination;
      const medium: string | undefined = result.deliveryMedium;
      void where, medium;
      break;
    }
    case 'SOFTWARE_TOKEN_MFA': {
      const device: string | undefined = result.friendlyDeviceName;
      void device;
      break;
    }
    case 'SELECT_MFA_TYPE': {
      const choices: MfaType[] = result.mfasCanChoose;
      result = await user.sendMFASelectionAnswer(choices[0] ?? 'TOTP', { source: 'web' });
      break;
    }
    case 'MFA_SETUP': {
      const factors: MfaType[] = result.mfasCanSetup;
      void factors;
      const secret: string = await user.associateSoftwareToken();
      const verified: VerifyResult = await user.verifySoftwareToken(new TOTP(secret).now(), 'phone');
      if (verified.session) return verified.session;
      break;
    }
    case 'NEW_PASSWORD_REQUIRED': {
      const attributes: Record<string, string> = result.userAttributes;
      const required: string[] = result.requiredAttributes;
      void required;
      result = await user.completeNewPasswordChallenge('N3w!pass', attributes, { source: 'web' });
      break;
    }
    case 'EMAIL_OTP':
    case 'CUSTOM_CHALLENGE':
      break;
    default: {
      const exhaustive: never = result;
      void exhaustive;
    }
  }
  const parameters: Record<string, string> = result.challengeName === null ? {} : result.challengeParameters;
  void parameters;
  const answered = await user.sendMFACode(code, 'SOFTWARE_TOKEN_MFA', { source: 'web' });
  if (answered.challengeName === null) return answered.session;
  throw new Error(answered.challengeName);
}

async function settings(): Promise<void> {
  const sms: IMfaSettings = { PreferredMfa: false, Enabled: true };
  const done: 'SUCCESS' = await user.setUserMfaPreference(sms, null);
  const data: UserData = await user.getUserData();
  const preferred: MfaType | undefined = data.PreferredMfaSetting;
  const attribute: string = data.UserAttributes[0].Name + data.UserAttributes[0].Value;
  const options: MFAOption[] = await user.getMFAOptions();
  const legacy: 'SUCCESS' = (await user.enableMFA()) && (await user.disableMFA());
  const session: CognitoUserSession = await user.refreshSession();
  const jwt: string = session.getIdToken().getJwtToken() + session.getAccessToken().getJwtToken();
  const claims: Record<string, unknown> = session.getIdToken().payload;
  const refresh: string = session.getRefreshToken().getToken();
  const valid: boolean = session.isValid();
  const expiry: number = session.getExpiration() + session.getClockDrift() + session.getIdToken().getExpiration();
  const out: 'SUCCESS' = await user.globalSignOut();
  const name: ChallengeName | null = user.getChallengeName();
  const current: CognitoUserSession | null = user.getSignInUserSession();
  user.signOut();
  void done, preferred, attribute, options, legacy, jwt, claims, refresh, valid, expiry, out, name, current;
}

function errors(err: unknown): string {
  const e = err as CognitoMfaError;
  const known: ErrorCode[] = errorCodes();
  const listed: boolean = (known as string[]).includes(e.code);
  if (e.code === 'CodeMismatchException' || e.code === 'SomeNewCognitoException') return 'retry';
  return `${e.code} ${e.name} ${e.statusCode ?? ''} ${e.requestId ?? ''} ${e.message} ${listed}`;
}

// @ts-expect-error not an error code of the package
const notACode: ErrorCode = 'NoSuchError';

// @ts-expect-error the pool needs a ClientId
new CognitoUserPool({ UserPoolId: 'us-east-1_AbC' });
// @ts-expect-error the pool of a user is a CognitoUserPool
new CognitoUser({ Username: 'alice', Pool: { UserPoolId: 'x', ClientId: 'y' } });
// @ts-expect-error AuthenticationDetails needs a Password
new AuthenticationDetails({ Username: 'alice' });
// @ts-expect-error authenticateUser takes AuthenticationDetails, not a plain object
user.authenticateUser({ Username: 'alice', Password: 'pw' });
// @ts-expect-error no such flow
user.authenticateUser(details, { flow: 'CUSTOM_AUTH' });
// @ts-expect-error the code is a string
user.sendMFACode(123456);
// @ts-expect-error not a factor
user.sendMFASelectionAnswer('PIGEON');
// @ts-expect-error clientMetadata values are strings
user.sendMFASelectionAnswer('TOTP', { attempt: 1 });
// @ts-expect-error maxRetries is a number
new CognitoUserPool({ UserPoolId: 'us-east-1_AbC', ClientId: 'client', maxRetries: '2' });
// @ts-expect-error IMfaSettings are booleans
user.setUserMfaPreference({ PreferredMfa: 'yes', Enabled: true }, null);
// @ts-expect-error a challenge has no session yet: narrow first
async function unnarrowed(): Promise<CognitoUserSession> { return (await user.authenticateUser(details)).session; }
// @ts-expect-error SMS challenges have no mfasCanChoose
async function wrongField(r: AuthResult): Promise<MfaType[]> { return r.challengeName === 'SMS_MFA' ? r.mfasCanChoose : []; }
// @ts-expect-error the destination is left out when Cognito did not send it
async function assumedDestination(r: AuthResult): Promise<string> { return r.challengeName === 'SMS_MFA' ? r.destination : ''; }

export const used = [notACode, poolId, signIn, settings, errors, unnarrowed, wrongField, assumedDestination];
