// A developer clicks through a cookie-authenticated v4 Express app against the emulator, in
// a real headless Chromium (Debian's; `.ci/run` installs it): the first visit goes through
// the interstitial page and the emulator's clerk-js to "signed out"; signing in on the
// emulator's page sets the __session and __client_uat cookies for the host (any port),
// and the app, through the interstitial again, sees the user. With the publishable key
// (local interstitial, CLERK_JS naming the emulator's clerk-js) and without it (v4 then
// asks the emulator's /v1/internal/interstitial), for this package and for 4.13.23.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';

const require = createRequire(import.meta.url);
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
let playwright;
try {
  playwright = require('playwright-core');
} catch {}
const skip =
  (!CHROMIUM && 'no Chromium at /usr/bin/chromium (Debian: apt-get install chromium; .ci/run does)') ||
  (!playwright && 'playwright-core is not installed');

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('a browser signs in through the emulator and a v4 Express app sees the session', { skip }, () => {
  let emulator;
  let browser;
  let profile;
  const saved = {};
  before(async () => {
    const { startEmulator } = require('../emulator.js');
    emulator = await startEmulator();
    for (const name of ['CLERK_API_URL', 'CLERK_SECRET_KEY', 'CLERK_PUBLISHABLE_KEY', 'CLERK_JS', 'NODE_ENV']) saved[name] = process.env[name];
    process.env.CLERK_API_URL = emulator.url;
    process.env.CLERK_SECRET_KEY = emulator.secretKey;
    process.env.NODE_ENV = 'test';
    profile = mkdtempSync(join(tmpdir(), 'clerk-chromium-'));
    browser = await playwright.chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  });
  after(async () => {
    await browser?.close();
    await emulator?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  for (const [sdkName, load] of [
    ['this package', () => require('../index.js')],
    ['4.13.23', () => require('clerk-v4')],
  ]) {
    // Without the key first: 4.13.23's default client keeps the publishable key it was created with.
    for (const withKey of [false, true]) {
      test(`${sdkName}, ${withKey ? 'with CLERK_PUBLISHABLE_KEY and CLERK_JS (local interstitial)' : 'without a publishable key (the emulator\'s /v1/internal/interstitial)'}`, async () => {
        if (withKey) {
          process.env.CLERK_PUBLISHABLE_KEY = emulator.publishableKey;
          process.env.CLERK_JS = `${emulator.url}/npm/@clerk/clerk-js@4/dist/clerk.browser.js`;
        } else {
          delete process.env.CLERK_PUBLISHABLE_KEY;
          delete process.env.CLERK_JS;
        }
        const sdk = load();
        const user = await sdk.createClerkClient({ secretKey: emulator.secretKey, apiUrl: emulator.url }).users.createUser({
          emailAddress: [`ada.${sdkName.replace(/\W/g, '')}.${withKey}@example.com`],
          firstName: 'Ada',
          lastName: 'Lovelace',
        });
        const app = express();
        app.get('/', sdk.ClerkExpressWithAuth(), (req, res) => res.type('text').send(req.auth.userId ? `signed in as ${req.auth.userId}` : 'signed out'));
        app.get('/private', sdk.ClerkExpressRequireAuth(), (req, res) => res.type('text').send(`private page of ${req.auth.userId}`));
        app.use((err, req, res, next) => res.status(401).type('text').send(`refused: ${err.message}`));
        const server = app.listen(0, '127.0.0.1');
        await new Promise((r) => server.once('listening', r));
        const appUrl = `http://127.0.0.1:${server.address().port}`;
        await browser.clearCookies();
        const page = await browser.newPage();
        const interstitials = [];
        const consoleLines = [];
        page.on('console', (m) => consoleLines.push(m.text()));
        page.on('requestfailed', (r) => consoleLines.push(`failed ${r.url()} ${r.failure()?.errorText}`));
        page.on('response', (r) => {
          if (r.status() === 401 && r.headers()['x-clerk-auth-status'] === 'interstitial') interstitials.push(r.headers()['x-clerk-auth-reason']);
        });
        try {
          // First visit: no cookies. The interstitial loads the emulator's clerk-js, which marks
          // the browser signed out and reloads.
          await page.goto(`${appUrl}/`);
          await page.waitForFunction(() => document.body && /signed (in|out)/.test(document.body.innerText), null, { timeout: 15_000 });
          assert.equal((await page.innerText('body')).trim(), 'signed out');
          assert.deepEqual(interstitials, ['uat-missing']);
          assert.equal((await browser.cookies(appUrl)).find((c) => c.name === '__client_uat')?.value, '0');

          // The emulator's sign-in page lists the user; signing in sends the browser back.
          await page.goto(`${emulator.url}/sign-in?redirect_url=${encodeURIComponent(`${appUrl}/`)}`);
          await page.click(`text=Sign in as Ada Lovelace · ada.${sdkName.replace(/\W/g, '')}.${withKey}@example.com`);
          await page.waitForFunction(() => document.body && /^signed in as/.test(document.body.innerText), null, { timeout: 15_000 });
          assert.equal((await page.innerText('body')).trim(), `signed in as ${user.id}`);
          const cookies = Object.fromEntries((await browser.cookies(appUrl)).map((c) => [c.name, c.value]));
          assert.match(cookies.__session, /^eyJ/);
          assert.notEqual(cookies.__client_uat, '0');

          // A page behind RequireAuth, with the cookie the browser now has.
          await page.goto(`${appUrl}/private`);
          assert.equal((await page.innerText('body')).trim(), `private page of ${user.id}`);
        } catch (err) {
          err.message += `\n  page ${page.url()} says: ${(await page.innerText('body').catch(() => '?')).slice(0, 300)}\n  interstitials: ${interstitials.join(', ')}\n  console: ${consoleLines.join('\n')}`;
          throw err;
        } finally {
          await page.close();
          server.close();
        }
      });
    }
  }
});
