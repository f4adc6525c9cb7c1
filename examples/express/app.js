'use strict';
// The example web app: sign-in with MFA, TOTP enrolment and MFA settings over cognito-mfa's
// Promise API. It keeps no memory of its users: the sign-in in progress and the signed-in
// session travel in sealed, HttpOnly cookies, so any number of processes can serve it.

const crypto = require('node:crypto');
const express = require('express');
const cookieParser = require('cookie-parser');
const {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  StateSealer,
  TokenVerifier,
  TOTP,
  qrSvg,
} = require('cognito-mfa');
const views = require('./views');

const FACTORS = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'];
// Errors after which the sign-in in progress cannot go on: start again.
const SIGN_IN_OVER = new Set(['NotAuthorizedException', 'ExpiredCodeException', 'InvalidStateError']);

/** Reads `SEALING_KEYS` (`id:base64key,...`, the first seals) into a `StateSealer`. */
function sealerFromEnv(text) {
  if (!text) throw new Error('SEALING_KEYS is required: id:base64key[,id:base64key...] (32-byte keys)');
  const keys = {};
  let sealWith = null;
  for (const item of text.split(',')) {
    const [id, key, extra] = item.trim().split(':');
    if (!id || !key || extra !== undefined) throw new Error('SEALING_KEYS: each entry is id:base64key');
    keys[id] = Buffer.from(key, 'base64');
    sealWith ??= id;
  }
  return new StateSealer({ keys, sealWith }); // throws InvalidInputError for a key that is not 32 bytes
}

/** The app's settings from the environment (see README.md). */
function configFromEnv(env = process.env) {
  for (const name of ['COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID']) {
    if (!env[name]) throw new Error(`${name} is required`);
  }
  return {
    userPoolId: env.COGNITO_USER_POOL_ID,
    clientId: env.COGNITO_CLIENT_ID,
    clientSecret: env.COGNITO_CLIENT_SECRET || undefined,
    endpoint: env.COGNITO_ENDPOINT || undefined,
    sealingKeys: env.SEALING_KEYS,
    cookieSecure: env.COOKIE_SECURE !== '0',
    tokenGraceSeconds: Number(env.TOKEN_GRACE_SECONDS || 0),
  };
}

/** Compares two strings in constant time (their SHA-256 digests, so lengths may differ). */
function sameSecret(a, b) {
  const digest = (s) => crypto.createHash('sha256').update(String(s)).digest();
  return typeof a === 'string' && typeof b === 'string' && a.length > 0
    && crypto.timingSafeEqual(digest(a), digest(b));
}

