// S13: the interstitial page inlines option values into its <script>. Each value is an
// attacker's string here; the page is run in a VM with a stub browser, which records
// any alert() and what ClerkJS would be given.
import './helpers/setup.mjs';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { ours } from './helpers/diff.mjs';
import * as K from './helpers/auth-keys.mjs';

const PAYLOADS = [
  "';alert(document.domain);'",
  '</script><script>alert(document.domain)</script>',
  "\\';alert(1);//",
  '\u2028alert(1)\u2029',
  '<!--<script>',
  '"onload="alert(1)',
  '${alert(1)}`',
  '&lt;/script&gt;',
];

/** Runs the page's script like a browser would: the HTML parser ends it at the first `</script`. */
function runPage(html) {
  assert.equal(html.match(/<script/gi)?.length, 1, 'the page holds one script element');
  const body = html.slice(html.indexOf('<script>') + 8, html.search(/<\/script/i));
  let alerts = 0;
  const attrs = {};
  const element = { setAttribute: (k, v) => (attrs[k] = v), addEventListener() {} };
  const ctx = {
    alert: () => alerts++,
    console,
    URLSearchParams,
    document: { createElement: () => element, body: { appendChild() {}, innerHTML: '' }, domain: 'app.example' },
  };
  ctx.window = ctx;
  vm.createContext(ctx);
  vm.runInContext(body, ctx);
  return { ctx, attrs, element, alerts: () => alerts };
}

describe('S13: option values inlined into the interstitial page stay data', () => {
  for (const payload of PAYLOADS) {
    test(`payload ${JSON.stringify(payload)}`, async () => {
      const client = ours.createClerkClient({ secretKey: K.DEV_SECRET });
      const html = client.localInterstitial({
        publishableKey: K.PUBLISHABLE_KEY,
        proxyUrl: payload,
        domain: payload,
        signInUrl: payload,
        clerkJSUrl: payload,
        debugData: { message: payload },
      });
      const page = runPage(html);
      assert.equal(page.alerts(), 0);
      assert.equal(page.ctx.__clerk_proxy_url, payload);
      assert.equal(page.ctx.__clerk_domain, payload);
      assert.equal(JSON.stringify(page.ctx.__clerk_debug), JSON.stringify({ message: payload }));
      assert.equal(page.attrs['data-clerk-proxy-url'], payload);
      assert.equal(page.attrs['data-clerk-domain'], payload);
      assert.equal(page.attrs['data-clerk-publishable-key'], K.PUBLISHABLE_KEY);
      assert.equal(page.element.src, payload);
      // ClerkJS gets the sign-in URL as given.
      let loaded;
      page.ctx.Clerk = { load: async (o) => (loaded = o), loaded: false };
      await page.ctx.startClerk();
      assert.equal(loaded.signInUrl, payload);
      assert.equal(page.alerts(), 0);
    });
  }

  test('a publishable key or frontend API carrying a payload stays data too', () => {
    for (const payload of PAYLOADS) {
      const page = runPage(ours.createClerkClient({ secretKey: K.DEV_SECRET }).localInterstitial({ frontendApi: payload }));
      assert.equal(page.alerts(), 0);
      assert.equal(page.ctx.__clerk_frontend_api, payload);
      assert.equal(page.attrs['data-clerk-frontend-api'], payload);
      const keyed = runPage(ours.createClerkClient({ secretKey: K.DEV_SECRET }).localInterstitial({ publishableKey: payload }));
      assert.equal(keyed.attrs['data-clerk-publishable-key'], payload);
    }
  });

  test('ordinary values are inlined unchanged (a v4 page)', () => {
    const html = ours.createClerkClient({ secretKey: K.DEV_SECRET }).localInterstitial({ publishableKey: K.PUBLISHABLE_KEY, proxyUrl: 'https://app.example/__clerk', signInUrl: 'https://accounts.example/sign-in' });
    assert.ok(html.includes("window.__clerk_proxy_url = 'https://app.example/__clerk'"));
    assert.ok(html.includes("signInUrl: 'https://accounts.example/sign-in'"));
  });
});
