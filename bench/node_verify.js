// Verification of a cached-key Cognito access token from Node: cognito-mfa's TokenVerifier
// (verifySync and the Promise verify) against aws-jwt-verify 5.2.1's CognitoJwtVerifier
// (verifySync and verify, its JWKS cached), in the same run, on the same token (a mock issuing
// the AWS issuer). Prints microseconds per verification (best of 5 rounds).
//
// cognito-mfa is measured remembering verified tokens (the default, tokenCache 1024: the same
// token again skips the RSA check) and with tokenCache: 0 (every verification a first sight,
// RSA check included). aws-jwt-verify remembers no token, so both are against its figures.
//
//   node bench/node_verify.js
'use strict';

const { CognitoJwtVerifier } = require('aws-jwt-verify');
const { AuthenticationDetails, CognitoUser, TokenVerifier } = require('cognito-mfa');
const { MockCognito, DEFAULT_PASSWORD } = require('cognito-mfa/testing');

const N = 5_000;

async function best(fn) {
  let fastest = Infinity;
  for (let round = 0; round < 5; round += 1) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i += 1) await fn();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / N / 1000);
  }
  return fastest;
}

async function main() {
  const mock = await MockCognito.start({ config: { settings: { token_issuer: 'aws' } } });
  const poolId = await mock.createUserPool({ mfa: 'OFF' });
  const client = await mock.createAppClient(poolId, { authFlows: ['ALLOW_USER_PASSWORD_AUTH'] });
  await mock.createUser(poolId, 'bob');
  const user = new CognitoUser({ Username: 'bob', Pool: mock.userPool(poolId, client) });
  const { session } = await user.authenticateUser(new AuthenticationDetails({ Username: 'bob', Password: DEFAULT_PASSWORD }), { flow: 'USER_PASSWORD_AUTH' });
  const token = session.getAccessToken().getJwtToken();
  const jwks = await (await fetch(`${mock.endpoint}/${poolId}/.well-known/jwks.json`)).json();
  const theirs = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId: client.clientId });
  theirs.cacheJwks(jwks);
  const ours = new TokenVerifier({ userPoolId: poolId, tokenUse: 'access', clientId: client.clientId, jwks });
  const firstSight = new TokenVerifier({ userPoolId: poolId, tokenUse: 'access', clientId: client.clientId, jwks, tokenCache: 0 });
  await theirs.verify(token);
  await ours.verify(token);
  await firstSight.verify(token);
  if (ours.rememberedTokens !== 1 || firstSight.rememberedTokens !== 0) throw new Error('the token cache settings did not take');
  const rows = {
    'aws-jwt-verify verifySync': await best(() => theirs.verifySync(token)),
    'cognito-mfa verifySync, seen before': await best(() => ours.verifySync(token)),
    'cognito-mfa verifySync, first sight': await best(() => firstSight.verifySync(token)),
    'aws-jwt-verify verify': await best(() => theirs.verify(token)),
    'cognito-mfa verify, seen before': await best(() => ours.verify(token)),
    'cognito-mfa verify, first sight': await best(() => firstSight.verify(token)),
  };
  for (const [name, us] of Object.entries(rows)) console.log(`${name.padStart(36)}: ${us.toFixed(1)} µs per verification`);
  for (const call of ['verifySync', 'verify']) {
    for (const kind of ['seen before', 'first sight']) {
      const ratio = rows[`aws-jwt-verify ${call}`] / rows[`cognito-mfa ${call}, ${kind}`];
      console.log(`ratio ${call}, ${kind}: ${ratio.toFixed(2)}x`);
    }
  }
  await mock.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
