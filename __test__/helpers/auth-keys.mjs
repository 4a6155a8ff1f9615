// Keys, session tokens and JWKS for the token-verification / middleware differential
// tests (differential-auth*.test.mjs).
//
//   KEYS.a, KEYS.b         2048-bit RSA pairs (e = 65537)
//   KEYS.big               a 4096-bit RSA pair
//   each: { privateKey, publicKey (KeyObject), pem (SPKI PEM), privatePem (PKCS8 PEM), jwk(kid) }
//
//   mint({ key, alg, kid, header, claims, omit, now })   -> a signed compact JWT
//   claims(overrides)                                    -> realistic Clerk session claims
//   jwks(...[key, kid, alg?])                            -> { keys: [...] }
//   normalizeError(err) / outcomeOf(promiseFn)           -> comparable descriptions
//
// v4 keeps ONE process-wide local key (the first `jwtKey` it ever sees wins), so every
// test file should give v4 `KEYS.a.pem` as jwtKey and nothing else; a token signed with
// another key is how a "wrong key" is simulated.
import crypto from 'node:crypto';

function pair(bits) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  return {
    bits,
    privateKey,
    publicKey,
    pem: publicKey.export({ type: 'spki', format: 'pem' }),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    jwk(kid, alg = 'RS256') {
      return { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
    },
    privateJwk() {
      return privateKey.export({ format: 'jwk' });
    },
  };
}

let cached;
/** Generated once per process (the 4096-bit pair takes a moment). */
export function keys() {
  if (!cached) cached = { a: pair(2048), b: pair(2048), big: pair(4096) };
  return cached;
}

export const ISSUER = 'https://clerk.example.com';
export const AZP = 'https://app.example.com';
export const USER_ID = 'user_2aBcDeFgHiJkLmNoPqRsTuVwXyZ';
export const SESSION_ID = 'sess_2aBcDeFgHiJkLmNoPqRsTuVwXyZ';
export const ORG_ID = 'org_2aBcDeFgHiJkLmNoPqRsTuVwXyZ';
/** pk_test_ + base64("clerk.example.com$"): the frontend API is clerk.example.com. */
export const PUBLISHABLE_KEY = `pk_test_${Buffer.from('clerk.example.com$').toString('base64')}`;
export const PUBLISHABLE_KEY_LIVE = `pk_live_${Buffer.from('clerk.example.com$').toString('base64')}`;
export const DEV_SECRET = 'sk_test_authDifferentialKey0123456789abcdef';
export const LIVE_SECRET = 'sk_live_authDifferentialKey0123456789abcdef';

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Realistic Clerk session-token claims; `overrides` replace (undefined deletes). */
export function claims(overrides = {}, now = nowSeconds()) {
  const base = {
    azp: AZP,
    exp: now + 120,
    iat: now - 5,
    iss: ISSUER,
    nbf: now - 10,
    sid: SESSION_ID,
    sub: USER_ID,
    org_id: ORG_ID,
    org_role: 'org:admin',
    org_slug: 'analytical-engines',
    org_permissions: ['org:posts:edit', 'org:posts:read'],
    act: { sub: 'user_2impersonatorAbCdEfGhIjKlMn', iss: 'https://dashboard.clerk.com' },
  };
  const out = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

const b64u = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const HASH = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

/**
 * A compact JWT. `key` is a pair from keys() (default keys().a), `alg` RS256/384/512
 * (anything else: the signature is made with RS256 but the header says `alg`), `kid`
 * default 'ins_kidA'. `header` overrides header fields (undefined deletes), `payload`
 * replaces the claims entirely (a string is used verbatim).
 */
export function mint({ key = keys().a, alg = 'RS256', kid = 'ins_kidA', header = {}, claims: c, payload, rawHeader } = {}) {
  const h = { alg, kid, typ: 'JWT' };
  for (const [k, v] of Object.entries(header)) {
    if (v === undefined) delete h[k];
    else h[k] = v;
  }
  const body = payload !== undefined ? payload : claims(c);
  const signingInput = `${rawHeader ?? b64u(h)}.${b64u(body)}`;
  const sig = crypto.sign(HASH[alg] || 'sha256', Buffer.from(signingInput), key.privateKey);
  return `${signingInput}.${sig.toString('base64url')}`;
}

/** A JWKS document: jwks([pair, kid, alg?], ...). */
export function jwks(...entries) {
  return { keys: entries.map(([pairOf, kid, alg]) => pairOf.jwk(kid, alg)) };
}

// Dates in v4's messages come from `new Date()` at the moment of the check; the two SDKs
// run a few ms apart, so a second boundary may fall in between.
const CURRENT_DATE = /(Current date: )[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT/g;
export const normalizeMessage = (m) => (typeof m === 'string' ? m.replace(CURRENT_DATE, '$1<now>') : m);

/** The class name, without the leading underscore of v4's esbuild class names. */
export function errorClass(err) {
  const name = Object.getPrototypeOf(err)?.constructor?.name ?? '?';
  return name.startsWith('_') ? name.slice(1) : name;
}

/** A comparable description of a thrown value. */
export function normalizeError(err) {
  if (!(err instanceof Error)) return { thrown: err };
  const own = Object.keys(err);
  const out = { class: errorClass(err), name: err.name, message: normalizeMessage(err.message), ownKeys: [...own].sort() };
  for (const k of ['reason', 'action', 'tokenCarrier']) if (own.includes(k)) out[k] = err[k];
  return out;
}

/** { ok: value } or { error: normalizeError(e) } of an async (or sync) call. */
export async function outcomeOf(fn, mapValue = (v) => v) {
  try {
    return { ok: mapValue(await fn()) };
  } catch (err) {
    return { error: normalizeError(err) };
  }
}
