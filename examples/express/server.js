#!/usr/bin/env node
'use strict';
// Starts the example app.
//
//   node server.js                 against the pool the environment names (README.md)
//   node server.js --mock [--port N]
//                                  against an embedded mock Cognito, with demo users
//
// Demo users (--mock): alice, bob, carol, dave, erin, frank; password Corr3ct-Horse!;
// e-mail <name>@example.com and phone +1555010000N (alice 1 ... frank 6), both verified; no MFA.

const crypto = require('node:crypto');
const { parseArgs } = require('node:util');
const { createApp, configFromEnv } = require('./app');

const DEMO_USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const DEMO_PASSWORD = 'Corr3ct-Horse!';

const USAGE = `usage: node server.js [--mock] [--port N] [--host ADDRESS]

  --mock       start an embedded mock Cognito with demo users and a fresh sealing key
  --port N     the port to listen on (default $PORT or 3000; 0 picks a free one)
  --host ADDR  the address to listen on (default $HOST or 127.0.0.1)

Demo users with --mock: ${DEMO_USERS.join(', ')} (password ${DEMO_PASSWORD}).
`;

/** Starts the mock, makes the pool, the app client and the demo users; returns the env to use. */
async function startMock() {
  const { MockCognito } = require('cognito-mfa/testing');
  const mock = await MockCognito.start();
  const poolId = await mock.createUserPool({ name: 'example', mfa: 'OPTIONAL', sms: true, softwareToken: true });
  const client = await mock.createAppClient(poolId, { name: 'express-example' });
  for (const [i, name] of DEMO_USERS.entries()) {
    await mock.createUser(poolId, name, DEMO_PASSWORD, {
      attributes: {
        email: `${name}@example.com`,
        email_verified: 'true',
        phone_number: `+1555010000${i + 1}`,
        phone_number_verified: 'true',
      },
    });
  }
  const env = {
    COGNITO_USER_POOL_ID: poolId,
    COGNITO_CLIENT_ID: client.clientId,
    COGNITO_ENDPOINT: mock.endpoint,
    // A key given by the caller (a test that checks it never shows) wins over a fresh one.
    SEALING_KEYS: process.env.SEALING_KEYS || `k1:${crypto.randomBytes(32).toString('base64')}`,
    // The mock's virtual clock runs ahead when tests move it (TOTP steps, expiries): its
    // tokens must not look issued in the future to the app's verifier.
    TOKEN_GRACE_SECONDS: '3600',
  };
  return { mock, env };
}

async function main() {
  let args;
  try {
    ({ values: args } = parseArgs({
      options: {
        mock: { type: 'boolean', default: false },
        port: { type: 'string' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    process.stderr.write(`${err.message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(args.port ?? process.env.PORT ?? 3000);
  const host = args.host ?? process.env.HOST ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port: not a port number\n${USAGE}`);
    process.exit(2);
  }

  let mock = null;
  let env = process.env;
  if (args.mock) {
    const started = await startMock();
    mock = started.mock;
    env = { ...process.env, ...started.env };
  }
  const app = createApp(configFromEnv(env));
  const server = app.listen(port, host, () => {
    const { port: bound } = server.address();
    const where = host.includes(':') ? `[${host}]` : host;
    const mockPart = mock ? ` mock=${mock.endpoint}` : '';
    process.stdout.write(`cognito-mfa example ready: app=http://${where}:${bound}${mockPart}\n`);
  });
  server.on('error', (err) => {
    process.stderr.write(`cannot listen on ${host}:${port}: ${err.code ?? err.message}\n`);
    process.exit(1);
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
    if (mock) await mock.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  process.stderr.write(`cognito-mfa example failed to start: ${err.code ?? ''} ${err.message}\n`);
  process.exit(1);
});
