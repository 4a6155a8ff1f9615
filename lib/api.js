'use strict';
// The 14 sub-API classes (UserAPI, SessionAPI, ...), generated from the Rust endpoint
// tables (src/endpoints/). Each method sends its arguments to Rust as one JSON string and
// decodes the one string that comes back.
const native = require('./native');
const { deprecated, pending } = require('./deprecated');
const { decode } = require('./envelope');

const NATIVE = Symbol('clerk.native');
const table = JSON.parse(native.endpointTable());

function define(proto, name, fn) {
  Object.defineProperty(fn, 'name', { value: name });
  Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true, enumerable: false });
}

// The arguments for the native side: the text of JSON.stringify, and beside it (out of
// band, so that no caller string or key can ever be read as one) what JSON cannot say:
// `[[index, kind, text], ...]`, `index` counting the values in the order the replacer sees
// them (the text's document order). Kinds (src/endpoints/args.rs): 0 undefined, 1 a hole
// of a sparse array, 2 a Date (text: String(date); the JSON is its toJSON()), 3 a function
// or symbol (left out as JSON leaves it out), 4 NaN/±Infinity (text: String(n)).
// BigInt and circular values throw the TypeError JSON.stringify throws. The state is
// saved around each use: a getter or toJSON may call the SDK while its arguments are read.
let count = 0;
let marks;
let lastMarks; // the marks of the last `encode`, read right after it returns
function markingReplacer(key, v) {
  const i = count++;
  switch (typeof v) {
    case 'undefined':
      (marks ??= []).push([i, Array.isArray(this) && !(key in this) ? 1 : 0, '']);
      return null;
    case 'function':
    case 'symbol':
      (marks ??= []).push([i, 3, '']);
      return null;
    case 'number':
      if (v - v !== 0) (marks ??= []).push([i, 4, String(v)]);
      return v;
    case 'string':
      // A Date's toJSON() is a string (null when invalid): only then can it be one.
      if (this[key] instanceof Date) (marks ??= []).push([i, 2, String(this[key])]);
      return v;
    case 'object':
      if (v === null && this[key] instanceof Date) (marks ??= []).push([i, 2, String(this[key])]);
      return v;
    default:
      return v;
  }
}
function encode(value) {
  const savedCount = count;
  const savedMarks = marks;
  count = 0;
  marks = undefined;
  try {
    const json = JSON.stringify(value, markingReplacer);
    lastMarks = marks === undefined ? undefined : JSON.stringify(marks);
    return json;
  } finally {
    count = savedCount;
    marks = savedMarks;
  }
}

// The bytes, file name and type of what v4 would append as the form's `file` part.
async function filePart(file, method) {
  if (file instanceof Blob) {
    const name = typeof file.name === 'string' && file.name ? file.name : 'blob';
    return [Buffer.from(await file.arrayBuffer()), name, file.type || 'application/octet-stream'];
  }
  if (Buffer.isBuffer(file) || file instanceof Uint8Array) return [Buffer.from(file.buffer, file.byteOffset, file.byteLength), 'blob', 'application/octet-stream'];
  if (file instanceof ArrayBuffer) return [Buffer.from(file), 'blob', 'application/octet-stream'];
  throw new TypeError(`${method}: params.file must be a Blob, File, Buffer, Uint8Array or ArrayBuffer (got ${file === null ? 'null' : typeof file})`);
}

// Each client's options as given, by its native client (filled by lib/client.js).
const givenOptions = new WeakMap();

// v4 warns of the deprecated apiKey and httpOptions when a request is made with them
// (not when the client is built): the first request of a client that has them.
function warnAtRequest(n) {
  if (pending('apiKey') && n.getOption('apiKey')) deprecated('apiKey', 'Use `secretKey` instead.');
  if (pending('httpOptions') && (givenOptions.get(n) || {}).httpOptions) {
    deprecated('httpOptions', 'This option has been deprecated and will be removed with the next major release.\nA RequestInit init object used by the `request` method.');
  }
}

function makeMethod(name, index, multipartArg, depName, depAdvice) {
  if (multipartArg >= 0) {
    return async function (...args) {
      if (depName) deprecated(depName, depAdvice);
      const params = args[multipartArg];
      let part;
      let fileError;
      try {
        part = await filePart(params == null ? undefined : params.file, name);
      } catch (err) {
        part = [undefined, 'blob', 'application/octet-stream'];
        fileError = err.message;
      }
      const file = { bytes: part[0], filename: part[1], contentType: part[2], error: fileError };
      warnAtRequest(this[NATIVE]);
      const json = encode(args);
      return decode(await this[NATIVE].callMultipart(index, json, lastMarks, file));
    };
  }
  return async function (...args) {
    if (depName) deprecated(depName, depAdvice);
    warnAtRequest(this[NATIVE]);
    return decode(await this[NATIVE].call(index, encode(args), lastMarks));
  };
}

// A3: `iterateX(params)` yields the resources of every page of list method X, paging
// with limit/offset until a short page; breaking out of the loop stops the paging.
const MAX_PAGE = 500; // the Backend API's largest limit
function makeIterator(name, index, depName, depAdvice) {
  return async function* (...args) {
    if (depName) deprecated(depName, depAdvice);
    const params = args[0] && typeof args[0] === 'object' ? args[0] : {};
    const limit = Math.min(Math.max(Math.trunc(Number(params.limit)) || 100, 1), MAX_PAGE);
    let offset = Math.max(Math.trunc(Number(params.offset)) || 0, 0);
    const json = encode(args);
    const marks = lastMarks;
    for (;;) {
      warnAtRequest(this[NATIVE]);
      const page = decode(await this[NATIVE].callPage(index, json, marks, limit, offset));
      if (!Array.isArray(page)) throw new TypeError(`${name}: the Backend API did not answer a list`);
      yield* page;
      if (page.length < limit) return;
      offset += page.length;
    }
  };
}

// v4's raw request function, the own `request` of every sub-API object:
// `request({ method, path, queryParams, bodyParams })`, resolving like the methods.
function rawRequest(nativeClient) {
  return async function request(requestOptions) {
    const { method, path, queryParams, bodyParams, formData } = requestOptions;
    if (formData !== undefined) {
      throw new TypeError('request(): formData is not supported; use updateUserProfileImage or updateOrganizationLogo');
    }
    warnAtRequest(nativeClient);
    const json = encode([queryParams, bodyParams]);
    return decode(await nativeClient.request(String(method), String(path ?? ''), json, lastMarks));
  };
}

// v4's AbstractAPI: the prototype every sub-API class extends.
class AbstractAPI {
  requireId(id) {
    if (!id) throw new Error('A valid resource ID is required.');
  }
}

// property -> class, in v4's order of client properties.
const apiClasses = table.map(({ property, className, methods }) => {
  const Cls = { [className]: class extends AbstractAPI {
    constructor(nativeClient) {
      super();
      Object.defineProperty(this, NATIVE, { value: nativeClient });
      this.request = rawRequest(nativeClient);
    }
  } }[className];
  for (const [name, index, multipartArg, depName, depAdvice, twin] of methods) {
    define(Cls.prototype, name, makeMethod(name, index, multipartArg, depName, depAdvice));
    if (twin) define(Cls.prototype, twin, makeIterator(twin, index, depName, depAdvice));
  }
  return [property, Cls];
});

module.exports = { apiClasses, NATIVE, givenOptions };
