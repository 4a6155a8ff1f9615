// Contract tests against the official Backend API spec (bapi 2021-02-05).
//
// Every one of the 63 sub-API methods (endpoints.json) is called on our client, pointed at
// Prism 5 mocking the official OpenAPI spec, through a small recording proxy (our HTTP
// client lives in the native addon, so the proxy is how the test sees the wire):
//
//   SDK ──► recording proxy ──► Prism `mock --errors` (validation authority)
//                          └──► Prism `mock` (only when the strict one refuses to answer
//                               because its OWN static example breaks the spec's response
//                               schema; see below)
//
// For each method the test asserts that
//   (a) Prism found no violation in the request we sent (body, query, path, content type,
//       security, route and method), printing Prism's violations and the request if it did;
//   (b) the SDK turned Prism's static example response into what v4 returns: an instance
//       of the exported class, an array of them, a number, a string, or the raw object.
//
// Why two Prism instances: request validation is the same with or without --errors (Prism
// answers 422/400/415/401 + `sl-violations` either way). What --errors adds is response
// validation: when the static example Prism generates from the spec breaks the spec's own
// response schema (e.g. it fills `IdentificationLink.type`, which has a `pattern`, with
// "string"), it answers 500 instead of the example. That is a property of the spec and of
// Prism's sampler, not of the request, and it would hide the response the SDK must shape.
// So on such a 500 (and only then: no request violation, every violation on the response)
// the proxy replays the request to a second, otherwise identical instance without
// --errors and hands that example to the SDK. The response-side findings are printed as
// test diagnostics.
//
// Endpoints the spec does not list (endpoints.json `bapiSpec2021_02_05` says "absent",
// checked against the derived spec) are skipped with the reason.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { deriveSpec, findOperation, pathMatches } from './contract/spec.mjs';
import { prismBin, startPrism } from './contract/prism.mjs';
import { startProxy } from './contract/proxy.mjs';
import { CALLS, VARIANTS } from './contract/calls.mjs';
import { unparseableUrls, v4Verdict } from './contract/v4.mjs';
import { formatViolations, isResponseOnlyFailure, parseJson, prismVerdict, requestViolations, responseViolations } from './contract/violations.mjs';

const __dirname = path.dirname(fileURLToPath(import.meta.url));
const SPEC = path.resolve(__dirname, '../../shared/openapi/bapi-2021-02-05.yml');
const ENDPOINTS = path.resolve(__dirname, '../../shared/spec/endpoints.json');

// Our package reads CLERK_* variables for options not passed (deviation D2): a variable
// left in the environment (CLERK_API_VERSION, ...) must not change the requests.
process.env.NODE_ENV = 'test'; // silences the deprecation warnings of emails/smsMessages/interstitial
for (const name of Object.keys(process.env)) if (name.startsWith('CLERK_')) delete process.env[name];

const require = createRequire(import.meta.url);
const sdk = require('../index.js');

const PRISM_READY_MS = 45_000;
const CALL_TIMEOUT_MS = 15_000;

const prism = prismBin();
const skipSuite = !fs.existsSync(SPEC)
  ? `the official spec is not there: ${SPEC} (the repo is expected next to a shared/ folder)`
  : !fs.existsSync(ENDPOINTS)
    ? `endpoints.json is not there: ${ENDPOINTS}`
    : !prism
      ? '@stoplight/prism-cli is not installed (npm install the devDependencies)'
      : false;

/** What the SDK sent, for assertion messages. */
function describeRequest(x) {
  const type = x.headers['content-type'] || '(none)';
  let body = x.body.length === 0 ? '(empty)' : x.body.toString(/json|text|urlencoded/.test(type) ? 'utf8' : 'latin1');
  if (body.length > 1500) body = `${body.slice(0, 1500)}… (${x.body.length} bytes)`;
  return `${x.method} ${x.url}\n  content-type: ${type}\n  body: ${body}`;
}

function describeResponse(r) {
  if (!r) return '(no response)';
  let body = r.body.toString('utf8');
  if (body.length > 1500) body = `${body.slice(0, 1500)}…`;
  return `${r.status} ${r.headers['content-type'] || ''}\n  ${body}`;
}

