// Differential helpers: run the same call on @clerk/clerk-sdk-node@4.13.23 (installed as
// `clerk-v4`) and on this package, and describe what each did in a form that
// assert.deepStrictEqual can compare.
import './setup.mjs';
import { createRequire } from 'node:module';
import * as v4 from 'clerk-v4';

const require = createRequire(import.meta.url);
/** The CommonJS main entry of this package (the module our tests call "ours"). */
export const ours = require('../../index.js');
export { v4 };

export const SECRET_KEY = 'sk_test_differentialTestsKey0123456789';

/** createClerkClient on both SDKs with the same options (plus `oursExtra` for ours only). */
export function clientsFor(url, options = {}, oursExtra = {}) {
  const opts = { secretKey: SECRET_KEY, apiUrl: url, ...options };
  return {
    v4: v4.createClerkClient({ ...opts }),
    ours: ours.createClerkClient({ ...opts, ...oursExtra }),
  };
}

/** Resolves to { value } or { error }; a synchronous throw counts as a rejection. */
export async function settle(fn) {
  try {
    return { value: await fn() };
  } catch (error) {
    return { error };
  }
}

/** The constructor name, without the one leading underscore of v4's esbuild class names. */
export function className(value) {
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return 'null-prototype';
  const name = proto.constructor?.name ?? '?';
  return name.startsWith('_') ? name.slice(1) : name;
}

/**
 * A structural description of a value: class names, own enumerable keys in order,
 * values recursively; URL objects by href; functions by name; errors by class, name,
 * message, own enumerable properties and toString().
 */
export function shape(value, seen = new Set()) {
  if (value === null || value === undefined) return value;
  const type = typeof value;
  if (type === 'function') return { $function: value.name };
  if (type !== 'object') return value;
  if (seen.has(value)) return { $circular: true };
  seen.add(value);
  try {
    if (value instanceof URL) return { $url: value.href };
    if (value instanceof Error) return shapeError(value, seen);
    if (Array.isArray(value)) return { $array: value.map((v) => shape(v, seen)) };
    const out = { $class: className(value), $keys: Object.keys(value) };
    for (const key of Object.keys(value)) out[key] = shape(value[key], seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

function shapeError(err, seen) {
  const out = {
    $error: className(err),
    name: err.name,
    message: err.message,
    isError: err instanceof Error,
    $keys: Object.keys(err),
  };
  for (const key of Object.keys(err)) {
    out[key] = key === 'toString' ? typeof err.toString : shape(err[key], seen);
  }
  if (typeof err.toString === 'function') out.$toString = err.toString();
  return out;
}

/** The description of a settled call. */
export function shapeOutcome(outcome) {
  return 'error' in outcome ? { rejected: shape(outcome.error) } : { resolved: shape(outcome.value) };
}

/**
 * Recorded requests with what legitimately differs taken out: the user-agent value
 * (only its presence is kept; the multipart boundary and header case are already
 * normalised by the recorder).
 */
export function normalizeRequests(requests) {
  return requests.map((r) => {
    const headers = { ...r.headers };
    if ('user-agent' in headers) headers['user-agent'] = '<present>';
    return { ...r, headers };
  });
}

/**
 * Calls `call(client)` on a v4 client, then on ours, against `bapi`; returns both
 * outcomes and the requests each one sent.
 *   options:     createClerkClient options for both (secretKey and apiUrl default to
 *                SECRET_KEY and bapi.url)
 *   oursOptions: extra options for our client only (maxRetries, timeoutMs, ...)
 */
export async function runBoth(bapi, call, { options = {}, oursOptions = {} } = {}) {
  const clients = clientsFor(bapi.url, options, oursOptions);
  bapi.take();
  const v4Outcome = await settle(() => call(clients.v4, v4));
  const v4Requests = bapi.take();
  const oursOutcome = await settle(() => call(clients.ours, ours));
  const oursRequests = bapi.take();
  return {
    v4: { outcome: v4Outcome, requests: v4Requests },
    ours: { outcome: oursOutcome, requests: oursRequests },
  };
}

/**
 * Asserts that ours sent the same requests as v4 and settled the same way, and returns
 * the run (for extra assertions).
 */
export async function assertSameAsV4(assert, bapi, call, opts) {
  const run = await runBoth(bapi, call, opts);
  deepStrictEqualAnyDepth(assert, normalizeRequests(run.ours.requests), normalizeRequests(run.v4.requests), 'requests differ from v4');
  deepStrictEqualAnyDepth(assert, shapeOutcome(run.ours.outcome), shapeOutcome(run.v4.outcome), 'result differs from v4');
  return run;
}

/**
 * assert.deepStrictEqual, but for values nested deeper than node's own comparison can
 * recurse (its stack runs out at about 2,000 levels on some Node 22 releases): those are
 * compared by an explicit walk of prototypes, own keys and primitive values.
 */
export function deepStrictEqualAnyDepth(assert, actual, expected, message) {
  try {
    assert.deepStrictEqual(actual, expected, message);
    return;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
  }
  const pending = [[actual, expected, 0, '$']];
  while (pending.length) {
    const [a, b, depth, key] = pending.pop();
    const path = `key ${key}, ${depth} levels down`;
    if (Object.is(a, b)) continue;
    const objects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object';
    assert.ok(objects && Object.getPrototypeOf(a) === Object.getPrototypeOf(b), `${message}: at ${path}`);
    const keys = Reflect.ownKeys(a);
    assert.deepStrictEqual(keys, Reflect.ownKeys(b), `${message}: keys at ${path}`);
    for (const k of keys) pending.push([a[k], b[k], depth + 1, String(k)]);
  }
}
