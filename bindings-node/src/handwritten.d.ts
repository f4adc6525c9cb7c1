/* Hand-written declarations, appended by bindings-node/scripts/typegen.js to the generated
 * ones (tests/node/package.test.js checks that index.d.ts ends with this file):
 * - TOTP.verify, which index.js installs over a native function (see `totp_verify` in
 *   src/totp.rs), merged into the generated TOTP class;
 * - the results of CognitoUser's sign-in steps, which src/user.rs builds as plain objects;
 * - the device store interface and the cached device, which src/device.rs reads and builds;
 * - the shape of the package's errors and the union of their codes. */

/** Options of `TOTP.verify(code, options)`. */
export interface VerifyOptions {
  /** The unix time in seconds to verify at. Default: now. */
  at?: number
  /**
   * How many time steps before and after the current one are also accepted, 0 to 100.
   * Default 1 (RFC 6238 §5.2's recommendation for clock drift).
   */
  window?: number
}

export interface TOTP {
  /**
   * Whether `code` is the code of the time step of `options.at` (default now) or of one of
   * the `options.window` steps (default 1) before or after it. Every step of the window is
   * compared in constant time.
   *
   * Returns `false` for a well-formed code that does not match.
   *
   * @throws {Error} `InvalidInputError` if `code` is not a string of exactly `digits` ASCII
   * digits, the window is above 100, or an argument has the wrong type.
   */
  verify(code: string, options?: VerifyOptions | undefined | null): boolean
}

/**
 * A device store of your own (a database...) for `new CognitoUserPool({ deviceStore })`: one
 * device per user pool id and user name (the name the `CognitoUser` was made with). Each
 * method may return a value or a Promise; `this` is the store. A method that throws or whose
 * Promise rejects fails the sign-in (or the device call) with `DeviceStoreError`, whose
 * message names the method but never repeats your error (it could quote a device password):
 * log it in the store. A Promise that never settles keeps the sign-in waiting.
 * `MemoryDeviceStore` and `FileDeviceStore` have the same methods.
 */
export interface DeviceStore {
  /** The device saved for the user, or `null` / `undefined` for none. */
  load(userPoolId: string, username: string): DeviceRecord | null | undefined | Promise<DeviceRecord | null | undefined>
  /** Saves the user's device (its `devicePassword` is a secret), replacing any saved before. */
  save(userPoolId: string, username: string, device: DeviceRecord): unknown
  /** Forgets the user's device (nothing to do when there is none). */
  forget(userPoolId: string, username: string): unknown
}

/**
 * What `CognitoUser.getCachedDeviceKeyAndPassword()` returns: the device's credentials, with
 * amazon-cognito-identity-js's names. `randomPassword` is the device's secret.
 */
export interface CachedDevice {
  deviceKey: string
  deviceGroupKey: string
  randomPassword: string
}

/** A factor of MFA, as Cognito names it. */
export type MfaType = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP'

/**
 * The challenges a sign-in step can ask for (amazon-cognito-identity-js's `ChallengeName`):
 * the core's list without `PASSWORD_VERIFIER`, `DEVICE_SRP_AUTH` and
 * `DEVICE_PASSWORD_VERIFIER`, which the client answers itself.
 */
export type ChallengeName =
  | 'SMS_MFA'
  | 'SOFTWARE_TOKEN_MFA'
  | 'EMAIL_OTP'
  | 'SELECT_MFA_TYPE'
  | 'MFA_SETUP'
  | 'NEW_PASSWORD_REQUIRED'
  | 'CUSTOM_CHALLENGE'

/** A challenge's `ChallengeParameters`, exactly as Cognito sent them. */
export type ChallengeParameters = Record<string, string>

/** The user is signed in: `session` holds the tokens. */
export interface SignedIn {
  challengeName: null
  session: CognitoUserSession
}

