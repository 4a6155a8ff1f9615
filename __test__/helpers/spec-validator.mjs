// Response validation against the official Backend API spec (OpenAPI 3.0), with ajv.
//
// The spec is OpenAPI 3.0.3, which is not JSON Schema: `nullable: true` instead of a
// 'null' type, `$ref` siblings ignored, `discriminator`, `example`, `x-*` and friends. Every
// schema (components and inline) is converted to plain JSON Schema (draft-07) first:
//
//   * `nullable: true` on a typed schema adds 'null' to `type` (and to `enum`); on a
//     composition (oneOf/anyOf/allOf) or a `$ref` it becomes `anyOf: [{type:'null'}, …]`,
//     since a sibling type cannot widen what the composition accepts.
//   * `$ref: '#/components/schemas/X'` points into one ajv schema holding all components
//     (`bapi#/components/schemas/X`); other `$ref` siblings are dropped (OAS 3.0 ignores
//     them), except `nullable`.
//   * `discriminator`, `example(s)`, `xml`, `externalDocs`, `deprecated`, `readOnly`,
//     `writeOnly` and `x-*` are dropped (metadata; the spec's discriminated unions are
//     `oneOf`s whose branches are told apart by their own properties, so the `oneOf` stays).
//   * OAS formats are registered as real checks: int32/int64 integers (int32 in range),
//     float/double numbers, date-time (RFC 3339), email; `binary` accepts any string.
//
// One validator per (operation, status) is compiled on first use.
import fs from 'node:fs';
import * as yaml from 'js-yaml';
import AjvModule from 'ajv';

const Ajv = AjvModule.default ?? AjvModule;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];
const DROPPED = new Set(['nullable', 'discriminator', 'example', 'examples', 'xml', 'externalDocs', 'deprecated', 'readOnly', 'writeOnly']);
// Keywords whose value is data or a list of names, not a schema: copied as is.
const VERBATIM = new Set(['enum', 'const', 'default', 'required', 'type', 'format', 'pattern', 'title', 'description']);
// Keywords whose value is a map of name -> schema: keys are names (may be "example", "x-…").
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependencies']);

const COMPONENTS_ID = 'bapi';

function rewriteRef(ref) {
  if (ref.startsWith('#/components/schemas/')) return `${COMPONENTS_ID}${ref}`;
  throw new Error(`unsupported $ref in a schema: ${ref}`);
}

const withNull = (schema) => ({ anyOf: [{ type: 'null' }, schema] });

/** Converts one OpenAPI 3.0 schema object to a JSON Schema (draft-07) for ajv. */
export function toJsonSchema(schema) {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  if (typeof schema.$ref === 'string') {
    const ref = { $ref: rewriteRef(schema.$ref) };
    return schema.nullable === true ? withNull(ref) : ref;
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (VERBATIM.has(key)) out[key] = value;
    else if (SCHEMA_MAPS.has(key) && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, Array.isArray(sub) ? sub : toJsonSchema(sub)]));
    } else out[key] = toJsonSchema(value);
  }
  // OAS 3.0 (draft-04 style) boolean exclusiveMinimum/Maximum.
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']]) {
    if (typeof out[flag] === 'boolean') {
      if (out[flag] && typeof out[bound] === 'number') {
        out[flag] = out[bound];
        delete out[bound];
      } else delete out[flag];
    }
  }
  if (schema.nullable === true) {
    if (out.oneOf || out.anyOf || out.allOf || out.not) return withNull(out);
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

const INT32 = 2 ** 31;
const FORMATS = {
  int32: { type: 'number', validate: (n) => Number.isInteger(n) && n >= -INT32 && n < INT32 },
  int64: { type: 'number', validate: (n) => Number.isInteger(n) },
  float: { type: 'number', validate: () => true },
  double: { type: 'number', validate: () => true },
  binary: { type: 'string', validate: () => true },
  byte: { type: 'string', validate: (s) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) },
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  email: /^[^\s@]+@[^\s@]+$/,
  uri: /^[a-z][a-z0-9+.-]*:\S*$/i,
  url: /^[a-z][a-z0-9+.-]*:\S*$/i,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

function segmentsOf(p) {
  return p.split('/').filter((s, i) => i > 0 || s !== '');
}

const isParam = (seg) => /^\{[^}]+\}$/.test(seg);

