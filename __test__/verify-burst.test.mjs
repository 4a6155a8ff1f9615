// verifyToken calls made in one turn of the event loop are verified together (a burst:
// lib/tokens.js, src/burst.rs, which spreads them over two threads). Each call must still
// get exactly what it gets alone, and what v4 gives: the payload, or the same error.
// Bursts here mix valid, expired, foreign-key and garbage tokens, several option sets,
// an issuer function, and keys that must first be fetched from a JWKS endpoint.
import './helpers/setup.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ours, v4 } from './helpers/diff.mjs';
import * as K from './helpers/auth-keys.mjs';
import { startAuthBapi } from './helpers/auth-servers.mjs';
import { createRequire } from 'node:module';

// Counts the native burst calls and the tokens they carried.
const native = createRequire(import.meta.url)('../lib/native.js');
const bursts = [];
const verifyTokens = native.verifyTokens;
native.verifyTokens = (tokens, ...rest) => {
  bursts.push(tokens.length);
  return verifyTokens(tokens, ...rest);
};

const KEYS = K.keys();
const JWT_KEY = KEYS.a.pem; // v4 keeps the first jwtKey it sees: always this one here
const now = K.nowSeconds;

let api;
before(async () => {
  api = await startAuthBapi(K.jwks([KEYS.a, 'ins_kidA']));
});
after(() => api?.close());

// Messages of time checks carry the current date; a second may pass between two runs.
const norm = (list) => JSON.parse(JSON.stringify(list, (k, v) => K.normalizeMessage(v)));

const describeOutcome = (o) => ('ok' in o ? { ok: { keys: Object.keys(o.ok), payload: o.ok } } : o);

/** Starts every call in the same turn, then describes each outcome. */
async function burstOf(calls) {
  const started = calls.map((call) => K.outcomeOf(call));
  return (await Promise.all(started)).map(describeOutcome);
}

/** A mix of 48 tokens: mostly valid (each its own sub), some expired, some signed with
 * another key, some not tokens at all. */
function mixedTokens() {
  return Array.from({ length: 48 }, (_, k) => {
    if (k % 11 === 3) return K.mint({ claims: { sub: `user_expired${k}`, exp: now() - 60 } });
    if (k % 13 === 5) return K.mint({ key: KEYS.b, claims: { sub: `user_foreign${k}` } });
    if (k === 17) return 'not.a.token';
    if (k === 29) return '';
    return K.mint({ claims: { sub: `user_burst${k}` } });
  });
}

test('a burst answers every call as v4 does, in order', async () => {
  const tokens = mixedTokens();
  const theirs = await burstOf(tokens.map((t) => () => v4.verifyToken(t, { jwtKey: JWT_KEY })));
  bursts.length = 0;
  const mine = await burstOf(tokens.map((t) => () => ours.verifyToken(t, { jwtKey: JWT_KEY })));
  assert.deepStrictEqual(bursts, [47], 'the first call alone, the other 47 as one burst');
  assert.deepStrictEqual(norm(mine), norm(theirs));
  assert.ok(mine.filter((o) => 'ok' in o).length >= 30, 'most tokens verify');
  assert.equal(mine[0].ok.payload.sub, 'user_burst0');
  assert.equal(mine[46].ok.payload.sub, 'user_burst46');
  assert.equal(mine[3].error.reason, 'token-expired');
});

test('a burst answers as the same calls made one by one', async () => {
  const tokens = mixedTokens();
  const together = await burstOf(tokens.map((t) => () => ours.verifyToken(t, { jwtKey: JWT_KEY })));
  const alone = [];
  for (const t of tokens) alone.push(describeOutcome(await K.outcomeOf(() => ours.verifyToken(t, { jwtKey: JWT_KEY }))));
  assert.deepStrictEqual(norm(together), norm(alone));
});

