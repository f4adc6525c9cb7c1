// TokenVerifier in Node: the mock's tokens verify (Promise and sync), each tampering and claim
// failure is refused with its code, the settings are checked; then a differential test against
// aws-jwt-verify 5.2.1 (pinned) on one corpus of tokens: the same verdict, and the same kind of
// error, for every token.
//
// aws-jwt-verify's CognitoJwtVerifier accepts only Cognito's own issuer (awslabs/aws-jwt-verify
// #147), so the differential corpus comes from a mock issuing the AWS issuer
// (`settings.token_issuer: "aws"`), and both verifiers are given the mock's JWKS explicitly
// (`cacheJwks` there, `jwks` here).
'use strict';

const { inspect } = require('node:util');

const { CognitoJwtVerifier } = require('aws-jwt-verify');
const { AuthenticationDetails, CognitoUser, TokenVerifier, errorCodes } = require('cognito-mfa');
const { MockCognito, DEFAULT_PASSWORD } = require('cognito-mfa/testing');

jest.setTimeout(60_000);

const FLOWS = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decoded = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

async function newPool(mock, name = 'test') {
  const poolId = await mock.createUserPool({ mfa: 'OFF', name });
  const client = await mock.createAppClient(poolId, { authFlows: FLOWS });
  await mock.createUser(poolId, 'bob', DEFAULT_PASSWORD, { attributes: { email: 'bob@example.com' } });
  return { poolId, client };
}