/** What every challenge result has: its name and its raw parameters; no session yet. */
interface ChallengeBase {
  session: null
  /** The parameters exactly as Cognito sent them (what amazon-cognito-identity-js passes). */
  challengeParameters: ChallengeParameters
}

/** A code was sent by SMS: answer with `sendMFACode(code)`. */
export interface SmsMfaChallenge extends ChallengeBase {
  challengeName: 'SMS_MFA'
  /** `CODE_DELIVERY_DELIVERY_MEDIUM`, e.g. `'SMS'` (left out when Cognito did not send it). */
  deliveryMedium?: string
  /** `CODE_DELIVERY_DESTINATION`, masked, e.g. `'+*******0100'` (left out when Cognito did not send it). */
  destination?: string
}

/** A code was sent by e-mail: answer with `sendMFACode(code)`. */
export interface EmailOtpChallenge extends ChallengeBase {
  challengeName: 'EMAIL_OTP'
  /** `CODE_DELIVERY_DELIVERY_MEDIUM`, e.g. `'EMAIL'` (left out when Cognito did not send it). */
  deliveryMedium?: string
  /** `CODE_DELIVERY_DESTINATION`, masked, e.g. `'a***@e***'` (left out when Cognito did not send it). */
  destination?: string
}

/** A code from the authenticator app: answer with `sendMFACode(code)`. */
export interface SoftwareTokenMfaChallenge extends ChallengeBase {
  challengeName: 'SOFTWARE_TOKEN_MFA'
  /** `FRIENDLY_DEVICE_NAME`: the name the authenticator was verified with (left out when Cognito did not send it). */
  friendlyDeviceName?: string
}

/** Several factors are enabled and none preferred: choose with `sendMFASelectionAnswer`. */
export interface SelectMfaTypeChallenge extends ChallengeBase {
  challengeName: 'SELECT_MFA_TYPE'
  /** `MFAS_CAN_CHOOSE`, parsed. */
  mfasCanChoose: MfaType[]
}

/**
 * The pool requires MFA and the user has no factor: `associateSoftwareToken()`, then
 * `verifySoftwareToken(code)` completes the sign-in.
 */
export interface MfaSetupChallenge extends ChallengeBase {
  challengeName: 'MFA_SETUP'
  /** `MFAS_CAN_SETUP`, parsed. */
  mfasCanSetup: MfaType[]
}

/** The password is temporary: answer with `completeNewPasswordChallenge(newPassword, attributes)`. */
export interface NewPasswordRequiredChallenge extends ChallengeBase {
  challengeName: 'NEW_PASSWORD_REQUIRED'
  /** The user's current attributes (`userAttributes`, parsed). */
  userAttributes: Record<string, string>
  /** The attributes that must be given, without the `userAttributes.` prefix. */
  requiredAttributes: string[]
}

/** Custom authentication (Lambda triggers): answer with `sendCustomChallengeAnswer(answer)`. */
export interface CustomChallenge extends ChallengeBase {
  challengeName: 'CUSTOM_CHALLENGE'
}

/** A challenge to answer. Switch on `challengeName`. */
export type Challenge =
  | SmsMfaChallenge
  | EmailOtpChallenge
  | SoftwareTokenMfaChallenge
  | SelectMfaTypeChallenge
  | MfaSetupChallenge
  | NewPasswordRequiredChallenge
  | CustomChallenge

/**
 * What a sign-in step resolves to: signed in (`session`), or a challenge (`challengeName`).
 *
 * @example
 * ```ts
 * const result = await user.authenticateUser(details)
 * if (result.session) return result.session
 * switch (result.challengeName) {
 *   case 'SOFTWARE_TOKEN_MFA': return (await user.sendMFACode(codeFromApp)).session
 *   case 'SMS_MFA': console.log('code sent to', result.destination); break
 * }
 * ```
 */
export type AuthResult = SignedIn | Challenge

/**
 * `verifySoftwareToken` while signed in: Cognito verified the code (TOTP is not enabled yet:
 * call `setUserMfaPreference`).
 */
