// The npm tarball (its published manifest: no scripts, no devDependencies, every platform
// package optional), installed into a fresh app under the old name, works on its own:
// the built addon ships in it and nothing of 4.13.23 (@clerk/backend) is underneath.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readdirSync, mkdirSync, copyFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import { packInto, installApp } from './helpers/fresh-app.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let dir;
let tarball;
let platformTarball;
let server;
let apiUrl;
const seen = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clerk-pack-'));
  // Offline, with the type packages it depends on placed as in this repository's lockfile.
  tarball = packInto(dir);
  await installApp(dir, { '@clerk/clerk-sdk-node': { tarball } });
  // A linux-x64-gnu platform package around the addons this checkout built (build:platforms
  // makes the shipped one, from the glibc 2.17 toolchain; the packaging is the same).
  const platformDir = join(dir, 'platform-src');
  mkdirSync(platformDir);
  copyFileSync(join(root, 'npm', 'linux-x64-gnu', 'package.json'), join(platformDir, 'package.json'));
  for (const f of ['clerk-sdk-node-rs.linux-x64-gnu.node', 'clerk-emulator.linux-x64-gnu.node']) copyFileSync(join(root, f), join(platformDir, f));
  execFileSync('npm', ['pack', '--pack-destination', dir], { cwd: platformDir, stdio: 'pipe' });
  platformTarball = readdirSync(dir).find((f) => f.startsWith('clerk-sdk-node-rs-linux-x64-gnu-'));
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'user', id: 'user_packed', first_name: 'Ada', email_addresses: [] }));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${server.address().port}`;
});

after(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(file, source) {
  writeFileSync(join(dir, file), source);
  const r = spawnSync(process.execPath, [file], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', CLERK_SECRET_KEY: 'sk_test_packed', CLERK_API_URL: apiUrl },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('the installed tarball carries both addons (SDK and emulator) and no @clerk/backend', () => {
  const out = run('check.cjs', `
    const sdk = require('@clerk/clerk-sdk-node');
    let backend = 'absent';
    try { require.resolve('@clerk/backend'); backend = 'present'; } catch {}
    const files = require('node:fs').readdirSync('node_modules/@clerk/clerk-sdk-node');
    console.log(JSON.stringify({ backend, exports: Object.keys(sdk).length, node: files.filter((f) => f.endsWith('.node')) }));
  `);
  assert.equal(out.backend, 'absent');
  assert.equal(out.exports, 67);
  assert.deepEqual(out.node, ['clerk-emulator.linux-x64-gnu.node', 'clerk-sdk-node-rs.linux-x64-gnu.node']);
});

test('CommonJS and ESM users of the installed tarball reach the API', async () => {
  const script = `
    const clerkClient = require('@clerk/clerk-sdk-node').default;
    const Clerk = require('@clerk/clerk-sdk-node/cjs/instance').default;
    (async () => {
      const a = await clerkClient.users.getUser('user_packed');
      const b = await Clerk({ secretKey: 'sk_test_other' }).users.getUser('user_packed');
      console.log(JSON.stringify({ a: a.firstName, b: b.constructor.name }));
    })();
  `;
  const out = await runAsync('api.cjs', script);
  assert.deepEqual(out, { a: 'Ada', b: 'User' });
  const esm = await runAsync('api.mjs', `
    import clerkClient, { users, User } from '@clerk/clerk-sdk-node';
    import Clerk from '@clerk/clerk-sdk-node/esm/instance';
    const u = await users.getUser('user_packed');
    console.log(JSON.stringify({ isUser: u instanceof User, same: users === clerkClient.users, factory: typeof Clerk }));
  `);
  assert.deepEqual(esm, { isUser: true, same: true, factory: 'function' });
  assert.ok(seen.includes('GET /v1/users/user_packed Bearer sk_test_packed'), seen.join('\n'));
  assert.ok(seen.includes('GET /v1/users/user_packed Bearer sk_test_other'), seen.join('\n'));
});

// Like run(), without blocking this process's event loop (the server lives here).
async function runAsync(file, source) {
  const { spawn } = await import('node:child_process');
  writeFileSync(join(dir, file), source);
  const child = spawn(process.execPath, [file], {
    cwd: dir,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', CLERK_SECRET_KEY: 'sk_test_packed', CLERK_API_URL: apiUrl },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill(), 20_000);
  const code = await new Promise((r) => child.on('close', r));
  clearTimeout(timer);
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout);
}

test("the installed tarball's emulator serves its own SDK, and its bin is linked", async () => {
  const out = await runAsync('emulator.mjs', `
    import { createClerkClient } from '@clerk/clerk-sdk-node';
    import { startEmulator } from '@clerk/clerk-sdk-node/emulator';
    import fs from 'node:fs';
    const emu = await startEmulator();
    const clerk = createClerkClient({ secretKey: emu.secretKey, apiUrl: emu.url });
    const user = await clerk.users.createUser({ emailAddress: ['ada@example.com'], firstName: 'Ada' });
    const { token } = await emu.signIn(user.id);
    const claims = await clerk.verifyToken(token);
    await emu.stop();
    console.log(JSON.stringify({ same: claims.sub === user.id, bin: fs.existsSync('node_modules/.bin/clerk-emulator') }));
  `);
  assert.deepEqual(out, { same: true, bin: true });
});

test("the installed tarball's clerk-emulator command serves the Backend API to the installed SDK", async () => {
  const { spawn } = await import('node:child_process');
  const bin = spawn(join(dir, 'node_modules', '.bin', 'clerk-emulator'), ['--port', '0', '--secret-key', 'sk_test_packed_bin'], {
    cwd: dir,
    env: { PATH: process.env.PATH },
  });
  try {
    let stdout = '';
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line: ${stdout}`)), 20_000);
      bin.stdout.on('data', (d) => {
        stdout += d;
        const m = /listening on (http:\/\/\S+)/.exec(stdout);
        if (m && stdout.includes('Ctrl-C')) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      bin.on('exit', (code) => reject(new Error(`clerk-emulator exited ${code}: ${stdout}`)));
    });
    const out = await runAsync('bin-client.cjs', `
      const { createClerkClient } = require('@clerk/clerk-sdk-node');
      const clerk = createClerkClient({ secretKey: 'sk_test_packed_bin', apiUrl: ${JSON.stringify(url)} });
      (async () => {
        const user = await clerk.users.createUser({ emailAddress: ['bin@example.com'] });
        const again = await clerk.users.getUser(user.id);
        console.log(JSON.stringify({ same: again.id === user.id, email: again.emailAddresses[0].emailAddress }));
      })();
    `);
    assert.deepEqual(out, { same: true, email: 'bin@example.com' });
  } finally {
    bin.kill('SIGTERM');
  }
});

