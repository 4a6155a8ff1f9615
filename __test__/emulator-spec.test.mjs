// The local Backend API emulator (`startEmulator()`, emulator.js/.mjs) against Clerk's
// official Backend API spec (bapi 2021-02-05).
//
//   SDK (createClerkClient) ──► recording proxy ──► emulator
//
// Every one of the 63 sub-API methods of endpoints.json is called on our SDK in one
// realistic flow (users with email addresses and phone numbers, an organization with
// memberships and invitations, sessions from `emu.signIn`, …), each call on an object the
// flow created before. The proxy (contract/proxy.mjs; our HTTP client lives in the native
// addon, so the proxy is how the test sees the wire) records every exchange; each
// response is matched to its spec operation (method + path template) and its status and
// JSON body are validated with ajv against the spec's response schema for that status
// (helpers/spec-validator.mjs converts the OpenAPI 3.0 schemas: nullable, $ref, …).
//
// Endpoints the emulator does not model are listed in NOT_MODELED: they must answer 404
// with Clerk's error shape. Error answers (404, 422, 401) are validated against the spec's
// ClerkErrors responses too. A failure prints, per response: the operation, the status,
// ajv's errors with the offending values, and an excerpt of the body.
import './helpers/setup.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startProxy } from './contract/proxy.mjs';
import { SpecValidator, formatViolations, formatAjvErrors } from './helpers/spec-validator.mjs';
import * as F from './helpers/fixtures.mjs';

const __dirname = path.dirname(fileURLToPath(import.meta.url));
const SPEC = path.resolve(__dirname, '../../shared/openapi/bapi-2021-02-05.yml');
const ENDPOINTS = path.resolve(__dirname, '../../shared/spec/endpoints.json');
const EMULATOR = path.resolve(__dirname, '../emulator.mjs');

const require = createRequire(import.meta.url);
const sdk = require('../index.js');

const CALL_TIMEOUT_MS = 10_000;

/** Methods the emulator does not model: each must answer 404 `resource_not_found`. */
const NOT_MODELED = ['emails.createEmail', 'smsMessages.createSMSMessage', 'domains.deleteDomain'];
// Answered with a page, not JSON (the spec has no schema for it).
const HTML_PAGES = ['interstitial.getInterstitial'];

const skipSpec = !fs.existsSync(SPEC) ? `the official spec is not there: ${SPEC}` : !fs.existsSync(ENDPOINTS) ? `endpoints.json is not there: ${ENDPOINTS}` : false;
const skipEmulator = skipSpec || (!fs.existsSync(EMULATOR) ? `the emulator entry point is not there: ${EMULATOR}` : false);

// A valid 1x1 transparent PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const pngBlob = () => new Blob([PNG], { type: 'image/png' });
const PASSWORD = 'correct-horse-battery-staple';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXP';
const BACKUP_CODE = 'r7tw-8hnc';

/** The current RFC 6238 code (SHA-1, 30 s, 6 digits) of a base32 secret. */
function totp(secret, now = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 30_000)));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

function describeError(e) {
  if (!e) return '(none)';
  const details = Array.isArray(e.errors) && e.errors.length ? ` errors=${JSON.stringify(e.errors)}` : '';
  return `${e.name}${e.status !== undefined ? ` status=${JSON.stringify(e.status)}` : ''}: ${e.message || '(no message)'}${details}`;
}

function describeExchange(x) {
  const type = x.headers['content-type'] || '';
  let sent = x.body.length === 0 ? '' : ` ${x.body.toString(/json|text|urlencoded/.test(type) ? 'utf8' : 'latin1').slice(0, 300)}`;
  if (/multipart/.test(type)) sent = ` (multipart, ${x.body.length} bytes)`;
  const r = x.response;
  return `${x.method} ${x.url}${sent}\n      -> ${r ? `${r.status} ${r.body.toString('utf8').slice(0, 400)}` : `no answer: ${x.error?.message}`}`;
}

