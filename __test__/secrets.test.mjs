// Secrets never leak: fault and bad-input scenarios (401/404/422/429/500/503 answers,
// network failures, timeouts, a cross-origin redirect, invalid tokens, bad jwtKey, JWKS
// failures, middleware decisions) run in a child process with CLERK_LOGGING=true and
// recognisable secrets (helpers/fault-secrets-scenarios.mjs). Everything the child
// prints — stdout, stderr, every error's message / toString() / JSON.stringify /
// util.inspect (hidden properties and cause included), console.error(err), middleware
// headers — is scanned for the secret key, the PEM bodies and every token (whole, and
// its payload and signature segments).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { startFaultServer, json, reply, reset } from './helpers/fault-server.mjs';
import { runChild, describeChild } from './helpers/fault-child.mjs';
import * as fx from './helpers/fixtures.mjs';

const SCENARIOS = fileURLToPath(new URL('./helpers/fault-secrets-scenarios.mjs', import.meta.url));
const SECRET_KEY = `sk_test_SECRET_MARKER_${crypto.randomBytes(16).toString('hex')}`;
const PUBLISHABLE_KEY = `pk_test_${Buffer.from('clerk.example.com$').toString('base64')}`;

// Keys and tokens.
const main = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = main.publicKey.export({ type: 'spki', format: 'pem' });
const PRIVATE_PEM = main.privateKey.export({ type: 'pkcs8', format: 'pem' });
const OTHER_PRIVATE_PEM = other.privateKey.export({ type: 'pkcs8', format: 'pem' });
const b64u = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const claims = (over = {}) => ({
  azp: 'https://app.example.com',
  exp: now + 600,
  iat: now - 5,
  nbf: now - 10,
  iss: 'https://clerk.example.com',
  sid: 'sess_2secretsSuite',
  sub: 'user_2secretsSuite',
  marker: crypto.randomBytes(12).toString('hex'), // makes each payload segment unique
  ...over,
});
function mint(payload, { key = main.privateKey, kid = 'ins_secrets' } = {}) {
  const inp = `${b64u({ alg: 'RS256', kid, typ: 'JWT' })}.${b64u(payload)}`;
  return `${inp}.${crypto.sign('sha256', Buffer.from(inp), key).toString('base64url')}`;
}
const valid = mint(claims());
const TOKENS = {
  valid,
  badSignature: mint(claims(), { key: other.privateKey }),
  expired: mint(claims({ exp: now - 3600, iat: now - 7200, nbf: now - 7200 })),
  notYetValid: mint(claims({ nbf: now + 3600 })),
  wrongAzp: mint(claims({ azp: 'https://evil.example.com' })),
  wrongIss: mint(claims({ iss: 'https://evil.example.com' })),
  otherKid: mint(claims(), { kid: 'ins_unknown_kid' }),
  malformed: `${valid.split('.')[0]}.${valid.split('.')[1]}`, // two segments of a real token
  tamperedPayload: `${valid.split('.')[0]}.${b64u(claims({ sub: 'user_attacker' }))}.${valid.split('.')[2]}`,
};
const pemBody = (pem) => pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');
const BAD_PEMS = {
  'garbled body': PEM.replace(/[A-Za-z]{12}/, 'ZZZZZZZZZZZZ'),
  truncated: PEM.slice(0, Math.floor(PEM.length / 2)),
  'another private key': OTHER_PRIVATE_PEM,
  'body without PEM lines, garbled': pemBody(PEM).replace(/[A-Za-z]{12}/, 'YYYYYYYYYYYY'),
};
const JWKS = { keys: [{ ...main.publicKey.export({ format: 'jwk' }), kid: 'ins_secrets', alg: 'RS256', use: 'sig' }] };

// What must never be printed.
function secrets() {
  const out = [
    ['the secret key', SECRET_KEY],
    ['the secret key (random tail)', SECRET_KEY.slice(-20)],
    ['the secret key marker', 'SECRET_MARKER'],
  ];
  for (const [name, pem] of [['jwtKey PEM', PEM], ['private PEM', PRIVATE_PEM], ['other private PEM', OTHER_PRIVATE_PEM]]) {
    const lines = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
    out.push([`${name} body`, lines.join('')]);
    lines.forEach((l, i) => {
      // The last line of a PEM can be short; the first 20 chars of each line are enough.
      if (l.length >= 20) out.push([`${name} line ${i + 1}`, l.slice(0, 40)]);
    });
  }
  for (const [name, token] of Object.entries(TOKENS)) {
    const [, payload, signature] = token.split('.');
    out.push([`token ${name}`, token]);
    out.push([`token ${name} payload segment`, payload]);
    // A middle slice catches a truncated echo of the payload (its start is the same `eyJ…` for every JSON).
    out.push([`token ${name} payload slice`, payload.slice(24, 60)]);
    if (signature) {
      out.push([`token ${name} signature segment`, signature]);
      out.push([`token ${name} signature prefix`, signature.slice(0, 24)]);
    }
  }
  return out;
}

