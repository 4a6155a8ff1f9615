// The Express middlewares, v4 (clerk-v4) vs ours, over real HTTP: one Express app per
// SDK (helpers/auth-app.mjs, in a child process so that the singletons read their own
// environment), the same requests to both, and a comparison of status, the
// x-clerk-auth-* headers, content-type, body and what the route saw in req.auth.
// Deviations checked here: S5 (RequireAuth error has status 401), S6 (failures go to
// next(err)), D5 (_clerk_session_id), D2 (createClerkClient() reads env).
import './helpers/setup.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as K from './helpers/auth-keys.mjs';
import { startAuthBapi, startApp, get, interstitialParts } from './helpers/auth-servers.mjs';

const KEYS = K.keys();
const now = K.nowSeconds;
const HOST = 'app.example.com';
const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
const CURL = 'curl/8.4.0';

let api;
let apps; // { v4, ours }
before(async () => {
  api = await startAuthBapi(K.jwks([KEYS.a, 'ins_kidA']));
  const env = {
    CLERK_SECRET_KEY: K.DEV_SECRET,
    CLERK_API_URL: api.url,
    CLERK_JWT_KEY: KEYS.a.pem,
    CLERK_PUBLISHABLE_KEY: K.PUBLISHABLE_KEY,
    APP_LIVE_SECRET: K.LIVE_SECRET,
  };
  const [a, b] = await Promise.all([startApp('v4', env), startApp('ours', env)]);
  apps = { v4: a, ours: b };
});
after(async () => {
  await Promise.all([apps?.v4.close(), apps?.ours.close()]);
  await api?.close();
});

const cookie = (jar) => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
const bearer = (t, ua = CURL) => ({ authorization: `Bearer ${t}`, 'user-agent': ua });
const browserCookies = (jar) => ({ 'user-agent': BROWSER, cookie: cookie(jar) });

/** What a response looked like, in comparable form. */
function describeResponse(r) {
  if (!('status' in r)) return r; // { timedOut } or { error }
  const h = r.headers;
  const out = {
    status: r.status,
    contentType: h['content-type'],
    authStatus: h['x-clerk-auth-status'],
    authReason: h['x-clerk-auth-reason'],
    authMessage: h['x-clerk-auth-message'] === undefined ? undefined : K.normalizeMessage(decodeURIComponent(h['x-clerk-auth-message'])),
  };
  if (/json/.test(h['content-type'] || '')) out.json = JSON.parse(r.body);
  else if (/html/.test(h['content-type'] || '') && r.body.includes('<script')) out.interstitial = interstitialParts(r.body);
  else if (/html/.test(h['content-type'] || '') && r.body.includes('<pre>')) out.defaultErrorPage = /<pre>([^<]*)/.exec(r.body)[1].split('&nbsp;')[0].replace(/<br>.*/, '').trim();
  else out.body = r.body;
  return out;
}

/** Sends the request to both apps (one after the other) and describes the answers. */
async function send(path, headers = {}, { timeoutMs = 5000 } = {}) {
  const h = { host: HOST, ...headers };
  const v4 = describeResponse(await get(apps.v4.url + path, { headers: h, timeoutMs }));
  const ours = describeResponse(await get(apps.ours.url + path, { headers: h, timeoutMs }));
  return { v4, ours };
}

/** Asserts v4's status and x-clerk-auth-status, then that ours answered the same. */
async function same(path, headers, [status, authStatus, authReason], opts) {
  const r = await send(path, headers, opts);
  assert.deepStrictEqual([r.v4.status, r.v4.authStatus, r.v4.authReason], [status, authStatus, authReason], `v4: ${JSON.stringify(r.v4).slice(0, 600)}`);
  assert.deepStrictEqual(r.ours, r.v4);
  return r;
}

const VARIANTS = ['singleton', 'instance', 'factory'];

