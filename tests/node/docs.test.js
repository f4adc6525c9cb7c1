// The Node documentation's examples run as tests: docs/node.md's CommonJS code blocks, with
// each `expression; // value` line checked, and examples/node/totp.js.
'use strict';

const assert = require('node:assert');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const docs = fs.readFileSync(path.join(root, 'docs', 'node.md'), 'utf8');

/** The ```js blocks of the docs that are CommonJS (ES `import` lines cannot run here). */
const blocks = [...docs.matchAll(/```js\n([\s\S]*?)```/g)]
  .map((match) => match[1])
  .filter((code) => !/^import /m.test(code));

/**
 * Turns `expression; // value` lines (value: true, false, or a quoted string) into
 * assertions, so the comments in the docs are checked. Returns the code and the count.
 */
function withAssertions(code) {
  let count = 0;
  const checked = code.replace(
    /^(?!const |let )(.+?);\s*\/\/ (true|false|'[^']*')(.*)$/gm,
    (_, expression, value, rest) => {
      count += 1;
      return `assert.deepStrictEqual((${expression}), ${value}); //${rest}`;
    },
  );
  return { checked, count };
}

describe('docs/node.md', () => {
  test('has runnable CommonJS examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  test.each(blocks.map((code, i) => [i, code]))('block %d runs and its commented values hold', (_, code) => {
    const { checked } = withAssertions(code);
    const logged = [];
    const console = { log: (...args) => logged.push(args.join(' ')) };
    const run = new Function('require', 'assert', 'console', 'Buffer', checked);
    run(require, assert, console, Buffer);
    if (code.includes("new TOTP('not base32!')")) {
      expect(logged).toEqual([expect.stringMatching(/position 10 10$/)]);
    }
  });

  test('the main example checks its comments', () => {
    const example = blocks.find((code) => code.includes('provisioningUri'));
    expect(withAssertions(example).count).toBeGreaterThanOrEqual(5);
  });
});

describe('examples/node/totp.js', () => {
  test('runs and verifies codes as it says', () => {
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
});