let api;
let otherOrigin;
let refusedUrl;
before(async () => {
  api = await startFaultServer();
  otherOrigin = await startFaultServer({ host: '127.0.0.2' });
  otherOrigin.handle((req, sock) => json(sock, 200, fx.user('user_fromOtherOrigin')));
  api.handle((req, sock) => {
    const p = req.path;
    const errors = (code, message) => ({ errors: [{ code, message, long_message: message, meta: {} }], clerk_trace_id: 'trace_secrets' });
    if (p.endsWith('/jwks')) {
      if (p.startsWith('/jwks500')) return reply(sock, { status: 500, contentType: 'text/html', body: '<html>oops</html>' });
      if (p.startsWith('/jwks401')) return json(sock, 401, errors('authentication_invalid', 'Invalid authentication'));
      if (p.startsWith('/jwksbad/')) return reply(sock, { status: 200, contentType: 'application/json', body: '{"keys":[{"kty":"RSA",' });
      if (p.startsWith('/jwksempty/')) return json(sock, 200, { keys: [] });
      if (p.startsWith('/jwkshang/')) return undefined;
      if (p.startsWith('/jwksgood')) return json(sock, 200, JWKS);
    }
    if (p === '/v1/users/user_401') return json(sock, 401, errors('authentication_invalid', 'The provided secret key is invalid'));
    if (p === '/v1/users' && req.method === 'POST') return json(sock, 422, errors('form_password_pwned', 'Password has been found in a breach'));
    if (p === '/v1/users' && req.method === 'GET') return json(sock, 429, errors('too_many_requests', 'Too many requests'), { 'retry-after': '3' });
    if (p.startsWith('/v1/organizations/org_500')) return reply(sock, { status: 500, contentType: 'text/html', body: '<html><body>Internal error</body></html>', headers: { 'cf-ray': 'ray_secrets' } });
    if (p.startsWith('/v1/sessions/sess_503')) return json(sock, 503, errors('unavailable', 'unavailable'));
    if (p === '/v1/users/user_reset') return reset(sock);
    if (p === '/v1/users/user_mid') {
      sock.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4000\r\n\r\n{"object":"user",');
      return setTimeout(() => reset(sock), 20);
    }
    if (p === '/v1/users/user_hang') return undefined;
    if (p === '/v1/users/user_badjson') return reply(sock, { status: 200, contentType: 'application/json', body: '{"object":"user","id":' });
    if (p === '/v1/users/user_redirect') return reply(sock, { status: 302, headers: { location: `${otherOrigin.url}/v1/users/user_redirect` } });
    return json(sock, 404, errors('resource_not_found', 'not found'));
  });
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  refusedUrl = `http://127.0.0.1:${probe.address().port}`;
  await new Promise((resolve) => probe.close(resolve));
});
after(async () => {
  await Promise.all([api.close(), otherOrigin.close()]);
});

describe('no secret in anything the SDK prints or throws (CLERK_LOGGING=true, child process)', () => {
  let res;
  let output;
  before(async () => {
    const inputJson = JSON.stringify({ apiUrl: api.url, otherUrl: otherOrigin.url, refusedUrl, tokens: TOKENS, privatePem: PRIVATE_PEM, badPems: BAD_PEMS });
    res = await runChild(`await import(${JSON.stringify(SCENARIOS)});`, {
      env: {
        CLERK_LOGGING: 'true',
        CLERK_SECRET_KEY: SECRET_KEY,
        CLERK_JWT_KEY: PEM,
        CLERK_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
        CLERK_API_URL: api.url,
        CLERK_MAX_RETRIES: '1',
        CLERK_TIMEOUT_MS: '1000',
        SECRETS_INPUT: inputJson,
      },
      timeoutMs: 90000,
    });
    output = `${res.stdout}\n${res.stderr}`;
  });

  test('the scenarios ran to the end', { timeout: 100000 }, () => {
    assert.equal(res.code, 0, describeChild(res));
    assert.match(res.stdout, /\nDONE\n/, describeChild(res));
    const n = Number((res.stdout.match(/SCENARIOS (\d+)/) || [])[1]);
    assert.ok(n >= 100, `${n} scenarios`);
    console.log(`# ${n} scenarios in ${res.ms} ms; ${output.length} characters of output scanned; ${api.requests.length} API requests`);
    // The API really got the key (so the scan below is meaningful), and logging was on.
    assert.ok(api.requests.some((q) => q.headers.authorization === `Bearer ${SECRET_KEY}`));
    assert.match(res.stderr, /\[clerk\] GET \/v1\/users\/user_401/);
    assert.match(res.stderr, /\[clerk\] authenticate ->/);
    // Each kind of failure did happen (the scan covers real failures, not happy paths).
    for (const what of ['fetch failed', 'timeoutMs', 'invalid JSON', 'token-invalid-signature', 'token-expired', 'Too Many Requests', 'Unauthenticated']) {
      assert.ok(output.includes(what), `no "${what}" in the output: a scenario did not fail as planned`);
    }
  });

  test('the cross-origin redirect did not carry the key', () => {
    assert.equal(otherOrigin.requests.filter((q) => JSON.stringify(q).includes(SECRET_KEY)).length, 0);
  });

  for (const [name, secret] of secrets()) {
    test(`never printed: ${name}`, () => {
      const at = output.indexOf(secret);
      if (at >= 0) {
        // Name the scenario whose output holds it.
        const before = output.slice(0, at);
        const block = (before.match(/=== [^\n]*/g) || ['(before any scenario)']).pop();
        const context = output.slice(Math.max(0, at - 300), at + secret.length + 100);
        assert.fail(`${name} printed in scenario "${block}"\n…${context}…`);
      }
    });
  }
});
