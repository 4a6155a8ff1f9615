'use strict';
// The Connect/Express middlewares of v4: (req, res, next) glue around one native
// authenticate call. Every failure reaches next(err) (S6); RequireAuth's refusal carries
// status 401 (S5).
const { NATIVE, OPTIONS } = require('./client');

// v4's handleValueOrFn.
function valueOrFn(value, url, fallback) {
  if (typeof value === 'function') return value(url());
  if (typeof value !== 'undefined') return value;
  return fallback;
}

const isHttpOrHttps = (key) => /^http(s)?:\/\//.test(key || '');

// A relative proxyUrl (`/__clerk`) is resolved against the request URL.
function absoluteProxyUrl(value, url) {
  if (!value || !value.startsWith('/')) return value;
  return new URL(value, url().toString()).toString();
}

const first = (v) => (v == null ? undefined : String(v).split(',')[0]);

// The URL the browser asked for (v4's buildRequestUrl over the dummy-origin request).
function requestUrlOf(req) {
  const h = req.headers;
  const protocol = req.connection && req.connection.encrypted ? 'https' : 'http';
  const initial = new URL(req.url || '', `${protocol}://clerk-dummy`);
  const host = first(h['x-forwarded-host']) ?? (h.host || initial.host);
  const proto = first(h['x-forwarded-proto']) ?? protocol;
  return new URL(initial.pathname, host && proto ? `${proto}://${host}` : '');
}

const header = (h, name) => {
  const v = h[name];
  if (v === undefined || v === '') return undefined;
  return Array.isArray(v) ? v.join(', ') : v;
};

// D5: `_clerk_session_id` from the query string (v4 drops the query before reading it).
function sessionIdParam(url) {
  const q = url.indexOf('?');
  if (q < 0 || url.indexOf('_clerk_session_id', q) < 0) return undefined;
  return new URLSearchParams(url.slice(q + 1)).get('_clerk_session_id') ?? undefined;
}

const MISSING_DOMAIN = 'Missing domain and proxyUrl. A satellite application needs to specify a domain or a proxyUrl';
const MISSING_SIGN_IN_URL = `
Invalid signInUrl. A satellite application requires a signInUrl for development instances.
Check if signInUrl is missing from your configuration or if it is not an absolute URL.`;

const isDevKey = (key) => key.startsWith('test_') || key.startsWith('sk_test_');

// v4's sdk-node authenticateRequest(): options and env per request, then the client's.
function authenticate(clerkClient, createOpts, options, req) {
  const env = process.env;
  let url;
  const requestUrl = () => (url ??= requestUrlOf(req));
  const isSatellite = valueOrFn(options.isSatellite, requestUrl, env.CLERK_IS_SATELLITE === 'true');
  const domain = valueOrFn(options.domain, requestUrl) || env.CLERK_DOMAIN || '';
  const signInUrl = options.signInUrl || env.CLERK_SIGN_IN_URL || '';
  const proxyUrl = absoluteProxyUrl(valueOrFn(options.proxyUrl, requestUrl, env.CLERK_PROXY_URL || ''), requestUrl);
  if (isSatellite && !proxyUrl && !domain) throw new Error(MISSING_DOMAIN);
  const key = createOpts.secretKey || createOpts.apiKey || (clerkClient[NATIVE] ? clerkClient.secretKey || clerkClient.apiKey || '' : '');
  if (isSatellite && !isHttpOrHttps(signInUrl) && isDevKey(key)) throw new Error(MISSING_SIGN_IN_URL);
  const runtime = {
    audience: options.audience,
    apiKey: createOpts.apiKey,
    secretKey: createOpts.secretKey,
    frontendApi: createOpts.frontendApi,
    publishableKey: createOpts.publishableKey,
    jwtKey: options.jwtKey,
    authorizedParties: options.authorizedParties,
    proxyUrl,
    isSatellite,
    domain,
    signInUrl,
  };
  if (!clerkClient[NATIVE]) {
    // Another client (not ours): go through its public authenticateRequest.
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    return clerkClient.authenticateRequest({ ...runtime, request: new Request(requestUrl(), { method: req.method, headers }) });
  }
  const h = req.headers;
  const input = {
    authorization: header(h, 'authorization'),
    cookie: header(h, 'cookie'),
    origin: header(h, 'origin'),
    host: header(h, 'host'),
    forwardedHost: header(h, 'x-forwarded-host'),
    forwardedPort: header(h, 'x-forwarded-port'),
    forwardedProto: header(h, 'cloudfront-forwarded-proto') || header(h, 'x-forwarded-proto'),
    referrer: header(h, 'referer'),
    userAgent: header(h, 'user-agent'),
    sessionId: sessionIdParam(req.url || ''),
  };
  const { authenticateWith } = require('./clientAuth');
  return authenticateWith(clerkClient, clerkClient[OPTIONS] || {}, runtime, input);
}

async function loadInterstitial(clerkClient, state) {
  const clerkJSVersion = process.env.CLERK_JS_VERSION || '';
  const clerkJSUrl = process.env.CLERK_JS || '';
  if (state.publishableKey || state.frontendApi) {
    return clerkClient.localInterstitial({
      frontendApi: state.publishableKey ? '' : state.frontendApi,
      publishableKey: state.publishableKey,
      proxyUrl: state.proxyUrl,
      signInUrl: state.signInUrl,
      isSatellite: state.isSatellite,
      domain: state.domain,
      clerkJSVersion,
      clerkJSUrl,
    });
  }
  return clerkClient.remotePrivateInterstitial();
}

function decorate(res, state) {
  if (state.message) res.setHeader('x-clerk-auth-message', encodeURIComponent(state.message));
  if (state.reason) res.setHeader('x-clerk-auth-reason', encodeURIComponent(state.reason));
  if (state.status) res.setHeader('x-clerk-auth-status', encodeURIComponent(state.status));
}

function unauthenticated() {
  const err = new Error('Unauthenticated');
  err.status = 401; // S5
  err.statusCode = 401;
  return err;
}

function createMiddlewareFactory(requireAuth) {
  return (createOpts) => {
    const { clerkClient, frontendApi = '', apiKey = '', secretKey = '', publishableKey = '' } = createOpts;
    const opts = { frontendApi, apiKey, secretKey, publishableKey };
    return (options = {}) =>
      async function clerkMiddleware(req, res, next) {
        let outcome;
        try {
          let state = authenticate(clerkClient, opts, options || {}, req);
          if (state && typeof state.then === 'function') state = await state;
          decorate(res, state);
          if (state.isUnknown) {
            res.writeHead(401, { 'Content-Type': 'text/html' });
            res.end();
            return;
          }
          if (state.isInterstitial) {
            const html = await loadInterstitial(clerkClient, state);
            res.writeHead(401, { 'Content-Type': 'text/html' });
            res.end(html);
            return;
          }
          if (requireAuth && !state.isSignedIn) {
            outcome = unauthenticated();
          } else {
            const auth = state.toAuth();
            req.auth = { ...auth, claims: auth.sessionClaims };
          }
        } catch (err) {
          outcome = err; // S6
        }
        if (outcome) next(outcome);
        else next();
      };
  };
}

const createClerkExpressWithAuth = createMiddlewareFactory(false);
const createClerkExpressRequireAuth = createMiddlewareFactory(true);

module.exports = { createClerkExpressWithAuth, createClerkExpressRequireAuth };
