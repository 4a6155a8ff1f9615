// createClerkClient(...).authenticateRequest({ request }), v4 (clerk-v4) vs ours: the
// request-state machine of surface.md §h (header token, cookie flows with dev and live
// keys, browser detection, __client_uat, cross-origin Origin/Referer, satellite and
// proxyUrl options), the states' fields and their toAuth() objects.
// Deviations checked here: D1 (debug().apiUrl default), D5 (_clerk_session_id).
import './helpers/setup.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ours, v4 } from './helpers/diff.mjs';
import * as K from './helpers/auth-keys.mjs';
import { describeState } from './helpers/auth-describe.mjs';
import { startAuthBapi } from './helpers/auth-servers.mjs';

const KEYS = K.keys();
const JWT_KEY = KEYS.a.pem;
const now = K.nowSeconds;
const HOST = 'app.example.com';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const CURL = 'curl/8.4.0';

let api;
before(async () => {
  api = await startAuthBapi(K.jwks([KEYS.a, 'ins_kidA']));
});
after(() => api.close());

const cookie = (jar) =>
  Object.entries(jar)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');

const uatBefore = () => String(now() - 60); // older than the token's iat (now - 5)
const uatAfter = () => String(now() + 100); // newer than the token's iat

/**
 * Runs authenticateRequest on a v4 client and on ours with the same options and an
 * equal Request each, and returns both descriptions.
 *   key: 'dev' | 'live' | a secret key | null (no key); client: more client options;
 *   path, headers (host defaults to app.example.com), cookies; runtime: more
 *   authenticateRequest options.
 */
async function run({ key = 'dev', client = {}, path = '/dashboard', headers = {}, cookies, runtime = {}, template } = {}) {
  const secretKey = key === 'dev' ? K.DEV_SECRET : key === 'live' ? K.LIVE_SECRET : key;
  const clientOptions = { apiUrl: api.url, jwtKey: JWT_KEY, publishableKey: K.PUBLISHABLE_KEY, ...client };
  if (secretKey) clientOptions.secretKey = secretKey;
  const h = { host: HOST, ...headers };
  if (cookies) h.cookie = cookie(cookies);
  for (const name of Object.keys(h)) if (h[name] === undefined) delete h[name];
  const out = {};
  for (const [name, sdk] of [['v4', v4], ['ours', ours]]) {
    const c = sdk.createClerkClient({ ...clientOptions });
    const request = new Request(`http://${HOST}${path}`, { headers: h });
    api.take();
    out[name] = await K.outcomeOf(() => c.authenticateRequest({ ...runtime, request }), (st) => describeState(st, { template }));
    if ('ok' in out[name]) out[name].ok = await out[name].ok;
    out[`${name}Requests`] = api.take().map((r) => ({ method: r.method, path: r.path, authorization: r.headers.authorization }));
  }
  return out;
}

/** Asserts v4's status/reason (or error message), then that ours matches v4 exactly. */
async function same(input, expected) {
  const r = await run(input);
  if (typeof expected === 'string') {
    assert.equal(r.v4.error?.message, expected, `v4: ${JSON.stringify(r.v4)}`);
  } else {
    assert.ok('ok' in r.v4, `v4 threw: ${JSON.stringify(r.v4)}`);
    assert.deepStrictEqual([r.v4.ok.status, r.v4.ok.reason], expected, `v4 gave ${r.v4.ok.status}/${r.v4.ok.reason}: ${r.v4.ok.message}`);
  }
  assert.deepStrictEqual(r.ours, r.v4);
  assert.deepStrictEqual(r.oursRequests, r.v4Requests, 'API requests differ');
  return r;
}

const SIGNED_IN = ['signed-in', null];
const bearer = (t) => ({ authorization: `Bearer ${t}`, 'user-agent': CURL });

