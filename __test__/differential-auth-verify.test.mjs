// Token verification, v4 (clerk-v4) vs ours, side by side: verifyToken, decodeJwt,
// hasValidSignature, signJwt, verifyJwt, the instance verifyToken and
// base.verifySessionToken. Deviations checked here: S1 (verifySessionToken key sources),
// S2 (JWKS cache per instance, each jwtKey stands alone, no kid list in messages).
//
// v4 keeps one process-wide local key (the first jwtKey wins), so v4 is only ever given
// KEYS.a as jwtKey in this process; other keys are compared against a fresh v4 process.
import './helpers/setup.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ours, v4 } from './helpers/diff.mjs';
import { withEnv } from './helpers/setup.mjs';
import * as K from './helpers/auth-keys.mjs';
import { startAuthBapi, runNode } from './helpers/auth-servers.mjs';

const KEYS = K.keys();
const JWT_KEY = KEYS.a.pem;
const now = K.nowSeconds;

/** Runs fn(sdk) on v4 then on ours; returns both outcomes. */
async function both(fn, map) {
  const v4Outcome = await K.outcomeOf(() => fn(v4), map);
  const oursOutcome = await K.outcomeOf(() => fn(ours), map);
  return { v4: v4Outcome, ours: oursOutcome };
}

/** Asserts that ours did what v4 did; `expect` (optional) pins v4's outcome kind. */
async function same(fn, expect, map) {
  const r = await both(fn, map);
  if (expect !== undefined) assert.equal(kind(r.v4), expect, `v4 outcome was ${JSON.stringify(r.v4)}`);
  assert.deepStrictEqual(r.ours, r.v4);
  return r;
}

/** 'ok', a TokenVerificationError reason, or an error class name. */
const kind = (o) => ('ok' in o ? 'ok' : o.error.reason ?? o.error.class);

// v4's verifyToken resolves to the payload; compare it with its own enumerable keys.
const payloadOf = (p) => ({ keys: Object.keys(p), payload: p });

