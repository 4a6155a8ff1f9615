// S10: a token minted for another audience, against verifyToken, a client's verifyToken
// and the middleware: checked as later @clerk/backend versions check it.
import './helpers/setup.mjs';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ours } from './helpers/diff.mjs';
import * as K from './helpers/auth-keys.mjs';
import { runMiddleware } from './helpers/hostile.mjs';

const JWT_KEY = K.keys().a.pem;
const outcome = (p) =>
  p.then(
    (v) => ({ ok: v.sub }),
    (e) => ({ reason: e.reason, message: e.message }),
  );

describe('S10: audience as later @clerk/backend versions check it', () => {
  const withAud = (aud) => K.mint({ claims: { aud } });
  const cases = [
    [['other'], 'mine', false],
    ['other', ['mine', 'also-mine'], false],
    [['other', 'mine'], 'mine', true],
    ['mine', ['x', 'mine'], true],
    [[7], 'mine', false],
    [{ mine: true }, 'mine', false],
    [undefined, 'mine', true],
  ];
  for (const [aud, audience, accepted] of cases) {
    test(`aud ${JSON.stringify(aud)} with audience ${JSON.stringify(audience)}: ${accepted ? 'accepted' : 'refused'}`, async () => {
      const token = withAud(aud);
      const calls = [
        ours.verifyToken(token, { jwtKey: JWT_KEY, audience }),
        ours.createClerkClient({ secretKey: K.DEV_SECRET, jwtKey: JWT_KEY, audience }).verifyToken(token),
      ];
      for (const got of await Promise.all(calls.map(outcome))) {
        if (accepted) assert.deepEqual(got, { ok: K.USER_ID });
        else assert.equal(got.reason, 'token-verification-failed', JSON.stringify(got));
      }
      const mw = ours.createClerkClient({ secretKey: K.DEV_SECRET, jwtKey: JWT_KEY }).expressWithAuth({ audience });
      const r = await runMiddleware(mw, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(r.auth.userId, accepted ? K.USER_ID : null);
    });
  }

  test("the refusal names the token's aud and the audience list", async () => {
    const got = await outcome(ours.verifyToken(withAud(['other']), { jwtKey: JWT_KEY, audience: 'mine' }));
    assert.equal(got.message, 'Invalid JWT audience claim array (aud) ["other"]. Is not included in "["mine"]".');
  });
});
