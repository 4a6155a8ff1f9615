// Child-process body of arguments.test.mjs: calls every exported function, every client
// method (every method of every sub-API, listed from the prototypes), the setters, the
// resource classes and the middlewares with hostile arguments, and records what each call
// did. A Rust panic that aborts or a fatal napi error kills this process: the parent sees
// the signal / exit code and the last `CALL` line names the culprit.
//
// Environment:
//   SWEEP_SDK       path of the package to load (default: this package's index.js)
//   SWEEP_GUARD_MS  how long one call may take before it counts as a hang (default 3000)
//   SWEEP_TRACE=1   print `CALL <label>` before every call (crash attribution)
// Output (stdout): `OUT <label>\t<outcome>` per call, then `SUMMARY {json}`.
// Outcomes: ok | throw:<Class> | reject:<Class> | hang | nonerror:<typeof>
import fs from 'node:fs';
import http from 'node:http';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const SDK_PATH = process.env.SWEEP_SDK || fileURLToPath(new URL('../../index.js', import.meta.url));
const GUARD_MS = Number(process.env.SWEEP_GUARD_MS || 3000);
const TRACE = process.env.SWEEP_TRACE === '1';
const write = (s) => fs.writeSync(1, `${s}\n`);

// A loopback API in this process: every request gets a quick 404 Clerk error.
let apiRequests = 0;
const server = http.createServer((req, res) => {
  apiRequests++;
  req.resume();
  const body = JSON.stringify({ errors: [{ code: 'resource_not_found', message: 'not found' }] });
  res.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const API_URL = `http://127.0.0.1:${server.address().port}`;
const KEY = 'sk_test_argumentSweepKey_0123456789';
process.env.CLERK_SECRET_KEY = KEY;
process.env.CLERK_API_URL = API_URL;
process.env.CLERK_MAX_RETRIES = '0';
process.env.CLERK_TIMEOUT_MS = '2000';

const sdk = require(SDK_PATH);

// ---------------------------------------------------------------- hostile values
const MB = 'a'.repeat(1 << 20);
const throwingGetters = {};
for (const k of ['secretKey', 'apiKey', 'jwtKey', 'apiUrl', 'headers', 'url', 'limit', 'offset', 'userId', 'organizationId', 'file', 'request', 'alg', 'header', 'payload', 'raw', 'signature', 'algorithm', 'toString', 'valueOf', 'then', 'length', 'object', 'id', 'data', 'cookies', 'method', 'authorization', 'host', 'timeout']) {
  Object.defineProperty(throwingGetters, k, { get() { throw new Error(`getter ${k} throws`); }, enumerable: true });
}
const trapAll = new Proxy({}, Object.fromEntries(['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'set', 'defineProperty', 'deleteProperty', 'apply', 'construct'].map((t) => [t, () => { throw new Error(`proxy trap ${t} throws`); }])));
const circular = { a: 1 };
circular.self = circular;
const deep = JSON.parse(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`);

const VALUES = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['0', () => 0],
  ['-1', () => -1],
  ['NaN', () => NaN],
  ['Infinity', () => Infinity],
  ['1e308', () => 1e308],
  ['true', () => true],
  ['false', () => false],
  ['""', () => ''],
  ['1MB string', () => MB],
  ['lone surrogate + NUL', () => '\uD800\u0000x\uDFFF'],
  ['[]', () => []],
  ['[1,"a",null]', () => [1, 'a', null]],
  ['{}', () => ({})],
  ['throwing getters', () => throwingGetters],
  ['throwing proxy', () => trapAll],
  ['circular', () => circular],
  ['5000-deep object', () => deep],
  ['Symbol', () => Symbol('hostile')],
  ['BigInt', () => 10n],
  ['function', () => function hostile() {}],
  ['invalid Date', () => new Date(NaN)],
  ['Object.create(null)', () => Object.create(null)],
  ['Buffer', () => Buffer.from('buf')],
];

// ---------------------------------------------------------------- bookkeeping
const outcomes = new Map(); // label -> outcome
const counts = {};
const problems = [];
// Messages that expose the addon's internals instead of a JS-level explanation.
const INTERNAL = /Failed to convert JavaScript value|into rust type|napi|panic|called `(Option|Result)::unwrap/i;
const internalLeaks = [];
// Our middlewares and async functions must never leave an unhandled rejection behind.
const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(`unhandledRejection: ${reason && reason.message ? reason.message : String(reason)}`.slice(0, 300)));
process.on('uncaughtException', (err) => unhandled.push(`uncaughtException: ${err && err.message ? err.message : String(err)}`.slice(0, 300)));
const noteError = (label, e) => {
  const m = e && typeof e.message === 'string' ? e.message : '';
  if (INTERNAL.test(m) && internalLeaks.length < 200) internalLeaks.push(`${label} -> ${nameOf(e)}: ${m.slice(0, 160)}`);
};
const nameOf = (e) => {
  if (!(e instanceof Error)) return null;
  const n = Object.getPrototypeOf(e)?.constructor?.name ?? 'Error';
  return n.startsWith('_') ? n.slice(1) : n;
};

function guard(p) {
  let timer;
  return Promise.race([
    p.then((v) => ({ v }), (e) => ({ e, rejected: true })),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve({ hang: true }), GUARD_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function drain(v) {
  // A returned async iterator (iterateXList) runs only when pulled.
  if (v && typeof v[Symbol.asyncIterator] === 'function' && typeof v.next === 'function') {
    const r = await v.next();
    await v.return?.();
    return r;
  }
  return v;
}

async function attempt(label, fn) {
  if (TRACE) write(`CALL ${label}`);
  let outcome;
  try {
    const r = fn();
    if (r && typeof r.then === 'function') {
      const g = await guard(Promise.resolve(r).then(drain));
      if (g.hang) outcome = 'hang';
      else if (g.rejected) {
        outcome = nameOf(g.e) ? `reject:${nameOf(g.e)}` : `nonerror:${typeof g.e}`;
        noteError(label, g.e);
      } else outcome = 'ok';
    } else if (r && typeof r[Symbol.asyncIterator] === 'function') {
      const g = await guard(drain(r));
      if (g.hang) outcome = 'hang';
      else if (g.rejected) {
        outcome = nameOf(g.e) ? `reject:${nameOf(g.e)}` : `nonerror:${typeof g.e}`;
        noteError(label, g.e);
      } else outcome = 'ok';
    } else {
      outcome = 'ok';
    }
  } catch (e) {
    outcome = nameOf(e) ? `throw:${nameOf(e)}` : `nonerror:${typeof e}`;
    noteError(label, e);
  }
  outcomes.set(label, outcome);
  counts[outcome] = (counts[outcome] || 0) + 1;
  if (outcome === 'hang' || outcome.startsWith('nonerror')) problems.push(`${label} -> ${outcome}`);
  write(`OUT ${label}\t${outcome}`);
  return outcome;
}

const forEachValue = async (label, fn) => {
  for (const [vl, make] of VALUES) await attempt(`${label}[${vl}]`, () => fn(make()));
};

// ---------------------------------------------------------------- the sweep
const client = sdk.createClerkClient({ secretKey: KEY, apiUrl: API_URL, maxRetries: 0, timeoutMs: 2000 });
const ID = 'user_2sweepAbc';

// 1. Every method of every sub-API of a client, and of the default clerkClient.
const subApis = [];
for (const [prop, api] of Object.entries(client)) {
  if (!api || typeof api !== 'object' || prop === 'base' || prop === '__unstable_options') continue;
  const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(api)).filter((m) => m !== 'constructor' && typeof api[m] === 'function');
  if (methods.length) subApis.push([prop, methods]);
}
let methodCount = 0;
for (const [prop, methods] of subApis) {
  for (const m of methods) {
    methodCount++;
    const api = client[prop];
    await forEachValue(`${prop}.${m}(v)`, (v) => api[m](v));
    await forEachValue(`${prop}.${m}(v,v)`, (v) => api[m](v, v));
    await forEachValue(`${prop}.${m}(id,v)`, (v) => api[m](ID, v));
    await forEachValue(`${prop}.${m}(id,id,v)`, (v) => api[m](ID, 'orgmem_2sweep', v));
    await forEachValue(`${prop}.${m}({file,v})`, (v) => api[m]({ userId: ID, organizationId: 'org_1', file: v, limit: v, offset: v, emailAddress: v, orderBy: v, query: v, publicMetadata: v }));
  }
}
// The default client's sub-APIs (named exports) once each, with the worst values.
for (const [prop] of subApis) {
  const api = sdk.clerkClient[prop];
  if (!api) continue;
  for (const m of Object.getOwnPropertyNames(Object.getPrototypeOf(api)).filter((x) => x !== 'constructor')) {
    for (const [vl, make] of VALUES.filter(([l]) => ['throwing proxy', 'Symbol', 'BigInt', '1MB string', 'circular'].includes(l))) {
      await attempt(`clerkClient.${prop}.${m}(v)[${vl}]`, () => api[m](make(), make()));
    }
  }
}

// 2. Client-level functions.
const clientFns = ['authenticateRequest', 'localInterstitial', 'remotePublicInterstitial', 'remotePrivateInterstitial', 'remotePublicInterstitialUrl', 'debugRequestState', 'verifyToken'];
for (const f of clientFns) {
  if (typeof client[f] !== 'function') continue;
  await forEachValue(`client.${f}(v)`, (v) => client[f](v));
  await forEachValue(`client.${f}(v,v)`, (v) => client[f](v, v));
}
if (client.base && typeof client.base.verifySessionToken === 'function') await forEachValue('client.base.verifySessionToken(v)', (v) => client.base.verifySessionToken(v));
await forEachValue('client.authenticateRequest({request:v})', (v) => client.authenticateRequest({ request: v }));
await forEachValue('client.authenticateRequest({…,v})', (v) => client.authenticateRequest({ request: new Request('http://localhost/', { headers: { authorization: 'Bearer x.y.z' } }), publishableKey: v, secretKey: v, jwtKey: v, authorizedParties: v, domain: v, proxyUrl: v, isSatellite: v }));
await forEachValue('client.verifyToken("a.b.c",{v})', (v) => client.verifyToken('a.b.c', { jwtKey: v, issuer: v, audience: v, authorizedParties: v, clockSkewInMs: v }));

// 3. Top-level functions of the main entry.
const TOP = Object.entries(sdk).filter(([k, v]) => typeof v === 'function' && !/^[A-Z]/.test(k) && !/^set/.test(k));
for (const [name, f] of TOP) {
  await forEachValue(`${name}(v)`, (v) => f(v));
  await forEachValue(`${name}(v,v)`, (v) => f(v, v));
  await forEachValue(`${name}(v,v,v)`, (v) => f(v, v, v));
}
// Specific shapes that get past the first checks.
const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = publicKey.export({ type: 'spki', format: 'pem' });
const privPem = privateKey.export({ type: 'pkcs8', format: 'pem' });
const b64u = (x) => Buffer.from(JSON.stringify(x)).toString('base64url');
const input = `${b64u({ alg: 'RS256', typ: 'JWT', kid: 'k' })}.${b64u({ sub: 'user_1', exp: Math.floor(Date.now() / 1000) + 600, iat: Math.floor(Date.now() / 1000) - 5, nbf: Math.floor(Date.now() / 1000) - 5, iss: 'https://clerk.example.com' })}`;
const token = `${input}.${crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
if (sdk.verifyToken) {
  await forEachValue('verifyToken(token,{jwtKey:v})', (v) => sdk.verifyToken(token, { jwtKey: v }));
  await forEachValue('verifyToken(token,{jwtKey,…:v})', (v) => sdk.verifyToken(token, { jwtKey: pem, audience: v, authorizedParties: v, clockSkewInMs: v, issuer: v, skipJwksCache: v }));
  await forEachValue('verifyToken(token,{secretKey:v,apiUrl:v})', (v) => sdk.verifyToken(token, { secretKey: v, apiUrl: v, apiVersion: v }));
  await forEachValue('verifyToken(v,{jwtKey})', (v) => sdk.verifyToken(v, { jwtKey: pem }));
}
if (sdk.verifyJwt) {
  await forEachValue('verifyJwt(token,{key:v})', (v) => sdk.verifyJwt(token, { key: v }));
  await forEachValue('verifyJwt(v,{key:pem})', (v) => sdk.verifyJwt(v, { key: pem }));
}
if (sdk.decodeJwt && sdk.hasValidSignature) {
  const decoded = sdk.decodeJwt(token);
  await forEachValue('hasValidSignature(decoded,v)', (v) => sdk.hasValidSignature(decoded, v));
  await forEachValue('hasValidSignature({…decoded,signature:v},pem)', (v) => sdk.hasValidSignature({ ...decoded, signature: v }, pem));
  await forEachValue('hasValidSignature({…decoded,raw:v},pem)', (v) => sdk.hasValidSignature({ ...decoded, raw: v }, pem));
  await forEachValue('hasValidSignature({…decoded,header:{alg:v}},pem)', (v) => sdk.hasValidSignature({ ...decoded, header: { alg: v } }, pem));
}
if (sdk.signJwt) {
  await forEachValue('signJwt({},v,{algorithm:RS256})', (v) => sdk.signJwt({}, v, { algorithm: 'RS256' }));
  await forEachValue('signJwt(v,privPem,{algorithm:RS256})', (v) => sdk.signJwt(v, privPem, { algorithm: 'RS256' }));
  await forEachValue('signJwt({},privPem,{algorithm:v,header:v})', (v) => sdk.signJwt({}, privPem, { algorithm: v, header: v }));
}
if (sdk.redirect) {
  await forEachValue('redirect({…v}).redirectToSignIn(v)', (v) => sdk.redirect({ redirectAdapter: (u) => u, publishableKey: v, signInUrl: v, signUpUrl: v, frontendApi: v }).redirectToSignIn({ returnBackUrl: v }));
}
if (sdk.buildRequestUrl) {
  await forEachValue('buildRequestUrl({url:v,headers})', (v) => sdk.buildRequestUrl({ url: v, headers: new Headers() }, v));
  await forEachValue('buildRequestUrl(Request,v)', (v) => sdk.buildRequestUrl(new Request('http://localhost/x'), v));
}
if (sdk.createIsomorphicRequest) await forEachValue('createIsomorphicRequest(()=>v)', (v) => sdk.createIsomorphicRequest(() => v));
if (sdk.deserialize) {
  await forEachValue('deserialize({object:user,…:v})', (v) => sdk.deserialize({ object: 'user', id: v, email_addresses: v, public_metadata: v }));
  await forEachValue('deserialize({data:v})', (v) => sdk.deserialize({ data: v, total_count: v }));
  await forEachValue('deserialize([v])', (v) => sdk.deserialize([v]));
}

// 4. Constructors and fromJSON of the resource classes; Clerk/createClerkClient options.
for (const [name, C] of Object.entries(sdk).filter(([k, v]) => typeof v === 'function' && /^[A-Z]/.test(k) && k !== 'Clerk')) {
  await forEachValue(`new ${name}(v)`, (v) => new C(v, v, v));
  if (typeof C.fromJSON === 'function') {
    await forEachValue(`${name}.fromJSON(v)`, (v) => C.fromJSON(v));
    await forEachValue(`${name}.fromJSON({…:v})`, (v) => C.fromJSON({ object: name.toLowerCase(), id: v, email_addresses: v, phone_numbers: v, verification: v, public_metadata: v, created_at: v, data: v, organization: v, public_user_data: v, jwt: v }));
  }
}
for (const factory of ['Clerk', 'createClerkClient']) {
  if (typeof sdk[factory] !== 'function') continue;
  await forEachValue(`${factory}(v)`, (v) => sdk[factory](v));
  for (const opt of ['secretKey', 'apiKey', 'apiUrl', 'serverApiUrl', 'apiVersion', 'jwtKey', 'publishableKey', 'userAgent', 'httpOptions', 'timeoutMs', 'maxRetries', 'proxyUrl', 'domain', 'isSatellite', 'audience']) {
    await forEachValue(`${factory}({${opt}:v}).users.getUser(id)`, (v) => sdk[factory]({ secretKey: KEY, apiUrl: API_URL, maxRetries: 0, [opt]: v }).users.getUser(ID));
  }
  await forEachValue(`${factory}({httpOptions:{headers:v,timeout:v}}).users.getUser(id)`, (v) => sdk[factory]({ secretKey: KEY, apiUrl: API_URL, httpOptions: { headers: v, timeout: v } }).users.getUser(ID));
}

// 5. Setters (default client and a created one), restored after each value.
const restore = () => {
  try {
    sdk.setClerkSecretKey?.(KEY);
    sdk.setClerkServerApiUrl?.(API_URL);
    sdk.setClerkApiVersion?.('v1');
    sdk.setClerkApiKey?.(undefined);
    sdk.setClerkHttpOptions?.(undefined);
  } catch {}
};
for (const setter of ['setClerkSecretKey', 'setClerkApiKey', 'setClerkServerApiUrl', 'setClerkApiVersion', 'setClerkHttpOptions']) {
  if (typeof sdk[setter] !== 'function') continue;
  await forEachValue(`${setter}(v)`, (v) => {
    try {
      sdk[setter](v);
      return sdk.users.getUser(ID);
    } finally {
      restore();
    }
  });
}
for (const prop of ['secretKey', 'apiKey', 'apiUrl', 'serverApiUrl', 'apiVersion', 'httpOptions']) {
  await forEachValue(`clerkClient.${prop}=v`, (v) => {
    try {
      sdk.clerkClient[prop] = v;
      return sdk.clerkClient.users.getUser(ID);
    } finally {
      restore();
    }
  });
  const c2 = sdk.createClerkClient({ secretKey: KEY, apiUrl: API_URL, maxRetries: 0 });
  await forEachValue(`client.${prop}=v`, (v) => {
    c2[prop] = v;
    return c2.users.getUser(ID);
  });
}
await forEachValue('clerkClient.__unstable_options.secretKey=v', (v) => {
  const c3 = sdk.createClerkClient({ secretKey: KEY, apiUrl: API_URL, maxRetries: 0 });
  c3.__unstable_options.secretKey = v;
  c3.__unstable_options.httpOptions = v;
  return c3.users.getUser(ID);
});

// 6. Middlewares with garbage requests and responses.
const hugeHeader = 'h'.repeat(1 << 20);
const REQS = [
  ['undefined req', () => undefined],
  ['null req', () => null],
  ['{}', () => ({})],
  ['no headers', () => ({ url: '/x', method: 'GET' })],
  ['headers: null', () => ({ url: '/x', headers: null })],
  ['headers with numbers', () => ({ url: '/x', headers: { authorization: 12345, cookie: 42, host: 7, 'x-forwarded-host': 1.5, 'x-forwarded-proto': true, origin: 0 } })],
  ['headers with arrays', () => ({ url: '/x', headers: { authorization: ['Bearer a', 'Bearer b'], cookie: ['__session=x', '__client_uat=1'], host: ['a', 'b'] } })],
  ['headers with objects', () => ({ url: '/x', headers: { authorization: { toString() { throw new Error('toString throws'); } }, cookie: {}, host: Symbol('h') } })],
  ['huge headers (1 MB each)', () => ({ url: `/x?${hugeHeader}`, headers: { authorization: `Bearer ${hugeHeader}`, cookie: `__session=${hugeHeader}; __client_uat=${hugeHeader}`, host: hugeHeader, referer: hugeHeader, origin: hugeHeader, 'user-agent': hugeHeader } })],
  ['a garbage bearer token', () => ({ url: '/x', headers: { host: 'localhost', authorization: 'Bearer a.b.c' } })],
  ['a garbage __session cookie', () => ({ url: '/x?_clerk_session_id=%ZZ', headers: { host: 'localhost', cookie: '__session=%%%; __client_uat=notanumber', 'user-agent': 'Mozilla/5.0' } })],
  ['bad url', () => ({ url: 12345, headers: { host: 'exa mple.com:notaport' } })],
  ['throwing getters', () => throwingGetters],
  ['throwing proxy', () => trapAll],
  ['headers: throwing proxy', () => ({ url: '/x', headers: trapAll })],
  ['connection: garbage', () => ({ url: '/x', headers: { host: 'localhost' }, connection: trapAll })],
];
const RES = () => {
  const res = { headers: {}, statusCode: 200, setHeader(k, v) { this.headers[k] = v; }, getHeader(k) { return this.headers[k]; }, writeHead(s) { this.statusCode = s; return this; }, end() { this.ended = true; this.done?.(); } };
  return res;
};
const middlewares = [
  ['ClerkExpressWithAuth()', () => sdk.ClerkExpressWithAuth()],
  ['ClerkExpressRequireAuth()', () => sdk.ClerkExpressRequireAuth()],
  ['ClerkExpressWithAuth({opts})', () => sdk.ClerkExpressWithAuth({ jwtKey: pem, authorizedParties: ['https://a.example'], isSatellite: () => { throw new Error('isSatellite throws'); }, domain: () => 'x', signInUrl: 'https://a/sign-in' })],
  ['client.expressRequireAuth()', () => client.expressRequireAuth()],
  ['createClerkExpressWithAuth({clerkClient,publishableKey})()', () => sdk.createClerkExpressWithAuth({ clerkClient: client, publishableKey: `pk_test_${Buffer.from('clerk.example.com$').toString('base64')}` })()],
];
for (const [mlabel, make] of middlewares) {
  let mw;
  try {
    mw = make();
  } catch (e) {
    await attempt(`${mlabel} creation`, () => { throw e; });
    continue;
  }
  for (const [rlabel, req] of REQS) {
    await attempt(`${mlabel}(${rlabel})`, () => new Promise((resolve, reject) => {
      const res = RES();
      res.done = () => resolve();
      const next = (err) => (err === undefined ? resolve() : err instanceof Error ? reject(err) : reject(err));
      const r = mw(req(), res, next);
      if (r && typeof r.then === 'function') r.then(undefined, reject);
    }));
    // A garbage response object too.
    await attempt(`${mlabel}(${rlabel}, res=null)`, () => new Promise((resolve, reject) => {
      const next = (err) => (err === undefined ? resolve() : reject(err));
      const r = mw(req(), null, next);
      if (r && typeof r.then === 'function') r.then(resolve, reject);
    }));
  }
  await forEachValue(`${mlabel}(req,res,next=v)`, (v) => mw({ url: '/', headers: { host: 'localhost' } }, RES(), v));
}
for (const [label, fn] of [['withAuth', sdk.withAuth], ['requireAuth', sdk.requireAuth]]) {
  if (typeof fn !== 'function') continue;
  for (const [rlabel, req] of REQS) await attempt(`${label}(handler)(${rlabel})`, () => fn(() => 'handled')(req(), RES()));
  await forEachValue(`${label}(v)(req,res)`, (v) => fn(v, v)({ url: '/', headers: { host: 'localhost' } }, RES()));
}

// Let late rejections surface before the summary.
await new Promise((resolve) => setTimeout(resolve, 200));
write(`SUMMARY ${JSON.stringify({ calls: outcomes.size, methods: methodCount, subApis: subApis.map(([p, m]) => `${p}:${m.length}`), counts, problems, unhandled: unhandled.slice(0, 50), unhandledCount: unhandled.length, internalLeaks, apiRequests })}`);
server.closeAllConnections();
server.close();
