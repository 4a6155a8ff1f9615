// The README's "In your app's tests" example, as a Jest test file (Jest's globals instead
// of node:test's, require instead of import).
const assert = require('node:assert/strict');
const { once } = require('node:events');
const express = require('express');
const { startEmulator } = require('@clerk/clerk-sdk-node/emulator');
const { default: clerkClient, ClerkExpressRequireAuth } = require('@clerk/clerk-sdk-node');

let emulator, server, appUrl;
beforeAll(async () => {
  emulator = await startEmulator();
  process.env.CLERK_API_URL = emulator.url;
  process.env.CLERK_SECRET_KEY = emulator.secretKey;
  process.env.CLERK_PUBLISHABLE_KEY = emulator.publishableKey;
  const app = express(); // your app
  app.get('/me', ClerkExpressRequireAuth(), (req, res) => res.json({ userId: req.auth.userId }));
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  appUrl = `http://127.0.0.1:${server.address().port}`;
});
afterAll(async () => {
  server.close();
  await emulator.stop();
});

test('GET /me answers the signed-in user', async () => {
  const user = await clerkClient.users.createUser({ emailAddress: ['ada@example.com'], firstName: 'Ada' });
  const { token } = await emulator.signIn(user.id);
  const res = await fetch(`${appUrl}/me`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).userId, user.id);
});

// Beyond the README: what Jest's per-file copy of process.env must also give.
test('the key lives only in the copy of process.env Jest gives this file, not in the C environment', () => {
  expect(process.env.CLERK_SECRET_KEY).toBe(emulator.secretKey);
  expect(require('../../lib/native.js').environValue('CLERK_SECRET_KEY') ?? undefined).toBeUndefined();
});

test('a request without a token is refused, one with a token of another user is that user', async () => {
  const res = await fetch(`${appUrl}/me`);
  expect(res.status).toBe(401);
  const other = await clerkClient.users.createUser({ emailAddress: ['grace@example.com'], firstName: 'Grace' });
  const { token } = await emulator.signIn(other.id);
  const again = await fetch(`${appUrl}/me`, { headers: { authorization: `Bearer ${token}` } });
  expect((await again.json()).userId).toBe(other.id);
});
