// A second, independent attack on the verifier (red team of issue 13): what the first
// adversarial suites did not try. Each test is the attack; a remembered answer must be
// the answer a fresh verification would give.
import './helpers/setup.mjs';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ours } from './helpers/diff.mjs';
import * as K from './helpers/auth-keys.mjs';
import { hostile, json, runMiddleware } from './helpers/hostile.mjs';

const KEYS = K.keys();
const outcome = (p) =>
  p.then(
    (v) => ({ ok: v.sub }),
    (e) => ({ reason: e.reason }),
  );

describe('a key that a refetch no longer lists stops verifying remembered tokens', () => {
  test('verifyToken: once the JWKS is refetched without the signing key, a remembered token is refused like a new one', async () => {
    let doc = K.jwks([KEYS.a, 'ins_kidA']);
    const bapi = await hostile((req, res) => json(res, doc));
    try {
      const o = { secretKey: 'sk_test_redteamRevokedKey', apiUrl: bapi.url };
      const remembered = K.mint({ claims: { sub: 'user_remembered' } });
      for (let i = 0; i < 3; i++) assert.deepEqual(await outcome(ours.verifyToken(remembered, o)), { ok: 'user_remembered' });
      // The key is revoked: the next fetch of the keys (here skipJwksCache's) no longer lists it.
      doc = K.jwks([KEYS.b, 'ins_kidB']);
      assert.equal((await outcome(ours.verifyToken(remembered, { ...o, skipJwksCache: true }))).reason, 'jwk-remote-missing');
      const unseen = K.mint({ claims: { sub: 'user_unseen', jti: 'unseen' } });
      assert.equal((await outcome(ours.verifyToken(unseen, o))).reason, 'jwk-remote-missing');
      for (let i = 0; i < 3; i++) assert.equal((await outcome(ours.verifyToken(remembered, o))).reason, 'jwk-remote-missing');
    } finally {
      await bapi.close();
    }
  });

  test('middleware: a remembered signed-in answer ends when the keys are refetched without its key', async () => {
    let doc = K.jwks([KEYS.a, 'ins_kidA']);
    const bapi = await hostile((req, res) => json(res, doc));
    try {
      const client = ours.createClerkClient({ secretKey: 'sk_test_redteamRevokedMw', apiUrl: bapi.url });
      const mw = client.expressWithAuth();
      const token = K.mint({ claims: { sub: 'user_mw_remembered' } });
      const req = { headers: { authorization: `Bearer ${token}` } };
      for (let i = 0; i < 3; i++) assert.equal((await runMiddleware(mw, req)).auth.userId, 'user_mw_remembered');
      doc = K.jwks([KEYS.b, 'ins_kidB']);
      assert.equal((await outcome(client.verifyToken(token, { skipJwksCache: true }))).reason, 'jwk-remote-missing');
      for (let i = 0; i < 3; i++) assert.equal((await runMiddleware(mw, req)).auth.userId, null);
    } finally {
      await bapi.close();
    }
  });
});

describe('the key fetch as a hostile API would answer it (attacks that held)', () => {
  test('a JWKS answer redirecting to another origin: the secret key never reaches it, the token is refused', async () => {
    const other = await hostile((req, res) => json(res, K.jwks([KEYS.a, 'ins_kidA'])));
    const bapi = await hostile((req, res) => {
      res.writeHead(302, { location: `${other.url}${req.url}` });
      res.end();
    });
    try {
      const client = ours.createClerkClient({ secretKey: 'sk_test_redteamRedirect', apiUrl: bapi.url, maxRetries: 0 });
      const err = await client.verifyToken(K.mint({ claims: { sub: 'user_redirected' } })).catch((e) => e);
      assert.equal(err.reason, 'jwk-remote-failed-to-load');
      assert.equal(other.requests.length, 0, 'the redirect was followed to another origin');
    } finally {
      await Promise.all([bapi.close(), other.close()]);
    }
  });

  test('a JWKS body dripped a byte at a time ends at the timeout (the body is timed, not only the headers)', async () => {
    const bapi = await hostile((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"keys":[');
      const drip = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(drip));
    });
    try {
      const client = ours.createClerkClient({ secretKey: 'sk_test_redteamDrip', apiUrl: bapi.url, maxRetries: 0, timeoutMs: 1000 });
      const started = Date.now();
      const err = await client.verifyToken(K.mint({ claims: { sub: 'user_drip' } })).catch((e) => e);
      assert.equal(err.reason, 'jwk-remote-failed-to-load');
      assert.match(err.message, /code=timeout/);
      assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    } finally {
      await bapi.close();
    }
  });
});