describe('verifyToken(token, { jwtKey }): networkless', () => {
  const cases = [
    // [name, () => token, extra options, v4 outcome kind]
    ['valid RS256 session token', () => K.mint(), {}, 'ok'],
    ['valid RS384 (v4: the local JWK is pinned to alg RS256, so Web Crypto refuses)', () => K.mint({ alg: 'RS384' }), {}, 'token-verification-failed'],
    ['valid RS512 (same)', () => K.mint({ alg: 'RS512' }), {}, 'token-verification-failed'],
    ['no typ header', () => K.mint({ header: { typ: undefined } }), {}, 'ok'],
    ['no kid, or any kid: the local key ignores it', () => K.mint({ kid: 'ins_somethingElse' }), {}, 'ok'],
    ['without kid', () => K.mint({ header: { kid: undefined } }), {}, 'ok'],
    ['minimal claims (sub, exp only)', () => K.mint({ payload: { sub: K.USER_ID, exp: now() + 60 } }), {}, 'ok'],
    ['expired', () => K.mint({ claims: { exp: now() - 60 } }), {}, 'token-expired'],
    ['expired 2 s ago: within the default 5 s skew', () => K.mint({ claims: { exp: now() - 2 } }), {}, 'ok'],
    ['exp missing', () => K.mint({ claims: { exp: undefined } }), {}, 'token-verification-failed'],
    ['exp a string', () => K.mint({ claims: { exp: String(now() + 60) } }), {}, 'token-verification-failed'],
    ['nbf in the future', () => K.mint({ claims: { nbf: now() + 60 } }), {}, 'token-not-active-yet'],
    ['nbf 2 s ahead: within skew', () => K.mint({ claims: { nbf: now() + 2 } }), {}, 'ok'],
    ['nbf a string', () => K.mint({ claims: { nbf: 'soon' } }), {}, 'token-verification-failed'],
    ['nbf absent', () => K.mint({ claims: { nbf: undefined } }), {}, 'ok'],
    ['iat in the future', () => K.mint({ claims: { iat: now() + 60 } }), {}, 'token-not-active-yet'],
    ['iat 2 s ahead: within skew', () => K.mint({ claims: { iat: now() + 2 } }), {}, 'ok'],
    ['iat null', () => K.mint({ claims: { iat: null } }), {}, 'token-verification-failed'],
    ['clockSkewInMs 120000 accepts a token expired 60 s ago', () => K.mint({ claims: { exp: now() - 60 } }), { clockSkewInMs: 120000 }, 'ok'],
    ['clockSkewInMs 120000 accepts nbf 60 s ahead', () => K.mint({ claims: { nbf: now() + 60 } }), { clockSkewInMs: 120000 }, 'ok'],
    ['clockSkewInMs 1 rejects a token expired 2 s ago', () => K.mint({ claims: { exp: now() - 2 } }), { clockSkewInMs: 1 }, 'token-expired'],
    ['clockSkewInMs 0 counts as unset (5 s)', () => K.mint({ claims: { exp: now() - 2 } }), { clockSkewInMs: 0 }, 'ok'],
    ['clockSkewInSeconds is read as milliseconds', () => K.mint({ claims: { exp: now() - 60 } }), { clockSkewInSeconds: 120000 }, 'ok'],
    ['clockSkewInSeconds: 60 (ms!) does not cover 2 s', () => K.mint({ claims: { exp: now() - 2 } }), { clockSkewInSeconds: 60 }, 'token-expired'],
    ['missing sub', () => K.mint({ claims: { sub: undefined } }), {}, 'token-verification-failed'],
    ['numeric sub', () => K.mint({ claims: { sub: 12345 } }), {}, 'token-verification-failed'],
    ['null sub', () => K.mint({ claims: { sub: null } }), {}, 'token-verification-failed'],
    ['typ at+jwt', () => K.mint({ header: { typ: 'at+jwt' } }), {}, 'token-invalid'],
    ['typ jwt (lower case)', () => K.mint({ header: { typ: 'jwt' } }), {}, 'token-invalid'],
    ['alg none', () => K.mint({ alg: 'none' }), {}, 'token-invalid-algorithm'],
    ['alg HS256', () => K.mint({ alg: 'HS256' }), {}, 'token-invalid-algorithm'],
    ['alg missing', () => K.mint({ header: { alg: undefined } }), {}, 'token-invalid-algorithm'],
    ['alg rs256 (lower case)', () => K.mint({ header: { alg: 'rs256' } }), {}, 'token-invalid-algorithm'],
    ['signed with another key', () => K.mint({ key: KEYS.b }), {}, 'token-invalid-signature'],
    [
      'payload changed after signing',
      () => {
        const [h, , s] = K.mint().split('.');
        return `${h}.${Buffer.from(JSON.stringify(K.claims({ sub: 'user_2attacker' }))).toString('base64url')}.${s}`;
      },
      {},
      'token-invalid-signature',
    ],
    ['empty signature', () => `${K.mint().split('.').slice(0, 2).join('.')}.`, {}, 'token-invalid-signature'],
    ['expired and badly signed: the claims are checked first', () => K.mint({ key: KEYS.b, claims: { exp: now() - 60 } }), {}, 'token-expired'],
    ['bad alg and no sub: alg is checked first', () => K.mint({ alg: 'HS512', claims: { sub: undefined } }), {}, 'token-invalid-algorithm'],
    ['bad typ and bad alg: typ first', () => K.mint({ alg: 'none', header: { typ: 'JOSE' } }), {}, 'token-invalid'],
    ['no sub and expired: sub first', () => K.mint({ claims: { sub: undefined, exp: now() - 60 } }), {}, 'token-verification-failed'],
    ['expired and nbf ahead: exp first', () => K.mint({ claims: { exp: now() - 60, nbf: now() + 60 } }), {}, 'token-expired'],
    ['nbf and iat ahead: nbf first', () => K.mint({ claims: { nbf: now() + 60, iat: now() + 60 } }), {}, 'token-not-active-yet'],
    // malformed
    ['one part', () => 'abc', {}, 'token-invalid'],
    ['two parts', () => 'abc.def', {}, 'token-invalid'],
    ['four parts', () => `${K.mint()}.extra`, {}, 'token-invalid'],
    ['empty string', () => '', {}, 'token-invalid'],
    ['undefined token', () => undefined, {}, 'token-invalid'],
    ['null token', () => null, {}, 'token-invalid'],
    ['bad base64 in the header', () => `!!!.${K.mint().split('.').slice(1).join('.')}`, {}, 'SyntaxError'],
    ['non-JSON header (SyntaxError from JSON.parse)', () => `${Buffer.from('notjson').toString('base64url')}.${K.mint().split('.').slice(1).join('.')}`, {}, 'SyntaxError'],
    ['truncated JSON header', () => `${Buffer.from('{"alg":"RS256"').toString('base64url')}.${K.mint().split('.').slice(1).join('.')}`, {}, 'SyntaxError'],
    ['non-JSON payload', () => { const [h, , s] = K.mint().split('.'); return `${h}.${Buffer.from('{sub:1}').toString('base64url')}.${s}`; }, {}, 'SyntaxError'],
    ['empty header part', () => `.${K.mint().split('.').slice(1).join('.')}`, {}, 'SyntaxError'],
    ['header is JSON null (v4: TypeError destructuring it)', () => `${Buffer.from('null').toString('base64url')}.${K.mint().split('.').slice(1).join('.')}`, {}, 'TypeError'],
    // audience (the token has aud "app-a" unless said otherwise)
    ['audience string matches', () => K.mint({ claims: { aud: 'app-a' } }), { audience: 'app-a' }, 'ok'],
    ['audience string mismatch', () => K.mint({ claims: { aud: 'app-a' } }), { audience: 'app-b' }, 'token-verification-failed'],
    ['audience empty string: no check', () => K.mint({ claims: { aud: 'app-a' } }), { audience: '' }, 'ok'],
    ['token without aud: no check', () => K.mint(), { audience: 'app-a' }, 'ok'],
    // authorized parties
    ['authorizedParties allows azp', () => K.mint(), { authorizedParties: [K.AZP] }, 'ok'],
    ['authorizedParties rejects azp', () => K.mint(), { authorizedParties: ['https://other.example.com', 'https://third.example.com'] }, 'token-invalid-authorized-parties'],
    ['authorizedParties empty: no check', () => K.mint(), { authorizedParties: [] }, 'ok'],
    ['token without azp: no check', () => K.mint({ claims: { azp: undefined } }), { authorizedParties: ['https://other.example.com'] }, 'ok'],
    // issuer
    ['string issuer matches', () => K.mint(), { issuer: K.ISSUER }, 'ok'],
    ['string issuer mismatch', () => K.mint(), { issuer: 'https://clerk.other.example.com' }, 'token-invalid-issuer'],
    ['string issuer, token without iss', () => K.mint({ claims: { iss: undefined } }), { issuer: 'https://clerk.other.example.com' }, 'ok'],
    ['function issuer true', () => K.mint(), { issuer: () => true }, 'ok'],
    ['function issuer false', () => K.mint(), { issuer: () => false }, 'token-invalid-issuer'],
    ['function issuer returning 0 (falsy)', () => K.mint(), { issuer: () => 0 }, 'token-invalid-issuer'],
    [
      'function issuer that throws',
      () => K.mint(),
      {
        issuer: () => {
          throw new RangeError('resolver exploded');
        },
      },
      'RangeError',
    ],
    ['Clerk issuer function, token without iss (TypeError)', () => K.mint({ claims: { iss: undefined } }), { issuer: (iss) => iss.startsWith('https://clerk.') }, 'TypeError'],
    ['issuer check precedes exp', () => K.mint({ claims: { exp: now() - 60 } }), { issuer: () => false }, 'token-invalid-issuer'],
    ['azp check precedes issuer', () => K.mint(), { issuer: () => false, authorizedParties: ['https://x.example.com'] }, 'token-invalid-authorized-parties'],
  ];
  for (const [name, token, extra, expect] of cases) {
    test(name, async () => {
      const t = token();
      await same((sdk) => sdk.verifyToken(t, { jwtKey: JWT_KEY, ...extra }), expect, payloadOf);
    });
  }

  // S10: where v4's audience check was broken, ours checks as later @clerk/backend versions.
  for (const [name, aud, audience, v4Kind, oursKind] of [
    ['audience array containing aud (v4: always mismatches a string aud)', 'app-a', ['app-a'], 'token-verification-failed', 'ok'],
    ['audience array of two (v4: mismatches)', 'app-a', ['app-b', 'app-a'], 'token-verification-failed', 'ok'],
    ['audience empty array (v4: [[]] is a non-empty list, so it mismatches; S10: no audience, no check)', 'app-a', [], 'token-verification-failed', 'ok'],
    ['token aud is an array sharing nothing with the audience (v4: never checked)', ['app-a', 'app-b'], 'app-z', 'ok', 'token-verification-failed'],
  ]) {
    test(`S10: ${name}`, async () => {
      const t = K.mint({ claims: { aud } });
      const r = await both((sdk) => sdk.verifyToken(t, { jwtKey: JWT_KEY, audience }), payloadOf);
      assert.equal(kind(r.v4), v4Kind);
      assert.equal(kind(r.ours), oursKind);
    });
  }

  test('the function issuer gets the iss claim, and is only called once the earlier checks passed', async () => {
    const calls = { v4: [], ours: [] };
    const mk = (name) => (iss) => {
      calls[name].push(iss);
      return true;
    };
    const good = K.mint();
    const badAlg = K.mint({ alg: 'none' });
    const noSub = K.mint({ claims: { sub: undefined } });
    for (const t of [good, badAlg, noSub, 'a.b']) {
      await K.outcomeOf(() => v4.verifyToken(t, { jwtKey: JWT_KEY, issuer: mk('v4') }));
      await K.outcomeOf(() => ours.verifyToken(t, { jwtKey: JWT_KEY, issuer: mk('ours') }));
    }
    assert.deepStrictEqual(calls.v4, [K.ISSUER]);
    assert.deepStrictEqual(calls.ours, calls.v4);
  });

  test('error messages, reasons and actions in full for a few cases', async () => {
    const r = await same((sdk) => sdk.verifyToken(K.mint({ claims: { aud: 'app-a' } }), { jwtKey: JWT_KEY, audience: 'app-b' }));
    assert.deepStrictEqual(r.v4.error, {
      class: 'TokenVerificationError',
      name: 'Error',
      message: 'Invalid JWT audience claim array (aud) ["app-a"]. Is not included in "["app-b"]".',
      ownKeys: ['action', 'reason'],
      reason: 'token-verification-failed',
      action: 'Make sure that this is a valid Clerk generate JWT.',
    });
    const azp = await same((sdk) => sdk.verifyToken(K.mint(), { jwtKey: JWT_KEY, authorizedParties: ['https://a.example.com', 'https://b.example.com'] }));
    assert.equal(azp.v4.error.message, `Invalid JWT Authorized party claim (azp) "${K.AZP}". Expected "https://a.example.com,https://b.example.com".`);
    assert.equal(azp.v4.error.action, undefined);
  });

  test('getFullMessage() of the thrown error', async () => {
    const t = K.mint({ claims: { sub: 7 } });
    const full = async (sdk) => {
      try {
        await sdk.verifyToken(t, { jwtKey: JWT_KEY });
      } catch (err) {
        return { full: err.getFullMessage(), isError: err instanceof Error, tokenCarrier: err.tokenCarrier };
      }
      return null;
    };
    assert.deepStrictEqual(await full(ours), await full(v4));
    assert.equal((await full(v4)).full, 'Subject claim (sub) is required and must be a string. Received 7. Make sure that this is a valid Clerk generate JWT. (reason=token-verification-failed, token-carrier=undefined)');
  });

  test('no options at all: TypeError, like v4', async () => {
    const t = K.mint();
    await same((sdk) => sdk.verifyToken(t), 'TypeError');
    await same((sdk) => sdk.verifyToken(t, null), 'TypeError');
  });

  test('no key source at all: jwk-failed-to-resolve', async () => {
    const r = await same((sdk) => sdk.verifyToken(K.mint(), {}), 'jwk-failed-to-resolve');
    assert.equal(r.v4.error.action, 'Set the CLERK_JWT_KEY environment variable.');
  });

  test('malformed tokens fail before the key is looked at (no key source given)', async () => {
    await same((sdk) => sdk.verifyToken('a.b', {}), 'token-invalid');
    await same((sdk) => sdk.verifyToken(`!!!.${K.mint().split('.').slice(1).join('.')}`, {}), 'SyntaxError');
  });
});

