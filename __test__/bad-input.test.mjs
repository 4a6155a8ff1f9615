// Hostile and broken verification input, one row each: every row is rejected, never
// crashes, and — where 4.13.23 rejects with a reason — with v4's reason (checked side by
// side with clerk-v4 in the same process, or in a fresh one where v4's process-wide key
// cache would interfere).
import './helpers/setup.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import * as K from './helpers/auth-keys.mjs';
import { runNode } from './helpers/auth-servers.mjs';

const require = createRequire(import.meta.url);
const ours = require('../index.js');
const v4 = require('clerk-v4');

const KEYS = K.keys();
const jwtKey = KEYS.a.pem;
const b64u = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const valid = () => K.mint();
const parts = (t) => t.split('.');

// What a rejection looks like, comparable across the two SDKs.
async function outcome(fn) {
  try {
    const value = await fn();
    return { value: value && value.sub };
  } catch (err) {
    return { class: K.errorClass(err), reason: err.reason, message: K.normalizeMessage(err.message) };
  }
}

const ROWS = [
  ['alg none', () => `${b64u({ alg: 'none', typ: 'JWT' })}.${parts(valid())[1]}.`, 'token-invalid-algorithm'],
  [
    'HS256 signed with the public key as the secret',
    () => {
      const input = `${b64u({ alg: 'HS256', typ: 'JWT', kid: 'ins_kidA' })}.${parts(valid())[1]}`;
      return `${input}.${crypto.createHmac('sha256', jwtKey).update(input).digest('base64url')}`;
    },
    'token-invalid-algorithm',
  ],
  ['a tampered payload', () => { const [h, , s] = parts(valid()); return `${h}.${b64u(K.claims({ sub: 'user_attacker' }))}.${s}`; }, 'token-invalid-signature'],
  ['a tampered header', () => { const [, p, s] = parts(valid()); return `${b64u({ alg: 'RS256', typ: 'JWT', kid: 'ins_other' })}.${p}.${s}`; }, 'token-invalid-signature'],
  ['expired', () => K.mint({ claims: { exp: K.nowSeconds() - 3600 } }), 'token-expired'],
  ['not yet valid (nbf beyond skew)', () => K.mint({ claims: { nbf: K.nowSeconds() + 3600 } }), 'token-not-active-yet'],
  ['issued in the future beyond skew', () => K.mint({ claims: { iat: K.nowSeconds() + 3600 } }), 'token-not-active-yet'],
  ['azp not in authorizedParties', () => K.mint({ claims: { azp: 'https://evil.example' } }), 'token-invalid-authorized-parties', { authorizedParties: [K.AZP] }],
  ['a wrong iss', () => K.mint({ claims: { iss: 'https://evil.example' } }), 'token-invalid-issuer', { issuer: K.ISSUER }],
  ['a wrong aud', () => K.mint({ claims: { aud: 'api://other' } }), 'token-verification-failed', { audience: 'api://mine' }],
  ['two segments', () => parts(valid()).slice(0, 2).join('.'), 'token-invalid'],
  ['four segments', () => `${valid()}.x`, 'token-invalid'],
  ['bad base64url in the header', () => `!!!.${parts(valid())[1]}.${parts(valid())[2]}`, 'SyntaxError'],
  ['a header that is not JSON', () => `${b64u('not json')}.${parts(valid())[1]}.${parts(valid())[2]}`, 'SyntaxError'],
  ['a payload that is not JSON', () => `${parts(valid())[0]}.${b64u('{"sub":')}.${parts(valid())[2]}`, 'SyntaxError'],
  ['a payload that is not an object', () => `${parts(valid())[0]}.${b64u('42')}.${parts(valid())[2]}`, 'TypeError'],
  ['a header that is JSON null', () => `${b64u('null')}.${parts(valid())[1]}.${parts(valid())[2]}`, 'TypeError'],
  ['a 1 MB garbage token', () => 'a'.repeat(1 << 20), 'token-invalid'],
  ['a 1 MB token with a forged signature', () => { const [h, , s] = parts(valid()); return `${h}.${b64u(K.claims({ pad: 'x'.repeat(1 << 20) }))}.${s}`; }, 'token-invalid-signature'],
];

describe('verifyToken({ jwtKey }) rejects bad tokens with v4\'s reason', () => {
  for (const [name, make, expected, extra = {}] of ROWS) {
    test(name, async () => {
      const token = make();
      const mine = await outcome(() => ours.verifyToken(token, { jwtKey, ...extra }));
      const theirs = await outcome(() => v4.verifyToken(token, { jwtKey, ...extra }));
      assert.equal(mine.value, undefined, `ours accepted: ${name}`);
      assert.equal(mine.reason ?? mine.class, expected, JSON.stringify(mine));
      assert.deepEqual(mine, theirs);
    });
  }
});

