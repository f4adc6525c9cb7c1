/* Hand-written declarations of `cognito-mfa/compat` (bindings-node/compat.js). */

import type {
  AuthenticationDetails,
  ChallengeName,
  ChallengeParameters,
  CognitoMfaError,
  CognitoRefreshToken,
  CognitoUserPool,
  CognitoUserSession,
  GetDeviceResult,
  IMfaSettings,
  ListDevicesResult,
  MFAOption,
  MfaType,
  UserData,
} from './index'

export {
  AuthenticationDetails,
  CognitoAccessToken,
  CognitoIdToken,
  CognitoRefreshToken,
  CognitoUserPool,
  CognitoUserSession,
  FileDeviceStore,
  MemoryDeviceStore,
  TOTP,
} from './index'

/** A Node-style callback: `(err, null)` on failure, `(null, result)` on success. */
export type NodeCallback<E, T> = (err: E | null, result?: T | null) => void

/** What `onFailure` receives: the package's errors, or `MissingCallbackError` (see {@link CognitoUser}). */
export type CompatError = CognitoMfaError

/** What `verifySoftwareToken` passes to `onSuccess` when the user was signed in (as amazon-cognito-identity-js). */
export interface VerifiedStatus {
  Status: 'SUCCESS'
}

/** The callbacks of a sign-in step (`authenticateUser`, `sendMFACode`, `completeNewPasswordChallenge`...). */
export interface IAuthenticationCallback {
  /**
   * Signed in. `userConfirmationNecessary` is `true` (and only then passed) when this sign-in
   * confirmed a new device that the pool remembers on the user's word only: ask the user,
   * then call `setDeviceStatusRemembered`.
   */
  onSuccess(session: CognitoUserSession, userConfirmationNecessary?: boolean): void
  /** Any error (called at most once, and never after another callback of the same call). */
  onFailure(err: CompatError): void
  /** `SMS_MFA` or `EMAIL_OTP` — and `SOFTWARE_TOKEN_MFA` when there is no `totpRequired`. Answer with `sendMFACode`. */
  mfaRequired?(challengeName: ChallengeName, challengeParameters: ChallengeParameters): void
  /** `SOFTWARE_TOKEN_MFA`: answer with `sendMFACode(code, callbacks, 'SOFTWARE_TOKEN_MFA')`. */
  totpRequired?(challengeName: ChallengeName, challengeParameters: ChallengeParameters): void
  /** `SELECT_MFA_TYPE`: answer with `sendMFASelectionAnswer`. */
  selectMFAType?(challengeName: ChallengeName, challengeParameters: ChallengeParameters): void
  /** `MFA_SETUP`: `associateSoftwareToken`, then `verifySoftwareToken`. */
  mfaSetup?(challengeName: ChallengeName, challengeParameters: ChallengeParameters): void
  /** `NEW_PASSWORD_REQUIRED`: answer with `completeNewPasswordChallenge`. */
  newPasswordRequired?(userAttributes: Record<string, string>, requiredAttributes: string[]): void
  /** `CUSTOM_CHALLENGE`: answer with `sendCustomChallengeAnswer`. */
  customChallenge?(challengeParameters: ChallengeParameters): void
}

/**
 * amazon-cognito-identity-js's `CognitoUser` with callbacks, for the MFA flows, on top of the
 * Promise API of `cognito-mfa`.
 *
 * Unlike that library: a callback is called at most once, and only one per call (an exception
 * thrown by a callback is rethrown as an uncaught exception, never passed to `onFailure`); a
 * `SOFTWARE_TOKEN_MFA` challenge goes to `mfaRequired` when there is no `totpRequired`; a
 * result whose callback is missing is reported to `onFailure` as an error with code
 * `MissingCallbackError` (and, with no `onFailure` either, as a process warning
 * `COGNITO_MFA_UNHANDLED`), never thrown.
 */
