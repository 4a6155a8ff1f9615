'use strict';
// Token exports of v4 (verifyToken, decodeJwt, verifyJwt, hasValidSignature, signJwt)
// over the native verifier (src/verify.rs). A verification with a cached key is one
// synchronous native call; only a JWKS fetch is asynchronous.
const native = require('./native');
const env = require('./env');
// Answer kinds and flags are declared in Rust (src/contract.rs).
const contract = require('./generated/contract');

const { Verified, TokenError, JsonSyntax, Base64Syntax, TypeError: Thrown, Fetch, NeedIssuer, Decoded } = contract.VerifyAnswer;
const { CLERK_ISSUER, ISSUER_DEFERRED, SKIP_JWKS_CACHE, AFTER_FETCH, ISSUER_TRUE, ISSUER_FALSE, RESOLVED } = contract.VerifyFlags;
const PARTIES = contract.AuthorizedParties;

// node:crypto converts JWKs for signJwt/verifyJwt; loaded only then (it costs ms at require).
let nodeCrypto;
const crypto = () => (nodeCrypto ??= require('node:crypto'));
const { deprecated } = require('./deprecated');

class TokenVerificationError extends Error {
  constructor({ action, message, reason }) {
    super(message);
    Object.setPrototypeOf(this, TokenVerificationError.prototype);
    this.reason = reason;
    this.message = message;
    this.action = action;
  }

  getFullMessage() {
    return `${[this.message, this.action].filter((m) => m).join(' ')} (reason=${this.reason}, token-carrier=${this.tokenCarrier})`;
  }
}

const FETCH = Symbol('clerk.fetchJwks');

function tokenError(json) {
  const { reason, message, action } = JSON.parse(json);
  return new TokenVerificationError({ reason, message, action: action === null ? undefined : action });
}

// v4's decodeJwt installs a deprecated `orgs` accessor on every payload. One shared
// accessor (the value, when a token has one, lives in a WeakMap): a pair of closures per
// payload cost more than the rest of a cached verification.
const orgsValues = new WeakMap();
const ORGS = {
  get() {
    deprecated('orgs', 'Add orgs to your session token using the "user.organizations" shortcode in JWT Templates instead.', 'decodeJwt:orgs');
    return orgsValues.get(this);
  },
  set(v) {
    orgsValues.set(this, v);
  },
  configurable: true,
};

function withOrgs(payload) {
  if (payload === null || typeof payload !== 'object') return payload;
  const value = payload.orgs;
  Object.defineProperty(payload, 'orgs', ORGS);
  if (value !== undefined) orgsValues.set(payload, value);
  return payload;
}

// Throws the SyntaxError v4 throws for an undecodable part: JS's own JSON.parse of it.
function syntaxError(text) {
  try {
    JSON.parse(text);
  } catch (err) {
    return err;
  }
  return new SyntaxError(`Unexpected token in JSON: ${text.slice(0, 32)}`);
}

// Decodes a native verification answer. Returns the payload, or `{ fetch }` when keys
// must be loaded first; throws what v4 throws.
function settle(answer, thrownByIssuer) {
  const rest = answer.slice(1);
  switch (answer.charCodeAt(0)) {
    case Verified:
      return withOrgs(JSON.parse(rest));
    case TokenError:
      throw tokenError(rest);
    case JsonSyntax:
      throw syntaxError(rest);
    case Base64Syntax:
      throw new SyntaxError(rest);
    case Thrown:
      throw thrownByIssuer || new TypeError(rest);
    case Fetch:
      return { [FETCH]: JSON.parse(rest) };
    default:
      throw new Error(`clerk-sdk-node-rs: unknown native answer ${JSON.stringify(answer.slice(0, 1))}`);
  }
}


