// Compile-time checks of bindings-node/index.d.ts (run by `npx tsc -p tests/node`, never
// executed). Each `@ts-expect-error` line must fail to type-check; if the declarations grew
// too loose, tsc reports the directive as unused.
import {
  KeyUri,
  TOTP,
  parseUri,
  qrSvg,
  qrText,
  randomSecret,
  type KeyUriSummary,
  type TotpOptions,
  type TotpSettings,
  type UriOptions,
  type VerifyOptions,
} from 'cognito-mfa';

const options: TotpOptions = { digits: 8, period: 30, algorithm: 'SHA256' };
const fromBase32 = new TOTP(randomSecret(), options);
const fromBytes = new TOTP(new Uint8Array(20));
const withDefaults: TOTP = new TOTP('JBSWY3DPEHPK3PXP');
const lowercaseAlgorithm = new TOTP('JBSWY3DPEHPK3PXP', { algorithm: 'sha-512' });

const digits: number = fromBase32.digits;
const period: number = fromBase32.period;
const algorithm: 'SHA1' | 'SHA256' | 'SHA512' = fromBytes.algorithm;
const secret: string = withDefaults.secret;
const code: string = withDefaults.now();
const codeAt: string = withDefaults.at(1234567890);
const verifyOptions: VerifyOptions = { at: 59, window: 1 };
const ok: boolean = withDefaults.verify(code, verifyOptions) && withDefaults.verify(codeAt);
const uriOptions: UriOptions = { issuer: 'Example Co' };
const uri: string = withDefaults.provisioningUri('alice@example.com', uriOptions);
const step: number = withDefaults.timeStep() + withDefaults.timeStep(59);
const remaining: number = withDefaults.secondsRemaining(59) + lowercaseAlgorithm.secondsRemaining();
const settings: TotpSettings = withDefaults.toJSON();

const parsed: KeyUri = parseUri(uri);
const parsedTotp: TOTP = parsed.totp;
const account: string = parsed.account;
const issuer: string | null = parsed.issuer;
const again: string = parsed.toUri();
const summary: KeyUriSummary = parsed.toJSON();
const svg: string = qrSvg(again);
const text: string = qrText(again);
const longer: string = randomSecret(32);

// @ts-expect-error the secret is a string or bytes
new TOTP(12345);
// @ts-expect-error the secret is required
new TOTP();
// @ts-expect-error digits is a number
new TOTP('JBSWY3DPEHPK3PXP', { digits: '6' });
// @ts-expect-error no such option
new TOTP('JBSWY3DPEHPK3PXP', { digest: 'SHA1' });
// @ts-expect-error the code is a string
withDefaults.verify(123456);
// @ts-expect-error verify returns a boolean, not a step
const notAStep: number = withDefaults.verify('123456');
// @ts-expect-error at() needs a time
withDefaults.at();
// @ts-expect-error the time is a number
withDefaults.at(new Date());
// @ts-expect-error the window is a number
withDefaults.verify('123456', { window: '1' });
// @ts-expect-error the issuer is a string
withDefaults.provisioningUri('alice', { issuer: 1 });
// @ts-expect-error the issuer may be null
const issuerIsString: string = parsed.issuer;
// @ts-expect-error the secret getter is read-only
withDefaults.secret = 'JBSWY3DPEHPK3PXP';
// @ts-expect-error algorithm is one of three names
const wrongAlgorithm: 'MD5' = withDefaults.algorithm;
// @ts-expect-error parseUri takes a string
parseUri(new URL('otpauth://totp/a?secret=JBSWY3DPEHPK3PXP'));
// @ts-expect-error toJSON() has no secret
settings.secret;

export const used = [
  digits, period, algorithm, secret, ok, step, remaining, parsedTotp, account, issuer,
  summary, svg, text, longer, notAStep, issuerIsString, wrongAlgorithm,
];
