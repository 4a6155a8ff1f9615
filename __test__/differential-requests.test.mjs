// Differential test of how requests are built: query strings, JSON bodies, multipart
// bodies, httpOptions headers, the URL from apiUrl/apiVersion, the Authorization and
// User-Agent headers. Each case makes the same call on v4 and on ours and compares the
// recorded requests (and the results).
import './helpers/setup.mjs';
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startBapi } from './helpers/bapi.mjs';
import { assertSameAsV4, ours, v4, settle, SECRET_KEY } from './helpers/diff.mjs';
import { PNG } from './helpers/calls.mjs';
import { ID } from './helpers/fixtures.mjs';

let bapi;
before(async () => {
  bapi = await startBapi();
});
afterEach(() => bapi.reset());
after(() => bapi.close());

const same = (call, opts) => assertSameAsV4(assert, bapi, call, opts);

describe('query strings', () => {
  test('arrays become repeated keys, empty arrays and falsy values are not sent', async () => {
    const run = await same((c) =>
      c.users.getUserList({
        emailAddress: ['ada@example.com', 'grace@example.com'],
        phoneNumber: [],
        userId: [ID.user, ID.user2],
        username: ['ada'],
        limit: 0,
        offset: 0,
        orderBy: '-created_at',
        query: '',
      }),
    );
    assert.deepEqual(run.ours.requests[0].query, [
      ['email_address', 'ada@example.com'],
      ['email_address', 'grace@example.com'],
      ['user_id', ID.user],
      ['user_id', ID.user2],
      ['username', 'ada'],
      ['order_by', '-created_at'],
    ]);
  });

  test('camelCase keys become snake_case, true becomes "true", false and null are dropped', async () => {
    const run = await same((c) => c.organizations.getOrganizationList({ includeMembersCount: true, limit: 25, offset: 50, query: 'acme', orderBy: 'name' }));
    assert.deepEqual(run.ours.requests[0].query, [
      ['include_members_count', 'true'],
      ['limit', '25'],
      ['offset', '50'],
      ['query', 'acme'],
      ['order_by', 'name'],
    ]);
    await same((c) => c.organizations.getOrganizationList({ includeMembersCount: false, limit: null, query: undefined }));
  });

  test('list methods forward any extra key (web3Wallet, externalId, lastActiveAtSince, ...)', async () => {
    await same((c) =>
      c.users.getUserList({
        web3Wallet: ['0xabcdefabcdefabcdefabcdefabcdefabcdefabcd'],
        externalId: ['crm_1815', 'crm_1906'],
        lastActiveAtSince: 1700000000000,
        organizationId: [ID.org],
        someFutureFlag: true,
      }),
    );
    await same((c) => c.users.getCount({ emailAddress: ['ada@example.com'], phoneNumber: ['+15550001111'], query: 'lovelace' }));
    await same((c) => c.invitations.getInvitationList({ status: 'revoked', limit: 5, offset: 10 }));
    await same((c) => c.sessions.getSessionList({ userId: ID.user, status: 'active', limit: 3 }));
  });

  test('acronyms, digits and separators in keys are snake_cased like v4', async () => {
    await same((c) => c.users.getUserList({ primaryEmailAddressID: 'x', web3Wallet: 'y', a1B: 'z', ABCDef: 'w', 'foo-bar': 'v', 'baz.qux': 'u', _leading: 't', already_snake: 's' }));
  });

  test('numbers and other values are stringified like URLSearchParams does', async () => {
    await same((c) => c.users.getUserList({ limit: 10.5, offset: -1, query: 'a b&c=d/é' }));
  });

  test('fixed-shape methods forward only their own keys', async () => {
    const run = await same((c) => c.organizations.getOrganizationMembershipList({ organizationId: ID.org, limit: 10, offset: 5, role: 'org:admin', orderBy: 'created_at' }));
    assert.deepEqual(run.ours.requests[0].query, [
      ['limit', '10'],
      ['offset', '5'],
    ]);
    await same((c) => c.users.getOrganizationMembershipList({ userId: ID.user, limit: 2, unknownKey: 'x' }));
    await same((c) => c.organizations.getPendingOrganizationInvitationList({ organizationId: ID.org, offset: 1, status: 'pending' }));
  });

  test('getOrganizationInvitationList: status as a string or as an array', async () => {
    await same((c) => c.organizations.getOrganizationInvitationList({ organizationId: ID.org, status: 'pending' }));
    const run = await same((c) => c.organizations.getOrganizationInvitationList({ organizationId: ID.org, status: ['accepted', 'revoked'], limit: 10 }));
    assert.deepEqual(run.ours.requests[0].query, [
      ['status', 'accepted'],
      ['status', 'revoked'],
      ['limit', '10'],
    ]);
  });
});

