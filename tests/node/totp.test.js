// Tests of the TOTP engine's Node API (the `totp` module of the core): RFC vectors, the TOTP
// and KeyUri classes, errors, secrecy and QR output.
'use strict';

const util = require('node:util');
const { TOTP, KeyUri, randomSecret, parseUri, qrSvg, qrText } = require('cognito-mfa');
const { thrownBy } = require('./helpers');

// RFC 6238 appendix B: keys are ASCII strings of the hash's output size.
const RFC6238_KEYS = {
  SHA1: Buffer.from('12345678901234567890', 'ascii'),
  SHA256: Buffer.from('12345678901234567890123456789012', 'ascii'),
  SHA512: Buffer.from('1234567890'.repeat(6) + '1234', 'ascii'),
};
// RFC 6238 appendix B, table "Test Vectors" (8 digits, 30-second steps).
const RFC6238_VECTORS = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];
// RFC 4226 appendix D: HOTP-SHA1 of key "12345678901234567890", 6 digits, counters 0..9.
const RFC4226_VECTORS = [
  '755224', '287082', '359152', '969429', '338314',
  '254676', '287922', '162583', '399871', '520489',
];
const SECRET = 'JBSWY3DPEHPK3PXP'; // 10 bytes, the shortest secret Cognito accepts (80 bits)

describe('RFC 6238 appendix B vectors', () => {
  test.each(RFC6238_VECTORS)('at %d', (time, sha1, sha256, sha512) => {
    const expected = { SHA1: sha1, SHA256: sha256, SHA512: sha512 };
    for (const algorithm of ['SHA1', 'SHA256', 'SHA512']) {
      const totp = new TOTP(RFC6238_KEYS[algorithm], { digits: 8, algorithm });
      expect(totp.at(time)).toBe(expected[algorithm]);
      expect(totp.verify(expected[algorithm], { at: time, window: 0 })).toBe(true);
    }
  });
});

describe('RFC 4226 appendix D vectors', () => {
  // With a 1-second period the time step equals the unix time, so TOTP at t is HOTP(t).
  const hotp = new TOTP(RFC6238_KEYS.SHA1, { period: 1 });
  test.each(RFC4226_VECTORS.map((code, counter) => [counter, code]))('counter %d', (counter, code) => {
    expect(hotp.at(counter)).toBe(code);
  });
});