export interface SoftwareTokenVerified {
  challengeName: null
  session: null
}

/** What `verifySoftwareToken` resolves to: verified (signed in), or, during `MFA_SETUP`, the sign-in's next step. */
export type VerifyResult = SoftwareTokenVerified | AuthResult

/**
 * Every code an error of this package can carry (`errorCodes()` returns the same list).
 * Cognito may answer with a service code that is not listed here: `code` is then Cognito's
 * code as sent, which is why `CognitoMfaError.code` also admits any other string.
 */
/**
 * AWS credentials, as the AWS SDK v3 types them (`AwsCredentialIdentity` of `@smithy/types`):
 * what `new AdminClient(pool, { credentials })` takes, and what a provider function returns.
 * The secret and the token are read into native memory that is wiped, and never shown.
 */
export interface AwsCredentialIdentity {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  /** When temporary credentials expire: the client asks its provider again 5 minutes before. */
  expiration?: Date
}

/**
 * A credential provider function, as the AWS SDK v3's (`fromEnv()`, `fromIni()`,
 * `fromNodeProviderChain()` of `@aws-sdk/credential-providers`, or your own).
 */
export type AwsCredentialIdentityProvider = () =>
  | AwsCredentialIdentity
  | Promise<AwsCredentialIdentity>

/**
 * The payload of a verified Cognito token (`TokenVerifier.verify`): every claim, as in
 * aws-jwt-verify's `CognitoJwtPayload`.
 */
export interface CognitoJwtPayload {
  sub: string
  iss: string
  exp: number
  iat: number
  token_use: 'id' | 'access'
  auth_time?: number
  /** Access tokens: the app client. */
  client_id?: string
  /** ID tokens: the app client. */
  aud?: string
  /** Access tokens: the user name. */
  username?: string
  /** ID tokens: the user name. */
  'cognito:username'?: string
  'cognito:groups'?: string[]
  /** Access tokens: the scopes, space-separated. */
  scope?: string
  [claim: string]: unknown
}

export type ErrorCode =
  // Client-side: a failure before or after Cognito answered.
  | 'CodeMismatchError'
  | 'CodeReusedError'
  | 'CredentialsError'
  | 'DeviceStoreError'
  | 'InvalidInputError'
  | 'InvalidSecretError'
  | 'InvalidStateError'
  | 'InvalidUriError'
  | 'JwkInvalidError'
  | 'JwksFetchError'
  | 'JwksWaitPeriodError'
  | 'JwtAlgorithmError'
  | 'JwtAudienceError'
  | 'JwtExpiredError'
  | 'JwtGroupError'
  | 'JwtInvalidSignatureError'
  | 'JwtIssuerError'
  | 'JwtMalformedError'
  | 'JwtNotYetValidError'
  | 'JwtScopeError'
  | 'JwtTokenUseError'
  | 'JwtUnknownKeyError'
  | 'NetworkError'
  | 'NoChallengeInProgressError'
  | 'NoDeviceError'
  | 'NotSignedInError'
  | 'RandomSourceError'
  | 'SecretTooShortError'
  | 'SoftwareTokenNotVerifiedError'
  | 'SrpError'
  | 'TimeoutError'
  | 'UnexpectedResponseError'
  | 'UnsupportedChallengeError'
  // Cognito's service errors.
  | 'AccessDeniedException'
  | 'AliasExistsException'
  | 'CodeMismatchException'
  | 'DeviceKeyExistsException'
  | 'EnableSoftwareTokenMFAException'
  | 'ExpiredCodeException'
  | 'ExpiredTokenException'
  | 'IncompleteSignatureException'
  | 'InternalErrorException'
  | 'InvalidParameterException'
  | 'InvalidPasswordException'
  | 'InvalidSignatureException'
  | 'LimitExceededException'
  | 'MFAMethodNotFoundException'
  | 'MissingAuthenticationTokenException'
  | 'NotAuthorizedException'
  | 'PasswordResetRequiredException'
  | 'ResourceNotFoundException'
  | 'SerializationException'
  | 'SoftwareTokenMFANotFoundException'
  | 'ThrottlingException'
  | 'TooManyFailedAttemptsException'
  | 'TooManyRequestsException'
  | 'UnknownOperationException'
  | 'UnrecognizedClientException'
  | 'UnsupportedTokenTypeException'
  | 'UnsupportedUserStateException'
  | 'UserNotConfirmedException'
  | 'UserNotFoundException'
  | 'UsernameExistsException'
  // The mock endpoint of `cognito-mfa/testing`.
  | 'MockConfigError'
  | 'MockIoError'
  | 'MockServerError'
  // A bug (a Rust panic), which never crashes the process.
  | 'GenericFailure'