describe('JSON bodies', () => {
  test('only top-level keys are snake_cased; nested objects and arrays are sent as given', async () => {
    const run = await same((c) =>
      c.users.createUser({
        firstName: 'Ada',
        primaryEmailAddressID: ID.email,
        web3Wallet: '0xabc',
        backupCodes: ['code-one', 'code-two'],
        publicMetadata: { camelCase: { deepKey: 1 }, list: [{ innerKey: true }] },
        unsafeMetadata: {},
        passwordDigest: '$2a$10$abcdefghijklmnopqrstuv',
        passwordHasher: 'bcrypt',
        skipPasswordRequirement: true,
        totpSecret: 'AICJ3HCXKO4KOU6NDHKHSKNJBT7ICS5E',
      }),
    );
    assert.deepEqual(run.ours.requests[0].body.public_metadata, { camelCase: { deepKey: 1 }, list: [{ innerKey: true }] });
    assert.equal(run.ours.requests[0].body.primary_email_address_id, ID.email);
  });

  test('Dates become ISO strings, undefined values vanish, null is kept', async () => {
    const run = await same((c) => c.users.updateUser(ID.user, { createdAt: new Date(Date.UTC(2020, 0, 2, 3, 4, 5)), lastName: undefined, username: null, firstName: 'Ada' }));
    assert.deepEqual(run.ours.requests[0].body, { created_at: '2020-01-02T03:04:05.000Z', username: null, first_name: 'Ada' });
  });

  test('unusual keys are snake_cased like v4 (acronyms, digits, separators, leading underscore)', async () => {
    await same((c) => c.users.updateUser(ID.user, { a1B: 1, ABCDef: 2, 'foo-bar': 3, 'foo.bar.baz': 4, _private: 5, already_snake: 6, signOutOfOtherSessions: true }));
  });

  test('metadata updates send the objects as given (no client-side merge), null deletes a key', async () => {
    await same((c) => c.users.updateUserMetadata(ID.user, { publicMetadata: { nested: { keepThisCase: 1 }, removeMe: null } }));
    await same((c) => c.organizations.updateOrganizationMetadata(ID.org, { privateMetadata: { someKey: [1, 2, 3] } }));
    await same((c) => c.organizations.updateOrganizationMembershipMetadata({ organizationId: ID.org, userId: ID.user, publicMetadata: { title: 'CTO' } }));
  });

  test('createOrganizationInvitation sends every key but organizationId; createOrganizationMembership only userId and role', async () => {
    const a = await same((c) => c.organizations.createOrganizationInvitation({ organizationId: ID.org, inviterUserId: ID.user, emailAddress: 'x@example.com', role: 'org:member', privateMetadata: { someKey: 1 }, expiresInDays: 7 }));
    assert.equal('organization_id' in a.ours.requests[0].body, false);
    const b = await same((c) => c.organizations.createOrganizationMembership({ organizationId: ID.org, userId: ID.user, role: 'org:member', publicMetadata: { ignored: true } }));
    assert.deepEqual(b.ours.requests[0].body, { user_id: ID.user, role: 'org:member' });
  });

  test('whole-object bodies forward extra keys (createAllowlistIdentifier, createOrganization)', async () => {
    await same((c) => c.allowlistIdentifiers.createAllowlistIdentifier({ identifier: '*@example.com', notify: false, someNewOption: 'x' }));
    await same((c) => c.organizations.createOrganization({ name: 'Acme', createdBy: ID.user, slug: undefined, maxAllowedMemberships: 0 }));
  });

  test('Content-Type is application/json on every non-multipart request, even with no body', async () => {
    const run = await same((c) => c.sessions.revokeSession(ID.session));
    assert.equal(run.ours.requests[0].headers['content-type'], 'application/json');
    assert.equal(run.ours.requests[0].body, null);
  });
});

