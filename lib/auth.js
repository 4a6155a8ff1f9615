'use strict';
// authenticateRequest and what it returns (request states, auth objects), as v4 shapes
// them. The decision itself is one native call (src/auth.rs).
const native = require('./native');
const { withEnv } = require('./env');
const { deprecated } = require('./deprecated');
const { syntaxError, withOrgs, partiesOption } = require('./tokens');
// The packed input's field orders, the flags and the answer kinds are declared in Rust
// (src/contract.rs) and written out there, with the packers, as lib/generated/contract.js.
const contract = require('./generated/contract');

const { SATELLITE_TRUE, SATELLITE_FALSE, AFTER_FETCH, MIDDLEWARE, ENCRYPTED } = contract.AuthFlags;
const { State, Remember, Error: Thrown, DomException, NeedSyntaxMessage, Fetch } = contract.AuthAnswer;

const NUL = '\u0000';
const v = (x) => (typeof x === 'string' ? x : x === undefined || x === null ? '' : String(x));
const sameText = (x, y) => x === y || v(x) === v(y);

// The request half of the native input: one string crosses the boundary instead of a
// property per field. Written out field by field by the generator: each property read is
// a plain one (a loop through the names would read megamorphically on every request).
const packRequest = (r) => contract.packRequest(r, v);

// Whether two requests' fields pack the same (every remembered middleware request asks).
const sameRequest = (r, s) => contract.sameRequest(r, s, sameText);

const json = (x) => (x === undefined || x === null || x === '' ? '' : JSON.stringify(x));
// As JSON (a party may hold any character, the separators included); empty: no check.
const parties = (x) => partiesOption(x) ?? '';

// The options half; the trailing field (syntaxMessage) is left empty here.
const packOptions = (o) => contract.packOptions(o, v, json, parties);

// v4's `runtime || buildtime`, for each of `names`: a value given for this call wins over
// the build-time one. The one place the rule is written.
function runtimeWins(runtime, buildtime, names) {
  const out = { ...runtime };
  for (const name of names) out[name] = runtime[name] || buildtime[name];
  return out;
}

const satelliteFlags = (isSatellite) => (isSatellite === true ? SATELLITE_TRUE : isSatellite === false ? SATELLITE_FALSE : 0);

// Runs a native authenticate `call(request, options, flags)`, doing what it asks for
// first (a JWKS fetch; JS's own JSON.parse message for an undecodable token). Sync
// unless a fetch is needed. `remember(until, stateText)`: told of an answer the same
// request may get again until then (lib/memo.js).
const fetchJwksNow = (url, secretKey) => withEnv(() => native.fetchJwks(url, secretKey));
const authenticateNow = (request, options, flags) => withEnv(() => native.authenticateRequest(request, options, flags));

function run(call, request, options, flags, fetchJwks = fetchJwksNow, remember = undefined) {
  const answer = call(request, options, flags);
  const rest = answer.slice(1);
  switch (answer.charCodeAt(0)) {
    case State:
      return JSON.parse(rest);
    case Remember: {
      // `until;state`
      const semi = rest.indexOf(';');
      const text = rest.slice(semi + 1);
      if (remember) remember(Number(rest.slice(0, semi)), text);
      return JSON.parse(text);
    }
    case Thrown: // an Error v4 throws
      throw new Error(rest);
    case DomException: // what atob throws on a publishable key that is not base64
      throw new DOMException(rest, 'InvalidCharacterError');
    case NeedSyntaxMessage: // v4's message for this undecodable token part is JSON.parse's
      return run(call, request, options + syntaxError(rest).message.replaceAll(NUL, ''), flags, fetchJwks, remember);
    case Fetch: {
      // load the keys, then decide
      const { url, secretKey } = JSON.parse(rest);
      return fetchJwks(url, secretKey === null ? undefined : secretKey).then(() => run(call, request, options, flags | AFTER_FETCH, fetchJwks, remember));
    }
    default:
      throw new Error(`clerk-sdk-node-rs: unknown native answer ${JSON.stringify(answer.slice(0, 1))}`);
  }
}