/**
 * The errors of this package: an `Error` whose `code` and `name` are the same stable string.
 *
 * - Cognito's code for an error the service answered (`CodeMismatchException`,
 *   `NotAuthorizedException`...), with `statusCode` and, when sent, `requestId`;
 * - a code ending in `Error` for a client-side failure: `InvalidInputError`,
 *   `NotSignedInError`, `NoChallengeInProgressError`, `NetworkError`, `TimeoutError`,
 *   `UnexpectedResponseError` (with `statusCode` when there was a response),
 *   `UnsupportedChallengeError`, `SoftwareTokenNotVerifiedError`, and the TOTP engine's
 *   `InvalidSecretError`, `SecretTooShortError`, `InvalidUriError`, `RandomSourceError`;
 * - `GenericFailure` for a bug (a Rust panic), which never crashes the process.
 */
export interface CognitoMfaError extends Error {
  /** The error's code: one of `ErrorCode`, or a service code Cognito sent that is not listed. */
  code: ErrorCode | (string & {})
  /** The same string as `code`. */
  name: ErrorCode | (string & {})
  /** The HTTP status of Cognito's answer (service errors, unexpected responses). */
  statusCode?: number
  /** Cognito's `x-amzn-RequestId` (service errors). */
  requestId?: string
  /** `NetworkError`: true when the request certainly never reached Cognito, so that even a request that changes state may be sent again. */
  retryable?: boolean
  /** `UnsupportedChallengeError`: the `ChallengeName` as Cognito sent it. */
  challengeName?: string
  /** `SoftwareTokenNotVerifiedError`: the `Status` Cognito returned, e.g. `'ERROR'`. */
  status?: string
  /** `InvalidSecretError`: the offending character. */
  character?: string
  /** `InvalidSecretError`: its zero-based position in the input, counted in characters. */
  position?: number
  /** `SecretTooShortError`: the number of base32 characters given. */
  chars?: number
  /** `InvalidUriError` (e.g. `'MissingSecret'`) and `SrpError` (e.g. `'BadHex'`): what exactly is wrong. */
  kind?: string
  /** `SrpError` of kind `BadHex` or `BadBase64`: the wire name of the offending value, e.g. `'SRP_B'`. */
  field?: string
  /** `CodeReusedError`: the time step the refused code belongs to. */
  step?: number
}

/**
 * A user's sign-in state as `exportState` gives it and `CognitoUser.resume` takes it: plain
 * JSON, to keep server-side. It holds the challenge's Session or the tokens (secrets).
 */
export interface SignInState {
  version: number
  user_pool_id: string
  client_id: string
  given_username: string
  username: string
  /** Unix seconds. */
  issued_at: number
  /** Unix seconds: after this the state is refused. */
  expires_at: number
  progress:
    | { kind: 'challenge'; name: ChallengeName; parameters: Record<string, string>; session: string }
    | {
        kind: 'signed_in'
        id_token: string
        access_token: string
        refresh_token: string | null
        clock_drift: number
      }
  /**
   * The key of the device the user signs in from, when one is known (not a secret): the
   * resumed user sends it, so the service sees the same device.
   */
  device_key?: string
}
