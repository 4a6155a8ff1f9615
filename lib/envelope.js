'use strict';
// Decodes the one string a native call resolves to (see src/client.rs): the first
// character says what follows.
const { item } = require('./resources');
const { apiError, unexpectedError } = require('./errors');

const R = 82; // a single item: [tag, value]
const L = 76; // a list of items
const T = 84; // raw text
const J = 74; // a JSON value
const U = 85; // undefined
const E = 69; // a ClerkAPIResponseError
const P = 80; // a plain Error, before any request
const Y = 89; // a TypeError, before any request

function decode(s) {
  switch (s.charCodeAt(0)) {
    case R:
      return hydrate(() => item(JSON.parse(s.slice(1))));
    case L:
      return hydrate(() => JSON.parse(s.slice(1)).map(item));
    case T:
      return s.slice(1);
    case J:
      return JSON.parse(s.slice(1));
    case U:
      return undefined;
    case E:
      throw apiError(JSON.parse(s.slice(1)));
    case P:
      throw new Error(s.slice(1));
    case Y:
      throw new TypeError(s.slice(1));
    default:
      throw new Error(`clerk-sdk-node-rs: unknown native answer ${JSON.stringify(s.slice(0, 1))}`);
  }
}

// v4 turns a resource constructor that throws on an odd answer into an unexpected_error.
function hydrate(fn) {
  try {
    return fn();
  } catch (err) {
    throw unexpectedError(err);
  }
}

module.exports = { decode };