describe('bad keys', () => {
  // v4 keeps the first jwtKey of a process for good: compare with fresh v4 processes.
  async function v4Fresh(key, token) {
    const r = await runNode(`
      process.env.NODE_ENV = 'test';
      const { verifyToken } = await import('clerk-v4');
      try { await verifyToken(${JSON.stringify(token)}, { jwtKey: ${JSON.stringify(key)} }); console.log('{"accepted":true}'); }
      catch (e) { console.log(JSON.stringify({ reason: e.reason })); }`);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  }

  test('a PEM that is not a key: rejected with v4\'s reason, and the message names the option', async () => {
    const token = valid();
    const mine = await outcome(() => ours.verifyToken(token, { jwtKey: '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----' }));
    assert.equal(mine.reason, 'token-invalid-signature');
    assert.match(mine.message, /jwtKey option \(or CLERK_JWT_KEY\)/);
    assert.deepEqual(await v4Fresh('-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----', token), { reason: mine.reason });
  });

  test('an RSA key under 2048 bits is refused (v4 refuses it too)', async () => {
    const small = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = small.publicKey.export({ type: 'spki', format: 'pem' });
    const input = `${b64u({ alg: 'RS256', typ: 'JWT' })}.${b64u(K.claims())}`;
    const token = `${input}.${crypto.sign('sha256', Buffer.from(input), small.privateKey).toString('base64url')}`;
    const mine = await outcome(() => ours.verifyToken(token, { jwtKey: pem }));
    assert.equal(mine.value, undefined);
    assert.deepEqual(await v4Fresh(pem, token), { reason: mine.reason });
  });
});

describe('a JWKS endpoint that misbehaves', () => {
  let server;
  let url;
  let mode = 'down';
  before(async () => {
    server = http.createServer((req, res) => {
      if (mode === 'slow') return; // never answers
      if (mode === 'html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html>maintenance</html>');
      }
      if (mode === 'empty') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"keys":[]}');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(K.jwks([KEYS.a, 'ins_kidA'])));
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${server.address().port}`;
  });
  after(() => server.close());

  const client = (key, options = {}) => ours.createClerkClient({ secretKey: key, apiUrl: url, maxRetries: 0, ...options });

  test('down (connection refused): a clear error, no hang', async () => {
    const c = ours.createClerkClient({ secretKey: 'sk_test_down', apiUrl: 'http://127.0.0.1:9', maxRetries: 0 });
    const r = await outcome(() => c.verifyToken(valid()));
    assert.equal(r.reason, 'jwk-remote-failed-to-load');
    assert.match(r.message, /127\.0\.0\.1:9\/v1\/jwks/);
  });

  test('slow: bounded by the client timeout', async () => {
    mode = 'slow';
    const started = Date.now();
    const r = await outcome(() => client('sk_test_slow', { timeoutMs: 300 }).verifyToken(valid()));
    assert.equal(r.reason, 'jwk-remote-failed-to-load');
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  test('answers HTML or an empty key set: jwk-remote-failed-to-load, as v4 says of an empty set', async () => {
    for (const m of ['html', 'empty']) {
      mode = m;
      const r = await outcome(() => client(`sk_test_${m}`).verifyToken(valid()));
      assert.equal(r.reason, 'jwk-remote-failed-to-load', m);
      assert.match(r.message, /did not contain any signing keys/);
    }
  });

  test('an unknown kid: jwk-remote-missing, without listing the cached kids', async () => {
    mode = 'ok';
    const r = await outcome(() => client('sk_test_unknownkid').verifyToken(K.mint({ kid: 'ins_unknown' })));
    assert.equal(r.reason, 'jwk-remote-missing');
    assert.doesNotMatch(r.message, /available/);
  });
});

describe('cookie headers that are malformed or huge', () => {
  const requestWith = (cookie) =>
    new Request('http://localhost:3000/', { headers: { cookie, 'user-agent': 'Mozilla/5.0', host: 'localhost:3000' } });
  const options = { secretKey: K.LIVE_SECRET, jwtKey, publishableKey: K.PUBLISHABLE_KEY_LIVE };

  test('malformed: a signed-out state (v4 throws a URIError out of authenticateRequest)', async () => {
    const cookie = '__session=%E0%A4%A; ;;==; =x; __client_uat';
    const mine = await ours.createClerkClient(options).authenticateRequest({ request: requestWith(cookie) });
    assert.equal(mine.status, 'signed-out');
    assert.equal(mine.reason, 'token-invalid');
    await assert.rejects(v4.createClerkClient(options).authenticateRequest({ request: requestWith(cookie) }), URIError);
  });

  test('huge: the same state as v4', async () => {
    const cookie = `__client_uat=1700000000; junk=${'x'.repeat(1 << 20)}; __session=${'y'.repeat(1 << 16)}`;
    const mine = await ours.createClerkClient(options).authenticateRequest({ request: requestWith(cookie) });
    const theirs = await v4.createClerkClient(options).authenticateRequest({ request: requestWith(cookie) });
    assert.deepEqual([mine.status, mine.reason], [theirs.status, theirs.reason]);
  });
});