describe("the payload's deprecated orgs accessor", () => {
  // v4's decodeJwt installs a non-enumerable `orgs` accessor that warns and returns the
  // token's own `orgs` claim; it can be assigned. Checked on a fresh payload per read.
  const probe = async (sdk, token) => {
    const p = await sdk.verifyToken(token, { jwtKey: JWT_KEY });
    const before = p.orgs;
    const hidden = !Object.keys(p).includes('orgs') && !('orgs' in JSON.parse(JSON.stringify(p)));
    p.orgs = { org_1: 'admin' };
    const other = await sdk.verifyToken(token, { jwtKey: JWT_KEY });
    return { before, hidden, has: 'orgs' in p, after: p.orgs, other: other.orgs };
  };
  test('a token with an orgs claim, and one without', async () => {
    for (const token of [K.mint({ claims: { orgs: { org_9: 'basic_member' } } }), K.mint()]) {
      const r = await both((sdk) => probe(sdk, token));
      assert.deepStrictEqual(r.ours, r.v4);
    }
  });
});

describe('S2: each jwtKey stands alone', () => {
  test('a second jwtKey is used as given (v4: the first jwtKey of the process wins)', async () => {
    await v4.verifyToken(K.mint(), { jwtKey: JWT_KEY }); // v4 has cached KEYS.a now
    const t = K.mint({ key: KEYS.b });
    const v4Outcome = await K.outcomeOf(() => v4.verifyToken(t, { jwtKey: KEYS.b.pem }));
    assert.equal(v4Outcome.error?.reason, 'token-invalid-signature');
    const oursOutcome = await K.outcomeOf(() => ours.verifyToken(t, { jwtKey: KEYS.b.pem }), payloadOf);
    assert.ok('ok' in oursOutcome, JSON.stringify(oursOutcome));
    // and KEYS.a still works afterwards, and rejects b's token
    assert.ok('ok' in (await K.outcomeOf(() => ours.verifyToken(K.mint(), { jwtKey: JWT_KEY }))));
    assert.equal((await K.outcomeOf(() => ours.verifyToken(t, { jwtKey: JWT_KEY }))).error?.reason, 'token-invalid-signature');
  });

  // What v4 does with a given jwtKey when it is the first one of its process: the
  // behaviour "each jwtKey stands alone" is measured against.
  async function freshV4(jwtKey, tokens) {
    const code = `
      process.env.NODE_ENV = 'test';
      const { verifyToken } = await import('clerk-v4');
      const out = [];
      for (const t of ${JSON.stringify(tokens)}) {
        try { const p = await verifyToken(t, { jwtKey: ${JSON.stringify(jwtKey)} }); out.push({ ok: p.sub }); }
        catch (e) { out.push({ error: { message: e.message, reason: e.reason } }); }
      }
      console.log(JSON.stringify(out));`;
    const r = await runNode(code);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  }
  const oursFor = async (jwtKey, tokens) => {
    const out = [];
    for (const t of tokens) {
      try {
        out.push({ ok: (await ours.verifyToken(t, { jwtKey })).sub });
      } catch (e) {
        out.push({ error: { message: e.message, reason: e.reason } });
      }
    }
    return out;
  };

  test('a 2048-bit jwtKey other than the first: same as a fresh v4 process', async () => {
    const tokens = [K.mint({ key: KEYS.b }), K.mint({ key: KEYS.a }), K.mint({ key: KEYS.b, claims: { exp: now() - 60 } })];
    const expected = await freshV4(KEYS.b.pem, tokens);
    assert.deepStrictEqual(expected.map((o) => o.ok ?? o.error.reason), [K.USER_ID, 'token-invalid-signature', 'token-expired']);
    const got = await oursFor(KEYS.b.pem, tokens);
    assert.deepStrictEqual(got.map((o) => ({ ...o, error: o.error && { ...o.error, message: K.normalizeMessage(o.error.message) } })), expected.map((o) => ({ ...o, error: o.error && { ...o.error, message: K.normalizeMessage(o.error.message) } })));
  });

  test('a 4096-bit jwtKey verifies RS256 tokens (README: Differences; v4 only understood 2048-bit keys) and stays bound to RS256', async () => {
    const [rs256, rs512] = [K.mint({ key: KEYS.big }), K.mint({ key: KEYS.big, alg: 'RS512' })];
    const got = await oursFor(KEYS.big.pem, [rs256, rs512]);
    const expected = await freshV4(KEYS.big.pem, [rs256, rs512]);
    // The RS512 token fails as in v4 (a jwtKey is an RS256 key).
    assert.deepStrictEqual(got[1], expected[1]);
    // The RS256 token: v4 rejects it (token-invalid-signature); we verify it.
    assert.equal(expected[0].error?.reason, 'token-invalid-signature');
    assert.equal(got[0].error, undefined, JSON.stringify(got[0]));
  });
});

