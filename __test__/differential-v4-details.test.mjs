// Details a v4 app can observe, compared with 4.13.23 itself: the deprecated pkgVersion
// choosing the clerk-js version of the interstitial.
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

