// The middlewares remember the native answer for a repeated request (lib/memo.js): the
// same token, headers and path skip the verification. These tests run real HTTP against
// an Express app in this process and count the native decisions, to show what is
// remembered, for how long, and what makes the middleware decide again: a CLERK_*
// variable, a setter, the token's exp, a failed verification, CLERK_LOGGING. What a
// remembered request sees is compared with what the first one saw, and with v4.
import './helpers/setup.mjs';
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import express from 'express';
import * as K from './helpers/auth-keys.mjs';
import { get, runNode } from './helpers/auth-servers.mjs';
import { describeAuth } from './helpers/auth-describe.mjs';

const require = createRequire(import.meta.url);
const native = require('../lib/native.js');
const { AnswerMemo, claimsOf } = require('../lib/memo.js');
const ours = require('../index.js');
const v4 = require('clerk-v4');

const KEYS = K.keys();
const CURL = 'curl/8.4.0';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

// Counts the native decisions (every remembered request skips one).
let decisions = 0;
const authenticate = native.NativeClient.prototype.authenticate;
native.NativeClient.prototype.authenticate = function counted(...args) {
  decisions++;
  return authenticate.apply(this, args);
};

let server;
let base;
const seen = []; // what each request's handler saw: { auth description, claims object }

before(async () => {
  process.env.CLERK_SECRET_KEY = K.DEV_SECRET;
  process.env.CLERK_JWT_KEY = KEYS.a.pem;
  process.env.CLERK_PUBLISHABLE_KEY = K.PUBLISHABLE_KEY;
  const v4Client = v4.createClerkClient({ secretKey: K.DEV_SECRET, jwtKey: KEYS.a.pem });
  const app = express();
  const record = async (req, res) => {
    seen.push({ auth: JSON.parse(JSON.stringify(await describeAuth(req.auth))), claims: req.auth.claims });
    // A handler that changes what it was given must not change what the next one gets.
    if (req.auth.claims) req.auth.claims.changedByHandler = true;
    res.json({ userId: req.auth.userId });
  };
  app.get('/require', ours.ClerkExpressRequireAuth(), record);
  app.get('/with', ours.ClerkExpressWithAuth(), record);
  app.get('/v4/require', v4Client.expressRequireAuth(), record);
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, next) => res.status(err.status || 500).json({ error: err.message }));
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => {
  native.NativeClient.prototype.authenticate = authenticate;
  server?.close();
});

beforeEach(() => {
  seen.length = 0;
});

const bearer = (token, ua = CURL) => ({ authorization: `Bearer ${token}`, 'user-agent': ua });

/** Sends `n` requests one after the other; returns the statuses and the decisions made. */
async function repeat(n, path, headers) {
  const before = decisions;
  const statuses = [];
  for (let i = 0; i < n; i++) statuses.push((await get(base + path, { headers })).status);
  return { statuses, decisions: decisions - before };
}

describe('a repeated request', () => {
  test('is decided once, and every request gets the same req.auth in a new object', async () => {
    const token = K.mint({ claims: { sub: 'user_memoRepeated' } });
    const r = await repeat(3, '/require', bearer(token));
    assert.deepEqual(r.statuses, [200, 200, 200]);
    assert.equal(r.decisions, 1);
    assert.equal(seen.length, 3);
    assert.deepEqual(seen[1].auth, seen[0].auth);
    assert.deepEqual(seen[2].auth, seen[0].auth);
    assert.notEqual(seen[1].claims, seen[0].claims, 'claims are a new object each time');
    assert.equal(seen[0].auth.values.sessionClaims.changedByHandler, undefined);
    assert.equal(seen[2].auth.values.sessionClaims.changedByHandler, undefined);
  });

  test('sees what v4 sees', async () => {
    const token = K.mint({ claims: { sub: 'user_memoVersusV4' } });
    await repeat(2, '/require', bearer(token));
    await repeat(1, '/v4/require', bearer(token));
    const [first, remembered, fromV4] = seen.map((s) => s.auth);
    assert.deepEqual(remembered, first);
    // debug() names where the keys came from: ours reads the env (D2), v4 the options.
    for (const d of [remembered, fromV4]) delete d.debug;
    assert.deepEqual(remembered, fromV4);
  });

  test('on another path, or with other headers, is decided again', async () => {
    const token = K.mint({ claims: { sub: 'user_memoPaths' } });
    const a = await repeat(2, '/require', bearer(token));
    const b = await repeat(2, '/require?page=2', bearer(token));
    const c = await repeat(2, '/require', { ...bearer(token), 'x-forwarded-host': 'other.example.com' });
    assert.deepEqual([a.decisions, b.decisions, c.decisions], [1, 1, 1]);
  });

  test('without a token (signed out) is remembered too', async () => {
    const r = await repeat(3, '/with', { 'user-agent': CURL });
    assert.deepEqual(r.statuses, [200, 200, 200]);
    assert.equal(r.decisions, 1);
    assert.deepEqual(seen[2].auth, seen[0].auth);
    assert.equal(seen[0].auth.values.userId, null);
  });
});