// ---------------------------------------------------------------------------------------
// The validator on its own: spec-shaped bodies pass, broken ones do not.
// ---------------------------------------------------------------------------------------
describe('emulator-spec: the spec validator', { skip: skipSpec }, () => {
  if (skipSpec) return;
  const v = SpecValidator.load(SPEC);
  const json = (status, body, type = 'application/json') => ({ status, headers: { 'content-type': type }, body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)) });
  const check = (method, url, response) => v.validateExchange({ method, url, response });

  test('routes requests to operations: literal segments beat parameters, /v1 is the prefix', () => {
    assert.equal(v.findOperation('GET', '/v1/users/count').name, 'GET /users/count');
    assert.equal(v.findOperation('GET', '/v1/users/user_123').name, 'GET /users/{user_id}');
    assert.equal(v.findOperation('GET', '/v1/organizations/org_1/invitations/pending').name, 'GET /organizations/{organization_id}/invitations/pending');
    assert.equal(v.findOperation('POST', '/v1/sessions/sess_1/tokens/supabase').name, 'POST /sessions/{session_id}/tokens/{template_name}');
    assert.equal(v.findOperation('POST', '/v1/clients/verify').name, 'POST /clients/verify');
    assert.equal(v.findOperation('GET', '/users/count'), undefined, 'no /v1 prefix');
    assert.equal(v.findOperation('POST', '/v1/emails'), undefined);
    assert.equal(v.findTemplate('DELETE', '/allowlist_identifiers/{allowlistIdentifierId}').name, 'DELETE /allowlist_identifiers/{identifier_id}');
  });

  test('spec-shaped bodies (the differential fixtures) pass, nullable fields included', () => {
    const good = [
      ['EmailAddress', F.emailAddress()],
      ['EmailAddress', { ...F.emailAddress(), verification: null }],
      ['EmailAddress', { ...F.emailAddress(), verification: { status: 'verified', strategy: 'admin', attempts: null, expire_at: null } }],
      ['PhoneNumber', F.phoneNumber()],
      ['Session', F.session()],
      ['Client', F.client()],
      ['Organization', F.organization()],
      ['Invitation', F.invitation()],
      ['AllowlistIdentifier', F.allowlistIdentifier()],
      ['RedirectURL', F.redirectUrl()],
      ['SignInToken', F.signInToken()],
      ['SignInToken', { ...F.signInToken(), url: null }],
      ['DeletedObject', F.deleted('user', F.ID.user)],
      ['ClerkErrors', { errors: [{ message: 'not found', long_message: 'Resource not found', code: 'resource_not_found', meta: {} }], clerk_trace_id: 't' }],
    ];
    for (const [name, body] of good) assert.deepEqual(v.validateComponent(name, body), [], `${name}: ${JSON.stringify(body).slice(0, 200)}`);
  });

  test('broken bodies are reported, with the offending path', () => {
    const bad = [
      ['Session', { ...F.session(), status: 'sleeping' }, '/status'],
      ['Session', { ...F.session(), expire_at: '2024-01-01' }, '/expire_at'],
      ['Session', { ...F.session(), expire_at: 1.5 }, '/expire_at'],
      ['EmailAddress', { ...F.emailAddress(), surprise: 1 }, ''],
      ['EmailAddress', { ...F.emailAddress(), verification: { status: 'verified', strategy: 'carrier_pigeon', attempts: null, expire_at: null } }, '/verification'],
      ['RedirectURL', { ...F.redirectUrl(), url: null }, '/url'],
      ['DeletedObject', { id: 'user_1', deleted: true }, ''],
      ['ClerkErrors', { errors: [{ message: 'm', code: 'c' }] }, '/errors/0'],
      ['ClerkErrors', { error: 'nope' }, ''],
    ];
    for (const [name, body, where] of bad) {
      const errors = v.validateComponent(name, body);
      assert.ok(errors.length > 0, `${name} accepted a broken body: ${JSON.stringify(body).slice(0, 200)}`);
      assert.ok(errors.some((e) => e.instancePath === where), `${name}: no error at "${where}":\n${formatAjvErrors(errors, body)}`);
    }
  });

  test('exchanges: status, content type and body are checked against the operation', () => {
    assert.deepEqual(check('GET', '/v1/users/count', json(200, { object: 'total_count', total_count: 3 })).violations, []);
    assert.deepEqual(check('DELETE', '/v1/redirect_urls/ru_1', json(200, { object: 'redirect_url', id: 'ru_1', deleted: true })).violations, []);
    const notFound = { errors: [{ message: 'not found', long_message: 'Resource not found', code: 'resource_not_found', meta: {} }], clerk_trace_id: 't' };
    assert.deepEqual(check('GET', '/v1/users/user_1', json(404, notFound)).violations, []);
    // A 200 without a documented body schema is status-only.
    const totp = check('POST', '/v1/users/user_1/verify_totp', json(400, notFound));
    assert.deepEqual([totp.violations, totp.checked], [[], 'status-only']);

    const kinds = (r) => r.violations.map((x) => x.kind);
    assert.deepEqual(kinds(check('GET', '/v1/users/count', json(200, { object: 'total_count', total_count: '3' }))), ['schema']);
    assert.deepEqual(kinds(check('GET', '/v1/users/count', json(418, {}))), ['undocumented-status']);
    assert.deepEqual(kinds(check('GET', '/v1/users/count', json(200, 'nope', 'text/plain'))), ['content-type', 'not-json']);
    assert.deepEqual(kinds(check('GET', '/v1/users/user_1', json(404, { message: 'not found' }))), ['schema']);
    assert.deepEqual(kinds(check('POST', '/v1/emails', json(404, notFound))), ['no-operation']);
    const text = formatViolations([{ label: 'users.getCount', ...check('GET', '/v1/users/count', json(200, { object: 'total_count', total_count: '3' })) }]);
    assert.match(text, /users\.getCount: GET \/users\/count -> 200/);
    assert.match(text, /\/total_count must be integer/);
    assert.match(text, /body: \{"object":"total_count","total_count":"3"\}/);
  });
});

