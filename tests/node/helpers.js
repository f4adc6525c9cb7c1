// Shared helpers of the Node tests (not a test file itself).
'use strict';

/**
 * Runs `fn`, which must throw, and returns what it threw. Inside jest, `instanceof Error` is
 * false for errors made by the addon (another realm), so tests match on `code` instead.
 */
function thrownBy(fn) {
  let threw = false;
  let error;
  try {
    fn();
  } catch (caught) {
    threw = true;
    error = caught;
  }
  if (!threw) throw new Error('expected the call to throw, it returned normally');
  return error;
}

/** A small deterministic PRNG (mulberry32), so randomized tests replay identically. */
function prng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [min, max]. */
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    bytes: (length) => Uint8Array.from({ length }, () => Math.floor(next() * 256)),
  };
}

/** RFC 4648 base32 without padding (written here so the tests do not trust the addon). */
function base32(bytes) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

module.exports = { thrownBy, prng, base32 };

/** The password of the users the client tests create. */
const PASSWORD = 'Passw0rd!';

/**
 * A pool, an app client and a `CognitoUserPool` of this package on `mock` (a MockCognito),
 * with helpers to create users (with an e-mail address and a phone number) and their
 * AuthenticationDetails.
 */
async function setupPool(
  mock,
  {
    mfa = 'OPTIONAL',
    sms = true,
    softwareToken = true,
    email = false,
    generateSecret = false,
    authFlows = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  } = {},
) {
  const { CognitoUser, AuthenticationDetails } = require('cognito-mfa');
  const poolId = await mock.createUserPool({ mfa, sms, softwareToken, email });
  const client = await mock.createAppClient(poolId, { generateSecret, authFlows });
  const pool = mock.userPool(poolId, client);
  let serial = 0;
  return {
    poolId,
    client,
    pool,
    /** Creates a user (a fresh name from `prefix`): returns `{ user, username }` (user: a CognitoUser). */
    async user(prefix = 'user', { temporaryPassword = false, attributes } = {}) {
      serial += 1;
      const username = `${prefix}-${serial}`;
      await mock.createUser(poolId, username, PASSWORD, {
        temporaryPassword,
        attributes: attributes || { email: `${username}@example.com`, phone_number: '+15555550100' },
      });
      return { user: new CognitoUser({ Username: username, Pool: pool }), username };
    },
    /** A CognitoUser of an existing user name. */
    existing(username) {
      return new CognitoUser({ Username: username, Pool: pool });
    },
    details(username, password = PASSWORD) {
      return new AuthenticationDetails({ Username: username, Password: password });
    },
  };
}

module.exports.PASSWORD = PASSWORD;
module.exports.setupPool = setupPool;

/** The fake Cognito servers started by fakeCognito, closed by closeFakes. */
const fakes = [];

/**
 * An HTTP server that answers every request with `handler(operation, body, res)` (a fake
 * Cognito that misbehaves on purpose, or serves what the mock does not); resolves to its
 * endpoint.
 */
async function fakeCognito(handler) {
  const http = require('node:http');
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] || '').split('.').pop();
      handler(operation, body ? JSON.parse(body) : {}, res);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  fakes.push(server);
  return `http://127.0.0.1:${server.address().port}`;
}

/** Closes every server made by fakeCognito. */
function closeFakes() {
  for (const server of fakes.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
}

/** An unsigned JWT with the claims the client reads (iat, exp) and `claims`. */
function fakeJwt(claims) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'none' })}.${part({ iat: now, exp: now + 3600, ...claims })}.c2ln`;
}

/** Answers `res` with a Cognito-style JSON body. */
function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

module.exports.fakeCognito = fakeCognito;
module.exports.closeFakes = closeFakes;
module.exports.fakeJwt = fakeJwt;
module.exports.json = json;

/**
 * Starts the `cognito-mfa mock` command ($COGNITO_MFA_BIN, else target/debug/cognito-mfa) on a
 * free loopback port with `config` (the mock's config file, as an object); resolves to
 * `{ child, endpoint }` once it prints `listening on http://127.0.0.1:PORT`.
 */
async function startCliMock(config) {
  const { spawn } = require('node:child_process');
  const fs = require('node:fs');
  const os = require('node:os');
  const path = require('node:path');
  const readline = require('node:readline');
  const binary =
    process.env.COGNITO_MFA_BIN ||
    path.join(__dirname, '..', '..', 'target', 'debug', 'cognito-mfa');
  if (!fs.existsSync(binary)) {
    throw new Error(`no cognito-mfa binary at ${binary}: run \`cargo build -p cognito-mfa-cli\``);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-mfa-mock-'));
  const configPath = path.join(dir, 'mock.json');
  fs.writeFileSync(configPath, JSON.stringify(config));
  const child = spawn(binary, ['mock', '--port', '0', '--config', configPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the mock exited early (${code})`)));
  });
  lines.close();
  if (!/^listening on http:\/\/127\.0\.0\.1:\d+$/.test(first)) {
    child.kill('SIGTERM');
    throw new Error(`unexpected first line of the mock: ${first}`);
  }
  return { child, endpoint: first.slice('listening on '.length) };
}

/** Stops a mock of startCliMock with SIGTERM; resolves to its exit code (null if it had ended). */
async function stopCliMock(child) {
  if (!child || child.exitCode !== null) return null;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

module.exports.startCliMock = startCliMock;
module.exports.stopCliMock = stopCliMock;
