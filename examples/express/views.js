'use strict';
// The pages of the example, as functions of their data. `html` escapes every interpolated
// value unless it is already `Html` (a fragment built by `html` itself, or `raw()`).

class Html {
  constructor(text) {
    this.text = text;
  }
  toString() {
    return this.text;
  }
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes `value` for HTML text and quoted attribute values. */
function escape(value) {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function render(value) {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escape(value);
}

/** A tagged template whose interpolations are escaped. */
function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1];
  });
  return new Html(out);
}

/** Trusted markup (the QR code's SVG, made by the package). */
function raw(text) {
  return new Html(text);
}

/** Human messages for the error codes a page may show; the code itself goes in `data-code`. */
const MESSAGES = {
  NotAuthorizedException: 'That did not work: wrong user name or password, or the sign-in took too long. Please sign in again.',
  UserNotFoundException: 'Wrong user name or password.',
  CodeMismatchException: 'That code is not right. Try again.',
  EnableSoftwareTokenMFAException: 'That code is not right. Try again.',
  ExpiredCodeException: 'That code has expired. Please sign in again.',
  InvalidStateError: 'Your sign-in has expired or could not be read. Please sign in again.',
  CsrfError: 'This form has expired. Reload the page and try again.',
  InvalidInputError: 'Please check what you typed.',
  InvalidParameterException: 'Cognito refused this change.',
  SoftwareTokenMFANotFoundException: 'Set up an authenticator app first.',
  TooManyRequestsException: 'Too many attempts. Wait a minute and try again.',
  LimitExceededException: 'Too many attempts. Wait a minute and try again.',
};

const NOTICES = {
  'signed-out': 'You are signed out.',
  'mfa-updated': 'Your sign-in settings are saved.',
  'totp-enrolled': 'Your authenticator app is set up and is now your preferred factor.',
};

function errorBlock(error) {
  if (!error) return '';
  const message = MESSAGES[error.code] ?? 'Something went wrong. Please try again.';
  return html`<p class="error" role="alert" data-code="${error.code}">${message}</p>`;
}

function noticeBlock(notice) {
  const message = notice && NOTICES[notice];
  return message ? html`<p class="notice" role="status">${message}</p>` : '';
}

function layout(name, title, { error, notice } = {}, body) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · cognito-mfa Express example</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; color: #1d2430; }
label { display: block; margin: .8rem 0 .2rem; }
input { font-size: 1rem; padding: .4rem; width: 100%; box-sizing: border-box; }
button { font-size: 1rem; padding: .4rem .9rem; margin: .6rem .4rem 0 0; }
.error { background: #fde8e8; border-left: 4px solid #c0392b; padding: .5rem .8rem; }
.notice { background: #e8f6ec; border-left: 4px solid #2e8b57; padding: .5rem .8rem; }
li { margin: .6rem 0; } li form { display: inline; }
code { font-size: 1.1rem; word-break: break-all; }
figure { margin: 1rem 0; }
</style>
</head>
<body>
<main data-page="${name}">
<h1>${title}</h1>
${errorBlock(error)}${noticeBlock(notice)}${body}
</main>
</body>
</html>
`.text;
}

function csrfField(csrf) {
  return html`<input type="hidden" name="csrf" value="${csrf}">`;
}

function signIn({ csrf, error, notice, username = '' }) {
  return layout('sign-in', 'Sign in', { error, notice }, html`
<form method="post" action="/sign-in">
${csrfField(csrf)}
<label for="username">User name</label>
<input id="username" name="username" autocomplete="username" value="${username}" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`);
}

const FACTOR_LABELS = {
  SMS_MFA: 'Text message (SMS)',
  SOFTWARE_TOKEN_MFA: 'Authenticator app',
  EMAIL_OTP: 'E-mail',
};

function codeForm(csrf, challenge, destination) {
  const where = destination
    ? html`<p>We sent a code to <span data-destination>${destination}</span>.</p>`
    : html`<p>Enter the code your authenticator app shows.</p>`;
  return html`${where}
<form method="post" action="/mfa" data-challenge="${challenge}">
${csrfField(csrf)}
<label for="code">Code</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*" required autofocus>
<button type="submit">Verify</button>
</form>`;
}

function enrolForm(csrf, { action, secret, qrSvg }) {
  return html`<p>Scan this QR code with your authenticator app, or type the secret in it.</p>
<figure data-qr>${raw(qrSvg)}</figure>
<p>Secret: <code data-secret>${secret}</code></p>
<form method="post" action="${action}">
${csrfField(csrf)}
<label for="code">Code from the app</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*" required>
<label for="friendly-name">Name of this authenticator (optional)</label>
<input id="friendly-name" name="friendlyName" maxlength="64">
<button type="submit">Verify</button>
</form>`;
}

/** The MFA step: `challenge` is the challenge in progress, with what its page needs. */
function mfa({ csrf, error, challenge, destination, factors, enrolment }) {
  let body;
  if (challenge === 'SELECT_MFA_TYPE') {
    body = html`<p>How do you want to confirm it is you?</p>
<form method="post" action="/mfa/select" data-challenge="SELECT_MFA_TYPE">
${csrfField(csrf)}
${factors.map((f) => html`<button type="submit" name="factor" value="${f}">${FACTOR_LABELS[f] ?? f}</button>`)}
</form>`;
  } else if (challenge === 'MFA_SETUP') {
    body = enrolForm(csrf, { action: '/mfa/setup', ...enrolment });
  } else {
    body = codeForm(csrf, challenge, destination);
  }
  return layout('mfa', 'Confirm it is you', { error }, body);
}

function factorItem(csrf, factor) {
  const { name, enabled, preferred } = factor;
  const button = (action, label) => html`<button type="submit" name="action" value="${action}">${label}</button>`;
  const actions = [];
  if (enabled) {
    actions.push(button('disable', 'Turn off'));
    if (!preferred) actions.push(button('prefer', 'Make preferred'));
  } else {
    actions.push(button('enable', 'Turn on'));
  }
  const enrol = name === 'SOFTWARE_TOKEN_MFA' && !enabled
    ? html` <a href="/totp/enrol" data-enrol>Set up an authenticator app</a>`
    : '';
  const state = enabled ? (preferred ? 'on, preferred' : 'on') : 'off';
  return html`<li data-factor="${name}" data-enabled="${String(enabled)}" data-preferred="${String(preferred)}">
<strong>${FACTOR_LABELS[name] ?? name}</strong>: ${state}
<form method="post" action="/account/mfa">${csrfField(csrf)}<input type="hidden" name="factor" value="${name}">${actions}</form>${enrol}
</li>`;
}

function account({ csrf, error, notice, username, factors }) {
  return layout('account', 'Your account', { error, notice }, html`
<p>Signed in as <span data-username>${username}</span>.</p>
<h2>Sign-in factors</h2>
<ul>
${factors.map((f) => factorItem(csrf, f))}
</ul>
<form method="post" action="/sign-out">
${csrfField(csrf)}
<button type="submit">Sign out</button>
</form>`);
}

function totpEnrol({ csrf, error, secret, qrSvg }) {
  return layout('totp-enrol', 'Set up an authenticator app', { error }, html`
${enrolForm(csrf, { action: '/totp/enrol', secret, qrSvg })}
<p><a href="/account">Back to your account</a></p>`);
}

function errorPage({ error }) {
  return layout('error', 'Something went wrong', { error }, html`<p><a href="/">Start again</a></p>`);
}

module.exports = { html, raw, escape, signIn, mfa, account, totpEnrol, errorPage };
