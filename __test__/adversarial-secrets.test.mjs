// Nothing that inspects, logs or serializes a client or an error shows a key: util.inspect
// with every option (showHidden, getters, unlimited depth), console.log, JSON.stringify,
// String(), and the errors of failed calls and verifications.
import './helpers/setup.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { ours } from './helpers/diff.mjs';
import { withEnv } from './helpers/setup.mjs';
import * as K from './helpers/auth-keys.mjs';
import { hostile } from './helpers/hostile.mjs';

const SECRET = 'sk_test_NeverShowThisSecret0123456789';
const API_KEY = 'test_NeverShowThisApiKey0123456789';
const JWT_KEY = K.keys().a.pem;
const JWT_BODY = JWT_KEY.split('\n')[1];

function views(value) {
  const out = [];
  for (const opts of [{}, { showHidden: true, depth: Infinity }, { showHidden: true, depth: Infinity, getters: true }]) out.push(util.inspect(value, opts));
  out.push(util.format('%o %O %j', value, value, value));
  try {
    out.push(JSON.stringify(value));
  } catch (e) {
    out.push(String(e));
  }
  try {
    out.push(String(value));
  } catch {}
  if (value instanceof Error) out.push(value.stack, JSON.stringify(value, Object.getOwnPropertyNames(value)));
  return out.join('\n');
}

function assertNoKey(text, what) {
  for (const secret of [SECRET, API_KEY, JWT_BODY, SECRET.slice(8, 30)]) assert.ok(!text.includes(secret), `${what} shows a key`);
}

describe('keys never show when a client or error is inspected, logged or serialized', () => {
  let api;
  before(async () => {
    api = await hostile((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'clerk_key_invalid', message: 'The provided secret key is invalid.' }] }));
    });
  });
  after(() => api.close());

  test('a client made with every key', () => {
    const client = ours.createClerkClient({ secretKey: SECRET, apiKey: API_KEY, jwtKey: JWT_KEY, apiUrl: api.url });
    assertNoKey(views(client), 'the client');
    assertNoKey(views(client.__unstable_options), '__unstable_options');
    assert.equal(client.secretKey, SECRET, 'the live accessor still reads the key');
    assert.equal(client.__unstable_options.jwtKey, JWT_KEY);
    assert.ok(Object.keys(client.__unstable_options).includes('secretKey'));
  });

  test('the default client with keys from the environment', async () => {
    await withEnv({ CLERK_SECRET_KEY: SECRET, CLERK_JWT_KEY: JWT_KEY }, async () => {
      assertNoKey(views(ours.clerkClient), 'clerkClient');
      assertNoKey(views(ours.default ?? ours), 'the module');
    });
  });

  test('the errors of a refused API call, a refused JWKS and a failed verification', async () => {
    const client = ours.createClerkClient({ secretKey: SECRET, apiUrl: api.url });
    const errors = [];
    for (const call of [
      () => client.users.getUserList(),
      () => client.verifyToken(K.mint()),
      () => ours.verifyToken(K.mint({ key: K.keys().b }), { jwtKey: JWT_KEY }),
      () => ours.createClerkClient({ secretKey: SECRET, apiUrl: 'http://127.0.0.1:9' }).users.getUser('user_1'),
    ]) {
      try {
        await call();
        assert.fail('expected a failure');
      } catch (e) {
        errors.push(e);
      }
    }
    for (const e of errors) assertNoKey(views(e), `${e.name}: ${e.message}`);
  });

  test('a middleware and the auth object it sets', async () => {
    const mw = ours.createClerkClient({ secretKey: SECRET, jwtKey: JWT_KEY }).expressWithAuth();
    assertNoKey(views(mw), 'the middleware');
    const { runMiddleware } = await import('./helpers/hostile.mjs');
    const r = await runMiddleware(mw, { headers: { authorization: `Bearer ${K.mint()}` } });
    assert.equal(r.auth.userId, K.USER_ID);
    assertNoKey(views(r.auth), 'req.auth');
  });
});
