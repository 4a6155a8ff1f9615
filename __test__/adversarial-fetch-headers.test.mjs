// Key fetches go through one code path with v4's headers: the Backend API's /jwks gets
// Authorization and Content-Type: application/json, a frontend API (issuer) neither;
// compared header by header with what 4.13.23 sends to the same loopback server.
import './helpers/setup.mjs';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ours, v4 } from './helpers/diff.mjs';
import * as K from './helpers/auth-keys.mjs';
import { hostile, json } from './helpers/hostile.mjs';

const SECRET = K.DEV_SECRET;

describe("key fetches send v4's headers (one code path)", () => {
  const namesOf = (raw) => {
    const out = {};
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i].toLowerCase();
      if (!['host', 'connection', 'accept-encoding'].includes(name)) out[name] = raw[i + 1];
    }
    return out;
  };
  for (const [name, opts] of [
    ['the Backend API', (url) => ({ secretKey: SECRET, apiUrl: url })],
    ['an issuer (frontend API)', (url) => ({ issuer: url })],
  ]) {
    test(`from ${name}`, async () => {
      const seen = {};
      for (const [sdk, verify] of [['v4', v4.verifyToken], ['ours', ours.verifyToken]]) {
        const server = await hostile((req, res) => json(res, { keys: [] }));
        try {
          await verify(K.mint({ kid: `hdr_${sdk}` }), opts(server.url)).catch(() => {});
          assert.equal(server.requests.length >= 1, true);
          seen[sdk] = namesOf(server.requests[0].rawHeaders);
        } finally {
          await server.close();
        }
      }
      assert.deepEqual(seen.ours, seen.v4);
    });
  }
});
