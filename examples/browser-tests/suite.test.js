'use strict';
// The browser suite of the example apps (docs/examples.md): one set of scenarios, run against
// each app named by APP (`express`, `fastapi`, or a comma-separated list; default: express).
// Each scenario has its own demo user. Run: node --test --test-concurrency=1 suite.test.js

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { after, before, describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { chromium } = require('playwright-core');
const { TOTP } = require('cognito-mfa');

const ROOT = path.resolve(__dirname, '../..');
const PASSWORD = 'Corr3ct-Horse!';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs/screenshots') : null;
const APPS = (process.env.APP || 'express').split(',').map((s) => s.trim()).filter(Boolean);

const COMMANDS = {
  express: (port) => [process.execPath, [path.join(ROOT, 'examples/express/server.js'), '--mock', '--port', String(port)]],
  fastapi: (port) => [path.join(ROOT, '.venv/bin/python'), [path.join(ROOT, 'examples/fastapi/run.py'), '--mock', '--port', String(port), '--workers', '2']],
};

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Starts an app in mock mode; resolves once it printed its ready line. */
async function startApp(name, sealingKey) {
  const [cmd, args] = COMMANDS[name](await freePort());
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, SEALING_KEYS: `k1:${sealingKey}` },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so that stopping it stops its workers too
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => { output.stdout += d; });
  child.stderr.on('data', (d) => { output.stderr += d; });
  const urls = await new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = output.stdout.match(/cognito-mfa example ready: app=(\S+) mock=(\S+)/);
      if (m) {
        clearInterval(timer);
        resolve({ app: m[1], mock: m[2] });
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`${name} exited (${code}) before it was ready:\n${output.stdout}\n${output.stderr}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
    const killer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 10000);
    await exited;
    clearTimeout(killer);
  };
  return { ...urls, output, stop, child };
}

for (const appName of APPS) {
  describe(`${appName} example in Chromium`, () => {
    const sealingKey = crypto.randomBytes(32).toString('base64');
    const secrets = new Set([PASSWORD, sealingKey]); // what no page and no app output may show
    const pages = []; // every HTML document the browser received
    let app;
    let browser;

    before(async () => {
      app = await startApp(appName, sealingKey);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
          '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        // launch() gives every run a fresh, empty profile (a temporary --user-data-dir) itself.
      });
    });

    after(async () => {
      await browser?.close();
      await app?.stop();
    });

    async function context() {
      const ctx = await browser.newContext({ viewport: { width: 800, height: 900 } });
      ctx.on('response', async (response) => {
        if (response.request().resourceType() !== 'document') return;
        try { pages.push({ url: response.url(), html: await response.text() }); } catch { /* redirect */ }
      });
      return ctx;
    }
    const mockJson = async (pathname, init) => (await fetch(`${app.mock}${pathname}`, init)).json();
    const mockNow = async () => (await mockJson('/_mock/clock')).now;
    const advance = (seconds) => mockJson('/_mock/clock', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_seconds: seconds }),
    });
    const lastSmsCode = async (username) => {
      const messages = await mockJson(`/_mock/messages?username=${username}&medium=SMS`);
      const code = messages.at(-1)?.code;
      assert.ok(code, `an SMS for ${username}`);
      secrets.add(code);
      return code;
    };
    const shot = async (page, name) => {
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${appName}-${name}.png`), fullPage: true });
    };
    const dataPage = (page) => page.locator('main').getAttribute('data-page');

    async function signIn(page, username) {
      await page.goto(`${app.app}/`);
      assert.equal(await dataPage(page), 'sign-in');
      await page.fill('input[name="username"]', username);
      await page.fill('input[name="password"]', PASSWORD);
      await page.click('button:has-text("Sign in")');
      await page.waitForLoadState(); // the next page whole: count() below does not wait
    }
    async function setFactor(page, factor, action) {
      await page.click(`li[data-factor="${factor}"] button[name="action"][value="${action}"]`);
      assert.equal(await dataPage(page), 'account');
    }
    const factorState = async (page, factor) => {
      const li = page.locator(`li[data-factor="${factor}"]`);
      return { enabled: await li.getAttribute('data-enabled'), preferred: await li.getAttribute('data-preferred') };
    };
    async function totpCode(secret, offset = 0) {
      const code = new TOTP(secret).at((await mockNow()) + offset);
      secrets.add(code);
      return code;
    }
    async function enrolTotp(page) {
      await page.click('a[data-enrol]');
      assert.equal(await dataPage(page), 'totp-enrol');
      assert.equal(await page.locator('figure[data-qr] svg').count(), 1);
      const secret = (await page.locator('code[data-secret]').innerText()).trim();
      await shot(page, 'enrolment');
      await page.fill('input[name="code"]', await totpCode(secret));
      await page.click('button:has-text("Verify")');
      assert.equal(await dataPage(page), 'account');
      assert.equal(await page.locator('p.notice[role="status"]').count(), 1);
      assert.deepEqual(await factorState(page, 'SOFTWARE_TOKEN_MFA'), { enabled: 'true', preferred: 'true' });
      await advance(30); // a TOTP code is accepted once per 30-second step
      return secret;
    }
    /** Signs `username` in, turns SMS MFA on and preferred, signs out and in again: the page
     * then shows the SMS_MFA challenge. */
    async function reachSmsChallenge(page, username) {
      await signIn(page, username);
      await setFactor(page, 'SMS_MFA', 'enable');
      await setFactor(page, 'SMS_MFA', 'prefer');
      await signOut(page);
      await signIn(page, username);
      assert.equal(await page.locator('form[data-challenge="SMS_MFA"]').count(), 1);
    }

    async function signOut(page) {
      await page.click('button:has-text("Sign out")');
      assert.equal(await dataPage(page), 'sign-in');
      assert.equal(await page.locator('p.notice[role="status"]').count(), 1);
    }

    test('sign-in without MFA, then sign-out', async () => {
      const ctx = await context();
      const page = await ctx.newPage();
      await page.goto(`${app.app}/sign-in`);
      await shot(page, 'sign-in');
      await signIn(page, 'alice');
      assert.equal(await dataPage(page), 'account');
      assert.equal(await page.locator('[data-username]').innerText(), 'alice');
      assert.deepEqual(await factorState(page, 'SMS_MFA'), { enabled: 'false', preferred: 'false' });
      assert.deepEqual(await factorState(page, 'SOFTWARE_TOKEN_MFA'), { enabled: 'false', preferred: 'false' });
      const cookies = Object.fromEntries((await ctx.cookies()).map((c) => [c.name, c]));
      assert.equal(cookies.session.httpOnly, true);
      assert.equal(cookies.session.secure, true);
      assert.equal(cookies.csrf.sameSite, 'Strict');
      await shot(page, 'account');
      await signOut(page);
      await page.goto(`${app.app}/account`);
      assert.equal(await dataPage(page), 'sign-in'); // the session cookie is gone
      await ctx.close();
    });

    test('a wrong password is shown on the sign-in page', async () => {
      const ctx = await context();
      const page = await ctx.newPage();
      await page.goto(`${app.app}/sign-in`);
      await page.fill('input[name="username"]', 'alice');
      await page.fill('input[name="password"]', 'Wrong-Horse-1!');
      await page.click('button:has-text("Sign in")');
      assert.equal(await dataPage(page), 'sign-in');
      assert.equal(await page.locator('p.error[role="alert"]').getAttribute('data-code'), 'NotAuthorizedException');
      await shot(page, 'error');
      await ctx.close();
    });

    test('TOTP enrolment from the page, then sign-in with TOTP after a wrong code', async () => {
      const ctx = await context();
      const page = await ctx.newPage();
      await signIn(page, 'bob');
      const secret = await enrolTotp(page);
      secrets.add(secret); // shown on the enrolment page only
      await signOut(page);
      await signIn(page, 'bob');
      assert.equal(await dataPage(page), 'mfa');
      assert.equal(await page.locator('form[data-challenge="SOFTWARE_TOKEN_MFA"]').count(), 1);
      await shot(page, 'mfa-totp');
      const right = await totpCode(secret);
      await page.fill('input[name="code"]', right === '000000' ? '111111' : '000000');
      await page.click('button:has-text("Verify")');
      assert.equal(await dataPage(page), 'mfa');
      assert.equal(await page.locator('p.error').getAttribute('data-code'), 'CodeMismatchException');
      await page.fill('input[name="code"]', right);
      await page.click('button:has-text("Verify")');
      assert.equal(await dataPage(page), 'account');
      assert.equal(await page.locator('[data-username]').innerText(), 'bob');
      await ctx.close();
    });

    test('SMS: enable it, sign in with the code from the outbox after a wrong one', async () => {
      const ctx = await context();
      const page = await ctx.newPage();
      await signIn(page, 'carol');
      await setFactor(page, 'SMS_MFA', 'enable');
      await setFactor(page, 'SMS_MFA', 'prefer');
      assert.deepEqual(await factorState(page, 'SMS_MFA'), { enabled: 'true', preferred: 'true' });
      await signOut(page);
      await signIn(page, 'carol');
      assert.equal(await page.locator('form[data-challenge="SMS_MFA"]').count(), 1);
      assert.match(await page.locator('[data-destination]').innerText(), /^\+\*+0003$/);
      await shot(page, 'mfa-sms');
      const code = await lastSmsCode('carol');
      await page.fill('input[name="code"]', code === '000000' ? '111111' : '000000');
      await page.click('button:has-text("Verify")');
      assert.equal(await page.locator('p.error').getAttribute('data-code'), 'CodeMismatchException');
      await page.fill('input[name="code"]', code);
      await page.click('button:has-text("Verify")');
      assert.equal(await dataPage(page), 'account');
      await ctx.close();
    });

    test('SELECT_MFA_TYPE: SMS and TOTP enabled, no preference', async () => {
      const ctx = await context();
      const page = await ctx.newPage();
      await signIn(page, 'dave');
      const secret = await enrolTotp(page);
      secrets.add(secret);
      await setFactor(page, 'SOFTWARE_TOKEN_MFA', 'disable');
      await setFactor(page, 'SOFTWARE_TOKEN_MFA', 'enable');
      await setFactor(page, 'SMS_MFA', 'enable');
      assert.deepEqual(await factorState(page, 'SMS_MFA'), { enabled: 'true', preferred: 'false' });
      assert.deepEqual(await factorState(page, 'SOFTWARE_TOKEN_MFA'), { enabled: 'true', preferred: 'false' });
      await signOut(page);
      await signIn(page, 'dave');
      const form = page.locator('form[data-challenge="SELECT_MFA_TYPE"]');
      assert.equal(await form.locator('button[name="factor"][value="SMS_MFA"]').count(), 1);
      assert.equal(await form.locator('button[name="factor"][value="SOFTWARE_TOKEN_MFA"]').count(), 1);
      await shot(page, 'select');
      await form.locator('button[value="SOFTWARE_TOKEN_MFA"]').click();
      await page.waitForLoadState();
      assert.equal(await page.locator('form[data-challenge="SOFTWARE_TOKEN_MFA"]').count(), 1);
      await page.fill('input[name="code"]', await totpCode(secret));
      await page.click('button:has-text("Verify")');
      assert.equal(await dataPage(page), 'account');
      await ctx.close();
    });

    test('a challenge expired at the service sends back to sign-in', async () => {
      const ctx = await context();
      const page = await ctx.newPage();
      await reachSmsChallenge(page, 'erin');
      const code = await lastSmsCode('erin');
      await advance(600);
      await page.fill('input[name="code"]', code);
      await page.click('button:has-text("Verify")');
      assert.equal(await dataPage(page), 'sign-in');
      assert.match(await page.locator('p.error').getAttribute('data-code'), /^(NotAuthorizedException|ExpiredCodeException)$/);
      assert.equal((await ctx.cookies()).some((c) => c.name === 'mfa_state'), false);
      await ctx.close();
    });

    test('a tampered mfa_state cookie is refused; a POST without CSRF token is 403', async () => {
      const ctx = await context();
      const page = await ctx.newPage();
      await reachSmsChallenge(page, 'frank');
      assert.equal(await dataPage(page), 'mfa');
      const state = (await ctx.cookies()).find((c) => c.name === 'mfa_state');
      const flipped = state.value.slice(0, 40) + (state.value[40] === 'A' ? 'B' : 'A') + state.value.slice(41);
      await ctx.addCookies([{ ...state, value: flipped }]);
      await page.goto(`${app.app}/mfa`);
      assert.equal(await dataPage(page), 'sign-in');
      assert.equal(await page.locator('p.error').getAttribute('data-code'), 'InvalidStateError');
      assert.equal((await ctx.cookies()).some((c) => c.name === 'mfa_state'), false);

      // CSRF: the form posted with the token removed, then with a wrong one.
      for (const value of [null, 'x'.repeat(43)]) {
        await page.goto(`${app.app}/sign-in`);
        await page.evaluate((v) => {
          const field = document.querySelector('form[action="/sign-in"] input[name="csrf"]');
          if (v === null) field.remove(); else field.value = v;
        }, value);
        await page.fill('input[name="username"]', 'frank');
        await page.fill('input[name="password"]', PASSWORD);
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST'),
          page.click('button:has-text("Sign in")'),
        ]);
        assert.equal(response.status(), 403);
        assert.equal(await page.locator('p.error').getAttribute('data-code'), 'CsrfError');
      }
      await ctx.close();
    });

    if (appName === 'fastapi') {
      test('a sign-in started on one worker process is finished on another', async () => {
        const jar = new Map();
        const request = async (method, pathname, form) => {
          const response = await fetch(`${app.app}${pathname}`, {
            method,
            redirect: 'manual',
            headers: {
              connection: 'close',
              cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
              ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
            },
            body: form ? new URLSearchParams(form).toString() : undefined,
          });
          for (const c of response.headers.getSetCookie()) {
            const [pair] = c.split(';');
            const i = pair.indexOf('=');
            jar.set(pair.slice(0, i), pair.slice(i + 1));
          }
          return { response, pid: response.headers.get('x-worker-pid'), body: await response.text() };
        };
        const first = await request('GET', '/sign-in');
        const csrf = first.body.match(/name="csrf" value="([^"]+)"/)[1];
        // The password on process A, a wrong code answered by process B (B resumed A's sealed
        // state, and Cognito took its Session), then the right code. The mock spends a Session
        // after 5 wrong codes, so each round sends one wrong code and finishes the sign-in;
        // rounds go on until the wrong code lands on another process.
        let proof = null;
        let done = null;
        for (let round = 0; round < 30 && !proof; round += 1) {
          const signedIn = await request('POST', '/sign-in', { csrf, username: 'carol', password: PASSWORD });
          assert.equal(signedIn.response.status, 303);
          assert.ok(signedIn.pid, 'X-Worker-Pid header in mock mode');
          const code = await lastSmsCode('carol');
          const attempt = await request('POST', '/mfa', { csrf, code: code === '000000' ? '111111' : '000000' });
          assert.match(attempt.body, /data-code="CodeMismatchException"/);
          if (attempt.pid !== signedIn.pid) proof = attempt;
          done = await request('POST', '/mfa', { csrf, code });
          assert.equal(done.response.status, 303);
        }
        assert.ok(proof, 'a second worker process answered');
        assert.equal(done.response.headers.get('location').replace(/^https?:\/\/[^/]+/, ''), '/account');
      });
    }

    test('no secret in any page or in the app output', async () => {
      assert.ok(pages.length > 20, `pages seen: ${pages.length}`);
      const jwt = /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}/;
      for (const { url, html } of pages) {
        for (const secret of secrets) {
          const allowed = url.endsWith('/totp/enrol') || url.endsWith('/mfa'); // the enrolment page shows its secret
          if (allowed && /^[A-Z2-7]{16,}$/.test(secret)) continue;
          assert.equal(html.includes(secret), false, `a secret in the page ${url}`);
        }
        assert.doesNotMatch(html, jwt, `a token in the page ${url}`);
      }
      const output = app.output.stdout + app.output.stderr;
      for (const secret of secrets) assert.equal(output.includes(secret), false, 'a secret in the app output');
      assert.doesNotMatch(output, jwt);
    });
  });
}
