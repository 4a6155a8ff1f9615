// Comparable descriptions of auth objects (req.auth, requestState.toAuth()) and of
// request states, shared by the auth differential tests and auth-app.mjs.

const CURRENT_DATE = /(Current date: )[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT/g;
const normalizeMessage = (m) => (typeof m === 'string' ? m.replace(CURRENT_DATE, '$1<now>') : m);

const encode = (v) => (v === undefined ? { $undefined: true } : v);

async function safe(fn) {
  try {
    return { value: encode(await fn()) };
  } catch (err) {
    return { error: String(err?.message ?? err) };
  }
}

export const DEBUG_KEYS = ['apiUrl', 'apiVersion', 'secretKey', 'jwtKey', 'apiKey', 'status', 'reason'];

/**
 * An auth object: own keys in order, every non-function value, typeof each function,
 * getToken() (and getToken({ template }) when asked), has(...) answers, and a few
 * debug() fields.
 */
export async function describeAuth(auth, { template } = {}) {
  if (auth === undefined) return { absent: true };
  if (auth === null) return { null: true };
  const out = { keys: Object.keys(auth), values: {}, types: {} };
  for (const key of Object.keys(auth)) {
    if (typeof auth[key] === 'function') out.types[key] = 'function';
    else out.values[key] = encode(auth[key]);
  }
  if ('claims' in auth) out.claimsIsSessionClaims = auth.claims === auth.sessionClaims;
  out.getToken = await safe(() => auth.getToken());
  if (template) out.template = await safe(() => auth.getToken({ template }));
  out.has = {
    role: await safe(() => auth.has({ role: 'org:admin' })),
    otherRole: await safe(() => auth.has({ role: 'org:member' })),
    permission: await safe(() => auth.has({ permission: 'org:posts:edit' })),
    otherPermission: await safe(() => auth.has({ permission: 'org:billing:manage' })),
    both: await safe(() => auth.has({ role: 'org:member', permission: 'org:posts:edit' })),
    none: await safe(() => auth.has({})),
  };
  const debug = typeof auth.debug === 'function' ? auth.debug() : {};
  out.debug = {};
  for (const key of DEBUG_KEYS) out.debug[key] = encode(debug[key]);
  out.debug.message = encode(normalizeMessage(debug.message));
  return out;
}

const STATE_FIELDS = [
  'status', 'reason', 'isSignedIn', 'isInterstitial', 'isUnknown', 'token', 'frontendApi', 'publishableKey',
  'proxyUrl', 'domain', 'isSatellite', 'signInUrl', 'signUpUrl', 'afterSignInUrl', 'afterSignUpUrl',
];

/** A RequestState of authenticateRequest, toAuth() included. */
export async function describeState(state, opts = {}) {
  const out = { keys: Object.keys(state) };
  for (const key of STATE_FIELDS) out[key] = encode(state[key]);
  out.message = encode(normalizeMessage(state.message));
  out.auth = await describeAuth(state.toAuth(), opts);
  return out;
}
