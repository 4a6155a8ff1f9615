// Differential test of failures: API error answers, network failures, answers v4 cannot
// use, the missing secret key, invalid ids and arguments. Ours must reject with the same
// error (class, name, message, own enumerable properties, toString()) as v4, after
// sending the same requests (none, for the errors raised before a request).
//
// Our client retries GET/DELETE on 429/502/503/504 and on connection errors (deviation
// A1); `maxRetries: 0` turns that off here, so that both send one request.
import './helpers/setup.mjs';
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startBapi, refusedUrl } from './helpers/bapi.mjs';
import { assertSameAsV4, runBoth, normalizeRequests, ours, v4, settle, shapeOutcome, SECRET_KEY } from './helpers/diff.mjs';
import { METHODS } from './helpers/calls.mjs';
import * as fx from './helpers/fixtures.mjs';

const { ID } = fx;
const NO_RETRY = { oursOptions: { maxRetries: 0 } };
const MISSING_KEY = 'Missing Clerk Secret Key or API Key. Go to https://dashboard.clerk.com and get your key for your instance.';

let bapi;
before(async () => {
  bapi = await startBapi();
});
afterEach(() => bapi.reset());
after(() => bapi.close());

/** Asserts ours rejects like v4 for `call` when the server answers with `reply`. */
async function assertSameFailure(reply, call = (c) => c.users.getUser(ID.user), opts = NO_RETRY) {
  bapi.answer(typeof reply === 'function' ? reply : () => reply);
  const run = await assertSameAsV4(assert, bapi, call, opts);
  assert.ok('error' in run.v4.outcome, 'v4 must reject here');
  return run.ours.outcome.error;
}

