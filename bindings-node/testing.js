// cognito-mfa/testing: MockCognito, the mock Cognito endpoint (the cognito-mfa-mock crate)
// embedded in this process, for test suites. It serves real SRP, TOTP, SMS codes and expiring
// sessions on 127.0.0.1 (a free port), so that any client — this package, amazon-cognito-
// identity-js, the AWS SDK — can be pointed at `mock.endpoint`. The helpers are those of the
// Python package's `cognito_mfa.testing.MockCognito`, camelCased.
//
// The helpers below only convert arguments and results: pools, app clients, users and TOTP
// enrolment are the mock crate's own helpers (shared with the Python package), run in-process. The server runs on the addon's threads, which never
// keep Node alive; `stop()` closes its socket.
'use strict';

const native = require('./native.js');
const { CognitoUserPool, TOTP } = require('./index.js');

/** The password the helpers use when none is given. */
const DEFAULT_PASSWORD = 'Passw0rd!';

/** Lets `start()` call the constructor, which is otherwise refused. */
const STARTING = Symbol('MockCognito.start');

/** The `Error` a helper throws for an argument it refuses (as the addon's own). */
function invalidInput(message) {
  const error = new Error(message);
  error.code = 'InvalidInputError';
  error.name = 'InvalidInputError';
  return error;
}

/** The outbox entry of the native mock, with camelCase keys. */
function messageOf(raw) {
  return {
    poolId: raw.pool_id,
    username: raw.username,
    destination: raw.destination,
    medium: raw.medium,
    code: raw.code,
    message: raw.message,
    sentAt: raw.sent_at,
    purpose: raw.purpose,
  };
}

/** `[enabled, preferred]` of `{ enabled, preferred }`, or null for a factor left unchanged. */
function flags(settings, name) {
  if (settings === undefined || settings === null) return null;
  if (typeof settings !== 'object') {
    throw invalidInput(`${name} must be an object { enabled, preferred }, got ${typeof settings}`);
  }
  return [Boolean(settings.enabled), Boolean(settings.preferred)];
}

/** An array of strings; a string itself is refused (spreading it would give its characters). */
function stringList(value, name) {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw invalidInput(`${name} must be an array of strings, got ${Array.isArray(value) ? 'an array holding other values' : typeof value}`);
  }
  return [...value];
}