// The request-derived inputs of a fetch `Request` (v4's isomorphic request).
function requestInput(request) {
  if (!request) return {};
  const h = (name) => request.headers.get(name) || undefined;
  const input = {
    authorization: h('authorization'),
    cookie: h('cookie'),
    origin: h('origin'),
    host: h('host'),
    forwardedHost: h('x-forwarded-host'),
    forwardedPort: h('x-forwarded-port'),
    forwardedProto: h('cloudfront-forwarded-proto') || h('x-forwarded-proto'),
    referrer: h('referer'),
    userAgent: h('user-agent'),
  };
  const url = request.url ? new URL(request.url) : undefined;
  if (url && url.search) {
    input.clerkSynced = url.searchParams.get('__clerk_synced') ?? undefined;
    input.clerkSatelliteUrl = url.searchParams.get('__clerk_satellite_url') ?? undefined;
    input.sessionId = url.searchParams.get('_clerk_session_id') ?? undefined; // D5
    input.searchParams = url.searchParams;
  }
  return input;
}

const str = (v) => (typeof v === 'string' && v !== '' ? v : undefined);

// The request-derived options v4's debug() shows. `request`: the fetch Request v4 ran
// with (built when asked for, by the middlewares); `middleware`: v4's sdk-node call.
function debugRequestFields(input, request = undefined, middleware = false) {
  const { origin, host, forwardedHost, forwardedPort, forwardedProto, referrer, userAgent } = input;
  const req = request && (typeof request === 'function' ? request() : request);
  const searchParams = req && req.url ? new URL(req.url).searchParams : input.searchParams;
  return { origin, host, forwardedHost, forwardedPort, forwardedProto, referrer, userAgent, searchParams, request: req, middleware };
}

// The options @clerk/backend's factory merges, in its order; and the ones authenticateRequest
// reads from the request's headers.
const MERGED = ['apiKey', 'secretKey', 'audience', 'apiUrl', 'apiVersion', 'frontendApi', 'proxyUrl', 'publishableKey', 'isSatellite', 'domain', 'jwtKey', 'searchParams'];
const FROM_HEADERS = ['origin', 'host', 'forwardedHost', 'forwardedPort', 'forwardedProto', 'referrer', 'userAgent'];

// v4's debug() data: the options in the order v4 assembled them: the other options given
// (sdk-node's middleware adds signInUrl and request), the merged ones, those read from the
// request's headers, the cookies.
function debugOptions(o, common, req, headerToken, raw) {
  const out = {};
  for (const k of Object.keys(o)) if (!MERGED.includes(k)) out[k] = o[k];
  if (req.middleware) {
    out.signInUrl = o.signInUrl || common.signInUrl || '';
    out.request = req.request;
  }
  Object.assign(out, {
    apiKey: o.apiKey, secretKey: o.secretKey, audience: o.audience, apiUrl: o.apiUrl, apiVersion: o.apiVersion,
    frontendApi: common.frontendApi, proxyUrl: common.proxyUrl, publishableKey: common.publishableKey,
    isSatellite: common.isSatellite, domain: common.domain, jwtKey: o.jwtKey, searchParams: o.searchParams || req.searchParams,
  });
  if (req.request) {
    out.headerToken = headerToken ?? undefined;
    for (const k of FROM_HEADERS) out[k] = req[k];
  }
  out.cookieToken = raw.cookieToken ?? undefined;
  out.clientUat = raw.clientUat ?? undefined;
  return out;
}

// v4's `createDebug`: a copy of the options with the keys cut to 7 characters.
const createDebug = (getData) => () => {
  const res = { ...getData() };
  res.apiKey = (res.apiKey || '').substring(0, 7);
  res.secretKey = (res.secretKey || '').substring(0, 7);
  res.jwtKey = (res.jwtKey || '').substring(0, 7);
  return { ...res };
};

const hasMissing =
  'Missing parameters. `has` from `auth` or `getAuth` requires a permission or role key to be passed. Example usage: `has({permission: "org:posts:edit"`';

function createHas({ orgId, orgRole, userId, orgPermissions }) {
  return (params) => {
    if (!(params && params.permission) && !(params && params.role)) throw new Error(hasMissing);
    if (!orgId || !userId || !orgRole || !orgPermissions) return false;
    if (params.permission) return orgPermissions.includes(params.permission);
    if (params.role) return orgRole === params.role;
    return false;
  };
}

