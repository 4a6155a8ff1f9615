// Attacks on the app's memory, measured in a child process (its peak RSS before and
// after): a hostile API or key server whose answer never ends (S12), and a flood of
// clients with distinct secret keys against the JWKS caches. Every loop is bounded in
// count and time; the hostile servers stop at 512 MB per answer so that even code that
// buffers everything cannot take the machine down.
import './helpers/setup.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import * as K from './helpers/auth-keys.mjs';
import { hostile, json } from './helpers/hostile.mjs';
import { runNode, MAIN_DIR } from './helpers/auth-servers.mjs';

const INDEX = pathToFileURL(`${MAIN_DIR}index.js`).href;
const MB = 1024 * 1024;
const STOP_AT = 512 * MB;

/** A 200 answer that streams until the client stops reading (or 512 MB). */
function flood(res, contentType = 'application/json') {
  res.writeHead(200, { 'content-type': contentType });
  const chunk = Buffer.alloc(256 * 1024, 0x20);
  let sent = 0;
  res.write('{"keys":[');
  const pump = () => {
    while (!res.destroyed && sent < STOP_AT) {
      sent += chunk.length;
      if (!res.write(chunk)) return res.once('drain', pump);
    }
    if (!res.destroyed) res.end(']}');
  };
  res.on('error', () => {});
  pump();
}

/** Runs `body` (an async function's text, given `sdk`) in a child; its peak RSS growth in MB. */
async function inChild(body, env = {}, timeoutMs = 60000) {
  const code = `
    const sdk = (await import(${JSON.stringify(INDEX)})).default;
    const peak = () => process.resourceUsage().maxRSS / 1024;
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 50));
    const before = peak();
    const out = await (async () => { ${body} })();
    console.log(JSON.stringify({ ...out, grownMb: peak() - before, ms: Date.now() - started }));`;
  const r = await runNode(code, env, timeoutMs);
  assert.equal(r.code, 0, `child exited ${r.code} ${r.signal ?? ''}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const errorOf = `async (p) => { try { await p; return { ok: true }; } catch (e) { return { reason: e.reason, message: String(e.message), errors: e.errors?.map((x) => x.message) }; } }`;

describe('S12: answers are capped while they stream', () => {
  let server;
  before(async () => {
    server = await hostile((req, res) => {
      if (req.url.startsWith('/declared')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(300 * MB) });
        res.write('{');
        return;
      }
      flood(res, req.url.includes('interstitial') ? 'text/html' : 'application/json');
    });
  });
  after(() => server.close());

  test('a JWKS answer that never ends is refused at 1 MB, memory stays flat', async () => {
    const r = await inChild(`
      const err = await (${errorOf})(sdk.verifyToken(${JSON.stringify(K.mint())}, { secretKey: 'sk_test_endless', apiUrl: ${JSON.stringify(server.url)} }));
      return err;`);
    assert.equal(r.reason, 'jwk-remote-failed-to-load');
    assert.match(r.message, /larger than 1 MB/);
    assert.ok(r.grownMb < 48, `peak RSS grew ${r.grownMb} MB`);
    assert.ok(r.ms < 10000, `${r.ms} ms`);
  });

  test('an API answer that never ends is refused at 64 MB, memory stays bounded', async () => {
    const r = await inChild(`
      const c = sdk.createClerkClient({ secretKey: 'sk_test_endless', apiUrl: ${JSON.stringify(server.url)}, maxRetries: 0 });
      return (${errorOf})(c.users.getUserList());`);
    assert.match(r.message + (r.errors ?? []).join(' '), /larger than 64 MB/);
    assert.ok(r.grownMb < 64 + 96, `peak RSS grew ${r.grownMb} MB`);
  });

  test('a declared length over 64 MB is refused before the body is read', async () => {
    const r = await inChild(`
      const c = sdk.createClerkClient({ secretKey: 'sk_test_endless', apiUrl: ${JSON.stringify(`${server.url}/declared`)}, maxRetries: 0, timeoutMs: 20000 });
      return (${errorOf})(c.users.getUserList());`);
    assert.match(r.message + (r.errors ?? []).join(' '), /larger than 64 MB/);
    assert.ok(r.ms < 10000, `${r.ms} ms: the declared length was not believed`);
  });

  test('remotePublicInterstitial: an endless page is refused at 64 MB', async () => {
    const r = await inChild(`
      const c = sdk.createClerkClient({ secretKey: 'sk_test_endless', apiUrl: ${JSON.stringify(server.url)} });
      return (${errorOf})(c.remotePublicInterstitial({ publishableKey: ${JSON.stringify(K.PUBLISHABLE_KEY)} }));`);
    assert.match(r.message, /larger than 64 MB/);
    assert.ok(r.grownMb < 64 + 128, `peak RSS grew ${r.grownMb} MB`);
  });
});

describe('JWKS caches are bounded', () => {
  let bapi;
  before(async () => {
    bapi = await hostile((req, res) => json(res, K.jwks([K.keys().a, 'ins_kidA'], [K.keys().b, 'ins_kidB'])));
  });
  after(() => bapi.close());

  test('16,000 clients with distinct secret keys do not grow RSS with their number', async () => {
    const r = await inChild(
      `
      const token = ${JSON.stringify(K.mint())};
      const run = async (from, to) => {
        for (let i = from; i < to; i += 64) {
          await Promise.all(Array.from({ length: Math.min(64, to - i) }, (_, j) =>
            sdk.createClerkClient({ secretKey: 'sk_test_' + (i + j), apiUrl: ${JSON.stringify(bapi.url)} }).verifyToken(token)));
        }
      };
      await run(0, 3000);
      globalThis.gc?.();
      const warm = process.memoryUsage().rss / 1048576;
      await run(3000, 16000);
      globalThis.gc?.();
      return { warm, end: process.memoryUsage().rss / 1048576 };`,
      {},
      180000,
    );
    // 13,000 more key sources at ~6 KB each would be ~80 MB (0.1.0: 103 -> 227 MB).
    assert.ok(r.end - r.warm < 30, `RSS ${r.warm.toFixed(0)} -> ${r.end.toFixed(0)} MB`);
  });
});
