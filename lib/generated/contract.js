'use strict';
// Generated from src/contract.rs by `cargo test` (UPDATE_GENERATED=1 rewrites it): do not edit.
// The JS↔Rust contract: answer kinds, flag bits, packed field orders, the environment
// variables and the client options.

// The char code of each answer kind (an answer's first character).
exports.AuthAnswer = Object.freeze({
  State: 65, // 'A'
  Remember: 77, // 'M'
  Error: 69, // 'E'
  DomException: 68, // 'D'
  NeedSyntaxMessage: 83, // 'S'
  Fetch: 70, // 'F'
});

// The char code of each answer kind (an answer's first character).
exports.VerifyAnswer = Object.freeze({
  Verified: 86, // 'V'
  TokenError: 88, // 'X'
  JsonSyntax: 83, // 'S'
  Base64Syntax: 66, // 'B'
  TypeError: 84, // 'T'
  Fetch: 70, // 'F'
  NeedIssuer: 73, // 'I'
  Decoded: 68, // 'D'
});

exports.AuthFlags = Object.freeze({
  SATELLITE_TRUE: 1,
  SATELLITE_FALSE: 2,
  AFTER_FETCH: 4,
  MIDDLEWARE: 8,
  ENCRYPTED: 16,
});

exports.VerifyFlags = Object.freeze({
  CLERK_ISSUER: 1,
  ISSUER_DEFERRED: 2,
  SKIP_JWKS_CACHE: 4,
  AFTER_FETCH: 8,
  ISSUER_TRUE: 16,
  ISSUER_FALSE: 32,
  RESOLVED: 64,
});

// The request fields of authenticate, in packed order.
exports.REQUEST_FIELDS = Object.freeze(["authorization", "cookie", "origin", "host", "forwardedHost", "forwardedPort", "forwardedProto", "referrer", "userAgent", "sessionId", "clerkSynced", "clerkSatelliteUrl", "path", "cookieToken", "clientUat"]);

// The request half of authenticate's input: `v` turns each value into its text.
exports.packRequest = function packRequest(r, v) {
  return v(r.authorization) + '\u0000' + v(r.cookie) + '\u0000' + v(r.origin) + '\u0000' + v(r.host) + '\u0000' + v(r.forwardedHost) + '\u0000' + v(r.forwardedPort) + '\u0000' + v(r.forwardedProto) + '\u0000' + v(r.referrer) + '\u0000' + v(r.userAgent) + '\u0000' + v(r.sessionId) + '\u0000' + v(r.clerkSynced) + '\u0000' + v(r.clerkSatelliteUrl) + '\u0000' + v(r.path) + '\u0000' + v(r.cookieToken) + '\u0000' + v(r.clientUat);
};

// Whether two requests' fields pack the same (`same` compares two values).
exports.sameRequest = function sameRequest(r, s, same) {
  return same(r.authorization, s.authorization) && same(r.cookie, s.cookie) && same(r.origin, s.origin) && same(r.host, s.host) && same(r.forwardedHost, s.forwardedHost) && same(r.forwardedPort, s.forwardedPort) && same(r.forwardedProto, s.forwardedProto) && same(r.referrer, s.referrer) && same(r.userAgent, s.userAgent) && same(r.sessionId, s.sessionId) && same(r.clerkSynced, s.clerkSynced) && same(r.clerkSatelliteUrl, s.clerkSatelliteUrl) && same(r.path, s.path) && same(r.cookieToken, s.cookieToken) && same(r.clientUat, s.clientUat);
};

// The options half of authenticate's input, its trailing fields left empty.
exports.packOptions = function packOptions(o, v, json, parties) {
  return v(o.secretKey) + '\u0000' + v(o.apiKey) + '\u0000' + v(o.jwtKey) + '\u0000' + v(o.apiUrl) + '\u0000' + v(o.apiVersion) + '\u0000' + v(o.publishableKey) + '\u0000' + v(o.frontendApi) + '\u0000' + v(o.proxyUrl) + '\u0000' + v(o.domain) + '\u0000' + v(o.signInUrl) + '\u0000' + json(o.audience) + '\u0000' + parties(o.authorizedParties) + '\u0000' + '';
};

// The JSON of the authorizedParties option as the azp check reads it (clerk-core
// `AuthorizedParties`): the entries to match, how v4 prints the list (or what printing
// it threw), or what was given that is no list.
exports.AuthorizedParties = Object.freeze({
  oneOf: (entries, text) => JSON.stringify({ "oneOf": { "entries": entries, "shown": { "text": text } } }),
  oneOfUnprintable: (entries, threw) => JSON.stringify({ "oneOf": { "entries": entries, "shown": { "threw": threw } } }),
  invalid: (got) => JSON.stringify({ "invalid": { "got": got } }),
});

// Where the claims begin in a state's JSON (its last field).
exports.CLAIMS_FIELD = ",\"claims\":";

// The environment variables the native side reads, in the order of a snapshot.
exports.ENV_VARS = Object.freeze(["CLERK_SECRET_KEY", "CLERK_API_KEY", "CLERK_API_URL", "CLERK_API_VERSION", "CLERK_JWT_KEY", "CLERK_PUBLISHABLE_KEY", "CLERK_PROXY_URL", "CLERK_DOMAIN", "CLERK_IS_SATELLITE", "CLERK_FRONTEND_API", "CLERK_SIGN_IN_URL", "CLERK_TIMEOUT_MS", "CLERK_MAX_RETRIES", "CLERK_LOGGING", "CLERK_SDK_TEST_PANIC"]);

// The client options: name, how the shell checks and carries it, its variable.
exports.OPTIONS = Object.freeze([
  Object.freeze({ name: "secretKey", kind: 'text', env: "CLERK_SECRET_KEY" }),
  Object.freeze({ name: "apiKey", kind: 'text', env: "CLERK_API_KEY" }),
  Object.freeze({ name: "apiUrl", kind: 'text', env: "CLERK_API_URL" }),
  Object.freeze({ name: "apiVersion", kind: 'text', env: "CLERK_API_VERSION" }),
  Object.freeze({ name: "userAgent", kind: 'text', env: undefined }),
  Object.freeze({ name: "jwtKey", kind: 'text', env: "CLERK_JWT_KEY" }),
  Object.freeze({ name: "publishableKey", kind: 'text', env: "CLERK_PUBLISHABLE_KEY" }),
  Object.freeze({ name: "timeoutMs", kind: 'number', env: "CLERK_TIMEOUT_MS" }),
  Object.freeze({ name: "maxRetries", kind: 'number', env: "CLERK_MAX_RETRIES" }),
  Object.freeze({ name: "httpOptions", kind: 'http', env: undefined }),
  Object.freeze({ name: "proxyUrl", kind: 'buildtime', env: "CLERK_PROXY_URL" }),
  Object.freeze({ name: "domain", kind: 'buildtime', env: "CLERK_DOMAIN" }),
  Object.freeze({ name: "frontendApi", kind: 'buildtime', env: "CLERK_FRONTEND_API" }),
  Object.freeze({ name: "isSatellite", kind: 'flag', env: "CLERK_IS_SATELLITE" }),
  Object.freeze({ name: "audience", kind: 'json', env: undefined }),
]);