/** The `[key, value]` pairs of a plain object of strings. */
function stringPairs(value, name) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidInput(`${name} must be an object of strings, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  }
  const pairs = Object.entries(value);
  if (!pairs.every(([, item]) => typeof item === 'string')) {
    throw invalidInput(`${name} must be an object of strings`);
  }
  return pairs;
}

/** The keys of `createUserPool`'s `deviceTracking` object (the pool's DeviceConfiguration). */
const DEVICE_TRACKING_KEYS = ['challengeRequiredOnNewDevice', 'deviceOnlyRememberedOnUserPrompt'];

/** `[challengeRequiredOnNewDevice, deviceOnlyRememberedOnUserPrompt]`, or null for none. */
function deviceTrackingOf(tracking) {
  if (tracking === undefined || tracking === null || tracking === false) return null;
  if (tracking === true) return [true, false];
  if (typeof tracking !== 'object') {
    throw invalidInput(`deviceTracking must be a boolean or an object, got ${typeof tracking}`);
  }
  const unknown = Object.keys(tracking).filter((key) => !DEVICE_TRACKING_KEYS.includes(key));
  if (unknown.length > 0) {
    throw invalidInput(`deviceTracking has unknown keys: ${unknown.join(', ')} (known: ${DEVICE_TRACKING_KEYS.join(', ')})`);
  }
  return DEVICE_TRACKING_KEYS.map((key) => Boolean(tracking[key]));
}

class MockCognito {
  /** The native mock's handle. */
  #handle;

  /** @internal Use `await MockCognito.start()`. */
  constructor(starting, handle) {
    if (starting !== STARTING) {
      throw invalidInput('use `await MockCognito.start()` to create a MockCognito');
    }
    this.#handle = handle;
    this.endpoint = native.mockEndpoint(handle);
  }

  /**
   * Starts a mock endpoint on 127.0.0.1, on a free port. `options.config` preloads pools,
   * app clients and users (the config file format of docs/mock.md, as an object).
   */
  static async start(options = {}) {
    if (options === null || typeof options !== 'object') {
      throw invalidInput('options must be an object');
    }
    const config = options.config === undefined ? {} : options.config;
    const handle = await native.startMockServer(JSON.stringify(config));
    return new MockCognito(STARTING, handle);
  }

  /** Runs one Cognito operation in-process (e.g. `'AdminGetUser'`) and returns its response. */
  call(operation, request = {}) {
    return native.mockCall(this.#handle, operation, JSON.stringify(request));
  }

  /**
   * Creates a user pool with the MFA configuration `mfa` and the factors it offers (SMS and
   * TOTP by default; e-mail on request); returns its id. `deviceTracking` is the pool's
   * DeviceConfiguration: `false` (none, the default), `true` (devices are remembered at once
   * and a remembered device skips MFA: `{ challengeRequiredOnNewDevice: true,
   * deviceOnlyRememberedOnUserPrompt: false }`), or an object with those keys (a missing key
   * is false).
   */
  async createUserPool({ name = 'test', mfa = 'OPTIONAL', sms = true, softwareToken = true, email = false, deviceTracking = false } = {}) {
    return native.mockCreateUserPool(
      this.#handle,
      name,
      mfa,
      Boolean(sms),
      Boolean(softwareToken),
      Boolean(email),
      deviceTrackingOf(deviceTracking),
    );
  }

  /**
   * Creates an app client of `poolId`: `{ clientId, clientSecret }` (`clientSecret` is null
   * unless `generateSecret`). `authFlows` is its ExplicitAuthFlows; none allows SRP, refresh
   * and custom auth, as on AWS (add `'ALLOW_USER_PASSWORD_AUTH'` for USER_PASSWORD_AUTH).
   */
  async createAppClient(poolId, { generateSecret = false, authFlows, name = 'client' } = {}) {
    const flows = authFlows === undefined || authFlows === null ? null : stringList(authFlows, 'authFlows');
    return native.mockCreateAppClient(this.#handle, poolId, name, Boolean(generateSecret), flows);
  }

  /**
   * Creates a user with `password` and `attributes` (e.g. `{ email, phone_number }`), without
   * sending an invitation. By default it is confirmed and the password permanent: it signs in
   * at once. `temporaryPassword: true` makes the password temporary, as for a user an
   * administrator invited (NEW_PASSWORD_REQUIRED at sign-in); `confirmed: false` leaves the
   * user unconfirmed, as after a sign-up (UserNotConfirmedException).
   */
  async createUser(poolId, username, password = DEFAULT_PASSWORD, { attributes = {}, confirmed = true, temporaryPassword = false } = {}) {
    await native.mockCreateUser(
      this.#handle,
      poolId,
      username,
      password,
      stringPairs(attributes, 'attributes'),
      Boolean(confirmed),
      Boolean(temporaryPassword),
    );
  }

  /**
   * Sets a user's MFA factors as an administrator (AdminSetUserMFAPreference): each of `sms`,
   * `softwareToken`, `email` is `{ enabled, preferred }`, or absent to leave it unchanged.
   */
  async setUserMfaPreference(poolId, username, { sms, softwareToken, email } = {}) {
    await native.mockSetUserMfaPreference(this.#handle, poolId, username, flags(sms, 'sms'), flags(softwareToken, 'softwareToken'), flags(email, 'email'));
  }

  /**
   * Enrols an authenticator app for an existing user, as the user would (sign in — through
   * MFA_SETUP on a pool with MFA 'ON' —, associate, verify a code, set the preference), and
   * returns its secret (base32). The clock then moves on by 30 seconds, so that the next code
   * belongs to a later time step than the one used for verification.
   */
  async enrolTotp(poolId, client, username, password = DEFAULT_PASSWORD, { preferred = true } = {}) {
    const secret = client.clientSecret ? client.clientSecret : null;
    return native.mockEnrolTotp(this.#handle, poolId, client.clientId, secret, username, password, Boolean(preferred));
  }

  /**
   * One line for the most common set-up: a new pool with MFA `mfa` (TOTP and SMS offered), an
   * app client (with a secret if `generateSecret`), and a confirmed user with an authenticator
   * app enrolled and preferred. Returns `{ poolId, client, username, password, totpSecret,
   * userPool }`; its sign-ins ask SOFTWARE_TOKEN_MFA, answered with `totpCode(totpSecret)`.
   * `deviceTracking` is `createUserPool`'s.
   */
  async userWithTotp(username = 'alice', password = DEFAULT_PASSWORD, { mfa = 'OPTIONAL', generateSecret = false, attributes, deviceTracking = false } = {}) {
    const poolId = await this.createUserPool({ mfa, deviceTracking });
    const client = await this.createAppClient(poolId, { generateSecret });
    await this.createUser(poolId, username, password, { attributes });
    const totpSecret = await this.enrolTotp(poolId, client, username, password);
    return { poolId, client, username, password, totpSecret, userPool: this.userPool(poolId, client) };
  }

  /**
   * A `CognitoUserPool` of this package for the app client (its secret included), pointed at
   * this endpoint. `client` is what `createAppClient` returned; `options` are more fields of
   * `new CognitoUserPool(data)` (`deviceStore`, `refreshMethod`, `timeout`...).
   */
  userPool(poolId, client, options = {}) {
    const data = { ...options, UserPoolId: poolId, ClientId: client.clientId, endpoint: this.endpoint };
    if (client.clientSecret) data.ClientSecret = client.clientSecret;
    return new CognitoUserPool(data);
  }

  /** The code an authenticator app with `secret` shows now, by the mock's clock. */
  totpCode(secret) {
    return new TOTP(secret).at(this.now());
  }

  /**
   * Every SMS and e-mail the mock "sent", oldest first; `{ username, medium, purpose }`
   * filter the list.
   */
  messages({ username, medium, purpose } = {}) {
    return native
      .mockMessages(this.#handle)
      .map(messageOf)
      .filter(
        (message) =>
          (username === undefined || message.username === username) &&
          (medium === undefined || message.medium === medium) &&
          (purpose === undefined || message.purpose === purpose),
      );
  }

  /** The code of the last SMS or e-mail sent to `username`, or null if none was. */
  lastCode(username) {
    const sent = this.messages({ username });
    return sent.length === 0 ? null : sent[sent.length - 1].code;
  }

  /** Empties the outbox. */
  clearMessages() {
    native.mockClearMessages(this.#handle);
  }

  /** Moves the mock's clock by `seconds` (negative moves it back); returns the new time. */
  advanceClock(seconds) {
    return native.mockAdvanceClock(this.#handle, seconds);
  }

  /** Sets the mock's clock to `unixSeconds`. */
  setClock(unixSeconds) {
    native.mockSetClock(this.#handle, unixSeconds);
  }

  /** Stops the mock's clock at its current reading (or lets it run again with `false`). */
  freezeClock(frozen = true) {
    native.mockFreezeClock(this.#handle, frozen);
  }

  /** The mock's time, in unix seconds. */
  now() {
    return native.mockNow(this.#handle);
  }

  /** Forgets every pool, client, user, message and clock change (back to `options.config`). */
  reset() {
    native.mockReset(this.#handle);
  }

  /** Stops the server. Idempotent. */
  async stop() {
    await native.mockStop(this.#handle);
  }
}

module.exports = { MockCognito, DEFAULT_PASSWORD };
