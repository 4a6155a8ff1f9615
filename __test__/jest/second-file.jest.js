// A second test file with its own emulator and keys. Run in the same thread as the first
// (`--runInBand`), it checks that one file's process.env never answers for another's.
const { startEmulator } = require('@clerk/clerk-sdk-node/emulator');
const { clerkClient, createClerkClient } = require('@clerk/clerk-sdk-node');

let emulator;
beforeAll(async () => {
  emulator = await startEmulator();
  process.env.CLERK_API_URL = emulator.url;
  process.env.CLERK_SECRET_KEY = emulator.secretKey;
});
afterAll(() => emulator.stop());

test('the default client and a new one use this file’s emulator', async () => {
  const created = await clerkClient.users.createUser({ emailAddress: ['lin@example.com'] });
  const listed = await createClerkClient().users.getUserList();
  expect(listed.map((u) => u.id)).toEqual([created.id]);
});

test('a key removed from this file’s process.env is gone for the next call', async () => {
  delete process.env.CLERK_SECRET_KEY;
  await expect(createClerkClient().users.getUserList()).rejects.toThrow(/Missing Clerk Secret Key/);
  process.env.CLERK_SECRET_KEY = emulator.secretKey;
});

test('verifyToken of the default client reads CLERK_JWT_KEY from this file’s process.env', async () => {
  const user = await clerkClient.users.createUser({ emailAddress: ['kay@example.com'] });
  const { token } = await emulator.signIn(user.id);
  process.env.CLERK_JWT_KEY = emulator.jwtKey;
  try {
    expect((await clerkClient.verifyToken(token)).sub).toBe(user.id);
  } finally {
    delete process.env.CLERK_JWT_KEY;
  }
});
