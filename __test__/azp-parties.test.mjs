// The authorizedParties (azp) check never accepts what 4.13.23 refuses. v4 checks with
// `authorizedParties.includes(azp)` and prints `${authorizedParties}` in its message: a
// list member that is not a string equals no azp, however it prints. Ours used to String()
// every member (so `[[app]]`, `[new String(app)]` accepted app's tokens), dropped a value
// that was not an array (the check went off), and printed null/undefined members as text.
// Each case runs on v4 (clerk-v4) and on ours: free verifyToken, verifyJwt, a client's
// verifyToken, a burst of calls in one turn, authenticateRequest and the Express
// middleware over HTTP.
// Differences (README "Differences from 4.13.23"): a string given instead of a list is
// one party matched whole (v4: a substring match), and any other value that is not a
// list refuses every token with a TypeError naming the option (v4: a TypeError only when
// a token carries azp).
import './helpers/setup.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { ours, v4 } from './helpers/diff.mjs';
import * as K from './helpers/auth-keys.mjs';

const JWT_KEY = K.keys().a.pem; // v4 keeps the first jwtKey it sees: always this one here
const APP = K.AZP; // the azp of K.mint()'s tokens
const OTHER = 'https://other.example.com';

// v4 prints a lone surrogate of a party as it is; ours crosses to Rust as U+FFFD.
const wellFormed = (o) => JSON.parse(JSON.stringify(o, (k, v) => (typeof v === 'string' ? v.replace(/\p{Cs}/gu, '\uFFFD') : v)));
const outcome = async (fn) => wellFormed(await K.outcomeOf(fn, (payload) => payload.sub));

/** Runs `call(sdk)` on v4, then on ours; asserts they did the same; returns v4's outcome. */
async function same(call) {
  const theirs = await outcome(() => call(v4));
  const mine = await outcome(() => call(ours));
  assert.deepStrictEqual(mine, theirs);
  return theirs;
}

const refusedBy = (o) => o.error?.reason ?? o.error?.class;

// [name, () => authorizedParties, token claims, v4's outcome: 'ok' or the reason / class]
// Values are made anew for each run: a member's toString may count its calls.
const LISTS = [
  ['the azp as a string member', () => [APP], {}, 'ok'],
  ['a matching string among non-strings', () => [null, 5, {}, [OTHER], APP, undefined], {}, 'ok'],
  ['a nested array holding the azp', () => [[APP]], {}, 'token-invalid-authorized-parties'],
  ['a deeper nested array', () => [[[APP]], OTHER], {}, 'token-invalid-authorized-parties'],
  ['a String object of the azp', () => [new String(APP)], {}, 'token-invalid-authorized-parties'],
  ['an object whose toString is the azp', () => [{ toString: () => APP }], {}, 'token-invalid-authorized-parties'],
  ['a URL object of the azp', () => [new URL(APP)], { azp: `${APP}/` }, 'token-invalid-authorized-parties'],
  ['null and undefined members print empty', () => [OTHER, null, undefined, 'https://b.example'], {}, 'token-invalid-authorized-parties'],
  ['nested arrays print flat', () => ['a', ['b', ['c', null]], [], OTHER], {}, 'token-invalid-authorized-parties'],
  ['holes print empty', () => [, OTHER, , ], {}, 'token-invalid-authorized-parties'],
  ['only non-strings: every azp is refused', () => [5, true, {}], {}, 'token-invalid-authorized-parties'],
  ['a number member does not match a string azp', () => [5], { azp: '5' }, 'token-invalid-authorized-parties'],
  ['a symbol member, the azp matched first', () => [Symbol('s'), APP], {}, 'ok'],
  ['a symbol member, no match: printing the list throws', () => [Symbol('s'), OTHER], {}, 'TypeError'],
  ['a member whose toString throws, no match', () => [{ toString() { throw new TypeError('no text'); } }], {}, 'TypeError'],
  ['an empty list: no check', () => [], {}, 'ok'],
  ['a token without azp: no check', () => [OTHER], { azp: undefined }, 'ok'],
  ['an empty azp: no check', () => [OTHER], { azp: '' }, 'ok'],
  ['a party with a lone surrogate never matches', () => [`${APP}\uD800`], { azp: `${APP}\uFFFD` }, 'token-invalid-authorized-parties'],
  ['a lone surrogate in one party does not switch the check off', () => [OTHER, `x\uD800`], {}, 'token-invalid-authorized-parties'],
  ['a party holding U+0000 and a comma', () => [`${APP}\u0000,x`], {}, 'token-invalid-authorized-parties'],
];

