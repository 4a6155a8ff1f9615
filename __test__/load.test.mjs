// Reliability under load:
// * 10,000 concurrent users.getUser calls against one loopback server all complete with
//   the right user;
// * 1,000,000 networkless verifications (verifyToken with jwtKey) in one child process:
//   exact accepted / rejected counts, and RSS flat between the warm-up and the end (a
//   leak test, not a timing test; see helpers/fault-verify-load.mjs for the mix);
// * Node exits by itself, promptly, after API calls and after verifications (no handle
//   of the addon keeps the event loop alive).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runChild, describeChild, INDEX } from './helpers/fault-child.mjs';
import { within } from './helpers/fault-server.mjs';
import * as fx from './helpers/fixtures.mjs';

process.env.NODE_ENV = 'test';
for (const name of Object.keys(process.env)) if (name.startsWith('CLERK_')) delete process.env[name];

const require = createRequire(import.meta.url);
const sdk = require('../index.js');
const KEY = 'sk_test_loadSuiteKey_0123456789';
const VERIFY_SCRIPT = fileURLToPath(new URL('./helpers/fault-verify-load.mjs', import.meta.url));

// One node:http server for the suite: GET /v1/users/:id answers that user; paths under
// /v1/slow/ wait a little; /v1/fail/ answers 503; /v1/jwks answers the JWKS set by a test.
let server;
let url;
const stats = { requests: 0, connections: 0, byPath: new Map() };
let jwksDoc = { keys: [] };
before(async () => {
  server = http.createServer((req, res) => {
    stats.requests++;
    const path = req.url.split('?')[0];
    stats.byPath.set(path, (stats.byPath.get(path) || 0) + 1);
    const send = (status, value) => {
      const body = JSON.stringify(value);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (path === '/v1/jwks') return send(200, jwksDoc);
    if (path.startsWith('/v1/users/user_fail')) return send(503, { errors: [{ code: 'unavailable', message: 'try later' }] });
    if (path.startsWith('/v1/users/user_hang')) return undefined; // never answered (the client times out)
    if (path.startsWith('/v1/users/')) return send(200, fx.user(decodeURIComponent(path.slice('/v1/users/'.length))));
    return send(404, { errors: [{ code: 'resource_not_found', message: 'not found' }] });
  });
  server.on('connection', () => stats.connections++);
  server.maxConnections = 15000;
  server.keepAliveTimeout = 2000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('10,000 concurrent API calls', () => {
  test('Promise.all of 10,000 users.getUser: every call resolves with its own user', { timeout: 60000 }, async () => {
    const client = sdk.createClerkClient({ secretKey: KEY, apiUrl: url });
    const before = stats.requests;
    const ids = Array.from({ length: 10000 }, (_, i) => `user_load${String(i).padStart(5, '0')}`);
    const started = Date.now();
    const results = await within(45000, Promise.allSettled(ids.map((id) => client.users.getUser(id))), '10,000 calls');
    const ms = Date.now() - started;
    const rejected = results.filter((r) => r.status === 'rejected');
    assert.equal(rejected.length, 0, `${rejected.length} rejected; first: ${rejected[0] && (rejected[0].reason.errors ? JSON.stringify(rejected[0].reason.errors) : rejected[0].reason)} cause=${rejected[0]?.reason?.cause?.message}`);
    const wrong = results.filter((r, i) => !(r.value instanceof sdk.User) || r.value.id !== ids[i] || r.value.emailAddresses.length !== 1);
    assert.equal(wrong.length, 0, `${wrong.length} results are not the user asked for`);
    assert.equal(stats.requests - before, 10000, 'exactly one request per call');
    console.log(`# 10,000 concurrent getUser: ${ms} ms, ${stats.connections} TCP connections so far`);
  });

  test('a mixed burst: 3,000 successes, 1,000 503s (each retried once), 500 timeouts — all settle correctly', { timeout: 90000 }, async () => {
    // A generous timeout for the answered calls (a loaded CI machine must not turn them
    // into timeouts), a short one for the calls that hang.
    const client = sdk.createClerkClient({ secretKey: KEY, apiUrl: url, maxRetries: 1, timeoutMs: 30000 });
    const hanging = sdk.createClerkClient({ secretKey: KEY, apiUrl: url, maxRetries: 1, timeoutMs: 2000 });
    stats.byPath.clear();
    const calls = [];
    for (let i = 0; i < 4500; i++) {
      const id = i < 3000 ? `user_ok${i}` : i < 4000 ? `user_fail${i}` : `user_hang${i}`;
      calls.push((i < 4000 ? client : hanging).users.getUser(id).then((u) => ({ ok: u.id === id }), (e) => ({ status: e.status, code: e.errors?.[0]?.code, message: e.errors?.[0]?.message })));
    }
    const results = await within(80000, Promise.all(calls), 'mixed burst');
    assert.equal(results.slice(0, 3000).filter((r) => r.ok).length, 3000);
    assert.equal(results.slice(3000, 4000).filter((r) => r.status === 503 && r.code === 'unavailable').length, 1000);
    const timeouts = results.slice(4000).filter((r) => r.code === 'unexpected_error' && /timeoutMs/.test(r.message));
    assert.equal(timeouts.length, 500, JSON.stringify(results.slice(4000, 4003)));
    let failRequests = 0;
    let hangRequests = 0;
    for (const [path, n] of stats.byPath) {
      if (path.startsWith('/v1/users/user_fail')) failRequests += n;
      if (path.startsWith('/v1/users/user_hang')) hangRequests += n;
    }
    assert.equal(failRequests, 2000, 'each 503 GET sent twice (maxRetries: 1)');
    // On a loaded machine a few hanging calls time out before their request is even
    // sent; a retry would send every timed-out call again (far above 500).
    assert.ok(hangRequests <= 500 && hangRequests >= 400, `a timed-out GET is not retried: ${hangRequests} requests for 500 calls`);
  });
});

describe('1,000,000 networkless verifications in one process', () => {
  test('exact accepted/rejected counts; RSS flat after the warm-up (< 50 MB growth)', { timeout: 120000 }, async () => {
    const res = await runChild(`await import(${JSON.stringify(VERIFY_SCRIPT)});`, { args: ['--expose-gc'], timeoutMs: 110000 });
    assert.equal(res.code, 0, describeChild(res));
    const line = res.stdout.split('\n').find((l) => l.startsWith('SUMMARY '));
    assert.ok(line, describeChild(res));
    const s = JSON.parse(line.slice('SUMMARY '.length));
    console.log(`# verifications: ${s.total} in ${s.loopMs} ms (${s.usPerVerification} µs each; token preparation ${s.prepMs} ms, child total ${res.ms} ms)`);
    console.log(`# RSS samples: ${s.rss.map((r) => `${r.label}=${r.rssMb}MB`).join(', ')}`);
    assert.equal(s.wrongCount, 0, JSON.stringify(s.wrongOutcomes));
    assert.deepEqual(s.counts, { accepted: 960000, rejected: 40000 });
    assert.deepEqual(s.byKind, {
      valid: { accepted: 940000, rejected: 0 },
      validPool: { accepted: 20000, rejected: 0 },
      badSignature: { accepted: 0, rejected: 10000 },
      expired: { accepted: 0, rejected: 15000 },
      malformed: { accepted: 0, rejected: 15000 },
    });
    assert.equal(s.reasons['badSignature:token-invalid-signature'], 10000);
    assert.equal(s.reasons['expired:token-expired'], 15000);
    const warm = s.rss.find((r) => r.label === 'after warm-up');
    const at600k = s.rss.find((r) => r.label === 'after 600000');
    const end = s.rss.find((r) => r.label === 'end');
    assert.ok(end.rssMb - warm.rssMb < 50, `RSS grew ${Math.round(end.rssMb - warm.rssMb)} MB after the warm-up`);
    // By 600k every pool token has been seen once and the 10,000-entry token cache is
    // full: from there on memory must be flat.
    assert.ok(end.rssMb - at600k.rssMb < 10, `RSS still growing in the last 400k: ${at600k.rssMb} → ${end.rssMb} MB`);
    assert.ok(end.heapMb - warm.heapMb < 10, `JS heap grew ${end.heapMb - warm.heapMb} MB`);
    assert.ok(res.ms < 60000, `the child took ${res.ms} ms`);
  });
});

describe('Node exits by itself promptly (no process.exit)', () => {
  const EXIT_WITHIN = 3000;

  async function assertExitsPromptly(code, env) {
    const res = await runChild(code, { env, timeoutMs: 30000 });
    assert.equal(res.timedOut, false, `the process did not exit by itself\n${describeChild(res)}`);
    assert.equal(res.code, 0, describeChild(res));
    const m = res.stdout.match(/DONE (\d+)/);
    assert.ok(m, describeChild(res));
    const endedAt = Number(m[1]);
    const lingered = Date.now() - endedAt;
    assert.ok(lingered < EXIT_WITHIN, `Node lived on ${lingered} ms after the work was done\n${describeChild(res)}`);
    return res;
  }

  test('after API calls (successes, retried 503s, a timeout, keep-alive connections in the pool)', { timeout: 40000 }, async () => {
    const code = `
      import { createRequire } from 'node:module';
      const require = createRequire(${JSON.stringify(INDEX)});
      const { users, createClerkClient } = require(${JSON.stringify(INDEX)});
      const ok = await Promise.all(Array.from({ length: 200 }, (_, i) => users.getUser('user_exit' + i)));
      const failed = await users.getUser('user_fail_exit').catch((e) => e.status);
      const timedOut = await createClerkClient({ timeoutMs: 200 }).users.getUser('user_hang_exit').catch((e) => e.errors[0].code);
      console.log('RESULT', ok.length, failed, timedOut);
      console.log('DONE ' + Date.now());
    `;
    const res = await assertExitsPromptly(code, { CLERK_SECRET_KEY: KEY, CLERK_API_URL: url });
    assert.match(res.stdout, /RESULT 200 503 unexpected_error/);
  });

  test('after verifications (jwtKey, and a JWKS fetched from the API)', { timeout: 40000 }, async () => {
    const code = `
      import crypto from 'node:crypto';
      import { createRequire } from 'node:module';
      const require = createRequire(${JSON.stringify(INDEX)});
      const sdk = require(${JSON.stringify(INDEX)});
      const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jwtKey = publicKey.export({ type: 'spki', format: 'pem' });
      const b64u = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const input = b64u({ alg: 'RS256', kid: 'ins_exit', typ: 'JWT' }) + '.' + b64u({ sub: 'user_exit', iss: 'https://clerk.example.com', exp: now + 600, iat: now - 5, nbf: now - 5, sid: 'sess_exit' });
      const token = input + '.' + crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url');
      let ok = 0;
      for (let i = 0; i < 20000; i++) if ((await sdk.verifyToken(token, { jwtKey })).sub === 'user_exit') ok++;
      const bad = await sdk.verifyToken(token.slice(0, -6) + 'AAAAAA', { jwtKey }).catch((e) => e.reason);
      // JWKS from the loopback API (the parent serves /v1/jwks).
      const res = await fetch(process.env.JWKS_SET_URL, { method: 'POST', body: JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'ins_exit', alg: 'RS256', use: 'sig' }] }) });
      await res.text();
      const viaJwks = await sdk.verifyToken(token, { secretKey: process.env.CLERK_SECRET_KEY, apiUrl: process.env.CLERK_API_URL }).then((p) => p.sub, (e) => 'rejected: ' + e.message);
      const viaClient = await sdk.createClerkClient({}).verifyToken(token).then((p) => p.sub, (e) => 'rejected: ' + e.message);
      console.log('RESULT', ok, bad, viaJwks, viaClient);
      console.log('DONE ' + Date.now());
    `;
    // A tiny side door of the test server: the child POSTs the JWKS it wants served.
    const setter = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        jwksDoc = JSON.parse(body);
        res.end('ok');
      });
    });
    await new Promise((resolve) => setter.listen(0, '127.0.0.1', resolve));
    try {
      const res = await assertExitsPromptly(code, { CLERK_SECRET_KEY: KEY, CLERK_API_URL: url, JWKS_SET_URL: `http://127.0.0.1:${setter.address().port}/` });
      assert.match(res.stdout, /RESULT 20000 token-invalid-signature user_exit user_exit/, describeChild(res));
    } finally {
      setter.closeAllConnections();
      await new Promise((resolve) => setter.close(resolve));
    }
  });

  test('after loading the package and doing nothing', { timeout: 20000 }, async () => {
    const code = `
      import { createRequire } from 'node:module';
      const require = createRequire(${JSON.stringify(INDEX)});
      const sdk = require(${JSON.stringify(INDEX)});
      void sdk.clerkClient.users;
      console.log('DONE ' + Date.now());
    `;
    await assertExitsPromptly(code, {});
  });
});