// Runs a native verification (`verifyFn` is the free verifyToken or a client's, options
// positional) to its end: it may first ask for a JWKS fetch (`F`, the only asynchronous
// step) and for the verdict of the caller's issuer function on the token's `iss` (`I`,
// asked only once the checks before it passed, as in v4). Sync when no fetch is needed.
// `first`: the native answer when it is already known (a burst, below).
function runVerify(verifyFn, token, o, fetchJwks = native.fetchJwks, extraFlags = 0, first = undefined) {
  let flags = o.flags | extraFlags;
  let thrown;
  let threwMessage;
  let known = first;
  for (;;) {
    const answer = known ?? verifyFn(token, o.jwtKey, o.secretKey, o.apiUrl, o.apiVersion, o.issuer, flags, o.audience, o.authorizedParties, o.clockSkewMs, o.keyAlg, threwMessage);
    known = undefined;
    if (answer.charCodeAt(0) === NeedIssuer) {
      // ask the caller's issuer function
      const rest = answer.slice(1);
      const iss = rest === '' ? undefined : JSON.parse(rest);
      flags &= ~ISSUER_DEFERRED;
      try {
        flags |= o.issuerFn(iss) ? ISSUER_TRUE : ISSUER_FALSE;
      } catch (err) {
        thrown = err;
        threwMessage = String((err && err.message) || err);
      }
      continue;
    }
    const result = settle(answer, thrown);
    if (result === null || typeof result !== 'object' || !(FETCH in result)) return result;
    const { url, secretKey } = result[FETCH];
    return fetchJwks(url, secretKey === null ? undefined : secretKey).then(() => runVerify(verifyFn, token, o, fetchJwks, AFTER_FETCH));
  }
}

// A promise of `fn()`, as v4's async functions always give, without an extra tick when
// the answer is already there.
function promised(fn) {
  try {
    const r = fn();
    return r instanceof Promise ? r : Promise.resolve(r);
  } catch (err) {
    return Promise.reject(err);
  }
}

const str = (v) => (typeof v === 'string' && v !== '' ? v : undefined);

// A lone surrogate (in a `u` regex a pair is one code point): String#isWellFormed and
// #toWellFormed, which Node 18 lacks. Most text has no surrogate at all: one cheap test.
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /\p{Cs}/u;
const wellFormed = (s) => !SURROGATE.test(s) || !LONE_SURROGATE.test(s);
const madeWellFormed = (s) => (wellFormed(s) ? s : s.replace(/\p{Cs}/gu, '\uFFFD'));

// What a value given instead of a list is (its type; never its content).
const kindOf = (value) => (typeof value === 'object' ? 'an object' : `a ${typeof value}`);

// The authorizedParties option as the native azp check reads it (JSON of clerk-core's
// `AuthorizedParties`), or undefined for no check: v4 checks only a value that is truthy
// and whose length is not 0. A list's string members are the parties, matched exactly
// (v4's `includes`: a member of another type equals no azp); a lone string is one party
// matched whole (v4 matched it as a substring); anything else refuses every token (v4
// throws a TypeError). A string that is not well-formed UTF-16 is no party: crossing to
// Rust would change it into one a token could carry.
function partiesOption(value) {
  if (!value || value.length === 0) return undefined;
  if (typeof value === 'string') return PARTIES.oneOf(wellFormed(value) ? [value] : [], madeWellFormed(value));
  if (!Array.isArray(value)) return PARTIES.invalid(kindOf(value));
  const entries = [];
  for (let k = 0; k < value.length; k++) {
    const party = value[k];
    if (typeof party === 'string' && wellFormed(party)) entries.push(party);
  }
  // v4's message prints the list with `${authorizedParties}`, which may throw (a symbol
  // member): v4 throws that when the check fails.
  let text;
  try {
    text = `${value}`;
  } catch (err) {
    return PARTIES.oneOfUnprintable(entries, thrownMessage(err));
  }
  return PARTIES.oneOf(entries, madeWellFormed(text));
}

function thrownMessage(err) {
  try {
    return madeWellFormed(String(err instanceof Error ? err.message : err));
  } catch {
    return 'authorizedParties cannot be printed';
  }
}

// v4's verifyToken options → the native ones.
function nativeOptions(options, defaults = {}) {
  const { apiKey, secretKey, apiUrl, apiVersion, audience, authorizedParties, clockSkewInSeconds, clockSkewInMs, issuer, jwtKey, skipJwksCache } = options;
  if (apiKey) deprecated('apiKey', 'Use `secretKey` instead.');
  if (clockSkewInSeconds) deprecated('clockSkewInSeconds', 'Use `clockSkewInMs` instead.');
  let flags = skipJwksCache === true ? SKIP_JWKS_CACHE : 0;
  let iss;
  if (typeof issuer === 'string') iss = issuer;
  else if (typeof issuer === 'function') flags |= ISSUER_DEFERRED;
  else if (defaults.clerkIssuer) flags |= CLERK_ISSUER;
  return {
    jwtKey: str(jwtKey),
    secretKey: str(secretKey) || str(apiKey),
    apiUrl: str(apiUrl),
    apiVersion: str(apiVersion),
    issuer: iss,
    flags,
    audience: audience === undefined || audience === null ? undefined : JSON.stringify(audience),
    authorizedParties: partiesOption(authorizedParties),
    clockSkewMs: Number(clockSkewInMs || clockSkewInSeconds) || undefined,
    keyAlg: defaults.keyAlg,
    issuerFn: typeof issuer === 'function' ? issuer : undefined,
  };
}

