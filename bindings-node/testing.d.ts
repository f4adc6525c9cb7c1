/* Hand-written declarations of `cognito-mfa/testing` (bindings-node/testing.js). */

import type { CognitoUserPool, UserPoolData } from './index'

/** The password the helpers use when none is given: `'Passw0rd!'` (fits the default policy). */
export declare const DEFAULT_PASSWORD: 'Passw0rd!'

/** An SMS or e-mail the mock "sent". */
export interface MockMessage {
  /** The user pool it was sent for. */
  poolId: string
  /** The recipient's user name. */
  username: string
  /** The phone number or e-mail address it went to (unmasked). */
  destination: string
  /** `'SMS'` or `'EMAIL'`. */
  medium: 'SMS' | 'EMAIL'
  /** The code it carries (an MFA code, a confirmation code or a temporary password). */
  code: string
  /** The full text. */
  message: string
  /** When it was sent, in the mock's unix seconds. */
  sentAt: number
  /** `'mfa'`, `'confirmation'` or `'invitation'`. */
  purpose: 'mfa' | 'confirmation' | 'invitation'
}

/** An app client made by `createAppClient`. */
export interface MockAppClient {
  clientId: string
  /** The client secret, or `null` when created without `generateSecret`. */
  clientSecret: string | null
}

/** Options of {@link MockCognito.start}. */
export interface MockCognitoOptions {
  /**
   * Pools, app clients, users, settings and clock to preload: the config file format of the
   * project's mock (docs/mock.md), as an object. Unknown keys are refused (`MockConfigError`).
   */
  config?: Record<string, unknown>
}

/** Options of {@link MockCognito.createUserPool}. */
export interface MockUserPoolOptions {
  /** The pool name (default `'test'`). */
  name?: string
  /** The MFA configuration (default `'OPTIONAL'`). */
  mfa?: 'OFF' | 'OPTIONAL' | 'ON'
  /** Offer SMS MFA (default true). */
  sms?: boolean
  /** Offer TOTP MFA (default true). */
  softwareToken?: boolean
  /** Offer e-mail MFA (default false). */
  email?: boolean
  /**
   * The pool's `DeviceConfiguration`: `false` (no device tracking, the default), `true`
   * (`{ challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: false }`:
   * devices are remembered at once and a remembered device skips MFA), or the two settings
   * (a missing one is false). An unknown key throws `InvalidInputError`.
   */
  deviceTracking?: boolean | MockDeviceTracking
}

/** A pool's `DeviceConfiguration`, as {@link MockUserPoolOptions.deviceTracking} takes it. */
export interface MockDeviceTracking {
  /** Despite its name: a remembered device signs in with device SRP instead of the MFA code. */
  challengeRequiredOnNewDevice?: boolean
  /** `ConfirmDevice` does not remember the device: the app asks the user, then calls `setDeviceStatusRemembered`. */
  deviceOnlyRememberedOnUserPrompt?: boolean
}

/** Options of {@link MockCognito.createAppClient}. */
export interface MockAppClientOptions {
  /** Give the client a secret (default false). */
  generateSecret?: boolean
  /**
   * Its ExplicitAuthFlows, e.g. `['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH',
   * 'ALLOW_REFRESH_TOKEN_AUTH']`; none allows SRP, refresh and custom auth, as on AWS.
   */
  authFlows?: string[] | null
  /** Its name (default `'client'`). */
  name?: string
}

/** Options of {@link MockCognito.createUser}. */
export interface MockUserOptions {
  /** The user's attributes, e.g. `{ email: 'a@example.com', phone_number: '+15555550100' }`. */
  attributes?: Record<string, string>
  /** False leaves the user unconfirmed, as after a sign-up (`UserNotConfirmedException`). Default true. */
  confirmed?: boolean
  /** True makes the password temporary, as for an invited user (`NEW_PASSWORD_REQUIRED`). Default false. */
  temporaryPassword?: boolean
}

/** One factor's settings for {@link MockCognito.setUserMfaPreference}. */
export interface MockMfaSettings {
  enabled: boolean
  preferred: boolean
}

/** A user made by {@link MockCognito.userWithTotp}: where it lives and how it signs in. */
export interface MockUser {
  poolId: string
  client: MockAppClient
  username: string
  /** Its (permanent) password. */
  password: string
  /** The base32 secret of its enrolled authenticator; codes: {@link MockCognito.totpCode}. */
  totpSecret: string
  /** A `CognitoUserPool` for its app client, pointed at the mock. */
  userPool: CognitoUserPool
}