// `getToken` fetches template tokens with a plain client of the same key and API.
// `keys`: the options, or a function giving them when first needed.
function templateFetcher(keys) {
  let client;
  return (sessionId, template) => {
    if (!client) {
      const { Clerk } = require('./client');
      const { apiKey, secretKey, apiUrl, apiVersion } = typeof keys === 'function' ? keys() : keys;
      client = Clerk({ apiKey, secretKey, apiUrl, apiVersion });
    }
    return client.sessions.getToken(sessionId, template);
  };
}

function signedInAuthObject(sessionClaims, options, debugData) {
  const { act: actor, sid: sessionId, org_id: orgId, org_role: orgRole, org_slug: orgSlug, org_permissions: orgPermissions, sub: userId } = sessionClaims;
  const { apiKey, token, session, user, organization } = options;
  if (apiKey) deprecated('apiKey', 'Use `secretKey` instead.');
  const fetcher = options.fetcher || templateFetcher(options);
  return {
    actor,
    sessionClaims,
    sessionId,
    session,
    userId,
    user,
    orgId,
    orgRole,
    orgSlug,
    orgPermissions,
    organization,
    getToken: async (opts = {}) => {
      if (!sessionId) return null;
      if (opts.template) return fetcher(sessionId, opts.template);
      return token;
    },
    has: createHas({ orgId, orgRole, orgPermissions, userId }),
    debug: typeof debugData === 'function' ? createDebug(debugData) : createDebug(() => ({ ...options, ...debugData })),
  };
}

function signedOutAuthObject(debugData) {
  if (debugData && debugData.apiKey) deprecated('apiKey', 'Use `secretKey` instead.');
  return {
    sessionClaims: null,
    sessionId: null,
    session: null,
    userId: null,
    user: null,
    actor: null,
    orgId: null,
    orgRole: null,
    orgSlug: null,
    orgPermissions: null,
    organization: null,
    getToken: () => Promise.resolve(null),
    has: () => false,
    debug: createDebug(typeof debugData === 'function' ? debugData : () => debugData),
  };
}

// The RequestState v4 returns, from the native answer and the options it ran with.
// `ctx`: { options() (the merged options, for debug), keys() ({apiKey, secretKey,
// apiUrl, apiVersion}, for getToken) }. `raw` is only read (a remembered one is shared);
// `claims`: the token's claims when not in `raw` (a remembered answer's, parsed anew).
function requestState(raw, opts, ctx, claims = raw.claims) {
  const { status, reason, message } = raw;
  // The native answer leaves out the header token when it is the state's token.
  const headerToken = raw.headerToken === null && raw.tokenCarrier === 'header' && raw.token ? raw.token : raw.headerToken;
  const common = {
    frontendApi: raw.frontendApi,
    proxyUrl: raw.proxyUrl,
    publishableKey: raw.publishableKey,
    domain: raw.domain,
    isSatellite: raw.isSatellite,
    signInUrl: raw.signInUrl ?? opts.signInUrl,
    signUpUrl: opts.signUpUrl,
    afterSignInUrl: opts.afterSignInUrl,
    afterSignUpUrl: opts.afterSignUpUrl,
  };
  const debugData = (extra, signedIn = false) => () => {
    const o = debugOptions(ctx.options(), common, ctx.request ? ctx.request() : {}, headerToken, raw);
    if (!signedIn) return Object.assign(o, extra);
    // v4's signedIn() puts the API keys and the token first, then the options.
    const first = { secretKey: o.secretKey, apiKey: o.apiKey, apiUrl: o.apiUrl, apiVersion: o.apiVersion, token: undefined, session: undefined, user: undefined, organization: undefined };
    return Object.assign(first, o, extra);
  };
  if (status === 'signed-in') {
    // v4 hands the auth object `cookieToken || headerToken`, whichever flow verified.
    const token = raw.cookieToken || headerToken || '';
    const authObject = signedInAuthObject(
      withOrgs(claims),
      { token, fetcher: templateFetcher(ctx.keys) },
      debugData({ token: raw.token, status }, true),
    );
    return {
      status, reason: null, message: null,
      frontendApi: common.frontendApi, proxyUrl: common.proxyUrl, publishableKey: common.publishableKey,
      domain: common.domain, isSatellite: common.isSatellite,
      signInUrl: common.signInUrl, signUpUrl: common.signUpUrl, afterSignInUrl: common.afterSignInUrl, afterSignUpUrl: common.afterSignUpUrl,
      isSignedIn: true, isInterstitial: false, isUnknown: false,
      toAuth: () => authObject,
      token: raw.token,
    };
  }
  if (status === 'signed-out') {
    return {
      status, reason, message,
      frontendApi: common.frontendApi, proxyUrl: common.proxyUrl, publishableKey: common.publishableKey,
      isSatellite: common.isSatellite, domain: common.domain,
      signInUrl: common.signInUrl, signUpUrl: common.signUpUrl, afterSignInUrl: common.afterSignInUrl, afterSignUpUrl: common.afterSignUpUrl,
      isSignedIn: false, isInterstitial: false, isUnknown: false,
      toAuth: () => signedOutAuthObject(debugData({ status, reason, message })),
      token: null,
    };
  }
  if (status === 'interstitial') {
    return {
      status, reason, message,
      frontendApi: common.frontendApi, publishableKey: common.publishableKey,
      isSatellite: common.isSatellite, domain: common.domain, proxyUrl: common.proxyUrl,
      signInUrl: common.signInUrl, signUpUrl: common.signUpUrl, afterSignInUrl: common.afterSignInUrl, afterSignUpUrl: common.afterSignUpUrl,
      isSignedIn: false, isInterstitial: true, isUnknown: false,
      toAuth: () => null,
      token: null,
    };
  }
  return {
    status, reason, message,
    frontendApi: common.frontendApi, publishableKey: common.publishableKey,
    isSatellite: common.isSatellite, domain: common.domain,
    signInUrl: common.signInUrl, signUpUrl: common.signUpUrl, afterSignInUrl: common.afterSignInUrl, afterSignUpUrl: common.afterSignUpUrl,
    isSignedIn: false, isInterstitial: false, isUnknown: true,
    toAuth: () => null,
    token: null,
  };
}