describe('A. a token in the Authorization header', () => {
  const cases = [
    ['valid', () => ({ headers: bearer(K.mint()) }), SIGNED_IN],
    ['valid, RS256 without typ', () => ({ headers: bearer(K.mint({ header: { typ: undefined } })) }), SIGNED_IN],
    ['expired -> unknown', () => ({ headers: bearer(K.mint({ claims: { exp: now() - 60 } })) }), ['unknown', 'token-expired']],
    ['nbf ahead -> unknown', () => ({ headers: bearer(K.mint({ claims: { nbf: now() + 60 } })) }), ['unknown', 'token-not-active-yet']],
    ['iat ahead -> unknown', () => ({ headers: bearer(K.mint({ claims: { iat: now() + 60 } })) }), ['unknown', 'token-not-active-yet']],
    ['garbage', () => ({ headers: bearer('garbage') }), ['signed-out', 'token-invalid']],
    ['signed by another key', () => ({ headers: bearer(K.mint({ key: KEYS.b })) }), ['signed-out', 'token-invalid-signature']],
    ['alg none', () => ({ headers: bearer(K.mint({ alg: 'none' })) }), ['signed-out', 'token-invalid-algorithm']],
    ['non-JSON header part -> unexpected-error', () => ({ headers: bearer(`${Buffer.from('nope').toString('base64url')}.e30.e30`) }), ['signed-out', 'unexpected-error']],
    ['not a Clerk issuer', () => ({ headers: bearer(K.mint({ claims: { iss: 'https://evil.example.com' } })) }), ['signed-out', 'token-invalid-issuer']],
    ['no iss at all (the Clerk issuer resolver throws) -> unexpected-error', () => ({ headers: bearer(K.mint({ claims: { iss: undefined } })) }), ['signed-out', 'unexpected-error']],
    ['missing sub', () => ({ headers: bearer(K.mint({ claims: { sub: undefined } })) }), ['signed-out', 'token-verification-failed']],
    ['a Basic authorization is kept whole', () => ({ headers: { authorization: 'Basic dXNlcjpwYXNz', 'user-agent': CURL } }), ['signed-out', 'token-invalid']],
    ['"Bearer" with nothing after it', () => ({ headers: { authorization: 'Bearer ', 'user-agent': CURL } }), ['signed-out', 'token-invalid']],
    ['lower-case "bearer " is not stripped (base64 of "bearer eyJ..." fails)', () => ({ headers: { authorization: `bearer ${K.mint()}`, 'user-agent': CURL } }), ['signed-out', 'unexpected-error']],
    [
      'cookies, a cross-origin Origin and a non-browser UA are ignored',
      () => ({ headers: { ...bearer(K.mint()), origin: 'https://evil.example.com', referer: 'https://evil.example.com/x' }, cookies: { __client_uat: '0' } }),
      SIGNED_IN,
    ],
    ['authorizedParties rejects the azp', () => ({ headers: bearer(K.mint()), runtime: { authorizedParties: ['https://other.example.com'] } }), ['signed-out', 'token-invalid-authorized-parties']],
    ['authorizedParties allows the azp', () => ({ headers: bearer(K.mint()), runtime: { authorizedParties: [K.AZP] } }), SIGNED_IN],
    ['authorizedParties: a party holding U+0001 is one party', () => ({ headers: bearer(K.mint()), runtime: { authorizedParties: [`${K.AZP}\u0001x`, 'y'] } }), ['signed-out', 'token-invalid-authorized-parties']],
    ['audience (runtime) matches', () => ({ headers: bearer(K.mint({ claims: { aud: 'app-a' } })), runtime: { audience: 'app-a' } }), SIGNED_IN],
    ['audience (constructor) mismatches', () => ({ headers: bearer(K.mint({ claims: { aud: 'app-a' } })), client: { audience: 'app-b' } }), ['signed-out', 'token-verification-failed']],
    ['a live key changes nothing for a header token', () => ({ key: 'live', headers: bearer(K.mint()) }), SIGNED_IN],
    ['runtime jwtKey (the same key) is used', () => ({ client: { jwtKey: undefined }, runtime: { jwtKey: JWT_KEY }, headers: bearer(K.mint({ kid: 'ins_notInJwks' })) }), SIGNED_IN],
    ['a token without org claims or act', () => ({ headers: bearer(K.mint({ claims: { org_id: undefined, org_role: undefined, org_slug: undefined, org_permissions: undefined, act: undefined } })) }), SIGNED_IN],
    ['org claims without permissions', () => ({ headers: bearer(K.mint({ claims: { org_permissions: undefined } })) }), SIGNED_IN],
  ];
  for (const [name, input, expected] of cases) test(name, () => same(input(), expected));

  test('the unknown state message is the full message with token-carrier=header', async () => {
    const r = await same({ headers: bearer(K.mint({ claims: { exp: now() - 60 } })) }, ['unknown', 'token-expired']);
    assert.match(r.v4.ok.message, /^JWT is expired\. Expiry date: .*, Current date: <now>\. \(reason=token-expired, token-carrier=header\)$/);
  });

  test('a header token plus a __session cookie: v4 getToken() returns the COOKIE token', async () => {
    const header = K.mint();
    const cookieToken = K.mint({ claims: { sid: 'sess_2cookieSession' } });
    const r = await same({ headers: bearer(header), cookies: { __session: cookieToken, __client_uat: uatBefore() } }, SIGNED_IN);
    assert.equal(r.v4.ok.token, header);
    assert.equal(r.v4.ok.auth.getToken.value, cookieToken);
  });

  test('getToken({ template }) asks the API for a template token', async () => {
    const r = await same({ headers: bearer(K.mint()), template: 'supabase' }, SIGNED_IN);
    assert.deepStrictEqual(r.v4Requests, [{ method: 'POST', path: `/v1/sessions/${K.SESSION_ID}/tokens/supabase`, authorization: `Bearer ${K.DEV_SECRET}` }]);
    assert.equal(r.v4.ok.auth.template.value, `eyJ.supabase.${K.SESSION_ID}`);
  });

  test('without jwtKey the keys come from the API JWKS', async () => {
    await same({ client: { jwtKey: undefined }, headers: bearer(K.mint({ kid: 'ins_kidA' })) }, SIGNED_IN);
  });
});