describe('verifyToken(token, { secretKey, apiUrl }): the Backend API JWKS', () => {
  let api;
  let n = 0;
  // A fresh secret key per test: ours caches per instance (API URL, version, key).
  const freshKey = () => `sk_test_jwks${++n}_${Date.now()}`;
  before(async () => {
    api = await startAuthBapi();
  });
  after(() => api.close());

  const jwksRequest = (r) => ({ method: r.method, path: r.path, authorization: r.headers.authorization, contentType: r.headers['content-type'] });

  test('a valid token: same payload; same JWKS request; ours fetches once for 50 verifications', async () => {
    api.jwks = K.jwks([KEYS.a, 'ins_jwksOnce'], [KEYS.b, 'ins_other']);
    const secretKey = freshKey();
    const t = K.mint({ kid: 'ins_jwksOnce' });
    api.resetCounts();
    const v4Outcome = await K.outcomeOf(() => v4.verifyToken(t, { secretKey, apiUrl: api.url }), payloadOf);
    const v4Fetches = api.jwksFetches().map(jwksRequest);
    api.resetCounts();
    const oursOutcome = await K.outcomeOf(() => ours.verifyToken(t, { secretKey, apiUrl: api.url }), payloadOf);
    const oursFirst = api.jwksFetches().map(jwksRequest);
    assert.ok('ok' in v4Outcome, JSON.stringify(v4Outcome));
    assert.deepStrictEqual(oursOutcome, v4Outcome);
    assert.deepStrictEqual(v4Fetches, [{ method: 'GET', path: '/v1/jwks', authorization: `Bearer ${secretKey}`, contentType: 'application/json' }]);
    assert.deepStrictEqual(oursFirst, v4Fetches);
    for (let i = 0; i < 25; i++) await ours.verifyToken(K.mint({ kid: 'ins_jwksOnce', claims: { sid: `sess_${i}` } }), { secretKey, apiUrl: api.url });
    await Promise.all(Array.from({ length: 24 }, (_, i) => ours.verifyToken(K.mint({ kid: i % 2 ? 'ins_jwksOnce' : 'ins_other', key: i % 2 ? KEYS.a : KEYS.b }), { secretKey, apiUrl: api.url })));
    assert.equal(api.jwksFetches().length, 1, 'ours fetched the JWKS more than once');
  });

  test('a 4096-bit key and RS384/RS512 tokens whose JWK declares that alg', async () => {
    api.jwks = K.jwks([KEYS.big, 'ins_big4096'], [KEYS.b, 'ins_rs512', 'RS512'], [KEYS.a, 'ins_rs384', 'RS384']);
    const secretKey = freshKey();
    for (const t of [K.mint({ key: KEYS.big, kid: 'ins_big4096' }), K.mint({ key: KEYS.b, kid: 'ins_rs512', alg: 'RS512' }), K.mint({ key: KEYS.a, kid: 'ins_rs384', alg: 'RS384' })]) {
      await same((sdk) => sdk.verifyToken(t, { secretKey, apiUrl: api.url }), 'ok', payloadOf);
    }
  });

  test('an RS512 token whose JWK says RS256 (v4: Web Crypto refuses the key)', async () => {
    api.jwks = K.jwks([KEYS.a, 'ins_algMismatch', 'RS256']);
    const secretKey = freshKey();
    const t = K.mint({ kid: 'ins_algMismatch', alg: 'RS512' });
    await same((sdk) => sdk.verifyToken(t, { secretKey, apiUrl: api.url }), 'token-verification-failed', payloadOf);
  });

  test('claims are still checked: expired, wrong signature, authorizedParties', async () => {
    api.jwks = K.jwks([KEYS.a, 'ins_claims']);
    const secretKey = freshKey();
    await same((sdk) => sdk.verifyToken(K.mint({ kid: 'ins_claims', claims: { exp: now() - 60 } }), { secretKey, apiUrl: api.url }), 'token-expired');
    await same((sdk) => sdk.verifyToken(K.mint({ kid: 'ins_claims', key: KEYS.b }), { secretKey, apiUrl: api.url }), 'token-invalid-signature');
    await same((sdk) => sdk.verifyToken(K.mint({ kid: 'ins_claims' }), { secretKey, apiUrl: api.url, authorizedParties: ['https://x.example.com'] }), 'token-invalid-authorized-parties');
  });

  test('apiVersion and an apiUrl with a path are part of the JWKS URL', async () => {
    api.jwks = K.jwks([KEYS.a, 'ins_paths']);
    for (const [opts, path] of [
      [{ apiVersion: 'v2' }, '/v2/jwks'],
      [{ apiUrl: `${api.url}/prefix/` }, '/prefix/v1/jwks'],
    ]) {
      const secretKey = freshKey();
      const t = K.mint({ kid: 'ins_paths', claims: { sid: `sess_${path.length}` } });
      api.resetCounts();
      const oursOutcome = await K.outcomeOf(() => ours.verifyToken(t, { secretKey, apiUrl: api.url, ...opts }), payloadOf);
      assert.ok('ok' in oursOutcome, JSON.stringify(oursOutcome));
      assert.deepStrictEqual(api.jwksFetches().map((r) => r.path), [path]);
      api.resetCounts();
      await v4.verifyToken(t, { secretKey, apiUrl: api.url, ...opts, skipJwksCache: true });
      assert.deepStrictEqual(api.jwksFetches().map((r) => r.path), [path], 'v4 path');
    }
  });

  test('the deprecated apiKey works as the secret key', async () => {
    api.jwks = K.jwks([KEYS.a, 'ins_apiKey']);
    const apiKey = freshKey();
    const t = K.mint({ kid: 'ins_apiKey' });
    api.resetCounts();
    await same((sdk) => sdk.verifyToken(t, { apiKey, apiUrl: api.url }), 'ok', payloadOf);
    assert.ok(api.jwksFetches().every((r) => r.headers.authorization === `Bearer ${apiKey}`));
  });

  test('jwtKey wins over secretKey: nothing is fetched', async () => {
    api.jwks = K.jwks([KEYS.b, 'ins_unused']);
    api.resetCounts();
    await same((sdk) => sdk.verifyToken(K.mint({ kid: 'ins_unused' }), { jwtKey: JWT_KEY, secretKey: freshKey(), apiUrl: api.url }), 'ok', payloadOf);
    assert.equal(api.jwksFetches().length, 0);
  });

  test('unknown kid: jwk-remote-missing; S2: ours does not list the cached kids', async () => {
    api.jwks = K.jwks([KEYS.a, 'ins_known1'], [KEYS.b, 'ins_known2']);
    const secretKey = freshKey();
    const t = K.mint({ kid: 'ins_unknownKid' });
    const r = await both((sdk) => sdk.verifyToken(t, { secretKey, apiUrl: api.url }));
    assert.equal(r.v4.error?.reason, 'jwk-remote-missing', JSON.stringify(r.v4));
    assert.match(r.v4.error.message, / The following kid are available: /);
    const base = r.v4.error.message.replace(/ The following kid are available: .*$/, '');
    assert.equal(base, "Unable to find a signing key in JWKS that matches the kid='ins_unknownKid' of the provided session token. Please make sure that the __session cookie or the HTTP authorization header contain a Clerk-generated session JWT.");
    assert.deepStrictEqual(r.ours, { error: { ...r.v4.error, message: base } });
    assert.doesNotMatch(r.ours.error.message, /ins_known/);
  });

  test('a token without kid: jwk-remote-missing for kid undefined', async () => {
    api.jwks = K.jwks([KEYS.a, 'ins_known3']);
    const t = K.mint({ header: { kid: undefined } });
    const r = await both((sdk) => sdk.verifyToken(t, { secretKey: freshKey(), apiUrl: api.url }));
    assert.equal(r.v4.error?.reason, 'jwk-remote-missing');
    assert.deepStrictEqual(r.ours, { error: { ...r.v4.error, message: r.v4.error.message.replace(/ The following kid are available: .*$/, '') } });
  });

  test('S2: unknown kids refetch at most once (per 5 minutes) per instance', async () => {
    api.jwks = K.jwks([KEYS.a, 'ins_refetch']);
    const secretKey = freshKey();
    api.resetCounts();
    await ours.verifyToken(K.mint({ kid: 'ins_refetch' }), { secretKey, apiUrl: api.url });
    for (let i = 0; i < 6; i++) await K.outcomeOf(() => ours.verifyToken(K.mint({ kid: `ins_nope${i}` }), { secretKey, apiUrl: api.url }));
    assert.ok(api.jwksFetches().length <= 2, `ours fetched ${api.jwksFetches().length} times`);
  });

  test('S2: the cache is per instance: another secret key fetches its own JWKS', async () => {
    api.jwks = K.jwks([KEYS.a, 'ins_perInstance']);
    const t = K.mint({ kid: 'ins_perInstance' });
    const k1 = freshKey();
    const k2 = freshKey();
    api.resetCounts();
    await ours.verifyToken(t, { secretKey: k1, apiUrl: api.url });
    await ours.verifyToken(t, { secretKey: k1, apiUrl: api.url });
    await ours.verifyToken(t, { secretKey: k2, apiUrl: api.url });
    assert.deepStrictEqual(api.jwksFetches().map((r) => r.headers.authorization), [`Bearer ${k1}`, `Bearer ${k2}`]);
  });

  test('a JWKS without keys', async () => {
    api.jwks = { keys: [] };
    const r = await same((sdk) => sdk.verifyToken(K.mint({ kid: 'ins_emptyJwks' }), { secretKey: freshKey(), apiUrl: api.url }), 'jwk-remote-failed-to-load');
    assert.equal(r.v4.error.message, 'The JWKS endpoint did not contain any signing keys. Contact support@clerk.com.');
  });

  test('an invalid secret key (401 clerk_key_invalid): secret-key-invalid (v4 retries for ~3 s)', async () => {
    api.failJwks({ status: 401, json: { errors: [{ code: 'clerk_key_invalid', message: 'The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.', long_message: '', meta: {} }], clerk_trace_id: 'trace_1' } });
    try {
      const r = await same((sdk) => sdk.verifyToken(K.mint({ kid: 'ins_badSecret' }), { secretKey: freshKey(), apiUrl: api.url }), 'secret-key-invalid');
      assert.equal(r.v4.error.action, 'Contact support@clerk.com');
    } finally {
      api.failJwks(null);
    }
  });

  test('a JWKS answering 500: jwk-remote-failed-to-load with the URL and code', async () => {
    api.failJwks({ status: 500, json: { errors: [] } });
    try {
      const r = await same((sdk) => sdk.verifyToken(K.mint({ kid: 'ins_jwks500' }), { secretKey: freshKey(), apiUrl: api.url }), 'jwk-remote-failed-to-load');
      assert.equal(r.v4.error.message, `Error loading Clerk JWKS from ${api.url}/v1/jwks with code=500`);
    } finally {
      api.failJwks(null);
    }
  });

  test('a string issuer without jwtKey/secretKey: the JWKS comes from <issuer>/.well-known/jwks.json', async () => {
    api.jwks = K.jwks([KEYS.a, 'ins_fapiKid']);
    const issuer = `${api.url}/fapi`;
    const t = K.mint({ kid: 'ins_fapiKid', claims: { iss: issuer } });
    api.resetCounts();
    const v4Outcome = await K.outcomeOf(() => v4.verifyToken(t, { issuer }), payloadOf);
    const v4Fetch = api.fapiFetches().map((r) => ({ path: r.path, authorization: r.headers.authorization }));
    assert.ok('ok' in v4Outcome, JSON.stringify(v4Outcome));
    assert.deepStrictEqual(v4Fetch, [{ path: '/fapi/.well-known/jwks.json', authorization: undefined }]);
    api.resetCounts();
    assert.deepStrictEqual(await K.outcomeOf(() => ours.verifyToken(t, { issuer }), payloadOf), v4Outcome);
    assert.deepStrictEqual(api.fapiFetches().map((r) => ({ path: r.path, authorization: r.headers.authorization })), v4Fetch);
  });
});

