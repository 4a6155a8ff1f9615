// Differential test of every sub-API method (the 63 of endpoints.json): the same call,
// with the same realistic arguments, on @clerk/clerk-sdk-node@4.13.23 and on ours,
// against the same recording loopback Backend API. Both must send the same requests
// (method, path, query pairs, headers, body) and resolve to structurally equal values.
import './helpers/setup.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBapi } from './helpers/bapi.mjs';
import { assertSameAsV4, clientsFor, className, ours, v4 } from './helpers/diff.mjs';
import { ID } from './helpers/fixtures.mjs';
import { METHODS, PNG } from './helpers/calls.mjs';

/** "User", "User[]", "string", "number", "Object", ... */
function kind(value) {
  if (Array.isArray(value)) return `${value.length ? kind(value[0]) : '?'}[]`;
  if (value === null || typeof value !== 'object') return typeof value;
  return className(value);
}

let bapi;
before(async () => {
  bapi = await startBapi();
});
after(() => bapi.close());

describe('every sub-API method sends the same requests and resolves to the same value as v4', () => {
  for (const [api, method, args, sends, returns] of METHODS) {
    test(`${api}.${method}`, async () => {
      const run = await assertSameAsV4(assert, bapi, (client) => client[api][method](...args()));

      // The table itself is checked against v4, so a typo cannot make a row vacuous.
      assert.ok('value' in run.v4.outcome, `v4 rejected: ${run.v4.outcome.error}`);
      assert.deepEqual(run.v4.requests.map((r) => `${r.method} ${r.path}`), [sends]);
      assert.equal(kind(run.v4.outcome.value), returns);

      // Ours resolves to instances of its own exported classes.
      const cls = returns.replace('[]', '');
      if (typeof ours[cls] === 'function') {
        const values = [run.ours.outcome.value].flat();
        for (const value of values) assert.ok(value instanceof ours[cls], `${cls} instance expected`);
      }
    });
  }
});

test('the table covers every method of every sub-API of a v4 client, and ours has the same ones', () => {
  const { v4: v4Client, ours: oursClient } = clientsFor('http://127.0.0.1:9');
  // The sub-APIs are the class instances among the client's properties (`base` and
  // `__unstable_options` are plain objects).
  const apis = Object.keys(v4Client).filter((k) => {
    const value = k === '__unstable_options' ? null : v4Client[k];
    return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) !== Object.prototype;
  });
  assert.equal(apis.length, 14);
  const methodsOf = (obj) =>
    Object.getOwnPropertyNames(Object.getPrototypeOf(obj))
      .filter((name) => name !== 'constructor' && typeof obj[name] === 'function')
      .sort();
  const v4Methods = apis.flatMap((api) => methodsOf(v4Client[api]).map((m) => `${api}.${m}`)).sort();
  const oursMethods = apis.flatMap((api) => (oursClient[api] ? methodsOf(oursClient[api]).map((m) => `${api}.${m}`) : [`${api} missing`])).sort();
  const table = METHODS.map(([api, method]) => `${api}.${method}`).sort();

  assert.equal(v4Methods.length, 63);
  assert.deepEqual(table, v4Methods);
  // A3: ours adds an `iterate…` twin to each of the 11 list methods, nothing else.
  const twins = oursMethods.filter((m) => m.split('.')[1].startsWith('iterate'));
  assert.equal(twins.length, 11);
  for (const twin of twins) assert.ok(v4Methods.includes(twin.replace('.iterate', '.get')), twin);
  assert.deepEqual(oursMethods.filter((m) => !twins.includes(m)), v4Methods);
});

