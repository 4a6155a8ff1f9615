// Child-process body of secrets.test.mjs: runs fault and bad-input scenarios with
// CLERK_LOGGING=true and recognisable secrets, and prints EVERYTHING a careless app might
// print about each failure: message, String(err), JSON.stringify(err), util.inspect with
// hidden properties, the cause, console.error(err), middleware decisions (status, the
// x-clerk-auth-* headers, next(err)). The parent scans stdout + stderr for the secrets.
//
// Input (environment):
//   CLERK_SECRET_KEY, CLERK_JWT_KEY, CLERK_PUBLISHABLE_KEY, CLERK_API_URL   (the secrets and the API)
//   SECRETS_INPUT   JSON: { apiUrl, otherUrl, refusedUrl, tokens: {name: jwt}, privatePem, badPems: {name: pem} }
// Output: `=== <scenario>` blocks, then `SCENARIOS <n>` and `DONE`.
import util from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const sdk = require('../../index.js');
const input = JSON.parse(process.env.SECRETS_INPUT);
const { apiUrl, otherUrl, refusedUrl, tokens, privatePem, badPems } = input;
const KEY = process.env.CLERK_SECRET_KEY;
const JWT_KEY = process.env.CLERK_JWT_KEY;
const PK = process.env.CLERK_PUBLISHABLE_KEY;

process.on('unhandledRejection', (r) => console.error('UNHANDLED', r));

let scenarios = 0;
function dump(label, value, isError) {
  console.log(`=== ${label}`);
  if (!isError) {
    console.log('value:', util.inspect(value, { depth: 4 }));
    return;
  }
  const err = value;
  console.log('message:', err && err.message);
  console.log('string:', String(err));
  try {
    console.log('json:', JSON.stringify(err));
  } catch (e) {
    console.log('json failed:', e.message);
  }
  console.log('inspect:', util.inspect(err, { showHidden: true, depth: 6 }));
  if (err && err.cause !== undefined) {
    console.log('cause:', String(err.cause), err.cause && err.cause.message);
  }
  if (err && Array.isArray(err.errors)) console.log('errors:', JSON.stringify(err.errors));
  if (err && typeof err.getFullMessage === 'function') console.log('full:', err.getFullMessage());
  console.error(err); // what an app's error handler would print
}

async function scenario(label, fn) {
  scenarios++;
  try {
    const v = await fn();
    dump(label, v, false);
  } catch (err) {
    dump(label, err, true);
  }
}

const client = (opts = {}) => sdk.createClerkClient({ secretKey: KEY, apiUrl, maxRetries: 1, timeoutMs: 400, ...opts });

// ---- Backend API answers and network failures (default client and created clients)
await scenario('401 (default client from env)', () => sdk.users.getUser('user_401'));
await scenario('404', () => client().users.getUser('user_404'));
await scenario('422 on a POST', () => client().users.createUser({ emailAddress: ['x@example.com'], password: 'hunter2hunter2' }));
await scenario('429 with Retry-After', () => client({ maxRetries: 0 }).users.getUserList());
await scenario('500 HTML', () => client().organizations.getOrganization({ organizationId: 'org_500' }));
await scenario('503 retried then error', () => client().sessions.getSession('sess_503'));
await scenario('connection reset', () => client().users.getUser('user_reset'));
await scenario('reset in the middle of the body', () => client().users.getUser('user_mid'));
await scenario('timeout', () => client().users.getUser('user_hang'));
await scenario('truncated JSON', () => client().users.getUser('user_badjson'));
await scenario('redirect to another origin', () => client().users.getUser('user_redirect'));
await scenario('connection refused', () => sdk.createClerkClient({ secretKey: KEY, apiUrl: refusedUrl, maxRetries: 0 }).users.getUser('user_1'));
await scenario('connection refused (deprecated apiKey)', () => sdk.createClerkClient({ apiKey: KEY, apiUrl: refusedUrl, maxRetries: 0 }).clients.verifyClient('some-client-token'));
await scenario('an invalid URL', () => sdk.createClerkClient({ secretKey: KEY, apiUrl: 'http://exa mple.com:99999', maxRetries: 0 }).users.getUser('user_1'));
await scenario('sessions.verifySession with a token (POST body)', () => client().sessions.verifySession('sess_503', tokens.valid));
await scenario('clients.verifyClient with a token (POST body)', () => client().clients.verifyClient(tokens.valid));
await scenario('sessions.getToken', () => client().sessions.getToken('sess_404', 'template'));
await scenario('a secret key with a newline', () => client({ secretKey: `${KEY}\n` }).users.getUser('user_404'));
await scenario('a client whose key comes from the environment', () => sdk.createClerkClient({ apiUrl }).users.getUser('user_404'));