describe('createClerkClient(...).verifyToken and base.verifySessionToken', () => {
  let api;
  before(async () => {
    api = await startAuthBapi(K.jwks([KEYS.a, 'ins_kidA']));
  });
  after(() => api.close());
  const clients = (options = {}) => ({
    v4: v4.createClerkClient({ secretKey: K.DEV_SECRET, apiUrl: api.url, ...options }),
    ours: ours.createClerkClient({ secretKey: K.DEV_SECRET, apiUrl: api.url, ...options }),
  });
  // One token for both SDKs (minted once, so the two runs see the same iat and exp).
  const sameOnToken = (c, token, call, expect) => sameOnClients(c, (cl) => call(cl, token), expect);
  async function sameOnClients(c, call, expect) {
    const v4Outcome = await K.outcomeOf(() => call(c.v4), payloadOf);
    const oursOutcome = await K.outcomeOf(() => call(c.ours), payloadOf);
    assert.equal(kind(v4Outcome), expect, JSON.stringify(v4Outcome));
    assert.deepStrictEqual(oursOutcome, v4Outcome);
  }

  test('instance verifyToken with jwtKey: the Clerk issuer resolver applies', async () => {
    const c = clients({ jwtKey: JWT_KEY });
    await sameOnToken(c, K.mint(), (cl, t) => cl.verifyToken(t), 'ok');
    await sameOnToken(c, K.mint({ claims: { iss: 'https://happy-hippo-1.clerk.accounts.dev' } }), (cl, t) => cl.verifyToken(t), 'ok');
    await sameOnToken(c, K.mint({ claims: { iss: 'https://evil.example.com' } }), (cl, t) => cl.verifyToken(t), 'token-invalid-issuer');
    await sameOnToken(c, K.mint({ claims: { iss: 'http://clerk.example.com' } }), (cl, t) => cl.verifyToken(t), 'token-invalid-issuer');
    await sameOnToken(c, K.mint(), (cl, t) => cl.verifyToken(t, { authorizedParties: ['https://x.example.com'] }), 'token-invalid-authorized-parties');
    await sameOnToken(c, K.mint(), (cl, t) => cl.verifyToken(t, { issuer: () => false }), 'token-invalid-issuer');
    await sameOnToken(c, K.mint({ claims: { exp: now() - 60 } }), (cl, t) => cl.verifyToken(t), 'token-expired');
  });

  test('instance verifyToken with the constructor audience', async () => {
    const c = clients({ jwtKey: JWT_KEY, audience: 'app-a' });
    await sameOnToken(c, K.mint({ claims: { aud: 'app-a' } }), (cl, t) => cl.verifyToken(t), 'ok');
    await sameOnToken(c, K.mint({ claims: { aud: 'app-b' } }), (cl, t) => cl.verifyToken(t), 'token-verification-failed');
  });

  test('instance verifyToken without jwtKey: the configured API JWKS with the secret key', async () => {
    const c = clients();
    api.resetCounts();
    await sameOnToken(c, K.mint({ kid: 'ins_kidA' }), (cl, t) => cl.verifyToken(t), 'ok');
    assert.ok(api.jwksFetches().length >= 1);
    assert.ok(api.jwksFetches().every((r) => r.path === '/v1/jwks' && r.headers.authorization === `Bearer ${K.DEV_SECRET}`));
  });

  test('base.verifySessionToken with CLERK_JWT_KEY (read at call time)', async () => {
    const c = clients();
    await withEnv({ CLERK_JWT_KEY: JWT_KEY }, async () => {
      await sameOnToken(c, K.mint(), (cl, t) => cl.base.verifySessionToken(t), 'ok');
      await sameOnToken(c, K.mint({ claims: { exp: now() - 60 } }), (cl, t) => cl.base.verifySessionToken(t), 'token-expired');
      await sameOnToken(c, K.mint({ key: KEYS.b }), (cl, t) => cl.base.verifySessionToken(t), 'token-invalid-signature');
    });
  });

  test('S1: a token cannot name its own key server (v4 accepts a forged token; ours rejects it and does not fetch from its iss)', async () => {
    // The attacker signs with KEYS.b and serves b's JWKS at <iss>/.well-known/jwks.json.
    api.jwks = K.jwks([KEYS.b, 'ins_forged'], [KEYS.a, 'ins_kidA']);
    const forged = K.mint({ key: KEYS.b, kid: 'ins_forged', claims: { iss: `${api.url}/attacker` } });
    const c = clients();
    api.resetCounts();
    const v4Outcome = await K.outcomeOf(() => c.v4.base.verifySessionToken(forged));
    assert.ok('ok' in v4Outcome, `v4 was expected to accept the forged token: ${JSON.stringify(v4Outcome)}`);
    assert.equal(api.fapiFetches().length, 1);
    api.resetCounts();
    const oursOutcome = await K.outcomeOf(() => c.ours.base.verifySessionToken(forged));
    assert.ok('error' in oursOutcome, 'ours accepted a token signed by a key its own iss pointed to');
    assert.equal(api.fapiFetches().length, 0, 'ours fetched keys from the host named by the token');
  });

  test('S1: without CLERK_JWT_KEY, ours takes the keys from the configured API', async () => {
    api.jwks = K.jwks([KEYS.a, 'ins_kidA']);
    const c = ours.createClerkClient({ secretKey: K.DEV_SECRET, apiUrl: api.url });
    api.resetCounts();
    const out = await K.outcomeOf(() => c.base.verifySessionToken(K.mint({ kid: 'ins_kidA' })), payloadOf);
    assert.ok('ok' in out, JSON.stringify(out));
    assert.equal(api.fapiFetches().length, 0);
    assert.ok(api.jwksFetches().every((r) => r.path === '/v1/jwks'));
    // a token signed by another key with the same kid is rejected
    const bad = await K.outcomeOf(() => c.base.verifySessionToken(K.mint({ kid: 'ins_kidA', key: KEYS.b })));
    assert.equal(bad.error?.reason, 'token-invalid-signature');
  });
});