/**
 * The project's mock Cognito endpoint, embedded in this process on 127.0.0.1 and a free port:
 * real SRP, TOTP (±1 step, a code accepted once), SMS and e-mail codes in an outbox, sessions
 * and codes that expire by a virtual clock. Any client can use `endpoint`. It never keeps
 * Node alive; `stop()` closes its socket.
 *
 * @example
 * ```js
 * const mock = await MockCognito.start()
 * const poolId = await mock.createUserPool({ mfa: 'OPTIONAL' })
 * const client = await mock.createAppClient(poolId)
 * await mock.createUser(poolId, 'alice', 'Corr3ct-Horse!', { attributes: { phone_number: '+15555550100' } })
 * const pool = mock.userPool(poolId, client)
 * // ... sign in; read SMS codes with mock.lastCode('alice')
 * await mock.stop()
 * ```
 */
export declare class MockCognito {
  private constructor()
  /** Starts a mock endpoint. Rejects with `MockConfigError` for a bad `config`, `MockIoError` when no port can be bound. */
  static start(options?: MockCognitoOptions): Promise<MockCognito>
  /** `'http://127.0.0.1:<port>'`: the `endpoint` of a `CognitoUserPool`. */
  readonly endpoint: string
  /** Creates a user pool; resolves to its id. */
  createUserPool(options?: MockUserPoolOptions): Promise<string>
  /** Creates an app client of the pool. */
  createAppClient(poolId: string, options?: MockAppClientOptions): Promise<MockAppClient>
  /**
   * Creates a user with `password` (default {@link DEFAULT_PASSWORD}), without sending an
   * invitation: confirmed, with a permanent password, unless the options say otherwise.
   * Rejects with `UsernameExistsException`, `InvalidPasswordException`...
   */
  createUser(poolId: string, username: string, password?: string, options?: MockUserOptions): Promise<void>
  /** Sets a user's MFA factors as an administrator (AdminSetUserMFAPreference); an absent factor is left unchanged. */
  setUserMfaPreference(
    poolId: string,
    username: string,
    factors: { sms?: MockMfaSettings; softwareToken?: MockMfaSettings; email?: MockMfaSettings },
  ): Promise<void>
  /**
   * A `CognitoUserPool` for the app client (its secret included), pointed at this mock;
   * `options` are more fields of `new CognitoUserPool(data)` (`deviceStore`, `refreshMethod`...).
   */
  userPool(poolId: string, client: MockAppClient, options?: Omit<UserPoolData, 'UserPoolId' | 'ClientId' | 'ClientSecret' | 'endpoint'>): CognitoUserPool
  /**
   * Enrols TOTP for an existing user as the user would (sign in — through `MFA_SETUP` on a
   * pool with MFA `'ON'` —, associate, verify, prefer) and resolves to the secret (base32);
   * then moves the clock on by one 30-second step.
   */
  enrolTotp(poolId: string, client: MockAppClient, username: string, password?: string, options?: { preferred?: boolean }): Promise<string>
  /**
   * A new pool (MFA `mfa`, default `'OPTIONAL'`), an app client and a confirmed user with an
   * authenticator app enrolled and preferred, in one call.
   */
  userWithTotp(
    username?: string,
    password?: string,
    options?: {
      mfa?: 'OFF' | 'OPTIONAL' | 'ON'
      generateSecret?: boolean
      attributes?: Record<string, string>
      deviceTracking?: boolean | MockDeviceTracking
    },
  ): Promise<MockUser>
  /** The code an authenticator app with `secret` shows now, by the mock's clock. */
  totpCode(secret: string): string
  /** Runs any Cognito operation of the mock in-process; rejects with its Cognito error. */
  call(operation: string, request?: Record<string, unknown>): Promise<any>
  /** Every SMS and e-mail "sent", oldest first; the fields given filter the list. */
  messages(filter?: { username?: string; medium?: 'SMS' | 'EMAIL'; purpose?: MockMessage['purpose'] }): MockMessage[]
  /** The code of the last message sent to `username`, or `null`. */
  lastCode(username: string): string | null
  /** Empties the outbox. */
  clearMessages(): void
  /** Moves the virtual clock by `seconds` (negative moves it back); returns the new time. */
  advanceClock(seconds: number): number
  /** Sets the virtual clock to `unixSeconds`. */
  setClock(unixSeconds: number): void
  /** Stops the virtual clock at its current reading (or lets it run again with `false`). */
  freezeClock(frozen?: boolean): void
  /** The virtual time, in unix seconds. */
  now(): number
  /** Back to the start state: `config`'s pools, clients and users only, an empty outbox, the configured clock. */
  reset(): void
  /** Stops the server; idempotent. */
  stop(): Promise<void>
}