describe('API error answers reject with the same ClerkAPIResponseError as v4', () => {
  test('404 with a ClerkErrors body and clerk_trace_id', async () => {
    const err = await assertSameFailure({
      status: 404,
      json: fx.clerkErrors([{ code: 'resource_not_found', message: 'not found', long_message: 'User not found', meta: {} }], 'trace_404_abc'),
    });
    assert.equal(err.status, 404);
    assert.equal(err.clerkError, true);
    assert.equal(err.clerkTraceId, 'trace_404_abc');
    assert.equal(err.message, 'Not Found');
    assert.deepEqual(err.errors, [{ code: 'resource_not_found', message: 'not found', longMessage: 'User not found', meta: { paramName: undefined, sessionId: undefined } }]);
    assert.ok(err instanceof Error);
    assert.equal(typeof err.toString, 'function');
  });

  test('422 with meta.param_name (other meta keys are dropped) on a POST', async () => {
    const err = await assertSameFailure(
      {
        status: 422,
        json: fx.clerkErrors([
          { code: 'form_identifier_exists', message: 'That email address is taken.', long_message: 'That email address is taken. Please try another.', meta: { param_name: 'email_address', extra: 1 } },
          { code: 'form_password_pwned', message: 'Password has been found in a breach.', long_message: 'Choose another password.', meta: { param_name: 'password', session_id: 'sess_x' } },
        ]),
      },
      (c) => c.users.createUser({ emailAddress: ['ada@example.com'], password: 'password' }),
    );
    assert.equal(err.status, 422);
    assert.equal(err.message, 'Unprocessable Entity');
    assert.equal(err.errors[0].meta.paramName, 'email_address');
    assert.equal(err.errors[1].meta.sessionId, 'sess_x');
    assert.equal(err.clerkTraceId, '');
  });

  test('500 text/plain with cf-ray: no errors, the trace id comes from cf-ray', async () => {
    const err = await assertSameFailure({ status: 500, text: 'upstream connect error', contentType: 'text/plain', headers: { 'cf-ray': '7d1e2f3a4b5c6d7e-AMS' } });
    assert.equal(err.status, 500);
    assert.deepEqual(err.errors, []);
    assert.equal(err.clerkTraceId, '7d1e2f3a4b5c6d7e-AMS');
  });

  test('a JSON body with clerk_trace_id wins over cf-ray', async () => {
    const err = await assertSameFailure({
      status: 400,
      json: fx.clerkErrors([{ code: 'bad_request', message: 'bad', long_message: 'Bad request', meta: {} }], 'trace_from_body'),
      headers: { 'cf-ray': 'ray-from-header' },
    });
    assert.equal(err.clerkTraceId, 'trace_from_body');
  });

  test('a non-string clerk_trace_id falls back to cf-ray', async () => {
    await assertSameFailure({ status: 400, json: { errors: [], clerk_trace_id: 12345 }, headers: { 'cf-ray': 'ray-fallback' } });
  });

  test('a JSON error body without errors gives errors: []', async () => {
    await assertSameFailure({ status: 403, json: { message: 'forbidden' } });
  });

  test('401 for an invalid secret key', async () => {
    await assertSameFailure({
      status: 401,
      json: fx.clerkErrors([{ code: 'clerk_key_invalid', message: 'Secret Key is invalid', long_message: 'The provided Secret Key is invalid.', meta: {} }], 'trace_401'),
    });
  });

  test('a custom reason phrase becomes the message', async () => {
    const err = await assertSameFailure({ status: 409, statusText: 'Conflicting Thing', json: fx.clerkErrors([{ code: 'conflict', message: 'c', long_message: 'C', meta: {} }]) });
    assert.equal(err.message, 'Conflicting Thing');
  });

  test('500 with a ClerkErrors body on a DELETE, and 502 on a GET (no retries)', async () => {
    await assertSameFailure({ status: 500, json: fx.clerkErrors([{ code: 'internal_clerk_error', message: 'Oops', long_message: 'Something went wrong', meta: {} }], 'trace_500') }, (c) => c.users.deleteUser(ID.user));
    await assertSameFailure({ status: 502, text: '<html>Bad gateway</html>', contentType: 'text/html', headers: { 'cf-ray': 'ray-502' } }, (c) => c.organizations.getOrganizationList());
  });

  test('a 429 without retries (v4 fields; retryAfter is deviation A2, tested separately)', async () => {
    bapi.answer(() => ({ status: 429, json: fx.clerkErrors([{ code: 'too_many_requests', message: 'Too many requests', long_message: 'Slow down', meta: {} }], 'trace_429') }));
    const run = await runBoth(bapi, (c) => c.users.getUser(ID.user), NO_RETRY);
    assert.deepStrictEqual(normalizeRequests(run.ours.requests), normalizeRequests(run.v4.requests));
    const { v4: { outcome: theirs }, ours: { outcome: mine } } = run;
    const { retryAfter, ...mineShape } = shapeOutcome(mine).rejected;
    assert.equal(retryAfter, undefined, 'no Retry-After header, no retryAfter');
    assert.deepStrictEqual(mineShape, shapeOutcome(theirs).rejected);
  });
});

