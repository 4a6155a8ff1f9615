'use strict';
// Main entry (CommonJS): the export names and shapes of @clerk/clerk-sdk-node 4.13.23.
const client = require('./lib/client');
const backend = require('./lib/backend');
const tokens = require('./lib/tokens');
const auth = require('./lib/auth');
const express = require('./lib/express');
const { exported: resources } = require('./lib/resources');
const { deprecated } = require('./lib/deprecated');

// v4 warns about the legacy variables when the main entry loads.
if (process.env.CLERK_API_KEY) deprecated('CLERK_API_KEY', 'Use `CLERK_SECRET_KEY` instead.');
if (process.env.CLERK_FRONTEND_API) deprecated('CLERK_FRONTEND_API', 'Use `CLERK_PUBLISHABLE_KEY` instead.');

const { clerkClient } = client;
const api = client.defaultClient();

// Middlewares bound to the default client, whose options (env included) are read at
// each request.
const ClerkExpressWithAuth = (...args) => express.createClerkExpressWithAuth({ clerkClient: api })(...args);
const ClerkExpressRequireAuth = (...args) => express.createClerkExpressRequireAuth({ clerkClient: api })(...args);

// v4's runMiddleware: resolves when the middleware calls next(), rejects on next(err).
function runMiddleware(req, res, fn) {
  return new Promise((resolve, reject) => {
    void fn(req, res, (result) => (result instanceof Error ? reject(result) : resolve(result)));
  });
}

function withAuth(handler, options) {
  return async (req, res) => {
    await runMiddleware(req, res, express.createClerkExpressWithAuth({ clerkClient: api })(options));
    return handler(req, res);
  };
}

function requireAuth(handler, options) {
  return async (req, res) => {
    await runMiddleware(req, res, express.createClerkExpressRequireAuth({ clerkClient: api })(options));
    return handler(req, res);
  };
}

Object.defineProperty(exports, '__esModule', { value: true });
Object.assign(exports, resources, {
  ObjectType: backend.ObjectType,
  AuthStatus: backend.AuthStatus,
  constants: backend.constants,
  deserialize: backend.deserialize,
  createIsomorphicRequest: backend.createIsomorphicRequest,
  buildRequestUrl: backend.buildRequestUrl,
  redirect: backend.redirect,
  verifyToken: tokens.verifyToken,
  decodeJwt: tokens.decodeJwt,
  verifyJwt: tokens.verifyJwt,
  hasValidSignature: tokens.hasValidSignature,
  signJwt: tokens.signJwt,
  createAuthenticateRequest: auth.createAuthenticateRequest,
  debugRequestState: auth.debugRequestState,
  loadInterstitialFromLocal: auth.loadInterstitialFromLocal,
  signedInAuthObject: auth.signedInAuthObject,
  signedOutAuthObject: auth.signedOutAuthObject,
  makeAuthObjectSerializable: backend.makeAuthObjectSerializable,
  sanitizeAuthObject: backend.sanitizeAuthObject,
  prunePrivateMetadata: backend.prunePrivateMetadata,
  default: clerkClient,
  clerkClient,
  Clerk: client.Clerk,
  createClerkClient: client.createClerkClient,
  ClerkExpressWithAuth,
  ClerkExpressRequireAuth,
  createClerkExpressWithAuth: express.createClerkExpressWithAuth,
  createClerkExpressRequireAuth: express.createClerkExpressRequireAuth,
  withAuth,
  requireAuth,
  setClerkSecretKey: client.setClerkSecretKey,
  setClerkApiKey: client.setClerkApiKey,
  setClerkServerApiUrl: client.setClerkServerApiUrl,
  setClerkApiVersion: client.setClerkApiVersion,
  setClerkHttpOptions: client.setClerkHttpOptions,
  // The named sub-APIs belong to the default client, whose options stay live (D3).
  users: api.users,
  smsMessages: api.smsMessages,
  sessions: api.sessions,
  emailAddresses: api.emailAddresses,
  phoneNumbers: api.phoneNumbers,
  emails: api.emails,
  invitations: api.invitations,
  organizations: api.organizations,
  clients: api.clients,
  allowlistIdentifiers: api.allowlistIdentifiers,
  domains: api.domains,
});
