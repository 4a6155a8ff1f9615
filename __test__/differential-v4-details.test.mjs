// Details a v4 app can observe, compared with 4.13.23 itself: req.auth.debug() through the
// Express middlewares (keys in v4's order, `request`, `searchParams`, `signInUrl: ''`), the
// deprecated pkgVersion choosing the clerk-js version of the interstitial, and the
// deprecation warnings (text and moment), each captured in a fresh process.
import './helpers/setup.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import { ours, v4 } from './helpers/diff.mjs';
import { withEnv } from './helpers/setup.mjs';
import { runNode, startAuthBapi } from './helpers/auth-servers.mjs';
import * as K from './helpers/auth-keys.mjs';

const CURL = 'curl/8.5.0';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

/** debug() as comparable data: every key in order, Request and URLSearchParams described. */
function describeDebug(d, port) {
  const out = [];
  for (const [k, v] of Object.entries(d)) {
    let shown;
    if (v instanceof Request) shown = { Request: v.url.replace(`:${port}`, ':<port>'), method: v.method, headers: [...v.headers].map(([h]) => h).sort() };
    else if (v instanceof URLSearchParams) shown = { URLSearchParams: v.toString() };
    else if (k === 'apiUrl') shown = '<D1: api.clerk.com for ours, api.clerk.dev for v4>';
    else if (typeof v === 'string') shown = v.replace(`:${port}`, ':<port>');
    else shown = v === undefined ? '<undefined>' : v;
    out.push([k, shown]);
  }
  return out;
}

/** GET `path` of an Express app with `middleware` of `sdk`; resolves to req.auth.debug() described. */
async function debugThrough(sdk, make, path, headers) {
  const app = express();
  let seen;
  app.get('*', make(sdk), (req, res) => {
    seen = req.auth.debug();
    res.end();
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = server.address().port;
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    assert.equal(res.status, 200);
    return describeDebug(seen, port);
  } finally {
    server.close();
  }
}

describe('req.auth.debug() through the middlewares, as 4.13.23 gives it', () => {
  const env = { CLERK_SECRET_KEY: K.DEV_SECRET, CLERK_PUBLISHABLE_KEY: K.PUBLISHABLE_KEY, CLERK_JWT_KEY: undefined, CLERK_SIGN_IN_URL: undefined };
  const cases = [
    ['signed out (a non-browser request without a token)', () => ({ 'user-agent': CURL, origin: 'http://127.0.0.1', 'x-forwarded-proto': 'http' })],
    ['signed in with a Bearer token', () => ({ 'user-agent': CURL, authorization: `Bearer ${K.mint()}` })],
    ['signed in with the session cookie', () => ({ 'user-agent': BROWSER, cookie: `__session=${K.mint()}; __client_uat=${K.nowSeconds() - 60}` })],
  ];
  for (const [name, headers] of cases) {
    for (const [mw, make] of [
      ['ClerkExpressWithAuth', (sdk) => sdk.ClerkExpressWithAuth({ jwtKey: K.keys().a.pem })],
      ['ClerkExpressRequireAuth', (sdk) => sdk.ClerkExpressRequireAuth({ jwtKey: K.keys().a.pem })],
    ]) {
      if (mw === 'ClerkExpressRequireAuth' && name.startsWith('signed out')) continue;
      test(`${mw}, ${name}: same keys in the same order, request, searchParams and signInUrl`, async () => {
        await withEnv(env, async () => {
          const h = headers();
          const theirs = await debugThrough(v4, make, '/dashboard?tab=1', h);
          const mine = await debugThrough(ours, make, '/dashboard?tab=1', h);
          assert.deepStrictEqual(mine, theirs);
          const keys = Object.fromEntries(mine);
          assert.deepEqual(keys.request.Request, 'http://127.0.0.1:<port>/dashboard');
          assert.deepEqual(keys.searchParams, { URLSearchParams: '' });
          assert.equal(keys.signInUrl, '');
        });
      });
    }
  }
});

describe('pkgVersion (deprecated) chooses the clerk-js version, as in 4.13.23', () => {
  const scriptSrc = (html) => /script\.src = '([^']*)'/.exec(html)?.[1];
  const versions = [undefined, '', '5.2.0', '3', '4.1.0', '.9'];
  for (const publishableKey of [K.PUBLISHABLE_KEY, `pk_test_${Buffer.from('foo-bar-13.clerk.accountsstage.dev$').toString('base64')}`]) {
    for (const pkgVersion of versions) {
      test(`pkgVersion ${JSON.stringify(pkgVersion)}, ${publishableKey === K.PUBLISHABLE_KEY ? 'dev' : 'staging'} key: local page script and remote URL`, () => {
        const opts = { publishableKey, pkgVersion };
        const make = (sdk) => sdk.createClerkClient({ secretKey: K.DEV_SECRET, apiUrl: 'https://api.example.com' });
        const [a, b] = [make(v4), make(ours)];
        assert.equal(scriptSrc(b.localInterstitial({ ...opts })), scriptSrc(a.localInterstitial({ ...opts })));
        assert.equal(b.remotePublicInterstitialUrl({ ...opts, apiUrl: 'https://api.example.com' }), a.remotePublicInterstitialUrl({ ...opts, apiUrl: 'https://api.example.com' }));
        // With clerkJSVersion given, pkgVersion does not count.
        assert.equal(scriptSrc(b.localInterstitial({ ...opts, clerkJSVersion: '4.70.0' })), scriptSrc(a.localInterstitial({ ...opts, clerkJSVersion: '4.70.0' })));
      });
    }
  }
  test('pkgVersion 5.1.0 gives clerk-js@5 on the local page and in the remote URL', () => {
    const c = ours.createClerkClient({ secretKey: K.DEV_SECRET });
    assert.match(c.localInterstitial({ publishableKey: K.PUBLISHABLE_KEY, pkgVersion: '5.1.0' }), /@clerk\/clerk-js@5\/dist/);
    assert.match(c.remotePublicInterstitialUrl({ publishableKey: K.PUBLISHABLE_KEY, pkgVersion: '5.1.0', apiUrl: 'https://api.clerk.com' }), /clerk_js_version=5&/);
  });
});