for (const variant of VARIANTS) {
  describe(`${variant}: WithAuth`, () => {
    test('Bearer valid: 200, signed-in, req.auth', async () => {
      const t = K.mint();
      const r = await same(`/h/${variant}/with`, bearer(t), [200, 'signed-in', undefined]);
      const auth = r.v4.json.auth;
      assert.deepStrictEqual(auth.keys, ['actor', 'sessionClaims', 'sessionId', 'session', 'userId', 'user', 'orgId', 'orgRole', 'orgSlug', 'orgPermissions', 'organization', 'getToken', 'has', 'debug', 'claims']);
      assert.equal(auth.values.sessionId, K.SESSION_ID);
      assert.equal(auth.values.userId, K.USER_ID);
      assert.equal(auth.claimsIsSessionClaims, true);
      assert.deepStrictEqual(auth.getToken, { value: t });
      assert.deepStrictEqual(auth.has.role, { value: true });
      assert.deepStrictEqual(auth.has.permission, { value: true });
      assert.deepStrictEqual(auth.has.otherPermission, { value: false });
      assert.equal(r.v4.authMessage, undefined);
    });

    test('Bearer invalid (bad signature): 200, signed-out req.auth, reason and message headers', async () => {
      const r = await same(`/h/${variant}/with`, bearer(K.mint({ key: KEYS.b })), [200, 'signed-out', 'token-invalid-signature']);
      assert.equal(r.v4.authMessage, 'JWT signature is invalid. (reason=token-invalid-signature, token-carrier=header)');
      assert.equal(r.v4.json.auth.values.userId, null);
      assert.deepStrictEqual(r.v4.json.auth.getToken, { value: null });
    });

    test('Bearer garbage: 200, signed-out token-invalid', async () => {
      await same(`/h/${variant}/with`, bearer('not-a-jwt'), [200, 'signed-out', 'token-invalid']);
    });

    test('Bearer expired: 401, empty text/html (unknown)', async () => {
      const r = await same(`/h/${variant}/with`, bearer(K.mint({ claims: { exp: now() - 60 } })), [401, 'unknown', 'token-expired']);
      assert.equal(r.v4.body, '');
      assert.equal(r.v4.contentType, 'text/html');
    });

    test('no credentials, non-browser (dev key): 200, signed-out header-missing-non-browser', async () => {
      await same(`/h/${variant}/with`, { 'user-agent': CURL }, [200, 'signed-out', 'header-missing-non-browser']);
    });

    test('cookie, dev browser without __client_uat: 401 interstitial page', async () => {
      const r = await same(`/h/${variant}/with`, { 'user-agent': BROWSER }, [401, 'interstitial', 'uat-missing']);
      assert.equal(r.v4.interstitial.frontendApi, 'clerk.example.com');
      assert.equal(r.v4.interstitial.scriptSrc, 'https://clerk.example.com/npm/@clerk/clerk-js@4/dist/clerk.browser.js');
      assert.deepStrictEqual(r.v4.interstitial.attributes, [['data-clerk-publishable-key', K.PUBLISHABLE_KEY]]);
    });

    test('cookie, valid __session and older __client_uat: 200 signed-in', async () => {
      const t = K.mint();
      const r = await same(`/h/${variant}/with`, browserCookies({ __session: t, __client_uat: String(now() - 60) }), [200, 'signed-in', undefined]);
      assert.deepStrictEqual(r.v4.json.auth.getToken, { value: t });
    });

    test('cookie, __client_uat newer than the token: 401 interstitial cookie-outdated', async () => {
      await same(`/h/${variant}/with`, browserCookies({ __session: K.mint(), __client_uat: String(now() + 100) }), [401, 'interstitial', 'cookie-outdated']);
    });

    test('cookie, expired __session: 401 interstitial token-expired', async () => {
      await same(`/h/${variant}/with`, browserCookies({ __session: K.mint({ claims: { exp: now() - 60 } }), __client_uat: String(now() - 600) }), [401, 'interstitial', 'token-expired']);
    });

    test('cookie, __client_uat=0: 200 signed-out standard-signed-out', async () => {
      await same(`/h/${variant}/with`, browserCookies({ __client_uat: '0' }), [200, 'signed-out', 'standard-signed-out']);
    });

    test('cross-origin Origin: 200 signed-out header-missing-cors', async () => {
      await same(`/h/${variant}/with`, { ...browserCookies({ __session: K.mint(), __client_uat: String(now() - 60) }), origin: 'https://evil.example.com' }, [200, 'signed-out', 'header-missing-cors']);
    });

    test('cross-origin Referer in dev: 401 interstitial cross-origin-referrer', async () => {
      await same(`/h/${variant}/with`, { ...browserCookies({ __session: K.mint(), __client_uat: String(now() - 60) }), referer: 'https://accounts.example.com/sign-in' }, [401, 'interstitial', 'cross-origin-referrer']);
    });

    test('the query string is dropped (__clerk_synced / __clerk_satellite_url never fire)', async () => {
      await same(`/h/${variant}/with?__clerk_satellite_url=https%3A%2F%2Fsat.example.com`, browserCookies({ __session: K.mint(), __client_uat: String(now() - 60) }), [200, 'signed-in', undefined]);
    });

    test('req.auth.getToken({ template }) asks the API, with the secret key', async () => {
      const t = K.mint();
      api.take();
      const v4 = describeResponse(await get(`${apps.v4.url}/h/${variant}/with?template=supabase`, { headers: { host: HOST, ...bearer(t) } }));
      const v4Requests = api.take().map((r) => `${r.method} ${r.path} ${r.headers.authorization}`);
      const ours = describeResponse(await get(`${apps.ours.url}/h/${variant}/with?template=supabase`, { headers: { host: HOST, ...bearer(t) } }));
      const oursRequests = api.take().map((r) => `${r.method} ${r.path} ${r.headers.authorization}`);
      assert.deepStrictEqual(v4.json.auth.template, { value: `eyJ.supabase.${K.SESSION_ID}` });
      assert.deepStrictEqual(v4Requests, [`POST /v1/sessions/${K.SESSION_ID}/tokens/supabase Bearer ${K.DEV_SECRET}`]);
      assert.deepStrictEqual(ours, v4);
      assert.deepStrictEqual(oursRequests, v4Requests);
    });
  });

  describe(`${variant}: RequireAuth`, () => {
    test('signed in: 200 and req.auth', async () => {
      await same(`/h/${variant}/require`, bearer(K.mint()), [200, 'signed-in', undefined]);
    });

    test('signed out, app error handler: same message; S5: ours has status/statusCode 401', async () => {
      const r = await send(`/h/${variant}/require`, bearer('garbage'));
      assert.deepStrictEqual(r.v4.json, { handled: true, name: 'Error', message: 'Unauthenticated', status: null, statusCode: null });
      assert.deepStrictEqual(r.ours.json, { handled: true, name: 'Error', message: 'Unauthenticated', status: 401, statusCode: 401 });
      const strip = (x) => ({ ...x, json: { ...x.json, status: '*', statusCode: '*' } });
      assert.deepStrictEqual(strip(r.ours), strip(r.v4));
      assert.equal(r.v4.authReason, 'token-invalid');
    });

    test("signed out, Express's default handler: v4 500, ours 401 (S5)", async () => {
      const r = await send(`/d/${variant}/require`, { 'user-agent': CURL });
      assert.equal(r.v4.status, 500);
      assert.equal(r.ours.status, 401);
      assert.equal(r.v4.defaultErrorPage, 'Error: Unauthenticated');
      assert.equal(r.ours.defaultErrorPage, 'Error: Unauthenticated');
      assert.deepStrictEqual({ ...r.ours, status: 0 }, { ...r.v4, status: 0 });
    });

    test('unknown (expired Bearer): 401 empty text/html, next not called', async () => {
      await same(`/h/${variant}/require`, bearer(K.mint({ claims: { nbf: now() + 60 } })), [401, 'unknown', 'token-not-active-yet']);
    });

    test('interstitial: 401 page', async () => {
      await same(`/h/${variant}/require`, browserCookies({ __client_uat: String(now() - 60) }), [401, 'interstitial', 'cookie-missing']);
    });
  });
}