// ---- Token verification: networkless (jwtKey) and bad keys
for (const [name, token] of Object.entries(tokens)) {
  await scenario(`verifyToken(${name}) with jwtKey`, () => sdk.verifyToken(token, { jwtKey: JWT_KEY, authorizedParties: ['https://app.example.com'], issuer: 'https://clerk.example.com' }));
  await scenario(`decodeJwt(${name})`, () => {
    const d = sdk.decodeJwt(token);
    return { alg: d.header.alg, sub: d.payload.sub };
  });
}
for (const [name, pem] of Object.entries(badPems)) {
  await scenario(`verifyToken(valid) with a bad jwtKey: ${name}`, () => sdk.verifyToken(tokens.valid, { jwtKey: pem }));
  await scenario(`verifyJwt(valid) with a bad key: ${name}`, () => sdk.verifyJwt(tokens.valid, { key: pem }));
  await scenario(`hasValidSignature with a bad key: ${name}`, () => sdk.hasValidSignature(sdk.decodeJwt(tokens.valid), pem));
}
await scenario('verifyToken with the private key as jwtKey', () => sdk.verifyToken(tokens.valid, { jwtKey: privatePem }));
await scenario('hasValidSignature with the private key', () => sdk.hasValidSignature(sdk.decodeJwt(tokens.valid), privatePem));
await scenario('signJwt with a broken private key', () => sdk.signJwt({ sub: 'x' }, privatePem.replace(/[A-Za-z]{12}/, 'ZZZZZZZZZZZZ'), { algorithm: 'RS256' }));
await scenario('createClerkClient({jwtKey: private}).verifyToken', () => sdk.createClerkClient({ jwtKey: privatePem }).verifyToken(tokens.valid));

// ---- JWKS failures (keys from the API with the secret key). Without CLERK_JWT_KEY in
// the environment, or clients would use it instead of the JWKS (options fall back to env).
delete process.env.CLERK_JWT_KEY;
for (const prefix of ['jwks500', 'jwks401', 'jwksbad', 'jwksempty', 'jwkshang', 'jwksgood']) {
  await scenario(`JWKS ${prefix}: verifyToken({ secretKey, apiUrl })`, () => sdk.verifyToken(tokens.valid, { secretKey: KEY, apiUrl: `${apiUrl}/${prefix}` }));
  await scenario(`JWKS ${prefix}: client.verifyToken`, () => sdk.createClerkClient({ secretKey: KEY, apiUrl: `${apiUrl}/${prefix}`, timeoutMs: 300, maxRetries: 0 }).verifyToken(tokens.valid));
}
await scenario('JWKS refused', () => sdk.verifyToken(tokens.valid, { secretKey: KEY, apiUrl: refusedUrl }));
await scenario('JWKS unknown kid', () => sdk.verifyToken(tokens.otherKid, { secretKey: KEY, apiUrl: `${apiUrl}/jwksgood` }));
await scenario('base.verifySessionToken (foreign iss)', () => sdk.createClerkClient({ secretKey: KEY, apiUrl: `${apiUrl}/jwksgood` }).base.verifySessionToken(tokens.wrongIss));
await scenario('base.verifySessionToken (JWKS 401)', () => sdk.createClerkClient({ secretKey: KEY, apiUrl: `${apiUrl}/jwks401b` }).base.verifySessionToken(tokens.valid));
process.env.CLERK_JWT_KEY = JWT_KEY;