describe('verifyToken(token, { jwtKey, authorizedParties: [...] }): as v4', () => {
  for (const [name, parties, claims, expected] of LISTS) {
    test(name, async () => {
      const token = K.mint({ claims });
      const v4Outcome = await same((sdk) => sdk.verifyToken(token, { jwtKey: JWT_KEY, authorizedParties: parties() }));
      assert.equal('ok' in v4Outcome ? 'ok' : refusedBy(v4Outcome), expected, JSON.stringify(v4Outcome));
    });
  }

  test("the message lists the parties as v4's `${authorizedParties}` prints them", async () => {
    const token = K.mint();
    const o = await same((sdk) => sdk.verifyToken(token, { jwtKey: JWT_KEY, authorizedParties: [OTHER, null, undefined, ['a', ['b']], new String('c')] }));
    assert.equal(o.error.message, `Invalid JWT Authorized party claim (azp) "${APP}". Expected "${OTHER},,,a,b,c".`);
  });
});

describe('verifyJwt(token, { key, authorizedParties: [...] }): as v4', () => {
  for (const [name, parties, claims, expected] of LISTS) {
    test(name, async () => {
      const token = K.mint({ claims });
      const v4Outcome = await same((sdk) => sdk.verifyJwt(token, { key: JWT_KEY, authorizedParties: parties() }));
      assert.equal('ok' in v4Outcome ? 'ok' : refusedBy(v4Outcome), expected);
    });
  }
});

describe("a client's verifyToken (createClerkClient, instance Clerk): as v4", () => {
  const clients = {
    v4: v4.createClerkClient({ secretKey: K.DEV_SECRET, jwtKey: JWT_KEY }),
    ours: ours.createClerkClient({ secretKey: K.DEV_SECRET, jwtKey: JWT_KEY }),
  };
  const client = (sdk) => (sdk === v4 ? clients.v4 : clients.ours);
  for (const [name, parties, claims, expected] of LISTS) {
    test(name, async () => {
      const token = K.mint({ claims });
      const v4Outcome = await same((sdk) => client(sdk).verifyToken(token, { authorizedParties: parties() }));
      assert.equal('ok' in v4Outcome ? 'ok' : refusedBy(v4Outcome), expected);
    });
  }

  test('the clerkClient singleton, its options given per call', async () => {
    const token = K.mint();
    for (const parties of [[APP], [[APP]], [new String(APP)]]) {
      await same((sdk) => sdk.clerkClient.verifyToken(token, { jwtKey: JWT_KEY, authorizedParties: parties }));
    }
  });
});

describe('calls in one turn (a burst) each get their own check', () => {
  test('lists that print alike are not one run: each call answers as alone, as v4', async () => {
    const token = K.mint();
    const lists = () => [[APP], [[APP]], [new String(APP)], [APP], [{ toString: () => APP }], [APP], [APP], [[APP]], [[APP]], [[APP]]];
    const run = async (sdk) => {
      const calls = lists().map((authorizedParties) => outcome(() => sdk.verifyToken(token, { jwtKey: JWT_KEY, authorizedParties })));
      return Promise.all(calls);
    };
    const theirs = await run(v4);
    const mine = await run(ours);
    assert.deepStrictEqual(mine, theirs);
    assert.deepStrictEqual(
      theirs.map((o) => ('ok' in o ? 'ok' : refusedBy(o))),
      ['ok', 'token-invalid-authorized-parties', 'token-invalid-authorized-parties', 'ok', 'token-invalid-authorized-parties', 'ok', 'ok', 'token-invalid-authorized-parties', 'token-invalid-authorized-parties', 'token-invalid-authorized-parties'],
    );
  });
});

describe('the verified-token cache tells the options apart', () => {
  test('a token verified with [azp] is not served from the cache for [new String(azp)] or [[azp]]', async () => {
    const token = K.mint();
    const verify = (authorizedParties) => outcome(() => ours.verifyToken(token, { jwtKey: JWT_KEY, authorizedParties }));
    for (let round = 0; round < 2; round++) {
      assert.deepStrictEqual(await verify([APP]), { ok: K.USER_ID });
      assert.equal(refusedBy(await verify([new String(APP)])), 'token-invalid-authorized-parties');
      assert.equal(refusedBy(await verify([[APP]])), 'token-invalid-authorized-parties');
      assert.equal(refusedBy(await verify([{ toString: () => APP }])), 'token-invalid-authorized-parties');
      assert.deepStrictEqual(await verify(APP), { ok: K.USER_ID });
      assert.equal(refusedBy(await verify(new String(APP))), 'TypeError');
    }
  });

  test('the same through authenticateRequest', async () => {
    const client = ours.createClerkClient({ secretKey: K.DEV_SECRET, jwtKey: JWT_KEY });
    const token = K.mint();
    const state = async (authorizedParties) => {
      const s = await client.authenticateRequest({ request: new Request('http://localhost/', { headers: { authorization: `Bearer ${token}` } }), authorizedParties });
      return [s.status, s.reason];
    };
    for (let round = 0; round < 2; round++) {
      assert.deepStrictEqual(await state([APP]), ['signed-in', null]);
      assert.deepStrictEqual(await state([new String(APP)]), ['signed-out', 'token-invalid-authorized-parties']);
      assert.deepStrictEqual(await state([[APP]]), ['signed-out', 'token-invalid-authorized-parties']);
    }
  });
});