function describeError(e) {
  if (!e) return '';
  const details = Array.isArray(e.errors) && e.errors.length ? ` errors=${JSON.stringify(e.errors)}` : '';
  return `${e.name}${e.status !== undefined ? ` status=${JSON.stringify(e.status)}` : ''}: ${e.message || '(no message)'}${details}`;
}

const idsOf = (list) => list.map((item) => item?.id);

/** Asserts that `value` is what v4 makes of `body` for the expectation of the table row. */
function assertShape(value, expected, body, where) {
  if (expected.cls || expected.list) {
    const name = expected.cls || expected.list;
    const Cls = sdk[name];
    assert.equal(typeof Cls, 'function', `index.js exports no class ${name}`);
    if (expected.cls) {
      assert.ok(value instanceof Cls, `${where}: expected an instance of ${name}, got ${value?.constructor?.name ?? typeof value}: ${JSON.stringify(value)?.slice(0, 300)}`);
      if (body && body.id !== undefined) assert.equal(value.id, body.id, `${where}: id of the ${name} differs from the response's`);
      return;
    }
    const items = Array.isArray(body) ? body : body?.data;
    assert.ok(Array.isArray(items), `${where}: the example response is neither an array nor {data: [...]}: ${JSON.stringify(body)?.slice(0, 300)}`);
    assert.ok(Array.isArray(value), `${where}: expected an array of ${name}, got ${value?.constructor?.name ?? typeof value}`);
    assert.ok(items.length > 0, `${where}: the example list is empty, nothing to check`);
    assert.equal(value.length, items.length, `${where}: ${items.length} items in the response, ${value.length} returned`);
    value.forEach((item, i) => assert.ok(item instanceof Cls, `${where}: item ${i} is a ${item?.constructor?.name ?? typeof item}, not a ${name}`));
    assert.deepEqual(idsOf(value), idsOf(items), `${where}: ids differ from the response's`);
    return;
  }
  if (expected.number) {
    assert.equal(typeof value, 'number', `${where}: expected a number, got ${typeof value}`);
    assert.equal(value, body[expected.number]);
    return;
  }
  if (expected.string !== undefined) {
    assert.equal(typeof value, 'string', `${where}: expected a string, got ${typeof value}`);
    if (expected.string) assert.equal(value, body[expected.string], `${where}: not the ${expected.string} field of the response`);
    return;
  }
  if (expected.raw) {
    assert.ok(value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype, `${where}: expected the raw (plain) object, got ${value?.constructor?.name ?? typeof value}`);
    assert.deepEqual(value, body, `${where}: v4 returns this object as received (snake_case keys untouched)`);
    return;
  }
  throw new Error(`bad expectation ${JSON.stringify(expected)}`);
}

