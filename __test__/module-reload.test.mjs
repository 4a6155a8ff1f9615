// Jest loads the SDK's JavaScript anew for every test file while the native addon stays
// loaded (jest-runtime requires `.node` files through Node's own cache). A fresh module
// instance must not inherit another's key caches (S2: per instance): two emulators in turn
// on the same port with the same secret key, one module load each, both verify their
// tokens (the second used to fail with jwk-remote-missing, as 4.13.23 does not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const script = `
const root = ${JSON.stringify(root)};
// Jest's registry: every JS file of the package anew, the addons from Node's cache.
function freshSdk() {
  for (const k of Object.keys(require.cache)) {
    if (k.startsWith(root) && !k.includes('node_modules') && !k.endsWith('.node')) delete require.cache[k];
  }
  return require(root + 'index.js');
}
(async () => {
  const { startEmulator } = require(root + 'emulator.js');
  const out = [];
  let port = 0;
  for (const round of [1, 2]) {
    const emulator = await startEmulator({ port, secretKey: 'sk_test_sameKeyForBothEmulators' });
    port = emulator.port;
    const sdk = freshSdk();
    const clerk = sdk.createClerkClient({ secretKey: emulator.secretKey, apiUrl: emulator.url });
    const user = await clerk.users.createUser({ emailAddress: ['ada' + round + '@example.com'] });
    const { token } = await emulator.signIn(user.id);
    for (const verify of [() => clerk.verifyToken(token), () => sdk.verifyToken(token, { secretKey: emulator.secretKey, apiUrl: emulator.url })]) {
      try {
        out.push((await verify()).sub === user.id ? 'verified' : 'wrong user');
      } catch (e) {
        out.push(e.reason || e.message);
      }
    }
    await emulator.stop();
  }
  console.log(JSON.stringify(out));
})();
`;

test('a fresh load of the SDK module (as Jest does per test file) does not inherit the key caches of the last', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { cwd: root, env: { PATH: process.env.PATH, NODE_ENV: 'test' } });
  assert.deepEqual(JSON.parse(stdout), ['verified', 'verified', 'verified', 'verified']);
});
