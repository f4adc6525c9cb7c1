// Runs the bad-input battery (bad-input-battery.js) in a child process: every exported class
// and function, and every method of live instances in several states, called with one bad
// argument at a time, returns or fails with one of the package's error codes; never a bare
// napi error, a foreign code, a hang or a crash.
'use strict';

const { execFile } = require('node:child_process');
const path = require('node:path');

jest.setTimeout(300_000);

test('every public call refuses bad input with the package error codes', async () => {
  const output = await new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(__dirname, 'bad-input-battery.js')], { cwd: __dirname, timeout: 280_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => (error ? reject(new Error(`the battery crashed: ${error.message}\n${stderr.slice(-2000)}`)) : resolve(stdout)));
  });
  const report = JSON.parse(output);
  expect(report.calls).toBeGreaterThanOrEqual(5_000);
  expect(report.failures).toStrictEqual([]);
});

test('KeyUri is constructed as in Python, and refuses bad input', () => {
  const { KeyUri, TOTP, parseUri } = require('cognito-mfa');
  const totp = new TOTP('JBSWY3DPEHPK3PXP');
  const uri = new KeyUri(totp, 'alice@example.com', { issuer: 'Example' });
  expect(uri.account).toBe('alice@example.com');
  expect(uri.issuer).toBe('Example');
  expect(parseUri(totp.provisioningUri('alice@example.com', { issuer: 'Example' })).account).toBe(uri.account);
  expect(() => new KeyUri('not a totp', 'alice')).toThrow(expect.objectContaining({ code: 'InvalidInputError' }));
  expect(() => new KeyUri(totp, 'a:b')).toThrow(expect.objectContaining({ code: 'InvalidInputError' }));
});
