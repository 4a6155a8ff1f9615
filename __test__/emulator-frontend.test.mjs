// The emulator as the instance's Frontend API: its publishable key names its own host, its
// tokens' issuer is under its URL (so `verifyToken(token, { issuer })` fetches
// `{issuer}/.well-known/jwks.json` from it, offline), it serves the interstitial page v4
// asks for without a publishable key (`/v1/internal/interstitial`), and every answer
// carries a trace id as Clerk's do. Both SDKs, the same emulator.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import express from 'express';
import { runNode } from './helpers/auth-servers.mjs';

const require = createRequire(import.meta.url);
const { startEmulator } = require('../emulator.js');
const SDKS = [
  ['this package', () => require('../index.js')],
  ['4.13.23', () => require('clerk-v4')],
];

let emulator;
let user;
let token;
before(async () => {
  emulator = await startEmulator();
  const clerk = require('../index.js').createClerkClient({ secretKey: emulator.secretKey, apiUrl: emulator.url });
  user = await clerk.users.createUser({ emailAddress: ['ada@example.com'], firstName: 'Ada' });
  ({ token } = await emulator.signIn(user.id, { expiresInSeconds: 600 }));
});
after(() => emulator.stop());

describe('the Frontend API the publishable key names', () => {
  test('the publishable key is pk_test_ + base64 of the emulator\'s own host:port$', () => {
    assert.equal(Buffer.from(emulator.publishableKey.slice('pk_test_'.length), 'base64').toString(), `${new URL(emulator.url).host}$`);
    assert.equal(emulator.issuer, `${emulator.url}/.clerk.accounts`);
  });

  test('/.well-known/jwks.json is served without a key, at the root and under the issuer', async () => {
    for (const url of [`${emulator.url}/.well-known/jwks.json`, `${emulator.issuer}/.well-known/jwks.json`]) {
      const res = await fetch(url);
      assert.equal(res.status, 200, url);
      const { keys } = await res.json();
      assert.equal(keys[0].kid, JSON.parse(Buffer.from(token.split('.')[0], 'base64url')).kid);
    }
  });

  for (const [name, load] of SDKS) {
    test(`${name}: verifyToken(token, { issuer }) verifies offline against the emulator`, async () => {
      const claims = await load().verifyToken(token, { issuer: emulator.issuer });
      assert.equal(claims.sub, user.id);
      assert.equal(claims.iss, emulator.issuer);
    });
  }
});

describe('the interstitial page v4 asks for without a publishable key', () => {
  for (const [name, load] of SDKS) {
    test(`${name}: a browser request to an app without CLERK_PUBLISHABLE_KEY gets the page (v4 crashed on a 404)`, async () => {
      const sdk = load();
      const client = sdk.createClerkClient({ secretKey: emulator.secretKey, apiUrl: emulator.url });
      const app = express();
      app.get('/', sdk.createClerkExpressWithAuth({ clerkClient: client, secretKey: emulator.secretKey })(), (req, res) => res.send('ok'));
      app.use((err, req, res, next) => res.status(500).send(`error: ${err.message}`));
      const server = app.listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      try {
        const res = await fetch(`http://127.0.0.1:${server.address().port}/`, { headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36' } });
        const html = await res.text();
        assert.equal(res.status, 401, html);
        assert.equal(res.headers.get('x-clerk-auth-status'), 'interstitial');
        assert.ok(html.includes(`script.src = '${emulator.url}/npm/@clerk/clerk-js@4/dist/clerk.browser.js'`), html.slice(0, 500));
      } finally {
        server.close();
      }
    });
  }

  test('the clerk-js it loads is served to any origin', async () => {
    const res = await fetch(`${emulator.url}/npm/@clerk/clerk-js@4/dist/clerk.browser.js`, { headers: { origin: 'http://localhost:3000' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('content-type'), /javascript/);
    assert.match(await res.text(), /window\.Clerk = /);
  });
});

describe('trace ids', () => {
  test('every answer carries one (cf-ray, which v4 reads as clerkTraceId, and x-clerk-trace-id)', async () => {
    const answers = [
      await fetch(`${emulator.url}/v1/users`, { headers: { authorization: `Bearer ${emulator.secretKey}` } }),
      await fetch(`${emulator.url}/v1/users`),
      await fetch(`${emulator.url}/sign-in`),
    ];
    const ids = answers.map((r) => r.headers.get('cf-ray'));
    for (const [i, r] of answers.entries()) {
      assert.match(ids[i] ?? '', /\S/, `answer ${i} has no trace id`);
      assert.equal(r.headers.get('x-clerk-trace-id'), ids[i]);
    }
    assert.equal(new Set(ids).size, ids.length, 'each answer its own id');
  });

  test('CLERK_LOGGING lines show the trace id', async () => {
    const r = await runNode(
      `const sdk = (await import('node:module')).createRequire(process.cwd() + '/')('./index.js');
       await sdk.createClerkClient({ secretKey: ${JSON.stringify(emulator.secretKey)}, apiUrl: ${JSON.stringify(emulator.url)} }).users.getUserList();`,
      { CLERK_LOGGING: 'true', NODE_ENV: 'test' },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /GET \/v1\/users -> 200 \d+ms trace=emulator-\S+/, r.stderr);
  });
});
