// D4: CLERK_LOGGING=true makes ours print one stderr line per API request (method,
// path, status) and per middleware decision (status, reason), never a secret key, a
// JWT key or a token. v4 does not read the variable. Each app runs in a child process
// (auth-app.mjs) with its own environment.
import './helpers/setup.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as K from './helpers/auth-keys.mjs';
import { startAuthBapi, startApp, get, runNode } from './helpers/auth-servers.mjs';

const KEYS = K.keys();
const HOST = 'app.example.com';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';

let api;
const apps = {};
before(async () => {
  api = await startAuthBapi(K.jwks([KEYS.a, 'ins_kidA']));
  // No CLERK_JWT_KEY: the keys come from the API's JWKS, so that request is logged too.
  const env = { CLERK_SECRET_KEY: K.DEV_SECRET, CLERK_API_URL: api.url, CLERK_PUBLISHABLE_KEY: K.PUBLISHABLE_KEY, APP_LIVE_SECRET: K.LIVE_SECRET };
  const [a, b, c] = await Promise.all([
    startApp('ours', { ...env, CLERK_LOGGING: 'true' }),
    startApp('v4', { ...env, CLERK_LOGGING: 'true' }),
    startApp('ours', env),
  ]);
  Object.assign(apps, { logging: a, v4: b, quiet: c });
});
after(async () => {
  await Promise.all(Object.values(apps).map((a) => a.close()));
  await api?.close();
});

const token = K.mint({ kid: 'ins_kidA' });
const expired = K.mint({ kid: 'ins_kidA', claims: { exp: K.nowSeconds() - 60 } });
const REQUESTS = [
  ['/h/instance/with?template=tmpl', { authorization: `Bearer ${token}` }],
  ['/h/singleton/with', { 'user-agent': 'curl/8.4.0' }],
  ['/h/factory/with', { 'user-agent': BROWSER }],
  ['/h/instance/with', { authorization: `Bearer ${expired}` }],
  ['/h/singleton/with', { authorization: 'Bearer not-a-jwt-at-all-xyz' }],
  ['/h/singleton/with', { 'user-agent': BROWSER, cookie: `__session=${token}; __client_uat=${K.nowSeconds() - 60}` }],
];

async function exercise(app) {
  const statuses = [];
  for (const [path, headers] of REQUESTS) statuses.push((await get(app.url + path, { headers: { host: HOST, ...headers } })).status);
  await new Promise((r) => setTimeout(r, 100)); // let stderr drain
  return statuses;
}

const lines = (text) => text.split('\n').filter(Boolean);

test('D4: ours logs each API request and each middleware decision on stderr', async () => {
  const statuses = await exercise(apps.logging);
  assert.deepStrictEqual(statuses, [200, 200, 401, 401, 200, 200]);
  const out = lines(apps.logging.stderr());
  const has = (...parts) => out.some((l) => parts.every((p) => l.includes(p)));
  assert.ok(has('GET', '/v1/jwks', '200'), `no JWKS request line in:\n${out.join('\n')}`);
  assert.ok(has('POST', `/v1/sessions/${K.SESSION_ID}/tokens/tmpl`, '200'), `no getToken request line in:\n${out.join('\n')}`);
  assert.ok(has('signed-in'), `no signed-in decision in:\n${out.join('\n')}`);
  assert.ok(has('signed-out', 'header-missing-non-browser'), `no signed-out decision in:\n${out.join('\n')}`);
  assert.ok(has('interstitial', 'uat-missing'), `no interstitial decision in:\n${out.join('\n')}`);
  assert.ok(has('unknown', 'token-expired'), `no unknown decision in:\n${out.join('\n')}`);
  assert.ok(has('signed-out', 'token-invalid'), `no token-invalid decision in:\n${out.join('\n')}`);
});

test('D4: the log never holds the secret key, the JWT key or a token', async () => {
  const text = apps.logging.stderr();
  assert.ok(text.length > 0);
  const secrets = [
    K.DEV_SECRET,
    K.DEV_SECRET.slice('sk_test_'.length),
    K.LIVE_SECRET,
    ...token.split('.'),
    ...expired.split('.').slice(1),
    'not-a-jwt-at-all-xyz',
    KEYS.a.pem.split('\n')[1],
  ];
  for (const s of secrets) assert.ok(!text.includes(s), `the log contains ${s.slice(0, 24)}...`);
  assert.doesNotMatch(text, /Bearer\s+\S/);
});

test('without CLERK_LOGGING ours prints nothing; v4 ignores CLERK_LOGGING', async () => {
  await exercise(apps.quiet);
  await exercise(apps.v4);
  assert.equal(apps.quiet.stderr(), '');
  assert.equal(apps.v4.stderr(), '');
});

test('D4: verifyToken outside a middleware logs its JWKS request (child process)', async () => {
  const code = `
    const { verifyToken } = await import('./index.mjs');
    const p = await verifyToken(${JSON.stringify(K.mint({ kid: 'ins_kidA' }))}, { secretKey: ${JSON.stringify(K.DEV_SECRET)}, apiUrl: ${JSON.stringify(api.url)} });
    console.log(p.sub);`;
  const r = await runNode(code, { CLERK_LOGGING: 'true' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), K.USER_ID);
  assert.match(r.stderr, /GET[^\n]*\/v1\/jwks[^\n]*200/);
  assert.ok(!r.stderr.includes(K.DEV_SECRET));
});
