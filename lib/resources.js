'use strict';
// The v4 resource classes. Their constructors and hydrators are generated from the Rust
// schema (src/resources/), which is the one place that decides fields, order and
// defaults, into the checked-in lib/generated/resources.js (no code is built from
// strings at run time). Rust shapes BAPI JSON; this file only gives the shaped objects
// their classes.
const native = require('./native');
const { deprecated } = require('./deprecated');
const define = require('./generated/resources');

const schema = JSON.parse(native.resourceSchema());

// S8: a deprecated field keeps each instance's own value under a symbol, out of sight of
// Object.keys and JSON.stringify; the accessor on the prototype warns once.
const slots = Object.create(null); // class name -> field -> symbol
for (const { name, fields } of schema) {
  slots[name] = Object.create(null);
  for (const [js, kind] of fields) if (kind === 'deprecated') slots[name][js] = Symbol(js);
}

// Rust has already checked that the value parses; WHATWG may still disagree on an odd one.
function toUrl(v) {
  try {
    return new URL(v);
  } catch {
    return null;
  }
}

const { classes, hydrators } = define(fromJSON, slots, toUrl);

for (const { name, fields } of schema) {
  for (const [js, kind, advice] of fields) {
    if (kind !== 'deprecated') continue;
    const slot = slots[name][js];
    Object.defineProperty(classes[name].prototype, js, {
      get() {
        deprecated(js, advice, `${name}:${js}`);
        return this[slot];
      },
      set(v) {
        Object.defineProperty(this, slot, { value: v, writable: true, configurable: true });
      },
      configurable: true,
    });
  }
}

// `X.fromJSON(json)`: shaped by Rust exactly as the API path shapes it.
function fromJSON(name, data) {
  if (data === undefined || data === null) {
    throw new TypeError(`Cannot read properties of ${data} (reading '${schema.find((c) => c.name === name).fields[0][0]}')`);
  }
  // Symbols and functions have no JSON: v4 reads undefined from each of their fields.
  const shaped = native.shapeResource(name, JSON.stringify(data) ?? '{}');
  if (shaped.charCodeAt(0) === 89) throw new TypeError(shaped.slice(1)); // Y
  return hydrators[name](JSON.parse(shaped));
}

// A top-level `[tag, value]` item of a native envelope.
function item(pair) {
  const tag = pair[0];
  return tag === '' || tag === '#' ? pair[1] : hydrators[tag](pair[1]);
}

const exported = Object.fromEntries(schema.filter((c) => c.exported).map((c) => [c.name, classes[c.name]]));

module.exports = { classes, exported, item };
