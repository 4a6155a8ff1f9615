// Caller data is data (S14): no value or key a caller can pass changes what is sent, and
// no parameter is ever silently dropped, at any depth. Each case makes the same call on
// clerk-v4 and on ours against one loopback Backend API and compares the requests and the
// results; where v4 itself cannot cope (nesting past what JSON.stringify handles), ours
// must send what it was given or fail with a clear error before any request, and never
// crash the process.
import './helpers/setup.mjs';
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBapi } from './helpers/bapi.mjs';
import { assertSameAsV4, runBoth, clientsFor, settle, SECRET_KEY } from './helpers/diff.mjs';
import { runChild, describeChild, INDEX } from './helpers/fault-child.mjs';
import * as fx from './helpers/fixtures.mjs';

let bapi;
before(async () => {
  bapi = await startBapi();
});
afterEach(() => bapi.reset());
after(() => bapi.close());

const same = (call, opts) => assertSameAsV4(assert, bapi, call, opts);

/** `{ a: { a: ... leaf } }`, `depth` objects deep, built without recursion. */
function nested(depth, leaf = 'bottom') {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** How deep `nested` went and what it held at the bottom (no recursion, any depth). */
function measure(v) {
  let depth = 0;
  while (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && 'a' in v) {
    v = v.a;
    depth++;
  }
  return { depth, leaf: v };
}

describe('no sentinel value inside caller data', () => {
  test('a "\\u0000undefined" filter value reaches the server as sent (it does not list every user)', async () => {
    const run = await same((c) => c.users.getUserList({ emailAddress: ['\u0000undefined'], query: '\u0000undefined' }));
    assert.deepEqual(run.ours.requests[0].query, [
      ['email_address', '\u0000undefined'],
      ['query', '\u0000undefined'],
    ]);
  });

  test('a query string value taken from a URL (?email=%00undefined) is a filter like any other', async () => {
    const email = new URL('http://app.local/?email=%00undefined').searchParams.get('email');
    const run = await same((c) => c.users.getUserList({ emailAddress: [email] }));
    assert.deepEqual(run.ours.requests[0].query, [['email_address', '\u0000undefined']]);
  });

  test('a "\\u0000date" metadata key round-trips through updateUserMetadata and createUser', async () => {
    // An app spreading request input into metadata: the key must not replace the object.
    const attack = { '\u0000date': '2024-01-01T00:00:00.000Z', string: 'x', role: 'admin' };
    const publicMetadata = { ...attack, role: 'member' };
    bapi.answer((rec) => (rec.method === 'PATCH' ? echoMetadata(rec) : undefined));
    let run = await same((c) => c.users.updateUserMetadata(fx.ID.user, { publicMetadata, privateMetadata: { '\u0000undefined': 1 } }));
    assert.deepEqual(run.ours.requests[0].body, { public_metadata: publicMetadata, private_metadata: { '\u0000undefined': 1 } });
    assert.deepEqual(run.ours.outcome.value.publicMetadata, publicMetadata);
    run = await same((c) => c.users.createUser({ emailAddress: ['ada@example.com'], publicMetadata, unsafeMetadata: { '\u0000undefined': '\u0000undefined' } }));
    assert.deepEqual(run.ours.requests[0].body.public_metadata, publicMetadata);
    assert.deepEqual(run.ours.requests[0].body.unsafe_metadata, { '\u0000undefined': '\u0000undefined' });
    assert.deepEqual(run.ours.outcome.value.publicMetadata, publicMetadata);
  });

  test('keys and strings that look like markers are data in every position (path, query, body, raw request)', async () => {
    await same((c) => c.users.getUser('\u0000undefined'));
    await same((c) => c.sessions.getSessionList({ userId: '\u0000undefined', status: '\u0000date' }));
    await same((c) => c.organizations.updateOrganization('org_1', { name: '\u0000undefined', '\u0000date': 'x' }));
    await same((c) => c.users.request({ method: 'GET', path: '/users', queryParams: { '\u0000date': 'x', string: 'y', q: '\u0000undefined' } }));
    await same((c) => c.users.request({ method: 'POST', path: '/users', bodyParams: { x: { '\u0000date': 1, string: 2 } } }));
  });
});

// Echoes a PATCH …/metadata body into the user the fake API answers with.
function echoMetadata(rec) {
  const user = fx.user();
  if (rec.body && typeof rec.body === 'object') {
    if ('public_metadata' in rec.body) user.public_metadata = rec.body.public_metadata;
    if ('private_metadata' in rec.body) user.private_metadata = rec.body.private_metadata;
  }
  return { json: user };
}

describe('undefined, Date, holes, NaN and functions are sent as v4 sends them', () => {
  const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6));
  const invalid = new Date(NaN);

  test('in query strings', async () => {
    await same((c) => c.users.getUserList({ emailAddress: ['a@x', undefined, null, 'b@x'], query: undefined, userId: [date] }));
    await same((c) => c.sessions.getSessionList({ userId: date, status: undefined }));
    await same((c) => c.users.getUserList({ limit: NaN, offset: Infinity, query: -Infinity }));
    // eslint-disable-next-line no-sparse-arrays
    await same((c) => c.users.getUserList({ emailAddress: ['a@x', , 'b@x'] }));
    await same((c) => c.users.getUserList({ emailAddress: [[1, [2, undefined], null], ['x']] }));
    await same((c) => c.users.request({ method: 'GET', path: '/users', queryParams: { createdAt: date, emailAddress: [date, undefined] } }));
  });

  test('in JSON bodies, at any level', async () => {
    await same((c) =>
      c.users.createUser({
        emailAddress: ['ada@example.com'],
        firstName: undefined,
        publicMetadata: { at: date, bad: invalid, u: undefined, list: [undefined, date, null, NaN, () => 1], fn: () => 1, sym: Symbol('s'), deep: { d: [date] } },
      }),
    );
    // eslint-disable-next-line no-sparse-arrays
    await same((c) => c.users.updateUserMetadata(fx.ID.user, { publicMetadata: { holes: [1, , 3] }, privateMetadata: undefined }));
    await same((c) => c.users.updateUser(fx.ID.user, { firstName: undefined }));
    await same((c) => c.organizations.createOrganizationInvitation({ organizationId: fx.ID.org, role: undefined }));
    await same((c) => c.clients.verifyClient(undefined));
    await same((c) => c.users.request({ method: 'POST', path: '/users', bodyParams: { createdAt: date, gone: undefined } }));
  });

  test('a BigInt anywhere is a TypeError before any request (README: "Arguments JSON cannot carry")', async () => {
    const { ours } = clientsFor(bapi.url);
    for (const call of [
      () => ours.users.getUserList({ limit: 10n }),
      () => ours.users.createUser({ publicMetadata: { n: 1n } }),
      () => ours.users.request({ method: 'POST', path: '/users', bodyParams: { n: [1n] } }),
    ]) {
      bapi.take();
      const out = await settle(call);
      assert.ok(out.error instanceof TypeError, String(out.error));
      assert.match(out.error.message, /BigInt/);
      assert.deepEqual(bapi.take(), []);
    }
  });
});

