// Interoperability of the TOTP engine with the two most used JavaScript implementations,
// otplib (v13) and otpauth (v9): same codes for random settings, and key URIs that each
// side parses as the other wrote them.
'use strict';

const { execFileSync } = require('node:child_process');
const OTPAuth = require('otpauth');
const { TOTP, parseUri } = require('cognito-mfa');
const { prng, base32 } = require('./helpers');

const CASES = 1200;
const ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'];

/**
 * otplib 13's codes for `cases`. otplib depends on ESM-only packages that jest's CommonJS
 * runtime cannot load, so it runs in a plain Node child process (one for all cases).
 */
function otplibCodes(cases) {
  const script = `
    const otplib = await import('otplib');
    // otplib refuses keys under 16 bytes by default (RFC 4226's advice); Cognito takes 10.
    const guardrails = otplib.createGuardrails({ MIN_SECRET_BYTES: 10 });
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const codes = JSON.parse(input).map((c) => otplib.generateSync({
      secret: c.secret, epoch: c.time, algorithm: c.algorithm.toLowerCase(),
      digits: c.digits, period: c.period, guardrails,
    }));
    process.stdout.write(JSON.stringify(codes));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: __dirname,
    input: JSON.stringify(cases.map((c) => ({ ...c, bytes: undefined }))),
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

/** Random settings for one case; deterministic for a given seed. */
function randomCases(seed, count) {
  const random = prng(seed);
  return Array.from({ length: count }, () => {
    const bytes = random.bytes(random.int(10, 64));
    return {
      bytes,
      secret: base32(bytes),
      algorithm: random.pick(ALGORITHMS),
      digits: random.int(6, 8),
      period: random.pick([30, 30, 60, 15, random.int(1, 300)]),
      // times up to ~2^40 s, with some near 0 and at step boundaries
      time: random.pick([
        random.int(0, 120),
        random.int(0, 2 ** 31),
        random.int(0, 2 ** 40),
        Math.floor(random.int(0, 2 ** 32) / 30) * 30 - 1,
      ]),
      rawKey: random.next() < 0.5,
    };
  }).map((c) => ({ ...c, time: Math.max(0, c.time) }));
}

function otpauthTotp(c) {
  return new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(c.secret),
    algorithm: c.algorithm,
    digits: c.digits,
    period: c.period,
  });
}

function ours(c) {
  const options = { algorithm: c.algorithm, digits: c.digits, period: c.period };
  return new TOTP(c.rawKey ? Buffer.from(c.bytes) : c.secret, options);
}

describe('codes equal otplib and otpauth', () => {
  const cases = randomCases(0x5eed1, CASES);

  test(`${CASES} random (secret, time, digits, algorithm, period) cases`, () => {
    const fromOtplib = otplibCodes(cases);
    expect(fromOtplib).toHaveLength(CASES);
    cases.forEach((c, i) => {
      const code = ours(c).at(c.time);
      const label = JSON.stringify({ ...c, bytes: undefined });
      // the label makes a failure name its case
      expect({ label, code }).toEqual({
        label,
        code: otpauthTotp(c).generate({ timestamp: c.time * 1000 }),
      });
      expect({ label, code }).toEqual({ label, code: fromOtplib[i] });
    });
    // the cases cover every setting
    expect(new Set(cases.map((c) => c.algorithm)).size).toBe(3);
    expect(new Set(cases.map((c) => c.digits)).size).toBe(3);
    expect(cases.some((c) => c.rawKey) && cases.some((c) => !c.rawKey)).toBe(true);
  });

  test('otpauth codes of neighbouring steps verify within the window, not beyond', () => {
    for (const c of cases.slice(0, 300)) {
      const theirs = otpauthTotp(c);
      const totp = ours(c);
      const at = c.time + 2 * c.period; // keep at - 2 periods >= 0
      const codeAt = (offset) => theirs.generate({ timestamp: (at + offset * c.period) * 1000 });
      expect(totp.verify(codeAt(0), { at, window: 0 })).toBe(true);
      expect(totp.verify(codeAt(-1), { at, window: 1 })).toBe(true);
      expect(totp.verify(codeAt(1), { at, window: 1 })).toBe(true);
      // a code two steps away matches within window 1 only if it happens to equal a code
      // inside the window; otpauth must agree on that
      const farCode = codeAt(2);
      const expected = theirs.validate({ token: farCode, timestamp: at * 1000, window: 1 }) !== null;
      expect(totp.verify(farCode, { at, window: 1 })).toBe(expected);
    }
  });
});

describe('key URIs interoperate with otpauth', () => {
  const random = prng(0xa11ce);
  const names = ['alice@example.com', 'Bob Smith', 'carol+mfa@example.org', 'dé jà vu', '日本語', 'a&b=c?d/e', '100%'];
  const issuers = [undefined, 'Example Co', 'ACME & Sons', 'Société Générale', 'x/y?z'];

  const settings = Array.from({ length: 60 }, () => ({
    secret: base32(random.bytes(random.int(10, 40))),
    algorithm: random.pick(ALGORITHMS),
    digits: random.int(6, 8),
    period: random.pick([30, 60, random.int(1, 120)]),
    account: random.pick(names),
    issuer: random.pick(issuers),
  }));

  test('our provisioning URIs parse in otpauth with the same parameters', () => {
    for (const s of settings) {
      const totp = new TOTP(s.secret, s);
      const uri = totp.provisioningUri(s.account, { issuer: s.issuer });
      const parsed = OTPAuth.URI.parse(uri);
      expect(parsed).toBeInstanceOf(OTPAuth.TOTP);
      expect({
        label: parsed.label,
        issuer: parsed.issuer,
        secret: parsed.secret.base32,
        algorithm: parsed.algorithm,
        digits: parsed.digits,
        period: parsed.period,
      }).toEqual({
        label: s.account,
        issuer: s.issuer ?? '',
        secret: s.secret,
        algorithm: s.algorithm,
        digits: s.digits,
        period: s.period,
      });
      expect(parsed.generate({ timestamp: 1234567890000 })).toBe(totp.at(1234567890));
    }
  });

  test("otpauth's URIs parse in ours with the same parameters", () => {
    for (const s of settings) {
      const theirs = new OTPAuth.TOTP({
        issuer: s.issuer,
        label: s.account,
        secret: OTPAuth.Secret.fromBase32(s.secret),
        algorithm: s.algorithm,
        digits: s.digits,
        period: s.period,
      });
      const parsed = parseUri(theirs.toString());
      expect({
        account: parsed.account,
        issuer: parsed.issuer,
        secret: parsed.totp.secret,
        settings: parsed.totp.toJSON(),
      }).toEqual({
        account: s.account,
        issuer: s.issuer ?? null,
        secret: s.secret,
        settings: { algorithm: s.algorithm, digits: s.digits, period: s.period },
      });
      expect(parsed.totp.at(2000000000)).toBe(theirs.generate({ timestamp: 2000000000000 }));
    }
  });
});
