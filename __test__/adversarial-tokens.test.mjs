// Attacks on the verified-token cache: an expired token replayed under a negative clock
// skew, a revoked key that skipJwksCache must notice. Each call must get the answer it
// would get alone.
import './helpers/setup.mjs';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ours } from './helpers/diff.mjs';
import * as K from './helpers/auth-keys.mjs';
import { hostile, json } from './helpers/hostile.mjs';

const KEYS = K.keys();
const JWT_KEY = KEYS.a.pem;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const outcome = (p) =>
  p.then(
    (v) => ({ ok: v.sub }),
    (e) => ({ reason: e.reason, message: e.message }),
  );

describe('the verified-token cache never answers what a fresh verification would not', () => {
  test('a negative clockSkewInMs: an expired token is refused, remembered or not', async () => {
    // exp 7 s ahead; with a -5000 ms skew it is valid for about 2 s more.
    const exp = K.nowSeconds() + 7;
    const token = K.mint({ claims: { exp, sub: 'user_skew' } });
    const o = { jwtKey: JWT_KEY, clockSkewInMs: -5000 };
    for (let i = 0; i < 3; i++) assert.deepEqual(await outcome(ours.verifyToken(token, o)), { ok: 'user_skew' });
    await sleep(Math.max(0, (exp - 5) * 1000 - Date.now()) + 300);
    assert.equal((await outcome(ours.verifyToken(token, o))).reason, 'token-expired');
    assert.equal((await outcome(ours.verifyToken(token, { ...o }))).reason, 'token-expired');
  });

  test('skipJwksCache fetches the keys even for a remembered token (a revoked key is noticed)', async () => {
    let doc = K.jwks([KEYS.a, 'ins_kidA']);
    const bapi = await hostile((req, res) => json(res, doc));
    try {
      const o = { secretKey: `${K.DEV_SECRET}_skip`, apiUrl: bapi.url };
      const token = K.mint({ claims: { sub: 'user_skip' } });
      for (let i = 0; i < 3; i++) assert.deepEqual(await outcome(ours.verifyToken(token, o)), { ok: 'user_skip' });
      const fetches = bapi.requests.length;
      doc = K.jwks([KEYS.b, 'ins_kidRotated']);
      const got = await outcome(ours.verifyToken(token, { ...o, skipJwksCache: true }));
      assert.equal(bapi.requests.length, fetches + 1, 'skipJwksCache made no fetch');
      assert.equal(got.reason, 'jwk-remote-missing');
    } finally {
      await bapi.close();
    }
  });
});