describe('undefined and non-JSON values in arguments', () => {
  test('a positional argument left undefined is not sent as null: verifySession(sid, undefined) and verifyClient(undefined) send {}', async () => {
    const a = await same((c) => c.sessions.verifySession(ID.session, undefined));
    assert.deepEqual(a.v4.requests[0].body, {});
    await same((c) => c.clients.verifyClient(undefined));
  });

  test('a params object whose keys all hold undefined is sent as {} (createRedirectUrl, updateUser)', async () => {
    const a = await same((c) => c.redirectUrls.createRedirectUrl({ url: undefined }));
    assert.deepEqual(a.v4.requests[0].body, {});
    await same((c) => c.users.updateUser(ID.user, { firstName: undefined, lastName: undefined }));
  });

  test('keys holding undefined next to others are dropped from the body', async () => {
    await same((c) => c.users.verifyPassword({ userId: ID.user, password: undefined }));
    await same((c) => c.organizations.createOrganizationMembership({ organizationId: ID.org, userId: undefined, role: 'org:member' }));
    await same((c) => c.organizations.updateOrganizationMembershipMetadata({ organizationId: ID.org, userId: ID.user }));
  });

  test('a Date in a query is sent as String(date), as URLSearchParams does in v4', async () => {
    const run = await same((c) => c.users.getUserList({ lastActiveAtSince: new Date(Date.UTC(2024, 0, 1)) }));
    assert.deepEqual(run.v4.requests[0].query, [['last_active_at_since', String(new Date(Date.UTC(2024, 0, 1)))]]);
  });

  test('nested values in a query are stringified like v4 ("[object Object]", "2,3")', async () => {
    await same((c) => c.users.getUserList({ nested: { innerKey: 1 }, list: [1, [2, 3]] }));
  });
});

describe('multipart bodies', () => {
  test('updateOrganizationLogo: file and uploader_user_id parts; the SDK sets no content type of its own', async () => {
    const run = await same((c) => c.organizations.updateOrganizationLogo(ID.org, { file: new Blob([PNG], { type: 'image/png' }), uploaderUserId: ID.user }));
    assert.deepEqual(run.ours.requests[0].body.multipart, [
      { name: 'file', filename: 'blob', contentType: 'image/png', size: PNG.length, text: Buffer.from(PNG).toString('utf8') },
      { name: 'uploader_user_id', value: ID.user },
    ]);
    assert.equal(run.ours.requests[0].headers['content-type'], 'multipart/form-data; boundary=<boundary>');
  });

  test('a Blob without a type', async () => {
    await same((c) => c.users.updateUserProfileImage(ID.user, { file: new Blob(['raw bytes']) }));
  });
});

describe('httpOptions', () => {
  const httpOptions = { headers: { 'X-Request-Id': 'req-123', 'X-Tenant': 'acme' } };

  test('headers reach JSON requests (GET, POST with body, DELETE)', async () => {
    const run = await same((c) => c.users.getUser(ID.user), { options: { httpOptions } });
    assert.equal(run.ours.requests[0].headers['x-request-id'], 'req-123');
    await same((c) => c.users.createUser({ firstName: 'Ada' }), { options: { httpOptions } });
    await same((c) => c.users.deleteUser(ID.user), { options: { httpOptions } });
  });

  test('multipart requests carry the httpOptions headers too (README: Differences; v4 drops them)', async () => {
    const client = ours.createClerkClient({ secretKey: SECRET_KEY, apiUrl: bapi.url, httpOptions });
    await client.users.updateUserProfileImage(ID.user, { file: new Blob([PNG], { type: 'image/png' }) });
    const [request] = bapi.take();
    for (const [name, value] of Object.entries(httpOptions.headers)) assert.equal(request.headers[name.toLowerCase()], value);
  });

  test('an httpOptions header cannot override Authorization, User-Agent or Content-Type of the same spelling', async () => {
    const overriding = { headers: { Authorization: 'Bearer sk_test_other', 'Content-Type': 'text/plain', 'User-Agent': 'override/1.0', 'X-Kept': '1' } };
    const run = await same((c) => c.users.getUser(ID.user), { options: { httpOptions: overriding, userAgent: 'my-app/2.0' } });
    assert.equal(run.ours.requests[0].headers.authorization, `Bearer ${SECRET_KEY}`);
    assert.equal(run.ours.requests[0].headers['user-agent'], run.v4.requests[0].headers['user-agent']);
  });
});