describe('TOTP', () => {
  test('defaults are Cognito\'s: SHA1, 6 digits, 30 s', () => {
    const totp = new TOTP(SECRET);
    expect(totp.algorithm).toBe('SHA1');
    expect(totp.digits).toBe(6);
    expect(totp.period).toBe(30);
    expect(totp.secret).toBe(SECRET);
  });

  test('options are applied and read back', () => {
    const totp = new TOTP(SECRET, { digits: 8, period: 60, algorithm: 'sha-256' });
    expect(totp.algorithm).toBe('SHA256');
    expect(totp.digits).toBe(8);
    expect(totp.period).toBe(60);
    expect(totp.at(1234567890)).toMatch(/^\d{8}$/);
    // null and undefined options mean "defaults"
    expect(new TOTP(SECRET, undefined).digits).toBe(6);
    expect(new TOTP(SECRET, null).period).toBe(30);
    expect(new TOTP(SECRET, { digits: undefined, algorithm: null }).algorithm).toBe('SHA1');
  });

  test('base32 is read tolerantly and written canonically', () => {
    const reference = new TOTP(SECRET).at(59);
    for (const variant of ['jbswy3dpehpk3pxp', 'JBSW Y3DP EHPK 3PXP', 'JBSWY3DPEHPK3PXP======']) {
      const totp = new TOTP(variant);
      expect(totp.secret).toBe(SECRET);
      expect(totp.at(59)).toBe(reference);
    }
  });

  test('a raw key (Buffer or Uint8Array) equals its base32 form', () => {
    const bytes = Uint8Array.from([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde, 0xad, 0xbe, 0xef]);
    expect(new TOTP(bytes).secret).toBe(SECRET);
    expect(new TOTP(Buffer.from(bytes)).at(1111111109)).toBe(new TOTP(SECRET).at(1111111109));
  });

  test('at() drops fractions of a second and accepts the whole safe range', () => {
    const totp = new TOTP(SECRET);
    expect(totp.at(59.999)).toBe(totp.at(59));
    expect(totp.at(0)).toBe(totp.at(29));
    expect(totp.at(0)).not.toBe(totp.at(30));
    expect(totp.at(Number.MAX_SAFE_INTEGER)).toMatch(/^\d{6}$/);
  });

  test('now() is the code of the current step', () => {
    const totp = new TOTP(SECRET);
    const before = Math.floor(Date.now() / 1000);
    const code = totp.now();
    const after = Math.floor(Date.now() / 1000);
    expect([totp.at(before), totp.at(after)]).toContain(code);
  });

  test('timeStep and secondsRemaining', () => {
    const totp = new TOTP(SECRET);
    expect(totp.timeStep(59)).toBe(1);
    expect(totp.timeStep(60)).toBe(2);
    expect(totp.timeStep(1234567890)).toBe(41152263);
    expect(totp.secondsRemaining(59)).toBe(1);
    expect(totp.secondsRemaining(60)).toBe(30);
    expect(totp.secondsRemaining(61)).toBe(29);
    const now = Math.floor(Date.now() / 1000);
    expect(Math.abs(totp.timeStep() - Math.floor(now / 30))).toBeLessThanOrEqual(1);
    expect(totp.secondsRemaining()).toBeGreaterThanOrEqual(1);
    expect(totp.secondsRemaining()).toBeLessThanOrEqual(30);
    expect(new TOTP(SECRET, { period: 1 }).secondsRemaining(5)).toBe(1);
  });

  test('toJSON/JSON.stringify carry the settings, never the secret', () => {
    const totp = new TOTP(SECRET, { digits: 7, algorithm: 'SHA512' });
    expect(totp.toJSON()).toEqual({ algorithm: 'SHA512', digits: 7, period: 30 });
    const json = JSON.stringify({ totp });
    expect(json).toBe('{"totp":{"algorithm":"SHA512","digits":7,"period":30}}');
    expect(json).not.toContain(SECRET);
  });

  test('util.inspect and console formatting never show the secret', () => {
    const totp = new TOTP(SECRET);
    const shown = [
      util.inspect(totp),
      util.inspect(totp, { showHidden: true, getters: true, depth: Infinity }),
      // without the custom inspect, the prototype's accessors show, but not their values
      // (only `getters: true` together with `customInspect: false` would call them)
      util.inspect(totp, { customInspect: false, showHidden: true }),
      util.inspect({ nested: { deeper: totp } }, { depth: 0 }),
      util.format('%s %o %O %j', totp, totp, totp, totp),
      String(totp),
    ];
    for (const text of shown) expect(text).not.toContain(SECRET);
    expect(util.inspect(totp)).toBe("TOTP { algorithm: 'SHA1', digits: 6, period: 30 }");
    expect(Object.keys(totp)).toEqual([]);
  });
});

