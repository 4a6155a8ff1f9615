// The npm tarball, installed into a fresh app under the old name, works on its own:
// the built addon ships in it and nothing of 4.13.23 (@clerk/backend) is underneath.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import { packInto, installApp } from './helpers/fresh-app.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let dir;
let server;
let apiUrl;
const seen = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clerk-pack-'));
  // Offline, with the type packages it depends on placed as in this repository's lockfile.
  await installApp(dir, { '@clerk/clerk-sdk-node': { tarball: packInto(dir) } });
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
