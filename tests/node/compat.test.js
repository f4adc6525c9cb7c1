// cognito-mfa/compat: amazon-cognito-identity-js's callback API on the Promise API.
//
// 1. What the layer promises: the arguments that library passes, `this` bound to the
//    callbacks object, one callback per call, totpRequired falling back to mfaRequired,
//    missing callbacks reported through onFailure (or a process warning), exceptions thrown by
//    callbacks never passed to onFailure.
// 2. The usage examples run unchanged, apart from the import (the module handed to them) and
//    `prompt` (which reads codes from the mock): the seed's examples, kept in docs/node.md as
//    ```javascript blocks, and the MFA use cases of amazon-cognito-identity-js's own README
//    (read from node_modules, so they are the library's text, not a copy).
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { inspect } = require('node:util');

const compat = require('cognito-mfa/compat');
const { TOTP } = require('cognito-mfa');
const { MockCognito } = require('cognito-mfa/testing');
const { closeFakes, fakeCognito, fakeJwt, json, setupPool } = require('./helpers');

jest.setTimeout(60_000);

const root = path.resolve(__dirname, '..', '..');

let mock;
beforeAll(async () => {
  mock = await MockCognito.start();
});
afterAll(async () => {
  await mock.stop();
  closeFakes();
});

/** Records what callbacks, logs and alerts happen, and waits for one of them. */
class Recorder {
  constructor() {
    this.entries = [];
    this.waiters = new Set();
  }

  add(entry) {
    this.entries.push(entry);
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Callback entries named `name`. */
  calls(name) {
    return this.entries.filter((entry) => entry.kind === 'callback' && entry.name === name);
  }

  logs() {
    return this.entries.filter((entry) => entry.kind === 'log').map((entry) => entry.text);
  }

  /** Resolves with the first entry that matches; rejects on a failure entry. */
  waitFor(predicate, what) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const failure = this.entries.find(
          (entry) => entry.kind === 'alert' || entry.kind === 'error' || (entry.kind === 'callback' && entry.name === 'onFailure'),
        );
        const hit = this.entries.find(predicate);
        if (!failure && !hit) return;
        this.waiters.delete(check);
        if (hit && !failure) resolve(hit);
        else reject(new Error(`failed while waiting for ${what}: ${inspect(failure, { depth: 3 })}`));
      };
      this.waiters.add(check);
      check();
    });
  }

  log(text) {
    return this.waitFor((entry) => entry.kind === 'log' && entry.text === text, `the log "${text}"`);
  }

  callback(name) {
    return this.waitFor((entry) => entry.kind === 'callback' && entry.name === name, `the callback ${name}`);
  }
}

/**
 * The compat module as a test hands it to an example (in place of its import): the same
 * classes, with CognitoUser recording every callback it calls (and the TOTP secrets given to
 * associateSecretCode), and pools pointed at the mock with the test's ids.
 */
function instrumentedModule({ recorder, secrets, setup, username }) {
  const proxies = new WeakSet();
  const record = (callbacks) => {
    if (callbacks === null || typeof callbacks !== 'object' || proxies.has(callbacks)) return callbacks;
    const proxy = new Proxy(callbacks, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return function recorded(...args) {
          if (property === 'associateSecretCode') secrets.push(args[0]);
          recorder.add({ kind: 'callback', name: property, args });
          return value.apply(this, args);
        };
      },
    });
    proxies.add(proxy);
    return proxy;
  };
  const recordNode = (method, callback) =>
    typeof callback !== 'function'
      ? callback
      : (err, result) => {
          recorder.add({ kind: 'callback', name: err ? 'onFailure' : method, args: [err, result] });
          return callback(err, result);
        };

  class CognitoUser extends compat.CognitoUser {
    constructor(data) {
      super({ ...data, Username: username, Pool: setup.pool });
    }
    authenticateUser(details, callbacks) {
      return super.authenticateUser(details, record(callbacks));
    }
    sendMFACode(code, callbacks, ...rest) {
      return super.sendMFACode(code, record(callbacks), ...rest);
    }
    sendMFASelectionAnswer(answer, callbacks) {
      return super.sendMFASelectionAnswer(answer, record(callbacks));
    }
    associateSoftwareToken(callbacks) {
      return super.associateSoftwareToken(record(callbacks));
    }
    verifySoftwareToken(code, name, callbacks) {
      return super.verifySoftwareToken(code, name, record(callbacks));
    }
    setUserMfaPreference(sms, totp, ...rest) {
      const callback = rest.pop();
      return super.setUserMfaPreference(sms, totp, ...rest, recordNode('setUserMfaPreference', callback));
    }
    enableMFA(callback) {
      return super.enableMFA(recordNode('enableMFA', callback));
    }
    disableMFA(callback) {
      return super.disableMFA(recordNode('disableMFA', callback));
    }
    getUserData(callback, params) {
      return super.getUserData(recordNode('getUserData', callback), params);
    }
  }

  return {
    ...compat,
    CognitoUser,
    // The README's placeholders ('...', 'username', 'password') become the test's pool and user.
    CognitoUserPool: function CognitoUserPool() {
      return setup.pool;
    },
    AuthenticationDetails: function AuthenticationDetails() {
      return setup.details(username);
    },
  };
}

