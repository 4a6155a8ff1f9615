// Reliability under faults: a loopback Backend API that misbehaves on purpose (raw
// node:net server, see helpers/fault-server.mjs), one test per fault. Each test asserts
// the error (or the retried success), the EXACT number of requests the server received,
// and that the call settles (every call is guarded by a timeout far shorter than
// node:test's).
//
// The contract (README "Configuration" / "Differences", spec deviations A1, A2, S4):
// * GET and DELETE are retried on 429, 502, 503, 504 and on a connection failure before
//   any answer, up to maxRetries (default 2) times, honouring Retry-After within a 10 s
//   total wait; POST / PATCH are never retried; 500 is not retried; a broken-off body or
//   a timed-out attempt is not retried.
// * 429 errors carry `retryAfter` (seconds).
// * network failures: unexpected_error 'fetch failed', detail in a non-enumerable cause.
// * timeouts: unexpected_error naming timeoutMs / CLERK_TIMEOUT_MS.
// * redirects are followed only within the same origin.
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import net from 'node:net';
import { startFaultServer, json, reply, reset, within, outcome, clerkErrors } from './helpers/fault-server.mjs';
import { runChild, describeChild, INDEX } from './helpers/fault-child.mjs';
import * as fx from './helpers/fixtures.mjs';

process.env.NODE_ENV = 'test';
for (const name of Object.keys(process.env)) if (name.startsWith('CLERK_')) delete process.env[name];

const require = createRequire(import.meta.url);
const sdk = require('../index.js');

const KEY = 'sk_test_faultSuiteKey_9f8e7d6c5b4a';
const GUARD = 8000; // no single call may take longer than this (node:test's limit is far above)
const T = { timeout: 30000 };

let srv; // the API
let other; // another origin: another port on 127.0.0.1
let other2; // another origin: 127.0.0.2

before(async () => {
  srv = await startFaultServer();
  other = await startFaultServer();
  other2 = await startFaultServer({ host: '127.0.0.2' });
  other.handle((req, sock) => json(sock, 200, fx.user('user_fromOtherOrigin')));
  other2.handle((req, sock) => json(sock, 200, fx.user('user_fromOtherOrigin')));
});
after(async () => {
  await Promise.all([srv.close(), other.close(), other2.close()]);
});
beforeEach(() => {
  srv.reset();
  other.reset();
  other2.reset();
});

const client = (opts = {}) => sdk.createClerkClient({ secretKey: KEY, apiUrl: srv.url, ...opts });

/** Runs `call(client)` under the hang guard; { value } | { error }, and the time it took. */
async function run(call, opts) {
  const started = Date.now();
  const r = await within(GUARD, outcome(() => call(client(opts))), 'API call');
  r.ms = Date.now() - started;
  return r;
}

function assertApiError(r, status) {
  assert.ok(r.error, `expected a rejection, got ${JSON.stringify(r.value)}`);
  assert.ok(r.error instanceof Error);
  assert.equal(r.error.clerkError, true, 'a ClerkAPIResponseError');
  assert.equal(r.error.constructor.name, 'ClerkAPIResponseError');
  if (status !== undefined) assert.equal(r.error.status, status);
  assert.ok(Array.isArray(r.error.errors));
  return r.error;
}

function assertUnexpected(r, message) {
  const err = assertApiError(r);
  assert.equal(err.errors.length, 1);
  assert.equal(err.errors[0].code, 'unexpected_error');
  if (typeof message === 'string') assert.equal(err.errors[0].message, message);
  else if (message) assert.match(err.errors[0].message, message);
  return err;
}

function assertFetchFailed(r) {
  const err = assertUnexpected(r, 'fetch failed');
  // The detail is in a non-enumerable `cause`.
  assert.ok(err.cause instanceof Error, 'a cause');
  assert.ok(typeof err.cause.message === 'string' && err.cause.message.length > 0);
  const d = Object.getOwnPropertyDescriptor(err, 'cause');
  assert.ok(d, 'own cause');
  assert.equal(d.enumerable, false, 'cause must not be enumerable');
  assert.ok(!Object.keys(err).includes('cause'));
  assert.ok(!JSON.stringify(err).includes(err.cause.message));
  return err;
}

