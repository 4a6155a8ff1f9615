'use strict';
// Clients: the `Clerk()` / `createClerkClient()` factory, the live option accessors (D3),
// `__unstable_options`, and the lazy default singleton with the documented setters.
const native = require('./native');
const { apiClasses, NATIVE, givenOptions } = require('./api');
const { deprecated } = require('./deprecated');
const { EnvClient } = require('./env');

// The options a client takes, declared once in Rust (src/config.rs OPTIONS): live ones
// (strings, numbers, httpOptions) have setters; build-time ones are given to the factory.
const TABLE = require('./generated/contract').OPTIONS;
const ofKind = (kind) => TABLE.filter((o) => o.kind === kind).map((o) => o.name);
const STRING_OPTIONS = ofKind('text');
const NUMBER_OPTIONS = ofKind('number');
const BUILD_TIME_OPTIONS = ofKind('buildtime');
const LIVE_OPTIONS = new Set([...STRING_OPTIONS, ...NUMBER_OPTIONS, ...ofKind('http')]);
const OPTIONS = Symbol('clerk.options');
const SECRET_OPTIONS = ['secretKey', 'apiKey', 'jwtKey'];
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

// What inspecting, logging or serializing a client's options shows: never a key.
function redacted(opts) {
  const out = {};
  for (const name of Object.keys(opts)) out[name] = SECRET_OPTIONS.includes(name) && opts[name] ? '[redacted]' : opts[name];
  return out;
}

// Hidden members that make `util.inspect` (showHidden and getters included), console.log
// and JSON.stringify of `target` show `redacted(source())` instead of the keys.
function hideKeys(target, source) {
  const show = () => redacted(source());
  Object.defineProperty(target, INSPECT, { value: show });
  Object.defineProperty(target, 'toJSON', { value: show });
  return target;
}

function checkString(name, value) {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw new TypeError(`Clerk option ${name} must be a string (got ${typeof value})`);
  }
  return value == null ? undefined : value;
}

function checkNumber(name, value) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !(value >= 0)) {
    throw new TypeError(`Clerk option ${name} must be a number >= 0 (got ${typeof value === 'number' ? value : typeof value})`);
  }
  return value;
}

// httpOptions is a fetch RequestInit: its headers (any HeadersInit) and our `timeout`.
function httpParts(httpOptions) {
  if (httpOptions === undefined || httpOptions === null) return { headers: undefined, timeout: undefined };
  if (typeof httpOptions !== 'object') throw new TypeError(`Clerk option httpOptions must be an object (got ${typeof httpOptions})`);
  const headers = httpOptions.headers == null ? undefined : [...new Headers(httpOptions.headers)];
  return { headers, timeout: checkNumber('httpOptions.timeout', httpOptions.timeout) };
}

function nativeOptions(opts) {
  const out = {};
  for (const name of STRING_OPTIONS) {
    const v = checkString(name, opts[name]);
    if (v !== undefined) out[name] = v;
  }
  for (const name of NUMBER_OPTIONS) {
    const v = checkNumber(name, opts[name]);
    if (v !== undefined) out[name] = v;
  }
  const { headers, timeout } = httpParts(opts.httpOptions);
  if (headers) out.httpHeaders = headers;
  if (timeout !== undefined) out.httpTimeoutMs = timeout;
  // Build-time defaults of authenticateRequest (plain values; v4 takes no functions here).
  for (const name of BUILD_TIME_OPTIONS) {
    if (typeof opts[name] === 'string' && opts[name] !== '') out[name] = opts[name];
  }
  for (const { name, kind } of TABLE) {
    if (kind === 'flag' && opts[name] === true) out[name] = true;
    if (kind === 'json' && opts[name] !== undefined && opts[name] !== null && opts[name] !== '') out[name] = JSON.stringify(opts[name]);
  }
  return out;
}

// Sets one live option on a client: the next request of every sub-API sees it. Callers
// pass only names of the table (an accessor, a setter, `__unstable_options`): any other
// is a bug of the shell.
function setOption(client, name, value) {
  const opts = client[OPTIONS];
  const n = client[NATIVE];
  if (name === 'serverApiUrl') name = 'apiUrl';
  if (!LIVE_OPTIONS.has(name)) throw new Error(`clerk-sdk-node-rs: internal error: ${JSON.stringify(name)} is not a live option of src/config.rs OPTIONS`);
  if (name === 'httpOptions') {
    const { headers, timeout } = httpParts(value);
    n.setHttpOptions(headers, timeout);
  } else if (NUMBER_OPTIONS.includes(name)) {
    n.setNumericOption(name, checkNumber(name, value));
  } else {
    n.setOption(name, checkString(name, value));
  }
  opts[name] = value;
}

