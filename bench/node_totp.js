#!/usr/bin/env node
// Benchmark: TOTP verification (window of one step either side) in cognito-mfa's Node
// binding against otpauth's `TOTP.validate` and otplib's `verifySync`, for a valid code and
// for a well-formed invalid one. Prints ns/op (median of several rounds) and how many times
// slower or faster each library is than ours.
//
//   node bench/node_totp.js [--rounds 7] [--ops 20000] [--baseline path/to/index.js]
//
// The rounds alternate between the candidates (round 1 of each, then round 2 of each...), so
// that a change in the machine's load during the run affects them all alike. --baseline adds
// another build of the package (e.g. a copy of bindings-node/ with an older cognito-mfa.node)
// as one more candidate, to compare two builds in the same run.
//
// Needs the addon built (`npm ci` or `npm run build`) and the dev dependencies installed.
// Timing only: the tests check correctness, this never fails on speed.
'use strict';

const OTPAuth = require('otpauth');
const { TOTP } = require('cognito-mfa');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const ROUNDS = option('rounds', 7);
const OPS = option('ops', 20000);

/** Median ns per call of each of `fns` over ROUNDS rounds of OPS calls, after a warm-up;
 * the rounds of the candidates alternate. */
function measure(fns) {
  let sink = 0;
  for (const fn of fns) for (let i = 0; i < Math.min(OPS, 5000); i++) sink += fn() ? 1 : 0;
  const samples = fns.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    fns.forEach((fn, index) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < OPS; i++) sink += fn() ? 1 : 0;
      samples[index].push(Number(process.hrtime.bigint() - start) / OPS);
    });
  }
  if (sink < 0) console.log(sink); // keeps the calls observable
  return samples.map((rounds) => rounds.sort((a, b) => a - b)[Math.floor(rounds.length / 2)]);
}

async function main() {
  // otplib 13 depends on ESM-only packages: load it with import().
  const otplib = await import('otplib');

  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // 20 bytes, "12345678901234567890"
  const at = 1_700_000_000;
  const ours = new TOTP(secret);
  const baselineIndex = process.argv.indexOf('--baseline');
  const baseline = baselineIndex >= 0
    ? new (require(require('node:path').resolve(process.argv[baselineIndex + 1])).TOTP)(secret)
    : null;
  const theirs = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });

  const valid = ours.at(at);
  const window = new Set([-1, 0, 1].map((offset) => ours.at(at + offset * 30)));
  let invalid = '000000';
  while (window.has(invalid)) invalid = String(Number(invalid) + 1).padStart(6, '0');

  const cases = [];
  for (const [label, code, expected] of [
    ['valid code', valid, true],
    ['invalid code', invalid, false],
  ]) {
    const candidates = {
      'cognito-mfa TOTP.verify': () => ours.verify(code, { at, window: 1 }),
      ...(baseline && { 'cognito-mfa --baseline': () => baseline.verify(code, { at, window: 1 }) }),
      'otpauth TOTP.validate': () => theirs.validate({ token: code, timestamp: at * 1000, window: 1 }) !== null,
      'otplib verifySync': () => otplib.verifySync({ secret, token: code, epoch: at, epochTolerance: 30 }).valid,
    };
    for (const [name, fn] of Object.entries(candidates)) {
      if (fn() !== expected) throw new Error(`${name} gave the wrong answer for the ${label}`);
    }
    const ns = measure(Object.values(candidates));
    const results = Object.keys(candidates).map((name, index) => ({ name, ns: ns[index] }));
    cases.push({ label, results });
  }

  console.log(`TOTP verify, SHA1, 6 digits, window 1 (3 steps); node ${process.version}, ` +
    `${ROUNDS} rounds x ${OPS} ops, median`);
  for (const { label, results } of cases) {
    const base = results[0].ns;
    console.log(`\n${label}`);
    for (const { name, ns } of results) {
      const ratio = ns / base;
      const relation = name === results[0].name ? '(baseline)' : `${ratio.toFixed(2)}x our time`;
      console.log(`  ${name.padEnd(26)} ${ns.toFixed(0).padStart(8)} ns/op   ${relation}`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