const debugRequestState = (params) => {
  const { frontendApi, isSignedIn, proxyUrl, isInterstitial, reason, message, publishableKey, isSatellite, domain } = params;
  return { frontendApi, isSignedIn, proxyUrl, isInterstitial, reason, message, publishableKey, isSatellite, domain };
};

// authenticateRequest's options (runtime values merged) → the request fields (for the
// native call and for debug()), and the packed options.
function authInput(o, request) {
  if (o.frontendApi) deprecated('frontendApi', 'Use `publishableKey` instead.');
  if (o.apiKey) deprecated('apiKey', 'Use `secretKey` instead.');
  const fields = requestInput(request);
  if (str(o.headerToken)) fields.authorization = o.headerToken;
  for (const name of ['origin', 'host', 'forwardedHost', 'forwardedPort', 'forwardedProto', 'referrer', 'userAgent', 'cookieToken', 'clientUat']) {
    if (str(o[name])) fields[name] = o[name];
  }
  return { fields, options: packOptions(o), flags: satelliteFlags(o.isSatellite || undefined) };
}

// The options of the interstitial helpers that fall back to build-time values.
const INTERSTITIAL_OPTIONS = ['frontendApi', 'proxyUrl', 'publishableKey', 'isSatellite', 'domain'];

// v4's standalone `createAuthenticateRequest({ options, apiClient })`.
function createAuthenticateRequest(params) {
  const { apiClient } = params;
  const b = params.options || {};
  const buildtime = {
    apiKey: b.apiKey || '', secretKey: b.secretKey || '', jwtKey: b.jwtKey || '',
    apiUrl: b.apiUrl || 'https://api.clerk.com', apiVersion: b.apiVersion || 'v1',
    frontendApi: b.frontendApi || '', proxyUrl: b.proxyUrl || '', publishableKey: b.publishableKey || '',
    isSatellite: b.isSatellite || false, domain: b.domain || '', audience: b.audience || '', userAgent: b.userAgent,
  };
  // The API location is the build-time one (v4 ignores a runtime apiUrl/apiVersion).
  const merge = (runtime) => ({
    ...runtimeWins(runtime, buildtime, ['apiKey', 'secretKey', 'audience', 'frontendApi', 'proxyUrl', 'publishableKey', 'isSatellite', 'domain', 'jwtKey']),
    apiUrl: buildtime.apiUrl,
    apiVersion: buildtime.apiVersion,
  });
  const authenticateRequest = async (runtime = {}) => {
    const o = merge(runtime);
    const { fields, options, flags } = authInput(o, o.request);
    const raw = await run(authenticateNow, packRequest(fields), options, flags);
    return requestState(raw, o, {
      options: () => o,
      request: () => debugRequestFields(fields, o.request),
      keys: () => ({ apiKey: o.apiKey, secretKey: o.secretKey, apiUrl: o.apiUrl, apiVersion: o.apiVersion }),
    });
  };
  const interstitialOptions = (runtime) => runtimeWins(runtime, buildtime, INTERSTITIAL_OPTIONS);
  return {
    authenticateRequest,
    localInterstitial: (runtime = {}) => loadInterstitialFromLocal(interstitialOptions(runtime)),
    remotePublicInterstitial: (runtime = {}) =>
      loadInterstitialFromBAPI({ ...interstitialOptions(runtime), apiUrl: buildtime.apiUrl, userAgent: runtime.userAgent || buildtime.userAgent }),
    remotePrivateInterstitial: () => apiClient.interstitial.getInterstitial(),
    remotePublicInterstitialUrl: buildPublicInterstitialUrl,
    debugRequestState,
  };
}