async function signIn(mock, { poolId, client }) {
  const user = new CognitoUser({ Username: 'bob', Pool: mock.userPool(poolId, client) });
  const { session } = await user.authenticateUser(new AuthenticationDetails({ Username: 'bob', Password: DEFAULT_PASSWORD }), { flow: 'USER_PASSWORD_AUTH' });
  return { id: session.getIdToken().getJwtToken(), access: session.getAccessToken().getJwtToken() };
}

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('TokenVerifier against the mock', () => {
  let mock;
  let pool;
  let tokens;
  let issuer;
  beforeAll(async () => {
    mock = await MockCognito.start();
    pool = await newPool(mock);
    tokens = await signIn(mock, pool);
    issuer = `${mock.endpoint}/${pool.poolId}`;
  });
  afterAll(async () => {
    await mock.stop();
  });
  const verifier = (extra = {}) => new TokenVerifier({ userPoolId: pool.poolId, tokenUse: 'access', clientId: pool.client.clientId, issuer, ...extra });

  test('access and ID tokens verify to their payloads, with Promise and sync calls', async () => {
    const access = verifier();
    expect(access.jwksUris).toStrictEqual([`${issuer}/.well-known/jwks.json`]);
    const payload = await access.verify(tokens.access);
    expect(payload).toMatchObject({ token_use: 'access', username: 'bob', client_id: pool.client.clientId, iss: issuer });
    expect(payload.scope).toBe('aws.cognito.signin.user.admin');
    expect(access.verifySync(tokens.access)).toStrictEqual(payload);
    const id = await verifier({ tokenUse: 'id' }).verify(tokens.id);
    expect(id).toMatchObject({ token_use: 'id', 'cognito:username': 'bob', email: 'bob@example.com', aud: pool.client.clientId });
    expect(id.sub).toBe(payload.sub);
    expect(errorCodes()).toEqual(expect.arrayContaining(['JwtExpiredError', 'JwksWaitPeriodError', 'JwkInvalidError']));
  });

  test('verifySync needs a cached JWKS', async () => {
    const cold = verifier();
    const error = (() => {
      try {
        cold.verifySync(tokens.access);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error.code).toBe('InvalidInputError');
    await cold.hydrate();
    expect(cold.verifySync(tokens.access).username).toBe('bob');
  });

  test.each([
    ['payload changed', 'JwtInvalidSignatureError', (h, p, s) => [h, { ...p, username: 'mallory' }, s]],
    ['alg none', 'JwtAlgorithmError', (h, p, s) => [{ ...h, alg: 'none' }, p, s]],
    ['alg HS256', 'JwtAlgorithmError', (h, p, s) => [{ ...h, alg: 'HS256' }, p, s]],
    ['signature flipped', 'JwtInvalidSignatureError', (h, p, s) => [h, p, (s[0] === 'A' ? 'B' : 'A') + s.slice(1)]],
    ['unknown kid', 'JwtUnknownKeyError', (h, p, s) => [{ ...h, kid: 'rotated' }, p, s]],
  ])('%s is refused with %s', async (_, code, mutate) => {
    const [header, payload, signature] = tokens.access.split('.');
    const [h, p, s] = mutate(decoded(header), decoded(payload), signature);
    const forged = `${b64(h)}.${b64(p)}.${s}`;
    const error = await rejection(verifier().verify(forged));
    expect(error.code).toBe(code);
    expect(error.message).not.toContain(forged);
    expect(inspect(error)).not.toContain(s);
  });

  test('claim failures and settings', async () => {
    expect((await rejection(verifier().verify(tokens.id))).code).toBe('JwtTokenUseError');
    expect((await rejection(verifier({ clientId: 'someoneelse' }).verify(tokens.access))).code).toBe('JwtAudienceError');
    expect((await rejection(verifier({ scopes: ['orders/write'] }).verify(tokens.access))).code).toBe('JwtScopeError');
    expect((await rejection(verifier({ groups: 'admins' }).verify(tokens.access))).code).toBe('JwtGroupError');
    expect((await rejection(verifier().verify('not.a.token'))).code).toBe('JwtMalformedError');
    const wait = verifier({ cooldown: 60 });
    await wait.verify(tokens.access);
    const [header, payload, signature] = tokens.access.split('.');
    for (const [kid, code] of [['r1', 'JwtUnknownKeyError'], ['r2', 'JwksWaitPeriodError']]) {
      const error = await rejection(wait.verify(`${b64({ ...decoded(header), kid })}.${payload}.${signature}`));
      expect(error.code).toBe(code);
      if (code === 'JwksWaitPeriodError') expect(error.retryAfterMs).toBeGreaterThan(0);
    }
    for (const bad of [{}, { userPoolId: pool.poolId, clientId: 'x' }, { userPoolId: pool.poolId, tokenUse: 'access' }, { userPoolId: 'nope', tokenUse: 'access', clientId: 'x' }, { userPoolId: pool.poolId, tokenUse: 'refresh', clientId: 'x' }, { userPoolId: pool.poolId, tokenUse: 'access', clientId: 'x', jwksUri: 'http://example.com/jwks' }, { userPoolId: pool.poolId, tokenUse: 'access', clientId: 'x', grace: -1 }, { pools: [], userPoolId: pool.poolId }]) {
      expect(() => new TokenVerifier(bad)).toThrow(expect.objectContaining({ code: 'InvalidInputError' }));
    }
  });

  test('an expired token, and the grace', async () => {
    const old = await newPool(mock, 'old');
    mock.advanceClock(-3_630);
    const expired = await signIn(mock, old);
    mock.advanceClock(3_630);
    const settings = { userPoolId: old.poolId, tokenUse: 'access', clientId: old.client.clientId, issuer: `${mock.endpoint}/${old.poolId}` };
    const error = await rejection(new TokenVerifier(settings).verify(expired.access));
    expect(error.code).toBe('JwtExpiredError');
    expect(error.expiredAt).toBe(decoded(expired.access.split('.')[1]).exp);
    expect((await new TokenVerifier({ ...settings, grace: 120 }).verify(expired.access)).username).toBe('bob');
  });
});

describe('remembered tokens and the 2026 issuer', () => {
  test('a verified token is remembered, up to tokenCache tokens; 0 remembers none', async () => {
    const mock = await MockCognito.start({ config: { settings: { token_issuer: 'aws' } } });
    try {
      const pool = await newPool(mock);
      const first = await signIn(mock, pool);
      mock.advanceClock(-1); // issued a second earlier: another token
      const second = await signIn(mock, pool);
      expect(second.access).not.toBe(first.access);
      const jwks = await (await fetch(`${mock.endpoint}/${pool.poolId}/.well-known/jwks.json`)).json();
      const settings = { userPoolId: pool.poolId, tokenUse: 'access', clientId: pool.client.clientId, jwks };

      const verifier = new TokenVerifier(settings);
      expect(verifier.rememberedTokens).toBe(0);
      const payload = await verifier.verify(first.access);
      expect(verifier.rememberedTokens).toBe(1);
      // Remembered: the Promise and the sync call give the same payload, a new object each time.
      const again = await verifier.verify(first.access);
      expect(again).toStrictEqual(payload);
      expect(again).not.toBe(payload);
      expect(verifier.verifySync(first.access)).toStrictEqual(payload);
      // A tampered copy of a remembered token is still refused.
      const [header, body, signature] = first.access.split('.');
      const forged = `${header}.${b64({ ...decoded(body), username: 'mallory' })}.${signature}`;
      expect((await rejection(verifier.verify(forged))).code).toBe('JwtInvalidSignatureError');
      expect(verifier.rememberedTokens).toBe(1);

      const one = new TokenVerifier({ ...settings, tokenCache: 1 });
      expect((await one.verify(first.access)).username).toBe('bob');
      expect((await one.verify(second.access)).username).toBe('bob');
      expect(one.rememberedTokens).toBe(1);
      const none = new TokenVerifier({ ...settings, tokenCache: 0 });
      expect(none.verifySync(first.access)).toStrictEqual(payload);
      expect(none.rememberedTokens).toBe(0);
      for (const tokenCache of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => new TokenVerifier({ ...settings, tokenCache })).toThrow(expect.objectContaining({ code: 'InvalidInputError', message: expect.stringContaining('tokenCache') }));
      }
    } finally {
      await mock.stop();
    }
  });

  test('tokens of the https://issuer-cognito-idp.{region}.amazonaws.com/{pool} issuer verify', async () => {
    const mock = await MockCognito.start({ config: { settings: { token_issuer: 'aws_issuer' } } });
    try {
      const pool = await newPool(mock);
      const { access, id } = await signIn(mock, pool);
      const region = pool.poolId.split('_')[0];
      expect(decoded(access.split('.')[1]).iss).toBe(`https://issuer-cognito-idp.${region}.amazonaws.com/${pool.poolId}`);
      const jwks = await (await fetch(`${mock.endpoint}/${pool.poolId}/.well-known/jwks.json`)).json();
      const settings = { userPoolId: pool.poolId, clientId: pool.client.clientId, jwks };
      expect((await new TokenVerifier({ ...settings, tokenUse: 'access' }).verify(access)).username).toBe('bob');
      expect((await new TokenVerifier({ ...settings, tokenUse: 'id' }).verify(id)).email).toBe('bob@example.com');
      // An explicit issuer of the other form refuses it.
      const other = `https://cognito-idp.${region}.amazonaws.com/${pool.poolId}`;
      expect((await rejection(new TokenVerifier({ ...settings, tokenUse: 'access', issuer: other }).verify(access))).code).toBe('JwtIssuerError');
    } finally {
      await mock.stop();
    }
  });
});

describe('the payload is plain data', () => {
  test('"__proto__" and "constructor" claims are left out at every depth, as aws-jwt-verify leaves them out', async () => {
    // A key of our own and a token it signs. The payload is JSON text: a literal `__proto__`
    // key in JavaScript would set the prototype instead of making a claim.
    const { generateKeyPairSync, createSign } = require('node:crypto');
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'own-key', alg: 'RS256', use: 'sig' }] };
    const poolId = 'us-east-1_PlainData';
    const now = Math.floor(Date.now() / 1000);
    const claims = `{"sub":"s-1","iss":"https://cognito-idp.us-east-1.amazonaws.com/${poolId}","token_use":"access",` +
      `"client_id":"client-1","exp":${now + 600},"iat":${now},"__proto__":{"polluted":true},"constructor":"c",` +
      `"scope":"a b","nested":{"__proto__":{"polluted":true},"kept":1,"list":[[{"constructor":2,"kept":3}]]}}`;
    const signed = `${b64({ alg: 'RS256', kid: 'own-key' })}.${Buffer.from(claims).toString('base64url')}`;
    const token = `${signed}.${createSign('RSA-SHA256').update(signed).sign(privateKey).toString('base64url')}`;
    const settings = { userPoolId: poolId, tokenUse: 'access', clientId: 'client-1' };
    const theirs = CognitoJwtVerifier.create(settings);
    theirs.cacheJwks(jwks);
    const expected = await theirs.verify(token);
    expect(expected).toEqual({ sub: 's-1', iss: expect.any(String), token_use: 'access', client_id: 'client-1', exp: now + 600, iat: now, scope: 'a b', nested: { kept: 1, list: [[{ kept: 3 }]] } });
    const verifier = new TokenVerifier({ ...settings, jwks });
    // The first sight, the remembered token, and the sync call.
    for (const payload of [await verifier.verify(token), await verifier.verify(token), verifier.verifySync(token)]) {
      expect(payload).toEqual(expected);
      for (const object of [payload, payload.nested, payload.nested.list[0][0]]) {
        expect(Object.keys(object).filter((key) => key === '__proto__' || key === 'constructor')).toStrictEqual([]);
        // An Object.prototype (of the addon's realm, not jest's), not a claim.
        expect(Object.getPrototypeOf(Object.getPrototypeOf(object))).toBeNull();
        expect(object.polluted).toBeUndefined();
      }
    }
    expect(verifier.rememberedTokens).toBe(1);
  });
});

