// Two builds of the Node addon side by side in one process, on a remembered token (the
// default tokenCache): TokenVerifier.verifySync and verify, microseconds per verification,
// best of 9 alternating rounds. For a change to the native side, measured against the build
// before it:
//
//   git stash; npm run build; cp bindings-node/cognito-mfa.node /tmp/old.node; git stash pop
//   npm run build; cp bindings-node/cognito-mfa.node /tmp/new.node
//   node bench/node_verify_builds.js /tmp/old.node /tmp/new.node
'use strict';

const { AuthenticationDetails, CognitoUser } = require('cognito-mfa');
const { MockCognito, DEFAULT_PASSWORD } = require('cognito-mfa/testing');
const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: node bench/node_verify_builds.js A.node B.node ...');
const builds = files.map((file) => [file, require(require('node:path').resolve(file)).TokenVerifier]);
async function main() {
  const mock = await MockCognito.start({ config: { settings: { token_issuer: 'aws' } } });
  const poolId = await mock.createUserPool({ mfa: 'OFF' });
  const client = await mock.createAppClient(poolId, { authFlows: ['ALLOW_USER_PASSWORD_AUTH'] });
  await mock.createUser(poolId, 'bob');
  const user = new CognitoUser({ Username: 'bob', Pool: mock.userPool(poolId, client) });
  const { session } = await user.authenticateUser(new AuthenticationDetails({ Username: 'bob', Password: DEFAULT_PASSWORD }), { flow: 'USER_PASSWORD_AUTH' });
  const token = session.getAccessToken().getJwtToken();
  const jwks = await (await fetch(`${mock.endpoint}/${poolId}/.well-known/jwks.json`)).json();
  const verifiers = builds.map(([file, TokenVerifier]) => [file, new TokenVerifier({ userPoolId: poolId, tokenUse: 'access', clientId: client.clientId, jwks })]);
  for (const [, v] of verifiers) await v.verify(token);
  const N = 20000;
  const best = {};
  for (let r = 0; r < 9; r++) {
    for (const [file, v] of verifiers) {
      let t = process.hrtime.bigint();
      for (let i = 0; i < N; i++) v.verifySync(token);
      const sync = Number(process.hrtime.bigint() - t) / N / 1000;
      t = process.hrtime.bigint();
      for (let i = 0; i < N; i++) await v.verify(token);
      const prom = Number(process.hrtime.bigint() - t) / N / 1000;
      const b = (best[file] ||= { sync: Infinity, prom: Infinity });
      b.sync = Math.min(b.sync, sync); b.prom = Math.min(b.prom, prom);
    }
  }
  for (const [file, b] of Object.entries(best)) console.log(`${file}: verifySync ${b.sync.toFixed(2)} µs, verify ${b.prom.toFixed(2)} µs`);
  await mock.stop();
}
main();