describe('verify', () => {
  const totp = new TOTP(SECRET);
  const t = 1234567890; // the first second of step 41152263 (1234567890 % 30 === 0)
  const codeAtStep = (offset) => totp.at(t + offset * 30);

  test('the current code matches; a well-formed wrong code is false, not an error', () => {
    expect(totp.verify(totp.at(t), { at: t })).toBe(true);
    const wrong = totp.at(t) === '000000' ? '000001' : '000000';
    expect(totp.verify(wrong, { at: t, window: 0 })).toBe(false);
    expect(totp.verify(totp.now())).toBe(true);
  });

  test('window 0 accepts only the current step', () => {
    expect(totp.verify(codeAtStep(0), { at: t, window: 0 })).toBe(true);
    expect(totp.verify(codeAtStep(-1), { at: t, window: 0 })).toBe(false);
    expect(totp.verify(codeAtStep(1), { at: t, window: 0 })).toBe(false);
  });

  test('the default window is one step either side', () => {
    expect(totp.verify(codeAtStep(-1), { at: t })).toBe(true);
    expect(totp.verify(codeAtStep(1), { at: t })).toBe(true);
    expect(totp.verify(codeAtStep(-2), { at: t })).toBe(false);
    expect(totp.verify(codeAtStep(2), { at: t })).toBe(false);
  });

  test('window n accepts exactly n steps either side', () => {
    for (const offset of [-3, 3]) {
      expect(totp.verify(codeAtStep(offset), { at: t, window: 3 })).toBe(true);
      expect(totp.verify(codeAtStep(offset), { at: t, window: 2 })).toBe(false);
    }
    expect(totp.verify(codeAtStep(-100), { at: t, window: 100 })).toBe(true);
  });

  test('step boundaries follow floor(t / period)', () => {
    // 1234567919 is the last second of step 41152263, 1234567920 the first of the next.
    expect(totp.verify(totp.at(1234567890), { at: 1234567919, window: 0 })).toBe(true);
    expect(totp.verify(totp.at(1234567890), { at: 1234567920, window: 0 })).toBe(false);
    expect(totp.verify(totp.at(1234567890), { at: 1234567920, window: 1 })).toBe(true);
  });

  test('the window saturates at time 0 instead of failing', () => {
    expect(totp.verify(totp.at(0), { at: 0, window: 5 })).toBe(true);
    expect(totp.verify(totp.at(30), { at: 0, window: 1 })).toBe(true);
  });

  test('malformed codes throw InvalidInputError instead of returning false', () => {
    for (const code of ['12345', '1234567', '12a456', ' 123456', '', '１２３４５６']) {
      expect(thrownBy(() => totp.verify(code, { at: t }))).toMatchObject({
        code: 'InvalidInputError',
        name: 'InvalidInputError',
      });
    }
  });

  test('an 8-digit TOTP refuses a 6-digit code as malformed', () => {
    expect(() => new TOTP(SECRET, { digits: 8 }).verify('123456', { at: t })).toThrow(
      expect.objectContaining({ code: 'InvalidInputError' }),
    );
  });

  test('undefined and null options and fields take the defaults', () => {
    expect(totp.verify(totp.now(), undefined)).toBe(true);
    expect(totp.verify(totp.now(), null)).toBe(true);
    expect(totp.verify(totp.now(), { at: null, window: null })).toBe(true);
    expect(totp.verify(totp.now(), { at: undefined, window: undefined })).toBe(true);
    expect(totp.verify(codeAtStep(1), { at: t, window: null })).toBe(true);
  });

  test('this must be a TOTP (the method is native code behind a JavaScript wrapper)', () => {
    const keyUri = parseUri(totp.provisioningUri('alice'));
    for (const [receiver, got] of [
      [{}, 'an object'],
      [Object.create(TOTP.prototype), 'an object'],
      [keyUri, 'an object'],
      [undefined, 'undefined'],
      [42, 'a number'],
      [() => 1, 'a function'],
    ]) {
      expect(thrownBy(() => TOTP.prototype.verify.call(receiver, codeAtStep(0), { at: t }))).toMatchObject({
        code: 'InvalidInputError',
        message: `invalid input: expected a TOTP, got ${got}`,
      });
    }
  });

  test('options that are not an object are refused by type', () => {
    for (const [options, got] of [[() => 1, 'a function'], ['x', 'a string'], [5, 'a number'], [true, 'a boolean']]) {
      expect(thrownBy(() => totp.verify(codeAtStep(0), options)).message).toBe(
        `invalid input: options must be an object, got ${got}`,
      );
    }
  });

  test('a long code, or one with NUL or lone surrogates, is malformed, not a crash', () => {
    for (const code of ['1'.repeat(100), '1'.repeat(1 << 20), '12\u00003456', '\ud800', '\u0131\u0132\u0133\u0134\u0135\u0136']) {
      expect(thrownBy(() => totp.verify(code, { at: t }))).toMatchObject({ code: 'InvalidInputError' });
    }
  });

  test('a window above 100 is refused', () => {
    expect(() => totp.verify(codeAtStep(0), { at: t, window: 101 })).toThrow(
      expect.objectContaining({ code: 'InvalidInputError' }),
    );
  });
});

