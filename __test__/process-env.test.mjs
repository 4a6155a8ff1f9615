// D2: "env" is JavaScript's process.env as the calling thread sees it when the call is
// made, also when it is a plain object (process.env = {...}), a Proxy, or a worker
// thread's own copy. Apps do all three (Jest gives each test file its own copy: see
// __test__/jest/). 4.13.23 reads process.env in JS, so all of them work there.
import './helpers/setup.mjs';
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker, SHARE_ENV } from 'node:worker_threads';
import express from 'express';
import { ours } from './helpers/diff.mjs';
import { startBapi } from './helpers/bapi.mjs';
import * as K from './helpers/auth-keys.mjs';

const require = createRequire(import.meta.url);
const INDEX = require.resolve('../index.js');

const REAL_ENV = process.env;
let bapi;
before(async () => {
  bapi = await startBapi();
});
after(() => bapi.close());
afterEach(() => {
  process.env = REAL_ENV;
  for (const name of Object.keys(REAL_ENV)) if (name.startsWith('CLERK_')) delete REAL_ENV[name];
  bapi.take();
});

const bearer = (request) => request.headers.authorization;

test('a replaced process.env (a plain object) gives the key, the API URL and every later change', async () => {
  process.env = { ...REAL_ENV, CLERK_SECRET_KEY: 'sk_test_replacedEnvKey1', CLERK_API_URL: bapi.url };
  const client = ours.createClerkClient();
  await client.users.getUserList();
  // The same object, written to later (as `process.env.X = ...` does under Jest).
  process.env.CLERK_SECRET_KEY = 'sk_test_replacedEnvKey2';
  await client.users.getUserList();
  // Set to the same value again: still that value.
  process.env.CLERK_SECRET_KEY = 'sk_test_replacedEnvKey2';
  await ours.clerkClient.users.getUserList();
  const seen = bapi.take();
  assert.deepEqual(
    seen.map((r) => [bearer(r), r.path]),
    [
      ['Bearer sk_test_replacedEnvKey1', '/v1/users'],
      ['Bearer sk_test_replacedEnvKey2', '/v1/users'],
      ['Bearer sk_test_replacedEnvKey2', '/v1/users'],
    ],
  );
  // Nothing leaked into the C environment.
  assert.equal(REAL_ENV.CLERK_SECRET_KEY, undefined);
});

test('a replaced process.env without the key fails as v4 does, while the real environment has one', async () => {
  REAL_ENV.CLERK_SECRET_KEY = 'sk_test_onlyInTheRealEnv';
  REAL_ENV.CLERK_API_URL = bapi.url;
  process.env = { CLERK_API_URL: bapi.url };
  await assert.rejects(ours.createClerkClient().users.getUserList(), /Missing Clerk Secret Key/);
  assert.equal(bapi.take().length, 0);
  // Back to the real object: its values are read again.
  process.env = REAL_ENV;
  await ours.createClerkClient().users.getUserList();
  assert.equal(bearer(bapi.take()[0]), 'Bearer sk_test_onlyInTheRealEnv');
});

test('a Proxy process.env is read through its traps at each call', async () => {
  let key = 'sk_test_proxyKey1';
  process.env = new Proxy(
    { ...REAL_ENV, CLERK_API_URL: bapi.url },
    { get: (target, name) => (name === 'CLERK_SECRET_KEY' ? key : target[name]) },
  );
  const client = ours.createClerkClient();
  await client.users.getUserList();
  key = 'sk_test_proxyKey2';
  await client.users.getUserList();
  assert.deepEqual(bapi.take().map(bearer), ['Bearer sk_test_proxyKey1', 'Bearer sk_test_proxyKey2']);
});

test('a Proxy around the real process.env is read through its traps, not from environ', async () => {
  REAL_ENV.CLERK_API_URL = bapi.url;
  REAL_ENV.CLERK_SECRET_KEY = 'sk_test_inEnviron';
  process.env = new Proxy(REAL_ENV, { get: (target, name) => (name === 'CLERK_SECRET_KEY' ? 'sk_test_fromTheTrap' : target[name]) });
  await ours.createClerkClient().users.getUserList();
  assert.equal(bearer(bapi.take()[0]), 'Bearer sk_test_fromTheTrap');
});

test("only Node's own env object is taken for environ", () => {
  const { environBacked } = require('../lib/env.js');
  assert.equal(environBacked(REAL_ENV), true);
  assert.equal(environBacked({ ...REAL_ENV }), false, 'a copy');
  assert.equal(environBacked(Object.create(REAL_ENV)), false, 'an object inheriting from it');
  assert.equal(environBacked(new Proxy(REAL_ENV, {})), false, 'a Proxy around it');
  assert.equal(environBacked(Object.freeze({ ...REAL_ENV })), false, 'a frozen copy');
  // The probe leaves nothing behind, in either object.
  const copy = { A: '1' };
  environBacked(copy);
  environBacked(REAL_ENV);
  assert.deepEqual(Object.keys(copy), ['A']);
  assert.equal(Object.keys(REAL_ENV).filter((k) => k.startsWith('CLERK_SDK_ENV_PROBE')).length, 0);
  // A Proxy is never probed: its traps see no write.
  const writes = [];
  environBacked(new Proxy({}, { set: (t, k, v) => (writes.push(k), (t[k] = v), true) }));
  assert.deepEqual(writes, []);
});