describe('B. cookies, with a development key (sk_test_)', () => {
  const cases = [
    ['no cookies, non-browser UA', () => ({ headers: { 'user-agent': CURL } }), ['signed-out', 'header-missing-non-browser']],
    ['no User-Agent at all', () => ({}), ['signed-out', 'header-missing-non-browser']],
    ['non-browser UA even with valid cookies', () => ({ headers: { 'user-agent': CURL }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }), ['signed-out', 'header-missing-non-browser']],
    ['browser, no __client_uat', () => ({ headers: { 'user-agent': BROWSER } }), ['interstitial', 'uat-missing']],
    ['browser, __session but no __client_uat', () => ({ headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint() } }), ['interstitial', 'uat-missing']],
    ['browser, __client_uat=0', () => ({ headers: { 'user-agent': BROWSER }, cookies: { __client_uat: '0' } }), ['signed-out', 'standard-signed-out']],
    ['browser, __client_uat=0 and a valid __session', () => ({ headers: { 'user-agent': BROWSER }, cookies: { __client_uat: '0', __session: K.mint() } }), ['signed-out', 'standard-signed-out']],
    ['browser, __client_uat > 0 and no __session', () => ({ headers: { 'user-agent': BROWSER }, cookies: { __client_uat: uatBefore() } }), ['interstitial', 'cookie-missing']],
    ['browser, valid __session, __client_uat older than iat', () => ({ headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }), SIGNED_IN],
    ['browser, valid __session, __client_uat equal to iat', () => { const iat = now() - 5; return { headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint({ claims: { iat } }), __client_uat: String(iat) } }; }, SIGNED_IN],
    ['browser, valid __session, __client_uat newer than iat', () => ({ headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint(), __client_uat: uatAfter() } }), ['interstitial', 'cookie-outdated']],
    ['browser, expired __session', () => ({ headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint({ claims: { exp: now() - 60 } }), __client_uat: uatBefore() } }), ['interstitial', 'token-expired']],
    ['browser, __session with nbf ahead', () => ({ headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint({ claims: { nbf: now() + 60 } }), __client_uat: uatBefore() } }), ['interstitial', 'token-not-active-yet']],
    ['browser, garbage __session', () => ({ headers: { 'user-agent': BROWSER }, cookies: { __session: 'garbage', __client_uat: uatBefore() } }), ['signed-out', 'token-invalid']],
    ['browser, __session signed by another key', () => ({ headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint({ key: KEYS.b }), __client_uat: uatBefore() } }), ['signed-out', 'token-invalid-signature']],
    ['browser, __session from a non-Clerk issuer', () => ({ headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint({ claims: { iss: 'https://evil.example.com' } }), __client_uat: uatBefore() } }), ['signed-out', 'token-invalid-issuer']],
    ['browser, __session with a non-JSON header', () => ({ headers: { 'user-agent': BROWSER }, cookies: { __session: 'e30x.e30.e30', __client_uat: uatBefore() } }), ['signed-out', 'unexpected-error']],
    ['cross-origin Origin', () => ({ headers: { 'user-agent': BROWSER, origin: 'https://evil.example.com' }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }), ['signed-out', 'header-missing-cors']],
    ['cross-origin Origin beats the non-browser rule', () => ({ headers: { 'user-agent': CURL, origin: 'https://evil.example.com' } }), ['signed-out', 'header-missing-cors']],
    ['same-origin Origin', () => ({ headers: { 'user-agent': BROWSER, origin: `http://${HOST}` }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }), SIGNED_IN],
    ['Origin differing only by scheme (the origin\'s own scheme is used)', () => ({ headers: { 'user-agent': BROWSER, origin: `https://${HOST}` }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }), SIGNED_IN],
    ['Origin differing by port', () => ({ headers: { 'user-agent': BROWSER, origin: `http://${HOST}:8080` }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }), ['signed-out', 'header-missing-cors']],
    [
      'Origin matching X-Forwarded-Host/Proto',
      () => ({ headers: { 'user-agent': BROWSER, origin: 'https://public.example.com', 'x-forwarded-host': 'public.example.com, internal', 'x-forwarded-proto': 'https,http' }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }),
      SIGNED_IN,
    ],
    [
      'Origin not matching X-Forwarded-Proto',
      () => ({ headers: { 'user-agent': BROWSER, origin: 'https://public.example.com', 'x-forwarded-host': 'public.example.com', 'x-forwarded-proto': 'http' }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }),
      ['signed-out', 'header-missing-cors'],
    ],
    ['Origin: null (opaque origin) -> unexpected-error', () => ({ headers: { 'user-agent': BROWSER, origin: 'null' }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }), ['signed-out', 'unexpected-error']],
    ['cross-origin Referer in dev', () => ({ headers: { 'user-agent': BROWSER, referer: 'https://accounts.example.com/sign-in' }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }), ['interstitial', 'cross-origin-referrer']],
    ['same-origin Referer', () => ({ headers: { 'user-agent': BROWSER, referer: `http://${HOST}/previous` }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }), SIGNED_IN],
    ['a Referer that is not a URL -> unexpected-error', () => ({ headers: { 'user-agent': BROWSER, referer: 'not a url' }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }), ['signed-out', 'unexpected-error']],
    ['uat-missing beats the cross-origin Referer', () => ({ headers: { 'user-agent': BROWSER, referer: 'https://accounts.example.com/sign-in' } }), ['interstitial', 'uat-missing']],
    ['"Amazon CloudFront" counts as a browser', () => ({ headers: { 'user-agent': 'Amazon CloudFront' }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }), SIGNED_IN],
    ['"mozilla/5.0" (lower case) is not a browser', () => ({ headers: { 'user-agent': 'mozilla/5.0' }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }), ['signed-out', 'header-missing-non-browser']],
    ['non-numeric __client_uat (v4: NaN comparisons, signed in)', () => ({ headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint(), __client_uat: 'abc' } }), SIGNED_IN],
    ['percent-encoded __client_uat', () => ({ headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint(), __client_uat: [...uatBefore()].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('') } }), SIGNED_IN],
    ['an empty __session cookie counts as missing', () => ({ headers: { 'user-agent': BROWSER }, cookies: { __session: '', __client_uat: uatBefore() } }), ['interstitial', 'cookie-missing']],
    ['other cookies around them', () => ({ headers: { 'user-agent': BROWSER }, cookies: { theme: 'dark', __session: K.mint(), other: 'a=b', __client_uat: uatBefore() } }), SIGNED_IN],
    ['authorizedParties also applies to the cookie', () => ({ headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint(), __client_uat: uatBefore() }, runtime: { authorizedParties: ['https://x.example.com'] } }), ['signed-out', 'token-invalid-authorized-parties']],
    ['the primary in dev answers a satellite sync request', () => ({ path: '/?__clerk_satellite_url=https%3A%2F%2Fsatellite.example.com', headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }), ['interstitial', 'primary-responds-to-syncing']],
  ];
  for (const [name, input, expected] of cases) test(name, () => same(input(), expected));

  test('the interstitial message carries the full message with token-carrier=cookie', async () => {
    const r = await same({ headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint({ claims: { exp: now() - 60 } }), __client_uat: uatBefore() } }, ['interstitial', 'token-expired']);
    assert.match(r.v4.ok.message, /\(reason=token-expired, token-carrier=cookie\)$/);
  });

  test('a signed-in state from the cookie: token, toAuth(), getToken()', async () => {
    const t = K.mint();
    const r = await same({ headers: { 'user-agent': BROWSER }, cookies: { __session: t, __client_uat: uatBefore() }, template: 'hasura' }, SIGNED_IN);
    assert.equal(r.v4.ok.token, t);
    assert.equal(r.v4.ok.auth.getToken.value, t);
    assert.equal(r.v4.ok.auth.values.orgRole, 'org:admin');
    assert.deepStrictEqual(r.v4.ok.auth.has.role, { value: true });
    assert.deepStrictEqual(r.v4.ok.auth.has.permission, { value: true });
    assert.deepStrictEqual(r.v4.ok.auth.debug.secretKey, 'sk_test');
    assert.deepStrictEqual(r.v4.ok.auth.debug.jwtKey, '-----BE');
  });
});

