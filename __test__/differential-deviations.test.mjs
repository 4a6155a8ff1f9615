// The deliberate differences from 4.13.23 (../shared/spec/deviations.md) that concern
// REST calls: each test asserts OUR documented behaviour and, where it helps, that v4
// behaves otherwise.
//   D1 default API URL .com          D2 createClerkClient reads env for missing options
//   D3 live setters                  S3 ids percent-encoded into one path segment
//   S7 any application/json type     S8 deprecated getters per instance
//   A1 GET/DELETE retries            A2 retryAfter on 429 errors
//   S4 timeouts
import './helpers/setup.mjs';
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBapi } from './helpers/bapi.mjs';
import { withEnv } from './helpers/setup.mjs';
import { ours, v4, settle, shape, shapeOutcome, runBoth, normalizeRequests, SECRET_KEY } from './helpers/diff.mjs';
import * as fx from './helpers/fixtures.mjs';

const { ID } = fx;
const MISSING_KEY = 'Missing Clerk Secret Key or API Key. Go to https://dashboard.clerk.com and get your key for your instance.';

let bapi;
before(async () => {
  bapi = await startBapi();
});
afterEach(() => {
  bapi.releaseHung();
  bapi.reset();
});
after(() => bapi.close());

const oursClient = (options = {}) => ours.createClerkClient({ secretKey: SECRET_KEY, apiUrl: bapi.url, ...options });
const v4Client = (options = {}) => v4.createClerkClient({ secretKey: SECRET_KEY, apiUrl: bapi.url, ...options });
const errorBody = (code) => fx.clerkErrors([{ code, message: code, long_message: code, meta: {} }], `trace_${code}`);

/** Answers with the replies in order, then with the route table. */
function answerInOrder(...replies) {
  let i = 0;
  bapi.answer(() => replies[i++]);
}