describe('network failures and unusable answers reject with v4\'s unexpected_error', () => {
  test('connection refused', async () => {
    const url = await refusedUrl();
    const theirs = await settle(() => v4.createClerkClient({ secretKey: SECRET_KEY, apiUrl: url }).users.getUser(ID.user));
    const mine = await settle(() => ours.createClerkClient({ secretKey: SECRET_KEY, apiUrl: url, maxRetries: 0 }).users.getUser(ID.user));
    assert.deepStrictEqual(shapeOutcome(mine), shapeOutcome(theirs));
    assert.equal(mine.error.errors[0].code, 'unexpected_error');
    assert.equal(mine.error.status, '');
    assert.equal(mine.error.message, '');
    assert.equal(mine.error.clerkTraceId, '');
  });

  test('connection reset before any answer (GET and POST)', async () => {
    const err = await assertSameFailure({ destroy: true });
    assert.equal(err.errors[0].code, 'unexpected_error');
    await assertSameFailure({ destroy: true }, (c) => c.users.verifyPassword({ userId: ID.user, password: 'pw' }));
  });

  test('invalid JSON with an application/json content type', async () => {
    // errors[0].message is the runtime's JSON parser message in v4 (it changes with the
    // Node version), so only its presence is compared.
    const withoutParserMessage = (outcome) => {
      const { errors, $toString, ...rest } = shapeOutcome(outcome).rejected;
      const items = errors.$array.map((e) => ({ ...e, message: typeof e.message }));
      return { ...rest, errors: items, $toString: $toString.replace(/Serialized errors: .*/, '') };
    };
    // A resource, an error answer, and a session token (each parses the text its own way).
    const cases = [
      [200, (c) => c.users.getUser(ID.user)],
      [422, (c) => c.users.getUser(ID.user)],
      [200, (c) => c.sessions.getToken(ID.session, 'tmpl')],
    ];
    for (const [status, call] of cases) {
      bapi.answer(() => ({ status, text: '{"object":"user",', contentType: 'application/json' }));
      const run = await runBoth(bapi, call, NO_RETRY);
      assert.deepStrictEqual(normalizeRequests(run.ours.requests), normalizeRequests(run.v4.requests));
      assert.deepStrictEqual(withoutParserMessage(run.ours.outcome), withoutParserMessage(run.v4.outcome), `status ${status}`);
      assert.equal(run.ours.outcome.error.errors[0].code, 'unexpected_error');
      assert.ok(run.ours.outcome.error.errors[0].message.length > 0);
    }
  });

  test('a 200 answer a resource class cannot read (a client without sessions)', async () => {
    const err = await assertSameFailure({ status: 200, json: { object: 'client', id: ID.client } }, (c) => c.clients.getClient(ID.client));
    assert.equal(err.errors[0].code, 'unexpected_error');
  });

  test('cf-ray of a received answer is kept on an unexpected_error', async () => {
    await assertSameFailure({ status: 200, json: { object: 'email_address', id: ID.email }, headers: { 'cf-ray': 'ray-on-unexpected' } }, (c) => c.emailAddresses.getEmailAddress(ID.email));
  });
});

describe('successful answers that are not JSON objects', () => {
  test('text/html is returned as a string', async () => {
    bapi.answer(() => ({ status: 200, text: '<p>hello</p>', contentType: 'text/html' }));
    await assertSameAsV4(assert, bapi, (c) => c.users.getUser(ID.user));
  });

  test('an empty 200 body is returned as ""', async () => {
    bapi.answer(() => ({ status: 200, text: '', contentType: 'text/plain' }));
    await assertSameAsV4(assert, bapi, (c) => c.users.deleteUser(ID.user));
  });

  test('getToken on an answer that is not a token resolves to undefined', async () => {
    bapi.answer(() => ({ status: 200, json: fx.session() }));
    const run = await assertSameAsV4(assert, bapi, (c) => c.sessions.getToken(ID.session, 'tpl'));
    assert.equal(run.ours.outcome.value, undefined);
  });
});