// ---------------------------------------------------------------------------------------
// The emulator, through our SDK.
// ---------------------------------------------------------------------------------------

/**
 * The flow: [method, run(state)] in order. `state` holds the client (`c`), the emulator
 * (`emu`) and the objects created so far. A step may call its method more than once (with
 * other arguments); every exchange is validated and attributed to the step's method.
 */
const FLOW = [
  // users
  ['users.createUser', async (s) => {
    s.userA = await s.c.users.createUser({
      externalId: 'crm_1815',
      emailAddress: ['ada@example.com'],
      phoneNumber: ['+15550001111'],
      username: 'ada_lovelace',
      password: PASSWORD,
      firstName: 'Ada',
      lastName: 'Lovelace',
      publicMetadata: { role: 'admin' },
      privateMetadata: { stripeId: 'cus_42' },
      unsafeMetadata: { onboardingDone: false },
      totpSecret: TOTP_SECRET,
      backupCodes: [BACKUP_CODE, 'kx4m-2qzp'],
    });
    s.userB = await s.c.users.createUser({ emailAddress: ['grace@example.org'], firstName: 'Grace', lastName: 'Hopper', skipPasswordRequirement: true });
  }],
  ['users.getUser', async (s) => s.c.users.getUser(s.userA.id)],
  ['users.getUserList', async (s) => {
    await s.c.users.getUserList();
    await s.c.users.getUserList({ emailAddress: ['ada@example.com', 'grace@example.org'], limit: 10, offset: 0, orderBy: '-created_at' });
  }],
  ['users.getCount', async (s) => {
    await s.c.users.getCount();
    await s.c.users.getCount({ query: 'ada' });
  }],
  ['users.updateUser', async (s) => s.c.users.updateUser(s.userA.id, { firstName: 'Augusta', primaryEmailAddressID: s.userA.primaryEmailAddressId, publicMetadata: { role: 'owner' } })],
  ['users.updateUserProfileImage', async (s) => s.c.users.updateUserProfileImage(s.userA.id, { file: pngBlob() })],
  ['users.updateUserMetadata', async (s) => s.c.users.updateUserMetadata(s.userA.id, { publicMetadata: { plan: 'pro' }, privateMetadata: { stripeId: null }, unsafeMetadata: { onboardingDone: true } })],
  ['users.verifyPassword', async (s) => s.c.users.verifyPassword({ userId: s.userA.id, password: PASSWORD })],
  ['users.verifyTOTP', async (s) => {
    await s.c.users.verifyTOTP({ userId: s.userA.id, code: totp(TOTP_SECRET) });
    await s.c.users.verifyTOTP({ userId: s.userA.id, code: BACKUP_CODE });
  }],
  ['users.getUserOauthAccessToken', async (s) => s.c.users.getUserOauthAccessToken(s.userA.id, 'oauth_github')],
  ['users.disableUserMFA', async (s) => s.c.users.disableUserMFA(s.userA.id)],
  // email addresses and phone numbers of user A
  ['emailAddresses.createEmailAddress', async (s) => {
    s.email = await s.c.emailAddresses.createEmailAddress({ userId: s.userA.id, emailAddress: 'ada+work@example.com', verified: true, primary: false });
  }],
  ['emailAddresses.getEmailAddress', async (s) => s.c.emailAddresses.getEmailAddress(s.email.id)],
  ['emailAddresses.updateEmailAddress', async (s) => s.c.emailAddresses.updateEmailAddress(s.email.id, { verified: true })],
  ['emailAddresses.deleteEmailAddress', async (s) => s.c.emailAddresses.deleteEmailAddress(s.email.id)],
  ['phoneNumbers.createPhoneNumber', async (s) => {
    s.phone = await s.c.phoneNumbers.createPhoneNumber({ userId: s.userA.id, phoneNumber: '+15550003333', verified: false, primary: false });
  }],
  ['phoneNumbers.getPhoneNumber', async (s) => s.c.phoneNumbers.getPhoneNumber(s.phone.id)],
  ['phoneNumbers.updatePhoneNumber', async (s) => s.c.phoneNumbers.updatePhoneNumber(s.phone.id, { verified: true })],
  ['phoneNumbers.deletePhoneNumber', async (s) => s.c.phoneNumbers.deletePhoneNumber(s.phone.id)],
  // an organization created by user A, user B as a member, an invitation
  ['organizations.createOrganization', async (s) => {
    s.org = await s.c.organizations.createOrganization({ name: 'Analytical Engines', slug: 'analytical-engines', createdBy: s.userA.id, maxAllowedMemberships: 10, publicMetadata: { plan: 'team' }, privateMetadata: { billingRef: 'B-1' } });
  }],
  ['organizations.getOrganization', async (s) => {
    await s.c.organizations.getOrganization({ organizationId: s.org.id });
    await s.c.organizations.getOrganization({ slug: 'analytical-engines' });
  }],
  ['organizations.getOrganizationList', async (s) => {
    await s.c.organizations.getOrganizationList();
    await s.c.organizations.getOrganizationList({ limit: 10, offset: 0, includeMembersCount: true, query: 'engines' });
  }],
  ['organizations.updateOrganization', async (s) => s.c.organizations.updateOrganization(s.org.id, { name: 'Analytical Engines Ltd', maxAllowedMemberships: 25 })],
  ['organizations.updateOrganizationLogo', async (s) => s.c.organizations.updateOrganizationLogo(s.org.id, { file: pngBlob(), uploaderUserId: s.userA.id })],
  ['organizations.deleteOrganizationLogo', async (s) => s.c.organizations.deleteOrganizationLogo(s.org.id)],
  ['organizations.updateOrganizationMetadata', async (s) => s.c.organizations.updateOrganizationMetadata(s.org.id, { publicMetadata: { plan: 'business' }, privateMetadata: { billingRef: null } })],
  ['organizations.createOrganizationMembership', async (s) => s.c.organizations.createOrganizationMembership({ organizationId: s.org.id, userId: s.userB.id, role: 'org:member' })],
  ['organizations.getOrganizationMembershipList', async (s) => s.c.organizations.getOrganizationMembershipList({ organizationId: s.org.id, limit: 10, offset: 0 })],
  ['organizations.updateOrganizationMembership', async (s) => s.c.organizations.updateOrganizationMembership({ organizationId: s.org.id, userId: s.userB.id, role: 'org:admin' })],
  ['organizations.updateOrganizationMembershipMetadata', async (s) => s.c.organizations.updateOrganizationMembershipMetadata({ organizationId: s.org.id, userId: s.userB.id, publicMetadata: { title: 'Lead' }, privateMetadata: { reviewCycle: 'Q3' } })],
  ['users.getOrganizationMembershipList', async (s) => s.c.users.getOrganizationMembershipList({ userId: s.userA.id, limit: 10, offset: 0 })],
  ['organizations.createOrganizationInvitation', async (s) => {
    s.orgInvitation = await s.c.organizations.createOrganizationInvitation({ organizationId: s.org.id, inviterUserId: s.userA.id, emailAddress: 'charles@example.com', role: 'org:member', redirectUrl: 'https://app.example.com/join', publicMetadata: { team: 'compilers' } });
  }],
  ['organizations.getOrganizationInvitationList', async (s) => {
    await s.c.organizations.getOrganizationInvitationList({ organizationId: s.org.id });
    await s.c.organizations.getOrganizationInvitationList({ organizationId: s.org.id, status: ['pending'], limit: 10, offset: 0 });
  }],
  ['organizations.getPendingOrganizationInvitationList', async (s) => s.c.organizations.getPendingOrganizationInvitationList({ organizationId: s.org.id, limit: 10, offset: 0 })],
  ['organizations.getOrganizationInvitation', async (s) => s.c.organizations.getOrganizationInvitation({ organizationId: s.org.id, invitationId: s.orgInvitation.id })],
  ['organizations.revokeOrganizationInvitation', async (s) => s.c.organizations.revokeOrganizationInvitation({ organizationId: s.org.id, invitationId: s.orgInvitation.id, requestingUserId: s.userA.id })],
  ['organizations.deleteOrganizationMembership', async (s) => s.c.organizations.deleteOrganizationMembership({ organizationId: s.org.id, userId: s.userB.id })],
  // instance invitations, allowlist, redirect URLs, sign-in tokens
  ['invitations.createInvitation', async (s) => {
    s.invitation = await s.c.invitations.createInvitation({ emailAddress: 'charles@example.com', redirectUrl: 'https://app.example.com/welcome', publicMetadata: { cohort: 2024 }, notify: false, ignoreExisting: true });
  }],
  ['invitations.getInvitationList', async (s) => {
    await s.c.invitations.getInvitationList();
    await s.c.invitations.getInvitationList({ status: 'pending' });
  }],
  ['invitations.revokeInvitation', async (s) => s.c.invitations.revokeInvitation(s.invitation.id)],
  ['allowlistIdentifiers.createAllowlistIdentifier', async (s) => {
    s.allowlist = await s.c.allowlistIdentifiers.createAllowlistIdentifier({ identifier: 'charles@example.com', notify: false });
  }],
  ['allowlistIdentifiers.getAllowlistIdentifierList', async (s) => s.c.allowlistIdentifiers.getAllowlistIdentifierList()],
  ['allowlistIdentifiers.deleteAllowlistIdentifier', async (s) => s.c.allowlistIdentifiers.deleteAllowlistIdentifier(s.allowlist.id)],
  ['redirectUrls.createRedirectUrl', async (s) => {
    s.redirectUrl = await s.c.redirectUrls.createRedirectUrl({ url: 'https://app.example.com/sso-callback' });
  }],
  ['redirectUrls.getRedirectUrlList', async (s) => s.c.redirectUrls.getRedirectUrlList()],
  ['redirectUrls.getRedirectUrl', async (s) => s.c.redirectUrls.getRedirectUrl(s.redirectUrl.id)],
  ['redirectUrls.deleteRedirectUrl', async (s) => s.c.redirectUrls.deleteRedirectUrl(s.redirectUrl.id)],
  ['signInTokens.createSignInToken', async (s) => {
    s.signInToken = await s.c.signInTokens.createSignInToken({ userId: s.userA.id, expiresInSeconds: 3600 });
  }],
  ['signInTokens.revokeSignInToken', async (s) => s.c.signInTokens.revokeSignInToken(s.signInToken.id)],
  // sessions and clients: user A signs in (emu.signIn, no HTTP)
  ['sessions.getSessionList', async (s) => {
    s.signedIn = await s.emu.signIn(s.userA.id, { organizationId: s.org.id });
    await s.c.sessions.getSessionList({ userId: s.userA.id });
    await s.c.sessions.getSessionList({ userId: s.userA.id, status: 'active' });
  }],
  ['sessions.getSession', async (s) => {
    s.session = await s.c.sessions.getSession(s.signedIn.sessionId);
  }],
  ['sessions.verifySession', async (s) => s.c.sessions.verifySession(s.signedIn.sessionId, s.signedIn.token)],
  ['sessions.getToken', async (s) => {
    await s.c.sessions.getToken(s.signedIn.sessionId);
    await s.c.sessions.getToken(s.signedIn.sessionId, 'supabase');
  }],
  ['clients.getClientList', async (s) => s.c.clients.getClientList()],
  ['clients.getClient', async (s) => s.c.clients.getClient(s.session.clientId)],
  ['clients.verifyClient', async (s) => s.c.clients.verifyClient(s.signedIn.token)],
  ['sessions.revokeSession', async (s) => s.c.sessions.revokeSession(s.signedIn.sessionId)],
  // the end of the organization and of user B
  ['organizations.deleteOrganization', async (s) => s.c.organizations.deleteOrganization(s.org.id)],
  ['users.deleteUser', async (s) => s.c.users.deleteUser(s.userB.id)],
];