export declare class CognitoUser {
  /** @throws {Error} `InvalidInputError` if `Username` is not a string or `Pool` not a `CognitoUserPool` of this package. */
  constructor(data: { Username: string; Pool: CognitoUserPool; Storage?: unknown })
  /** The pool given. */
  pool: CognitoUserPool
  /** The user name sent in requests (Cognito's `USER_ID_FOR_SRP` after an SRP sign-in). */
  readonly username: string
  getUsername(): string
  /** The session when signed in, else `null`. */
  getSignInUserSession(): CognitoUserSession | null
  setSignInUserSession(signInUserSession: CognitoUserSession): void
  /** `'USER_SRP_AUTH'` (default) or `'USER_PASSWORD_AUTH'` for `authenticateUser`. */
  setAuthenticationFlowType(authenticationFlowType: string): void
  getAuthenticationFlowType(): string
  /** Forgets the session locally (no request). */
  signOut(): void
  authenticateUser(authenticationDetails: AuthenticationDetails, callbacks: IAuthenticationCallback): void
  sendMFACode(
    confirmationCode: string,
    callbacks: IAuthenticationCallback,
    mfaType?: MfaType | string,
    clientMetadata?: Record<string, string>,
  ): void
  sendMFASelectionAnswer(
    answerChallenge: MfaType | 'SMS' | 'SOFTWARE_TOKEN' | 'TOTP' | 'EMAIL' | string,
    callbacks: {
      onSuccess(session: CognitoUserSession): void
      onFailure?(err: CompatError): void
      mfaRequired?(challengeName: ChallengeName, challengeParameters: ChallengeParameters): void
      totpRequired?(challengeName: ChallengeName, challengeParameters: ChallengeParameters): void
    },
  ): void
  completeNewPasswordChallenge(
    newPassword: string,
    requiredAttributeData: Record<string, string> | null | undefined,
    callbacks: IAuthenticationCallback,
    clientMetadata?: Record<string, string>,
  ): void
  sendCustomChallengeAnswer(answerChallenge: string, callbacks: IAuthenticationCallback, clientMetadata?: Record<string, string>): void
  associateSoftwareToken(callbacks: {
    associateSecretCode(secretCode: string): void
    onFailure(err: CompatError): void
  }): void
  verifySoftwareToken(
    totpCode: string,
    friendlyDeviceName: string,
    callbacks: {
      /** The session when `MFA_SETUP` completed the sign-in; `{ Status: 'SUCCESS' }` when signed in already. */
      onSuccess(session: CognitoUserSession | VerifiedStatus): void
      onFailure(err: CompatError): void
    },
  ): void
  setUserMfaPreference(
    smsMfaSettings: IMfaSettings | null,
    softwareTokenMfaSettings: IMfaSettings | null,
    callback: NodeCallback<CompatError, 'SUCCESS'>,
  ): void
  /** With e-mail MFA settings too (not in amazon-cognito-identity-js); `null` leaves e-mail MFA unchanged. */
  setUserMfaPreference(
    smsMfaSettings: IMfaSettings | null,
    softwareTokenMfaSettings: IMfaSettings | null,
    emailMfaSettings: IMfaSettings | null,
    callback: NodeCallback<CompatError, 'SUCCESS'>,
  ): void
  /** @deprecated Use `setUserMfaPreference`. */
  enableMFA(callback: NodeCallback<CompatError, 'SUCCESS'>): void
  /** @deprecated Use `setUserMfaPreference`. */
  disableMFA(callback: NodeCallback<CompatError, 'SUCCESS'>): void
  /** @deprecated Use `getUserData`. */
  getMFAOptions(callback: NodeCallback<CompatError, MFAOption[]>): void
  getUserData(callback: NodeCallback<CompatError, UserData>, params?: { bypassCache?: boolean }): void
  /** Refreshes with the user's own refresh token (the `refreshToken` argument is not used). */
  refreshSession(
    refreshToken: CognitoRefreshToken | null,
    callback: NodeCallback<CompatError, CognitoUserSession>,
    clientMetadata?: Record<string, string>,
  ): void
  globalSignOut(callbacks: { onSuccess(msg: 'SUCCESS'): void; onFailure(err: CompatError): void }): void
  /**
   * The key of this user's device once known (from the pool's `deviceStore`, or confirmed by
   * this user's sign-in), else `null`.
   */
  readonly deviceKey: string | null
  /** The device's group key, as read by the last `getCachedDeviceKeyAndPassword()`, else `null`. */
  readonly deviceGroupKey: string | null
  /**
   * The device's password (a secret), as read by the last `getCachedDeviceKeyAndPassword()`,
   * else `null`. An accessor: it never shows in `console.log` or `JSON.stringify` of the user.
   */
  readonly randomPassword: string | null
  /** Reads the device's credentials into `deviceKey`, `deviceGroupKey` and `randomPassword`. */
  getCachedDeviceKeyAndPassword(): void
  /** `UpdateDeviceStatus` remembered: where the pool allows it, later sign-ins skip MFA. */
  setDeviceStatusRemembered(callbacks: DeviceCallbacks<'SUCCESS'>): void
  /** `UpdateDeviceStatus` not remembered: the device stays tracked and is asked for MFA. */
  setDeviceStatusNotRemembered(callbacks: DeviceCallbacks<'SUCCESS'>): void
  /** Forgets this user's device at the service and in the pool's `deviceStore`. */
  forgetDevice(callbacks: DeviceCallbacks<'SUCCESS'>): void
  /** Forgets one device of this user at the service. */
  forgetSpecificDevice(deviceKey: string, callbacks: DeviceCallbacks<'SUCCESS'>): void
  /** One page of the user's remembered devices: Cognito's `ListDevices` answer. */
  listDevices(limit: number | null | undefined, paginationToken: string | null | undefined, callbacks: DeviceCallbacks<ListDevicesResult>): void
  /** This user's device: Cognito's `GetDevice` answer. */
  getDevice(callbacks: DeviceCallbacks<GetDeviceResult>): void
}

/** The callbacks of the device calls, as amazon-cognito-identity-js takes them. */
export interface DeviceCallbacks<T> {
  onSuccess(result: T): void
  onFailure(err: CompatError): void
}
