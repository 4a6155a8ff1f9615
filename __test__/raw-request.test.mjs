// v4's sub-API objects carry their raw request function as an own `request`, and
// inherit `requireId` from AbstractAPI: both behave as in 4.13.23.
import './helpers/setup.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBapi } from './helpers/bapi.mjs';
import { assertSameAsV4, clientsFor } from './helpers/diff.mjs';
import { ID } from './helpers/fixtures.mjs';

let bapi;
before(async () => {
  bapi = await startBapi();
});
after(() => bapi.close());

test('own keys and inherited methods of a sub-API object match v4 (plus the iterate… twins)', () => {
  const { v4, ours } = clientsFor('http://127.0.0.1:9');
  const methods = (obj) => {
    const out = new Set();
    for (let p = Object.getPrototypeOf(obj); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      for (const k of Object.getOwnPropertyNames(p)) if (k !== 'constructor' && typeof p[k] === 'function') out.add(k);
    }
    return [...out].filter((m) => !m.startsWith('iterate')).sort();
  };
  for (const api of ['users', 'organizations', 'sessions', 'clients', 'domains']) {
    assert.deepEqual(Object.keys(ours[api]), Object.keys(v4[api]), api);
    assert.deepEqual(methods(ours[api]), methods(v4[api]), api);
  }
});

test('request({ method, path, queryParams }) sends what v4 sends and returns the same objects', async () => {
  await assertSameAsV4(assert, bapi, (c) => c.users.request({ method: 'GET', path: `/users/${ID.user}` }));
  await assertSameAsV4(assert, bapi, (c) => c.users.request({ method: 'GET', path: '/users', queryParams: { limit: 2, orderBy: '-created_at', emailAddress: ['a@b.c', 'd@e.f'], offset: 0 } }));
});

test('request({ bodyParams }) snake-cases the top level only, as v4', async () => {
  await assertSameAsV4(assert, bapi, (c) => c.users.request({ method: 'PATCH', path: `/users/${ID.user}`, bodyParams: { firstName: 'Ada', publicMetadata: { innerKey: 1 } } }));
});

test("requireId throws v4's error", () => {
  const { v4, ours } = clientsFor('http://127.0.0.1:9');
  assert.throws(() => ours.users.requireId(''), { message: 'A valid resource ID is required.' });
  assert.throws(() => v4.users.requireId(''), { message: 'A valid resource ID is required.' });
  assert.doesNotThrow(() => ours.users.requireId('user_1'));
});