// After its first call, `verify` names the TOTP to the native side by a handle (a number in a
// per-thread registry, bindings-node/src/registry.rs) instead of `this`: handles must never
// mix TOTPs up, survive garbage collection of other TOTPs (slots are reused), and work in
// worker threads (each has its own registry).
describe('verify by handle', () => {
  const t = 1234567890;
  const secrets = Array.from({ length: 40 }, (_, i) => randomSecret(10 + i));
  const codeOf = (secret) => new TOTP(secret).at(t);

  test('each TOTP verifies its own codes and no other\'s, call after call', () => {
    const totps = secrets.map((secret) => new TOTP(secret));
    for (let round = 0; round < 3; round += 1) {
      totps.forEach((totp, i) => {
        expect(totp.verify(codeOf(secrets[i]), { at: t, window: 0 })).toBe(true);
        const other = codeOf(secrets[(i + 1) % secrets.length]);
        if (other !== codeOf(secrets[i])) expect(totp.verify(other, { at: t, window: 0 })).toBe(false);
      });
    }
  });

  test('a TOTP made natively (KeyUri.totp) verifies too', () => {
    const totp = parseUri(new TOTP(secrets[0]).provisioningUri('alice')).totp;
    expect(totp.verify(codeOf(secrets[0]), { at: t })).toBe(true);
    expect(totp.verify(codeOf(secrets[0]), { at: t })).toBe(true);
  });

  test('handles of collected TOTPs are reused without mixing up the live ones', async () => {
    require('node:v8').setFlagsFromString('--expose-gc');
    const gc = require('node:vm').runInNewContext('gc');
    const kept = secrets.map((secret) => new TOTP(secret));
    kept.forEach((totp, i) => expect(totp.verify(codeOf(secrets[i]), { at: t })).toBe(true));
    for (let cycle = 0; cycle < 5; cycle += 1) {
      for (let i = 0; i < 2000; i += 1) new TOTP(secrets[i % secrets.length]).verify('000000', { at: t });
      gc();
      await new Promise((resolve) => setImmediate(resolve)); // Node-API finalizers run here
      const fresh = secrets.map((secret) => new TOTP(secret)).reverse();
      fresh.forEach((totp, i) => {
        expect(totp.verify(codeOf(secrets[secrets.length - 1 - i]), { at: t, window: 0 })).toBe(true);
      });
      kept.forEach((totp, i) => expect(totp.verify(codeOf(secrets[i]), { at: t, window: 0 })).toBe(true));
    }
  });

  test('in a worker thread', async () => {
    const { Worker } = require('node:worker_threads');
    const script = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { TOTP } = require(workerData.pkg);
      const totp = new TOTP(workerData.secret);
      const code = totp.at(${t});
      parentPort.postMessage([totp.verify(code, { at: ${t} }), totp.verify(code, { at: ${t} }),
        totp.verify(code, { at: ${t} + 300, window: 1 })]);
    `;
    const result = await new Promise((resolve, reject) => {
      const worker = new Worker(script, { eval: true, workerData: { pkg: require.resolve('cognito-mfa'), secret: secrets[1] } });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(result).toEqual([true, true, false]);
    // The main thread's TOTPs are unaffected by the worker's registry.
    expect(new TOTP(secrets[1]).verify(codeOf(secrets[1]), { at: t })).toBe(true);
  });
});

describe('errors carry the core\'s code as code and name', () => {
  test('InvalidSecretError names the position, not the secret', () => {
    const error = thrownBy(() => new TOTP('JBSWY3DPEHPK1PXP'));
    expect(error).toMatchObject({ code: 'InvalidSecretError', name: 'InvalidSecretError', position: 12 });
    expect(error.message).toMatch(/position 12/);
    expect(error.message).not.toContain('JBSWY3DPEHPK');
    expect(error.stack).toMatch(/^InvalidSecretError: /);
  });

  test('SecretTooShortError below 16 base32 characters / 10 bytes', () => {
    expect(thrownBy(() => new TOTP('JBSWY3DPEHPK3PX'))).toMatchObject({
      code: 'SecretTooShortError',
      name: 'SecretTooShortError',
      chars: 15,
    });
    expect(thrownBy(() => new TOTP(new Uint8Array(9)))).toMatchObject({ code: 'SecretTooShortError' });
    expect(thrownBy(() => new TOTP(''))).toMatchObject({ code: 'SecretTooShortError' });
  });

  test.each([
    ['digits 5', { digits: 5 }],
    ['digits 9', { digits: 9 }],
    ['period 0', { period: 0 }],
    ['algorithm MD5', { algorithm: 'MD5' }],
  ])('InvalidInputError for bad option values: %s', (_, options) => {
    expect(thrownBy(() => new TOTP(SECRET, options))).toMatchObject({
      code: 'InvalidInputError',
      name: 'InvalidInputError',
    });
  });

  const wrongTypes = [
    ['secret: number', () => new TOTP(12345)],
    ['secret: undefined', () => new TOTP()],
    ['secret: null', () => new TOTP(null)],
    ['secret: plain object', () => new TOTP({ secret: SECRET })],
    ['secret: Float32Array', () => new TOTP(new Float32Array(20))],
    ['options: number', () => new TOTP(SECRET, 6)],
    ['options: string', () => new TOTP(SECRET, 'SHA1')],
    ['digits: string', () => new TOTP(SECRET, { digits: '6' })],
    ['digits: fraction', () => new TOTP(SECRET, { digits: 6.5 })],
    ['digits: negative', () => new TOTP(SECRET, { digits: -6 })],
    ['period: NaN', () => new TOTP(SECRET, { period: NaN })],
    ['period: huge', () => new TOTP(SECRET, { period: 2 ** 60 })],
    ['algorithm: number', () => new TOTP(SECRET, { algorithm: 1 })],
    ['at: string', () => new TOTP(SECRET).at('59')],
    ['at: missing', () => new TOTP(SECRET).at()],
    ['at: negative', () => new TOTP(SECRET).at(-1)],
    ['at: Infinity', () => new TOTP(SECRET).at(Infinity)],
    ['at: bigint', () => new TOTP(SECRET).at(59n)],
    ['verify code: number', () => new TOTP(SECRET).verify(123456)],
    ['verify options: boolean', () => new TOTP(SECRET).verify('123456', true)],
    ['verify at: Date', () => new TOTP(SECRET).verify('123456', { at: new Date() })],
    ['verify window: fraction', () => new TOTP(SECRET).verify('123456', { window: 0.5 })],
    ['timeStep at: string', () => new TOTP(SECRET).timeStep('now')],
    ['secondsRemaining at: NaN', () => new TOTP(SECRET).secondsRemaining(NaN)],
    ['provisioningUri account: number', () => new TOTP(SECRET).provisioningUri(42)],
    ['provisioningUri issuer: number', () => new TOTP(SECRET).provisioningUri('a', { issuer: 7 })],
    ['randomSecret length: string', () => randomSecret('20')],
    ['parseUri uri: undefined', () => parseUri()],
    ['qrSvg text: object', () => qrSvg({})],
    ['qrText text: array', () => qrText(['a'])],
  ];
  test.each(wrongTypes)('InvalidInputError for a wrong argument type: %s', (_, call) => {
    const error = thrownBy(call);
    expect(error).toMatchObject({ code: 'InvalidInputError', name: 'InvalidInputError' });
    expect(error.message).toMatch(/^invalid input: /);
  });

  test('type errors never echo the value', () => {
    const error = thrownBy(() => new TOTP({ secret: SECRET }));
    expect(error.message).not.toContain(SECRET);
    expect(error.message).toBe(
      'invalid input: expected a base32 string or a Uint8Array (or Buffer), got an object',
    );
  });

  test('option errors name the field', () => {
    expect(thrownBy(() => new TOTP(SECRET, { digits: '6' })).message).toBe(
      'invalid input: options.digits must be a whole number from 0 to 2^53 - 1, got a string',
    );
  });

  test('randomSecret length outside 10..1024 bytes', () => {
    expect(thrownBy(() => randomSecret(9))).toMatchObject({ code: 'InvalidInputError' });
    expect(thrownBy(() => randomSecret(1025))).toMatchObject({ code: 'InvalidInputError' });
  });

  test.each([
    ['empty account', '', undefined],
    ['":" in account', 'a:b', undefined],
    ['empty issuer', 'alice', ''],
    ['":" in issuer', 'alice', 'Ex:ample'],
  ])('provisioningUri refuses %s', (_, account, issuer) => {
    expect(thrownBy(() => new TOTP(SECRET).provisioningUri(account, { issuer }))).toMatchObject({
      code: 'InvalidInputError',
    });
  });
});

describe('randomSecret', () => {
  test('20 bytes by default, as base32 without padding', () => {
    const secret = randomSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(new TOTP(secret).secret).toBe(secret);
  });

  test('length in bytes', () => {
    expect(randomSecret(10)).toMatch(/^[A-Z2-7]{16}$/);
    expect(randomSecret(64)).toMatch(/^[A-Z2-7]{103}$/);
  });

  test('secrets differ', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => randomSecret()));
    expect(secrets.size).toBe(50);
  });
});

describe('key URIs', () => {
  const totp = new TOTP(SECRET);

  test('provisioningUri writes issuer, account and every parameter', () => {
    expect(totp.provisioningUri('alice@example.com', { issuer: 'Example Co' })).toBe(
      'otpauth://totp/Example%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP' +
        '&issuer=Example%20Co&algorithm=SHA1&digits=6&period=30',
    );
    expect(totp.provisioningUri('bob')).toBe(
      'otpauth://totp/bob?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30',
    );
  });

  test('parseUri reads every field back', () => {
    const source = new TOTP(SECRET, { digits: 8, period: 45, algorithm: 'SHA512' });
    const parsed = parseUri(source.provisioningUri('alice', { issuer: 'Ex Co' }));
    expect(parsed).toBeInstanceOf(KeyUri);
    expect(parsed.account).toBe('alice');
    expect(parsed.issuer).toBe('Ex Co');
    expect(parsed.totp).toBeInstanceOf(TOTP);
    expect(parsed.totp.toJSON()).toEqual({ algorithm: 'SHA512', digits: 8, period: 45 });
    expect(parsed.totp.secret).toBe(SECRET);
    expect(parsed.totp.at(59)).toBe(source.at(59));
    expect(parsed.toUri()).toBe(source.provisioningUri('alice', { issuer: 'Ex Co' }));
  });

  test('a URI without issuer, parameters defaulted, unknown parameters ignored', () => {
    const parsed = parseUri(`otpauth://totp/carol?secret=${SECRET}&image=https%3A%2F%2Fx`);
    expect(parsed.issuer).toBeNull();
    expect(parsed.account).toBe('carol');
    expect(parsed.totp.toJSON()).toEqual({ algorithm: 'SHA1', digits: 6, period: 30 });
  });

  test('KeyUri never shows the secret in inspect or JSON', () => {
    const parsed = parseUri(totp.provisioningUri('alice', { issuer: 'Ex' }));
    const texts = [util.inspect(parsed), JSON.stringify(parsed), util.format('%o', parsed)];
    for (const text of texts) expect(text).not.toContain(SECRET);
    expect(parsed.toJSON()).toEqual({
      account: 'alice',
      issuer: 'Ex',
      totp: { algorithm: 'SHA1', digits: 6, period: 30 },
    });
    expect(util.inspect(parsed, { breakLength: Infinity })).toBe(
      "KeyUri { account: 'alice', issuer: 'Ex', totp: { algorithm: 'SHA1', digits: 6, period: 30 } }",
    );
  });

  test('KeyUri is made by parseUri, not by new', () => {
    expect(() => new KeyUri()).toThrow();
  });

  test.each([
    ['BadScheme', `https://totp/a?secret=${SECRET}`],
    ['UnsupportedType', `otpauth://hotp/a?secret=${SECRET}&counter=1`],
    ['MissingLabel', `otpauth://totp/?secret=${SECRET}`],
    ['MissingSecret', 'otpauth://totp/a?issuer=Ex'],
    ['BadSecret', 'otpauth://totp/a?secret=JBSW!3DPEHPK3PXP'],
    ['BadSecret', 'otpauth://totp/a?secret=JBSW'],
    ['IssuerMismatch', `otpauth://totp/Ex:a?secret=${SECRET}&issuer=Other`],
    ['BadAlgorithm', `otpauth://totp/a?secret=${SECRET}&algorithm=MD5`],
    ['BadDigits', `otpauth://totp/a?secret=${SECRET}&digits=10`],
    ['BadPeriod', `otpauth://totp/a?secret=${SECRET}&period=0`],
    ['BadEncoding', `otpauth://totp/a%ZZ?secret=${SECRET}`],
    ['DuplicateParameter', `otpauth://totp/a?secret=${SECRET}&secret=${SECRET}`],
  ])('InvalidUriError of kind %s', (kind, uri) => {
    const error = thrownBy(() => parseUri(uri));
    expect(error).toMatchObject({ code: 'InvalidUriError', name: 'InvalidUriError', kind });
    expect(error.message).not.toContain(SECRET);
  });
});