describe('contract: every SDK method against the official Backend API spec (Prism)', { skip: skipSuite }, () => {
  if (skipSuite) return;

  const endpoints = JSON.parse(fs.readFileSync(ENDPOINTS, 'utf8'));
  const byKey = new Map(endpoints.map((e) => [`${e.api}.${e.method}`, e]));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clerk-contract-'));
  const derived = deriveSpec(SPEC, tmp, { prefix: '/v1', serverUrl: 'http://127.0.0.1/v1' });

  let strict;
  let lax;
  let proxy;
  let client;

  before(
    async () => {
      // Static examples (--dynamic=false, Prism's default, spelled out) so that every run
      // sees the same bodies; both instances start in parallel.
      const started = await Promise.allSettled([
        startPrism(derived.file, { args: ['--errors', '--dynamic=false'], timeoutMs: PRISM_READY_MS }),
        startPrism(derived.file, { args: ['--dynamic=false'], timeoutMs: PRISM_READY_MS }),
      ]);
      [strict, lax] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
      const failed = started.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      proxy = await startProxy(strict.url, { fallback: lax.url, useFallback: isResponseOnlyFailure, timeoutMs: CALL_TIMEOUT_MS });
      client = sdk.createClerkClient({ secretKey: 'sk_test_contract', apiUrl: proxy.url, maxRetries: 0 });
    },
    { timeout: PRISM_READY_MS + 15_000 },
  );

  after(
    async () => {
      await proxy?.close();
      await Promise.all([strict?.stop(), lax?.stop()]);
      fs.rmSync(tmp, { recursive: true, force: true });
    },
    { timeout: 15_000 },
  );

  test('the derived spec serves every path under /v1 and the shared spec is untouched', () => {
    const original = fs.readFileSync(SPEC, 'utf8');
    const copy = fs.readFileSync(derived.file, 'utf8');
    assert.notEqual(path.dirname(derived.file), path.dirname(SPEC));
    assert.ok(derived.file.startsWith(os.tmpdir()));
    assert.ok(derived.pathKeys > 100, `only ${derived.pathKeys} paths`);
    assert.ok(!/^ {2}\/(?!v1\/)/m.test(copy.slice(copy.indexOf('\npaths:'), copy.indexOf('\ncomponents:'))), 'a path without /v1 is left');
    assert.ok(/^ {2}\/users\/\{user_id\}:/m.test(original), 'the shared spec lost its original paths');
    assert.ok(derived.operations.has('GET /v1/users/{user_id}'));
  });

  test('Prism answers on /v1 (and not at the root), with --errors and static examples', async () => {
    const auth = { authorization: 'Bearer sk_test_contract' };
    const ok = await fetch(`${strict.url}/v1/users/count`, { headers: auth, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
    assert.equal(ok.status, 200);
    const again = await fetch(`${strict.url}/v1/users/count`, { headers: auth, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
    assert.deepEqual(await again.json(), await ok.json(), 'static mode: the same request gets the same example');
    const root = await fetch(`${strict.url}/users/count`, { headers: auth, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
    assert.equal(root.status, 404);
    await root.arrayBuffer();
    // A request violation is reported (this is what every method test relies on).
    const bad = await fetch(`${strict.url}/v1/users`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ email_address: 'not-an-array' }),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    await bad.arrayBuffer();
    const violations = requestViolations({ status: bad.status, headers: Object.fromEntries(bad.headers), body: Buffer.alloc(0) });
    assert.equal(bad.status, 422);
    assert.deepEqual(violations.map((v) => v.location.join('.')), ['request.body.email_address']);
  });

  test('the table covers the 63 methods of endpoints.json, and the client has them all', () => {
    const table = CALLS.map(([api, method]) => `${api}.${method}`);
    assert.equal(new Set(table).size, table.length, 'duplicate rows');
    assert.deepEqual([...table].sort(), [...byKey.keys()].sort());
    assert.equal(table.length, 63);
    for (const [api, method] of CALLS) assert.equal(typeof client[api]?.[method], 'function', `client.${api}.${method} is missing`);
  });

  test("endpoints.json's bapiSpec2021_02_05 field agrees with the derived spec on which endpoints are absent", () => {
    const disagree = endpoints
      .filter((e) => /^absent/i.test(e.bapiSpec2021_02_05) !== !findOperation(derived.operations, e.http, e.path))
      .map((e) => `${e.api}.${e.method} (${e.http} ${e.path}): endpoints.json says "${e.bapiSpec2021_02_05}", the spec ${findOperation(derived.operations, e.http, e.path) ? 'has' : 'lacks'} it`);
    assert.deepEqual(disagree, []);
  });

  /** Calls client[api][method](...args) and runs checks (a) and (b) against `operation`. */
  async function checkCall(t, { api, method, args, expected, operation }) {
    const name = `${api}.${method}`;
    proxy.exchanges.length = 0;
    let value;
    let error;
    try {
      value = await client[api][method](...args());
    } catch (e) {
      error = e;
    }

    // Exactly one request (maxRetries: 0), routed to the operation endpoints.json names.
    const sent = proxy.exchanges;
    assert.equal(sent.length, 1, `expected one request, got ${sent.length}${error ? ` (the SDK rejected: ${describeError(error)})` : ''}:\n${sent.map(describeRequest).join('\n')}`);
    const x = sent[0];
    const [opMethod, opPath] = operation.split(' ');
    const pathname = new URL(x.url, 'http://x').pathname;
    assert.ok(x.method === opMethod && pathMatches(opPath, pathname), `sent ${x.method} ${pathname}, expected the spec operation ${operation}`);
    assert.ok(x.response, `the proxy got no answer from Prism: ${x.error?.message}`);

    // (a) Prism found nothing wrong with the request.
    const first = x.upstreamResponse ?? x.response;
    const violations = requestViolations(first);
    if (violations.length) {
      assert.fail(`Prism rejected the request of ${name} (operation ${operation}):\n${formatViolations(violations)}\nSent:\n  ${describeRequest(x)}\nPrism answered:\n  ${describeResponse(first)}`);
    }
    const warnings = prismVerdict(first).entries.filter((e) => e.location?.[0] === 'request' && e.severity !== 'Error');
    if (warnings.length) t.diagnostic(`Prism request warnings (not failures):\n${formatViolations(warnings)}`);
    if (x.fellBack) {
      const spec = responseViolations(first);
      t.diagnostic(`strict Prism refused its own static example for ${operation} (${spec.length} response-schema violation(s), e.g. ${spec[0]?.location.join('.')} ${spec[0]?.message}); the SDK got the example from the non --errors instance`);
    }

    // (b) The SDK shaped the example response like v4.
    const r = x.response;
    assert.ok(r.status >= 200 && r.status < 300, `Prism answered ${describeResponse(r)}\nfor:\n  ${describeRequest(x)}`);
    const body = parseJson(r.body);
    if (error) {
      const hints = [];
      if (/Invalid URL/.test(JSON.stringify(error.errors ?? error.message))) {
        const bad = unparseableUrls(body);
        if (bad.length) hints.push(`fields that are not absolute URLs (the spec types them as plain strings):\n${bad.map((b) => `    ${b}`).join('\n')}`);
      }
      hints.push(await v4Verdict(api, method, args, r));
      assert.fail(`the SDK rejected Prism's example response: ${describeError(error)}\n${hints.filter(Boolean).map((h) => `  ${h}`).join('\n')}\nResponse:\n  ${describeResponse(r)}`);
    }
    assert.ok(body !== undefined, `the example response is not JSON: ${describeResponse(r)}`);
    assertShape(value, expected, body, `${name} (${operation})`);
  }

  const tally = { validated: 0, skipped: [] };
  for (const [api, method, args, expected] of CALLS) {
    const name = `${api}.${method}`;
    const endpoint = byKey.get(name);
    const operation = endpoint && findOperation(derived.operations, endpoint.http, endpoint.path);
    if (endpoint && !operation) {
      const reason = `not in the spec: ${endpoint.http} /v1${endpoint.path} is no operation of bapi 2021-02-05 (endpoints.json: ${endpoint.bapiSpec2021_02_05})`;
      tally.skipped.push(name);
      test(name, { skip: reason }, () => {});
      continue;
    }
    test(name, { timeout: CALL_TIMEOUT_MS + 5_000 }, async (t) => {
      assert.ok(endpoint, `${name} is not in endpoints.json`);
      await checkCall(t, { api, method, args, expected, operation });
      tally.validated++;
    });
  }

  test('the count: every method validated or skipped with its reason', (t) => {
    const line = `contract: ${tally.validated} of ${CALLS.length} methods validated against the spec, ${tally.skipped.length} skipped (${tally.skipped.join(', ')})`;
    t.diagnostic(line);
    console.log(line);
    assert.equal(tally.validated + tally.skipped.length, CALLS.length);
  });

  // Other argument shapes v4 accepts, sent to other operations or with other parameters.
  describe('variants', () => {
    for (const { title, api, method, args, expected, operation, todo } of VARIANTS) {
      test(title, { timeout: CALL_TIMEOUT_MS + 5_000, todo }, async (t) => {
        assert.ok(derived.operations.has(operation), `${operation} is not in the spec`);
        await checkCall(t, { api, method, args, expected, operation });
      });
    }
  });
});
