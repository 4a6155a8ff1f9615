'use strict';
// Main entry (CommonJS): the export names and shapes of @clerk/clerk-sdk-node 4.13.23.
const client = require('./lib/client');
const backend = require('./lib/backend');
const { exported: resources } = require('./lib/resources');
const { deprecated } = require('./lib/deprecated');

// v4 warns about the legacy variables when the main entry loads.
if (process.env.CLERK_API_KEY) deprecated('CLERK_API_KEY', 'Use `CLERK_SECRET_KEY` instead.');
if (process.env.CLERK_FRONTEND_API) deprecated('CLERK_FRONTEND_API', 'Use `CLERK_PUBLISHABLE_KEY` instead.');

const { clerkClient } = client;
const api = client.defaultClient();

Object.defineProperty(exports, '__esModule', { value: true });
Object.assign(exports, resources, backend, {
  default: clerkClient,
  clerkClient,
  Clerk: client.Clerk,
  createClerkClient: client.createClerkClient,
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