// An app: ClerkExpressWithAuth on the default client, answering the userId it got.
async function startApp() {
  const app = express();
  app.get('/me', ours.ClerkExpressWithAuth(), (req, res) => res.json({ userId: req.auth.userId, reason: res.getHeader('x-clerk-auth-reason') ?? null }));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${server.address().port}/me`, close: () => server.close() };
}

const me = async (url, token) => {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
};

test('the middleware judges each request with the replaced process.env of that moment (its memo included)', async () => {
  const keys = K.keys();
  const app = await startApp();
  try {
    const tokenA = K.mint({ key: keys.a });
    process.env = { ...REAL_ENV, CLERK_SECRET_KEY: K.DEV_SECRET, CLERK_JWT_KEY: keys.a.pem };
    assert.equal((await me(app.url, tokenA)).userId, K.USER_ID);
    assert.equal((await me(app.url, tokenA)).userId, K.USER_ID, 'remembered');
    // The key changes in the same object: the remembered answer is not reused.
    process.env.CLERK_JWT_KEY = keys.b.pem;
    assert.equal((await me(app.url, tokenA)).userId, null);
    // The same value written again changes nothing.
    process.env.CLERK_JWT_KEY = keys.b.pem;
    assert.equal((await me(app.url, K.mint({ key: keys.b }))).userId, K.USER_ID);
    // Another object with the first key again.
    process.env = { ...REAL_ENV, CLERK_SECRET_KEY: K.DEV_SECRET, CLERK_JWT_KEY: keys.a.pem };
    assert.equal((await me(app.url, tokenA)).userId, K.USER_ID);
    // The real environment (no key) again: the middleware fails as v4's does with no key.
    process.env = REAL_ENV;
    await assert.rejects(me(app.url, tokenA), /^Error: 500: .*Missing Clerk Secret Key/s);
  } finally {
    app.close();
  }
});

test('the middleware sees a key set in the real process.env to the same value, and a change after it', async () => {
  const keys = K.keys();
  const app = await startApp();
  try {
    REAL_ENV.CLERK_SECRET_KEY = K.DEV_SECRET;
    REAL_ENV.CLERK_JWT_KEY = keys.a.pem;
    const tokenA = K.mint({ key: keys.a });
    assert.equal((await me(app.url, tokenA)).userId, K.USER_ID);
    REAL_ENV.CLERK_JWT_KEY = keys.a.pem;
    assert.equal((await me(app.url, tokenA)).userId, K.USER_ID);
    REAL_ENV.CLERK_JWT_KEY = keys.b.pem;
    assert.equal((await me(app.url, tokenA)).userId, null);
  } finally {
    app.close();
  }
});

// Runs `code` in a worker thread (with `index` and `url` in workerData); resolves to
// what it posts.
function inWorker(code, options = {}) {
  const worker = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const { index, url } = workerData;
     (async () => { ${code} })().then((v) => parentPort.postMessage({ ok: v }), (e) => parentPort.postMessage({ error: String(e && e.message) }));`,
    { eval: true, workerData: { index: INDEX, url: bapi.url }, ...options },
  );
  return once(worker, 'message').then(([m]) => m);
}

test("a worker thread's own process.env gives the key set in it", async () => {
  const answer = await inWorker(`
    process.env.CLERK_SECRET_KEY = 'sk_test_setInTheWorker';
    process.env.CLERK_API_URL = url;
    const { clerkClient } = require(index);
    const users = await clerkClient.users.getUserList();
    return users.length;`);
  assert.equal(answer.error, undefined);
  assert.equal(bearer(bapi.take()[0]), 'Bearer sk_test_setInTheWorker');
  // The main thread's environment is not the worker's.
  assert.equal(REAL_ENV.CLERK_SECRET_KEY, undefined);
});

test('a worker thread does not see a key set in the main thread after it started', async () => {
  REAL_ENV.CLERK_API_URL = bapi.url;
  const worker = inWorker(`
    await new Promise((r) => setTimeout(r, 100));
    const { clerkClient } = require(index);
    return clerkClient.users.getUserList().then(() => 'sent', (e) => e.message);`);
  REAL_ENV.CLERK_SECRET_KEY = 'sk_test_setInMainLater';
  const answer = await worker;
  assert.match(answer.ok, /Missing Clerk Secret Key/);
});

test('a worker thread started with SHARE_ENV reads and writes the one environment', async () => {
  const answer = await inWorker(
    `
    process.env.CLERK_SECRET_KEY = 'sk_test_sharedEnv';
    process.env.CLERK_API_URL = url;
    const { clerkClient } = require(index);
    await clerkClient.users.getUserList();
    return require(index.replace(/index\\.js$/, 'lib/env.js')).isEnviron(process.env);`,
    { env: SHARE_ENV },
  );
  assert.equal(answer.ok, true, 'the shared environment is read from environ');
  assert.equal(bearer(bapi.take()[0]), 'Bearer sk_test_sharedEnv');
  assert.equal(REAL_ENV.CLERK_SECRET_KEY, 'sk_test_sharedEnv');
});

test('a worker with a replaced process.env verifies with the CLERK_JWT_KEY of each moment', async () => {
  const keys = K.keys();
  const answer = await inWorker(
    `
    const { workerData: w } = require('node:worker_threads');
    process.env = { CLERK_JWT_KEY: w.a };
    const { clerkClient } = require(index);
    const first = await clerkClient.verifyToken(w.tokenA).then((p) => p.sub, (e) => e.reason);
    process.env = { CLERK_JWT_KEY: w.b };
    const second = await clerkClient.verifyToken(w.tokenA).then((p) => p.sub, (e) => e.reason);
    return [first, second];`,
    { workerData: { index: INDEX, url: bapi.url, a: keys.a.pem, b: keys.b.pem, tokenA: K.mint({ key: keys.a }) } },
  );
  assert.deepEqual(answer.ok, [K.USER_ID, 'token-invalid-signature']);
});
