// Each verifyToken call is judged with the options and the environment of the moment it
// was made, also when it waits for the end of the turn to be verified in a burst with
// the calls around it (lib/tokens.js): a key switched later in the same turn must not
// decide an earlier call.
import './helpers/setup.mjs';
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { ours } from './helpers/diff.mjs';
import * as K from './helpers/auth-keys.mjs';

const KEYS = K.keys();
const REAL_ENV = process.env;
afterEach(() => {
  process.env = REAL_ENV;
  delete REAL_ENV.CLERK_JWT_KEY;
});

const outcome = (p) => p.then((payload) => payload.sub, (err) => err.reason || err.message);

for (const how of ['the real process.env', 'a replaced process.env']) {
  test(`a token signed by key B is rejected for a call made while CLERK_JWT_KEY was A (${how})`, async () => {
    if (how !== 'the real process.env') process.env = { ...REAL_ENV };
    const tokenA = K.mint({ key: KEYS.a });
    const tokenB = K.mint({ key: KEYS.b });
    process.env.CLERK_JWT_KEY = KEYS.a.pem;
    const calls = [
      ours.clerkClient.verifyToken(tokenA), // the first of the turn: verified at once
      ours.clerkClient.verifyToken(tokenB), // waits for the burst: still judged with A
      ours.clerkClient.verifyToken(tokenA),
    ];
    process.env.CLERK_JWT_KEY = KEYS.b.pem;
    calls.push(ours.clerkClient.verifyToken(tokenB), ours.clerkClient.verifyToken(tokenA));
    assert.deepEqual(await Promise.all(calls.map(outcome)), [
      K.USER_ID,
      'token-invalid-signature',
      K.USER_ID,
      K.USER_ID,
      'token-invalid-signature',
    ]);
  });
}

test('a key given to a createClerkClient instance and switched by a setter later in the turn', async () => {
  const client = ours.createClerkClient({ jwtKey: KEYS.a.pem });
  const tokenB = K.mint({ key: KEYS.b });
  const first = client.verifyToken(K.mint({ key: KEYS.a }));
  const late = client.verifyToken(tokenB, { jwtKey: undefined });
  // A key in the environment does not win over the client's own option.
  process.env.CLERK_JWT_KEY = KEYS.b.pem;
  assert.deepEqual(await Promise.all([outcome(first), outcome(late)]), [K.USER_ID, 'token-invalid-signature']);
});

test('the free verifyToken keeps each call’s own options, even when the caller mutates the object later', async () => {
  const options = { jwtKey: KEYS.a.pem };
  const calls = [ours.verifyToken(K.mint({ key: KEYS.a }), options), ours.verifyToken(K.mint({ key: KEYS.b }), options)];
  options.jwtKey = KEYS.b.pem;
  calls.push(ours.verifyToken(K.mint({ key: KEYS.b }), options));
  assert.deepEqual(await Promise.all(calls.map(outcome)), [K.USER_ID, 'token-invalid-signature', K.USER_ID]);
});