describe('errors raised before any request', () => {
  test('a missing secret key rejects every method with v4\'s plain Error and sends nothing', async () => {
    for (const [api, method, args] of METHODS) {
      const run = await assertSameAsV4(assert, bapi, (c) => c[api][method](...args()), { options: { secretKey: undefined } });
      assert.deepEqual(run.ours.requests, [], `${api}.${method} sent a request`);
      const err = run.ours.outcome.error;
      assert.ok(err, `${api}.${method} must reject`);
      assert.equal(Object.getPrototypeOf(err), Error.prototype, `${api}.${method}: plain Error`);
      assert.equal(err.message, MISSING_KEY);
    }
  });

  test('an empty secret key is missing too', async () => {
    await assertSameAsV4(assert, bapi, (c) => c.users.getUserList(), { options: { secretKey: '' } });
  });

  test('the id check comes before the key check', async () => {
    await assertSameAsV4(assert, bapi, (c) => c.users.getUser(undefined), { options: { secretKey: undefined } });
  });

  test('getUser(undefined) and other falsy ids: "A valid resource ID is required."', async () => {
    for (const id of [undefined, null, '', 0]) {
      const run = await assertSameAsV4(assert, bapi, (c) => c.users.getUser(id));
      assert.deepEqual(run.ours.requests, []);
      assert.equal(run.ours.outcome.error.message, 'A valid resource ID is required.');
      assert.equal(Object.getPrototypeOf(run.ours.outcome.error), Error.prototype);
    }
  });

  test('getOrganization({})', async () => {
    const run = await assertSameAsV4(assert, bapi, (c) => c.organizations.getOrganization({}));
    assert.equal(run.ours.outcome.error.message, 'A valid resource ID is required.');
  });

  test('getOrganization({ organizationId: undefined, slug }): the key exists, so the slug is ignored', async () => {
    const run2 = await assertSameAsV4(assert, bapi, (c) => c.organizations.getOrganization({ organizationId: undefined, slug: 'acme' }));
    assert.deepEqual(run2.ours.requests, []);
  });

  test('getOrganization() without params: the TypeError of the `in` operator', async () => {
    const run = await assertSameAsV4(assert, bapi, (c) => c.organizations.getOrganization());
    assert.ok(run.ours.outcome.error instanceof TypeError);
  });

  test('destructuring errors: methods that take a params object, called without one', async () => {
    const run = await assertSameAsV4(assert, bapi, (c) => c.users.getOrganizationMembershipList());
    assert.ok(run.ours.outcome.error instanceof TypeError);
    await assertSameAsV4(assert, bapi, (c) => c.organizations.getOrganizationMembershipList());
    await assertSameAsV4(assert, bapi, (c) => c.users.verifyPassword());
    await assertSameAsV4(assert, bapi, (c) => c.organizations.createOrganizationInvitation(null));
  });


  test('second-level ids: a falsy invitationId or userId', async () => {
    await assertSameAsV4(assert, bapi, (c) => c.organizations.getOrganizationInvitation({ organizationId: ID.org, invitationId: '' }));
    await assertSameAsV4(assert, bapi, (c) => c.organizations.getOrganizationInvitation({ organizationId: '', invitationId: ID.orgInvitation }));
    await assertSameAsV4(assert, bapi, (c) => c.users.getUserOauthAccessToken(ID.user, undefined));
    await assertSameAsV4(assert, bapi, (c) => c.users.getUserOauthAccessToken(undefined, 'oauth_google'));
  });

  test('multipart methods without a usable file fail with a TypeError and send nothing (README: Differences)', async () => {
    // v4 appends String(params.file) to its FormData and uploads the text "undefined";
    // we refuse before any request, after the same id checks as v4.
    const client = ours.createClerkClient({ secretKey: SECRET_KEY, apiUrl: bapi.url, maxRetries: 0 });
    for (const call of [
      () => client.users.updateUserProfileImage(ID.user, {}),
      () => client.organizations.updateOrganizationLogo(ID.org, { uploaderUserId: ID.user }),
      () => client.users.updateUserProfileImage(ID.user),
      () => client.users.updateUserProfileImage(ID.user, { file: 'not a file' }),
    ]) {
      const { error } = await settle(call);
      assert.ok(error instanceof TypeError, String(error));
      assert.match(error.message, /params\.file must be a Blob, File, Buffer, Uint8Array or ArrayBuffer/);
    }
    assert.deepEqual(bapi.take(), []);
    // The id is still checked first, as in v4.
    const { error } = await settle(() => client.users.updateUserProfileImage());
    assert.equal(error.message, 'A valid resource ID is required.');
  });

  test('a detached method loses `this` and throws a TypeError, as in v4', async () => {
    const v4Client = v4.createClerkClient({ secretKey: SECRET_KEY, apiUrl: bapi.url });
    const oursClient = ours.createClerkClient({ secretKey: SECRET_KEY, apiUrl: bapi.url });
    const { getUser: v4GetUser } = v4Client.users;
    const { getUser: oursGetUser } = oursClient.users;
    const theirs = await settle(() => v4GetUser(ID.user));
    const mine = await settle(() => oursGetUser(ID.user));
    assert.ok(theirs.error instanceof TypeError);
    assert.ok(mine.error instanceof TypeError, `ours: ${mine.error ?? 'resolved'}`);
    assert.deepEqual(bapi.take(), []);
  });
});

describe('every method called with no arguments settles like v4 and sends the same requests', () => {
  for (const [api, method] of METHODS) {
    test(`${api}.${method}()`, async () => {
      await assertSameAsV4(assert, bapi, (c) => c[api][method](), NO_RETRY);
    });
  }
});