describe('other middleware options', () => {
  test('a live-key instance: no cookies -> signed-out cookie-and-uat-missing; cookies from a non-browser -> signed in', async () => {
    await same('/h/live/with', { 'user-agent': CURL }, [200, 'signed-out', 'cookie-and-uat-missing']);
    await same('/h/live/with', { 'user-agent': CURL, cookie: cookie({ __session: K.mint(), __client_uat: String(now() - 60) }) }, [200, 'signed-in', undefined]);
    const r = await send('/h/live/require', { 'user-agent': CURL });
    assert.equal(r.v4.json.message, 'Unauthenticated');
    const strip = (x) => ({ ...x, json: { ...x.json, status: '*', statusCode: '*' } });
    assert.deepStrictEqual(strip(r.ours), strip(r.v4));
  });

  test('authorizedParties', async () => {
    await same('/h/azp/with', bearer(K.mint()), [200, 'signed-out', 'token-invalid-authorized-parties']);
    await same('/h/azp-ok/with', bearer(K.mint()), [200, 'signed-in', undefined]);
  });

  test('satellite with domain and signInUrl: interstitial page with the satellite settings', async () => {
    const r = await same('/h/satellite/ok', { 'user-agent': BROWSER }, [401, 'interstitial', 'satellite-needs-syncing']);
    assert.equal(r.v4.interstitial.domain, 'satellite.example.com');
    assert.equal(r.v4.interstitial.isSatellite, 'true');
    assert.equal(r.v4.interstitial.signInUrl, 'https://primary.example.com/sign-in');
    // a production frontend API: clerk-js comes from clerk.<domain>
    assert.equal(r.v4.interstitial.scriptSrc, 'https://clerk.satellite.example.com/npm/@clerk/clerk-js@4/dist/clerk.browser.js');
    assert.deepStrictEqual(r.v4.interstitial.attributes, [['data-clerk-publishable-key', K.PUBLISHABLE_KEY], ['data-clerk-domain', 'satellite.example.com']]);
  });

  test('satellite with a valid token: signed in without issuer check', async () => {
    await same('/h/satellite/ok', browserCookies({ __session: K.mint({ claims: { iss: 'https://clerk.primary.example.com' } }), __client_uat: String(now() - 60) }), [200, 'signed-in', undefined]);
  });

  test('relative proxyUrl is resolved against the request URL and becomes the issuer', async () => {
    await same('/h/proxy/with', bearer(K.mint({ claims: { iss: `http://${HOST}/__clerk` } })), [200, 'signed-in', undefined]);
    await same('/h/proxy/with', bearer(K.mint()), [200, 'signed-out', 'token-invalid-issuer']);
    await same('/h/proxy/with', { ...bearer(K.mint({ claims: { iss: 'https://public.example.com/__clerk' } })), 'x-forwarded-host': 'public.example.com', 'x-forwarded-proto': 'https' }, [200, 'signed-in', undefined]);
  });

  test('relative proxyUrl: the interstitial page loads clerk-js through the proxy', async () => {
    const r = await same('/h/proxy/with', { 'user-agent': BROWSER }, [401, 'interstitial', 'uat-missing']);
    assert.equal(r.v4.interstitial.proxyUrl, `http://${HOST}/__clerk`);
    assert.equal(r.v4.interstitial.scriptSrc, `https://${HOST}/__clerk/npm/@clerk/clerk-js@4/dist/clerk.browser.js`);
  });
});

