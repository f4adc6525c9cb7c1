// The Node documentation's examples run as tests: docs/node.md's CommonJS ```js code blocks,
// with each `expression; // value` line checked, and the examples in examples/node.
// The ```javascript blocks are run elsewhere: the callback-API examples by compat.test.js,
// and the example test suite is tests/node/testing-example.test.js (checked equal here).
'use strict';

const assert = require('node:assert');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

jest.setTimeout(60_000);

const root = path.resolve(__dirname, '..', '..');
const docs = fs.readFileSync(path.join(root, 'docs', 'node.md'), 'utf8');

/** The ```js blocks of the docs that are CommonJS (ES `import` lines cannot run here). */
const blocks = [...docs.matchAll(/```js\n([\s\S]*?)```/g)]
  .map((match) => match[1])
  .filter((code) => !/^import /m.test(code));

/**
 * Turns `expression; // value` lines (value: true, false, null, a number or a quoted string)
 * into assertions, so the comments in the docs are checked. Returns the code and the count.
 */
function withAssertions(code) {
  let count = 0;
  const checked = code.replace(
    /^(?!const |let )(.+?);\s*\/\/ (true|false|null|-?\d+|'[^']*')(.*)$/gm,
    (_, expression, value, rest) => {
      count += 1;
      return `assert.deepStrictEqual((${expression}), ${value}); //${rest}`;
    },
  );
  return { checked, count };
}

const AsyncFunction = (async () => {}).constructor;

describe('docs/node.md', () => {
  test('has runnable CommonJS examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  test.each(blocks.map((code, i) => [i, code]))('block %d runs and its commented values hold', async (_, code) => {
    const { checked } = withAssertions(code);
    const logged = [];
    const console = { log: (...args) => logged.push(args.join(' ')) };
    const run = new AsyncFunction('require', 'assert', 'console', 'Buffer', checked);
    await run(require, assert, console, Buffer);
    if (code.includes("new TOTP('not base32!')")) {
      expect(logged).toEqual([expect.stringMatching(/position 10 10$/)]);
    }
  });

  test('the main examples check their comments', () => {
    const totp = blocks.find((code) => code.includes('randomSecret()'));
    expect(withAssertions(totp).count).toBeGreaterThanOrEqual(5);
    const signIn = blocks.find((code) => code.includes('authenticateUser'));
    expect(withAssertions(signIn).count).toBeGreaterThanOrEqual(7);
  });

  test('shows tests/node/testing-example.test.js verbatim', () => {
    const example = fs.readFileSync(path.join(__dirname, 'testing-example.test.js'), 'utf8');
    const shown = [...docs.matchAll(/```javascript\n([\s\S]*?)```/g)].map((match) => match[1]);
    expect(shown).toContain(example);
  });
});

describe('examples/node', () => {
  test('totp.js runs and verifies codes as it says', () => {
    const output = execFileSync(process.execPath, [path.join(root, 'examples', 'node', 'totp.js')], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(output).toContain("TOTP: TOTP { algorithm: 'SHA1', digits: 6, period: 30 }");
    expect(output).toMatch(/^verify\(current code\): true$/m);
    expect(output).toMatch(/^verify\(wrong code\): +false$/m);
    expect(output).toMatch(/threw InvalidInputError: /);
    expect(output).toMatch(/^Same code from the parsed URI: true$/m);
    expect(output).toMatch(/otpauth:\/\/totp\/Example%20Corp:alice%40example\.com\?secret=[A-Z2-7]{32}&/);
  });

  test('signin.js signs in with every factor against a mock', () => {
    const output = execFileSync(process.execPath, [path.join(root, 'examples', 'node', 'signin.js')], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(output).toMatch(/^1\. signed in without MFA as alice$/m);
    expect(output).toMatch(/^2\. TOTP enrolled: otpauth:\/\/totp\/Example%20Corp:alice\?secret=\*{4}/m);
    expect(output).toMatch(/^3\. challenge SOFTWARE_TOKEN_MFA → signed in, token valid: true$/m);
    expect(output).toMatch(/^4\. wrong code: CodeMismatchException \(HTTP 400\)$/m);
    expect(output).toMatch(/^5\. challenge SMS_MFA to \+\*{7}0100 → signed in, token valid: true$/m);
    expect(output).toMatch(/^6\. SELECT_MFA_TYPE \[SMS_MFA, SOFTWARE_TOKEN_MFA\] → SOFTWARE_TOKEN_MFA → signed in$/m);
  });
});