function tokenString(token) {
  return String(token || '');
}

// The native verifiers: the free one, and each client's (its options fill the gaps).
// `burst` is looked up when called (tests count the native bursts).
// The free verifier reads no environment (as v4's verifyToken); its JWKS fetch reads the
// timeouts and logging switch of the moment.
const FREE = {
  one: native.verifyToken,
  burst: (tokens, o) => native.verifyTokens(tokens, o),
  fetchJwks: (url, secretKey) => env.withEnv(() => native.fetchJwks(url, secretKey)),
  resolve: undefined,
};
const clientVerifiers = new WeakMap();
function clientVerifier(nativeClient) {
  let v = clientVerifiers.get(nativeClient);
  if (!v) {
    v = {
      one: nativeClient.verifyToken.bind(nativeClient),
      burst: (tokens, o) => nativeClient.verifyTokens(tokens, o),
      fetchJwks: (url, secretKey) => nativeClient.fetchJwks(url, secretKey),
      // The client's options and the environment as they are when a call is made.
      resolve: (o) => nativeClient.verifyDefaults(o.jwtKey, o.secretKey, o.apiUrl, o.apiVersion),
    };
    clientVerifiers.set(nativeClient, v);
  }
  return v;
}

// v4's `verifyToken(token, options)` (does not read the environment): always a promise,
// as from v4's async function.
function verifyToken(token, options) {
  if (options === undefined || options === null) {
    return Promise.reject(new TypeError(`Cannot destructure property 'apiKey' of 'options' as it is ${options}.`));
  }
  return verifySoon(FREE, token, options, {});
}

// A client's verifyToken: its own options (live, env included) fill the gaps, and the
// issuer defaults to v4's Clerk issuer resolver. Always a promise, as in v4.
function clientVerifyToken(nativeClient, token, options = {}) {
  return verifySoon(clientVerifier(nativeClient), token, options || {}, { clerkIssuer: true });
}

// Verifies now when this is the first call of the turn of the event loop (a lone call
// waits for nothing); the calls after it in the same turn wait for its end and are
// verified together (a burst, below).
function verifySoon(via, token, options, defaults) {
  let o;
  try {
    o = nativeOptions(options, defaults);
  } catch (err) {
    return Promise.reject(err);
  }
  if (!turnOpen || o.issuerFn) {
    if (!turnOpen) {
      turnOpen = true;
      queueMicrotask(endTurn);
    }
    return promised(() => runVerify(via.one, tokenString(token), o, via.fetchJwks));
  }
  // A call that waits for the burst is judged as of now: what the client and the
  // environment supply is taken at once, not at the end of the turn.
  if (via.resolve) {
    try {
      const k = via.resolve(o);
      o = { ...o, jwtKey: k.jwtKey ?? undefined, secretKey: k.secretKey ?? undefined, apiUrl: k.apiUrl ?? undefined, apiVersion: k.apiVersion ?? undefined, flags: o.flags | RESOLVED };
    } catch (err) {
      return Promise.reject(err);
    }
  }
  return new Promise((resolve, reject) => {
    burst.push({ via, token: tokenString(token), o, resolve, reject });
  });
}

// Verifications waiting for the end of this turn. Runs of calls to the same verifier
// with the same options go to the native side as one call, which spreads a run of
// several over two threads (src/burst.rs), as v4's WebCrypto calls spread over libuv's
// pool. Each call still gets the answer (and the error) it would get alone.
let turnOpen = false;
let burst = [];

function endTurn() {
  turnOpen = false;
  if (burst.length > 0) verifyBurst();
}

// Every native option is a string, number or undefined: equal options are `===`.
const OPTION_FIELDS = ['jwtKey', 'secretKey', 'apiUrl', 'apiVersion', 'issuer', 'flags', 'audience', 'authorizedParties', 'clockSkewMs', 'keyAlg'];
const sameRun = (a, b) => a.via === b.via && OPTION_FIELDS.every((name) => a.o[name] === b.o[name]);

