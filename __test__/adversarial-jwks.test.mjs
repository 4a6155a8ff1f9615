// Forged and malleated tokens against the keys an app holds: a JWKS key that is not a
// signature key (use "enc", key_ops without verify) must not verify, as WebCrypto refuses
// it in v4; a signature with base64 padding appended is a second spelling of one token
// and is refused (RFC 7515).
import './helpers/setup.mjs';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ours } from './helpers/diff.mjs';
import * as K from './helpers/auth-keys.mjs';
import { hostile, json, reject } from './helpers/hostile.mjs';

const KEYS = K.keys();
const SECRET = K.DEV_SECRET;

describe('JWKS keys that are not signature keys do not verify (as WebCrypto in v4)', () => {
  for (const [name, extra, message] of [
    ['use: "enc"', { use: 'enc' }, 'DataError: Invalid JWK "use" Parameter'],
    ['key_ops without verify', { use: undefined, key_ops: ['encrypt'] }, 'DataError: Key operations and usage mismatch'],
  ]) {
    test(`a token signed by a key marked ${name} is refused`, async () => {
      const server = await hostile((req, res) => json(res, { keys: [{ ...KEYS.a.jwk('enc_kid'), ...extra }] }));
      try {
        const err = await reject(ours.verifyToken(K.mint({ kid: 'enc_kid' }), { secretKey: SECRET, apiUrl: server.url }));
        assert.equal(err.reason, 'token-verification-failed');
        assert.equal(err.message, `Error verifying JWT signature. ${message}`);
      } finally {
        await server.close();
      }
    });
  }

  test('key_ops with verify still verifies', async () => {
    const server = await hostile((req, res) => json(res, { keys: [{ ...KEYS.a.jwk('ops_kid'), key_ops: ['verify'] }] }));
    try {
      const payload = await ours.verifyToken(K.mint({ kid: 'ops_kid' }), { secretKey: SECRET, apiUrl: server.url });
      assert.equal(payload.sub, K.USER_ID);
    } finally {
      await server.close();
    }
  });
});

describe('signatures are base64url without padding (RFC 7515)', () => {
  test('a valid token with "=" appended to its signature is refused', async () => {
    const token = K.mint();
    assert.equal((await ours.verifyToken(token, { jwtKey: KEYS.a.pem })).sub, K.USER_ID);
    for (const pad of ['=', '==']) {
      const err = await reject(ours.verifyToken(token + pad, { jwtKey: KEYS.a.pem }));
      assert.equal(err.reason, 'token-invalid-signature');
    }
  });
});