// D3: assignable option properties on every client (non-enumerable, so the own keys of a
// client stay v4's). Reads give what the next request will use.
const ACCESSORS = ['secretKey', 'apiKey', 'apiUrl', 'serverApiUrl', 'apiVersion', 'httpOptions'];

function defineAccessors(client) {
  for (const name of ACCESSORS) {
    Object.defineProperty(client, name, {
      get() {
        if (name === 'httpOptions') return client[OPTIONS].httpOptions;
        const v = client[NATIVE].getOption(name === 'serverApiUrl' ? 'apiUrl' : name);
        return v === null ? undefined : v;
      },
      set(v) {
        setOption(client, name, v);
      },
      enumerable: false,
      configurable: true,
    });
  }
}

// v4's deprecated `__unstable_options`: a live view of the options; writes reach the
// next request, as they did in 4.13.23.
function unstableOptions(client) {
  const view = hideKeys({}, () => client[OPTIONS]);
  for (const name of LIVE_OPTIONS) {
    Object.defineProperty(view, name, {
      get: () => client[OPTIONS][name],
      set: (v) => setOption(client, name, v),
      enumerable: true,
    });
  }
  return view;
}

// Extensions (authentication, middlewares) that later parts of the shell add to each
// client, in v4's property order.
const extensions = [];

function Clerk(options) {
  if (options !== undefined && options !== null && typeof options !== 'object') {
    throw new TypeError(`createClerkClient(options): options must be an object (got ${typeof options})`);
  }
  const opts = { ...options };
  // Every call that reads the environment reads process.env as it is then (D2).
  const nativeClient = new EnvClient(new native.NativeClient(nativeOptions(opts)));
  // apiKey and httpOptions warn at the first request (lib/api.js), as in v4.
  givenOptions.set(nativeClient, opts);
  const client = {};
  Object.defineProperty(client, NATIVE, { value: nativeClient });
  // A getter (util.inspect shows `[Getter]`) of options that show no key when reached.
  hideKeys(opts, () => opts);
  Object.defineProperty(client, OPTIONS, { get: () => opts });
  for (const [property, Api] of apiClasses) client[property] = new Api(nativeClient);
  for (const extend of extensions) extend(client, opts, 'api');
  let view;
  Object.defineProperty(client, '__unstable_options', {
    get() {
      deprecated('__unstable_options', 'Use `createClerkClient({...})` to create a new clerk instance instead.');
      return (view ??= unstableOptions(client));
    },
    set() {},
    enumerable: true,
    configurable: true,
  });
  for (const extend of extensions) extend(client, opts, 'sdk');
  defineAccessors(client);
  // util.inspect shows the enumerable members only (as for v4's client), never the live
  // key accessors, even with `showHidden` and `getters`.
  Object.defineProperty(client, INSPECT, {
    value: () => {
      const shown = {};
      for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(client))) if (d.enumerable) Object.defineProperty(shown, k, d);
      return shown;
    },
  });
  return client;
}

const createClerkClient = Clerk;

// The default client: created at first use, reading the environment at each request
// (so a `.env` loaded after the import works), and never replaced, so the named sub-API
// exports stay bound to it (D3).
let singleton;
function defaultClient() {
  return (singleton ??= Clerk({ userAgent: '@clerk/clerk-sdk-node' }));
}

const SETTABLE = new Set(ACCESSORS);
// v4's Proxy over an empty object: no own keys, writes other than the options rejected.
const clerkClient = new Proxy(
  {},
  {
    get(_target, property) {
      return defaultClient()[property];
    },
    set(_target, property, value) {
      if (!SETTABLE.has(property)) return false;
      defaultClient()[property] = value;
      return true;
    },
  },
);

const setClerkSecretKey = (value) => setOption(defaultClient(), 'secretKey', value);
// v4's setters write through `clerkClient.__unstable_options`, whose getter warns.
const setThroughUnstableOptions = (name) => (value) => {
  deprecated('__unstable_options', 'Use `createClerkClient({...})` to create a new clerk instance instead.');
  setOption(defaultClient(), name, value);
};
const setClerkApiKey = setThroughUnstableOptions('apiKey');
const setClerkServerApiUrl = setThroughUnstableOptions('apiUrl');
const setClerkApiVersion = setThroughUnstableOptions('apiVersion');
const setClerkHttpOptions = setThroughUnstableOptions('httpOptions');

module.exports = {
  Clerk,
  createClerkClient,
  clerkClient,
  defaultClient,
  extensions,
  setClerkSecretKey,
  setClerkApiKey,
  setClerkServerApiUrl,
  setClerkApiVersion,
  setClerkHttpOptions,
  NATIVE,
  OPTIONS,
};

// Authentication and middleware members of every client (they need this module first).
require('./clientAuth');