describe('decodeJwt', () => {
  const decoded = (d) => ({
    header: d.header,
    payload: d.payload,
    payloadKeys: Object.keys(d.payload),
    signatureClass: Object.prototype.toString.call(d.signature),
    signature: Buffer.from(d.signature).toString('hex'),
    raw: d.raw,
    keys: Object.keys(d),
  });
  const tokens = [
    ['an RS256 session token', () => K.mint()],
    ['an RS512 token with a 4096-bit signature', () => K.mint({ key: KEYS.big, alg: 'RS512' })],
    ['a header with extra fields', () => K.mint({ header: { cty: 'JWT', x5t: 'abc' } })],
    ['unicode claims', () => K.mint({ claims: { name: 'Ada Lovelace — 👩‍💻', metadata: { nested: [1, { a: null }] } } })],
    ['a signature that is not valid base64url', () => `${K.mint().split('.').slice(0, 2).join('.')}.%%%`],
    ['padded base64url parts', () => K.mint().split('.').map((p) => p + '='.repeat((4 - (p.length % 4)) % 4)).join('.')],
  ];
  for (const [name, token] of tokens) {
    test(name, async () => {
      const t = token();
      await same((sdk) => sdk.decodeJwt(t), undefined, decoded);
    });
  }
  for (const [name, t] of [
    ['one part', 'abc'],
    ['four parts', 'a.b.c.d'],
    ['undefined', undefined],
    ['bad base64 header', '!!!.e30.e30'],
    ['non-JSON payload', `e30.${Buffer.from('nope').toString('base64url')}.e30`],
  ]) {
    test(`malformed: ${name}`, async () => {
      await same((sdk) => sdk.decodeJwt(t), undefined, decoded);
      assert.ok('error' in (await K.outcomeOf(() => v4.decodeJwt(t))));
    });
  }
});