describe('D1: the default API URL is https://api.clerk.com', () => {
  test('a client built without apiUrl reports it', () => {
    assert.equal(ours.createClerkClient({ secretKey: SECRET_KEY }).apiUrl, 'https://api.clerk.com');
  });

  test('a request without apiUrl goes to api.clerk.com (seen through an HTTPS proxy, in a child process)', async () => {
    const targets = [];
    const proxy = http.createServer((req, res) => {
      targets.push(`plain ${req.url}`);
      res.writeHead(502).end();
    });
    proxy.on('connect', (req, socket) => {
      targets.push(req.url);
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${proxy.address().port}`;
    const entry = fileURLToPath(new URL('../index.js', import.meta.url));
    const script = `require(${JSON.stringify(entry)}).createClerkClient({ secretKey: 'sk_test_d1', maxRetries: 0 }).users.getUser('user_d1').then(() => console.log('resolved'), (e) => console.log(e.errors[0].code))`;
    try {
      const stdout = await new Promise((resolve, reject) => {
        execFile(
          process.execPath,
          ['-e', script],
          { env: { PATH: process.env.PATH, NODE_ENV: 'test', HTTPS_PROXY: proxyUrl, https_proxy: proxyUrl }, timeout: 20_000 },
          (err, out) => (err ? reject(err) : resolve(out)),
        );
      });
      assert.equal(stdout.trim(), 'unexpected_error');
      assert.deepEqual(targets, ['api.clerk.com:443']);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

describe('D2: createClerkClient() reads the environment for the options it is not given', () => {
  test('CLERK_SECRET_KEY, CLERK_API_URL and CLERK_API_VERSION fill in missing options; v4 ignores them', async () => {
    await withEnv({ CLERK_SECRET_KEY: 'sk_test_fromEnv', CLERK_API_URL: `${bapi.url}/env-prefix`, CLERK_API_VERSION: 'v1' }, async () => {
      const user = await ours.createClerkClient({}).users.getUser(ID.user);
      assert.ok(user instanceof ours.User);
      const [request] = bapi.take();
      assert.equal(request.headers.authorization, 'Bearer sk_test_fromEnv');
      assert.equal(request.path, `/env-prefix/v1/users/${ID.user}`);

      // Clerk() without any argument too.
      await ours.Clerk().users.getCount();
      assert.equal(bapi.take()[0].path, '/env-prefix/v1/users/count');

      const theirs = await settle(() => v4.createClerkClient({}).users.getUser(ID.user));
      assert.equal(theirs.error.message, MISSING_KEY);
      assert.deepEqual(bapi.take(), []);
    });
  });

  test('an option that is passed wins over the environment', async () => {
    await withEnv({ CLERK_SECRET_KEY: 'sk_test_fromEnv', CLERK_API_URL: 'http://127.0.0.1:9/never-used', CLERK_API_VERSION: 'v9' }, async () => {
      await ours.createClerkClient({ secretKey: 'sk_test_fromOption', apiUrl: bapi.url, apiVersion: 'v1' }).users.getUser(ID.user);
      const [request] = bapi.take();
      assert.equal(request.headers.authorization, 'Bearer sk_test_fromOption');
      assert.equal(request.path, `/v1/users/${ID.user}`);
    });
  });

  test('without a key anywhere, ours rejects with v4\'s missing-key error and sends nothing', async () => {
    const run = await runBoth(bapi, (c) => c.users.getUser(ID.user), { options: { secretKey: undefined } });
    assert.deepStrictEqual(shapeOutcome(run.ours.outcome), shapeOutcome(run.v4.outcome));
    assert.deepEqual(run.ours.requests, []);
  });
});

describe('D3: live setters', () => {
  test('secretKey, apiUrl, apiVersion and httpOptions assigned on a client reach its next request; not in v4', async () => {
    const other = await startBapi();
    try {
      const mine = oursClient();
      const theirs = v4Client();
      for (const client of [mine, theirs]) {
        client.secretKey = 'sk_test_rotated';
        client.apiUrl = `${other.url}/moved`;
        client.apiVersion = 'v1';
        client.httpOptions = { headers: { 'X-Live': 'yes' } };
      }
      await mine.users.getUser(ID.user);
      const [request] = other.take();
      assert.equal(request.path, `/moved/v1/users/${ID.user}`);
      assert.equal(request.headers.authorization, 'Bearer sk_test_rotated');
      assert.equal(request.headers['x-live'], 'yes');
      assert.equal(mine.secretKey, 'sk_test_rotated');

      // v4: the assignments only create unused properties.
      await theirs.users.getUser(ID.user);
      assert.deepEqual(other.take(), []);
      assert.equal(bapi.take()[0].headers.authorization, `Bearer ${SECRET_KEY}`);
    } finally {
      await other.close();
    }
  });

  test('serverApiUrl is an alias of apiUrl, and the deprecated apiKey is used when there is no secretKey', async () => {
    const mine = ours.createClerkClient({ apiUrl: 'http://127.0.0.1:9' });
    mine.serverApiUrl = bapi.url;
    mine.apiKey = 'sk_test_legacy';
    assert.equal(mine.apiUrl, bapi.url);
    await mine.sessions.getSession(ID.session);
    const [request] = bapi.take();
    assert.equal(request.headers.authorization, 'Bearer sk_test_legacy');
  });

  test('setClerkSecretKey & co. reach the singleton and the named sub-API exports, although the env was empty at import', async () => {
    assert.equal(typeof ours.setClerkSecretKey, 'function');
    assert.equal(v4.setClerkSecretKey, undefined);
    // The env was emptied before the import (helpers/setup.mjs), so v4's named exports are broken.
    assert.equal((await settle(() => v4.users.getUser(ID.user))).error.message, MISSING_KEY);
    // Ours too, until a key is set.
    assert.equal((await settle(() => ours.users.getUser(ID.user))).error.message, MISSING_KEY);

    ours.setClerkServerApiUrl(`${bapi.url}/singleton`);
    ours.setClerkApiVersion('v1');
    ours.setClerkSecretKey('sk_test_singleton');
    ours.setClerkHttpOptions({ headers: { 'X-From-Setter': '1' } });
    try {
      const user = await ours.users.getUser(ID.user);
      assert.ok(user instanceof ours.User);
      const viaProxy = await ours.clerkClient.organizations.getOrganization({ slug: 'acme' });
      assert.ok(viaProxy instanceof ours.Organization);
      const requests = bapi.take();
      assert.deepEqual(
        requests.map((r) => [r.path, r.headers.authorization, r.headers['x-from-setter']]),
        [
          [`/singleton/v1/users/${ID.user}`, 'Bearer sk_test_singleton', '1'],
          ['/singleton/v1/organizations/acme', 'Bearer sk_test_singleton', '1'],
        ],
      );
      assert.equal(requests[0].headers['user-agent'], '@clerk/clerk-sdk-node');

      // Assigning through the default export works too (v4's Proxy rejects it in strict code).
      ours.clerkClient.secretKey = 'sk_test_viaProxy';
      await ours.sessions.getSession(ID.session);
      assert.equal(bapi.take()[0].headers.authorization, 'Bearer sk_test_viaProxy');
      assert.throws(() => {
        v4.clerkClient.secretKey = 'sk_test_viaProxy';
      }, TypeError);
    } finally {
      ours.setClerkSecretKey(undefined);
      ours.setClerkServerApiUrl(undefined);
      ours.setClerkHttpOptions(undefined);
    }
  });
});

describe('S3: path parameters are percent-encoded into one segment', () => {
  test('an id with "/.." cannot reach another route (v4 pastes it verbatim)', async () => {
    const run = await runBoth(bapi, (c) => c.users.getUser('user_1/../../organizations/org_1'));
    assert.equal(run.v4.requests[0].path, '/v1/organizations/org_1');
    assert.equal(run.ours.requests.length, 1);
    assert.equal(run.ours.requests[0].path, '/v1/users/user_1%2F..%2F..%2Forganizations%2Forg_1');
  });

  test('"?", "#", "%" and spaces stay inside the segment', async () => {
    const id = 'a b?c=d#e%f';
    const run = await runBoth(bapi, (c) => c.users.getUser(id));
    assert.deepEqual(run.v4.requests[0].query, [['c', 'd']]);
    const [request] = run.ours.requests;
    assert.deepEqual(request.query, []);
    const segments = request.path.split('/');
    assert.equal(segments.length, 4);
    assert.equal(decodeURIComponent(segments[3]), id);
  });

  test('every path parameter is encoded: slugs, second ids, providers and templates', async () => {
    const segmentsOf = async (call) => {
      await call(oursClient());
      return bapi.take()[0].path.split('/').slice(2).map(decodeURIComponent);
    };
    assert.deepEqual(await segmentsOf((c) => c.organizations.getOrganization({ slug: 'acme/../x' })), ['organizations', 'acme/../x']);
    assert.deepEqual(await segmentsOf((c) => c.organizations.getOrganizationInvitation({ organizationId: ID.org, invitationId: 'inv/1' })), ['organizations', ID.org, 'invitations', 'inv/1']);
    assert.deepEqual(await segmentsOf((c) => c.users.getUserOauthAccessToken(ID.user, 'oauth_custom/x')), ['users', ID.user, 'oauth_access_tokens', 'oauth_custom/x']);
    assert.deepEqual(await segmentsOf((c) => c.sessions.getToken(ID.session, 'tpl/../../x')), ['sessions', ID.session, 'tokens', 'tpl/../../x']);
    assert.deepEqual(await segmentsOf((c) => c.organizations.updateOrganizationMembership({ organizationId: ID.org, userId: 'user?1', role: 'r' })), ['organizations', ID.org, 'memberships', 'user?1']);
  });

  test('ordinary ids are sent exactly as v4 sends them', async () => {
    const run = await runBoth(bapi, (c) => c.users.getUser('user_2aB-c.d~e'));
    assert.deepEqual(normalizeRequests(run.ours.requests), normalizeRequests(run.v4.requests));
  });
});

describe('S7: any application/json media type is parsed', () => {
  test('a success with "application/json; charset=utf-8" becomes a User (v4 returns the raw string)', async () => {
    bapi.answer(() => ({ json: fx.user(), contentType: 'application/json; charset=utf-8' }));
    const run = await runBoth(bapi, (c) => c.users.getUser(ID.user));
    assert.equal(typeof run.v4.outcome.value, 'string');
    assert.ok(run.ours.outcome.value instanceof ours.User);
    assert.deepStrictEqual(shape(run.ours.outcome.value), shape(v4.User.fromJSON(fx.user())));
  });

  test('other spellings of the JSON media type', async () => {
    for (const contentType of ['application/json;charset=UTF-8', 'Application/JSON', 'application/json; charset="utf-8"']) {
      bapi.answer(() => ({ json: fx.paginated([fx.organization()]), contentType }));
      const orgs = await oursClient().organizations.getOrganizationList();
      assert.ok(orgs[0] instanceof ours.Organization, contentType);
    }
  });

  test('an error with "application/json; charset=utf-8" keeps its errors and trace id (v4 loses them)', async () => {
    bapi.answer(() => ({ status: 422, json: errorBody('form_param_missing'), contentType: 'application/json; charset=utf-8' }));
    const run = await runBoth(bapi, (c) => c.users.createUser({}), { oursOptions: { maxRetries: 0 } });
    assert.deepEqual(run.v4.outcome.error.errors, []);
    assert.equal(run.ours.outcome.error.errors[0].code, 'form_param_missing');
    assert.equal(run.ours.outcome.error.clerkTraceId, 'trace_form_param_missing');
  });
});

describe('S8: deprecated resource getters return each instance\'s own value', () => {
  test('User.profileImageUrl', () => {
    const ada = ours.User.fromJSON(fx.user(ID.user));
    const grace = ours.User.fromJSON(fx.user(ID.user2));
    assert.equal(ada.profileImageUrl, `https://images.clerk.dev/uploaded/${ID.user}.png`);
    assert.equal(grace.profileImageUrl, `https://images.clerk.dev/uploaded/${ID.user2}.png`);
    // v4: every instance returns the most recently constructed one's value.
    const v4Ada = v4.User.fromJSON(fx.user(ID.user));
    v4.User.fromJSON(fx.user(ID.user2));
    assert.equal(v4Ada.profileImageUrl, `https://images.clerk.dev/uploaded/${ID.user2}.png`);
    // Still not own, enumerable or serialised.
    assert.equal(Object.keys(ada).includes('profileImageUrl'), false);
    assert.equal('profileImageUrl' in JSON.parse(JSON.stringify(ada)), false);
  });

  test('Organization.logoUrl and members_count, OrganizationMembershipPublicUserData.profileImageUrl, ExternalAccount.picture', () => {
    const acme = ours.Organization.fromJSON({ ...fx.organization('org_a'), members_count: 3 });
    const globex = ours.Organization.fromJSON({ ...fx.organization('org_b'), members_count: 9 });
    assert.deepEqual([acme.logoUrl, acme.members_count, globex.logoUrl, globex.members_count], ['https://images.clerk.dev/logo/org_a.png', 3, 'https://images.clerk.dev/logo/org_b.png', 9]);

    const p1 = ours.OrganizationMembershipPublicUserData.fromJSON(fx.publicUserData('user_p1'));
    const p2 = ours.OrganizationMembershipPublicUserData.fromJSON(fx.publicUserData('user_p2'));
    assert.deepEqual([p1.profileImageUrl, p2.profileImageUrl], ['https://images.clerk.dev/uploaded/user_p1.png', 'https://images.clerk.dev/uploaded/user_p2.png']);

    const e1 = ours.ExternalAccount.fromJSON({ ...fx.externalAccount(), avatar_url: 'https://a.example/1' });
    const e2 = ours.ExternalAccount.fromJSON({ ...fx.externalAccount(), avatar_url: 'https://a.example/2' });
    assert.deepEqual([e1.picture, e2.picture], ['https://a.example/1', 'https://a.example/2']);
  });

  test('the users of a list each keep their own profileImageUrl', async () => {
    const [ada, grace] = await oursClient().users.getUserList();
    assert.equal(ada.profileImageUrl, `https://images.clerk.dev/uploaded/${ID.user}.png`);
    assert.equal(grace.profileImageUrl, `https://images.clerk.dev/uploaded/${ID.user2}.png`);
  });
});

describe('A1: GET and DELETE are retried on 429, 502, 503 and 504 (v4 never retries)', () => {
  for (const status of [502, 503, 504]) {
    test(`GET answered ${status} once, then 200`, async () => {
      answerInOrder({ status, json: errorBody('unavailable') });
      const theirs = await settle(() => v4Client().users.getUser(ID.user));
      assert.equal(theirs.error.status, status);
      assert.equal(bapi.take().length, 1);

      answerInOrder({ status, json: errorBody('unavailable') });
      const user = await oursClient().users.getUser(ID.user);
      assert.ok(user instanceof ours.User);
      assert.equal(bapi.take().length, 2);
    });
  }

  test('a 429 with Retry-After: 1 is retried after about a second', async () => {
    answerInOrder({ status: 429, json: errorBody('too_many_requests'), headers: { 'retry-after': '1' } });
    const started = Date.now();
    const orgs = await oursClient().organizations.getOrganizationList();
    assert.ok(orgs[0] instanceof ours.Organization);
    assert.equal(bapi.take().length, 2);
    assert.ok(Date.now() - started >= 900, `waited only ${Date.now() - started} ms`);
  });

  test('a DELETE is retried', async () => {
    answerInOrder({ status: 503, json: errorBody('unavailable') });
    const deleted = await oursClient().users.deleteUser(ID.user);
    assert.ok(deleted instanceof ours.DeletedObject);
    assert.deepEqual(bapi.take().map((r) => r.method), ['DELETE', 'DELETE']);
  });

  test('a connection reset before any answer is retried for a GET', async () => {
    answerInOrder({ destroy: true });
    const session = await oursClient().sessions.getSession(ID.session);
    assert.ok(session instanceof ours.Session);
    assert.equal(bapi.take().length, 2);
  });

  test('writes are not retried: POST and PATCH fail on the first 503 like v4', async () => {
    for (const call of [(c) => c.users.createUser({ firstName: 'Ada' }), (c) => c.users.updateUser(ID.user, { firstName: 'Ada' }), (c) => c.sessions.revokeSession(ID.session)]) {
      bapi.answer(() => ({ status: 503, json: errorBody('unavailable') }));
      const run = await runBoth(bapi, call);
      assert.equal(run.ours.requests.length, 1);
      assert.deepStrictEqual(normalizeRequests(run.ours.requests), normalizeRequests(run.v4.requests));
      assert.deepStrictEqual(shapeOutcome(run.ours.outcome), shapeOutcome(run.v4.outcome));
    }
  });

  test('a POST whose connection is reset is not retried', async () => {
    bapi.answer(() => ({ destroy: true }));
    const result = await settle(() => oursClient().users.verifyPassword({ userId: ID.user, password: 'pw' }));
    assert.equal(result.error.errors[0].code, 'unexpected_error');
    assert.equal(bapi.take().length, 1);
  });

  test('a 500 is not retried', async () => {
    bapi.answer(() => ({ status: 500, json: errorBody('internal') }));
    const result = await settle(() => oursClient().users.getUser(ID.user));
    assert.equal(result.error.status, 500);
    assert.equal(bapi.take().length, 1);
  });

  test('after 2 retries the error is v4\'s error for the last answer', async () => {
    bapi.answer(() => ({ status: 503, json: errorBody('unavailable'), headers: { 'cf-ray': 'ray-503' } }));
    const run = await runBoth(bapi, (c) => c.users.getUser(ID.user));
    assert.equal(run.v4.requests.length, 1);
    assert.equal(run.ours.requests.length, 3);
    assert.deepStrictEqual(normalizeRequests(run.ours.requests), normalizeRequests([...run.v4.requests, ...run.v4.requests, ...run.v4.requests]));
    assert.deepStrictEqual(shapeOutcome(run.ours.outcome), shapeOutcome(run.v4.outcome));
  });

  test('maxRetries: 0, maxRetries: 1 and CLERK_MAX_RETRIES=0', async () => {
    bapi.answer(() => ({ status: 503, json: errorBody('unavailable') }));
    await settle(() => oursClient({ maxRetries: 0 }).users.getUser(ID.user));
    assert.equal(bapi.take().length, 1);
    await settle(() => oursClient({ maxRetries: 1 }).users.getUser(ID.user));
    assert.equal(bapi.take().length, 2);
    await withEnv({ CLERK_MAX_RETRIES: '0' }, async () => {
      await settle(() => oursClient().users.getUser(ID.user));
      assert.equal(bapi.take().length, 1);
    });
  });
});

describe('A2: a 429 error carries retryAfter (seconds)', () => {
  test('retryAfter is added to v4\'s fields', async () => {
    bapi.answer(() => ({ status: 429, json: errorBody('too_many_requests'), headers: { 'retry-after': '7' } }));
    const run = await runBoth(bapi, (c) => c.users.getUserList(), { oursOptions: { maxRetries: 0 } });
    const err = run.ours.outcome.error;
    assert.equal(err.retryAfter, 7);
    assert.equal(err.status, 429);
    assert.equal('retryAfter' in run.v4.outcome.error, false);
    const { retryAfter, ...rest } = shapeOutcome(run.ours.outcome).rejected;
    assert.equal(retryAfter, 7);
    assert.deepStrictEqual({ ...rest, $keys: rest.$keys.filter((k) => k !== 'retryAfter') }, shapeOutcome(run.v4.outcome).rejected);
  });

  test('also on a POST (which is never retried)', async () => {
    bapi.answer(() => ({ status: 429, json: errorBody('too_many_requests'), headers: { 'retry-after': '30' } }));
    const result = await settle(() => oursClient().users.createUser({ firstName: 'Ada' }));
    assert.equal(result.error.retryAfter, 30);
    assert.equal(bapi.take().length, 1);
  });
});

describe('S4: timeouts', () => {
  const assertTimedOut = async (client) => {
    const started = Date.now();
    const result = await settle(() => client.users.getUser(ID.user));
    const elapsed = Date.now() - started;
    assert.ok(result.error, 'must reject');
    assert.equal(result.error.clerkError, true);
    assert.equal(result.error.errors[0].code, 'unexpected_error');
    assert.ok(elapsed >= 150 && elapsed < 5000, `rejected after ${elapsed} ms`);
    // A request that hit its timeout is not retried (A1), even a GET.
    assert.equal(bapi.take().length, 1);
  };

  test('timeoutMs option', async () => {
    bapi.answer(() => ({ hang: true }));
    await assertTimedOut(oursClient({ timeoutMs: 200 }));
  });

  test('httpOptions.timeout', async () => {
    bapi.answer(() => ({ hang: true }));
    await assertTimedOut(oursClient({ httpOptions: { timeout: 200 } }));
  });

  test('CLERK_TIMEOUT_MS', async () => {
    bapi.answer(() => ({ hang: true }));
    await withEnv({ CLERK_TIMEOUT_MS: '200' }, () => assertTimedOut(oursClient()));
  });

  test('v4 has no timeout: its call is still pending when ours has given up', async () => {
    bapi.answer(() => ({ hang: true }));
    const pending = settle(() => v4Client().users.getUser(ID.user));
    const state = await Promise.race([pending.then(() => 'settled'), new Promise((resolve) => setTimeout(() => resolve('pending'), 500))]);
    assert.equal(state, 'pending');
    bapi.releaseHung();
    const result = await pending;
    assert.equal(result.error.errors[0].code, 'unexpected_error');
  });
});
