// Hostile arguments: every exported function, every client method (every method of every
// sub-API, listed from the prototypes), the setters, the resource classes and the
// middlewares, called with undefined, null, numbers, booleans, a 1 MB string, arrays,
// objects whose getters throw, Proxies whose traps throw, Symbols, BigInt, circular and
// very deep objects… Each call must return, or throw / reject with an Error, and never
// crash the process (a Rust panic that aborts, a fatal napi error). The sweep runs in a
// child process (helpers/fault-args-sweep.mjs) so that a crash is a signal / exit code we
// can see, and its last `CALL` line names the culprit.
//
// Plus: where 4.13.23 answers an argument error with a TypeError, ours does too (checked
// side by side with clerk-v4 on a curated list), and the addon's panic guard turns a Rust
// panic into a JS Error.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runChild, describeChild, INDEX, BINDING } from './helpers/fault-child.mjs';
import { within } from './helpers/fault-server.mjs';

process.env.NODE_ENV = 'test';
for (const name of Object.keys(process.env)) if (name.startsWith('CLERK_')) delete process.env[name];

const require = createRequire(import.meta.url);
const ours = require('../index.js');
const SWEEP = fileURLToPath(new URL('./helpers/fault-args-sweep.mjs', import.meta.url));

describe('the hostile-argument sweep (child process)', () => {
  let res;
  let summary;
  const lastCall = () => (res.stdout.match(/^CALL .*$/gm) || []).pop();
  before(async () => {
    res = await runChild(`await import(${JSON.stringify(SWEEP)});`, { env: { SWEEP_TRACE: '1' }, timeoutMs: 100000 });
    const line = res.stdout.split('\n').find((l) => l.startsWith('SUMMARY '));
    summary = line ? JSON.parse(line.slice('SUMMARY '.length)) : undefined;
  });

  test('the process survives every call: exit 0, no signal, summary printed', { timeout: 110000 }, () => {
    const crashInfo = () => `last call before the end: ${lastCall()}\n${describeChild(res, 1500)}`;
    assert.equal(res.signal, null, `killed by ${res.signal} (a crash/abort)\n${crashInfo()}`);
    assert.equal(res.timedOut, false, crashInfo());
    assert.equal(res.code, 0, crashInfo());
    assert.ok(summary, crashInfo());
    console.log(`# sweep: ${summary.calls} calls in ${res.ms} ms; outcomes ${JSON.stringify(summary.counts)}; ${summary.apiRequests} API requests`);
    assert.ok(summary.calls > 10000, `only ${summary.calls} calls`);
  });

  test('every method of every sub-API was swept', () => {
    assert.ok(summary, 'no summary');
    const client = ours.createClerkClient({ secretKey: 'sk_test_x' });
    const expected = [];
    for (const [prop, api] of Object.entries(client)) {
      if (!api || typeof api !== 'object' || prop === 'base' || prop === '__unstable_options') continue;
      const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(api)).filter((m) => m !== 'constructor' && typeof api[m] === 'function');
      if (methods.length) expected.push(`${prop}:${methods.length}`);
    }
    assert.deepEqual(summary.subApis, expected);
    assert.ok(summary.methods >= 70, `${summary.methods} methods`);
    for (const sub of ['users', 'organizations', 'sessions', 'clients', 'invitations', 'emailAddresses', 'phoneNumbers', 'redirectUrls', 'allowlistIdentifiers', 'signInTokens', 'smsMessages', 'emails', 'domains', 'interstitial']) {
      assert.ok(summary.subApis.some((s) => s.startsWith(`${sub}:`)), `${sub} not swept`);
    }
    // The per-call log names each method.
    for (const m of ['users.getUserList', 'users.iterateUserList', 'users.updateUserProfileImage', 'organizations.updateOrganizationLogo', 'sessions.getToken', 'clients.verifyClient']) {
      assert.ok(res.stdout.includes(`OUT ${m}(`), `${m} missing from the sweep`);
    }
  });

  test('no call hangs, and nothing but Errors is thrown or rejected', () => {
    assert.ok(summary, 'no summary');
    assert.deepEqual(summary.problems, []);
  });

  test('no unhandled rejection or uncaught exception (middlewares pass failures to next)', () => {
    assert.ok(summary, 'no summary');
    assert.deepEqual(summary.unhandled, []);
  });

  test('no error message exposes the addon internals (napi conversion errors, panics)', () => {
    assert.ok(summary, 'no summary');
    assert.deepEqual(summary.internalLeaks, [], `${summary.internalLeaks.length} calls surfaced internal errors, e.g.:\n${summary.internalLeaks.slice(0, 8).join('\n')}`);
  });

  test('the middlewares answered every garbage request (next(err) / next() / a response)', () => {
    const lines = res.stdout.split('\n').filter((l) => /^OUT (ClerkExpress|client\.expressRequireAuth|createClerkExpressWithAuth)[^\t]*\((undefined req|null req|\{\}|no headers|headers|huge headers|a garbage|bad url|throwing|connection)/.test(l));
    assert.ok(lines.length >= 5 * 16, `${lines.length} middleware calls`);
    const bad = lines.filter((l) => /\t(hang|nonerror)/.test(l));
    assert.deepEqual(bad, []);
    // A 1 MB header is handled, not fatal.
    assert.ok(lines.some((l) => l.includes('huge headers (1 MB each))\t')));
  });
});