describe('S6: middleware failures go to next(err)', () => {
  for (const [route, message] of [
    ['/satellite/no-domain', 'Missing domain and proxyUrl. A satellite application needs to specify a domain or a proxyUrl'],
    ['/satellite/no-sign-in-url', '\nInvalid signInUrl. A satellite application requires a signInUrl for development instances.\nCheck if signInUrl is missing from your configuration or if it is not an absolute URL.'],
  ]) {
    test(`${route}: ours calls next(err) (v4 leaves an unhandled rejection and a hanging request)`, async () => {
      const before = (await apps.ours.unhandled()).length;
      const ours = describeResponse(await get(`${apps.ours.url}/h${route}`, { headers: { host: HOST, 'user-agent': BROWSER } }));
      assert.equal(ours.status, 500);
      assert.deepStrictEqual(ours.json, { handled: true, name: 'Error', message, status: null, statusCode: null });
      const dflt = describeResponse(await get(`${apps.ours.url}/d${route}`, { headers: { host: HOST, 'user-agent': BROWSER } }));
      assert.equal(dflt.status, 500);
      assert.equal((await apps.ours.unhandled()).length, before, 'ours left an unhandled rejection');
      // v4, for the record (short timeout so nothing hangs)
      const v4 = await get(`${apps.v4.url}/h${route}`, { headers: { host: HOST, 'user-agent': BROWSER }, timeoutMs: 400 });
      assert.deepStrictEqual(v4, { timedOut: true });
      assert.ok((await apps.v4.unhandled()).some((u) => u.message === message));
    });
  }
});

