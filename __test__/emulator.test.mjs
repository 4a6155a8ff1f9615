// The local Backend API emulator (A4) on its own, driven by this package's SDK: state
// saved and restored, a burst of concurrent calls, Clerk's error answers for a wrong key
// and an unknown route, stop() releasing the port and the process, and the
// `clerk-emulator` command.
import './helpers/setup.mjs';
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator.mjs';
import { createClerkClient, verifyToken } from '../index.mjs';

/** `pk_test_` + base64 of the emulator's own `host:port$`. */
const ownPublishableKey = (emu) => `pk_test_${Buffer.from(`${new URL(emu.url).host}$`).toString('base64')}`;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'clerk-emulator.js');

const clerkFor = (emu, options = {}) => createClerkClient({ secretKey: emu.secretKey, apiUrl: emu.url, ...options });

/** Creates a temp dir removed after the file's tests. */
const tmpDirs = [];
async function tempDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'clerk-emulator-test-'));
  tmpDirs.push(dir);
  return dir;
}
after(() => Promise.all(tmpDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** Resolves to the error of a TCP connection attempt to the port, or null when it connected. */
function connectError(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(null);
    });
    socket.once('error', (err) => resolve(err));
  });
}

/** A child process, its exit ({ code, signal }) and its output so far. */
function run(args, { env = process.env } = {}) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (d) => (out.stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (out.stderr += d));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, out, exited };
}

/** Resolves to what `promise` resolves to, or to 'timeout' after `ms`. */
function within(ms, promise) {
  let timer;
  return Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms, 'timeout')))]).finally(() => clearTimeout(timer));
}

test('one startEmulator through ESM, CommonJS and the package export `clerk-sdk-node-rs/emulator`', async () => {
  const require = createRequire(import.meta.url);
  assert.equal(typeof startEmulator, 'function');
  assert.equal(require('../emulator.js').startEmulator, startEmulator);
  assert.equal(require('clerk-sdk-node-rs/emulator').startEmulator, startEmulator);
  assert.equal((await import('clerk-sdk-node-rs/emulator')).startEmulator, startEmulator);
});

describe('save and restore', () => {
  test('a restored emulator has the same users, sessions and keys, and old tokens still verify', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'clerk-data.json');
    const emu = await startEmulator();
    let restored;
    try {
      const clerk = clerkFor(emu);
      const ada = await clerk.users.createUser({ emailAddress: ['ada@example.com'], password: 'correct-horse-battery-staple', firstName: 'Ada', publicMetadata: { role: 'admin' } });
      await clerk.users.createUser({ emailAddress: ['grace@example.com'], firstName: 'Grace', skipPasswordRequirement: true });
      const { sessionId, token } = await emu.signIn(ada.id, { expiresInSeconds: 600 });
      const usersBefore = JSON.parse(JSON.stringify(await clerk.users.getUserList({ orderBy: '+created_at' })));
      const sessionsBefore = JSON.parse(JSON.stringify(await clerk.sessions.getSessionList({ userId: ada.id })));
      const keys = { secretKey: emu.secretKey, jwtKey: emu.jwtKey };
      assert.equal(emu.publishableKey, ownPublishableKey(emu));

      await emu.save(file);
      await emu.stop();
      const saved = JSON.parse(await readFile(file, 'utf8'));
      assert.equal(saved.version, 1);

      restored = await startEmulator({ seed: file });
      assert.deepEqual({ secretKey: restored.secretKey, jwtKey: restored.jwtKey }, keys);
      // The publishable key names the emulator's own host and port (its Frontend API).
      assert.equal(restored.publishableKey, ownPublishableKey(restored));
      const again = clerkFor(restored);
      assert.deepEqual(JSON.parse(JSON.stringify(await again.users.getUserList({ orderBy: '+created_at' }))), usersBefore);
      assert.deepEqual(JSON.parse(JSON.stringify(await again.sessions.getSessionList({ userId: ada.id }))), sessionsBefore);
      assert.equal(sessionsBefore[0].id, sessionId);
      assert.deepEqual(await again.users.verifyPassword({ userId: ada.id, password: 'correct-horse-battery-staple' }), { verified: true });

      // The token minted before the restart verifies with the restored key, offline and
      // through the restored emulator's JWKS.
      const offline = await verifyToken(token, { jwtKey: restored.jwtKey, issuer: null });
      assert.deepEqual([offline.sub, offline.sid], [ada.id, sessionId]);
      const viaJwks = await again.verifyToken(token);
      assert.deepEqual([viaJwks.sub, viaJwks.sid], [ada.id, sessionId]);
      // The restored session is still active: it gets fresh tokens.
      const fresh = await again.verifyToken(await again.sessions.getToken(sessionId));
      assert.deepEqual([fresh.sub, fresh.sid], [ada.id, sessionId]);

      // New objects get new ids.
      const alan = await again.users.createUser({ emailAddress: ['alan@example.org'], skipPasswordRequirement: true });
      assert.ok(!usersBefore.some((u) => u.id === alan.id), `id ${alan.id} reused`);
      assert.equal(await again.users.getCount(), 3);
    } finally {
      await emu.stop().catch(() => {});
      await restored?.stop();
    }
  });

  test('a seed path that does not exist yet starts empty and is where save() writes by default', async () => {
    const file = path.join(await tempDir(), 'new-data.json');
    const emu = await startEmulator({ seed: file });
    try {
      const clerk = clerkFor(emu);
      assert.equal(await clerk.users.getCount(), 0);
      await clerk.users.createUser({ emailAddress: ['ada@example.com'], skipPasswordRequirement: true });
      await emu.save();
      assert.equal(JSON.parse(await readFile(file, 'utf8')).version, 1);
    } finally {
      await emu.stop();
    }
    const restored = await startEmulator({ seed: file });
    try {
      const users = await clerkFor(restored).users.getUserList();
      assert.deepEqual(users.map((u) => u.emailAddresses[0].emailAddress), ['ada@example.com']);
    } finally {
      await restored.stop();
    }
  });

  test('data() is a seed: an emulator started from it has the same users', async () => {
    const emu = await startEmulator();
    let copy;
    try {
      const ada = await clerkFor(emu).users.createUser({ emailAddress: ['ada@example.com'], skipPasswordRequirement: true });
      copy = await startEmulator({ seed: emu.data() });
      const user = await clerkFor(copy).users.getUser(ada.id);
      assert.deepEqual(JSON.parse(JSON.stringify(user)), JSON.parse(JSON.stringify(ada)));
    } finally {
      await emu.stop();
      await copy?.stop();
    }
  });

  test('revision counts changes (writes that succeed, sign-ins), not reads or refused writes', async () => {
    const emu = await startEmulator();
    try {
      const clerk = clerkFor(emu);
      assert.equal(emu.revision, 0);
      const ada = await clerk.users.createUser({ emailAddress: ['ada@example.com'], skipPasswordRequirement: true });
      assert.equal(emu.revision, 1);
      await clerk.users.getUser(ada.id);
      await clerk.users.getUserList();
      await assert.rejects(clerk.users.createUser({ emailAddress: ['ada@example.com'], skipPasswordRequirement: true }));
      assert.equal(emu.revision, 1);
      await emu.signIn(ada.id);
      assert.equal(emu.revision, 2);
      assert.ok(!emu.jwtKey.includes('\r'), 'the PEM has \\n line ends');
    } finally {
      await emu.stop();
    }
  });
});

