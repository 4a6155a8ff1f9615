'use strict';
// What a middleware remembers of the native authenticate: the state it answered for a
// request (the same token, cookies, headers and path), while the client's configuration
// is unchanged and until the time the native side gave (a verified token's exp minus the
// clock skew; no limit when no token was verified; answers after a failed verification
// are never remembered). A repeated request then skips the boundary crossing and the
// verification: one `authStamp()` call instead, which changes with the client's options
// and with any CLERK_* variable (src/client.rs).
const { sameRequest } = require('./auth');

const MAX_ENTRIES = 1000;

class AnswerMemo {
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
  // requests apart, such as the end of their credentials): `{ raw, claimsText }`, the
  // parsed state without its claims (shared: never to be changed) and the claims' JSON,
  // to be parsed into a new object for each request.
  get(key, fields, flags, stamp) {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    if (e.flags === flags && e.stamp === stamp && Date.now() < e.until && sameRequest(e.fields, fields)) {
      if (e.raw === undefined) {
        // The native state ends with its claims (src/auth.rs): `…,"claims":{…}}`. Any
        // earlier `"` is inside a string and escaped, so the first match is the field.
        const at = e.text.indexOf(CLAIMS);
        e.claimsText = at < 0 ? undefined : e.text.slice(at + CLAIMS.length, -1);
        e.raw = Object.freeze(JSON.parse(at < 0 ? e.text : `${e.text.slice(0, at)}}`));
        e.text = undefined;
      }
      // Least recently used first out: a hit moves the entry to the end of the order.
      this.entries.delete(key);
      this.entries.set(key, e);
      return e;
    }
    this.entries.delete(key);
    return undefined;
  }

  // Remembers the state `text` (JSON) the native side answered until `until` (epoch ms);
  // it is parsed on the first hit. When full, the least recently used answer goes.
  set(key, fields, flags, stamp, until, text) {
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value);
    this.entries.set(key, { fields, flags, stamp, until, text, raw: undefined, claimsText: undefined });
  }
}

const CLAIMS = ',"claims":';

// A short key that tells requests apart: the ends of their credentials (a token's last
// characters are its signature's) and the path.
const memoKey = (fields) => `${(fields.authorization || '').slice(-24)}\u0000${(fields.cookie || '').slice(-24)}\u0000${fields.path}`;

module.exports = { AnswerMemo, memoKey };
