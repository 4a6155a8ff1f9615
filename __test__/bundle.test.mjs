// Bundling an app with esbuild: the addon is a `.node` file, which esbuild has no loader for by
// default. README's one-line fixes, `--loader:.node=copy` (the addon is copied beside the bundle)
// and `--external:@clerk/clerk-sdk-node` (the package stays in node_modules), give a bundle that
// runs and makes an API call against a loopback Backend API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, cpSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBapi } from './helpers/bapi.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const esbuild = join(root, 'node_modules', 'esbuild', 'bin', 'esbuild');
// esbuild is installed for the machine npm ran on; under another platform's Node (the suite
// run by `npm run test:platforms -- --full`) its own check refuses to start.
const skip = !existsSync(esbuild) ? 'esbuild is not installed' : foreignEsbuild();
function foreignEsbuild() {
  try {
    execFileSync(process.execPath, [esbuild, '--version'], { stdio: 'pipe' });
  } catch (e) {
    if (/for another platform/.test(String(e.stderr))) return `esbuild is installed for another platform than this Node's (${process.platform} ${process.arch})`;
  }
  return false;
}
const run = promisify(execFile);

let dir;
let bapi;

before(async () => {
  if (skip) return;
  bapi = await startBapi();
  dir = mkdtempSync(join(tmpdir(), 'clerk-bundle-'));
  mkdirSync(join(dir, 'app', 'node_modules', '@clerk'), { recursive: true });
  symlinkSync(root, join(dir, 'app', 'node_modules', '@clerk', 'clerk-sdk-node'), 'dir');
  writeFileSync(
    join(dir, 'app', 'server.mjs'),
    `import clerkClient, { createClerkClient } from '@clerk/clerk-sdk-node';
const clerk = createClerkClient({ secretKey: 'sk_test_bundled', apiUrl: process.env.API_URL });
clerk.users.getUser('user_bundled').then((user) => {
  console.log(JSON.stringify({ id: user.id, isUser: user.constructor.name, defaultClient: typeof clerkClient.users.getUserList }));
});
`,
  );
});

after(async () => {
  await bapi?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Run as a program: npm's install of esbuild may replace this JS shim with the native binary.
const bundle = (outdir, ...flags) =>
  run(esbuild, ['server.mjs', '--bundle', '--platform=node', '--format=cjs', '--log-level=error', `--outdir=${outdir}`, ...flags], {
    cwd: join(dir, 'app'),
  });

async function runBundle(file, cwd) {
  const { stdout } = await run(process.execPath, [file], { cwd, env: { PATH: process.env.PATH, API_URL: bapi.url } });
  return JSON.parse(stdout);
}

test('without a fix esbuild stops on the addon, as README says', { skip }, async () => {
  await assert.rejects(bundle(join(dir, 'plain')), /No loader is configured for "\.node" files/);
});

test('esbuild --loader:.node=copy: the bundle and the copied addon run on their own, away from node_modules', { skip }, async () => {
  await bundle(join(dir, 'copy'), '--loader:.node=copy');
  const alone = join(dir, 'deployed');
  cpSync(join(dir, 'copy'), alone, { recursive: true });
  assert.ok(readdirSync(alone).some((f) => f.endsWith('.node')), 'the addon is copied beside the bundle');
  bapi.take();
  assert.deepEqual(await runBundle(join(alone, 'server.js'), tmpdir()), { id: 'user_bundled', isUser: 'User', defaultClient: 'function' });
  const [call] = bapi.take();
  assert.equal(`${call.method} ${call.path} ${call.headers.authorization}`, 'GET /v1/users/user_bundled Bearer sk_test_bundled');
});

test('esbuild --external:@clerk/clerk-sdk-node: the bundle runs with the package left in node_modules', { skip }, async () => {
  await bundle(join(dir, 'app', 'dist'), '--external:@clerk/clerk-sdk-node');
  bapi.take();
  assert.deepEqual(await runBundle(join(dir, 'app', 'dist', 'server.js'), join(dir, 'app')), { id: 'user_bundled', isUser: 'User', defaultClient: 'function' });
  assert.equal(bapi.take().length, 1);
});