test('1,000 concurrent SDK calls all succeed and the user count is right afterwards', { timeout: 45_000 }, async () => {
  const emu = await startEmulator();
  try {
    // No retries: every one of the calls must be answered the first time.
    const clerk = clerkFor(emu, { maxRetries: 0 });
    const seeded = [];
    for (let i = 0; i < 10; i++) {
      seeded.push((await clerk.users.createUser({ emailAddress: [`seed${i}@example.com`], skipPasswordRequirement: true })).id);
    }
    const calls = [];
    for (let i = 0; i < 1000; i++) {
      if (i % 3 === 0) calls.push(clerk.users.createUser({ emailAddress: [`load${i}@example.com`], firstName: `Load ${i}`, skipPasswordRequirement: true }));
      else if (i % 3 === 1) calls.push(clerk.users.getUser(seeded[i % seeded.length]));
      else calls.push(clerk.users.getUserList({ limit: 5, offset: i % 6 }));
    }
    const results = await Promise.allSettled(calls);
    const failed = results.filter((r) => r.status === 'rejected');
    assert.equal(failed.length, 0, `${failed.length} calls failed, first: ${failed[0]?.reason} ${JSON.stringify(failed[0]?.reason?.errors)}`);

    const created = results.filter((_, i) => i % 3 === 0).map((r) => r.value.id);
    assert.equal(created.length, 334);
    assert.equal(new Set([...created, ...seeded]).size, 344, 'every created user has its own id');
    results.filter((_, i) => i % 3 === 1).forEach((r, k) => assert.equal(r.value.id, seeded[(3 * k + 1) % seeded.length]));
    results.filter((_, i) => i % 3 === 2).forEach((r) => assert.equal(r.value.length, 5));
    assert.equal(await clerk.users.getCount(), 344);
    assert.equal(await clerk.users.getCount({ query: 'load' }), 334);
  } finally {
    await emu.stop();
  }
});