describe('what makes the middleware decide again', () => {
  test('a changed CLERK_JWT_KEY reaches the next request', async () => {
    const token = K.mint({ claims: { sub: 'user_memoEnv' } });
    assert.deepEqual((await repeat(2, '/require', bearer(token))).statuses, [200, 200]);
    process.env.CLERK_JWT_KEY = KEYS.b.pem;
    try {
      assert.deepEqual((await repeat(2, '/require', bearer(token))).statuses, [401, 401]);
    } finally {
      process.env.CLERK_JWT_KEY = KEYS.a.pem;
    }
    const back = await repeat(2, '/require', bearer(token));
    assert.deepEqual(back.statuses, [200, 200]);
    assert.equal(back.decisions, 1);
  });

  test('a setter reaches the next request', async () => {
    // No credentials from a browser: a development key asks for the interstitial, a
    // production key signs the request out.
    const browser = { 'user-agent': BROWSER };
    assert.deepEqual((await repeat(2, '/with', browser)).statuses, [401, 401]);
    ours.clerkClient.secretKey = K.LIVE_SECRET;
    try {
      const live = await repeat(2, '/with', browser);
      assert.deepEqual(live.statuses, [200, 200]);
      assert.equal(live.decisions, 1);
      assert.equal(seen.at(-1).auth.values.userId, null);
    } finally {
      ours.clerkClient.secretKey = K.DEV_SECRET;
    }
    assert.deepEqual((await repeat(1, '/with', browser)).statuses, [401]);
  });

  test("a token is not remembered past its exp minus the clock skew", async () => {
    const now = K.nowSeconds();
    const token = K.mint({ claims: { sub: 'user_memoExpiry', exp: now + 30 } });
    assert.equal((await repeat(2, '/require', bearer(token))).decisions, 1);
    const realNow = Date.now;
    Date.now = () => realNow() + 26_000; // past exp − 5 s
    try {
      const later = await repeat(1, '/require', bearer(token));
      assert.equal(later.decisions, 1);
      assert.deepEqual(later.statuses, [200], 'still valid for the native clock');
    } finally {
      Date.now = realNow;
    }
  });

  test('a failed verification is decided every time', async () => {
    const token = K.mint({ key: KEYS.b, claims: { sub: 'user_memoWrongKey' } });
    const r = await repeat(3, '/require', bearer(token));
    assert.deepEqual(r.statuses, [401, 401, 401]);
    assert.equal(r.decisions, 3);
  });

  test('CLERK_LOGGING=true: every request is decided and logged (child process)', async () => {
    const token = K.mint({ claims: { sub: 'user_memoLogging' } });
    const code = `
      const { ClerkExpressRequireAuth } = await import('./index.mjs');
      const mw = ClerkExpressRequireAuth();
      for (let i = 0; i < 3; i++) {
        const req = { url: '/', method: 'GET', headers: { host: 'a.example', 'user-agent': 'curl/8', authorization: 'Bearer ${token}' }, connection: {} };
        await new Promise((ok, fail) => mw(req, { setHeader() {} }, (e) => (e ? fail(e) : ok())));
        console.log(req.auth.userId);
      }`;
    const r = await runNode(code, { CLERK_LOGGING: 'true', CLERK_SECRET_KEY: K.DEV_SECRET, CLERK_JWT_KEY: KEYS.a.pem });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['user_memoLogging', 'user_memoLogging', 'user_memoLogging']);
    assert.equal(r.stderr.match(/\[clerk\] authenticate -> signed-in/g)?.length, 3, r.stderr);
  });
});