/**
 * Runs an example's code unchanged. Its free names (`cognitoUser`, `prompt`, `alert`,
 * `console`, `AmazonCognitoIdentity`...) come from a scope the test builds; `prompt` answers
 * with `answers(message)`.
 */
async function runExample(code, { setup, username, secret = null, answers = () => null, signedIn = false }) {
  const recorder = new Recorder();
  const secrets = secret ? [secret] : [];
  const AmazonCognitoIdentity = instrumentedModule({ recorder, secrets, setup, username });
  const cognitoUser = new AmazonCognitoIdentity.CognitoUser({ Username: username, Pool: setup.pool });
  if (signedIn) {
    // The example starts with a signed-in user, as the documentation assumes.
    await new Promise((resolve, reject) =>
      cognitoUser.authenticateUser(setup.details(username), {
        onSuccess: resolve,
        onFailure: reject,
        mfaRequired(name) {
          const code = name === 'SMS_MFA' ? mock.lastCode(username) : new TOTP(secrets[secrets.length - 1]).at(mock.now());
          cognitoUser.sendMFACode(code, this);
        },
      }),
    );
    recorder.entries.length = 0;
  }
  const lastChallenge = () => {
    const asked = recorder.entries.filter((e) => e.kind === 'callback' && ['mfaRequired', 'totpRequired'].includes(e.name));
    return asked.length === 0 ? null : asked[asked.length - 1].args[0];
  };
  const code6 = () => {
    if (lastChallenge() === 'SMS_MFA') return mock.lastCode(username);
    return new TOTP(secrets[secrets.length - 1]).at(mock.now());
  };
  const scope = {
    AmazonCognitoIdentity,
    cognitoUser,
    authDetails: setup.details(username),
    authenticationDetails: setup.details(username),
    prompt: (message) => {
      const answer = answers(message) ?? (/TOTP|authenticator/i.test(message) ? new TOTP(secrets[secrets.length - 1]).at(mock.now()) : code6());
      recorder.add({ kind: 'prompt', text: message, answer });
      return answer;
    },
    alert: (text) => recorder.add({ kind: 'alert', text }),
    console: {
      log: (...args) => recorder.add({ kind: 'log', text: args.join(' ') }),
      error: (...args) => recorder.add({ kind: 'error', text: args.map((a) => inspect(a)).join(' ') }),
    },
    // Use cases 23 and 30 send a `verificationCode` / `mfaCode` the app got from the user.
    get verificationCode() {
      return code6();
    },
    get mfaCode() {
      return code6();
    },
  };
  // eslint-disable-next-line no-new-func
  new Function('scope', `with (scope) {\n${code}\n}`)(scope);
  return { recorder, secrets, cognitoUser };
}

/** Creates a user and signs it in through the Promise API (for examples that start signed in). */
async function signedInUser(setup, prefix) {
  const { user, username } = await setup.user(prefix);
  await user.authenticateUser(setup.details(username));
  return { user, username };
}

/** Enrols TOTP through the Promise API; returns the secret. */
async function enrolTotp(user, { preferred = true } = {}) {
  const secret = await user.associateSoftwareToken();
  await user.verifySoftwareToken(new TOTP(secret).at(mock.now()), 'phone');
  await user.setUserMfaPreference(null, { PreferredMfa: preferred, Enabled: true });
  mock.advanceClock(30);
  return secret;
}