/** Value at a JSON pointer (ajv's instancePath), or undefined. */
export function atPointer(value, pointer) {
  if (!pointer) return value;
  let v = value;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (v === null || typeof v !== 'object') return undefined;
    v = v[key];
  }
  return v;
}

function excerpt(value, max = 300) {
  let text;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  if (text === undefined) return 'undefined';
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

export class SpecValidator {
  /** `doc` is the parsed spec; `prefix` is the path prefix of the server URL (`/v1`). */
  constructor(doc, { prefix = '/v1' } = {}) {
    this.doc = doc;
    this.prefix = prefix;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, allowUnionTypes: true });
    for (const [name, format] of Object.entries(FORMATS)) this.ajv.addFormat(name, format);
    const schemas = Object.fromEntries(Object.entries(doc.components?.schemas ?? {}).map(([name, s]) => [name, toJsonSchema(s)]));
    this.ajv.addSchema({ $id: COMPONENTS_ID, components: { schemas } });
    this.operations = [];
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      for (const m of HTTP_METHODS) {
        if (item[m]) this.operations.push({ method: m.toUpperCase(), path: p, segments: segmentsOf(p), op: item[m] });
      }
    }
    this.cache = new Map();
  }

  static load(file, options) {
    return new SpecValidator(yaml.load(fs.readFileSync(file, 'utf8')), options);
  }

  /** The spec operation of a request: { method, path, op, name: "GET /users/{user_id}" } or undefined. */
  findOperation(method, pathname) {
    let p = pathname;
    if (this.prefix) {
      if (!(p === this.prefix || p.startsWith(`${this.prefix}/`))) return undefined;
      p = p.slice(this.prefix.length) || '/';
    }
    const segs = segmentsOf(p);
    const candidates = this.operations.filter(
      (o) => o.method === method.toUpperCase() && o.segments.length === segs.length && o.segments.every((s, i) => (isParam(s) ? segs[i].length > 0 : s === segs[i])),
    );
    // Literal segments beat parameters (`/users/count` over `/users/{user_id}`), leftmost first.
    const rank = (o) => o.segments.map((s) => (isParam(s) ? '1' : '0')).join('');
    candidates.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
    const best = candidates[0];
    return best && { ...best, name: `${best.method} ${best.path}` };
  }

  /** The operation of an SDK endpoint template (endpoints.json `http`, `path`), params named freely. */
  findTemplate(method, template) {
    const shape = (p) => p.replace(/\{[^}]+\}/g, '{}');
    const o = this.operations.find((x) => x.method === method.toUpperCase() && shape(x.path) === shape(template));
    return o && { ...o, name: `${o.method} ${o.path}` };
  }

  resolveResponse(response) {
    let r = response;
    const seen = new Set();
    while (r && typeof r.$ref === 'string') {
      if (seen.has(r.$ref)) throw new Error(`$ref loop at ${r.$ref}`);
      seen.add(r.$ref);
      const m = /^#\/components\/responses\/(.+)$/.exec(r.$ref);
      if (!m) throw new Error(`unsupported response $ref ${r.$ref}`);
      r = this.doc.components?.responses?.[m[1]];
    }
    return r;
  }

  /** Compiled validator for a JSON Schema made from an OAS schema (cached by key). */
  compile(key, oasSchema) {
    if (!this.cache.has(key)) this.cache.set(key, this.ajv.compile(toJsonSchema(oasSchema)));
    return this.cache.get(key);
  }

  /** ajv errors of `value` against component schema `name` (empty array: valid). */
  validateComponent(name, value) {
    if (!this.doc.components?.schemas?.[name]) throw new Error(`no component schema ${name}`);
    const validate = this.compile(`component:${name}`, { $ref: `#/components/schemas/${name}` });
    return validate(value) ? [] : [...validate.errors];
  }

  /**
   * Validates one exchange's response. `exchange` = { method, url, response: { status,
   * headers, body (Buffer|string) } }. Returns { operation, status, violations, checked }
   * where `checked` says what was validated: 'schema' | 'status-only' (the spec documents
   * the status without a body schema) | 'none'.
   */
  validateExchange(exchange) {
    const { method } = exchange;
    const pathname = new URL(exchange.url, 'http://x').pathname;
    const { status, headers = {}, body } = exchange.response;
    const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body ?? '');
    const found = this.findOperation(method, pathname);
    const result = { operation: found?.name ?? `${method} ${pathname}`, status, violations: [], checked: 'none', text };
    const violation = (kind, message, extra = {}) => result.violations.push({ kind, message, ...extra });
    if (!found) {
      violation('no-operation', `the spec has no operation ${method} ${pathname}`);
      return result;
    }
    const responses = found.op.responses ?? {};
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k]);
    if (!key) {
      violation('undocumented-status', `status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`);
      return result;
    }
    const response = this.resolveResponse(responses[key]);
    const content = response?.content ?? {};
    const mediaTypes = Object.keys(content);
    if (mediaTypes.length === 0) {
      result.checked = 'status-only';
      return result;
    }
    const mediaType = mediaTypes.find((t) => /json/i.test(t)) ?? mediaTypes[0];
    const contentType = String(headers['content-type'] ?? '');
    const base = (t) => t.split(';')[0].trim().toLowerCase();
    if (/json/i.test(mediaType) && !/json/i.test(base(contentType))) {
      violation('content-type', `content-type is ${JSON.stringify(contentType)}, the spec documents ${mediaType}`);
    }
    const schema = content[mediaType]?.schema;
    if (!schema) {
      result.checked = 'status-only';
      return result;
    }
    result.checked = 'schema';
    if (!/json/i.test(mediaType)) return result; // non-JSON bodies: content type only
    let value;
    try {
      value = JSON.parse(text);
    } catch (e) {
      violation('not-json', `the body is not JSON (${e.message})`);
      return result;
    }
    result.value = value;
    const validate = this.compile(`${found.name} ${key} ${mediaType}`, schema);
    if (!validate(value)) violation('schema', `the body does not match the ${key} schema`, { errors: [...validate.errors], value });
    return result;
  }
}

