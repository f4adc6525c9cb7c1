// cognito-mfa/compat: amazon-cognito-identity-js's callback API for the MFA flows and
// remembered devices (kept in the pool's deviceStore rather than the library's Storage), on top of
// this package's Promise API, so that code written for that library runs with only its import
// line changed.
//
// This layer only adapts results to callbacks: every request, every challenge and every
// error comes from the Promise API (the Rust core). What it adds to that library's behaviour:
//   * a callback is called at most once, and only one of them per call: an exception thrown
//     by a callback is rethrown as an uncaught exception, never passed to onFailure;
//   * a SOFTWARE_TOKEN_MFA challenge goes to `mfaRequired(challengeName, challengeParameters)`
//     when there is no `totpRequired` (sendMFACode without mfaType answers the challenge in
//     progress, so SMS-only code keeps working for TOTP users); EMAIL_OTP goes to
//     `mfaRequired` too;
//   * a result whose callback is missing is reported to `onFailure` as an Error with code
//     `MissingCallbackError`, never thrown; with no `onFailure` either, it becomes a process
//     warning (code `COGNITO_MFA_UNHANDLED`).
'use strict';

const promised = require('./index.js');

/** The code of the error reported when the callback a result needs is missing. */
const MISSING_CALLBACK = 'MissingCallbackError';

/** What amazon-cognito-identity-js passes to verifySoftwareToken's onSuccess when signed in. */
const VERIFIED = Object.freeze({ Status: 'SUCCESS' });

/** A JavaScript error with a stable code, like the addon's. */
function codedError(code, message) {
  const error = new Error(message);
  error.code = code;
  error.name = code;
  return error;
}

/** Runs `fn` (a user callback); an exception it throws escapes as an uncaught exception. */
function guarded(fn) {
  try {
    fn();
  } catch (error) {
    process.nextTick(() => {
      throw error;
    });
  }
}

/** Reports `error` when there is no onFailure (or no callback at all) to give it to. */
function unhandled(method, error) {
  process.emitWarning(
    `cognito-mfa/compat: ${method} failed and no callback can receive the error ` +
      `(${error && error.code}: ${error && error.message})`,
    { code: 'COGNITO_MFA_UNHANDLED', detail: 'Pass an onFailure callback (or a Node-style callback).' },
  );
}

/** A callbacks object (`{ onSuccess, onFailure, ... }`) for one call of `method`. */
class Callbacks {
  constructor(method, callbacks) {
    this.method = method;
    this.callbacks = callbacks !== null && typeof callbacks === 'object' ? callbacks : {};
  }

  has(name) {
    return typeof this.callbacks[name] === 'function';
  }

  /** Calls `callbacks[name](...args)` as a method (so `this` is the callbacks object). */
  call(name, ...args) {
    if (!this.has(name)) {
      this.fail(codedError(MISSING_CALLBACK, `${this.method}: the result needs a ${name} callback, which is missing`));
      return;
    }
    guarded(() => this.callbacks[name](...args));
  }

  fail(error) {
    if (this.has('onFailure')) {
      guarded(() => this.callbacks.onFailure(error));
    } else {
      unhandled(this.method, error);
    }
  }

  /** Settles `promise`: its value goes to `deliver`, its error to onFailure. */
  settle(promise, deliver) {
    promise.then(
      (value) => deliver(value),
      (error) => this.fail(error),
    );
  }

  /**
   * Delivers a sign-in step (AuthResult) as amazon-cognito-identity-js does: signed in,
   * `onSuccess(session)`, or `onSuccess(session, true)` when the device this sign-in
   * confirmed must be remembered on the user's word (`userConfirmationNecessary`).
   */
  step(result, userConfirmationNecessary) {
    if (result.session) {
      if (userConfirmationNecessary === true) this.call('onSuccess', result.session, true);
      else this.call('onSuccess', result.session);
      return;
    }
    const { challengeName: name, challengeParameters: parameters } = result;
    switch (name) {
      case 'SMS_MFA':
      case 'EMAIL_OTP':
        this.call('mfaRequired', name, parameters);
        break;
      case 'SOFTWARE_TOKEN_MFA':
        this.call(this.has('totpRequired') ? 'totpRequired' : 'mfaRequired', name, parameters);
        break;
      case 'SELECT_MFA_TYPE':
        this.call('selectMFAType', name, parameters);
        break;
      case 'MFA_SETUP':
        this.call('mfaSetup', name, parameters);
        break;
      case 'NEW_PASSWORD_REQUIRED':
        this.call('newPasswordRequired', { ...result.userAttributes }, [...result.requiredAttributes]);
        break;
      case 'CUSTOM_CHALLENGE':
        this.call('customChallenge', parameters);
        break;
      default:
        this.fail(codedError('UnsupportedChallengeError', `${this.method}: unsupported challenge ${name}`));
    }
  }
}