// ---- Middlewares and authenticateRequest
const RES = (label) => {
  const res = {
    headers: {},
    setHeader(k, v) {
      this.headers[k] = v;
    },
    getHeader(k) {
      return this.headers[k];
    },
    writeHead(s, h) {
      this.statusCode = s;
      Object.assign(this.headers, h || {});
    },
    end(body) {
      this.body = body;
      this.done?.();
    },
  };
  return res;
};
function runMiddleware(mw, req) {
  return new Promise((resolve, reject) => {
    const res = RES();
    const finish = (err) => {
      // The body (an interstitial page goes to the browser) is printed whole: it is scanned too.
      const summary = { status: res.statusCode, headers: res.headers, auth: req.auth ? { userId: req.auth.userId, sessionId: req.auth.sessionId } : undefined, body: res.body === undefined ? undefined : String(res.body) };
      if (err) {
        err.middleware = summary;
        reject(err);
      } else resolve(summary);
    };
    res.done = () => finish();
    mw(req, res, (err) => finish(err));
  });
}
const host = { host: 'app.example.com', 'user-agent': 'Mozilla/5.0', referer: 'https://app.example.com/', 'x-forwarded-proto': 'https' };
const REQS = {
  'bearer valid': { headers: { ...host, authorization: `Bearer ${tokens.valid}` } },
  'bearer bad signature': { headers: { ...host, authorization: `Bearer ${tokens.badSignature}` } },
  'bearer expired': { headers: { ...host, authorization: `Bearer ${tokens.expired}` } },
  'bearer malformed': { headers: { ...host, authorization: `Bearer ${tokens.malformed}` } },
  'cookie expired + client_uat': { headers: { ...host, cookie: `__session=${tokens.expired}; __client_uat=${Math.floor(Date.now() / 1000) - 5}` } },
  'cookie bad signature': { headers: { ...host, cookie: `__session=${tokens.badSignature}; __client_uat=${Math.floor(Date.now() / 1000) - 5}` } },
  'cookie valid, session id mismatch': { url: '/x?_clerk_session_id=sess_other', headers: { ...host, cookie: `__session=${tokens.valid}; __client_uat=${Math.floor(Date.now() / 1000) - 5}` } },
  'cookie wrong azp': { headers: { ...host, cookie: `__session=${tokens.wrongAzp}; __client_uat=${Math.floor(Date.now() / 1000) - 5}` } },
  'no credentials': { headers: { ...host } },
};
const mws = {
  'ClerkExpressWithAuth (env: CLERK_JWT_KEY)': [true, sdk.ClerkExpressWithAuth({ authorizedParties: ['https://app.example.com'] })],
  'ClerkExpressRequireAuth (env)': [true, sdk.ClerkExpressRequireAuth()],
  'client.expressRequireAuth (JWKS from the API)': [false, sdk.createClerkClient({ secretKey: KEY, apiUrl: `${apiUrl}/jwksgood2`, publishableKey: PK }).expressRequireAuth()],
  'client.expressWithAuth (JWKS failing)': [false, sdk.createClerkClient({ secretKey: KEY, apiUrl: `${apiUrl}/jwks500b`, publishableKey: PK }).expressWithAuth()],
  'client.expressWithAuth (JWKS unreachable, no publishable key)': [false, sdk.createClerkClient({ secretKey: KEY, apiUrl: refusedUrl, publishableKey: '' }).expressWithAuth()],
};
for (const [mname, [withJwtKey, mw]] of Object.entries(mws)) {
  if (withJwtKey) process.env.CLERK_JWT_KEY = JWT_KEY;
  else delete process.env.CLERK_JWT_KEY;
  for (const [rname, req] of Object.entries(REQS)) {
    await scenario(`${mname} / ${rname}`, () => runMiddleware(mw, { method: 'GET', url: '/x', ...req, headers: { ...req.headers } }));
  }
}
process.env.CLERK_JWT_KEY = JWT_KEY;
for (const [rname, req] of Object.entries(REQS)) {
  await scenario(`authenticateRequest / ${rname}`, async () => {
    const request = new Request(`https://app.example.com${req.url || '/x'}`, { headers: req.headers });
    const state = await sdk.clerkClient.authenticateRequest({ request, publishableKey: PK, secretKey: KEY, jwtKey: JWT_KEY });
    return { status: state.status, reason: state.reason, message: state.message, isSignedIn: state.isSignedIn };
  });
}

// ---- Printing clients and sub-APIs (what a debugging app might log)
await scenario('inspect(createClerkClient({ secretKey, jwtKey }))', () => util.inspect(sdk.createClerkClient({ secretKey: KEY, jwtKey: JWT_KEY, apiUrl }), { depth: 3 }));
await scenario('inspect(clerkClient.users)', () => util.inspect(sdk.clerkClient.users, { depth: 3 }));
await scenario('JSON.stringify(clerkClient.users)', () => JSON.stringify(sdk.users));

console.log(`SCENARIOS ${scenarios}`);
console.log('DONE');
