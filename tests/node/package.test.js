// The npm package itself: how it is imported (CommonJS self-reference and ESM), that the
// type declarations describe what the addon exports, and that versions agree.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('importing', () => {
  test("require('cognito-mfa') is the package's own entry point", () => {
    expect(require.resolve('cognito-mfa')).toBe(path.join(root, 'bindings-node', 'index.js'));
    const cognito = require('cognito-mfa');
    expect(new cognito.TOTP('JBSWY3DPEHPK3PXP').at(59)).toMatch(/^\d{6}$/);
  });

  test("require('cognito-mfa/compat') and require('cognito-mfa/testing') are its other entry points", () => {
    expect(require.resolve('cognito-mfa/compat')).toBe(path.join(root, 'bindings-node', 'compat.js'));
    expect(require.resolve('cognito-mfa/testing')).toBe(path.join(root, 'bindings-node', 'testing.js'));
    const main = require('cognito-mfa');
    const compat = require('cognito-mfa/compat');
    // The callback layer shares every class but CognitoUser with the Promise API.
    expect(compat.CognitoUserPool).toBe(main.CognitoUserPool);
    expect(compat.AuthenticationDetails).toBe(main.AuthenticationDetails);
    expect(compat.CognitoUser).not.toBe(main.CognitoUser);
    expect(Object.keys(require('cognito-mfa/testing'))).toEqual(['MockCognito', 'DEFAULT_PASSWORD']);
    // The testing helper's native functions are not part of the main entry point.
    expect(Object.keys(main).filter((name) => /mock/i.test(name))).toEqual([]);
  });

  test("ESM: import { CognitoUser } from 'cognito-mfa', and the compat and testing entry points", () => {
    const script = [
      "import { CognitoUser, CognitoUserPool, AuthenticationDetails, CognitoUserSession } from 'cognito-mfa';",
      "import * as AmazonCognitoIdentity from 'cognito-mfa/compat';",
      "import { MockCognito } from 'cognito-mfa/testing';",
      'console.log(JSON.stringify([CognitoUser, CognitoUserPool, AuthenticationDetails, CognitoUserSession,',
      '  AmazonCognitoIdentity.CognitoUser, MockCognito].map((f) => typeof f)));',
    ].join('\n');
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual(Array(6).fill('function'));
  });

  test("ESM: import { TOTP } from 'cognito-mfa' (named exports of the CommonJS module)", () => {
    const script = [
      "import { TOTP, randomSecret, parseUri, qrSvg, qrText, KeyUri } from 'cognito-mfa';",
      "import cognito from 'cognito-mfa';",
      "const key = Buffer.from('12345678901234567890');",
      'console.log(JSON.stringify({',
      '  code: new TOTP(key, { digits: 8 }).at(59),',
      "  kinds: [randomSecret, parseUri, qrSvg, qrText, KeyUri].map((f) => typeof f),",
      '  same: cognito.TOTP === TOTP,',
      '}));',
    ].join('\n');
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    // RFC 6238 appendix B, SHA-1 at t = 59
    expect(JSON.parse(output)).toEqual({
      code: '94287082',
      kinds: ['function', 'function', 'function', 'function', 'function'],
      same: true,
    });
  });
});

