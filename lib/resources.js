'use strict';
// The v4 resource classes, generated from the Rust schema (src/resources/), which is the
// one place that decides fields, order and defaults. Rust shapes BAPI JSON; this file
// only gives the shaped objects their classes.
const native = require('./native');
const { deprecated } = require('./deprecated');

const schema = JSON.parse(native.resourceSchema());
const classes = Object.create(null); // name -> class
const hydrators = Object.create(null); // name -> (shaped object) => instance

const DEFAULTS = { object: '{}', null: 'null', listOrEmpty: '[]' };

for (const { name, fields } of schema) {
  const slots = {};
  const params = fields.map((_, i) => `a${i}`);
  const body = fields
    .map(([js, kind], i) => {
      const value = DEFAULTS[kind] ? `a${i} === undefined ? ${DEFAULTS[kind]} : a${i}` : kind === 'url' ? `a${i} === undefined ? null : a${i}` : `a${i}`;
      // S8: a deprecated accessor keeps each instance's own value, out of sight of
      // Object.keys and JSON.stringify.
      if (kind === 'deprecated') return `Object.defineProperty(this, slots[${JSON.stringify(js)}], { value: ${value}, writable: true, configurable: true });`;
      return `this[${JSON.stringify(js)}] = ${value};`;
    })
    .join('\n');
  for (const [js, kind] of fields) if (kind === 'deprecated') slots[js] = Symbol(js);
  const Cls = new Function('slots', 'shape', `
    return class ${name} {
      constructor(${params.join(', ')}) {
        ${body}
      }
      static fromJSON(data) {
        return shape(${JSON.stringify(name)}, data);
      }
    };`)(slots, fromJSON);
  for (const [js, kind, advice] of fields) {
    if (kind !== 'deprecated') continue;
    const slot = slots[js];
    Object.defineProperty(Cls.prototype, js, {
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
  classes[name] = Cls;
}

// Rust has already checked that the value parses; WHATWG may still disagree on an odd one.
function toUrl(v) {
  try {
    return new URL(v);
  } catch {
    return null;
  }
}

// One hydrator per class: `new X(o[0], o[1], ...)` from the shaped array (src/resources/
// shape.rs: the fields' values in order, then the positions the answer did not have,
// which are undefined), with nested resources hydrated first.
for (const { name, fields } of schema) {
  const args = fields.map(([, kind, nested], i) => {
    const v = `o[${i}]`;
    switch (kind) {
      case 'resource':
        return `(${v} && typeof ${v} === 'object' ? h[${JSON.stringify(nested)}](${v}) : ${v})`;
      case 'list':
      case 'listOrEmpty':
        return `(Array.isArray(${v}) ? ${v}.map(h[${JSON.stringify(nested)}]) : ${v})`;
      case 'url':
        return `(${v} ? toUrl(${v}) : ${v})`;
      default:
        return v;
    }
  });
  hydrators[name] = new Function(
    'C',
    'h',
    'toUrl',
    `return function hydrate${name}(o) {
      const missing = o[${fields.length}];
      if (missing !== 0) for (let k = 0; k < missing.length; k++) o[missing[k]] = undefined;
      return new C(${args.join(', ')});
    };`,
  )(classes[name], hydrators, toUrl);
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
