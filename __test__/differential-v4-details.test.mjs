// Details a v4 app can observe, compared with 4.13.23 itself: req.auth.debug() through the
// Express middlewares (keys in v4's order, `request`, `searchParams`, `signInUrl: ''`) and the
// deprecated pkgVersion choosing the clerk-js version of the interstitial.
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