/** The not-modeled methods, called with plausible arguments. */
const NOT_MODELED_CALLS = {
  'emails.createEmail': (s) => s.c.emails.createEmail({ fromEmailName: 'hello', emailAddressId: s.userA?.primaryEmailAddressId ?? F.ID.email, subject: 'Welcome aboard', body: '<p>Hi Ada</p>' }),
  'smsMessages.createSMSMessage': (s) => s.c.smsMessages.createSMSMessage({ phoneNumberId: s.userA?.primaryPhoneNumberId ?? F.ID.phone, message: 'Your code is 123456' }),
  'domains.deleteDomain': (s) => s.c.domains.deleteDomain(F.ID.domain),
};

describe('emulator-spec: every SDK method against the emulator, every response against the official spec', { skip: skipEmulator }, () => {
  if (skipEmulator) return;

  const endpoints = JSON.parse(fs.readFileSync(ENDPOINTS, 'utf8'));
  const byKey = new Map(endpoints.map((e) => [`${e.api}.${e.method}`, e]));
  const v = SpecValidator.load(SPEC);
  const flowMethods = [...new Set(FLOW.map(([m]) => m))];

  /** method -> { error, exchanges: [...], results: [validation result per exchange] } */
  const outcomes = new Map();
  const state = {};
  let emu;
  let proxy;
  const tally = { validated: new Set(), failed: new Set(), responses: 0, pages: 0 };

  before(async () => {
    const { startEmulator } = await import(pathToFileURL(EMULATOR).href);
    emu = await startEmulator();
    proxy = await startProxy(emu.url, { timeoutMs: CALL_TIMEOUT_MS });
    state.emu = emu;
    state.c = sdk.createClerkClient({ secretKey: emu.secretKey, apiUrl: proxy.url, maxRetries: 0, timeoutMs: CALL_TIMEOUT_MS });
  }, { timeout: 20_000 });

  after(async () => {
    await proxy?.close();
    await emu?.stop();
  }, { timeout: 10_000 });

  /** Runs `fn`, returns { value, error, exchanges } with the exchanges it caused, validated. */
  async function record(label, fn) {
    const from = proxy.exchanges.length;
    let value;
    let error;
    try {
      value = await fn();
    } catch (e) {
      error = e;
    }
    const exchanges = proxy.exchanges.slice(from);
    const results = exchanges.map((x) => (x.response ? { label, ...v.validateExchange(x) } : { label, operation: `${x.method} ${x.url}`, status: 'none', violations: [{ kind: 'no-answer', message: x.error?.message }], text: '' }));
    return { value, error, exchanges, results };
  }

  test('the flow and NOT_MODELED cover the 63 methods of endpoints.json, once each', () => {
    const all = [...flowMethods, ...NOT_MODELED, ...HTML_PAGES];
    assert.equal(new Set(all).size, all.length, `listed twice: ${all.filter((m, i) => all.indexOf(m) !== i).join(', ')}`);
    assert.deepEqual([...all].sort(), [...byKey.keys()].sort());
    assert.equal(all.length, 63);
  });

  test('the flow runs (every call on an object created before)', { timeout: 45_000 }, async () => {
    for (const [method, run] of FLOW) {
      const o = await record(method, () => run(state));
      const prev = outcomes.get(method);
      if (prev) {
        prev.error ??= o.error;
        prev.exchanges.push(...o.exchanges);
        prev.results.push(...o.results);
      } else outcomes.set(method, o);
    }
  });

  for (const method of flowMethods) {
    const endpoint = byKey.get(method);
    test(method, () => {
      const o = outcomes.get(method);
      try {
        assert.ok(o, `${method} did not run (the flow stopped before it)`);
        const expected = endpoint && v.findTemplate(endpoint.http, endpoint.path);
        assert.ok(expected, `${method}: endpoints.json's ${endpoint?.http} ${endpoint?.path} is no operation of the spec`);
        assert.ok(o.exchanges.length > 0, `${method} sent no request${o.error ? ` (the SDK rejected: ${describeError(o.error)})` : ''}`);
        // Every request went to the operation endpoints.json names (the extra calls of a
        // method, like getToken without a template, go to a sibling operation).
        const routed = o.results.map((r) => r.operation);
        assert.ok(routed.includes(expected.name), `${method}: no request reached ${expected.name}; sent:\n      ${o.exchanges.map(describeExchange).join('\n      ')}`);
        if (o.error) {
          assert.fail(`${method} rejected: ${describeError(o.error)}\n    exchanges:\n      ${o.exchanges.map(describeExchange).join('\n      ')}\n${formatViolations(o.results)}`);
        }
        const bad = o.results.filter((r) => r.violations.length);
        if (bad.length) assert.fail(`${method}: ${bad.length} response(s) violate the spec:\n${formatViolations(bad)}`);
        // Every answer had a body schema to be checked against (not just a documented status).
        const unchecked = o.results.filter((r) => r.checked !== 'schema');
        assert.equal(unchecked.length, 0, `${method}: no body schema for ${unchecked.map((r) => `${r.operation} -> ${r.status}`).join(', ')}`);
        tally.validated.add(method);
        tally.responses += o.results.length;
      } catch (e) {
        tally.failed.add(method);
        throw e;
      }
    });
  }

  test('interstitial.getInterstitial: the interstitial page, which loads the emulator\'s clerk-js', async () => {
    const o = await record('interstitial.getInterstitial', () => state.c.interstitial.getInterstitial());
    assert.equal(o.exchanges.length, 1);
    assert.equal(o.exchanges[0].response.status, 200);
    assert.equal(typeof o.value, 'string', o.error && describeError(o.error));
    assert.match(o.value, /script\.src = 'http:\/\/127\.0\.0\.1:\d+\/npm\/@clerk\/clerk-js@4\/dist\/clerk\.browser\.js'/);
    tally.pages += 1;
  });

  describe('not modeled: 404 with Clerk\'s error shape', () => {
    for (const method of NOT_MODELED) {
      test(method, async () => {
        const o = await record(method, () => NOT_MODELED_CALLS[method](state));
        assert.equal(o.exchanges.length, 1, `${method}: expected one request, got ${o.exchanges.length}`);
        const [x] = o.exchanges;
        assert.ok(o.error, `${method} resolved: ${JSON.stringify(o.value)?.slice(0, 300)}`);
        assert.equal(o.error.status, 404, `${method}: ${describeError(o.error)}`);
        assert.equal(o.error.errors?.[0]?.code, 'resource_not_found', `${method}: ${describeError(o.error)}`);
        assert.equal(x.response.status, 404);
        let body;
        assert.doesNotThrow(() => (body = JSON.parse(x.response.body.toString('utf8'))), `${method}: the 404 body is not JSON: ${x.response.body.toString('utf8').slice(0, 300)}`);
        const shape = v.validateComponent('ClerkErrors', body);
        assert.deepEqual(shape, [], `${method}: the 404 body is not ClerkErrors:\n${formatAjvErrors(shape, body)}`);
        // Where the spec has the operation (DELETE /domains/{domain_id}), the 404 is validated against it too.
        const endpoint = byKey.get(method);
        if (v.findTemplate(endpoint.http, endpoint.path)) {
          const bad = o.results.filter((r) => r.violations.length);
          assert.equal(bad.length, 0, `${method}:\n${formatViolations(bad)}`);
        }
      });
    }
  });

  describe('error answers against the spec (ClerkErrors)', () => {
    /** Calls, expects a rejection with `status` and a code matching `code`, validates the wire. */
    async function expectError(label, fn, { status, code, operation }) {
      const o = await record(label, fn);
      assert.ok(o.error, `${label} resolved: ${JSON.stringify(o.value)?.slice(0, 300)}`);
      assert.equal(o.error.status, status, `${label}: ${describeError(o.error)}`);
      assert.match(String(o.error.errors?.[0]?.code), code, `${label}: ${describeError(o.error)}`);
      assert.equal(o.results.length, 1);
      const [r] = o.results;
      assert.equal(r.operation, operation);
      assert.equal(r.checked, 'schema', `${operation} ${status}: nothing validated`);
      if (r.violations.length) assert.fail(`${label}:\n${formatViolations(o.results)}`);
    }

    test('404: users.getUser of an unknown id', () =>
      expectError('users.getUser(unknown)', () => state.c.users.getUser('user_2unknownAbCdEfGhIjKlMnOpQrS'), { status: 404, code: /^resource_not_found$/, operation: 'GET /users/{user_id}' }));

    test('422: users.createUser with a malformed email address', () =>
      expectError('users.createUser(bad email)', () => state.c.users.createUser({ emailAddress: ['not-an-email'], skipPasswordRequirement: true }), { status: 422, code: /^form_/, operation: 'POST /users' }));

    test('401: a wrong secret key', () => {
      const wrong = sdk.createClerkClient({ secretKey: 'sk_test_wrongwrongwrongwrongwrongwrongwrong', apiUrl: proxy.url, maxRetries: 0, timeoutMs: CALL_TIMEOUT_MS });
      return expectError('users.getUserList(wrong key)', () => wrong.users.getUserList(), { status: 401, code: /^authentication_invalid$/, operation: 'GET /users' });
    });
  });

  test('GET /v1/jwks (what the SDK fetches to verify session tokens) matches the spec', async () => {
    const o = await record('GET /v1/jwks', () => fetch(`${proxy.url}/v1/jwks`, { headers: { authorization: `Bearer ${emu.secretKey}` }, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) }).then((r) => r.arrayBuffer()));
    assert.equal(o.results.length, 1);
    const [r] = o.results;
    assert.equal(r.operation, 'GET /jwks');
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.equal(r.checked, 'schema');
    if (r.violations.length) assert.fail(formatViolations(o.results));
    assert.ok(r.value.keys.length > 0, 'no key in the JWKS');
  });

  test('summary', (t) => {
    const line = `emulator-spec: ${tally.validated.size} of ${byKey.size} methods validated, ${tally.pages} HTML page, ${NOT_MODELED.length} not modeled${tally.failed.size ? `, ${tally.failed.size} failing (${[...tally.failed].join(', ')})` : ''}`;
    t.diagnostic(line);
    t.diagnostic(`emulator-spec: ${tally.responses} responses of the flow validated against their spec schema`);
    assert.equal(tally.validated.size + NOT_MODELED.length + tally.pages, byKey.size, line);
  });
});