describe('hasValidSignature', () => {
  const cases = [
    ['PEM of the signer', () => [K.mint(), KEYS.a.pem], 'ok'],
    ['PEM of another key', () => [K.mint(), KEYS.b.pem], 'ok'],
    ['JWK of the signer (alg RS256)', () => [K.mint(), KEYS.a.jwk('k')], 'ok'],
    ['JWK of another key', () => [K.mint(), KEYS.b.jwk('k')], 'ok'],
    ['4096-bit PEM, RS384', () => [K.mint({ key: KEYS.big, alg: 'RS384' }), KEYS.big.pem], 'ok'],
    ['4096-bit JWK without alg, RS512', () => [K.mint({ key: KEYS.big, alg: 'RS512' }), { ...KEYS.big.jwk('k'), alg: undefined }], 'ok'],
    ['RS512 token, JWK that says RS256 (v4: DataError)', () => [K.mint({ alg: 'RS512' }), KEYS.a.jwk('k', 'RS256')], 'DOMException'],
    ['unsupported alg HS256', () => [K.mint({ alg: 'HS256' }), KEYS.a.pem], 'Error'],
  ];
  for (const [name, args, expect] of cases) {
    test(name, async () => {
      const [t, key] = args();
      const r = await same((sdk) => sdk.hasValidSignature(sdk.decodeJwt(t), key), expect);
      if (name === 'PEM of the signer' || name.startsWith('JWK of the signer') || name.startsWith('4096')) assert.equal(r.v4.ok, true);
      if (name.includes('another key')) assert.equal(r.v4.ok, false);
    });
  }
});