describe('nesting of any depth, both ways', () => {
  test('300 levels in a query parameter: the other parameters are still sent (user_id is not dropped)', async () => {
    const run = await same((c) => c.sessions.getSessionList({ userId: fx.ID.user, status: nested(300) }));
    assert.deepEqual(run.ours.requests[0].query, [
      ['user_id', fx.ID.user],
      ['status', '[object Object]'],
    ]);
  });

  test('300 and 2,000 levels in a body are sent whole', async () => {
    for (const depth of [300, 2000]) {
      const run = await same((c) => c.users.createUser({ emailAddress: ['ada@example.com'], publicMetadata: nested(depth) }));
      assert.deepEqual(measure(run.ours.requests[0].body.public_metadata), { depth, leaf: 'bottom' });
      bapi.answer((rec) => echoMetadata(rec));
      const meta = await same((c) => c.users.updateUserMetadata(fx.ID.user, { publicMetadata: nested(depth) }));
      assert.equal(meta.ours.requests.length, 1, 'the write is sent (not "A valid resource ID is required.")');
      assert.deepEqual(measure(meta.ours.outcome.value.publicMetadata), { depth, leaf: 'bottom' });
      bapi.reset();
    }
  });

  test('answers nesting 300 and 2,000 levels are shaped as v4 shapes them', async () => {
    for (const depth of [126, 300, 2000]) {
      const user = { ...fx.user(), public_metadata: nested(depth), unsafe_metadata: { list: [nested(depth)] } };
      bapi.answer(() => ({ json: user }));
      await same((c) => c.users.getUser(fx.ID.user));
      bapi.answer(() => ({ json: { data: [user], total_count: 1 } }));
      await same((c) => c.users.getUserList());
    }
  });

  test('an error body nesting 2,000 levels is still a ClerkAPIResponseError, as in v4', async () => {
    const body = { errors: [{ code: 'form_param_invalid', message: 'bad', long_message: 'bad', meta: { param_name: nested(2000) } }], clerk_trace_id: 't' };
    bapi.answer(() => ({ status: 422, json: body }));
    const run = await runBoth(bapi, (c) => c.users.getUser(fx.ID.user));
    for (const side of ['v4', 'ours']) {
      const err = run[side].outcome.error;
      assert.equal(err.status, 422, side);
      assert.equal(err.clerkTraceId, 't', side);
      assert.deepEqual(measure(err.errors[0].meta.paramName), { depth: 2000, leaf: 'bottom' }, side);
    }
  });

  test('10,000 levels in an answer: shaped whole (v4 copes too); in an argument: sent whole or a clear error, never a dropped parameter', async () => {
    const depth = 10000;
    bapi.answer(() => ({ text: `{"object":"user","id":"${fx.ID.user}","public_metadata":${'{"a":'.repeat(depth)}"bottom"${'}'.repeat(depth)}}`, contentType: 'application/json' }));
    const { ours, v4 } = clientsFor(bapi.url);
    for (const [side, client] of [['v4', v4], ['ours', ours]]) {
      const got = await client.users.getUser(fx.ID.user);
      assert.deepEqual(measure(got.publicMetadata), { depth, leaf: 'bottom' }, side);
    }
    bapi.reset();
    for (const call of [
      (c) => c.sessions.getSessionList({ userId: fx.ID.user, status: nested(depth) }),
      (c) => c.users.createUser({ emailAddress: ['ada@example.com'], publicMetadata: nested(depth) }),
      (c) => c.users.updateUserMetadata(fx.ID.user, { publicMetadata: nested(depth) }),
    ]) {
      bapi.take();
      const out = await settle(() => call(ours));
      const sent = bapi.take();
      if ('error' in out) {
        assert.ok(out.error instanceof Error, String(out.error));
        assert.notEqual(out.error.message, 'A valid resource ID is required.');
        assert.deepEqual(sent, [], 'a call that fails sends nothing');
      } else {
        assert.equal(sent.length, 1);
        const r = sent[0];
        if (r.method === 'GET') assert.deepEqual(r.query[0], ['user_id', fx.ID.user]);
        else assert.deepEqual(measure(r.body.public_metadata), { depth, leaf: 'bottom' });
      }
    }
  });

  test('the process survives 100,000-level answers and arguments (a child process: a stack overflow would abort it)', async () => {
    const depth = 100000;
    const deepText = `${'[{"a":'.repeat(depth)}1${'}]'.repeat(depth)}`;
    bapi.answer((rec) =>
      rec.method === 'GET'
        ? { text: `{"object":"user","id":"user_1","public_metadata":${deepText},"errors":[]}`, contentType: 'application/json' }
        : { status: 422, text: `{"errors":[{"code":"x","meta":{"param_name":${deepText}}}]}`, contentType: 'application/json' },
    );
    const code = `
      const { createClerkClient } = (await import('node:module')).createRequire(import.meta.url)(${JSON.stringify(INDEX)});
      const c = createClerkClient({ secretKey: ${JSON.stringify(SECRET_KEY)}, apiUrl: ${JSON.stringify(bapi.url)} });
      const user = await c.users.getUser('user_1');
      let v = user.publicMetadata, depth = 0;
      while (Array.isArray(v)) { v = v[0].a; depth++; }
      console.log('answer depth', depth, v);
      const err = await c.users.createUser({ publicMetadata: { x: 1 } }).catch((e) => e);
      console.log('error status', err.status);
      let arg = 1; for (let i = 0; i < ${depth}; i++) arg = [arg];
      const out = await c.users.updateUserMetadata('user_1', { publicMetadata: arg }).then(() => 'sent', (e) => e.constructor.name);
      console.log('deep argument', out);
    `;
    const res = await runChild(code, { timeoutMs: 120000 });
    assert.equal(res.signal, null, describeChild(res));
    assert.equal(res.code, 0, describeChild(res));
    assert.match(res.stdout, new RegExp(`answer depth ${depth} 1`));
    assert.match(res.stdout, /error status 422/);
    assert.match(res.stdout, /deep argument (sent|RangeError)/);
  });
});