describe('the callback layer', () => {
  let setup;
  beforeAll(async () => {
    setup = await setupPool(mock, { mfa: 'OPTIONAL' });
  });

  /** A compat CognitoUser for `username`. */
  const compatUser = (username) => new compat.CognitoUser({ Username: username, Pool: setup.pool });

  /** Calls `method` with callbacks whose calls are recorded; resolves on the first call. */
  function callWith(start, names) {
    return new Promise((resolve) => {
      const calls = [];
      const callbacks = {};
      for (const name of names) {
        callbacks[name] = function recorded(...args) {
          calls.push({ name, args, self: this });
          resolve({ calls, callbacks });
        };
      }
      start(callbacks);
    });
  }

  test('exports the classes of amazon-cognito-identity-js that the MFA flows use, and the device stores', () => {
    expect(Object.keys(compat).sort()).toEqual([
      'AuthenticationDetails',
      'CognitoAccessToken',
      'CognitoIdToken',
      'CognitoRefreshToken',
      'CognitoUser',
      'CognitoUserPool',
      'CognitoUserSession',
      'FileDeviceStore',
      'MemoryDeviceStore',
      'TOTP',
    ]);
  });

  test('authenticateUser: onSuccess(session) with this = the callbacks object', async () => {
    const { username } = await setup.user('ok');
    const user = compatUser(username);
    const { calls, callbacks } = await callWith((cb) => user.authenticateUser(setup.details(username), cb), ['onSuccess', 'onFailure']);
    expect(calls.map((c) => c.name)).toEqual(['onSuccess']);
    expect(calls[0].self).toBe(callbacks);
    expect(calls[0].args[0].isValid()).toBe(true);
    expect(user.getSignInUserSession().getIdToken().getJwtToken()).toBe(calls[0].args[0].getIdToken().getJwtToken());
    expect(user.getUsername()).toBe(user.username);
  });

  test('authenticateUser: onFailure(err) with the Cognito code', async () => {
    const { username } = await setup.user('bad');
    const { calls } = await callWith((cb) => compatUser(username).authenticateUser(setup.details(username, 'Wr0ng!pass'), cb), ['onSuccess', 'onFailure']);
    expect(calls.map((c) => c.name)).toEqual(['onFailure']);
    expect(calls[0].args[0]).toMatchObject({ code: 'NotAuthorizedException', name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  test('totpRequired(challengeName, challengeParameters), then sendMFACode answers it', async () => {
    const { user: promised, username } = await signedInUser(setup, 'totp');
    const secret = await enrolTotp(promised);
    const user = compatUser(username);
    const names = ['onSuccess', 'onFailure', 'totpRequired', 'mfaRequired'];
    const first = await callWith((cb) => user.authenticateUser(setup.details(username), cb), names);
    expect(first.calls.map((c) => [c.name, ...c.args])).toEqual([['totpRequired', 'SOFTWARE_TOKEN_MFA', { FRIENDLY_DEVICE_NAME: 'phone' }]]);
    const second = await callWith((cb) => user.sendMFACode(new TOTP(secret).at(mock.now()), cb, 'SOFTWARE_TOKEN_MFA'), ['onSuccess', 'onFailure']);
    expect(second.calls.map((c) => c.name)).toEqual(['onSuccess']);
    expect(second.calls[0].args[0].isValid()).toBe(true);
  });

  test('without totpRequired, a TOTP challenge goes to mfaRequired, and sendMFACode without mfaType answers it', async () => {
    const { user: promised, username } = await signedInUser(setup, 'smsonly');
    const secret = await enrolTotp(promised);
    const user = compatUser(username);
    const first = await callWith((cb) => user.authenticateUser(setup.details(username), cb), ['onSuccess', 'onFailure', 'mfaRequired']);
    expect(first.calls.map((c) => [c.name, c.args[0]])).toEqual([['mfaRequired', 'SOFTWARE_TOKEN_MFA']]);
    const second = await callWith((cb) => user.sendMFACode(new TOTP(secret).at(mock.now()), cb), ['onSuccess', 'onFailure']);
    expect(second.calls.map((c) => c.name)).toEqual(['onSuccess']);
  });

  test('mfaRequired for SMS passes the delivery parameters', async () => {
    const { user: promised, username } = await signedInUser(setup, 'sms');
    await promised.setUserMfaPreference({ PreferredMfa: true, Enabled: true }, null);
    const user = compatUser(username);
    const { calls } = await callWith((cb) => user.authenticateUser(setup.details(username), cb), ['onSuccess', 'onFailure', 'mfaRequired', 'totpRequired']);
    expect(calls.map((c) => [c.name, ...c.args])).toEqual([
      ['mfaRequired', 'SMS_MFA', { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0100' }],
    ]);
    const wrong = await callWith((cb) => user.sendMFACode('000000' === mock.lastCode(username) ? '111111' : '000000', cb), ['onSuccess', 'onFailure']);
    expect(wrong.calls[0].args[0]).toMatchObject({ code: 'CodeMismatchException' });
    const right = await callWith((cb) => user.sendMFACode(mock.lastCode(username), cb), ['onSuccess', 'onFailure']);
    expect(right.calls.map((c) => c.name)).toEqual(['onSuccess']);
  });

  test('selectMFAType, then sendMFASelectionAnswer leads to totpRequired', async () => {
    const { user: promised, username } = await signedInUser(setup, 'select');
    await enrolTotp(promised, { preferred: false });
    await promised.setUserMfaPreference({ PreferredMfa: false, Enabled: true }, null);
    const user = compatUser(username);
    const names = ['onSuccess', 'onFailure', 'selectMFAType', 'totpRequired', 'mfaRequired'];
    const first = await callWith((cb) => user.authenticateUser(setup.details(username), cb), names);
    expect(first.calls[0].name).toBe('selectMFAType');
    expect(first.calls[0].args[0]).toBe('SELECT_MFA_TYPE');
    expect(JSON.parse(first.calls[0].args[1].MFAS_CAN_CHOOSE).sort()).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    const second = await callWith((cb) => user.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA', cb), names);
    expect(second.calls.map((c) => [c.name, c.args[0]])).toEqual([['totpRequired', 'SOFTWARE_TOKEN_MFA']]);
  });

  test('mfaSetup, associateSecretCode, and verifySoftwareToken completing the sign-in', async () => {
    const onPool = await setupPool(mock, { mfa: 'ON' });
    const { username } = await onPool.user('setup');
    const user = new compat.CognitoUser({ Username: username, Pool: onPool.pool });
    const first = await callWith((cb) => user.authenticateUser(onPool.details(username), cb), ['onSuccess', 'onFailure', 'mfaSetup']);
    expect(first.calls[0].name).toBe('mfaSetup');
    expect(first.calls[0].args[0]).toBe('MFA_SETUP');
    expect(first.calls[0].args[1]).toHaveProperty('MFAS_CAN_SETUP');
    const associated = await callWith((cb) => user.associateSoftwareToken(cb), ['associateSecretCode', 'onFailure']);
    expect(associated.calls.map((c) => c.name)).toEqual(['associateSecretCode']);
    const secret = associated.calls[0].args[0];
    const verified = await callWith((cb) => user.verifySoftwareToken(new TOTP(secret).at(mock.now()), 'My TOTP device', cb), ['onSuccess', 'onFailure']);
    expect(verified.calls.map((c) => c.name)).toEqual(['onSuccess']);
    expect(verified.calls[0].args[0].isValid()).toBe(true);
  });

  test('verifySoftwareToken while signed in passes { Status: "SUCCESS" }, as that library does', async () => {
    const { username } = await signedInUser(setup, 'verify');
    const user = compatUser(username);
    await callWith((cb) => user.authenticateUser(setup.details(username), cb), ['onSuccess', 'onFailure']);
    const associated = await callWith((cb) => user.associateSoftwareToken(cb), ['associateSecretCode', 'onFailure']);
    const secret = associated.calls[0].args[0];
    const verified = await callWith((cb) => user.verifySoftwareToken(new TOTP(secret).at(mock.now()), 'x', cb), ['onSuccess', 'onFailure']);
    expect(verified.calls.map((c) => [c.name, ...c.args])).toEqual([['onSuccess', { Status: 'SUCCESS' }]]);
  });

  test('newPasswordRequired(userAttributes, requiredAttributes), then completeNewPasswordChallenge', async () => {
    const offPool = await setupPool(mock, { mfa: 'OFF' });
    const { username } = await offPool.user('invited', { temporaryPassword: true, attributes: { email: 'invited@example.com' } });
    const user = new compat.CognitoUser({ Username: username, Pool: offPool.pool });
    const first = await callWith((cb) => user.authenticateUser(offPool.details(username), cb), ['onSuccess', 'onFailure', 'newPasswordRequired']);
    expect(first.calls[0].name).toBe('newPasswordRequired');
    const [userAttributes, requiredAttributes] = first.calls[0].args;
    expect(userAttributes).toMatchObject({ email: 'invited@example.com' });
    expect(requiredAttributes).toEqual([]);
    delete userAttributes.email_verified; // as the library's documentation does
    const done = await callWith((cb) => user.completeNewPasswordChallenge('N3w-Passw0rd!', userAttributes, cb), ['onSuccess', 'onFailure']);
    expect(done.calls.map((c) => c.name)).toEqual(['onSuccess']);
  });

  test('customChallenge(challengeParameters), answered with sendCustomChallengeAnswer(answer, this)', async () => {
    const endpoint = await fakeCognito((operation, body, res) =>
      operation === 'InitiateAuth'
        ? json(res, 200, { ChallengeName: 'CUSTOM_CHALLENGE', Session: 'S'.repeat(64), ChallengeParameters: { question: '6 x 7' } })
        : json(res, 200, { AuthenticationResult: { AccessToken: fakeJwt({}), IdToken: fakeJwt({ answer: body.ChallengeResponses.ANSWER }) } }),
    );
    const pool = new compat.CognitoUserPool({ UserPoolId: 'us-east-1_Custom1', ClientId: 'client', endpoint });
    const user = new compat.CognitoUser({ Username: 'amy', Pool: pool });
    user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    const session = await new Promise((resolve, reject) =>
      user.authenticateUser(new compat.AuthenticationDetails({ Username: 'amy', Password: 'p' }), {
        onSuccess: resolve,
        onFailure: reject,
        customChallenge(challengeParameters) {
          expect(challengeParameters).toEqual({ question: '6 x 7' });
          user.sendCustomChallengeAnswer('42', this);
        },
      }),
    );
    expect(session.getIdToken().payload.answer).toBe('42');
  });

  test('Node-style callbacks: (null, result) and (err, null)', async () => {
    const { username } = await setup.user('node');
    const user = compatUser(username);
    const nodeCall = (start) => new Promise((resolve) => start((err, result) => resolve([err, result])));
    const [notSignedIn, nothing] = await nodeCall((cb) => user.getUserData(cb));
    expect(notSignedIn).toMatchObject({ code: 'NotSignedInError' });
    expect(nothing).toBeNull();
    await callWith((cb) => user.authenticateUser(setup.details(username), cb), ['onSuccess', 'onFailure']);
    expect(await nodeCall((cb) => user.enableMFA(cb))).toEqual([null, 'SUCCESS']);
    expect(await nodeCall((cb) => user.getMFAOptions(cb))).toEqual([null, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]]);
    expect(await nodeCall((cb) => user.disableMFA(cb))).toEqual([null, 'SUCCESS']);
    expect(await nodeCall((cb) => user.setUserMfaPreference({ PreferredMfa: true, Enabled: true }, null, cb))).toEqual([null, 'SUCCESS']);
    const [err, data] = await nodeCall((cb) => user.getUserData(cb, { bypassCache: true }));
    expect(err).toBeNull();
    expect(data).toMatchObject({ Username: username, PreferredMfaSetting: 'SMS_MFA', UserMFASettingList: ['SMS_MFA'] });
    // (sms, totp, email, callback): the e-mail settings are sent (this pool has no e-mail MFA,
    // so Cognito refuses them); a bad one, or null, is handled as in the Promise API.
    const [noEmailMfa, none] = await nodeCall((cb) => user.setUserMfaPreference(null, null, { PreferredMfa: false, Enabled: true }, cb));
    expect(noEmailMfa).toMatchObject({ code: 'InvalidParameterException' });
    expect(none).toBeNull();
    const [badEmail] = await nodeCall((cb) => user.setUserMfaPreference(null, null, { Enabled: 'yes' }, cb));
    expect(badEmail).toMatchObject({ code: 'InvalidInputError' });
    expect(await nodeCall((cb) => user.setUserMfaPreference({ PreferredMfa: true, Enabled: true }, null, null, cb))).toEqual([null, 'SUCCESS']);
    const [refreshErr, session] = await nodeCall((cb) => user.refreshSession(user.getSignInUserSession().getRefreshToken(), cb));
    expect(refreshErr).toBeNull();
    expect(session.isValid()).toBe(true);
    const out = await callWith((cb) => user.globalSignOut(cb), ['onSuccess', 'onFailure']);
    expect(out.calls.map((c) => [c.name, ...c.args])).toEqual([['onSuccess', 'SUCCESS']]);
  });

  test('USER_PASSWORD_AUTH through setAuthenticationFlowType', async () => {
    const { username } = await setup.user('flow');
    const user = compatUser(username);
    expect(user.getAuthenticationFlowType()).toBe('USER_SRP_AUTH');
    user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    expect(user.getAuthenticationFlowType()).toBe('USER_PASSWORD_AUTH');
    const { calls } = await callWith((cb) => user.authenticateUser(setup.details(username), cb), ['onSuccess', 'onFailure']);
    expect(calls.map((c) => c.name)).toEqual(['onSuccess']);
    user.setAuthenticationFlowType('CUSTOM_AUTH');
    const custom = await callWith((cb) => user.authenticateUser(setup.details(username), cb), ['onSuccess', 'onFailure']);
    expect(custom.calls[0].args[0]).toMatchObject({ code: 'InvalidInputError' });
  });

  test('a missing callback is reported through onFailure, never thrown', async () => {
    const { user: promised, username } = await signedInUser(setup, 'missing');
    await enrolTotp(promised, { preferred: false });
    await promised.setUserMfaPreference({ PreferredMfa: false, Enabled: true }, null);
    const user = compatUser(username);
    let returned;
    const { calls } = await callWith((cb) => {
      returned = user.authenticateUser(setup.details(username), cb);
    }, ['onSuccess', 'onFailure', 'mfaRequired']);
    expect(returned).toBeUndefined();
    expect(calls.map((c) => c.name)).toEqual(['onFailure']);
    expect(calls[0].args[0]).toMatchObject({ code: 'MissingCallbackError', name: 'MissingCallbackError' });
    expect(calls[0].args[0].message).toBe('authenticateUser: the result needs a selectMFAType callback, which is missing');
    // Bad arguments are reported the same way.
    const badCode = await callWith((cb) => user.sendMFACode(42, cb), ['onSuccess', 'onFailure']);
    expect(badCode.calls[0].args[0]).toMatchObject({ code: 'InvalidInputError' });
  });

  test('with no onFailure either, the failure becomes a process warning', async () => {
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const warned = new Promise((resolve) => emitWarning.mockImplementation((...args) => resolve(args)));
      compatUser('nobody-at-all').authenticateUser(setup.details('nobody-at-all'), { onSuccess: () => {} });
      const [message, options] = await warned;
      expect(options.code).toBe('COGNITO_MFA_UNHANDLED');
      expect(message).toMatch(/^cognito-mfa\/compat: authenticateUser failed and no callback can receive the error \(UserNotFoundException: /);
    } finally {
      emitWarning.mockRestore();
    }
  });

  test('an exception thrown by a callback is not passed to onFailure: it is uncaught', () => {
    const script = `
      const { CognitoUser } = require('cognito-mfa/compat');
      const { CognitoUserPool, AuthenticationDetails } = require('cognito-mfa');
      const pool = new CognitoUserPool(${JSON.stringify({ UserPoolId: setup.poolId, ClientId: setup.client.clientId, endpoint: mock.endpoint })});
      const user = new CognitoUser({ Username: 'nobody', Pool: pool });
      let failures = 0;
      process.on('exit', () => console.log('onFailure calls: ' + failures));
      user.authenticateUser(new AuthenticationDetails({ Username: 'nobody', Password: 'x' }), {
        onSuccess() {},
        onFailure(err) { failures += 1; throw new Error('thrown by onFailure'); },
      });
    `;
    const result = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('thrown by onFailure');
    expect(result.stdout.trim()).toBe('onFailure calls: 1');
  });
});

describe("the seed's usage examples (docs/node.md), unchanged", () => {
  const docs = fs.readFileSync(path.join(root, 'docs', 'node.md'), 'utf8');
  const examples = [...docs.matchAll(/```javascript\n([\s\S]*?)```/g)].map((match) => match[1]);
  const setupExample = examples.find((code) => code.includes('// Setup TOTP MFA'));
  const signInExample = examples.find((code) => code.includes('// Handle MFA during authentication'));
  let setup;
  beforeAll(async () => {
    setup = await setupPool(mock, { mfa: 'OPTIONAL' });
  });

  test('are in docs/node.md', () => {
    expect(setupExample).toContain('cognitoUser.associateSoftwareToken({');
    expect(signInExample).toContain('cognitoUser.authenticateUser(authDetails, {');
  });

  test('TOTP setup: associate, verify, prefer TOTP', async () => {
    const { user, username } = await setup.user('seed-setup');
    const { recorder, secrets } = await runExample(setupExample, { setup, username, signedIn: true });
    await recorder.log('TOTP MFA enabled as preferred method');
    expect(recorder.logs()).toEqual([
      `Setup your authenticator app with this secret: ${secrets[0]}`,
      'TOTP MFA setup successful',
      'TOTP MFA enabled as preferred method',
    ]);
    await user.authenticateUser(setup.details(username)).then((r) => expect(r.challengeName).toBe('SOFTWARE_TOKEN_MFA'));
  });

  test('sign-in with TOTP: the challenge reaches mfaRequired (no totpRequired in the example)', async () => {
    const { user, username } = await signedInUser(setup, 'seed-totp');
    const secret = await enrolTotp(user);
    const { recorder } = await runExample(signInExample, { setup, username, secret });
    await recorder.log('MFA authentication successful');
    expect(recorder.logs()).toEqual(['MFA required: SOFTWARE_TOKEN_MFA', 'MFA authentication successful']);
  });

  test('sign-in with SMS', async () => {
    const { user, username } = await signedInUser(setup, 'seed-sms');
    await user.setUserMfaPreference({ PreferredMfa: true, Enabled: true }, null);
    const { recorder } = await runExample(signInExample, { setup, username });
    await recorder.log('MFA authentication successful');
    expect(recorder.logs()).toEqual(['MFA required: SMS_MFA', 'MFA authentication successful']);
    expect(recorder.entries.filter((e) => e.kind === 'prompt').map((e) => e.answer)).toEqual([mock.lastCode(username)]);
  });

  test('sign-in choosing the factor: "SOFTWARE_TOKEN" at the prompt', async () => {
    const { user, username } = await signedInUser(setup, 'seed-select');
    const secret = await enrolTotp(user, { preferred: false });
    await user.setUserMfaPreference({ PreferredMfa: false, Enabled: true }, null);
    const { recorder } = await runExample(signInExample, {
      setup,
      username,
      secret,
      answers: (message) => (message.startsWith('Choose MFA') ? 'SOFTWARE_TOKEN' : null),
    });
    await recorder.log('Authentication complete');
    // The answer leads to the TOTP challenge (not a success): the example's mfaRequired gets it.
    expect(recorder.logs()).toEqual(['Select MFA type: [object Object]', 'Authentication complete']);
    expect(recorder.calls('mfaRequired').map((c) => c.args[0])).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  test('sign-in without MFA', async () => {
    const { username } = await setup.user('seed-none');
    const { recorder } = await runExample(signInExample, { setup, username });
    await recorder.log('Authentication successful without MFA');
  });
});

describe("amazon-cognito-identity-js's README MFA use cases, unchanged", () => {
  const readme = fs.readFileSync(path.join(root, 'node_modules', 'amazon-cognito-identity-js', 'README.md'), 'utf8');
  /** The first code block after "**Use case N.**". */
  const useCase = (n) => {
    const start = readme.indexOf(`**Use case ${n}.**`);
    const block = readme.slice(start).match(/```(?:js|javascript)\n([\s\S]*?)```/);
    return block[1];
  };
  let setup;
  beforeAll(async () => {
    setup = await setupPool(mock, { mfa: 'OPTIONAL' });
  });

  test('the README is version 6.3.21 and has these use cases', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'amazon-cognito-identity-js', 'package.json'), 'utf8'));
    expect(version).toBe('6.3.21');
    for (const n of [9, 10, 24, 27, 28, 29, 30, 31]) expect(useCase(n)).toMatch(/cognitoUser\./);
  });

  test('use cases 9 and 10: enableMFA, disableMFA', async () => {
    const { username } = await setup.user('readme-legacy');
    const enable = await runExample(useCase(9), { setup, username, signedIn: true });
    await enable.recorder.log('call result: SUCCESS');
    const disable = await runExample(useCase(10), { setup, username, signedIn: true });
    await disable.recorder.log('call result: SUCCESS');
  });

  test('use cases 28 and 29: prefer SMS, then TOTP; use case 24 reads them back', async () => {
    const { user, username } = await signedInUser(setup, 'readme-prefs');
    const sms = await runExample(useCase(28), { setup, username, signedIn: true });
    await sms.recorder.log('call result SUCCESS');
    let settings = await runExample(useCase(24), { setup, username, signedIn: true });
    await settings.recorder.waitFor((e) => e.kind === 'log', 'the settings');
    expect(JSON.parse(settings.recorder.logs()[0])).toEqual({ PreferredMfaSetting: 'SMS_MFA', UserMFASettingList: ['SMS_MFA'] });
    mock.advanceClock(30);
    const secret = await enrolTotp(user, { preferred: false });
    const totp = await runExample(useCase(29), { setup, username, secret, signedIn: true });
    await totp.recorder.log('call result SUCCESS');
    mock.advanceClock(30);
    settings = await runExample(useCase(24), { setup, username, secret, signedIn: true });
    await settings.recorder.waitFor((e) => e.kind === 'log', 'the settings');
    const read = JSON.parse(settings.recorder.logs()[0]);
    expect(read.PreferredMfaSetting).toBe('SOFTWARE_TOKEN_MFA');
    expect(read.UserMFASettingList.sort()).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
  });

  test('use case 27: MFA_SETUP through associateSecretCode and verifySoftwareToken', async () => {
    const onPool = await setupPool(mock, { mfa: 'ON' });
    const { username } = await onPool.user('readme-setup');
    const { recorder } = await runExample(useCase(27), { setup: onPool, username });
    const done = await recorder.callback('onSuccess');
    expect(done.args[0].isValid()).toBe(true);
    expect(recorder.calls('mfaSetup')).toHaveLength(1);
    expect(recorder.calls('associateSecretCode')).toHaveLength(1);
  });

  test('use case 27: selectMFAType, then totpRequired and sendMFACode', async () => {
    const { user, username } = await signedInUser(setup, 'readme-select');
    const secret = await enrolTotp(user, { preferred: false });
    await user.setUserMfaPreference({ PreferredMfa: false, Enabled: true }, null);
    const { recorder } = await runExample(useCase(27), {
      setup,
      username,
      secret,
      answers: (message) => (message === 'Please select the MFA method.' ? 'SOFTWARE_TOKEN_MFA' : null),
    });
    await recorder.callback('onSuccess');
    expect(recorder.entries.filter((e) => e.kind === 'callback').map((e) => e.name)).toEqual(['selectMFAType', 'totpRequired', 'onSuccess']);
  });

  test('use case 27: selectMFAType, then mfaRequired for SMS', async () => {
    const { user, username } = await signedInUser(setup, 'readme-select-sms');
    await enrolTotp(user, { preferred: false });
    await user.setUserMfaPreference({ PreferredMfa: false, Enabled: true }, null);
    const { recorder } = await runExample(useCase(27), {
      setup,
      username,
      answers: (message) => (message === 'Please select the MFA method.' ? 'SMS_MFA' : null),
    });
    await recorder.callback('onSuccess');
    expect(recorder.entries.filter((e) => e.kind === 'callback').map((e) => e.name)).toEqual(['selectMFAType', 'mfaRequired', 'onSuccess']);
  });

  test('use case 30: USER_PASSWORD_AUTH with an SMS code', async () => {
    const { user, username } = await signedInUser(setup, 'readme-password');
    await user.setUserMfaPreference({ PreferredMfa: true, Enabled: true }, null);
    const { recorder } = await runExample(useCase(30), { setup, username });
    await recorder.callback('onSuccess');
    expect(recorder.calls('mfaRequired').map((c) => c.args[0])).toEqual(['SMS_MFA']);
  });

  test('use case 31: getUserData', async () => {
    const { username } = await setup.user('readme-data');
    const { recorder } = await runExample(useCase(31), { setup, username, signedIn: true });
    await recorder.waitFor(() => recorder.logs().length === 2, 'two logs');
    expect(recorder.logs()).toEqual(['User data for user [object Object]', 'User data for user [object Object]']);
  });
});
