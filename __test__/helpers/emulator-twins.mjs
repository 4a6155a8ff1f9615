// Helpers of emulator-differential.test.mjs: two emulators started from one seed (so
// both have the same keys and hand out the same ids in the same order), a v4 client on
// one and a client of ours on the other, the same user flow run on each, and a
// comparable description of every step's outcome.
import './setup.mjs';
import { startEmulator } from '../../emulator.mjs';
import { ours, v4, className, settle } from './diff.mjs';

export { ours, v4 };

/**
 * Starts an emulator, takes its state right away as the seed of a second one, and
 * returns both: `v4` serves the v4 client, `ours` serves ours.
 */
export async function startTwins() {
  const first = await startEmulator();
  const seed = first.data();
  let second;
  try {
    second = await startEmulator({ seed });
  } catch (err) {
    await first.stop();
    throw err;
  }
  return {
    v4: first,
    ours: second,
    stop: () => Promise.all([first.stop(), second.stop()]),
  };
}

/** createClerkClient of the given SDK module, pointed at `emu`. */
export function clientOf(sdk, emu) {
  return sdk.createClerkClient({ secretKey: emu.secretKey, apiUrl: emu.url });
}

/**
 * Runs `flow(clerk, step, { sdk, emu })` once with v4 against twins.v4 and once with
 * ours against twins.ours. `step(name, fn)` records fn's outcome (value or error) under
 * `name` and returns the value (undefined when it rejected), so a flow reads like user
 * code and a failing call does not stop the flow.
 * Resolves to { v4: Map(name -> outcome), ours: Map(name -> outcome) }.
 */
export async function runOnBoth(twins, flow) {
  const out = {};
  for (const [which, sdk] of [['v4', v4], ['ours', ours]]) {
    const emu = twins[which];
    const steps = new Map();
    const step = async (name, fn) => {
      if (steps.has(name)) throw new Error(`duplicate step name ${name}`);
      const outcome = await settle(fn);
      steps.set(name, outcome);
      return outcome.value;
    };
    await flow(clientOf(sdk, emu), step, { sdk, emu });
    out[which] = steps;
  }
  return out;
}

// Fields whose values are clock readings: they differ between the two emulators.
const TIME_KEY = /(_at|At)$/;
const CLAIM_TIME_KEYS = new Set(['iat', 'exp', 'nbf', 'auth_time']);

const EMULATOR_URL = /http:\/\/127\.0\.0\.1:\d+/g;

// A JWT anywhere in a string (a sign-in token, the ticket in its URL, a session token).
const JWT_IN_TEXT = /eyJ[\w-]*\.eyJ[\w-]*\.[\w-]+/g;

/**
 * Replaces clock readings (`created_at`, `updatedAt`, `iat`, ...) by '<time>', emulator
 * URLs' ports by '<port>', and every
 * JWT inside a string by its decoded header and claims, clock readings normalized (the
 * signature covers `iat`, so it differs whenever the two runs straddle a second).
 */
export function normalizeTimes(value) {
  if (typeof value === 'string') {
    // The twins listen on different ports, which their token issuers name.
    return value.replace(EMULATOR_URL, 'http://127.0.0.1:<port>').replace(JWT_IN_TEXT, (jwt) => {
      try {
        return `<jwt ${JSON.stringify(normalizeTimes(jwtClaims(jwt)))}>`;
      } catch {
        return jwt; // looks like a JWT but is not one: compared as it is
      }
    });
  }
  if (Array.isArray(value)) return value.map(normalizeTimes);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = typeof v === 'number' && (TIME_KEY.test(k) || CLAIM_TIME_KEYS.has(k)) ? '<time>' : normalizeTimes(v);
  }
  return out;
}

/** The class name of every object in a value, by path ("" is the root). */
export function classTree(value, path = '', out = {}) {
  if (value === null || typeof value !== 'object') return out;
  out[path || '.'] = Array.isArray(value) ? 'Array' : className(value);
  for (const [k, v] of Object.entries(value)) classTree(v, `${path}.${k}`, out);
  return out;
}

/** The payload of a JWT, decoded (no verification). */
export function jwtClaims(token) {
  if (typeof token !== 'string') throw new TypeError(`not a JWT: ${token}`);
  const [header, payload] = token.split('.');
  const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: decode(header), payload: decode(payload) };
}

/**
 * A comparable description of one outcome: resolved values as their JSON plus the class
 * name of every object in them; errors by class, message, status, errors[] (as JSON) and
 * whether a trace id came with them. Clock readings are normalized.
 */
export function describeOutcome(outcome) {
  if ('error' in outcome) {
    const err = outcome.error;
    if (!(err instanceof Error) || err.errors === undefined) {
      return { threw: { class: className(err), message: String(err?.message ?? err) } };
    }
    return {
      rejected: {
        class: className(err),
        message: err.message,
        status: err.status,
        errors: JSON.parse(JSON.stringify(err.errors)),
        // The trace id is random per answer; only its presence is compared.
        clerkTraceId: typeof err.clerkTraceId === 'string' && err.clerkTraceId.length > 0 ? '<present>' : err.clerkTraceId,
      },
    };
  }
  const value = outcome.value;
  if (value === undefined) return { resolved: undefined };
  return { resolved: { json: normalizeTimes(JSON.parse(JSON.stringify(value))), classes: classTree(value) } };
}

/** Short text of an outcome, for assertion messages. */
export function brief(outcome) {
  return JSON.stringify(describeOutcome(outcome)).slice(0, 800);
}

/**
 * Registers one subtest per step of the flow: ours must have settled like v4 (same
 * value, same classes, or the same error). Every step of v4's run must exist in ours.
 */
export async function assertSameSteps(t, assert, run) {
  assert.deepStrictEqual([...run.ours.keys()], [...run.v4.keys()], 'the two runs took different steps');
  for (const [name, v4Outcome] of run.v4) {
    await t.test(name, () => {
      assert.deepStrictEqual(describeOutcome(run.ours.get(name)), describeOutcome(v4Outcome));
    });
  }
}

/** The value v4 resolved to at `name`; fails with the error when it rejected. */
export function v4Value(assert, run, name) {
  const outcome = run.v4.get(name);
  assert.ok(outcome, `no step ${name}`);
  assert.ok('value' in outcome, `v4 step "${name}" rejected: ${brief(outcome)}`);
  return outcome.value;
}

/** The error v4 rejected with at `name`; fails when it resolved. */
export function v4Error(assert, run, name) {
  const outcome = run.v4.get(name);
  assert.ok(outcome, `no step ${name}`);
  assert.ok('error' in outcome, `v4 step "${name}" resolved: ${brief(outcome)}`);
  return outcome.error;
}