describe('URL, version and headers', () => {
  test('apiUrl with a path prefix keeps it', async () => {
    const run = await same((c) => c.users.getUser(ID.user), { options: { apiUrl: `${bapi.url}/proxy/clerk` } });
    assert.equal(run.ours.requests[0].path, `/proxy/clerk/v1/users/${ID.user}`);
  });

  test('apiUrl with a trailing slash (and a prefix with one)', async () => {
    await same((c) => c.users.getUser(ID.user), { options: { apiUrl: `${bapi.url}/` } });
    await same((c) => c.sessions.getToken(ID.session, 'tpl'), { options: { apiUrl: `${bapi.url}/proxy//clerk/` } });
  });

  test('a custom apiVersion', async () => {
    const run = await same((c) => c.organizations.getOrganizationList({ limit: 1 }), { options: { apiVersion: 'v2' } });
    assert.equal(run.ours.requests[0].path, '/v2/organizations');
    const run2 = await same((c) => c.users.getCount(), { options: { apiUrl: `${bapi.url}/edge`, apiVersion: 'v1beta' } });
    assert.equal(run2.ours.requests[0].path, '/edge/v1beta/users/count');
  });

  test('an empty apiVersion drops the segment', async () => {
    const run = await same((c) => c.users.getUser(ID.user), { options: { apiVersion: '' } });
    assert.equal(run.ours.requests[0].path, `/users/${ID.user}`);
  });

  test('the userAgent option is sent as User-Agent', async () => {
    const run = await same((c) => c.users.getUser(ID.user), { options: { userAgent: 'my-app/1.2.3 (+https://example.com)' } });
    assert.equal(run.ours.requests[0].headers['user-agent'], 'my-app/1.2.3 (+https://example.com)');
    assert.equal(run.v4.requests[0].headers['user-agent'], 'my-app/1.2.3 (+https://example.com)');
  });

  test('the deprecated apiKey option is used when there is no secretKey; secretKey wins', async () => {
    const run = await same((c) => c.users.getUser(ID.user), { options: { secretKey: undefined, apiKey: 'sk_test_legacyApiKey' } });
    assert.equal(run.ours.requests[0].headers.authorization, 'Bearer sk_test_legacyApiKey');
    const run2 = await same((c) => c.users.getUser(ID.user), { options: { apiKey: 'sk_test_legacyApiKey' } });
    assert.equal(run2.ours.requests[0].headers.authorization, `Bearer ${SECRET_KEY}`);
  });

  test('no other headers than v4\'s (no Clerk-Backend-SDK or X-Clerk-SDK on REST calls)', async () => {
    const run = await same((c) => c.users.getUser(ID.user));
    assert.deepEqual(Object.keys(run.ours.requests[0].headers).sort(), ['authorization', 'content-type', 'user-agent']);
  });

  test('__unstable_options: changing the secret key, apiUrl or apiVersion reaches the next request (as in v4)', async () => {
    const other = await startBapi();
    try {
      const mutate = (c) => {
        c.__unstable_options.secretKey = 'sk_test_mutated';
        c.__unstable_options.apiUrl = `${other.url}/mutated`;
        c.__unstable_options.apiVersion = 'v9';
        return c.users.getUser(ID.user);
      };
      const v4Client = v4.createClerkClient({ secretKey: SECRET_KEY, apiUrl: bapi.url });
      const oursClient = ours.createClerkClient({ secretKey: SECRET_KEY, apiUrl: bapi.url });
      const theirs = await settle(() => mutate(v4Client));
      const v4Requests = other.take();
      const mine = await settle(() => mutate(oursClient));
      const oursRequests = other.take();
      assert.ok('value' in theirs && 'value' in mine);
      assert.deepEqual(bapi.take(), []);
      assert.equal(v4Requests[0].path, `/mutated/v9/users/${ID.user}`);
      assert.deepEqual(
        oursRequests.map((r) => [r.path, r.headers.authorization]),
        v4Requests.map((r) => [r.path, r.headers.authorization]),
      );
    } finally {
      await other.close();
    }
  });
});