describe('a value that is not a list (differences from v4, never looser)', () => {
  test('a string is one party, matched whole: the azp itself passes, as in v4', async () => {
    const token = K.mint();
    await same((sdk) => sdk.verifyToken(token, { jwtKey: JWT_KEY, authorizedParties: APP }));
    assert.deepStrictEqual(await outcome(() => ours.verifyToken(token, { jwtKey: JWT_KEY, authorizedParties: APP })), { ok: K.USER_ID });
  });

  test("a string is not matched as a substring: 'https://app.co' does not pass for 'https://app.com' (v4 let it)", async () => {
    const token = K.mint({ claims: { azp: 'https://app.co' } });
    const options = { jwtKey: JWT_KEY, authorizedParties: 'https://app.com' };
    assert.deepStrictEqual(await outcome(() => v4.verifyToken(token, options)), { ok: K.USER_ID }, "v4's String#includes");
    const mine = await outcome(() => ours.verifyToken(token, options));
    assert.equal(mine.error.reason, 'token-invalid-authorized-parties');
    assert.equal(mine.error.message, 'Invalid JWT Authorized party claim (azp) "https://app.co". Expected "https://app.com".');
    // a party holding the azp and more
    const longer = await outcome(() => ours.verifyToken(K.mint(), { jwtKey: JWT_KEY, authorizedParties: `${APP}.evil.example` }));
    assert.equal(longer.error.reason, 'token-invalid-authorized-parties');
  });

  // v4: `authorizedParties.includes is not a function` (a TypeError) when a token has azp;
  // a value with a usable includes (a typed array, an object) was called.
  const NOT_LISTS = [
    ['a number', () => 5],
    ['true', () => true],
    ['an object with a length', () => ({ length: 1 })],
    ['an object with a length and an includes that accepts all', () => ({ length: 1, includes: () => true })],
    ['a String object', () => new String(APP)],
    ['a Set of the azp', () => new Set([APP])],
    ['a function of one parameter', () => (x) => x],
    ['a symbol', () => Symbol(APP)],
    ['a bigint', () => 1n],
    ['a typed array', () => new Uint8Array([1])],
  ];
  for (const [name, value] of NOT_LISTS) {
    test(`${name}: every token is refused with a TypeError naming the option`, async () => {
      for (const claims of [{}, { azp: undefined }]) {
        const mine = await outcome(() => ours.verifyToken(K.mint({ claims }), { jwtKey: JWT_KEY, authorizedParties: value() }));
        assert.equal(mine.error?.class, 'TypeError', JSON.stringify(mine));
        assert.match(mine.error.message, /^The authorizedParties option must be an array of strings \(string\[\]\), not an? \w+: no token is accepted until it is\.$/);
        assert.ok(!mine.error.message.includes(APP), 'the value is not printed');
      }
    });
  }

  test('a falsy value or one of length 0: no check, as in v4', async () => {
    const token = K.mint();
    for (const value of ['', 0, false, null, undefined, NaN, { length: 0 }, new String(''), () => {}]) {
      const o = await same((sdk) => sdk.verifyToken(token, { jwtKey: JWT_KEY, authorizedParties: value }));
      assert.deepStrictEqual(o, { ok: K.USER_ID }, String(value));
    }
  });
});

describe('authenticateRequest({ authorizedParties }): as v4', () => {
  const clients = {
    v4: v4.createClerkClient({ secretKey: K.DEV_SECRET, jwtKey: JWT_KEY }),
    ours: ours.createClerkClient({ secretKey: K.DEV_SECRET, jwtKey: JWT_KEY }),
  };
  const stateOf = async (client, token, authorizedParties) => {
    const s = await client.authenticateRequest({ request: new Request('http://localhost/', { headers: { authorization: `Bearer ${token}` } }), authorizedParties });
    return wellFormed({ status: s.status, reason: s.reason, message: s.message });
  };
  for (const [name, parties, claims, expected] of LISTS) {
    test(name, async () => {
      const token = K.mint({ claims });
      const theirs = await stateOf(clients.v4, token, parties());
      const mine = await stateOf(clients.ours, token, parties());
      assert.deepStrictEqual(mine, theirs);
      const v4Kind = theirs.status === 'signed-in' ? 'ok' : theirs.reason === 'unexpected-error' ? 'TypeError' : theirs.reason;
      assert.equal(v4Kind, expected);
    });
  }

  test('a value that is not a list: signed out, unexpected-error naming the option', async () => {
    for (const claims of [{}, { azp: undefined }]) {
      const s = await stateOf(clients.ours, K.mint({ claims }), { length: 1 });
      assert.equal(s.status, 'signed-out');
      assert.equal(s.reason, 'unexpected-error');
      assert.match(s.message, /authorizedParties option must be an array of strings \(string\[\]\)/);
    }
  });
});