/**
 * Runs `body` (an async function's text, given `sdk`) in a fresh process with each SDK and
 * resolves to { v4, ours }: the console.warn lines each printed, with the step they came in.
 */
async function warningsOf(body, env = {}) {
  const out = {};
  for (const [name, spec] of [['v4', 'clerk-v4'], ['ours', './index.js']]) {
    const code = `
      const { createRequire } = await import('node:module');
      const require = createRequire(process.cwd() + '/');
      const log = [];
      let step = 'load';
      console.warn = (...args) => log.push(step + ': ' + args.join(' '));
      const sdk = require(${JSON.stringify(spec)});
      const mark = (s) => { step = s; };
      try { await (${body})(sdk, mark); } catch (e) { log.push(step + ': threw ' + e.message); }
      process.stdout.write(JSON.stringify(log));
    `;
    const r = await runNode(code, { NODE_ENV: 'development', ...env });
    assert.equal(r.code, 0, r.stderr);
    out[name] = JSON.parse(r.stdout);
  }
  return out;
}

describe('deprecation warnings: v4 text and moment', () => {
  let bapi;
  before(async () => {
    bapi = await startAuthBapi();
  });
  after(() => bapi.close());

  test("setClerkServerApiUrl() warns that it is deprecated for __unstable_options", async () => {
    const r = await warningsOf(`async (sdk, mark) => { mark('call'); sdk.setClerkServerApiUrl('${bapi.url}'); }`, { CLERK_SECRET_KEY: 'sk_test_x' });
    assert.deepEqual(r.ours, r.v4);
    assert.ok(r.v4.some((l) => l.startsWith('call: ') && l.includes('__unstable_options')), r.v4.join('\n'));
  });

  test('with only CLERK_API_KEY, the apiKey warning comes at the first call, not at import', async () => {
    const r = await warningsOf(
      `async (sdk, mark) => { mark('import done'); await new Promise((r) => setTimeout(r, 10)); mark('call'); await sdk.users.getUser('user_1').catch(() => {}); mark('second call'); await sdk.users.getUser('user_1').catch(() => {}); }`,
      { CLERK_API_KEY: 'test_legacyKey', CLERK_API_URL: bapi.url },
    );
    assert.deepEqual(r.ours, r.v4);
    // v4: CLERK_API_KEY at import, apiKey at the first call (once).
    assert.deepEqual(r.v4.map((l) => l.split(' is deprecated')[0]), ['load: Clerk - DEPRECATION WARNING: "CLERK_API_KEY"', 'call: Clerk - DEPRECATION WARNING: "apiKey"']);
  });

  test('createClerkClient({ apiKey }) warns at its first request, not at construction', async () => {
    const r = await warningsOf(
      `async (sdk, mark) => { mark('construct'); const c = sdk.createClerkClient({ apiKey: 'test_legacyKey', apiUrl: '${bapi.url}' }); mark('request'); await c.users.getUser('user_1').catch(() => {}); }`,
    );
    assert.deepEqual(r.ours, r.v4);
    assert.ok(r.v4.some((l) => l.startsWith('request: ') && l.includes('"apiKey"')), r.v4.join('\n'));
  });

  test('pkgVersion warns as v4 does in localInterstitial and remotePublicInterstitialUrl', async () => {
    const r = await warningsOf(
      `async (sdk, mark) => { const c = sdk.createClerkClient({ secretKey: 'sk_test_x' }); mark('local'); c.localInterstitial({ publishableKey: '${K.PUBLISHABLE_KEY}', pkgVersion: '5.0.0' }); mark('url'); c.remotePublicInterstitialUrl({ publishableKey: '${K.PUBLISHABLE_KEY}', pkgVersion: '5.0.0', apiUrl: 'https://api.example.com' }); }`,
    );
    assert.deepEqual(r.ours, r.v4);
  });
});
