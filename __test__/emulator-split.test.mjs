// The emulator is its own addon: the SDK's entries never load it, and the SDK's addon
// carries no HTTP server, no emulator and no test probe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SDK_NODE = 'clerk-sdk-node-rs.linux-x64-gnu.node';
const EMULATOR_NODE = 'clerk-emulator.linux-x64-gnu.node';

// Runs `source` in a fresh Node (CommonJS unless `esm`), from the package root, and returns
// the shared objects its process mapped after the source ran, and what the source printed.
function mappedAfter(source, { esm = false } = {}) {
  const tail = `
    const maps = require('node:fs').readFileSync('/proc/self/maps', 'utf8');
    const files = [...new Set(maps.split('\\n').map((l) => l.split(/\\s+/)[5]).filter((f) => f && f.endsWith('.node')))];
    console.log(JSON.stringify({ files: files.map((f) => f.split('/').pop()), out: globalThis.out }));
  `;
  const code = esm
    ? `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);\n${source}\n${tail}`
    : `(async () => {\n${source}\n${tail}\n})();`;
  const r = spawnSync(process.execPath, ['--input-type', esm ? 'module' : 'commonjs', '-e', code], {
    cwd: root,
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', CLERK_SECRET_KEY: 'sk_test_split' },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2ln';

test('require of the main entry, and a native call, load the SDK addon and never the emulator', () => {
  const { files, out } = mappedAfter(`
    const sdk = require('./index.js');
    const Clerk = require('./cjs/instance.js').default;
    globalThis.out = [sdk.decodeJwt('${TOKEN}').payload.sub, typeof Clerk({ secretKey: 'sk_test_x' }).users.getUser];
  `);
  assert.deepEqual(out, ['user_1', 'function']);
  assert.ok(files.includes(SDK_NODE), files.join(', '));
  assert.ok(!files.includes(EMULATOR_NODE), files.join(', '));
});

test('import of the ESM entries loads the SDK addon and never the emulator', () => {
  const { files, out } = mappedAfter(`
    const { decodeJwt } = await import('./index.mjs');
    await import('./esm/instance.mjs');
    globalThis.out = decodeJwt('${TOKEN}').payload.sub;
  `, { esm: true });
  assert.equal(out, 'user_1');
  assert.ok(files.includes(SDK_NODE), files.join(', '));
  assert.ok(!files.includes(EMULATOR_NODE), files.join(', '));
});

test('the /emulator entry loads the emulator addon, which serves on threads of its own', () => {
  const { files, out } = mappedAfter(`
    const { startEmulator } = require('./emulator.js');
    const emu = await startEmulator();
    const fs = require('node:fs');
    const threads = fs.readdirSync('/proc/self/task').map((t) => fs.readFileSync('/proc/self/task/' + t + '/comm', 'utf8').trim());
    globalThis.out = { url: emu.url.startsWith('http://127.0.0.1:'), emulatorThreads: threads.filter((t) => t === 'clerk-emulator').length };
    await emu.stop();
  `);
  assert.equal(out.url, true);
  assert.ok(out.emulatorThreads >= 1, JSON.stringify(out));
  assert.ok(files.includes(EMULATOR_NODE), files.join(', '));
});

test("the SDK addon exports no emulator and no test probe, and holds none of the server's code", () => {
  const binding = createRequire(import.meta.url)('../binding.js');
  assert.equal(typeof binding.endpointTable, 'function', 'the binding loaded');
  for (const name of ['startEmulator', 'NativeEmulator', 'panicProbe']) assert.equal(binding[name], undefined, name);
  // Stripped of symbols, a linked crate still leaves its source paths (panic locations).
  const sdk = readFileSync(join(root, SDK_NODE));
  const emulator = readFileSync(join(root, EMULATOR_NODE));
  assert.ok(emulator.includes('axum-'), 'control: the emulator addon does carry axum');
  assert.ok(!sdk.includes('axum-'), 'the SDK addon links axum');
  assert.ok(!sdk.includes('crates/emulator/src'), 'the SDK addon links emulator code');
});