/** Settles `promise` into a Node-style callback `(err, result)`. */
function nodeCallback(method, callback, promise, map = (value) => value) {
  promise.then(
    (value) => {
      if (typeof callback === 'function') guarded(() => callback(null, map(value)));
    },
    (error) => {
      if (typeof callback === 'function') guarded(() => callback(error, null));
      else unhandled(method, error);
    },
  );
}

/** Runs `start()` (a call of the Promise API), turning a synchronous throw into a rejection. */
function attempt(start) {
  try {
    return Promise.resolve(start());
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * amazon-cognito-identity-js's `CognitoUser`, with callbacks, for the MFA flows. Each method
 * calls the Promise API's method of the same name and hands the outcome to the callbacks.
 */
class CognitoUser {
  #user;
  #flow = 'USER_SRP_AUTH';
  /** What the last getCachedDeviceKeyAndPassword() read (`deviceGroupKey`, `randomPassword`). */
  #cachedDevice = null;

  /** As `new CognitoUser({ Username, Pool })`; throws InvalidInputError for bad data. */
  constructor(data) {
    this.#user = new promised.CognitoUser(data);
    this.pool = data.Pool;
  }

  /** The user name sent in requests (Cognito's `USER_ID_FOR_SRP` after an SRP sign-in). */
  get username() {
    return this.#user.getUsername();
  }

  getUsername() {
    return this.#user.getUsername();
  }

  /** The session when signed in, else null. */
  getSignInUserSession() {
    return this.#user.getSignInUserSession();
  }

  /** Signs the user in with a session obtained earlier; no request is made. */
  setSignInUserSession(signInUserSession) {
    this.#user.setSignInUserSession(signInUserSession);
    return undefined;
  }

  /** `'USER_SRP_AUTH'` (default) or `'USER_PASSWORD_AUTH'`, used by authenticateUser. */
  setAuthenticationFlowType(authenticationFlowType) {
    this.#flow = authenticationFlowType;
    return undefined;
  }

  getAuthenticationFlowType() {
    return this.#flow;
  }

  /** Forgets the session locally (no request). */
  signOut() {
    this.#user.signOut();
  }

  authenticateUser(authDetails, callback) {
    const callbacks = new Callbacks('authenticateUser', callback);
    const flow = this.#flow;
    callbacks.settle(attempt(() => this.#user.authenticateUser(authDetails, { flow })), (result) => callbacks.step(result, this.#user.userConfirmationNecessary));
  }

  sendMFACode(confirmationCode, callback, mfaType, clientMetadata) {
    const callbacks = new Callbacks('sendMFACode', callback);
    callbacks.settle(
      attempt(() => this.#user.sendMFACode(confirmationCode, mfaType, clientMetadata)),
      (result) => callbacks.step(result, this.#user.userConfirmationNecessary),
    );
  }

  sendMFASelectionAnswer(answerChallenge, callback) {
    const callbacks = new Callbacks('sendMFASelectionAnswer', callback);
    callbacks.settle(attempt(() => this.#user.sendMFASelectionAnswer(answerChallenge)), (result) => callbacks.step(result, this.#user.userConfirmationNecessary));
  }

  completeNewPasswordChallenge(newPassword, requiredAttributeData, callback, clientMetadata) {
    const callbacks = new Callbacks('completeNewPasswordChallenge', callback);
    callbacks.settle(
      attempt(() => this.#user.completeNewPasswordChallenge(newPassword, requiredAttributeData, clientMetadata)),
      (result) => callbacks.step(result, this.#user.userConfirmationNecessary),
    );
  }

  sendCustomChallengeAnswer(answerChallenge, callback, clientMetadata) {
    const callbacks = new Callbacks('sendCustomChallengeAnswer', callback);
    callbacks.settle(
      attempt(() => this.#user.sendCustomChallengeAnswer(answerChallenge, clientMetadata)),
      (result) => callbacks.step(result, this.#user.userConfirmationNecessary),
    );
  }

  associateSoftwareToken(callback) {
    const callbacks = new Callbacks('associateSoftwareToken', callback);
    callbacks.settle(attempt(() => this.#user.associateSoftwareToken()), (secretCode) =>
      callbacks.call('associateSecretCode', secretCode),
    );
  }

  verifySoftwareToken(totpCode, friendlyDeviceName, callback) {
    const callbacks = new Callbacks('verifySoftwareToken', callback);
    callbacks.settle(attempt(() => this.#user.verifySoftwareToken(totpCode, friendlyDeviceName)), (result) => {
      if (result.session === null && result.challengeName === null) callbacks.call('onSuccess', VERIFIED);
      else callbacks.step(result, this.#user.userConfirmationNecessary);
    });
  }

  // amazon-cognito-identity-js's `(sms, totp, callback)`, or `(sms, totp, email, callback)`
  // with e-mail MFA settings.
  setUserMfaPreference(smsMfaSettings, softwareTokenMfaSettings, ...rest) {
    const [emailMfaSettings, callback] = rest.length < 2 && typeof rest[0] === 'function' ? [null, rest[0]] : rest;
    nodeCallback(
      'setUserMfaPreference',
      callback,
      attempt(() => this.#user.setUserMfaPreference(smsMfaSettings, softwareTokenMfaSettings, emailMfaSettings)),
    );
  }

  enableMFA(callback) {
    nodeCallback('enableMFA', callback, attempt(() => this.#user.enableMFA()));
  }

  disableMFA(callback) {
    nodeCallback('disableMFA', callback, attempt(() => this.#user.disableMFA()));
  }

  getMFAOptions(callback) {
    nodeCallback('getMFAOptions', callback, attempt(() => this.#user.getMFAOptions()));
  }

  getUserData(callback, _params) {
    nodeCallback('getUserData', callback, attempt(() => this.#user.getUserData()));
  }

  /** Refreshes the session with its own refresh token (the `refreshToken` argument is not used). */
  refreshSession(_refreshToken, callback, _clientMetadata) {
    nodeCallback('refreshSession', callback, attempt(() => this.#user.refreshSession()));
  }

  /**
   * The key of this user's device once known (amazon-cognito-identity-js keeps it in
   * `user.deviceKey`), else null.
   */
  get deviceKey() {
    return this.#user.deviceKey;
  }

  /** The device's group key, as read by the last `getCachedDeviceKeyAndPassword()`, else null. */
  get deviceGroupKey() {
    return this.#cachedDevice === null ? null : this.#cachedDevice.deviceGroupKey;
  }

  /**
   * The device's password (a secret), as read by the last `getCachedDeviceKeyAndPassword()`,
   * else null. An accessor: it never shows in `console.log` or `JSON.stringify` of the user.
   */
  get randomPassword() {
    return this.#cachedDevice === null ? null : this.#cachedDevice.randomPassword;
  }

  /**
   * Reads this user's device credentials into `deviceKey`, `deviceGroupKey` and
   * `randomPassword`, as amazon-cognito-identity-js does (from the pool's deviceStore here).
   */
  getCachedDeviceKeyAndPassword() {
    this.#cachedDevice = this.#user.getCachedDeviceKeyAndPassword();
    return undefined;
  }

  setDeviceStatusRemembered(callback) {
    const callbacks = new Callbacks('setDeviceStatusRemembered', callback);
    callbacks.settle(attempt(() => this.#user.setDeviceStatusRemembered()), (result) => callbacks.call('onSuccess', result));
  }

  setDeviceStatusNotRemembered(callback) {
    const callbacks = new Callbacks('setDeviceStatusNotRemembered', callback);
    callbacks.settle(attempt(() => this.#user.setDeviceStatusNotRemembered()), (result) => callbacks.call('onSuccess', result));
  }

  forgetDevice(callback) {
    const callbacks = new Callbacks('forgetDevice', callback);
    callbacks.settle(attempt(() => this.#user.forgetDevice()), (result) => {
      this.#cachedDevice = null;
      callbacks.call('onSuccess', result);
    });
  }

  forgetSpecificDevice(deviceKey, callback) {
    const callbacks = new Callbacks('forgetSpecificDevice', callback);
    callbacks.settle(attempt(() => this.#user.forgetSpecificDevice(deviceKey)), (result) => {
      if (this.#cachedDevice !== null && this.#cachedDevice.deviceKey === deviceKey) this.#cachedDevice = null;
      callbacks.call('onSuccess', result);
    });
  }

  /** `onSuccess({ Devices, PaginationToken })`, Cognito's ListDevices answer. */
  listDevices(limit, paginationToken, callback) {
    const callbacks = new Callbacks('listDevices', callback);
    callbacks.settle(attempt(() => this.#user.listDevices(limit, paginationToken || null)), (result) =>
      callbacks.call('onSuccess', result),
    );
  }

  /** `onSuccess({ Device })`, Cognito's GetDevice answer for this user's device. */
  getDevice(callback) {
    const callbacks = new Callbacks('getDevice', callback);
    callbacks.settle(attempt(() => this.#user.getDevice()), (result) => callbacks.call('onSuccess', result));
  }

  globalSignOut(callback) {
    const callbacks = new Callbacks('globalSignOut', callback);
    callbacks.settle(attempt(() => this.#user.globalSignOut()), (result) => callbacks.call('onSuccess', result));
  }
}

module.exports = {
  CognitoUser,
  CognitoUserPool: promised.CognitoUserPool,
  MemoryDeviceStore: promised.MemoryDeviceStore,
  FileDeviceStore: promised.FileDeviceStore,
  AuthenticationDetails: promised.AuthenticationDetails,
  CognitoUserSession: promised.CognitoUserSession,
  CognitoIdToken: promised.CognitoIdToken,
  CognitoAccessToken: promised.CognitoAccessToken,
  CognitoRefreshToken: promised.CognitoRefreshToken,
  TOTP: promised.TOTP,
};