describe('the same verdicts as aws-jwt-verify 5.2.1', () => {
  let mock;
  const corpus = [];
  let main;
  let jwks;
  beforeAll(async () => {
    mock = await MockCognito.start({ config: { settings: { token_issuer: 'aws', signing_keys: 'shared' } } });
    main = await newPool(mock, 'main');
    const otherClient = await mock.createAppClient(main.poolId, { authFlows: FLOWS, name: 'other' });
    const otherPool = await newPool(mock, 'other');
    const ok = await signIn(mock, main);
    const foreign = await signIn(mock, { poolId: main.poolId, client: otherClient });
    const elsewhere = await signIn(mock, otherPool);
    mock.advanceClock(-7_200);
    const old = await signIn(mock, main);
    mock.advanceClock(7_200);
    jwks = await (await fetch(`${mock.endpoint}/${main.poolId}/.well-known/jwks.json`)).json();
    const [header, payload, signature] = ok.access.split('.');
    const flipped = (s) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    corpus.push(
      ['valid access', ok.access, 'access'],
      ['valid id', ok.id, 'id'],
      ['expired access', old.access, 'access'],
      ['expired id', old.id, 'id'],
      ['another pool (access)', elsewhere.access, 'access'],
      ['another pool (id)', elsewhere.id, 'id'],
      ['another client (access)', foreign.access, 'access'],
      ['another client (id)', foreign.id, 'id'],
      ['id used as access', ok.id, 'access'],
      ['access used as id', ok.access, 'id'],
      ['payload changed', `${header}.${b64({ ...decoded(payload), username: 'mallory' })}.${signature}`, 'access'],
      ['alg none', `${b64({ ...decoded(header), alg: 'none' })}.${payload}.${signature}`, 'access'],
      ['signature flipped', `${header}.${payload}.${flipped(signature)}`, 'access'],
      ['unknown kid', `${b64({ ...decoded(header), kid: 'rotated' })}.${payload}.${signature}`, 'access'],
      ['not a JWT', 'not.a.jwt', 'access'],
      ['two parts', `${header}.${payload}`, 'access'],
      ['empty', '', 'access'],
    );
  });
  afterAll(async () => {
    await mock.stop();
  });

  // aws-jwt-verify's error classes and ours, by what they refuse.
  const KIND = {
    JwtExpiredError: 'expired',
    JwtInvalidIssuerError: 'issuer',
    JwtIssuerError: 'issuer',
    JwtInvalidClaimError: 'claim',
    CognitoJwtInvalidTokenUseError: 'token use',
    JwtTokenUseError: 'token use',
    CognitoJwtInvalidClientIdError: 'client',
    JwtAudienceError: 'client',
    JwtInvalidSignatureError: 'signature',
    JwtInvalidSignatureAlgorithmError: 'algorithm',
    JwtAlgorithmError: 'algorithm',
    KidNotFoundInJwksError: 'unknown key',
    JwtUnknownKeyError: 'unknown key',
    JwtParseError: 'malformed',
    JwtMalformedError: 'malformed',
    JwtInvalidJwkError: 'malformed',
  };

  test('the corpus covers what the issue lists', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(17);
  });

  test('every token gets the same verdict and the same kind of refusal', async () => {
    const verdicts = [];
    for (const [name, token, tokenUse] of corpus) {
      const theirs = CognitoJwtVerifier.create({ userPoolId: main.poolId, tokenUse, clientId: main.client.clientId });
      theirs.cacheJwks(jwks);
      const ours = new TokenVerifier({ userPoolId: main.poolId, tokenUse, clientId: main.client.clientId, jwks });
      const their = await theirs.verify(token).then(
        () => 'accepted',
        (error) => {
          // aws-jwt-verify picks its settings by the token's `iss`: another pool's issuer is
          // "not configured" for it, a parameter error naming the issuer.
          if (error.constructor.name === 'ParameterValidationError' && /issuer/i.test(error.message)) return 'issuer';
          // With the JWKS given, an unknown kid makes it refetch from cognito-idp.amazonaws.com
          // (closed here: a FetchError); ours, given a JWKS and no jwksUri, has nowhere to refetch.
          if (error.constructor.name === 'FetchError' && name === 'unknown kid') return 'unknown key';
          return KIND[error.constructor.name] ?? `unmapped ${error.constructor.name}: ${error.message}`;
        },
      );
      const our = await ours.verify(token).then(() => 'accepted', (error) => KIND[error.code] ?? `unmapped ${error.code}`);
      verdicts.push([name, our, their]);
    }
    const differing = verdicts.filter(([, our, their]) => our !== their);
    expect(differing).toStrictEqual([]);
    expect(verdicts.filter(([, our]) => our === 'accepted').map(([name]) => name)).toStrictEqual(['valid access', 'valid id']);
  });
});