describe('B. cookies, with a production key (sk_live_)', () => {
  const cases = [
    ['no cookies, non-browser', () => ({ key: 'live', headers: { 'user-agent': CURL } }), ['signed-out', 'cookie-and-uat-missing']],
    ['no cookies, browser', () => ({ key: 'live', headers: { 'user-agent': BROWSER } }), ['signed-out', 'cookie-and-uat-missing']],
    ['non-browser with valid cookies', () => ({ key: 'live', headers: { 'user-agent': CURL }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }), SIGNED_IN],
    ['valid __session without __client_uat', () => ({ key: 'live', headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint() } }), ['interstitial', 'cookie-outdated']],
    ['__client_uat > 0 without __session', () => ({ key: 'live', headers: { 'user-agent': BROWSER }, cookies: { __client_uat: uatBefore() } }), ['interstitial', 'cookie-missing']],
    ['__client_uat=0', () => ({ key: 'live', headers: { 'user-agent': BROWSER }, cookies: { __client_uat: '0' } }), ['signed-out', 'standard-signed-out']],
    ['cross-origin Referer is fine in production', () => ({ key: 'live', headers: { 'user-agent': BROWSER, referer: 'https://accounts.example.com/' }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }), SIGNED_IN],
    ['cross-origin Origin', () => ({ key: 'live', headers: { 'user-agent': BROWSER, origin: 'https://evil.example.com' }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }), ['signed-out', 'header-missing-cors']],
    ['expired __session', () => ({ key: 'live', headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint({ claims: { exp: now() - 60 } }), __client_uat: uatBefore() } }), ['interstitial', 'token-expired']],
    ['__client_uat newer than iat', () => ({ key: 'live', headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint(), __client_uat: uatAfter() } }), ['interstitial', 'cookie-outdated']],
    ['a key that is neither dev nor live', () => ({ key: 'sk_other_123', headers: { 'user-agent': CURL }, cookies: { __session: K.mint() } }), ['interstitial', 'cookie-outdated']],
    ['the legacy test_ prefix counts as dev', () => ({ key: 'test_legacyKey', headers: { 'user-agent': CURL } }), ['signed-out', 'header-missing-non-browser']],
  ];
  for (const [name, input, expected] of cases) test(name, () => same(input(), expected));
});

