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

describe('prebuilt addons (the napi-rs layout)', () => {
  const os = require('node:os');
  const { spawnSync } = require('node:child_process');
  const platform = `${process.platform}-${process.arch}${process.platform === 'linux' ? '-gnu' : ''}`;

  /** A scratch package: bindings-node/{native.js,scripts/build.js} and, if asked, a fake
   * platform package in node_modules whose "addon" is plain JavaScript. */
  function scratch({ withPlatformPackage }) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-mfa-loader-'));
    fs.mkdirSync(path.join(dir, 'bindings-node', 'scripts'), { recursive: true });
    fs.copyFileSync(path.join(root, 'bindings-node', 'native.js'), path.join(dir, 'bindings-node', 'native.js'));
    fs.copyFileSync(path.join(root, 'bindings-node', 'scripts', 'build.js'), path.join(dir, 'bindings-node', 'scripts', 'build.js'));
    if (withPlatformPackage) {
      const pkg = path.join(dir, 'node_modules', `cognito-mfa-${platform}`);
      fs.mkdirSync(pkg, { recursive: true });
      fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: `cognito-mfa-${platform}`, main: 'addon.js' }));
      fs.writeFileSync(path.join(pkg, 'addon.js'), "module.exports = { prebuilt: true };\n");
    }
    return dir;
  }

  test('npm/linux-x64-gnu is the platform package: os/cpu/libc, the .node as main, one version', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'npm', 'linux-x64-gnu', 'package.json'), 'utf8'));
    expect(manifest.name).toBe('cognito-mfa-linux-x64-gnu');
    expect(manifest.version).toBe(packageJson.version);
    expect(manifest).toMatchObject({ os: ['linux'], cpu: ['x64'], libc: ['glibc'] });
    expect(manifest.main).toBe('cognito-mfa.linux-x64-gnu.node');
    expect(manifest.files).toEqual([manifest.main]);
    expect(manifest.scripts).toBeUndefined();
  });

  test('the loader takes the platform package first', () => {
    const dir = scratch({ withPlatformPackage: true });
    const out = spawnSync(process.execPath, ['-p', "JSON.stringify(require('./bindings-node/native.js'))"], { cwd: dir, encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toEqual({ prebuilt: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('without a platform package or a local build, require fails naming the platform and the fallback', () => {
    const dir = scratch({ withPlatformPackage: false });
    const script =
      "try { require('./bindings-node/native.js'); } catch (e) { console.log(JSON.stringify({ code: e.code, name: e.name, platform: e.platform, message: e.message })); }";
    const out = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
    const error = JSON.parse(out.stdout);
    expect(error).toMatchObject({ code: 'AddonNotFoundError', name: 'AddonNotFoundError', platform });
    expect(error.message).toContain(`${process.platform}-${process.arch}`);
    if (process.platform === 'linux') expect(error.message).toContain('(glibc)');
    expect(error.message).toContain('npm rebuild cognito-mfa');
    expect(error.message).toContain('https://rustup.rs');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the install script builds from source only when no prebuilt addon loads', () => {
    const noCargo = path.join(root, 'no-such-dir', 'cargo');
    const run = (dir, args = []) =>
      spawnSync(process.execPath, [path.join(dir, 'bindings-node', 'scripts', 'build.js'), ...args], {
        cwd: dir,
        env: { ...process.env, CARGO: noCargo, npm_lifecycle_event: 'install' },
        encoding: 'utf8',
      });
    const withPrebuilt = scratch({ withPlatformPackage: true });
    const skipped = run(withPrebuilt);
    expect(skipped.status).toBe(0);
    expect(skipped.stderr).toContain(`using the prebuilt native addon cognito-mfa-${platform}`);
    // --from-source (and a run outside npm's install) always builds: here it finds no cargo.
    const forced = run(withPrebuilt, ['--from-source']);
    expect(forced.status).toBe(1);
    expect(forced.stderr).toMatch(/was not found on PATH/);
    const withoutPrebuilt = scratch({ withPlatformPackage: false });
    const built = run(withoutPrebuilt);
    expect(built.status).toBe(1);
    expect(built.stderr).toMatch(/was not found on PATH/);
    for (const dir of [withPrebuilt, withoutPrebuilt]) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the repository's package.json leaves optionalDependencies to scripts/package.sh", () => {
    // `npm ci` here needs every dependency in package-lock.json, and the platform packages are
    // only published at release: scripts/package.sh writes them into the packed manifest
    // (tests/python/test_version.py checks the tarball).
    expect(packageJson.optionalDependencies).toBeUndefined();
    const script = fs.readFileSync(path.join(root, 'scripts', 'package.sh'), 'utf8');
    expect(script).toContain("manifest.optionalDependencies = { 'cognito-mfa-$platform': manifest.version }");
  });
});
