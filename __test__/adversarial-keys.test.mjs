// Attacks on where signing keys come from, written as an attacker would run them against
// an app: a hostile key server on 127.0.0.1, forged tokens, request headers that name the
// attacker's host. Fixed here: S11 (keys from a host the request names). Kept holding:
// alg none, HS256 with the PEM as secret, jku/x5u, kid injection, key confusion across
// clients, middleware memo confusion, unknown-kid floods.
import './helpers/setup.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { ours } from './helpers/diff.mjs';
import { withEnv } from './helpers/setup.mjs';
import * as K from './helpers/auth-keys.mjs';
import { hostile, json, runMiddleware, reject } from './helpers/hostile.mjs';

const KEYS = K.keys();
const SECRET = K.DEV_SECRET;
const b64u = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** The app's own Backend API: JWKS with the instance key (KEYS.a, kid ins_kidA). */
let bapi;
/** The attacker's server: serves its own key (KEYS.b) under every JWKS path. */
let attacker;
before(async () => {
  bapi = await hostile((req, res) => (req.url.endsWith('/jwks') ? json(res, K.jwks([KEYS.a, 'ins_kidA'])) : json(res, {})));
  attacker = await hostile((req, res) => json(res, K.jwks([KEYS.b, 'atk'], [KEYS.b, 'ins_kidA'])));
});
after(async () => {
  await bapi.close();
  await attacker.close();
});

const attackerRequests = () => attacker.requests.length;
const client = (extra = {}) => ours.createClerkClient({ secretKey: SECRET, apiUrl: bapi.url, ...extra });