describe('satellite and proxyUrl options', () => {
  const SAT = { isSatellite: true, domain: 'satellite.example.com', signInUrl: 'https://primary.example.com/sign-in' };
  const cases = [
    ['dev, browser, not synced', () => ({ runtime: SAT, headers: { 'user-agent': BROWSER } }), ['interstitial', 'satellite-needs-syncing']],
    ['dev, non-browser: the dev non-browser rule comes first', () => ({ runtime: SAT, headers: { 'user-agent': CURL } }), ['signed-out', 'header-missing-non-browser']],
    ['live, non-browser, not synced', () => ({ key: 'live', runtime: SAT, headers: { 'user-agent': CURL } }), ['signed-out', 'satellite-needs-syncing']],
    ['live, browser, __client_uat=0', () => ({ key: 'live', runtime: SAT, headers: { 'user-agent': BROWSER }, cookies: { __client_uat: '0' } }), ['interstitial', 'satellite-needs-syncing']],
    ['dev, browser, just synced (?__clerk_synced=true)', () => ({ runtime: SAT, path: '/?__clerk_synced=true', headers: { 'user-agent': BROWSER } }), ['interstitial', 'uat-missing']],
    ['signed in: no issuer check for satellites', () => ({ runtime: SAT, headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint({ claims: { iss: 'https://evil.example.com' } }), __client_uat: uatBefore() } }), SIGNED_IN],
    ['proxyUrl instead of domain', () => ({ runtime: { isSatellite: true, proxyUrl: 'https://app.example.com/__clerk', signInUrl: SAT.signInUrl }, headers: { 'user-agent': BROWSER } }), ['interstitial', 'satellite-needs-syncing']],
    ['satellite options given to the constructor', () => ({ client: { isSatellite: true, domain: 'satellite.example.com' }, runtime: { signInUrl: SAT.signInUrl }, headers: { 'user-agent': BROWSER } }), ['interstitial', 'satellite-needs-syncing']],
    ['live key: no signInUrl needed', () => ({ key: 'live', runtime: { isSatellite: true, domain: 'satellite.example.com' }, headers: { 'user-agent': BROWSER } }), ['interstitial', 'satellite-needs-syncing']],
    ['missing domain and proxyUrl throws', () => ({ runtime: { isSatellite: true, signInUrl: SAT.signInUrl }, headers: { 'user-agent': BROWSER } }), 'Missing domain and proxyUrl. A satellite application needs to specify a domain or a proxyUrl'],
    ['dev without signInUrl throws', () => ({ runtime: { isSatellite: true, domain: 'satellite.example.com' }, headers: { 'user-agent': BROWSER } }), 'Missing signInUrl. Pass a signInUrl for dev instances if an app is satellite'],
    ['a relative signInUrl with an Origin header throws', () => ({ runtime: { ...SAT, signInUrl: '/sign-in' }, headers: { 'user-agent': BROWSER, origin: `http://${HOST}` } }), 'The signInUrl needs to have a absolute url format.'],
    ['a signInUrl on the Origin throws', () => ({ runtime: { ...SAT, signInUrl: `http://${HOST}/sign-in` }, headers: { 'user-agent': BROWSER, origin: `http://${HOST}` } }), 'The signInUrl needs to be on a different origin than your satellite application.'],
    ['proxyUrl: a token from the Clerk issuer is refused (the proxy is the issuer)', () => ({ runtime: { proxyUrl: 'https://app.example.com/__clerk' }, headers: bearer(K.mint()) }), ['signed-out', 'token-invalid-issuer']],
    ['proxyUrl: a token issued by the proxy', () => ({ runtime: { proxyUrl: 'https://app.example.com/__clerk' }, headers: bearer(K.mint({ claims: { iss: 'https://app.example.com/__clerk' } })) }), SIGNED_IN],
    ['proxyUrl (constructor), cookie flow', () => ({ client: { proxyUrl: 'https://app.example.com/__clerk' }, headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint({ claims: { iss: 'https://app.example.com/__clerk' } }), __client_uat: uatBefore() } }), SIGNED_IN],
    ['proxyUrl, interstitial state reports it', () => ({ runtime: { proxyUrl: 'https://app.example.com/__clerk' }, headers: { 'user-agent': BROWSER } }), ['interstitial', 'uat-missing']],
    ['signUpUrl/afterSignInUrl/afterSignUpUrl are echoed', () => ({ runtime: { signInUrl: '/in', signUpUrl: '/up', afterSignInUrl: '/after-in', afterSignUpUrl: '/after-up' }, headers: { 'user-agent': CURL } }), ['signed-out', 'header-missing-non-browser']],
  ];
  for (const [name, input, expected] of cases) test(name, () => same(input(), expected));
});