describe('variants of the calls above', () => {
  test('organizations.getOrganization({ slug }) puts the slug in the path', async () => {
    const run = await assertSameAsV4(assert, bapi, (c) => c.organizations.getOrganization({ slug: 'analytical-engines' }));
    assert.equal(run.v4.requests[0].path, '/v1/organizations/analytical-engines');
  });

  test('organizations.getOrganization with both keys prefers organizationId', async () => {
    await assertSameAsV4(assert, bapi, (c) => c.organizations.getOrganization({ organizationId: ID.org, slug: 'ignored' }));
  });

  test('sessions.getToken(sid) without a template posts to /tokens and resolves to the jwt', async () => {
    const run = await assertSameAsV4(assert, bapi, (c) => c.sessions.getToken(ID.session));
    assert.equal(run.v4.requests[0].path, `/v1/sessions/${ID.session}/tokens`);
    assert.equal(run.ours.outcome.value, `eyJ.default.${ID.session}`);
  });

  test('sessions.getToken(sid, template) resolves to the jwt of the template', async () => {
    const run = await assertSameAsV4(assert, bapi, (c) => c.sessions.getToken(ID.session, 'hasura'));
    assert.equal(run.ours.outcome.value, `eyJ.hasura.${ID.session}`);
  });

  test('sessions.getToken(sid, "") is the same as no template', async () => {
    await assertSameAsV4(assert, bapi, (c) => c.sessions.getToken(ID.session, ''));
  });

  test('users.getCount() resolves to the bare total_count number', async () => {
    const run = await assertSameAsV4(assert, bapi, (c) => c.users.getCount());
    assert.equal(run.ours.outcome.value, 42);
    assert.deepEqual(run.ours.requests[0].query, []);
  });

  test('users.getUserList() and organizations.getOrganizationList() without params send no query', async () => {
    await assertSameAsV4(assert, bapi, (c) => c.users.getUserList());
    await assertSameAsV4(assert, bapi, (c) => c.organizations.getOrganizationList());
    await assertSameAsV4(assert, bapi, (c) => c.invitations.getInvitationList());
    await assertSameAsV4(assert, bapi, (c) => c.sessions.getSessionList());
  });

  test('update methods called with only an id send no body', async () => {
    for (const call of [
      (c) => c.users.updateUser(ID.user),
      (c) => c.emailAddresses.updateEmailAddress(ID.email),
      (c) => c.phoneNumbers.updatePhoneNumber(ID.phone),
      (c) => c.users.updateUserMetadata(ID.user, {}),
      (c) => c.organizations.updateOrganization(ID.org, {}),
    ]) {
      const run = await assertSameAsV4(assert, bapi, call);
      assert.equal(run.ours.requests[0].body, null);
    }
  });

  test('domains.deleteDomain() and organizations.deleteOrganization() without an id have no id check', async () => {
    const a = await assertSameAsV4(assert, bapi, (c) => c.domains.deleteDomain());
    assert.equal(a.ours.requests[0].path, '/v1/domains');
    const b = await assertSameAsV4(assert, bapi, (c) => c.organizations.deleteOrganization(''));
    assert.equal(b.ours.requests[0].path, '/v1/organizations');
  });

  test('updateOrganizationLogo without uploaderUserId sends the string "undefined"', async () => {
    const run = await assertSameAsV4(assert, bapi, (c) => c.organizations.updateOrganizationLogo(ID.org, { file: new Blob([PNG], { type: 'image/png' }) }));
    assert.deepEqual(run.v4.requests[0].body.multipart.map((p) => p.name), ['file', 'uploader_user_id']);
  });

  test('a profile image File keeps its file name and type in the multipart part', async () => {
    const run = await assertSameAsV4(assert, bapi, (c) => c.users.updateUserProfileImage(ID.user, { file: new File(['GIF89a'], 'avatar.gif', { type: 'image/gif' }) }));
    assert.deepEqual(run.ours.requests[0].body, { multipart: [{ name: 'file', filename: 'avatar.gif', contentType: 'image/gif', size: 6, text: 'GIF89a' }] });
  });

  test('the same client resolves to the same values through both module formats of ours', async () => {
    const esm = await import('../index.mjs');
    assert.equal(esm.createClerkClient, ours.createClerkClient);
    assert.equal(esm.User, ours.User);
    const client = esm.createClerkClient({ secretKey: 'sk_test_esm', apiUrl: bapi.url });
    const user = await client.users.getUser(ID.user);
    assert.ok(user instanceof esm.User);
    bapi.take();
  });

  test('v4 is the real package under test', () => {
    assert.equal(typeof v4.createClerkClient, 'function');
    assert.ok(v4.User.name.endsWith('User'));
  });
});