describe('S11: keys never come from a host the request names', () => {
  // The attacker signs a token with its own key, names its own host in X-Forwarded-Host
  // and sets `iss` to the proxy URL that host resolves to.
  const forged = (kid) => K.mint({ key: KEYS.b, kid, claims: { iss: `${attacker.url}/__clerk`, sub: 'user_victim' } });
  const attack = (kid) => ({
    url: '/dashboard',
    headers: { authorization: `Bearer ${forged(kid)}`, 'x-forwarded-host': `127.0.0.1:${attacker.port}`, 'x-forwarded-proto': 'http', host: 'app.example' },
  });

  for (const [name, mw] of [
    ['the proxyUrl option', () => client().expressWithAuth({ proxyUrl: '/__clerk' })],
    ['a proxyUrl function', () => client().expressWithAuth({ proxyUrl: (url) => new URL('/__clerk', url).href })],
    ['CLERK_PROXY_URL', () => client().expressWithAuth()],
  ]) {
    test(`a relative proxy URL from ${name}: the attacker's token signs nobody in and its server sees no request`, async () => {
      const before = attackerRequests();
      await withEnv({ CLERK_PROXY_URL: '/__clerk' }, async () => {
        for (const kid of ['atk', 'ins_kidA']) {
          const r = await runMiddleware(mw(), attack(kid));
          assert.equal(r.err, undefined);
          assert.equal(r.auth.userId, null, 'signed in with the attacker key');
          assert.equal(r.headers['x-clerk-auth-status'], 'signed-out');
        }
      });
      assert.equal(attackerRequests(), before, 'a request reached the host the request named');
    });
  }

  test('RequireAuth refuses the forged token with 401 and contacts no one but the API', async () => {
    const before = attackerRequests();
    const r = await runMiddleware(client().expressRequireAuth({ proxyUrl: '/__clerk' }), attack('atk'));
    assert.equal(r.err?.status, 401);
    assert.equal(attackerRequests(), before);
  });

  test('authenticateRequest with a proxy URL on the attacker host does not fetch keys there', async () => {
    const before = attackerRequests();
    const state = await client().authenticateRequest({
      proxyUrl: `${attacker.url}/__clerk`,
      headerToken: forged('atk'),
      request: new Request('http://app.example/'),
    });
    assert.equal(state.isSignedIn, false);
    assert.equal(attackerRequests(), before);
  });

  test("the proxy URL is still the issuer a token must name (v4's check)", async () => {
    const mw = client().expressWithAuth({ proxyUrl: '/__clerk' });
    const headers = (iss) => ({ authorization: `Bearer ${K.mint({ claims: { iss } })}`, host: 'app.example' });
    const good = await runMiddleware(mw, { headers: headers('http://app.example/__clerk') });
    assert.equal(good.auth.userId, K.USER_ID);
    const other = await runMiddleware(mw, { headers: headers(K.ISSUER) });
    assert.equal(other.auth.userId, null);
    assert.equal(other.headers['x-clerk-auth-reason'], 'token-invalid-issuer');
  });

  test('a malformed X-Forwarded-Host never throws out of the middleware', async () => {
    const token = K.mint();
    for (const host of ['exa mple.com', '[::1', 'a.example:99999', '%zz', 'a/b?c#d', 'ünï.example', ',', '\u0007']) {
      for (const mw of [client().expressWithAuth({ proxyUrl: '/__clerk' }), client().expressWithAuth({ proxyUrl: (u) => `${u.origin}/__clerk` })]) {
        const r = await runMiddleware(mw, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-host': host, host: 'app.example' } });
        assert.equal(r.threw, undefined, host);
        assert.equal(r.err, undefined, `${JSON.stringify(host)}: ${r.err}`);
        assert.equal(r.next, true);
      }
    }
  });
});

describe('attacks that held keep holding', () => {
  const signedBy = (alg, key, header = {}) => {
    const h = b64u({ alg, kid: 'ins_kidA', typ: 'JWT', ...header });
    const p = b64u(K.claims());
    const input = `${h}.${p}`;
    return { input, sig: (s) => `${input}.${s}` };
  };

  test('alg none with an empty signature', async () => {
    const t = signedBy('none').sig('');
    for (const opts of [{ jwtKey: KEYS.a.pem }, { secretKey: SECRET, apiUrl: bapi.url }]) {
      assert.equal((await reject(ours.verifyToken(t, opts))).reason, 'token-invalid-algorithm');
    }
  });

  test('HS256 signed with the public PEM (or its JWK) as the HMAC secret', async () => {
    const t = signedBy('HS256');
    for (const secret of [KEYS.a.pem, JSON.stringify(KEYS.a.jwk('ins_kidA'))]) {
      const token = t.sig(crypto.createHmac('sha256', secret).update(t.input).digest('base64url'));
      for (const opts of [{ jwtKey: KEYS.a.pem }, { secretKey: SECRET, apiUrl: bapi.url }]) {
        assert.equal((await reject(ours.verifyToken(token, opts))).reason, 'token-invalid-algorithm');
      }
    }
  });

  test('jku, x5u and jwk headers pointing at the attacker are never fetched or used', async () => {
    const before = attackerRequests();
    const header = { jku: `${attacker.url}/jwks.json`, x5u: `${attacker.url}/cert.pem`, jwk: KEYS.b.jwk('ins_kidA') };
    const token = K.mint({ key: KEYS.b, header });
    for (const opts of [{ jwtKey: KEYS.a.pem }, { secretKey: SECRET, apiUrl: bapi.url }, { secretKey: SECRET, apiUrl: bapi.url, skipJwksCache: true }]) {
      const err = await reject(ours.verifyToken(token, opts));
      assert.equal(err.reason, 'token-invalid-signature');
    }
    const r = await runMiddleware(client().expressWithAuth(), { headers: { authorization: `Bearer ${token}` } });
    assert.equal(r.auth.userId, null);
    assert.equal(attackerRequests(), before);
  });

  test('kid injection: path traversal, query, huge and odd kids never change the URL fetched', async () => {
    const server = await hostile((req, res) => json(res, K.jwks([KEYS.a, 'ins_kidA'])));
    try {
      const kids = ['../../../../etc/passwd', '?x=1#frag', '%2e%2e/admin', 'a'.repeat(100_000), '\u0000', 'ins_kidA/../x', { $ne: null }, 7];
      for (const kid of kids) {
        const c = ours.createClerkClient({ secretKey: `${SECRET}_${crypto.randomUUID()}`, apiUrl: server.url });
        const err = await reject(c.verifyToken(K.mint({ kid, key: KEYS.b })));
        assert.ok(['jwk-remote-missing', 'token-invalid-signature'].includes(err.reason), err.reason);
      }
      assert.ok(server.requests.length >= 1);
      for (const r of server.requests) assert.equal(r.url, '/v1/jwks');
    } finally {
      await server.close();
    }
  });

  test('key confusion across two clients: each verifies only with its own instance keys', async () => {
    const other = await hostile((req, res) => json(res, K.jwks([KEYS.b, 'ins_kidA'])));
    try {
      const a = ours.createClerkClient({ secretKey: `${SECRET}_a`, apiUrl: bapi.url });
      const b = ours.createClerkClient({ secretKey: `${SECRET}_b`, apiUrl: other.url });
      const byA = K.mint({ key: KEYS.a });
      const byB = K.mint({ key: KEYS.b });
      for (let round = 0; round < 3; round++) {
        assert.equal((await a.verifyToken(byA)).sub, K.USER_ID);
        assert.equal((await b.verifyToken(byB)).sub, K.USER_ID);
        assert.equal((await reject(a.verifyToken(byB))).reason, 'token-invalid-signature');
        assert.equal((await reject(b.verifyToken(byA))).reason, 'token-invalid-signature');
      }
      const jwtA = await ours.verifyToken(byA, { jwtKey: KEYS.a.pem });
      assert.equal(jwtA.sub, K.USER_ID);
      assert.equal((await reject(ours.verifyToken(byA, { jwtKey: KEYS.b.pem }))).reason, 'token-invalid-signature');
    } finally {
      await other.close();
    }
  });

  test('middleware memo: one remembered answer never answers another token, client or header', async () => {
    const good = K.mint({ claims: { sub: 'user_memo_good' } });
    const forged = K.mint({ key: KEYS.b, claims: { sub: 'user_memo_forged' } });
    const mwA = ours.createClerkClient({ secretKey: SECRET, jwtKey: KEYS.a.pem }).expressWithAuth();
    const mwB = ours.createClerkClient({ secretKey: SECRET, jwtKey: KEYS.b.pem }).expressWithAuth();
    for (let round = 0; round < 3; round++) {
      assert.equal((await runMiddleware(mwA, { headers: { authorization: `Bearer ${good}` } })).auth.userId, 'user_memo_good');
      assert.equal((await runMiddleware(mwA, { headers: { authorization: `Bearer ${forged}` } })).auth.userId, null);
      assert.equal((await runMiddleware(mwB, { headers: { authorization: `Bearer ${good}` } })).auth.userId, null);
      assert.equal((await runMiddleware(mwB, { headers: { authorization: `Bearer ${forged}` } })).auth.userId, 'user_memo_forged');
      // The same token in a cookie of a cross-origin request is not the header's answer.
      const r = await runMiddleware(mwA, { headers: { cookie: `__session=${good}; __client_uat=1`, origin: 'https://evil.example', host: 'app.example' } });
      assert.equal(r.auth.userId, null);
    }
  });

  test('an unknown-kid flood refetches the JWKS at most once', async () => {
    const server = await hostile((req, res) => json(res, K.jwks([KEYS.a, 'ins_kidA'])));
    try {
      const c = ours.createClerkClient({ secretKey: `${SECRET}_flood`, apiUrl: server.url });
      await c.verifyToken(K.mint());
      const started = Date.now();
      const results = await Promise.allSettled(Array.from({ length: 500 }, (_, i) => c.verifyToken(K.mint({ kid: `flood_${i}` }))));
      assert.ok(Date.now() - started < 20000);
      assert.ok(results.every((r) => r.status === 'rejected' && r.reason.reason === 'jwk-remote-missing'));
      assert.ok(server.requests.length <= 2, `${server.requests.length} JWKS fetches`);
    } finally {
      await server.close();
    }
  });
});