describe('keys, the publishable key and debug()', () => {
  test('no secret key at all: the missing-key error', async () => {
    await same({ key: null, headers: bearer(K.mint()) }, 'Missing Clerk Secret Key or API Key. Go to https://dashboard.clerk.com and get your key for your instance.');
  });

  test('the deprecated apiKey is used as the secret key', async () => {
    await same({ key: null, client: { apiKey: 'test_legacyApiKey' }, headers: { 'user-agent': CURL } }, ['signed-out', 'header-missing-non-browser']);
  });

  test('a live publishable key', async () => {
    await same({ key: 'live', client: { publishableKey: K.PUBLISHABLE_KEY_LIVE }, headers: { 'user-agent': CURL } }, ['signed-out', 'cookie-and-uat-missing']);
  });

  test('no publishable key at all (v4: frontendApi is "")', async () => {
    await same({ client: { publishableKey: undefined }, headers: { 'user-agent': BROWSER } }, ['interstitial', 'uat-missing']);
  });

  test('a publishable key that is not base64 (v4: atob throws InvalidCharacterError)', async () => {
    await same({ client: { publishableKey: 'pk_test_notbase64$$' }, headers: { 'user-agent': BROWSER } }, 'Invalid character');
  });

  test('a publishable key without the "$" terminator (v4: frontendApi is "")', async () => {
    await same({ client: { publishableKey: `pk_test_${Buffer.from('nodollar').toString('base64')}` }, headers: { 'user-agent': BROWSER } }, ['interstitial', 'uat-missing']);
  });

  test('D1: debug().apiUrl defaults to https://api.clerk.com for ours (https://api.clerk.dev for v4)', async () => {
    const r = await run({ client: { apiUrl: undefined }, headers: { 'user-agent': CURL } });
    assert.equal(r.v4.ok.auth.debug.apiUrl, 'https://api.clerk.dev');
    assert.equal(r.ours.ok.auth.debug.apiUrl, 'https://api.clerk.com');
    r.ours.ok.auth.debug.apiUrl = r.v4.ok.auth.debug.apiUrl;
    assert.deepStrictEqual(r.ours, r.v4);
  });

  test('debug() of a signed-in header request', async () => {
    const r = await same({ client: { apiVersion: 'v1' }, headers: bearer(K.mint()) }, SIGNED_IN);
    assert.deepStrictEqual(
      { apiUrl: r.v4.ok.auth.debug.apiUrl, apiVersion: r.v4.ok.auth.debug.apiVersion, secretKey: r.v4.ok.auth.debug.secretKey, status: r.v4.ok.auth.debug.status },
      { apiUrl: api.url, apiVersion: 'v1', secretKey: 'sk_test', status: 'signed-in' },
    );
  });
});

