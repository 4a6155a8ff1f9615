'use strict';
// What a middleware remembers of the native authenticate: the state it answered for a
// request (the same token, cookies, headers and path), while the client's configuration
// is unchanged and until the time the native side gave (a verified token's exp minus the
// clock skew; no limit when no token was verified; answers after a failed verification
// are never remembered). A repeated request then skips the boundary crossing and the
// verification: one `authStamp()` call instead, which changes with any client's options
// and with any CLERK_* variable (src/client.rs).
const { sameRequest } = require('./auth');

const MAX_ENTRIES = 1000;

class AnswerMemo {
  // `native`: what gives the stamp (the addon's `authStamp`).
  constructor(native, max = MAX_ENTRIES) {
    this.native = native;
    this.max = max;
    this.entries = new Map();
  }

  // The configuration now (pass it to get and set).
  stamp() {
    return this.native.authStamp();
  }

  // The remembered answer to the request `fields` (`key`: a short string that tells
  // requests apart, such as the end of their credentials): an entry whose `raw` is the
  // parsed state without its claims (frozen, shared); each request gets its own claims
  // from `claimsOf(entry)`.
  get(key, fields, flags, stamp) {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    if (e.flags === flags && e.stamp === stamp && Date.now() < e.until && sameRequest(e.fields, fields)) {
      if (e.raw === undefined) {
        // The native state ends with its claims (src/auth.rs): `…,"claims":{…}}`. Any
        // earlier `"` is inside a string and escaped, so the first match is the field.
        const at = e.text.indexOf(CLAIMS);
        if (at >= 0) {
          const text = e.text.slice(at + CLAIMS.length, -1);
          const claims = JSON.parse(text);
          // Claims nested deeper than a token's ever are (custom claims of a JWT template
          // can be) are parsed from their text each time, which needs no stack.
          if (deeperThan(claims, MAX_DEPTH)) e.claimsText = text;
          else e.claims = claims;
        }
        e.raw = Object.freeze(JSON.parse(at < 0 ? e.text : `${e.text.slice(0, at)}}`));
        e.text = undefined;
      }
      e.used = true;
      return e;
    }
    this.entries.delete(key);
    return undefined;
  }

  // Remembers the state `text` (JSON) the native side answered until `until` (epoch ms);
  // it is parsed on the first hit. When full, one answer goes (below).
  set(key, fields, flags, stamp, until, text) {
    if (this.entries.size >= this.max) this.evictOne();
    this.entries.set(key, { fields, flags, stamp, until, text, raw: undefined, claims: undefined, claimsText: undefined, used: false });
  }

  // Least recently used out, approximately ("second chance"): the oldest answer not hit
  // since it was last passed over goes; a hit one moves to the end, unmarked. A hit
  // costs a flag instead of moving its entry.
  evictOne() {
    for (const [key, e] of this.entries) {
      this.entries.delete(key);
      if (!e.used) return;
      e.used = false;
      this.entries.set(key, e);
    }
  }
}

// Declared with the state's serialization (src/contract.rs CLAIMS_FIELD).
const CLAIMS = require('./generated/contract').CLAIMS_FIELD;

const { hasOwn } = Object;

// A remembered answer's claims for one request: a new copy, as `JSON.parse` of their
// text would give (plain objects and arrays, own properties in the same order,
// `__proto__` an own property) at a fraction of the cost, the strings shared (they are
// immutable). Objects are built property by property, as JSON.parse builds them, so
// that they share its hidden classes (a spread copy's would make every later property
// access slow).
function claimsOf(entry) {
  if (entry.claims !== undefined) return copyClaims(entry.claims);
  return entry.claimsText === undefined ? undefined : JSON.parse(entry.claimsText);
}

const MAX_DEPTH = 64;

// Whether objects and arrays in `v` nest more than `levels` deep (it looks no deeper).
function deeperThan(v, levels) {
  if (typeof v !== 'object' || v === null) return false;
  if (levels === 0) return true;
  for (const k in v) if (hasOwn(v, k) && deeperThan(v[k], levels - 1)) return true;
  return false;
}

function copyClaims(v) {
  if (Array.isArray(v)) {
    const copy = new Array(v.length);
    for (let i = 0; i < v.length; i++) copy[i] = typeof v[i] === 'object' && v[i] !== null ? copyClaims(v[i]) : v[i];
    return copy;
  }
  const copy = {};
  for (const k in v) {
    if (!hasOwn(v, k)) continue;
    const x = typeof v[k] === 'object' && v[k] !== null ? copyClaims(v[k]) : v[k];
    if (k === '__proto__') Object.defineProperty(copy, k, { value: x, writable: true, enumerable: true, configurable: true });
    else copy[k] = x;
  }
  return copy;
}

// A short key that tells requests apart: the ends of their credentials (a token's last
// characters are its signature's) and the path.
const memoKey = (fields) => `${(fields.authorization || '').slice(-24)}\u0000${(fields.cookie || '').slice(-24)}\u0000${fields.path}`;

module.exports = { AnswerMemo, memoKey, claimsOf };