function interstitialInput(options) {
  const s = (v) => (v === undefined || v === null || v === '' ? undefined : String(v));
  return {
    publishableKey: s(options.publishableKey),
    frontendApi: s(options.frontendApi),
    proxyUrl: s(options.proxyUrl),
    domain: s(options.domain),
    signInUrl: s(options.signInUrl),
    isSatellite: options.isSatellite === true,
    clerkJsUrl: s(options.clerkJSUrl),
    clerkJsVersion: s(options.clerkJSVersion),
    // The deprecated pkgVersion's major chooses the clerk-js version ('' is not the same as absent).
    pkgVersion: options.pkgVersion === undefined || options.pkgVersion === null ? undefined : String(options.pkgVersion),
    debugJson: JSON.stringify(options.debugData || {}),
    apiUrl: s(options.apiUrl),
  };
}

function loadInterstitialFromLocal(options) {
  if (options.frontendApi) deprecated('frontendApi', 'Use `publishableKey` instead.');
  if (options.pkgVersion) deprecated('pkgVersion', 'Use `clerkJSVersion` instead.');
  return native.localInterstitial(interstitialInput(options));
}

function buildPublicInterstitialUrl(options) {
  if (options.frontendApi) deprecated('frontendApi', 'Use `publishableKey` instead.');
  return native.publicInterstitialUrl(interstitialInput(options));
}

async function loadInterstitialFromBAPI(options) {
  if (options.frontendApi) deprecated('frontendApi', 'Use `publishableKey` instead.');
  if (options.pkgVersion) deprecated('pkgVersion', 'Use `clerkJSVersion` instead.');
  const url = buildPublicInterstitialUrl(options);
  const { TokenVerificationError } = require('./tokens');
  const response = await fetch(url, { method: 'GET', headers: { 'Clerk-Backend-SDK': options.userAgent || '@clerk/backend@0.38.15' }, signal: AbortSignal.timeout(30_000) });
  if (!response.ok) {
    throw new TokenVerificationError({
      action: 'Contact support@clerk.com',
      message: `Error loading Clerk Interstitial from ${url} with code=${response.status}`,
      reason: 'interstitial-remote-failed-to-load',
    });
  }
  return cappedText(response, API_ANSWER_LIMIT);
}

// S12: an API answer over 64 MB is refused while it streams (memory stays bounded).
const API_ANSWER_LIMIT = 64 * 1024 * 1024;
async function cappedText(response, limit) {
  const tooLarge = () => new Error(`The Clerk API's answer to ${new URL(response.url).pathname} is larger than ${limit / 1024 / 1024} MB: refused (not read further).`);
  if (Number(response.headers.get('content-length')) > limit) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  const chunks = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > limit) {
        await response.body.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(chunk);
    }
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

module.exports = {
  run,
  packRequest,
  sameRequest,
  packOptions,
  runtimeWins,
  INTERSTITIAL_OPTIONS,
  satelliteFlags,
  MIDDLEWARE,
  ENCRYPTED,
  debugRequestFields,
  requestState,
  authInput,
  createAuthenticateRequest,
  signedInAuthObject,
  signedOutAuthObject,
  debugRequestState,
  loadInterstitialFromLocal,
  loadInterstitialFromBAPI,
  buildPublicInterstitialUrl,
};