describe('debug() contents', () => {
  // v4's debug() is a copy of every option authenticateRequest ran with (request fields
  // included), keys cut to 7 characters.
  const debugOf = async (sdk, headers) => {
    const c = sdk.createClerkClient({ secretKey: K.DEV_SECRET, apiUrl: api.url, jwtKey: JWT_KEY, publishableKey: K.PUBLISHABLE_KEY });
    const st = await c.authenticateRequest({ request: new Request(`http://${HOST}/x?y=1`, { headers: { host: HOST, ...headers } }) });
    const d = st.toAuth().debug();
    const out = { keys: Object.keys(d).sort() };
    for (const k of ['host', 'origin', 'referrer', 'userAgent', 'forwardedHost', 'forwardedProto', 'forwardedPort', 'headerToken', 'cookieToken', 'clientUat', 'status', 'reason', 'token']) out[k] = d[k] === undefined ? '<undefined>' : d[k];
    return out;
  };
  for (const [name, headers] of [
    ['signed-out', { 'user-agent': CURL, origin: `http://${HOST}`, referer: `http://${HOST}/a`, 'x-forwarded-host': HOST, 'x-forwarded-proto': 'http', 'x-forwarded-port': '80' }],
    ['signed-in', () => bearer(K.mint())],
  ]) {
    test(`the keys and request fields of a ${name} debug()`, async () => {
      const h = typeof headers === 'function' ? headers() : headers;
      assert.deepStrictEqual(await debugOf(ours, h), await debugOf(v4, h));
    });
  }
});