const USER = 'user_2faultSuiteAbc';
const userJson = () => fx.user(USER);

// The four methods of the matrix.
const METHODS = {
  GET: (c) => c.users.getUser(USER),
  DELETE: (c) => c.users.deleteUser(USER),
  POST: (c) => c.users.createUser({ firstName: 'Ada', password: 'correct horse' }),
  PATCH: (c) => c.users.updateUser(USER, { firstName: 'Ada' }),
};
const successFor = (method) => (method === 'DELETE' ? fx.deleted('user', USER) : userJson());
const IDEMPOTENT = new Set(['GET', 'DELETE']);
const RETRIED_STATUS = new Set([429, 502, 503, 504]);

describe('429 Too Many Requests', () => {
  test('GET with Retry-After: 1 is retried after the advertised second, then succeeds', T, async () => {
    srv.handle((req, sock, n) => (n === 0 ? json(sock, 429, clerkErrors('too_many_requests'), { 'retry-after': '1' }) : json(sock, 200, userJson())));
    const r = await run(METHODS.GET);
    assert.ok(r.value instanceof sdk.User, String(r.error));
    assert.equal(r.value.id, USER);
    assert.equal(srv.requests.length, 2);
    const gap = srv.requests[1].at - srv.requests[0].at;
    assert.ok(gap >= 950, `retried after ${gap} ms, Retry-After said 1 s`);
    assert.ok(gap < 2500, `retried after ${gap} ms`);
  });

  test('GET answered 429 + Retry-After: 1 every time: error with retryAfter after 1 + maxRetries requests', T, async () => {
    srv.handle((req, sock) => json(sock, 429, clerkErrors('too_many_requests', 'Slow down', 'trace_429'), { 'retry-after': '1' }));
    const r = await run(METHODS.GET, { maxRetries: 1 });
    const err = assertApiError(r, 429);
    assert.equal(err.retryAfter, 1);
    assert.equal(err.clerkTraceId, 'trace_429');
    assert.equal(err.errors[0].code, 'too_many_requests');
    assert.equal(srv.requests.length, 2);
    assert.ok(srv.requests[1].at - srv.requests[0].at >= 950);
  });

  test('GET answered 429 without Retry-After: retried with backoff (default 2 retries = 3 requests); no retryAfter', T, async () => {
    srv.handle((req, sock) => json(sock, 429, clerkErrors('too_many_requests')));
    const r = await run(METHODS.GET);
    const err = assertApiError(r, 429);
    assert.equal(err.retryAfter, undefined);
    assert.equal(srv.requests.length, 3);
    // Full jitter: each wait is at most the exponential cap (0.5 s, then 1 s).
    assert.ok(r.ms < 3000, `took ${r.ms} ms`);
  });

  test('Retry-After beyond the 10 s wait budget: no retry, no wait, retryAfter kept', T, async () => {
    srv.handle((req, sock) => json(sock, 429, clerkErrors('too_many_requests'), { 'retry-after': '30' }));
    const r = await run(METHODS.GET);
    const err = assertApiError(r, 429);
    assert.equal(err.retryAfter, 30);
    assert.equal(srv.requests.length, 1);
    assert.ok(r.ms < 1500, `took ${r.ms} ms`);
  });

  test('Retry-After as an HTTP date is honoured as seconds', T, async () => {
    const when = new Date(Date.now() + 1000).toUTCString();
    srv.handle((req, sock) => json(sock, 429, clerkErrors('too_many_requests'), { 'retry-after': when }));
    const r = await run(METHODS.GET, { maxRetries: 0 });
    const err = assertApiError(r, 429);
    assert.equal(typeof err.retryAfter, 'number');
    assert.ok(err.retryAfter >= 0 && err.retryAfter <= 2, `retryAfter ${err.retryAfter}`);
    assert.equal(srv.requests.length, 1);
  });

  test('Retry-After: 0 retries after the usual backoff (never back to back): 1 + maxRetries requests', T, async () => {
    srv.handle((req, sock) => json(sock, 429, clerkErrors('too_many_requests'), { 'retry-after': '0' }));
    const r = await run(METHODS.GET, { maxRetries: 3 });
    const err = assertApiError(r, 429);
    assert.equal(err.retryAfter, 0);
    assert.equal(srv.requests.length, 4);
    // Full-jitter backoff: at most 0.5 + 1 + 2 s.
    assert.ok(r.ms < 4000, `took ${r.ms} ms`);
  });

  test('the 10 s wait budget: Retry-After: 6 with maxRetries 5 waits once (6 s), then gives up (2 requests)', T, async () => {
    srv.handle((req, sock) => json(sock, 429, clerkErrors('too_many_requests'), { 'retry-after': '6' }));
    const started = Date.now();
    const r = await within(15000, outcome(() => client({ maxRetries: 5 }).users.getUser(USER)));
    const ms = Date.now() - started;
    const err = assertApiError(r, 429);
    assert.equal(err.retryAfter, 6);
    assert.equal(srv.requests.length, 2);
    assert.ok(ms >= 5900 && ms < 8000, `took ${ms} ms`);
  });

  for (const value of ['1e300', '18446744073709551616', '99999999999999999999999']) {
    test(`an absurd Retry-After (${value}) is an ordinary 429 error: no retry, no Rust panic`, T, async () => {
      srv.handle((req, sock) => json(sock, 429, clerkErrors('too_many_requests', 'Slow down'), { 'retry-after': value }));
      const r = await run(METHODS.GET);
      assert.ok(r.error, 'must reject');
      assert.doesNotMatch(String(r.error.message), /panic/i, `a Rust panic reached JS: ${r.error.message}`);
      const err = assertApiError(r, 429);
      assert.equal(err.errors[0].code, 'too_many_requests');
      assert.equal(srv.requests.length, 1);
    });
  }

  for (const method of ['POST', 'PATCH']) {
    test(`${method} answered 429 + Retry-After: 1 is never retried, error carries retryAfter`, T, async () => {
      srv.handle((req, sock) => json(sock, 429, clerkErrors('too_many_requests'), { 'retry-after': '1' }));
      const r = await run(METHODS[method]);
      const err = assertApiError(r, 429);
      assert.equal(err.retryAfter, 1);
      assert.equal(srv.requests.length, 1);
      assert.equal(srv.requests[0].method, method);
      assert.ok(r.ms < 900, `took ${r.ms} ms`);
    });
  }
});