describe('QR codes', () => {
  const uri = new TOTP(SECRET).provisioningUri('alice@example.com', { issuer: 'Example Co' });

  test('qrSvg is a standalone SVG document', () => {
    const svg = qrSvg(uri);
    expect(svg).toMatch(/^<\?xml[^>]*\?>\s*<svg[\s>]/);
    expect(svg).toMatch(/<\/svg>\s*$/);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    const [, width, height] = svg.match(/width="(\d+)" height="(\d+)"/);
    expect(Number(width)).toBeGreaterThanOrEqual(200);
    expect(width).toBe(height);
  });

  test('qrText is a square of half blocks with a light quiet zone', () => {
    const lines = qrText(uri).split('\n');
    expect(lines.pop()).toBe(''); // ends with a newline
    const size = [...lines[0]].length;
    // a QR code is 17 + 4v modules wide (version v) plus a 4-module quiet zone each side
    expect((size - 8 - 17) % 4).toBe(0);
    expect(lines).toHaveLength(Math.ceil(size / 2));
    for (const line of lines) {
      expect([...line]).toHaveLength(size);
      expect(line).toMatch(/^[█▀▄ ]+$/u);
    }
    expect(lines[0]).toBe('█'.repeat(size)); // the top two rows are quiet zone (light)
  });

  test('different texts give different codes', () => {
    expect(qrText('otpauth://totp/a?secret=A')).not.toBe(qrText('otpauth://totp/b?secret=A'));
  });

  test('text too long for a QR code', () => {
    expect(thrownBy(() => qrSvg('x'.repeat(8000)))).toMatchObject({ code: 'InvalidInputError' });
    expect(thrownBy(() => qrText('x'.repeat(8000)))).toMatchObject({ code: 'InvalidInputError' });
  });
});