describe('AnswerMemo', () => {
  const stampOf = { authStamp: () => 7 };
  const fields = (path) => ({ authorization: 'Bearer t', path });

  test('keeps at most its bound, dropping the oldest answer not hit since (second chance)', () => {
    const memo = new AnswerMemo(stampOf, 3);
    const remember = (p) => memo.set(p, fields(p), 8, 7, Infinity, '{"status":"signed-out"}');
    for (const p of ['/a', '/b', '/c']) remember(p);
    assert.ok(memo.get('/a', fields('/a'), 8, 7), 'a hit on the oldest');
    remember('/d');
    assert.equal(memo.entries.size, 3);
    assert.equal(memo.get('/b', fields('/b'), 8, 7), undefined, 'the least recently used went');
    assert.equal(memo.get('/a', fields('/a'), 8, 7).raw.status, 'signed-out');
    assert.equal(memo.get('/d', fields('/d'), 8, 7).raw.status, 'signed-out');
    // Everything hit since: one pass unmarks them, then the oldest goes.
    assert.ok(memo.get('/c', fields('/c'), 8, 7));
    remember('/e');
    assert.deepEqual([...memo.entries.keys()], ['/a', '/d', '/e']);
  });

  test('answers only the very request it was given, under the same stamp and flags', () => {
    const memo = new AnswerMemo(stampOf);
    const text = '{"status":"signed-in","token":"t","claims":{"sub":"u","nested":{"claims":1}}}';
    memo.set('k', fields('/'), 8, 7, Date.now() + 60_000, text);
    assert.equal(memo.get('k', fields('/other'), 8, 7), undefined, 'same key, other request');
    memo.set('k', fields('/'), 8, 7, Date.now() + 60_000, text);
    assert.equal(memo.get('k', fields('/'), 24, 7), undefined, 'other flags');
    memo.set('k', fields('/'), 8, 7, Date.now() + 60_000, text);
    assert.equal(memo.get('k', fields('/'), 8, 8), undefined, 'other stamp');
    memo.set('k', fields('/'), 8, 7, Date.now() - 1, text);
    assert.equal(memo.get('k', fields('/'), 8, 7), undefined, 'expired');
    memo.set('k', fields('/'), 8, 7, Date.now() + 60_000, text);
    const hit = memo.get('k', fields('/'), 8, 7);
    assert.deepEqual(hit.raw, { status: 'signed-in', token: 't' });
    assert.ok(Object.isFrozen(hit.raw));
    assert.deepEqual(hit.claims, { sub: 'u', nested: { claims: 1 } });
  });

  test('claimsOf gives what JSON.parse of the claims would: new objects, same keys in the same order', () => {
    const texts = [
      '{"sub":"u","org_permissions":["a","b"],"act":{"sub":"x","n":[1,{"d":[null,true]}]},"2":0,"1":1,"meta":{}}',
      '{"__proto__":{"polluted":true},"sub":"u","list":[[1],[2,[3]]],"e":[],"z":null}',
      '{}',
      `{"deep":${'['.repeat(100)}1${']'.repeat(100)},"sub":"u"}`, // deeper than copied: parsed again
    ];
    Object.prototype.inheritedClaim = { enumerable: 'yes' }; // a polluted prototype is not copied
    try {
      for (const text of texts) {
        const memo = new AnswerMemo(stampOf);
        memo.set('k', fields('/'), 8, 7, Infinity, `{"status":"signed-in","claims":${text}}`);
        const entry = memo.get('k', fields('/'), 8, 7);
        const shared = entry.claims ?? claimsOf(entry); // the deep ones are parsed each time
        const copy = claimsOf(entry);
        assert.deepStrictEqual(copy, JSON.parse(text));
        assert.equal(JSON.stringify(copy), JSON.stringify(JSON.parse(text)));
        assert.deepEqual(Reflect.ownKeys(copy), Reflect.ownKeys(JSON.parse(text)));
        assert.equal(Object.getPrototypeOf(copy), Object.prototype);
        assert.equal(Object.hasOwn(copy, 'inheritedClaim'), false);
        const walk = (a, b) => {
          if (typeof a !== 'object' || a === null) return;
          assert.notEqual(a, b, 'every object is new');
          for (const k of Object.keys(a)) walk(a[k], b[k]);
        };
        walk(copy, shared);
      }
    } finally {
      delete Object.prototype.inheritedClaim;
    }
  });
});
