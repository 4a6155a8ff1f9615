'use strict';
// What every client (singleton or createClerkClient) has besides its sub-APIs, in v4's
// property order: authenticateRequest and the interstitial helpers, then
// expressWithAuth / expressRequireAuth / verifyToken / base.
const { extensions, NATIVE, OPTIONS } = require('./client');
const auth = require('./auth');
const { clientVerifyToken } = require('./tokens');
const { memoKey, claimsOf } = require('./memo');

// Build-time values of a client: its options, then the environment (D2), resolved
// natively as for its requests.
function buildtime(client) {
  const get = (name) => client[NATIVE].getOption(name) ?? '';
  return { frontendApi: get('frontendApi'), proxyUrl: get('proxyUrl'), domain: get('domain'), isSatellite: get('isSatellite') === 'true', publishableKey: get('publishableKey') };
}

// The client's live keys and API location (what its next request would use).
function keys(client) {
  const n = client[NATIVE];
  const get = (name) => n.getOption(name) ?? undefined;
  return { apiKey: get('apiKey'), secretKey: get('secretKey'), jwtKey: get('jwtKey'), apiUrl: get('apiUrl'), apiVersion: get('apiVersion'), publishableKey: get('publishableKey') };
}

// A client's authenticateRequest. `runtime`: the values given for this call (they win
// over the client's options, which the native side fills in, env included); `fields`:
// the request; `options`: `runtime` packed (precomputed by the middlewares); `memo`: the
// middleware's AnswerMemo (lib/memo.js), for options that are the same on every request;
// `debugRequest`: the middleware's builder of the fetch Request v4 would have made (debug()).
function authenticateWith(client, runtime, fields, flags, options = auth.packOptions(runtime), memo = undefined, debugRequest = undefined) {
  const n = client[NATIVE];
  let raw;
  let claims;
  if (memo) {
    const key = memoKey(fields);
    const stamp = memo.stamp();
    const known = memo.get(key, fields, flags, stamp);
    if (known) {
      raw = known.raw;
      claims = claimsOf(known);
    } else {
      raw = nativeRun(n, fields, options, flags, (until, text) => memo.set(key, fields, flags, stamp, until, text));
    }
  } else {
    raw = nativeRun(n, fields, options, flags);
  }
  const ctx = {
    request: () => auth.debugRequestFields(fields, debugRequest || runtime.request, debugRequest !== undefined),
    options: () => {
      const k = keys(client);
      const audience = runtime.audience || (client[OPTIONS] && client[OPTIONS].audience) || '';
      return { ...auth.runtimeWins(runtime, k, ['apiKey', 'secretKey', 'jwtKey', 'publishableKey']), apiUrl: k.apiUrl, apiVersion: k.apiVersion, audience };
    },
    keys: () => {
      const k = keys(client);
      return { apiKey: runtime.apiKey || k.apiKey, secretKey: runtime.secretKey || k.secretKey, apiUrl: k.apiUrl, apiVersion: k.apiVersion };
    },
  };
  return typeof raw.then === 'function' ? raw.then((r) => auth.requestState(r, runtime, ctx)) : auth.requestState(raw, runtime, ctx, claims);
}

const nativeRun = (n, fields, options, flags, remember) =>
  auth.run(
    (r, opts, f) => n.authenticate(r, opts, f),
    auth.packRequest(fields),
    options,
    flags,
    (url, key) => n.fetchJwks(url, key),
    remember,
  );

function addAuthentication(client, opts) {
  const interstitialOptions = (runtime) => auth.runtimeWins(runtime, buildtime(client), auth.INTERSTITIAL_OPTIONS);
  client.authenticateRequest = async (runtime = {}) => {
    const { fields, options, flags } = auth.authInput(runtime, runtime.request);
    return authenticateWith(client, runtime, fields, flags, options);
  };
  client.localInterstitial = (runtime = {}) => auth.loadInterstitialFromLocal(interstitialOptions(runtime));
  client.remotePublicInterstitial = (runtime = {}) =>
    auth.loadInterstitialFromBAPI({ ...interstitialOptions(runtime), apiUrl: keys(client).apiUrl, userAgent: runtime.userAgent || opts.userAgent });
  client.remotePrivateInterstitial = () => client.interstitial.getInterstitial();
  client.remotePublicInterstitialUrl = auth.buildPublicInterstitialUrl;
  client.debugRequestState = auth.debugRequestState;
}

function addSdkNode(client, opts) {
  const express = require('./express');
  client.expressWithAuth = express.createClerkExpressWithAuth({ ...opts, clerkClient: client });
  client.expressRequireAuth = express.createClerkExpressRequireAuth({ ...opts, clerkClient: client });
  client.verifyToken = (token, verifyOpts) => clientVerifyToken(client[NATIVE], token, { audience: opts.audience, ...verifyOpts });
  // Redwood's `base.verifySessionToken`: keys only from CLERK_JWT_KEY / jwtKey or the
  // configured API's JWKS, and only for a Clerk issuer (S1).
  client.base = { verifySessionToken: (token) => clientVerifyToken(client[NATIVE], token, {}) };
}

extensions.push((client, opts, phase) => (phase === 'api' ? addAuthentication(client, opts) : addSdkNode(client, opts)));

module.exports = { authenticateWith };