test('calls with different options in one turn keep their own options', async () => {
  const token = K.mint({ claims: { sub: 'user_options', azp: 'https://app.example.com' } });
  const variants = [
    { jwtKey: JWT_KEY },
    { jwtKey: JWT_KEY, authorizedParties: ['https://other.example.com'] },
    { jwtKey: JWT_KEY, authorizedParties: ['https://app.example.com'] },
    { jwtKey: JWT_KEY, audience: 'some-audience' },
    { jwtKey: JWT_KEY, issuer: 'https://clerk.example.com' },
    { jwtKey: JWT_KEY, issuer: 'https://elsewhere.example.com' },
    { jwtKey: JWT_KEY, issuer: (iss) => iss === 'https://clerk.example.com' },
    { jwtKey: JWT_KEY, issuer: () => false },
    { jwtKey: JWT_KEY, clockSkewInMs: 1 },
    // Lists that would join to the same text are still different options.
    { jwtKey: JWT_KEY, authorizedParties: ['https://app.example.com\u0001x'] },
    { jwtKey: JWT_KEY, authorizedParties: ['https://app.example.com', 'x'] },
  ];
  // Each option set twice in a row (one native burst each) and interleaved.
  const order = [...variants.flatMap((o) => [o, o]), ...variants];
  const theirs = await burstOf(order.map((o) => () => v4.verifyToken(token, o)));
  const mine = await burstOf(order.map((o) => () => ours.verifyToken(token, o)));
  assert.deepStrictEqual(norm(mine), norm(theirs));
  assert.ok('ok' in mine[0] && 'error' in mine[2], 'the outcomes differ by option');
});

test('a burst whose keys must first be fetched (JWKS) resolves every call', async () => {
  api.resetCounts();
  const client = ours.createClerkClient({ secretKey: K.DEV_SECRET, apiUrl: api.url });
  const clientBursts = [];
  const nativeClient = native.NativeClient.prototype;
  const verifyClientTokens = nativeClient.verifyTokens;
  nativeClient.verifyTokens = function counted(tokens, ...rest) {
    clientBursts.push(tokens.length);
    return verifyClientTokens.call(this, tokens, ...rest);
  };
  const tokens = Array.from({ length: 12 }, (_, k) => K.mint({ claims: { sub: `user_jwks${k}` } }));
  const viaOptions = await burstOf(tokens.map((t) => () => ours.verifyToken(t, { secretKey: K.DEV_SECRET, apiUrl: api.url })));
  assert.deepStrictEqual(
    viaOptions.map((o) => o.ok?.payload.sub),
    tokens.map((_, k) => `user_jwks${k}`),
  );
  let viaClient;
  try {
    viaClient = await burstOf(tokens.map((t) => () => client.verifyToken(t)));
  } finally {
    nativeClient.verifyTokens = verifyClientTokens;
  }
  assert.deepStrictEqual(clientBursts, [11], "a client's calls make a burst too");
  assert.deepStrictEqual(
    viaClient.map((o) => o.ok?.payload.sub),
    tokens.map((_, k) => `user_jwks${k}`),
  );
  const v4Client = v4.createClerkClient({ secretKey: K.DEV_SECRET, apiUrl: api.url });
  const theirs = await burstOf(tokens.map((t) => () => v4Client.verifyToken(t)));
  assert.deepStrictEqual(norm(viaClient), norm(theirs));
  assert.ok(api.jwksFetches().length >= 1);
});

test('bad arguments in a burst reject only their own call', async () => {
  const good = K.mint({ claims: { sub: 'user_good' } });
  const outcomes = await burstOf([
    () => ours.verifyToken(good, { jwtKey: JWT_KEY }),
    () => ours.verifyToken(good, null),
    () => ours.verifyToken(undefined, { jwtKey: JWT_KEY }),
    () => ours.verifyToken(good, { jwtKey: JWT_KEY }),
  ]);
  assert.equal(outcomes[0].ok.payload.sub, 'user_good');
  assert.equal(outcomes[1].error.class, 'TypeError');
  assert.ok('error' in outcomes[2]);
  assert.equal(outcomes[3].ok.payload.sub, 'user_good');
});