describe('no code generated from strings', () => {
  const code = `
    const require = (await import('node:module')).createRequire(import.meta.url);
    const lib = (m) => require(${JSON.stringify(INDEX)}.replace(/index\\.js$/, 'lib/' + m));
    const native = lib('native.js');
    const { apiClasses } = lib('api.js');
    const { exported } = lib('resources.js');
    const Users = new Map(apiClasses).get('users');
    const users = new Users(new native.NativeClient({ secretKey: ${JSON.stringify(SECRET_KEY)}, apiUrl: process.env.BAPI }));
    const user = await users.getUser('user_1');
    console.log('call', user.constructor.name, user.id);
    console.log('fromJSON', exported.User.fromJSON({ id: 'u', first_name: 'Ada' }).firstName);
    if (process.env.WHOLE) {
      const sdk = require(${JSON.stringify(INDEX)});
      const c = sdk.createClerkClient({ secretKey: ${JSON.stringify(SECRET_KEY)}, apiUrl: process.env.BAPI });
      console.log('whole', (await c.users.getUser('user_1')).id, sdk.User.fromJSON({ id: 'w' }).id);
    }
  `;
  const flags = ['--disallow-code-generation-from-strings'];

  test('the API and resource modules load and work under --disallow-code-generation-from-strings', async () => {
    const res = await runChild(code, { env: { BAPI: bapi.url }, args: flags });
    assert.equal(res.code, 0, describeChild(res));
    assert.match(res.stdout, /call User user_/);
    assert.match(res.stdout, /fromJSON Ada/);
  });

  const authGenerates = readFileSync(new URL('../lib/auth.js', import.meta.url), 'utf8').includes('new Function(');
  test('the whole package loads and works under --disallow-code-generation-from-strings', { todo: authGenerates && 'lib/auth.js still builds a function from a string (issue-14c removes it)' }, async () => {
    const res = await runChild(code, { env: { BAPI: bapi.url, WHOLE: '1' }, args: flags });
    assert.equal(res.code, 0, describeChild(res));
    assert.match(res.stdout, /whole user_\w+ w/);
  });
});
