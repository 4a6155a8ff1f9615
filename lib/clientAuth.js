'use strict';
// What every client (singleton or createClerkClient) has besides its sub-APIs, in v4's
// property order: authenticateRequest and the interstitial helpers, then
// expressWithAuth / expressRequireAuth / verifyToken / base.
const { extensions, NATIVE } = require('./client');
const auth = require('./auth');
const { clientVerifyToken } = require('./tokens');

const envFlag = (name) => process.env[name] === 'true';
const env = (name) => process.env[name] || undefined;

// Build-time values of a client: its options, then the environment (D2).
function buildtime(opts) {
  return {
    frontendApi: opts.frontendApi || env('CLERK_FRONTEND_API') || '',
    proxyUrl: opts.proxyUrl || env('CLERK_PROXY_URL') || '',
    domain: opts.domain || env('CLERK_DOMAIN') || '',
    isSatellite: opts.isSatellite || envFlag('CLERK_IS_SATELLITE'),
    audience: opts.audience || '',
  };
}

// The client's live keys and API location (what its next request would use).
function keys(client) {
  const n = client[NATIVE];
  const get = (name) => n.getOption(name) ?? undefined;
  return { apiKey: get('apiKey'), secretKey: get('secretKey'), jwtKey: get('jwtKey'), apiUrl: get('apiUrl'), apiVersion: get('apiVersion'), publishableKey: get('publishableKey') };
}

// A client's authenticateRequest, given the request-derived input already collected.
function authenticateWith(client, opts, runtime, input) {
  const b = buildtime(opts);
  const o = {
    ...runtime,
    audience: runtime.audience || b.audience,
    frontendApi: runtime.frontendApi || b.frontendApi,
    proxyUrl: runtime.proxyUrl || b.proxyUrl,
    isSatellite: runtime.isSatellite || b.isSatellite,
    domain: runtime.domain || b.domain,
  };
  const merged = { ...input, ...auth.authInput(o, undefined) };
  const call = (i) => client[NATIVE].authenticate(i);
  const ctx = {
    request: () => auth.debugRequestFields(merged),
    options: () => {
      const k = keys(client);
      return { ...o, ...k, apiKey: o.apiKey || k.apiKey, secretKey: o.secretKey || k.secretKey, jwtKey: o.jwtKey || k.jwtKey, publishableKey: o.publishableKey || k.publishableKey };
    },
    keys: () => {
      const k = keys(client);
      return { apiKey: o.apiKey || k.apiKey, secretKey: o.secretKey || k.secretKey, apiUrl: k.apiUrl, apiVersion: k.apiVersion };
    },
  };
  const raw = auth.run(call, merged, (url, key) => client[NATIVE].fetchJwks(url, key));
  return typeof raw.then === 'function' ? raw.then((r) => auth.requestState(r, o, ctx)) : auth.requestState(raw, o, ctx);
}

function addAuthentication(client, opts) {
  const b = () => buildtime(opts);
  const interstitialOptions = (runtime) => {
    const bt = b();
    return {
      ...runtime,
      frontendApi: runtime.frontendApi || bt.frontendApi,
      proxyUrl: runtime.proxyUrl || bt.proxyUrl,
      publishableKey: runtime.publishableKey || keys(client).publishableKey || '',
      isSatellite: runtime.isSatellite || bt.isSatellite,
      domain: runtime.domain || bt.domain,
    };
  };
  client.authenticateRequest = async (runtime = {}) => authenticateWith(client, opts, runtime, auth.requestInput(runtime.request));
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
