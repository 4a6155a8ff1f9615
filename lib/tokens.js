'use strict';
// Token exports of v4 (verifyToken, decodeJwt, verifyJwt, hasValidSignature, signJwt)
// over the native verifier (src/verify.rs). A verification with a cached key is one
// synchronous native call; only a JWKS fetch is asynchronous.
const crypto = require('node:crypto');
const native = require('./native');
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

// v4's decodeJwt installs a deprecated `orgs` accessor on every payload.
function withOrgs(payload) {
  if (payload === null || typeof payload !== 'object') return payload;
  let value = payload.orgs;
  Object.defineProperty(payload, 'orgs', {
    get() {
      deprecated('orgs', 'Add orgs to your session token using the "user.organizations" shortcode in JWT Templates instead.', 'decodeJwt:orgs');
      return value;
    },
    set(v) {
      value = v;
    },
    configurable: true,
  });
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
    case 86: // V
      return withOrgs(JSON.parse(rest));
    case 88: // X
      throw tokenError(rest);
    case 83: // S
      throw syntaxError(rest);
    case 66: // B
      throw new SyntaxError(rest);
    case 84: // T
      throw thrownByIssuer || new TypeError(rest);
    case 70: // F
      return { [FETCH]: JSON.parse(rest) };
    default:
      throw new Error(`clerk-sdk-node-rs: unknown native answer ${JSON.stringify(answer.slice(0, 1))}`);
  }
}

// Runs `attempt(afterFetch)` (a native call returning an answer string), fetching JWKS
// keys once when it asks. Sync when no fetch is needed.
function runWithFetch(attempt, thrownByIssuer) {
  const first = settle(attempt(false), thrownByIssuer);
  if (first === null || typeof first !== 'object' || !(FETCH in first)) return first;
  const { url, secretKey } = first[FETCH];
  return native.fetchJwks(url, secretKey === null ? undefined : secretKey).then(() => settle(attempt(true), thrownByIssuer));
}

// The payload's `iss`, for a caller's issuer function (undefined when undecodable).
function peekIss(token) {
  const d = native.decodeJwt(token);
  if (d.charCodeAt(0) !== 68) return undefined;
  try {
    const payload = JSON.parse(JSON.parse(d.slice(1)).payloadText);
    return payload === null ? undefined : payload.iss;
  } catch {
    return undefined;
  }
}

// v4's verifyToken options → the native ones. `defaults` fill what the caller left out.
function nativeOptions(token, options, defaults = {}) {
  const { apiKey, secretKey, apiUrl, apiVersion, audience, authorizedParties, clockSkewInSeconds, clockSkewInMs, issuer, jwtKey, skipJwksCache } = options;
  if (apiKey) deprecated('apiKey', 'Use `secretKey` instead.');
  if (clockSkewInSeconds) deprecated('clockSkewInSeconds', 'Use `clockSkewInMs` instead.');
  const out = {
    jwtKey: str(jwtKey) || defaults.jwtKey,
    secretKey: str(secretKey) || str(apiKey) || defaults.secretKey,
    apiUrl: str(apiUrl) || defaults.apiUrl,
    apiVersion: str(apiVersion) || defaults.apiVersion,
    clockSkewMs: Number(clockSkewInMs || clockSkewInSeconds) || undefined,
    skipJwksCache: skipJwksCache === true,
  };
  if (audience !== undefined && audience !== null) out.audience = JSON.stringify(audience);
  if (Array.isArray(authorizedParties)) out.authorizedParties = authorizedParties.map(String);
  let thrown;
  if (typeof issuer === 'string') out.issuer = issuer;
  else if (typeof issuer === 'function') {
    try {
      out.issuerVerdict = !!issuer(peekIss(token));
    } catch (err) {
      thrown = err;
      out.issuerThrew = String((err && err.message) || err);
    }
  } else if (defaults.clerkIssuer) out.clerkIssuer = true;
  return { out, thrown };
}

const str = (v) => (typeof v === 'string' && v !== '' ? v : undefined);

function tokenString(token) {
  return String(token || '');
}

// v4's `verifyToken(token, options)` (does not read the environment).
async function verifyToken(token, options) {
  if (options === undefined || options === null) {
    throw new TypeError(`Cannot destructure property 'apiKey' of 'options' as it is ${options}.`);
  }
  const t = tokenString(token);
  const { out, thrown } = nativeOptions(t, options);
  return runWithFetch((afterFetch) => native.verifyToken(t, afterFetch ? { ...out, afterFetch } : out), thrown);
}

// A client's verifyToken: its own options (live, env included) fill the gaps, and the
// issuer defaults to v4's Clerk issuer resolver.
function clientVerifyToken(nativeClient, token, options = {}) {
  const t = tokenString(token);
  const { out, thrown } = nativeOptions(t, options || {}, { clerkIssuer: true });
  return runWithFetch((afterFetch) => nativeClient.verifyToken(t, afterFetch ? { ...out, afterFetch } : out), thrown);
}

function decodeJwt(token) {
  const answer = native.decodeJwt(tokenString(token));
  if (answer.charCodeAt(0) !== 68) return settle(answer);
  const d = JSON.parse(answer.slice(1));
  return {
    header: JSON.parse(d.headerText),
    payload: withOrgs(JSON.parse(d.payloadText)),
    signature: new Uint8Array(Buffer.from(d.signature, 'base64url')),
    raw: { header: d.header, payload: d.payload, signature: d.signature, text: token },
  };
}

const ALGORITHMS = ['RS256', 'RS384', 'RS512'];

async function hasValidSignature(jwt, key) {
  const { header, signature, raw } = jwt;
  if (!ALGORITHMS.includes(header.alg)) throw new Error(`Unsupported algorithm ${header.alg}, expected one of ${ALGORITHMS}.`);
  const signed = [raw.header, raw.payload].join('.');
  const sig = Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength);
  return typeof key === 'object' && key !== null
    ? native.hasValidSignature(header.alg, signed, sig, null, JSON.stringify(key))
    : native.hasValidSignature(header.alg, signed, sig, String(key), null);
}

async function verifyJwt(token, { audience, authorizedParties, clockSkewInSeconds, clockSkewInMs, issuer, key }) {
  const options = { audience, authorizedParties, clockSkewInSeconds, clockSkewInMs, issuer };
  if (typeof key === 'object' && key !== null) {
    // A JWK: the native verifier takes PEM, so convert with node:crypto.
    options.jwtKey = crypto.createPublicKey({ key, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  } else {
    options.jwtKey = key;
  }
  const t = tokenString(token);
  const { out, thrown } = nativeOptions(t, options);
  return settle(native.verifyToken(t, out), thrown);
}

async function signJwt(payload, key, options) {
  if (!options.algorithm) throw new Error('No algorithm specified');
  if (!ALGORITHMS.includes(options.algorithm)) throw new Error(`Unsupported algorithm ${options.algorithm}, expected one of ${ALGORITHMS}.`);
  const pem = typeof key === 'object' && key !== null ? crypto.createPrivateKey({ key, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }) : String(key);
  const header = options.header || { typ: 'JWT' };
  header.alg = options.algorithm;
  payload.iat = Math.floor(Date.now() / 1e3);
  return native.signJwt(JSON.stringify(header), JSON.stringify(payload), pem, options.algorithm);
}

module.exports = {
  TokenVerificationError,
  verifyToken,
  clientVerifyToken,
  decodeJwt,
  verifyJwt,
  hasValidSignature,
  signJwt,
  runWithFetch,
  syntaxError,
  withOrgs,
  FETCH,
};