/** An Express app for the pool in `config` (`configFromEnv()`). */
function createApp(config) {
  const pool = new CognitoUserPool({
    UserPoolId: config.userPoolId,
    ClientId: config.clientId,
    ClientSecret: config.clientSecret,
    endpoint: config.endpoint,
  });
  const sealer = sealerFromEnv(config.sealingKeys);
  // The account pages accept a session only while its access token verifies (signature,
  // issuer, client, expiry). Against another endpoint (the mock) its issuer is that URL.
  const verifier = new TokenVerifier({
    userPoolId: config.userPoolId,
    tokenUse: 'access',
    clientId: config.clientId,
    issuer: config.endpoint ? `${config.endpoint.replace(/\/+$/, '')}/${config.userPoolId}` : undefined,
    grace: config.tokenGraceSeconds || 0,
  });
  const base = { httpOnly: true, secure: config.cookieSecure, path: '/' };
  const cookies = {
    csrf: { ...base, sameSite: 'strict' },
    mfa_state: { ...base, sameSite: 'lax' },
    session: { ...base, sameSite: 'lax' },
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(cookieParser());
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  app.use((req, res, next) => {
    res.set('Cache-Control', 'no-store');
    res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'");
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'no-referrer');
    next();
  });

  // CSRF, double-submit: a random cookie that every form repeats in its `csrf` field.
  app.use((req, res, next) => {
    let token = req.cookies.csrf;
    if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
      token = crypto.randomBytes(32).toString('base64url');
      res.cookie('csrf', token, cookies.csrf);
    }
    res.locals.csrf = token;
    if (req.method === 'POST' && !sameSecret(req.body?.csrf, req.cookies.csrf)) {
      res.status(403).send(views.errorPage({ error: { code: 'CsrfError' } }));
      return;
    }
    next();
  });

  const page = (res, status, view, data) => res.status(status).send(view({ csrf: res.locals.csrf, ...data }));

  // The sealed cookies. A state carries its own expiry; the cookie lasts as long.
  function setSealed(res, name, sealed) {
    const state = sealer.open(pool, sealed);
    const maxAge = Math.max(1, state.expires_at - Math.floor(Date.now() / 1000)) * 1000;
    res.cookie(name, sealed, { ...cookies[name], maxAge });
  }
  function clear(res, name) {
    res.clearCookie(name, cookies[name]);
  }
  function signedIn(res, user) {
    // Three tokens do not fit a cookie once sealed: keep the ID and access tokens, drop the
    // refresh token, so the session ends when the access token expires (docs/examples.md).
    setSealed(res, 'session', sealer.seal(user, { refreshToken: false }));
    clear(res, 'mfa_state');
    res.redirect(303, '/account');
  }
  /** After a sign-in step: signed in, or the next challenge. */
  function next(res, user, result) {
    if (result.challengeName === null || result.challengeName === undefined) {
      signedIn(res, user);
      return;
    }
    setSealed(res, 'mfa_state', sealer.seal(user));
    res.redirect(303, '/mfa');
  }
  function signInAgain(res, err) {
    clear(res, 'mfa_state');
    page(res, 400, views.signIn, { error: err });
  }

  /** The signed-in user of the request, or null (then the `session` cookie is cleared). */
  function currentUser(req, res) {
    const sealed = req.cookies.session;
    if (!sealed) return null;
    try {
      return CognitoUser.resumeSealed(pool, sealer, sealed);
    } catch (err) {
      if (err.code !== 'InvalidStateError') throw err;
      clear(res, 'session');
      return null;
    }
  }
  const requireUser = (handler) => async (req, res) => {
    const user = currentUser(req, res);
    const session = user && user.getSignInUserSession();
    const verified = session
      && await verifier.verify(session.getAccessToken().getJwtToken()).then(() => true, (err) => {
        if (!err.code) throw err;
        return false;
      });
    if (!verified) {
      if (user) clear(res, 'session');
      res.redirect(303, '/sign-in');
      return;
    }
    await handler(req, res, user);
  };

  async function enrolment(user) {
    const secret = await user.associateSoftwareToken();
    const account = user.getUsername();
    const uri = new TOTP(secret).provisioningUri(account, { issuer: 'cognito-mfa example' });
    return { secret, qrSvg: qrSvg(uri).replace(/^<\?xml[^>]*\?>\s*/, '') };
  }

  /** Renders the MFA page of the sealed state `sealed` (with `error` if any). */
  async function mfaPage(res, sealed, status, error) {
    const user = CognitoUser.resumeSealed(pool, sealer, sealed);
    const challenge = user.pendingChallenge();
    const name = challenge?.challengeName;
    const data = { error, challenge: name };
    if (name === 'SMS_MFA' || name === 'EMAIL_OTP') {
      data.destination = challenge.destination;
    } else if (name === 'SELECT_MFA_TYPE') {
      data.factors = challenge.mfasCanChoose;
    } else if (name === 'MFA_SETUP') {
      data.enrolment = await enrolment(user); // answers with a new Session: seal it again
      setSealed(res, 'mfa_state', sealer.seal(user));
    }
    page(res, status, views.mfa, data);
  }

  /** Runs a sign-in step on the user of the `mfa_state` cookie. */
  const mfaStep = (answer) => async (req, res) => {
    const sealed = req.cookies.mfa_state;
    if (!sealed) {
      res.redirect(303, '/sign-in');
      return;
    }
    let user;
    try {
      user = CognitoUser.resumeSealed(pool, sealer, sealed);
      next(res, user, await answer(user, req.body));
    } catch (err) {
      if (SIGN_IN_OVER.has(err.code)) signInAgain(res, err);
      else if (err.code) await mfaPage(res, sealed, 400, err); // the state is still usable
      else throw err;
    }
  };

  app.get('/', (req, res) => {
    res.redirect(303, req.cookies.session && currentUser(req, res) ? '/account' : '/sign-in');
  });

  app.get('/sign-in', (req, res) => page(res, 200, views.signIn, { notice: req.query.notice }));

  app.post('/sign-in', async (req, res) => {
    const username = String(req.body.username ?? '');
    const password = String(req.body.password ?? '');
    try {
      const user = new CognitoUser({ Username: username, Pool: pool });
      const details = new AuthenticationDetails({ Username: username, Password: password });
      next(res, user, await user.authenticateUser(details));
    } catch (err) {
      if (!err.code) throw err;
      page(res, 400, views.signIn, { error: err, username });
    }
  });

  app.get('/mfa', async (req, res) => {
    const sealed = req.cookies.mfa_state;
    if (!sealed) {
      res.redirect(303, '/sign-in');
      return;
    }
    try {
      await mfaPage(res, sealed, 200);
    } catch (err) {
      if (!err.code) throw err;
      signInAgain(res, err);
    }
  });

  app.post('/mfa', mfaStep((user, body) => user.sendMFACode(String(body.code ?? '').trim())));
  app.post('/mfa/select', mfaStep((user, body) => user.sendMFASelectionAnswer(String(body.factor ?? ''))));
  app.post('/mfa/setup', mfaStep((user, body) =>
    user.verifySoftwareToken(String(body.code ?? '').trim(), String(body.friendlyName || 'Authenticator app'))));

  app.get('/account', requireUser(async (req, res, user) => {
    const data = await user.getUserData();
    const enabled = data.UserMFASettingList ?? [];
    page(res, 200, views.account, {
      notice: req.query.notice,
      error: req.query.error ? { code: String(req.query.error) } : undefined,
      username: data.Username,
      factors: FACTORS.map((name) => ({
        name,
        enabled: enabled.includes(name),
        preferred: data.PreferredMfaSetting === name,
      })),
    });
  }));

  app.post('/account/mfa', requireUser(async (req, res, user) => {
    const settings = {
      enable: { Enabled: true, PreferredMfa: false },
      disable: { Enabled: false, PreferredMfa: false },
      prefer: { Enabled: true, PreferredMfa: true },
    }[req.body.action];
    const factor = req.body.factor;
    if (!settings || !FACTORS.includes(factor)) {
      res.redirect(303, '/account?error=InvalidInputError');
      return;
    }
    try {
      await user.setUserMfaPreference(
        factor === 'SMS_MFA' ? settings : null,
        factor === 'SOFTWARE_TOKEN_MFA' ? settings : null,
      );
      res.redirect(303, '/account?notice=mfa-updated');
    } catch (err) {
      if (!err.code) throw err;
      res.redirect(303, `/account?error=${encodeURIComponent(err.code)}`);
    }
  }));

  app.get('/totp/enrol', requireUser(async (req, res, user) => {
    page(res, 200, views.totpEnrol, await enrolment(user));
  }));

  app.post('/totp/enrol', requireUser(async (req, res, user) => {
    try {
      const code = String(req.body.code ?? '').trim();
      await user.verifySoftwareToken(code, String(req.body.friendlyName || 'Authenticator app'));
      await user.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true });
      res.redirect(303, '/account?notice=totp-enrolled');
    } catch (err) {
      if (!err.code) throw err;
      // A fresh association: the page shows a secret that is sure to be pending.
      page(res, 400, views.totpEnrol, { error: err, ...(await enrolment(user)) });
    }
  }));

  app.post('/sign-out', async (req, res) => {
    const user = currentUser(req, res);
    if (user) {
      try {
        await user.globalSignOut();
      } catch {
        // The tokens may be expired or revoked already: signing out here is what matters.
      }
    }
    clear(res, 'session');
    clear(res, 'mfa_state');
    res.redirect(303, '/sign-in?notice=signed-out');
  });

  // Anything unexpected: a page with the error's code (never its message) and a log line.
  app.use((err, req, res, _next) => {
    console.error(`error on ${req.method} ${req.path}: ${err.code ?? err.name}`);
    res.status(500).send(views.errorPage({ error: { code: err.code ?? 'InternalError' } }));
  });

  return app;
}

module.exports = { createApp, configFromEnv, sealerFromEnv };