describe('5xx answers: 502/503/504 retried for GET and DELETE only; 500 never; POST/PATCH never', () => {
  const BODIES = {
    json: (status) => ({ contentType: 'application/json', body: JSON.stringify(clerkErrors('server_error', `upstream ${status}`, `trace_${status}`)) }),
    text: (status) => ({ contentType: 'text/plain; charset=utf-8', body: `upstream said ${status}` }),
    html: (status) => ({ contentType: 'text/html', body: `<!DOCTYPE html><html><body><h1>${status}</h1><p>nginx</p></body></html>` }),
  };
  for (const status of [500, 502, 503, 504]) {
    for (const [kind, body] of Object.entries(BODIES)) {
      for (const method of Object.keys(METHODS)) {
        const retried = IDEMPOTENT.has(method) && RETRIED_STATUS.has(status);
        const expected = retried ? 2 : 1; // maxRetries: 1 keeps the matrix fast
        test(`${method} answered ${status} with a ${kind} body: ${expected} request(s), then the ${status} error`, T, async () => {
          srv.handle((req, sock) => reply(sock, { status, headers: { 'cf-ray': `ray_${status}` }, ...body(status) }));
          const r = await run(METHODS[method], { maxRetries: 1 });
          const err = assertApiError(r, status);
          assert.equal(srv.requests.length, expected);
          assert.ok(srv.requests.every((q) => q.method === method));
          assert.equal(err.retryAfter, undefined);
          if (kind === 'json') {
            assert.equal(err.errors.length, 1);
            assert.equal(err.errors[0].code, 'server_error');
            assert.equal(err.errors[0].message, `upstream ${status}`);
            assert.equal(err.clerkTraceId, `trace_${status}`);
          } else {
            // A body that is not JSON carries no errors; the trace id comes from cf-ray.
            assert.deepEqual(err.errors, []);
            assert.equal(err.clerkTraceId, `ray_${status}`);
          }
        });
      }
    }
  }

  test('the default is 2 retries: a GET answered 503 forever is sent 3 times', T, async () => {
    srv.handle((req, sock) => json(sock, 503, clerkErrors('unavailable')));
    const r = await run(METHODS.GET);
    assertApiError(r, 503);
    assert.equal(srv.requests.length, 3);
  });

  test('the default is 2 retries: a DELETE answered 504 forever is sent 3 times', T, async () => {
    srv.handle((req, sock) => reply(sock, { status: 504, contentType: 'text/html', body: '<html>gateway timeout</html>' }));
    const r = await run(METHODS.DELETE);
    assertApiError(r, 504);
    assert.equal(srv.requests.length, 3);
  });

  test('a GET answered 502, then 503, then 200 succeeds on the third request', T, async () => {
    srv.handle((req, sock, n) => (n === 0 ? reply(sock, { status: 502, contentType: 'text/html', body: '<html/>' }) : n === 1 ? json(sock, 503, clerkErrors('x')) : json(sock, 200, userJson())));
    const r = await run(METHODS.GET);
    assert.ok(r.value instanceof sdk.User, String(r.error));
    assert.equal(srv.requests.length, 3);
  });

  test('a DELETE answered 503, then 200 succeeds (DeletedObject)', T, async () => {
    srv.handle((req, sock, n) => (n === 0 ? json(sock, 503, clerkErrors('x')) : json(sock, 200, fx.deleted('user', USER))));
    const r = await run(METHODS.DELETE);
    assert.ok(r.value instanceof sdk.DeletedObject, String(r.error));
    assert.equal(srv.requests.length, 2);
  });

  test('retried requests are identical (same path, query, key, body)', T, async () => {
    srv.handle((req, sock) => json(sock, 503, clerkErrors('x')));
    await run((c) => c.users.getUserList({ limit: 5, offset: 10, emailAddress: ['a@example.com'] }));
    assert.equal(srv.requests.length, 3);
    const shape = (q) => ({ method: q.method, target: q.target, auth: q.headers.authorization, body: q.body });
    assert.deepEqual(srv.requests.map(shape), Array(3).fill(shape(srv.requests[0])));
    assert.equal(srv.requests[0].headers.authorization, `Bearer ${KEY}`);
  });
});