describe('D2: createClerkClient() takes missing options from the environment', () => {
  test('CLERK_SECRET_KEY, CLERK_JWT_KEY, CLERK_PUBLISHABLE_KEY: ours signs the request in; v4 has no key', async () => {
    const { withEnv } = await import('./helpers/setup.mjs');
    await withEnv({ CLERK_SECRET_KEY: K.DEV_SECRET, CLERK_JWT_KEY: JWT_KEY, CLERK_PUBLISHABLE_KEY: K.PUBLISHABLE_KEY, CLERK_API_URL: api.url }, async () => {
      const request = () => new Request(`http://${HOST}/`, { headers: { host: HOST, ...bearer(K.mint()) } });
      const v4Outcome = await K.outcomeOf(() => v4.createClerkClient({}).authenticateRequest({ request: request() }));
      assert.match(v4Outcome.error?.message ?? '', /^Missing Clerk Secret Key/);
      const st = await ours.createClerkClient({}).authenticateRequest({ request: request() });
      assert.equal(st.status, 'signed-in', `${st.reason}: ${st.message}`);
      assert.equal(st.toAuth().userId, K.USER_ID);
      assert.equal(st.publishableKey, K.PUBLISHABLE_KEY);
    });
  });
});

describe('D5: the _clerk_session_id query parameter', () => {
  test('equal to the token sid: signed in, like v4', async () => {
    await same({ path: `/?_clerk_session_id=${K.SESSION_ID}`, headers: bearer(K.mint()) }, SIGNED_IN);
    await same({ path: `/x?a=1&_clerk_session_id=${K.SESSION_ID}`, headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint(), __client_uat: uatBefore() } }, SIGNED_IN);
  });

  for (const [name, input] of [
    ['header token', () => ({ path: '/?_clerk_session_id=sess_2someoneElse', headers: bearer(K.mint()) })],
    ['cookie token', () => ({ path: '/?_clerk_session_id=sess_2someoneElse', headers: { 'user-agent': BROWSER }, cookies: { __session: K.mint(), __client_uat: uatBefore() } })],
  ]) {
    test(`another session id (${name}): ours signed-out session-id-mismatch; v4 ignores it`, async () => {
      const r = await run(input());
      assert.equal(r.v4.ok.status, 'signed-in');
      assert.equal(r.ours.ok?.status, 'signed-out', JSON.stringify(r.ours).slice(0, 400));
      assert.equal(r.ours.ok.reason, 'session-id-mismatch');
      assert.equal(r.ours.ok.token, null);
      assert.deepStrictEqual(r.ours.ok.auth.values.sessionId, null);
      assert.deepStrictEqual(r.ours.ok.auth.values.userId, null);
      assert.deepStrictEqual(r.ours.ok.auth.getToken, { value: null });
    });
  }

  test('an invalid token stays what it was (the parameter never signs anyone in)', async () => {
    const r = await run({ path: `/?_clerk_session_id=${K.SESSION_ID}`, headers: bearer(K.mint({ key: KEYS.b })) });
    assert.equal(r.ours.ok.status, 'signed-out');
    assert.equal(r.ours.ok.reason, 'token-invalid-signature');
  });
});