/** Human-readable lines for ajv errors, each with the offending value. */
export function formatAjvErrors(errors, value, max = 25) {
  // "must be null" from the anyOf [null, …] that stands for `nullable: true` says nothing
  // when the other branch failed too (that branch's errors follow).
  const shown = errors.filter((e) => !(e.keyword === 'type' && e.params?.type === 'null' && /anyOf\/0\/type$/.test(e.schemaPath)));
  const lines = shown.slice(0, max).map((e) => {
    const where = e.instancePath || '(root)';
    const params = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '';
    const actual = e.keyword === 'additionalProperties' || e.keyword === 'required' ? '' : ` — value: ${excerpt(atPointer(value, e.instancePath), 160)}`;
    return `      ${where} ${e.message}${params} [${e.schemaPath}]${actual}`;
  });
  if (shown.length > max) lines.push(`      … ${shown.length - max} more`);
  return lines.join('\n');
}

/** One readable block per violating result ({ label, operation, status, violations, text }). */
export function formatViolations(results) {
  return results
    .filter((r) => r.violations.length)
    .map((r) => {
      const parts = [`  ${r.label ? `${r.label}: ` : ''}${r.operation} -> ${r.status}`];
      for (const v of r.violations) {
        parts.push(`    [${v.kind}] ${v.message}`);
        if (v.errors) parts.push(formatAjvErrors(v.errors, v.value));
      }
      parts.push(`    body: ${excerpt(r.text, 600)}`);
      return parts.join('\n');
    })
    .join('\n');
}