describe('install script', () => {
  test('explains a missing cargo instead of crashing', () => {
    const result = require('node:child_process').spawnSync(
      process.execPath,
      [path.join(root, 'bindings-node', 'scripts', 'build.js')],
      { env: { ...process.env, CARGO: path.join(root, 'no-such-dir', 'cargo') }, encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/was not found on PATH/);
    expect(result.stderr).toMatch(/https:\/\/rustup\.rs/);
    expect(result.stderr).toMatch(/npm rebuild cognito-mfa/);
  });

  test('package.json builds the addon with plain cargo on install', () => {
    expect(packageJson.scripts.install).toBe('node bindings-node/scripts/build.js');
  });
});

describe('type declarations', () => {
  const declaredValues = (file) =>
    [...fs.readFileSync(path.join(root, 'bindings-node', file), 'utf8').matchAll(/^export declare (?:class|function|const) (\w+)/gm)].map(
      (m) => m[1],
    );

  test('index.d.ts declares exactly what the main entry point exports', () => {
    expect(declaredValues('index.d.ts').sort()).toEqual(Object.keys(require('cognito-mfa')).sort());
  });

  test('index.d.ts ends with the hand-written declarations (src/handwritten.d.ts)', () => {
    const dts = fs.readFileSync(path.join(root, 'bindings-node', 'index.d.ts'), 'utf8');
    const results = fs.readFileSync(path.join(root, 'bindings-node', 'src', 'handwritten.d.ts'), 'utf8');
    expect(dts.endsWith(`\n\n${results}`)).toBe(true);
  });

  test('compat.d.ts and testing.d.ts declare what their entry points export', () => {
    const compatDts = fs.readFileSync(path.join(root, 'bindings-node', 'compat.d.ts'), 'utf8');
    const reExported = compatDts.match(/^export \{([^}]*)\} from '\.\/index'/m)[1].split(',').map((name) => name.trim()).filter(Boolean);
    expect([...declaredValues('compat.d.ts'), ...reExported].sort()).toEqual(Object.keys(require('cognito-mfa/compat')).sort());
    expect(declaredValues('testing.d.ts').sort()).toEqual(Object.keys(require('cognito-mfa/testing')).sort());
  });

  test('package.json points at the loader and the declarations', () => {
    expect(packageJson.main).toBe('bindings-node/index.js');
    expect(packageJson.types).toBe('bindings-node/index.d.ts');
    expect(packageJson.exports['.']).toEqual({
      types: './bindings-node/index.d.ts',
      default: './bindings-node/index.js',
    });
    for (const entry of ['compat', 'testing']) {
      expect(packageJson.exports[`./${entry}`]).toEqual({
        types: `./bindings-node/${entry}.d.ts`,
        default: `./bindings-node/${entry}.js`,
      });
    }
    for (const file of ['index', 'native', 'compat', 'testing']) {
      expect(packageJson.files).toContain(`bindings-node/${file}.js`);
    }
  });
});

describe('versions agree', () => {
  test('package.json, the Cargo workspace and pyproject.toml carry one version', () => {
    const cargo = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
    const workspaceVersion = cargo.match(/\[workspace\.package\][^[]*?\nversion\s*=\s*"([^"]+)"/)[1];
    expect(packageJson.version).toBe(workspaceVersion);
    const bindingManifest = fs.readFileSync(path.join(root, 'bindings-node', 'Cargo.toml'), 'utf8');
    expect(bindingManifest).toMatch(/^version\.workspace = true$/m);
    const pyprojects = ['pyproject.toml', 'bindings-python/pyproject.toml']
      .map((file) => path.join(root, file))
      .filter((file) => fs.existsSync(file));
    for (const file of pyprojects) {
      const pyproject = fs.readFileSync(file, 'utf8');
      const version = pyproject.match(/^version\s*=\s*"([^"]+)"/m);
      // maturin may take the version from Cargo (dynamic = ["version"]) instead
      if (version) expect(version[1]).toBe(packageJson.version);
      else expect(pyproject).toMatch(/dynamic\s*=\s*\[[^\]]*"version"/);
    }
  });

  test('the npm package ships every workspace member that cargo needs', () => {
    const cargo = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
    const members = JSON.parse(
      cargo.match(/^members\s*=\s*(\[[^\]]*\])/m)[1].replace(/'/g, '"').replace(/,\s*\]/, ']'),
    );
    for (const member of members) {
      expect(packageJson.files).toEqual(
        expect.arrayContaining([`${member}/Cargo.toml`, `${member}/src/`]),
      );
    }
    expect(packageJson.files).toEqual(expect.arrayContaining(['Cargo.toml', 'Cargo.lock']));
    // cargo also refuses a manifest whose [[bench]] targets are missing.
    for (const member of members) {
      const manifest = fs.readFileSync(path.join(root, member, 'Cargo.toml'), 'utf8');
      if (/^\[\[bench\]\]/m.test(manifest)) expect(packageJson.files).toContain(`${member}/benches/`);
    }
  });
});