test('the packed manifest is the published one: no scripts, no devDependencies, every platform optional', () => {
  const shipped = JSON.parse(readFileSync(join(dir, 'node_modules/@clerk/clerk-sdk-node/package.json'), 'utf8'));
  const dev = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.equal(shipped.scripts, undefined);
  assert.equal(shipped.devDependencies, undefined);
  assert.ok(dev.scripts.prepare, 'the development manifest is back after npm pack');
  assert.deepEqual(shipped.optionalDependencies, Object.fromEntries(
    ['linux-x64-gnu', 'linux-arm64-gnu', 'linux-x64-musl', 'linux-arm64-musl', 'darwin-x64', 'darwin-arm64', 'win32-x64-msvc'].map((p) => [`clerk-sdk-node-rs-${p}`, dev.version]),
  ));
  const platform = JSON.parse(readFileSync(join(root, 'npm/linux-x64-gnu/package.json'), 'utf8'));
  assert.deepEqual([platform.os, platform.cpu, platform.libc], [['linux'], ['x64'], ['glibc']]);
});

test('an unpacked copy installs from a folder (no prepare script runs)', async () => {
  const app = mkdtempSync(join(tmpdir(), 'clerk-folder-'));
  try {
    mkdirSync(join(app, 'pkg'));
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', join(app, 'pkg'), '--strip-components=1']);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'folder-app', private: true }));
    await installApp(app, { 'clerk-sdk-node-rs': { tarball: join(dir, tarball) } });
    const r = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', './pkg'], { cwd: app, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /napi: not found|install script/i);
    const load = spawnSync(process.execPath, ['-e', 'console.log(typeof require("clerk-sdk-node-rs").createClerkClient)'], { cwd: app, encoding: 'utf8' });
    assert.equal(load.stdout.trim(), 'function', load.stderr);
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
});

test('without an addon beside it the platform package is loaded, and without both the first line says what failed', () => {
  const app = mkdtempSync(join(tmpdir(), 'clerk-noplatform-'));
  try {
    const main = join(app, 'node_modules', 'clerk-sdk-node-rs');
    mkdirSync(main, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', main, '--strip-components=1']);
    for (const f of readdirSync(main)) if (f.endsWith('.node')) rmSync(join(main, f));
    const r = spawnSync(process.execPath, ['-e', 'require("clerk-sdk-node-rs")'], { cwd: app, encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.notEqual(r.status, 0);
    const first = r.stderr.split('\n').find((l) => l.includes('clerk-sdk-node-rs cannot load'));
    assert.match(first, /^Error: clerk-sdk-node-rs cannot load its native addon on linux x64 \(glibc\), Node v\d+/);
    assert.match(first, /\.\/clerk-sdk-node-rs\.linux-x64-gnu\.node: not found; clerk-sdk-node-rs-linux-x64-gnu: not found/);
    assert.match(r.stderr, /npm install clerk-sdk-node-rs-linux-x64-gnu@/);
    assert.doesNotMatch(first, /npm has a bug/);

    const platform = join(app, 'node_modules', 'clerk-sdk-node-rs-linux-x64-gnu');
    mkdirSync(platform);
    execFileSync('tar', ['-xzf', join(dir, platformTarball), '-C', platform, '--strip-components=1']);
    const ok = spawnSync(process.execPath, ['-e', `
      (async () => {
        const sdk = require('clerk-sdk-node-rs');
        const { startEmulator } = require('clerk-sdk-node-rs/emulator');
        await (await startEmulator()).stop();
        const loaded = Object.keys(require.cache).filter((f) => f.endsWith('.node')).map((f) => require('node:path').relative(process.cwd(), f));
        console.log(JSON.stringify({ api: typeof sdk.createClerkClient, emulator: typeof startEmulator, loaded }));
      })();
    `], { cwd: app, encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), {
      api: 'function',
      emulator: 'function',
      loaded: ['node_modules/clerk-sdk-node-rs-linux-x64-gnu/clerk-sdk-node-rs.linux-x64-gnu.node', 'node_modules/clerk-sdk-node-rs-linux-x64-gnu/clerk-emulator.linux-x64-gnu.node'],
    });
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
});
