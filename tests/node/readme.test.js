// The README's Node examples run: every ```js block of README.md, as a CommonJS module.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

jest.setTimeout(60_000);

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);

test('the README has Node examples, the client among them', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  expect(blocks.some((code) => code.includes('authenticateUser'))).toBe(true);
});

test.each(blocks.map((code, i) => [i, code]))('README js block %d runs', async (_, code) => {
  const module = { exports: {} };
  // A block runs as a module body; one with asynchronous work exports its promise.
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  await module.exports;
});