describe('signJwt and verifyJwt', () => {
  const strip = (d) => ({ header: d.header, payload: { ...d.payload, iat: typeof d.payload.iat } });

  for (const [name, key, algorithm, header] of [
    ['RS256 with a PKCS8 PEM', () => KEYS.a.privatePem, 'RS256', undefined],
    ['RS512 with a private JWK', () => KEYS.b.privateJwk(), 'RS512', undefined],
    ['RS384 with a 4096-bit key and a custom header', () => KEYS.big.privatePem, 'RS384', { typ: 'JWT', kid: 'ins_custom' }],
  ]) {
    test(`signJwt ${name}: same token shape, and each SDK verifies the other's`, async () => {
      const payloads = { v4: { sub: K.USER_ID, sid: K.SESSION_ID, exp: now() + 60 }, ours: { sub: K.USER_ID, sid: K.SESSION_ID, exp: now() + 60 } };
      const v4Token = await v4.signJwt(payloads.v4, key(), { algorithm, header: header && { ...header } });
      const oursToken = await ours.signJwt(payloads.ours, key(), { algorithm, header: header && { ...header } });
      assert.equal(typeof oursToken, 'string');
      assert.deepStrictEqual(strip(ours.decodeJwt(oursToken)), strip(v4.decodeJwt(v4Token)));
      assert.ok(Math.abs(v4.decodeJwt(oursToken).payload.iat - v4.decodeJwt(v4Token).payload.iat) <= 1);
      assert.equal(typeof payloads.ours.iat, typeof payloads.v4.iat, 'signJwt sets iat on the given payload');
      if (v4.decodeJwt(oursToken).payload.iat === v4.decodeJwt(v4Token).payload.iat) assert.equal(oursToken, v4Token, 'RSASSA-PKCS1-v1_5 is deterministic');
      const pub = key === undefined ? null : { RS256: KEYS.a, RS512: KEYS.b, RS384: KEYS.big }[algorithm];
      for (const sdk of [v4, ours]) {
        for (const t of [v4Token, oursToken]) {
          assert.equal(await sdk.hasValidSignature(sdk.decodeJwt(t), pub.pem), true);
          assert.equal((await sdk.verifyJwt(t, { key: pub.pem })).sub, K.USER_ID);
        }
      }
    });
  }

  test('signJwt errors: no algorithm, unsupported algorithm', async () => {
    await same((sdk) => sdk.signJwt({ sub: 'x' }, KEYS.a.privatePem, {}), 'Error');
    const r = await same((sdk) => sdk.signJwt({ sub: 'x' }, KEYS.a.privatePem, { algorithm: 'HS256' }), 'Error');
    assert.match(r.v4.error.message, /^Unsupported algorithm HS256/);
  });

  const verifyCases = [
    ['PEM key', () => [K.mint(), { key: KEYS.a.pem }], 'ok'],
    ['JWK key', () => [K.mint(), { key: KEYS.a.jwk('k') }], 'ok'],
    ['4096-bit PEM, RS512', () => [K.mint({ key: KEYS.big, alg: 'RS512' }), { key: KEYS.big.pem }], 'ok'],
    ['RS512 with a JWK that says RS256 (v4: DataError)', () => [K.mint({ alg: 'RS512' }), { key: KEYS.a.jwk('k', 'RS256') }], 'token-verification-failed'],
    ['wrong key', () => [K.mint(), { key: KEYS.b.pem }], 'token-invalid-signature'],
    ['issuer, audience and authorizedParties', () => [K.mint({ claims: { aud: 'app-a' } }), { key: KEYS.a.pem, issuer: K.ISSUER, audience: 'app-a', authorizedParties: [K.AZP] }], 'ok'],
    ['issuer mismatch', () => [K.mint(), { key: KEYS.a.pem, issuer: 'https://clerk.nope.example.com' }], 'token-invalid-issuer'],
    ['expired', () => [K.mint({ claims: { exp: now() - 60 } }), { key: KEYS.a.pem }], 'token-expired'],
    ['clockSkewInMs', () => [K.mint({ claims: { exp: now() - 60 } }), { key: KEYS.a.pem, clockSkewInMs: 120000 }], 'ok'],
    ['no options object (TypeError)', () => [K.mint()], 'TypeError'],
  ];
  for (const [name, args, expect] of verifyCases) {
    test(`verifyJwt: ${name}`, async () => {
      const a = args();
      await same((sdk) => sdk.verifyJwt(...a), expect, payloadOf);
    });
  }
});