describe("errors in Clerk's shape", () => {
  test('a wrong secret key is answered 401 authentication_invalid', async () => {
    const emu = await startEmulator();
    try {
      const err = await clerkFor(emu, { secretKey: 'sk_test_notTheEmulatorsKey0123456789' }).users.getUserList().then(
        () => assert.fail('resolved with a wrong key'),
        (e) => e,
      );
      assert.equal(err.constructor.name, 'ClerkAPIResponseError');
      assert.equal(err.status, 401);
      assert.equal(err.errors[0].code, 'authentication_invalid');
      assert.equal(typeof err.errors[0].message, 'string');
      assert.ok(err.clerkTraceId, 'clerk_trace_id expected');

      // Without any Authorization header, the same answer, as Clerk's JSON body.
      for (const headers of [{}, { authorization: 'Bearer sk_test_wrong' }, { authorization: emu.secretKey }]) {
        const res = await fetch(`${emu.url}/v1/users`, { headers });
        assert.equal(res.status, 401, JSON.stringify(headers));
        // v4 parses only an exact `application/json` content type.
        assert.equal(res.headers.get('content-type'), 'application/json');
        const body = await res.json();
        assert.equal(body.errors.length, 1);
        assert.equal(body.errors[0].code, 'authentication_invalid');
        assert.equal(typeof body.errors[0].message, 'string');
        assert.equal(typeof body.errors[0].long_message, 'string');
        assert.equal(typeof body.clerk_trace_id, 'string');
      }
      // The right key, for contrast.
      const ok = await fetch(`${emu.url}/v1/users`, { headers: { authorization: `Bearer ${emu.secretKey}` } });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('content-type'), 'application/json');
      assert.deepEqual(await ok.json(), []);
    } finally {
      await emu.stop();
    }
  });

  test('an unknown route is answered 404 resource_not_found', async () => {
    const emu = await startEmulator();
    try {
      for (const route of ['/v1/no_such_resource', '/v1/users/user_missing/no_such_action', '/v2/users']) {
        const res = await fetch(`${emu.url}${route}`, { headers: { authorization: `Bearer ${emu.secretKey}` } });
        assert.equal(res.status, 404, route);
        assert.equal(res.headers.get('content-type'), 'application/json', route);
        const body = await res.json();
        assert.equal(body.errors[0].code, 'resource_not_found', route);
        assert.equal(typeof body.errors[0].message, 'string', route);
        assert.equal(typeof body.errors[0].long_message, 'string', route);
        assert.equal(typeof body.clerk_trace_id, 'string', route);
      }
      const err = await clerkFor(emu).users.getUser('user_missing').then(
        () => assert.fail('resolved'),
        (e) => e,
      );
      assert.deepEqual([err.status, err.errors[0].code], [404, 'resource_not_found']);
    } finally {
      await emu.stop();
    }
  });
});

