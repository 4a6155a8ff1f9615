'use strict';
// The Connect/Express middlewares of v4: (req, res, next) glue around one native
// authenticate call. Every failure reaches next(err) (S6); RequireAuth's refusal carries
// status 401 (S5).
const { NATIVE } = require('./client');
const env = require('./env');
const auth = require('./auth');
const { AnswerMemo } = require('./memo');

// v4's handleValueOrFn.
function valueOrFn(value, url, fallback) {
  if (typeof value === 'function') return value(url());
  if (typeof value !== 'undefined') return value;
  return fallback;
}

const first = (v) => (v == null ? undefined : String(v).split(',')[0]);

// The URL the browser asked for (v4's buildRequestUrl over the dummy-origin request).
function requestUrlOf(req) {
  const h = req.headers;
  const protocol = req.connection && req.connection.encrypted ? 'https' : 'http';
  const initial = new URL(req.url || '', `${protocol}://clerk-dummy`);
  const host = first(h['x-forwarded-host']) ?? (h.host || initial.host);
  const proto = first(h['x-forwarded-proto']) ?? protocol;
  try {
    return new URL(initial.pathname, host && proto ? `${proto}://${host}` : '');
  } catch {
    // A malformed Host / X-Forwarded-Host never throws out of the middleware (S11).
    return initial;
  }
}

// A header's value as v4's Headers gives it: absent or empty → undefined, repeated →
// joined.
const headerValue = (v) => (v === undefined || v === '' ? undefined : Array.isArray(v) ? v.join(', ') : v);

// D5: `_clerk_session_id` from the query string (v4 drops the query before reading it).
function sessionIdParam(url) {
  const q = url.indexOf('?');
  if (q < 0 || url.indexOf('_clerk_session_id', q) < 0) return undefined;
  return new URLSearchParams(url.slice(q + 1)).get('_clerk_session_id') ?? undefined;
}

// Each header is read by its own name (a read through a variable name would be a
// slower, megamorphic one on every request).
function requestFields(req) {
  const h = req.headers;
  const url = req.url || '';
  return {
    authorization: headerValue(h.authorization),
    cookie: headerValue(h.cookie),
    origin: headerValue(h.origin),
    host: headerValue(h.host),
    forwardedHost: headerValue(h['x-forwarded-host']),
    forwardedPort: headerValue(h['x-forwarded-port']),
    forwardedProto: headerValue(h['cloudfront-forwarded-proto']) || headerValue(h['x-forwarded-proto']),
    referrer: headerValue(h.referer),
    userAgent: headerValue(h['user-agent']),
    sessionId: sessionIdParam(url),
    path: url,
  };
}

const DYNAMIC = ['isSatellite', 'domain', 'proxyUrl'];

// v4's sdk-node authenticateRequest() for one middleware: its options, the factory's
// keys; the environment and the client's options are applied natively (src/auth.rs).
function createAuthenticator(clerkClient, createOpts, options) {
  const base = {
    audience: options.audience,
    apiKey: createOpts.apiKey,
    secretKey: createOpts.secretKey,
    frontendApi: createOpts.frontendApi,
    publishableKey: createOpts.publishableKey,
    jwtKey: options.jwtKey,
    authorizedParties: options.authorizedParties,
    signInUrl: options.signInUrl,
  };
  const dynamic = DYNAMIC.some((name) => typeof options[name] === 'function');
  // Options given as plain values (the usual case) are packed once.
  const resolve = (req) => {
    if (!dynamic) return { ...base, isSatellite: options.isSatellite, domain: options.domain, proxyUrl: options.proxyUrl };
    let url;
    const requestUrl = () => (url ??= requestUrlOf(req));
    return {
      ...base,
      isSatellite: valueOrFn(options.isSatellite, requestUrl),
      domain: valueOrFn(options.domain, requestUrl),
      proxyUrl: valueOrFn(options.proxyUrl, requestUrl),
    };
  };
  const staticRuntime = dynamic ? undefined : resolve();
  const staticPacked = staticRuntime && auth.packOptions(staticRuntime);

  if (!clerkClient[NATIVE]) return foreignAuthenticator(clerkClient, resolve);
  const { authenticateWith } = require('./clientAuth');
  // Answers are remembered only where the options are the same on every request.
  const memo = staticPacked && new AnswerMemo(env);
  return (req) => {
    const runtime = staticRuntime || resolve(req);
    let flags = auth.MIDDLEWARE | auth.satelliteFlags(runtime.isSatellite);
    if (req.connection && req.connection.encrypted) flags |= auth.ENCRYPTED;
    return authenticateWith(clerkClient, runtime, requestFields(req), flags, staticPacked || auth.packOptions(runtime), memo, () => fetchRequestOf(req));
  };
}

// The fetch Request v4 makes of a Node request (for debug(): ours decides without one).
function fetchRequestOf(req) {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  return new Request(requestUrlOf(req), { method: req.method, headers });
}

// Another client than ours: v4's steps in JS, through its public authenticateRequest.
function foreignAuthenticator(clerkClient, resolve) {
  return (req) => {
    const env = process.env;
    const runtime = resolve(req);
    let url;
    const requestUrl = () => (url ??= requestUrlOf(req));
    const isSatellite = runtime.isSatellite ?? env.CLERK_IS_SATELLITE === 'true';
    const domain = runtime.domain || env.CLERK_DOMAIN || '';
    const signInUrl = runtime.signInUrl || env.CLERK_SIGN_IN_URL || '';
    let proxyUrl = runtime.proxyUrl ?? (env.CLERK_PROXY_URL || '');
    if (proxyUrl && proxyUrl.startsWith('/')) proxyUrl = new URL(proxyUrl, requestUrl().toString()).toString();
    return clerkClient.authenticateRequest({
      ...runtime,
      proxyUrl,
      isSatellite,
      domain,
      signInUrl,
      request: fetchRequestOf(req),
    });
  };
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

// encodeURIComponent of the few values the state headers take (statuses, reasons, the
// messages of remembered answers), kept instead of encoded on every request.
const encoded = new Map();
function encode(value) {
  let e = encoded.get(value);
  if (e === undefined) {
    e = encodeURIComponent(value);
    if (encoded.size >= 256) encoded.clear();
    encoded.set(value, e);
  }
  return e;
}

function decorate(res, state) {
  if (state.message) res.setHeader('x-clerk-auth-message', encode(state.message));
  if (state.reason) res.setHeader('x-clerk-auth-reason', encode(state.reason));
  if (state.status) res.setHeader('x-clerk-auth-status', encode(state.status));
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
    const keys = { frontendApi, apiKey, secretKey, publishableKey };
    return (options = {}) => {
      const authenticate = createAuthenticator(clerkClient, keys, options || {});
      return async function clerkMiddleware(req, res, next) {
        let outcome;
        try {
          let state = authenticate(req);
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
            // v4 sets a copy with `claims` added; the state (and so this object) is the
            // middleware's own, so the object itself is completed instead.
            const auth = state.toAuth();
            auth.claims = auth.sessionClaims;
            req.auth = auth;
          }
        } catch (err) {
          outcome = err; // S6
        }
        if (outcome) next(outcome);
        else next();
      };
    };
  };
}

const createClerkExpressWithAuth = createMiddlewareFactory(false);
const createClerkExpressRequireAuth = createMiddlewareFactory(true);

module.exports = { createClerkExpressWithAuth, createClerkExpressRequireAuth };