function verifyBurst() {
  const calls = burst;
  burst = [];
  for (let i = 0; i < calls.length; ) {
    let j = i + 1;
    while (j < calls.length && sameRun(calls[i], calls[j])) j++;
    const { via } = calls[i];
    let answers;
    if (j - i > 1) {
      try {
        answers = via.burst(
          calls.slice(i, j).map((c) => c.token),
          calls[i].o,
        );
      } catch {
        answers = undefined; // each call on its own, below
      }
    }
    for (let k = i; k < j; k++) {
      const c = calls[k];
      try {
        c.resolve(runVerify(via.one, c.token, c.o, via.fetchJwks, 0, answers && answers[k - i]));
      } catch (err) {
        c.reject(err);
      }
    }
    i = j;
  }
}

function decodeJwt(token) {
  const answer = native.decodeJwt(tokenString(token));
  if (answer.charCodeAt(0) !== Decoded) return settle(answer);
  const d = JSON.parse(answer.slice(1));
  return {
    header: JSON.parse(d.headerText),
    payload: withOrgs(JSON.parse(d.payloadText)),
    signature: new Uint8Array(Buffer.from(d.signature, 'base64url')),
    raw: { header: d.header, payload: d.payload, signature: d.signature, text: token },
  };
}

const ALGORITHMS = ['RS256', 'RS384', 'RS512'];

// v4 reads a PEM key with `key.replace(...)`: its TypeErrors for anything else.
function assertKey(key) {
  if (key === undefined || key === null) throw new TypeError(`Cannot read properties of ${key} (reading 'replace')`);
  if (typeof key !== 'string' && typeof key !== 'object') throw new TypeError('secret.replace is not a function');
}

async function hasValidSignature(jwt, key) {
  assertKey(key);
  const { header, signature, raw } = jwt;
  if (!ALGORITHMS.includes(header.alg)) throw new Error(`Unsupported algorithm ${header.alg}, expected one of ${ALGORITHMS}.`);
  const signed = [raw.header, raw.payload].join('.');
  const sig = Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength);
  try {
    return typeof key === 'object' && key !== null
      ? native.hasValidSignature(header.alg, signed, sig, null, JSON.stringify(key))
      : native.hasValidSignature(header.alg, signed, sig, String(key), null);
  } catch (err) {
    // WebCrypto's error for a JWK whose `alg` is not the token's, as v4 throws it.
    if (typeof err.message === 'string' && err.message.startsWith('DataError:')) throw new DOMException(err.message.replace(/^DataError:\s*/, ''), 'DataError');
    throw err;
  }
}

async function verifyJwt(token, { audience, authorizedParties, clockSkewInSeconds, clockSkewInMs, issuer, key }) {
  const options = { audience, authorizedParties, clockSkewInSeconds, clockSkewInMs, issuer };
  // The key is used as given: a JWK keeps its `alg`, a PEM serves any RS algorithm.
  let keyAlg = '';
  if (typeof key === 'object' && key !== null) {
    options.jwtKey = crypto().createPublicKey({ key, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    keyAlg = typeof key.alg === 'string' ? key.alg : '';
  } else {
    options.jwtKey = key;
  }
  return runVerify(native.verifyToken, tokenString(token), nativeOptions(options, { keyAlg }));
}

async function signJwt(payload, key, options) {
  if (!options.algorithm) throw new Error('No algorithm specified');
  if (!ALGORITHMS.includes(options.algorithm)) throw new Error(`Unsupported algorithm ${options.algorithm}, expected one of ${ALGORITHMS}.`);
  assertKey(key);
  const pem = typeof key === 'object' && key !== null ? crypto().createPrivateKey({ key, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }) : String(key);
  const header = options.header || { typ: 'JWT' };
  header.alg = options.algorithm;
  payload.iat = Math.floor(Date.now() / 1e3);
  // JSON.stringify gives undefined for a function, which v4's TextEncoder writes as "".
  return native.signJwt(JSON.stringify(header) ?? '', JSON.stringify(payload) ?? '', pem, options.algorithm);
}

module.exports = {
  TokenVerificationError,
  verifyToken,
  clientVerifyToken,
  decodeJwt,
  verifyJwt,
  hasValidSignature,
  signJwt,
  syntaxError,
  withOrgs,
  partiesOption,
};