describe('argument errors are TypeErrors where 4.13.23 throws TypeErrors (side by side with clerk-v4)', () => {
  const v4 = require('clerk-v4');
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' });
  const priv = privateKey.export({ type: 'pkcs8', format: 'pem' });
  const b64u = (x) => Buffer.from(JSON.stringify(x)).toString('base64url');
  const input = `${b64u({ alg: 'RS256', typ: 'JWT', kid: 'k' })}.${b64u({ sub: 'user_1', exp: Math.floor(Date.now() / 1000) + 600 })}`;
  const token = `${input}.${crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  // No request is made: each of these fails on its arguments first (the URL is a closed port).
  const C = (sdk) => sdk.createClerkClient({ secretKey: 'sk_test_x', apiUrl: 'http://127.0.0.1:9', maxRetries: 0 });
  const CASES = {
    'verifyToken(token)': (s) => s.verifyToken(token),
    'verifyToken(token, null)': (s) => s.verifyToken(token, null),
    'verifyJwt(token)': (s) => s.verifyJwt(token),
    'deserialize(undefined)': (s) => s.deserialize(undefined),
    'deserialize(null)': (s) => s.deserialize(null),
    'User.fromJSON(undefined)': (s) => s.User.fromJSON(undefined),
    'Organization.fromJSON(null)': (s) => s.Organization.fromJSON(null),
    'hasValidSignature(undefined, pem)': (s) => s.hasValidSignature(undefined, pem),
    'hasValidSignature(decodeJwt(token), undefined)': (s) => s.hasValidSignature(s.decodeJwt(token), undefined),
    'hasValidSignature(decodeJwt(token), 42)': (s) => s.hasValidSignature(s.decodeJwt(token), 42),
    'signJwt({}, undefined, { algorithm: RS256 })': (s) => s.signJwt({}, undefined, { algorithm: 'RS256' }),
    'signJwt(undefined, pem, { algorithm: RS256 })': (s) => s.signJwt(undefined, priv, { algorithm: 'RS256' }),
    'signJwt({}, pem)': (s) => s.signJwt({}, priv),
    'organizations.getOrganization()': (s) => C(s).organizations.getOrganization(),
    'users.verifyPassword()': (s) => C(s).users.verifyPassword(),
    'users.verifyTOTP()': (s) => C(s).users.verifyTOTP(),
    'organizations.createOrganizationMembership()': (s) => C(s).organizations.createOrganizationMembership(),
    'organizations.getOrganizationMembershipList()': (s) => C(s).organizations.getOrganizationMembershipList(),
    'organizations.createOrganizationInvitation()': (s) => C(s).organizations.createOrganizationInvitation(),
    'redirect()': (s) => s.redirect(),
    'buildRequestUrl(undefined)': (s) => s.buildRequestUrl(undefined),
    'buildRequestUrl({})': (s) => s.buildRequestUrl({}),
    'createIsomorphicRequest(undefined)': (s) => s.createIsomorphicRequest(undefined),
    'sanitizeAuthObject(undefined)': (s) => s.sanitizeAuthObject(undefined),
    'makeAuthObjectSerializable(undefined)': (s) => s.makeAuthObjectSerializable(undefined),
    'signedInAuthObject(undefined)': (s) => s.signedInAuthObject(undefined),
    'debugRequestState(undefined)': (s) => s.debugRequestState(undefined),
    'createClerkExpressWithAuth()': (s) => s.createClerkExpressWithAuth(),
  };

  async function outcome(fn) {
    try {
      const r = fn();
      if (r && typeof r.then === 'function') {
        try {
          await within(5000, r);
          return { mode: 'resolve' };
        } catch (e) {
          return { mode: 'reject', type: e instanceof TypeError, error: e };
        }
      }
      return { mode: 'return' };
    } catch (e) {
      return { mode: 'throw', type: e instanceof TypeError, error: e };
    }
  }

  for (const [label, fn] of Object.entries(CASES)) {
    test(label, async () => {
      const theirs = await outcome(() => fn(v4));
      const mine = await outcome(() => fn(ours));
      assert.ok(theirs.type, `precondition: v4 gives a TypeError here (got ${theirs.mode} ${theirs.error})`);
      assert.equal(mine.mode, theirs.mode, `v4 ${theirs.mode}s, ours ${mine.mode}s (${mine.error})`);
      assert.ok(mine.error instanceof Error);
      assert.ok(mine.type, `v4: ${theirs.error.constructor.name}: ${theirs.error.message}\nours: ${mine.error.constructor.name}: ${mine.error.message}`);
    });
  }
});

describe('the Rust panic guard', () => {
  // The panic probe lives in builds with the `fuzzing` feature only; tests/panic_guard.rs
  // (`cargo test`) loads such a build into Node and panics it. The shipped addon has none.
  test('the production addon exports no panic probe', () => {
    const binding = require(BINDING);
    assert.equal(typeof binding.endpointTable, 'function', 'the binding loaded');
    assert.equal(binding.panicProbe, undefined);
  });

  test('a panic inside an async native call (absurd Retry-After) rejects the call and the process lives on', async () => {
    // Not an argument, but the one panic path found so far that hostile input reaches:
    // a server answering 429 with Retry-After: 1e300 to a GET that may be retried.
    const code = `
      import http from 'node:http';
      import { createRequire } from 'node:module';
      const require = createRequire(${JSON.stringify(INDEX)});
      const sdk = require(${JSON.stringify(INDEX)});
      const server = http.createServer((req, res) => { res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1e300' }); res.end('{"errors":[]}'); });
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      const c = sdk.createClerkClient({ secretKey: 'sk_test_x', apiUrl: 'http://127.0.0.1:' + server.address().port });
      const err = await c.users.getUser('user_1').then(() => null, (e) => e);
      console.log('REJECTED', err instanceof Error, JSON.stringify(err && err.message), err && err.status);
      const ok = await c.users.getUser('user_2').then(() => 'resolved', (e) => 'rejected');
      console.log('ALIVE', ok);
      server.close();
    `;
    const res = await runChild(code, { timeoutMs: 20000 });
    assert.equal(res.signal, null, describeChild(res));
    assert.equal(res.code, 0, describeChild(res));
    assert.match(res.stdout, /REJECTED true/, describeChild(res));
    assert.match(res.stdout, /ALIVE rejected/, describeChild(res));
  });
});