describe('clerkClient.expressRequireAuth({ authorizedParties }) over HTTP: as v4', () => {
  const CASES = {
    string: [APP],
    nested: [[APP]],
    'string-object': [new String(APP)],
    'to-string': [{ toString: () => APP }],
    'null-members': [OTHER, null, undefined],
    surrogate: [OTHER, 'x\uD800'],
    'one-string': APP,
    'substring': `${APP}.evil.example`,
    'not-a-list': { length: 1 },
  };
  let server;
  let base;
  before(async () => {
    const middlewares = {};
    for (const [which, sdk] of [['v4', v4], ['ours', ours]]) {
      const client = sdk.createClerkClient({ secretKey: K.DEV_SECRET, jwtKey: JWT_KEY });
      middlewares[which] = Object.fromEntries(Object.entries(CASES).map(([name, authorizedParties]) => [name, client.expressRequireAuth({ authorizedParties })]));
    }
    server = http.createServer((req, res) => {
      const [, which, name] = req.url.split('/');
      middlewares[which][name](req, res, (err) => {
        res.writeHead(err ? 401 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: err ? err.message : null, userId: req.auth?.userId ?? null }));
      });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  async function request(which, name, token) {
    const r = await fetch(`${base}/${which}/${name}`, { headers: { authorization: `Bearer ${token}`, 'user-agent': 'curl/8.4.0' } });
    const header = (h) => (r.headers.get(h) === null ? null : decodeURIComponent(r.headers.get(h)));
    const body = await r.json();
    return { status: r.status, authStatus: header('x-clerk-auth-status'), authReason: header('x-clerk-auth-reason'), authMessage: header('x-clerk-auth-message'), userId: body.userId };
  }

  for (const [name, expected] of [
    ['string', [200, 'signed-in']],
    ['nested', [401, 'token-invalid-authorized-parties']],
    ['string-object', [401, 'token-invalid-authorized-parties']],
    ['to-string', [401, 'token-invalid-authorized-parties']],
    ['null-members', [401, 'token-invalid-authorized-parties']],
  ]) {
    test(`${name}: ${expected.join(' ')}`, async () => {
      const token = K.mint();
      const theirs = await request('v4', name, token);
      const mine = await request('ours', name, token);
      assert.deepStrictEqual(wellFormed(mine), wellFormed(theirs));
      assert.deepStrictEqual([theirs.status, theirs.authStatus === 'signed-in' ? 'signed-in' : theirs.authReason], expected);
    });
  }

  // v4 fails here on its own: encodeURIComponent of its message (which holds the lone
  // surrogate) throws in the middleware, and the request hangs.
  test('a party with a lone surrogate does not switch the check off', async () => {
    const mine = await request('ours', 'surrogate', K.mint());
    assert.deepStrictEqual([mine.status, mine.authStatus, mine.authReason, mine.userId], [401, 'signed-out', 'token-invalid-authorized-parties', null]);
    assert.equal(mine.authMessage, `Invalid JWT Authorized party claim (azp) "${APP}". Expected "${OTHER},x\uFFFD". (reason=token-invalid-authorized-parties, token-carrier=header)`);
  });

  test('a string: the azp passes as in v4; a longer party does not (v4 let it, a substring)', async () => {
    const token = K.mint();
    assert.deepStrictEqual(await request('ours', 'one-string', token), await request('v4', 'one-string', token));
    assert.equal((await request('v4', 'substring', token)).status, 200);
    const mine = await request('ours', 'substring', token);
    assert.deepStrictEqual([mine.status, mine.authStatus, mine.authReason], [401, 'signed-out', 'token-invalid-authorized-parties']);
  });

  test('not a list: 401, unexpected-error naming the option, with or without azp', async () => {
    for (const claims of [{}, { azp: undefined }]) {
      const mine = await request('ours', 'not-a-list', K.mint({ claims }));
      assert.deepStrictEqual([mine.status, mine.authStatus, mine.authReason, mine.userId], [401, 'signed-out', 'unexpected-error', null]);
      assert.match(mine.authMessage, /authorizedParties option must be an array of strings \(string\[\]\)/);
    }
  });
});