describe('connection faults', () => {
  test('GET: connection reset before any answer byte is retried (3 requests), then fetch failed', T, async () => {
    srv.handle((req, sock) => reset(sock));
    const r = await run(METHODS.GET);
    assertFetchFailed(r);
    assert.equal(srv.requests.length, 3);
  });

  test('GET: a reset, then an answer: success on the second request', T, async () => {
    srv.handle((req, sock, n) => (n === 0 ? reset(sock) : json(sock, 200, userJson())));
    const r = await run(METHODS.GET);
    assert.ok(r.value instanceof sdk.User, String(r.error));
    assert.equal(srv.requests.length, 2);
  });

  test('DELETE: connection reset before any answer byte is retried', T, async () => {
    srv.handle((req, sock) => reset(sock));
    const r = await run(METHODS.DELETE, { maxRetries: 1 });
    assertFetchFailed(r);
    assert.equal(srv.requests.length, 2);
  });

  for (const method of ['POST', 'PATCH']) {
    test(`${method}: connection reset before any answer byte is NOT retried`, T, async () => {
      srv.handle((req, sock) => reset(sock));
      const r = await run(METHODS[method]);
      assertFetchFailed(r);
      assert.equal(srv.requests.length, 1);
    });
  }

  test('GET: connection closed (FIN) without an answer is retried like a reset', T, async () => {
    srv.handle((req, sock) => sock.end());
    const r = await run(METHODS.GET, { maxRetries: 1 });
    assertFetchFailed(r);
    assert.equal(srv.requests.length, 2);
  });

  test('GET: garbage instead of an HTTP answer counts as a connection failure (retried); POST is not', T, async () => {
    srv.handle((req, sock) => {
      sock.write('HELLO, THIS IS NOT HTTP\r\n\r\n');
      sock.end();
    });
    assertFetchFailed(await run(METHODS.GET, { maxRetries: 1 }));
    assert.equal(srv.requests.length, 2);
    srv.reset();
    assertFetchFailed(await run(METHODS.POST, { maxRetries: 1 }));
    assert.equal(srv.requests.length, 1);
  });

  test('GET: a 1 MB response header: fetch failed, no crash', T, async () => {
    srv.handle((req, sock) => sock.write(`HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(1 << 20)}\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}`));
    assertFetchFailed(await run(METHODS.GET, { maxRetries: 0 }));
    assert.equal(srv.requests.length, 1);
  });

  test('GET: the server closes (FIN) in the middle of the body: unexpected_error, not retried', T, async () => {
    srv.handle((req, sock) => {
      sock.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"object":"user",');
      sock.end();
    });
    assertUnexpected(await run(METHODS.GET));
    assert.equal(srv.requests.length, 1);
  });

  test('GET: connection refused: fetch failed, cause names the refusal, no hang', T, async () => {
    const probe = net.createServer();
    await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = probe.address().port;
    await new Promise((resolve) => probe.close(resolve));
    const started = Date.now();
    const r = await within(GUARD, outcome(() => sdk.createClerkClient({ secretKey: KEY, apiUrl: `http://127.0.0.1:${port}`, maxRetries: 1 }).users.getUser(USER)));
    const err = assertFetchFailed(r);
    assert.match(err.cause.message, /refused/i);
    assert.ok(Date.now() - started < 3000);
  });

  for (const method of ['GET', 'DELETE', 'POST']) {
    test(`${method}: reset in the middle of the body is not retried: unexpected_error`, T, async () => {
      srv.handle((req, sock) => {
        sock.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n{"object":"user","id":"user_');
        setTimeout(() => reset(sock), 30);
      });
      const r = await run(METHODS[method]);
      const err = assertUnexpected(r);
      assert.notEqual(err.errors[0].message, '');
      assert.equal(srv.requests.length, 1);
    });
  }

  test('GET: a body that never ends (timeoutMs: 300): the error names the timeout, not retried', T, async () => {
    srv.handle((req, sock) => {
      sock.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{"object":"user",');
      const drip = setInterval(() => (sock.destroyed ? clearInterval(drip) : sock.write(' ')), 50);
      sock.on('close', () => clearInterval(drip));
    });
    const r = await run(METHODS.GET, { timeoutMs: 300 });
    const err = assertUnexpected(r, /timeoutMs/);
    assert.match(err.errors[0].message, /CLERK_TIMEOUT_MS/);
    assert.match(err.errors[0].message, /300/);
    assert.equal(srv.requests.length, 1);
    assert.ok(r.ms >= 280 && r.ms < 2000, `rejected after ${r.ms} ms`);
  });

  test('GET: a server that accepts and never answers (timeoutMs: 300): timeout error, 1 request', T, async () => {
    srv.handle(() => {});
    const r = await run(METHODS.GET, { timeoutMs: 300 });
    const err = assertUnexpected(r, /timeoutMs/);
    assert.match(err.errors[0].message, /CLERK_TIMEOUT_MS/);
    assert.equal(srv.requests.length, 1);
    assert.ok(r.ms >= 280 && r.ms < 2000, `rejected after ${r.ms} ms`);
  });

  test('GET: answer headers that never end (one byte at a time): timeout error, 1 request', T, async () => {
    srv.handle((req, sock) => {
      sock.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-slow: ');
      const drip = setInterval(() => (sock.destroyed ? clearInterval(drip) : sock.write('a')), 20);
      sock.on('close', () => clearInterval(drip));
    });
    const r = await run(METHODS.GET, { timeoutMs: 300 });
    assertUnexpected(r, /timeoutMs/);
    assert.equal(srv.requests.length, 1);
    assert.ok(r.ms < 2000, `rejected after ${r.ms} ms`);
  });

  test('PATCH with a 2 MB body to a server that accepts and never reads: timeout error, no hang', T, async () => {
    const sockets = new Set();
    let connections = 0;
    const deaf = net.createServer((sock) => {
      connections++;
      sockets.add(sock);
      sock.pause(); // never reads: the client's writes fill the buffers and stall
      sock.on('error', () => {});
      sock.on('close', () => sockets.delete(sock));
    });
    await new Promise((resolve) => deaf.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const c = sdk.createClerkClient({ secretKey: KEY, apiUrl: `http://127.0.0.1:${deaf.address().port}`, timeoutMs: 300 });
      const r = await within(GUARD, outcome(() => c.users.updateUserMetadata(USER, { privateMetadata: { blob: 'x'.repeat(2 * 1024 * 1024) } })));
      const ms = Date.now() - started;
      assertUnexpected(r, /timeoutMs/);
      assert.equal(connections, 1, 'one connection, not retried');
      assert.ok(ms >= 280 && ms < 2000, `rejected after ${ms} ms`);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => deaf.close(resolve));
    }
  });

  test('POST: never answered, CLERK_TIMEOUT_MS=300 from the environment', T, async () => {
    srv.handle(() => {});
    process.env.CLERK_TIMEOUT_MS = '300';
    try {
      const r = await run(METHODS.POST);
      assertUnexpected(r, /timeoutMs|CLERK_TIMEOUT_MS/);
      assert.equal(srv.requests.length, 1);
      assert.ok(r.ms >= 280 && r.ms < 2000, `rejected after ${r.ms} ms`);
    } finally {
      delete process.env.CLERK_TIMEOUT_MS;
    }
  });

  test('GET: httpOptions.timeout: 300 is honoured', T, async () => {
    srv.handle(() => {});
    const r = await run(METHODS.GET, { httpOptions: { timeout: 300 } });
    assertUnexpected(r, /timeoutMs|CLERK_TIMEOUT_MS/);
    assert.equal(srv.requests.length, 1);
    assert.ok(r.ms < 2000);
  });

  test('truncated JSON with a JSON content-type: unexpected_error, not retried', T, async () => {
    srv.handle((req, sock) => reply(sock, { status: 200, contentType: 'application/json', body: '{"object":"user","id":"user_2abc","first_na' }));
    const r = await run(METHODS.GET);
    const err = assertUnexpected(r);
    assert.match(err.errors[0].message, /JSON/i);
    assert.equal(srv.requests.length, 1);
  });

  test('truncated JSON on a 503 answer: retried (the status decides), then an error', T, async () => {
    srv.handle((req, sock) => reply(sock, { status: 503, contentType: 'application/json', body: '{"errors":[{"code":' }));
    const r = await run(METHODS.GET, { maxRetries: 1 });
    assertApiError(r);
    assert.equal(srv.requests.length, 2);
  });

  test('a 2 MB JSON answer (getUserList of many users) is parsed entirely', T, async () => {
    const users = Array.from({ length: 750 }, (_, i) => fx.user(`user_big${String(i).padStart(4, '0')}`, { first: `First${i}` }));
    const body = JSON.stringify(users);
    assert.ok(body.length > 2 * 1024 * 1024, `${body.length} bytes`);
    srv.handle((req, sock) => {
      // Written in several chunks, as a real server would.
      const buf = Buffer.from(body);
      sock.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${buf.length}\r\n\r\n`);
      for (let i = 0; i < buf.length; i += 65536) sock.write(buf.subarray(i, i + 65536));
    });
    const r = await run((c) => c.users.getUserList({ limit: 500 }));
    assert.ok(Array.isArray(r.value), String(r.error));
    assert.equal(r.value.length, 750);
    assert.ok(r.value.every((u) => u instanceof sdk.User));
    assert.equal(r.value[0].id, 'user_big0000');
    assert.equal(r.value[749].id, 'user_big0749');
    assert.equal(r.value[749].firstName, 'First749');
    assert.equal(r.value[123].emailAddresses[0].emailAddress, 'ada@example.com');
    assert.equal(srv.requests.length, 1);
  });
});

describe('redirects: followed within the same origin only; the key never reaches another origin', () => {
  const carriesKey = (q) => Object.values(q.headers).some((v) => String(v).includes(KEY)) || q.body.includes(KEY) || q.target.includes(KEY);

  for (const [label, target] of [
    ['another port on 127.0.0.1', () => other],
    ['127.0.0.2 (another host)', () => other2],
  ]) {
    for (const [status, method] of [
      [302, 'GET'],
      [307, 'POST'],
      [301, 'DELETE'],
    ]) {
      test(`${status} on a ${method} to ${label}: not followed, the other server gets no request with the key`, T, async () => {
        const dest = target();
        srv.handle((req, sock) => reply(sock, { status, headers: { location: `${dest.url}/v1/users/${USER}` } }));
        const r = await run(METHODS[method]);
        assert.equal(srv.requests.length, 1);
        assert.equal(dest.requests.filter(carriesKey).length, 0, 'the secret key reached another origin');
        assert.equal(dest.requests.length, 0, 'a cross-origin redirect must not be followed');
        // Not followed: the redirect answer itself is what the caller sees (an API error).
        assertApiError(r, status);
      });
    }
  }

  test('a same-origin 302 is followed (with the key) and succeeds', T, async () => {
    srv.handle((req, sock, n) => (n === 0 ? reply(sock, { status: 302, headers: { location: `/v1/users/${USER}_moved` } }) : json(sock, 200, userJson())));
    const r = await run(METHODS.GET);
    assert.ok(r.value instanceof sdk.User, String(r.error));
    assert.equal(srv.requests.length, 2);
    assert.equal(srv.requests[1].path, `/v1/users/${USER}_moved`);
    assert.equal(srv.requests[1].headers.authorization, `Bearer ${KEY}`);
  });

  test('a same-origin redirect loop stops (no hang): 5 requests, then the 302', T, async () => {
    srv.handle((req, sock, n) => reply(sock, { status: 302, headers: { location: `/v1/users/loop${n}` } }));
    const r = await run(METHODS.GET);
    assertApiError(r, 302);
    assert.equal(srv.requests.length, 5);
  });

  test('a same-origin redirect that then points to another origin stops there', T, async () => {
    srv.handle((req, sock, n) => reply(sock, { status: 302, headers: { location: n === 0 ? '/v1/users/hop' : `${other.url}/v1/users/${USER}` } }));
    const r = await run(METHODS.GET);
    assertApiError(r, 302);
    assert.equal(srv.requests.length, 2);
    assert.equal(other.requests.length, 0);
  });
});

describe('retries can be turned off', () => {
  const FAULTS = {
    '503': (req, sock) => json(sock, 503, clerkErrors('unavailable')),
    '429 Retry-After: 1': (req, sock) => json(sock, 429, clerkErrors('too_many_requests'), { 'retry-after': '1' }),
    'reset': (req, sock) => reset(sock),
  };
  for (const [name, handler] of Object.entries(FAULTS)) {
    test(`maxRetries: 0 (${name}): one request, no wait`, T, async () => {
      srv.handle(handler);
      const r = await run(METHODS.GET, { maxRetries: 0 });
      assertApiError(r);
      assert.equal(srv.requests.length, 1);
      assert.ok(r.ms < 900, `took ${r.ms} ms`);
    });

    test(`CLERK_MAX_RETRIES=0 (${name}): one request, no wait`, T, async () => {
      srv.handle(handler);
      process.env.CLERK_MAX_RETRIES = '0';
      try {
        const r = await run(METHODS.DELETE);
        assertApiError(r);
        assert.equal(srv.requests.length, 1);
        assert.ok(r.ms < 900, `took ${r.ms} ms`);
      } finally {
        delete process.env.CLERK_MAX_RETRIES;
      }
    });
  }

  test('the maxRetries option wins over CLERK_MAX_RETRIES', T, async () => {
    srv.handle(FAULTS['503']);
    process.env.CLERK_MAX_RETRIES = '0';
    try {
      const r = await run(METHODS.GET, { maxRetries: 1 });
      assertApiError(r, 503);
      assert.equal(srv.requests.length, 2);
    } finally {
      delete process.env.CLERK_MAX_RETRIES;
    }
  });

  test('CLERK_MAX_RETRIES=1 limits the default client too', T, async () => {
    srv.handle(FAULTS['503']);
    process.env.CLERK_MAX_RETRIES = '1';
    process.env.CLERK_SECRET_KEY = KEY;
    process.env.CLERK_API_URL = srv.url;
    try {
      const r = await within(GUARD, outcome(() => sdk.users.getUser(USER)));
      assertApiError(r, 503);
      assert.equal(srv.requests.length, 2);
    } finally {
      delete process.env.CLERK_MAX_RETRIES;
      delete process.env.CLERK_SECRET_KEY;
      delete process.env.CLERK_API_URL;
    }
  });
});

describe('CLERK_LOGGING=true: one stderr line per attempt, retries included (child process)', () => {
  test('retried GET, failing GET, a non-retried POST and a timeout', T, async () => {
    srv.handle((req, sock) => {
      const n = srv.requests.filter((q) => q.path === req.path).length - 1; // attempts on this path so far
      if (req.path === '/v1/users/user_log1') return n < 2 ? json(sock, 503, clerkErrors('x'), { 'cf-ray': `ray_log_${n}` }) : json(sock, 200, fx.user('user_log1'));
      if (req.path === '/v1/users/user_log2') return reset(sock);
      if (req.path === '/v1/users') return json(sock, 503, clerkErrors('x'));
      if (req.path === '/v1/users/user_log3') return undefined; // never answered
      return json(sock, 404, clerkErrors('resource_not_found'));
    });
    const code = `
      import { createRequire } from 'node:module';
      const require = createRequire(${JSON.stringify(INDEX)});
      const { users, createClerkClient } = require(${JSON.stringify(INDEX)});
      const out = [];
      const settle = async (p) => { try { await p; out.push('ok'); } catch (e) { out.push(String(e.status) + ':' + (e.errors?.[0]?.code ?? '')); } };
      await settle(users.getUser('user_log1'));                  // 503, 503, 200
      await settle(createClerkClient({ maxRetries: 1 }).users.getUser('user_log2')); // reset, reset
      await settle(users.createUser({ firstName: 'x' }));       // 503 once (POST)
      await settle(createClerkClient({ timeoutMs: 200 }).users.getUser('user_log3')); // timeout
      console.log('RESULTS ' + JSON.stringify(out));
    `;
    const res = await runChild(code, { env: { CLERK_LOGGING: 'true', CLERK_SECRET_KEY: KEY, CLERK_API_URL: srv.url }, timeoutMs: 20000 });
    assert.equal(res.code, 0, describeChild(res));
    assert.match(res.stdout, /RESULTS \["ok","[^"]*:unexpected_error","503:x","[^"]*:unexpected_error"\]/, describeChild(res));
    const lines = res.stderr.split('\n').filter((l) => l.startsWith('[clerk]'));
    const apiLines = lines.filter((l) => /\b(GET|POST|DELETE|PATCH|PUT) \//.test(l));
    const on = (path) => apiLines.filter((l) => l.includes(`${path} `) || l.endsWith(path));
    assert.equal(on('/v1/users/user_log1').length, 3, describeChild(res));
    assert.equal(on('/v1/users/user_log2').length, 2, describeChild(res));
    assert.equal(apiLines.filter((l) => /POST \/v1\/users\b/.test(l)).length, 1, describeChild(res));
    assert.equal(on('/v1/users/user_log3').length, 1, describeChild(res));
    assert.equal(apiLines.length, 7, describeChild(res));
    // The retries are marked, statuses and trace ids shown.
    const log1 = on('/v1/users/user_log1');
    assert.match(log1[0], /503/);
    assert.match(log1[0], /ray_log_0/);
    assert.match(log1[1], /retry 1/);
    assert.match(log1[2], /retry 2/);
    assert.match(log1[2], /200/);
    assert.match(on('/v1/users/user_log3')[0], /timeout/i);
    // Server-side counts agree with the log.
    assert.equal(srv.requests.filter((q) => q.path === '/v1/users/user_log1').length, 3);
    assert.equal(srv.requests.filter((q) => q.path === '/v1/users/user_log2').length, 2);
    assert.equal(srv.requests.filter((q) => q.path === '/v1/users').length, 1);
    assert.equal(srv.requests.filter((q) => q.path === '/v1/users/user_log3').length, 1);
    assert.ok(!res.stderr.includes(KEY) && !res.stdout.includes(KEY), 'the key was logged');
  });
});
