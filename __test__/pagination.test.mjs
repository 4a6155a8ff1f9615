// A3: every list method has an async-iterator twin that pages with limit/offset until a
// short page, yields resource objects, and stops asking when the loop breaks.
import './helpers/setup.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createRequire } from 'node:module';

const { createClerkClient, User, Organization, Client, OrganizationMembership } = createRequire(import.meta.url)('../index.js');

const USERS = Array.from({ length: 25 }, (_, i) => ({ object: 'user', id: `user_${String(i + 1).padStart(2, '0')}`, email_addresses: [] }));
const requests = [];
let server;
let clerk;

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(`${url.pathname}?${url.searchParams}`);
    const limit = Number(url.searchParams.get('limit') || 10);
    const offset = Number(url.searchParams.get('offset') || 0);
    const page = (items) => items.slice(offset, offset + limit);
    let body;
    if (url.pathname === '/v1/users') body = page(USERS);
    else if (url.pathname === '/v1/organizations') body = { data: page(Array.from({ length: 3 }, (_, i) => ({ object: 'organization', id: `org_${i}` }))), total_count: 3 };
    else if (url.pathname === '/v1/clients') body = page([{ object: 'client', id: 'client_1', sessions: [] }]);
    else if (url.pathname === '/v1/organizations/org_1/memberships') {
      body = { data: page(Array.from({ length: 4 }, (_, i) => ({ object: 'organization_membership', id: `mem_${i}`, organization: { id: 'org_1' }, public_user_data: {} }))), total_count: 4 };
    } else body = [];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  clerk = createClerkClient({ secretKey: 'sk_test_pages', apiUrl: `http://127.0.0.1:${server.address().port}` });
});

after(() => server.close());

test('iterateUserList walks every page until a short one, keeping the other filters', async () => {
  requests.length = 0;
  const ids = [];
  for await (const user of clerk.users.iterateUserList({ limit: 10, orderBy: '-created_at' })) {
    assert.ok(user instanceof User);
    ids.push(user.id);
  }
  assert.deepEqual(ids, USERS.map((u) => u.id));
  assert.deepEqual(requests, [
    '/v1/users?order_by=-created_at&limit=10',
    '/v1/users?order_by=-created_at&limit=10&offset=10',
    '/v1/users?order_by=-created_at&limit=10&offset=20',
  ]);
});

test('break after the first item: exactly one request', async () => {
  requests.length = 0;
  for await (const user of clerk.users.iterateUserList({ limit: 10 })) {
    assert.ok(user instanceof User);
    break;
  }
  assert.equal(requests.length, 1);
});

test('breaking out of the loop stops the paging', async () => {
  requests.length = 0;
  let seen = 0;
  for await (const user of clerk.users.iterateUserList({ limit: 5 })) {
    assert.ok(user.id);
    if (++seen === 7) break;
  }
  assert.equal(seen, 7);
  assert.equal(requests.length, 2, requests.join('\n'));
});

test('paginated answers ({ data, total_count }), lists without params, nested lists', async () => {
  const orgs = [];
  for await (const org of clerk.organizations.iterateOrganizationList()) orgs.push(org);
  assert.deepEqual(orgs.map((o) => o.id), ['org_0', 'org_1', 'org_2']);
  assert.ok(orgs.every((o) => o instanceof Organization));
  const clients = [];
  for await (const c of clerk.clients.iterateClientList()) clients.push(c);
  assert.ok(clients[0] instanceof Client);
  const members = [];
  for await (const m of clerk.organizations.iterateOrganizationMembershipList({ organizationId: 'org_1', limit: 3 })) members.push(m);
  assert.equal(members.length, 4);
  assert.ok(members.every((m) => m instanceof OrganizationMembership));
});

test('every list method has its twin', () => {
  const twins = {
    users: ['iterateUserList', 'iterateOrganizationMembershipList'],
    organizations: ['iterateOrganizationList', 'iterateOrganizationMembershipList', 'iterateOrganizationInvitationList', 'iteratePendingOrganizationInvitationList'],
    invitations: ['iterateInvitationList'],
    sessions: ['iterateSessionList'],
    clients: ['iterateClientList'],
    allowlistIdentifiers: ['iterateAllowlistIdentifierList'],
    redirectUrls: ['iterateRedirectUrlList'],
  };
  for (const [api, names] of Object.entries(twins)) for (const name of names) assert.equal(typeof clerk[api][name], 'function', `${api}.${name}`);
});

test('a missing id fails on the first step, before any request', async () => {
  requests.length = 0;
  await assert.rejects(async () => {
    for await (const m of clerk.organizations.iterateOrganizationMembershipList({})) assert.fail(String(m));
  }, /A valid resource ID is required\./);
  assert.equal(requests.length, 0);
});