describe('withAuth / requireAuth wrappers', () => {
  test('withAuth: signed in, the handler sees req.auth', async () => {
    const r = await same('/h/wrap/with', bearer(K.mint()), [200, 'signed-in', undefined]);
    assert.equal(r.v4.json.wrapped, true);
    assert.equal(r.v4.json.auth.values.userId, K.USER_ID);
  });

  test('withAuth: signed out', async () => {
    await same('/h/wrap/with', { 'user-agent': CURL }, [200, 'signed-out', 'header-missing-non-browser']);
  });

  test('withAuth: unknown -> 401 and the handler never runs', async () => {
    await same('/h/wrap/with', bearer(K.mint({ claims: { exp: now() - 60 } })), [401, 'unknown', 'token-expired']);
  });

  test('withAuth: interstitial', async () => {
    await same('/h/wrap/with', { 'user-agent': BROWSER }, [401, 'interstitial', 'uat-missing']);
  });

  test('requireAuth: signed in', async () => {
    await same('/h/wrap/require', bearer(K.mint()), [200, 'signed-in', undefined]);
  });

  test('requireAuth: signed out rejects the wrapper promise, nothing is written (both)', async () => {
    const before = { v4: (await apps.v4.unhandled()).length, ours: (await apps.ours.unhandled()).length };
    const r = await send('/h/wrap/require', bearer('garbage'), { timeoutMs: 400 });
    assert.deepStrictEqual(r.v4, { timedOut: true });
    assert.deepStrictEqual(r.ours, r.v4);
    const v4New = (await apps.v4.unhandled()).slice(before.v4);
    const oursNew = (await apps.ours.unhandled()).slice(before.ours);
    assert.deepStrictEqual(v4New.map((u) => u.message), ['Unauthenticated']);
    assert.deepStrictEqual(oursNew.map((u) => u.message), ['Unauthenticated']);
    assert.equal(oursNew[0].status, 401);
  });
});

describe('D5: _clerk_session_id', () => {
  test('the token\'s own sid: signed in, like v4', async () => {
    await same(`/h/singleton/with?_clerk_session_id=${K.SESSION_ID}`, bearer(K.mint()), [200, 'signed-in', undefined]);
    await same(`/h/instance/with?_clerk_session_id=${K.SESSION_ID}`, browserCookies({ __session: K.mint(), __client_uat: String(now() - 60) }), [200, 'signed-in', undefined]);
  });

  for (const variant of VARIANTS) {
    test(`${variant}: another sid -> ours signed-out session-id-mismatch (v4 ignores the parameter)`, async () => {
      const r = await send(`/h/${variant}/with?_clerk_session_id=sess_2someoneElse`, bearer(K.mint()));
      assert.equal(r.v4.authStatus, 'signed-in');
      assert.equal(r.ours.status, 200);
      assert.equal(r.ours.authStatus, 'signed-out');
      assert.equal(r.ours.authReason, 'session-id-mismatch');
      assert.equal(r.ours.json.auth.values.userId, null);
      assert.equal(r.ours.json.auth.values.sessionId, null);
      assert.deepStrictEqual(r.ours.json.auth.getToken, { value: null });
    });
  }

  test('RequireAuth with another sid: ours 401 through the default handler', async () => {
    const r = await send('/d/singleton/require?_clerk_session_id=sess_2someoneElse', browserCookies({ __session: K.mint(), __client_uat: String(now() - 60) }));
    assert.equal(r.v4.status, 200);
    assert.equal(r.ours.status, 401);
    assert.equal(r.ours.authReason, 'session-id-mismatch');
  });
});