describe('stop()', () => {
  test('closes the port and open keep-alive connections', async () => {
    const emu = await startEmulator();
    const agent = new http.Agent({ keepAlive: true });
    try {
      // One request over a keep-alive connection that stays open afterwards.
      const { socketClosed } = await new Promise((resolve, reject) => {
        const req = http.get(`${emu.url}/v1/users`, { agent, headers: { authorization: `Bearer ${emu.secretKey}` } }, (res) => {
          assert.equal(res.headers.connection === 'close', false, 'the emulator closed the connection after one request');
          res.resume();
          res.on('end', () => resolve({ socketClosed: new Promise((r) => req.socket.once('close', () => r('closed'))) }));
        });
        req.on('error', reject);
      });
      assert.equal(await connectError(emu.port), null, 'the port accepts connections while running');

      await emu.stop();
      assert.equal(await within(3000, socketClosed), 'closed', 'the idle keep-alive connection was not closed');
      const err = await connectError(emu.port);
      assert.equal(err?.code, 'ECONNREFUSED');
      await assert.rejects(fetch(`${emu.url}/v1/users`, { headers: { authorization: `Bearer ${emu.secretKey}` } }), TypeError);
    } finally {
      agent.destroy();
      await emu.stop().catch(() => {});
    }
  });

  test('until then, a running emulator keeps the process alive and serves other processes', { timeout: 20_000 }, async () => {
    // Like a listening http.Server: a script that starts an emulator and never stops it
    // keeps running (this is what the clerk-emulator command relies on).
    const script = `
      import { startEmulator } from ${JSON.stringify(new URL('../emulator.mjs', import.meta.url).href)};
      const emu = await startEmulator();
      console.log(JSON.stringify({ url: emu.url, secretKey: emu.secretKey }));
    `;
    const child = run(['--input-type=module', '-e', script]);
    try {
      const first = await within(10_000, new Promise((resolve) => child.child.stdout.once('data', resolve)));
      assert.notEqual(first, 'timeout', `no output: ${child.out.stderr}`);
      const { url, secretKey } = JSON.parse(child.out.stdout.split('\n')[0]);
      assert.equal(await within(1000, child.exited), 'timeout', `the process exited while its emulator was running: ${child.out.stderr}`);
      const res = await fetch(`${url}/v1/users`, { headers: { authorization: `Bearer ${secretKey}` } });
      assert.equal(res.status, 200);
    } finally {
      child.child.kill('SIGKILL');
      await child.exited;
    }
  });

  test('unref() lets the process exit while the emulator runs, as server.unref() does', { timeout: 20_000 }, async () => {
    const script = `
      import { startEmulator } from ${JSON.stringify(new URL('../emulator.mjs', import.meta.url).href)};
      const emu = await startEmulator();
      if (emu.unref() !== emu || emu.ref() !== emu) throw new Error('unref()/ref() should return the emulator');
      emu.unref();
      const res = await fetch(emu.url + '/v1/users', { headers: { authorization: 'Bearer ' + emu.secretKey } });
      console.log('status', res.status);
    `;
    const child = run(['--input-type=module', '-e', script]);
    const exit = await within(10_000, child.exited);
    if (exit === 'timeout') child.child.kill('SIGKILL');
    assert.deepEqual(exit, { code: 0, signal: null }, `stdout: ${child.out.stdout} stderr: ${child.out.stderr}`);
    assert.equal(child.out.stdout, 'status 200\n');
  });

  test('lets the process exit by itself', { timeout: 20_000 }, async () => {
    const script = `
      import { startEmulator } from ${JSON.stringify(new URL('../emulator.mjs', import.meta.url).href)};
      const emu = await startEmulator();
      const res = await fetch(emu.url + '/v1/users', { headers: { authorization: 'Bearer ' + emu.secretKey } });
      console.log('status', res.status);
      await emu.signIn((await (await fetch(emu.url + '/v1/users', {
        method: 'POST',
        headers: { authorization: 'Bearer ' + emu.secretKey, 'content-type': 'application/json' },
        body: JSON.stringify({ email_address: ['ada@example.com'], skip_password_requirement: true }),
      })).json()).id);
      await emu.stop();
      console.log('stopped');
    `;
    const started = Date.now();
    const child = run(['--input-type=module', '-e', script]);
    const exit = await within(10_000, child.exited);
    if (exit === 'timeout') child.child.kill('SIGKILL');
    assert.notEqual(exit, 'timeout', `the process did not exit within 10 s of starting; output: ${child.out.stdout} ${child.out.stderr}`);
    assert.deepEqual(exit, { code: 0, signal: null }, child.out.stderr);
    assert.equal(child.out.stdout, 'status 200\nstopped\n');
    assert.ok(Date.now() - started < 10_000);
  });
});

describe('the clerk-emulator command', () => {
  const skip = existsSync(BIN) ? false : 'bin/clerk-emulator.js is not there yet (written by another helper)';

  test('prints its URL and keys, serves, and on SIGTERM writes the data file and exits 0', { skip, timeout: 30_000 }, async () => {
    const file = path.join(await tempDir(), 'emulator-data.json');
    const { child, out, exited } = run([BIN, '--port', '0', '--data', file]);
    try {
      // Wait for the URL and both keys on stdout.
      const deadline = Date.now() + 10_000;
      let url, secretKey, publishableKey;
      while (Date.now() < deadline) {
        // Each followed by white space, so that a value cut in two by a chunk boundary is not taken.
        url = /https?:\/\/(?:127\.0\.0\.1|localhost):\d+(?=\s)/.exec(out.stdout)?.[0];
        secretKey = /sk_test_[A-Za-z0-9]+(?=\s)/.exec(out.stdout)?.[0];
        publishableKey = /pk_test_[A-Za-z0-9+/=_-]+(?=\s)/.exec(out.stdout)?.[0];
        if (url && secretKey && publishableKey) break;
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(url && secretKey && publishableKey, `URL and keys expected on stdout, got: ${out.stdout} / stderr: ${out.stderr}`);

      const clerk = createClerkClient({ secretKey, apiUrl: url });
      const ada = await clerk.users.createUser({ emailAddress: ['ada@example.com'], skipPasswordRequirement: true });
      assert.equal(await clerk.users.getCount(), 1);

      child.kill('SIGTERM');
      const exit = await within(10_000, exited);
      assert.deepEqual(exit, { code: 0, signal: null }, `stderr: ${out.stderr}`);

      const data = JSON.parse(await readFile(file, 'utf8'));
      assert.equal(data.version, 1);
      const restored = await startEmulator({ seed: file });
      try {
        assert.equal(restored.secretKey, secretKey);
        assert.equal(publishableKey, `pk_test_${Buffer.from(`${new URL(url).host}$`).toString('base64')}`);
        assert.equal(restored.publishableKey, ownPublishableKey(restored));
        const user = await clerkFor(restored).users.getUser(ada.id);
        assert.equal(user.emailAddresses[0].emailAddress, 'ada@example.com');
      } finally {
        await restored.stop();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
