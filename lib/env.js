'use strict';
// The environment as D2 defines it: JavaScript's `process.env` as the calling thread sees
// it when a call is made. Node's own env object (main thread, or a worker started with
// SHARE_ENV) reads and writes the C `environ`, which the native side reads directly, as
// fast as before. Any other object (`process.env = {...}`, Jest's per-file copy, a
// worker's own copy, a Proxy) is read here at call time, and its CLERK_* values are handed
// to the native side for that one call (src/config.rs `use_env`).
const native = require('./native');
const { isProxy } = require('node:util').types;

// The variables the native side reads, declared in Rust (src/config.rs ENV_VARS).
const NAMES = require('./generated/contract').ENV_VARS;

// `process` of this module's realm (Jest's per-file one under Jest), held once: a lookup
// of the global costs more than the read of its `env` on every call.
const proc = process;

// Whether `env` is backed by `environ`: a value written to it under a fresh name is seen
// by the native side's getenv, and the name is then an own property of `env` itself. Only
// Node's own env object does both: a plain object, a copy, a worker's own env and an object
// inheriting from the real one keep the value to themselves, and a Proxy (whose traps
// could answer anything) is never probed. The name is removed again at once.
let probes = 0;
function environBacked(env) {
  if (env === null || typeof env !== 'object' || isProxy(env)) return false;
  const name = `CLERK_SDK_ENV_PROBE_${proc.pid}_${++probes}_${Math.random().toString(36).slice(2)}`;
  const value = Math.random().toString(36).slice(2) || 'x';
  if (Object.prototype.hasOwnProperty.call(env, name)) return false;
  let backed = false;
  try {
    env[name] = value;
    backed = Object.prototype.hasOwnProperty.call(env, name) && native.environValue(name) === value;
  } catch {
    backed = false; // a frozen or otherwise unwritable object is not Node's env
  } finally {
    try {
      delete env[name];
    } catch {
      // nothing was written
    }
  }
  return backed;
}

// One probe per distinct `process.env` object (the answer cannot change for an object).
const backedByObject = new WeakMap();
let lastEnv;
let lastBacked = false;

function isEnviron(env) {
  if (env === lastEnv) return lastBacked;
  let backed = backedByObject.get(env);
  if (backed === undefined && env !== null && typeof env === 'object') {
    backed = environBacked(env);
    backedByObject.set(env, backed);
  }
  lastEnv = env;
  lastBacked = backed === true;
  return lastBacked;
}

const text = (v) => (typeof v === 'string' ? v : v === undefined || v === null ? null : String(v));

// The CLERK_* values of the current `process.env` when it is not Node's own: the same
// snapshot object while they are unchanged (its `json` crosses the boundary, its `id`
// tells snapshots apart); undefined when the native side reads `environ` itself.
let last;
let ids = 0;
function snapshot() {
  const env = proc.env;
  if (isEnviron(env)) return undefined;
  const values = new Array(NAMES.length);
  let same = last !== undefined;
  for (let k = 0; k < NAMES.length; k++) {
    const v = env == null ? null : text(env[NAMES[k]]);
    values[k] = v;
    if (same && last.values[k] !== v) same = false;
  }
  if (same) return last;
  last = { values, json: JSON.stringify(values), id: ++ids };
  return last;
}

// Runs `fn` (a synchronous native call) with the environment of this moment.
function withEnv(fn) {
  const snap = snapshot();
  if (snap === undefined) return fn();
  native.useEnv(snap.json);
  try {
    return fn();
  } finally {
    native.useEnv(null);
  }
}

// A number that changes whenever what an authentication reads besides the request does
// (lib/memo.js): the native stamp (any client's options, any CLERK_* variable in
// `environ`) or, for a `process.env` that is not Node's own, its snapshot (negative, so
// never equal to a stamp of `environ`).
function authStamp() {
  const n = native.authStamp();
  const snap = snapshot();
  if (snap === undefined) return n;
  return -(snap.id * 4294967296 + (n % 4294967296));
}

// A client's native object as the shell uses it: every method that reads the
// environment runs with the environment of the moment it is called.
class EnvClient {
  constructor(nativeClient) {
    this.n = nativeClient;
  }

  call(...args) {
    return withEnv(() => this.n.call(...args));
  }

  request(...args) {
    return withEnv(() => this.n.request(...args));
  }

  callPage(...args) {
    return withEnv(() => this.n.callPage(...args));
  }

  callMultipart(...args) {
    return withEnv(() => this.n.callMultipart(...args));
  }

  getOption(name) {
    return withEnv(() => this.n.getOption(name));
  }

  // Positional (no rest arguments): a verification of a known token is ~1 µs.
  verifyToken(token, jwtKey, secretKey, apiUrl, apiVersion, issuer, flags, audience, parties, skew, keyAlg, threw) {
    if (snapshot() === undefined) return this.n.verifyToken(token, jwtKey, secretKey, apiUrl, apiVersion, issuer, flags, audience, parties, skew, keyAlg, threw);
    return withEnv(() => this.n.verifyToken(token, jwtKey, secretKey, apiUrl, apiVersion, issuer, flags, audience, parties, skew, keyAlg, threw));
  }

  verifyTokens(tokens, options) {
    return withEnv(() => this.n.verifyTokens(tokens, options));
  }

  verifyDefaults(jwtKey, secretKey, apiUrl, apiVersion) {
    return withEnv(() => this.n.verifyDefaults(jwtKey, secretKey, apiUrl, apiVersion));
  }

  fetchJwks(url, secretKey) {
    return withEnv(() => this.n.fetchJwks(url, secretKey));
  }

  authenticate(request, options, flags) {
    return withEnv(() => this.n.authenticate(request, options, flags));
  }

  setOption(name, value) {
    return this.n.setOption(name, value);
  }

  setNumericOption(name, value) {
    return this.n.setNumericOption(name, value);
  }

  setHttpOptions(headers, timeout) {
    return this.n.setHttpOptions(headers, timeout);
  }
}

module.exports = { NAMES, withEnv, snapshot, authStamp, isEnviron, environBacked, EnvClient };
