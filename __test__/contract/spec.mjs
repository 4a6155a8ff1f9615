// The official Backend API spec (2021-02-05), as the contract test serves it.
//
// The spec's servers entry is https://api.clerk.com/v1 and its paths have no /v1 prefix.
// Prism 5 routes on the request path alone (it only consults `servers` when a request
// carries a `__server` query parameter), so a copy with every path key prefixed by /v1 is
// written to a temp dir. The shared file is never modified.
//
// The transform is textual (no YAML dependency): in the top-level `paths:` block every
// path key sits at a two-space indent and starts with `/`. Anything else there makes
// `deriveSpec` throw, so a reformatted spec cannot silently produce a wrong copy.
import fs from 'node:fs';
import path from 'node:path';

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace']);

/** Splits the spec text into lines and returns [start, end) of the `paths:` block body. */
function pathsBlock(lines) {
  const start = lines.findIndex((l) => /^paths:\s*$/.test(l));
  if (start < 0) throw new Error('spec has no top-level `paths:` key');
  let end = start + 1;
  while (end < lines.length && !/^[^\s#]/.test(lines[end])) end++;
  return [start + 1, end];
}

/**
 * Writes `<destDir>/bapi-v1.yml`: the spec with `/v1` prepended to every path key and
 * `servers` pointing at `serverUrl` (informational; Prism does not route on it).
 * Returns { file, operations } where operations is a Set of "METHOD /v1/path/{param}".
 */
export function deriveSpec(srcFile, destDir, { prefix = '/v1', serverUrl } = {}) {
  const lines = fs.readFileSync(srcFile, 'utf8').split('\n');
  const [from, to] = pathsBlock(lines);
  const operations = new Set();
  let current = null;
  let pathKeys = 0;
  for (let i = from; i < to; i++) {
    const line = lines[i];
    const key = /^ {2}(\S[^:]*):(.*)$/.exec(line);
    if (key) {
      const p = key[1].replace(/^['"]|['"]$/g, '');
      if (!p.startsWith('/')) throw new Error(`unexpected key under paths: ${line}`);
      lines[i] = `  ${prefix}${p}:${key[2]}`;
      current = `${prefix}${p}`;
      pathKeys++;
      continue;
    }
    const op = /^ {4}([a-z]+):/.exec(line);
    if (op && current && METHODS.has(op[1])) operations.add(`${op[1].toUpperCase()} ${current}`);
  }
  if (pathKeys === 0) throw new Error('no path keys found in the spec');
  // No JSON pointer into #/paths may exist: it would dangle after the rename.
  if (lines.some((l) => l.includes("'#/paths/") || l.includes('"#/paths/') || l.includes(' #/paths/'))) {
    throw new Error('spec has $refs into #/paths; the textual prefixing cannot handle them');
  }
  if (serverUrl) {
    const s = lines.findIndex((l) => /^servers:\s*$/.test(l));
    if (s >= 0 && /^\s+- url:/.test(lines[s + 1])) lines[s + 1] = lines[s + 1].replace(/url:.*$/, `url: ${serverUrl}`);
  }
  const file = path.join(destDir, 'bapi-v1.yml');
  fs.writeFileSync(file, lines.join('\n'));
  return { file, operations, pathKeys };
}

/** "/users/{userId}" and "/users/{user_id}" both become "/users/{}". */
export const templateOf = (p) => p.replace(/\{[^}]+\}/g, '{}');

/** Finds the spec operation ("METHOD /v1/...") an SDK endpoint (http, path template) maps to. */
export function findOperation(operations, http, sdkPath, prefix = '/v1') {
  const wanted = `${http.toUpperCase()} ${templateOf(prefix + sdkPath)}`;
  for (const op of operations) {
    const [m, p] = op.split(' ');
    if (`${m} ${templateOf(p)}` === wanted) return op;
  }
  return undefined;
}

/** True when a concrete request path matches a spec path template. */
export function pathMatches(template, concrete) {
  const t = template.split('/');
  const c = concrete.split('/');
  return t.length === c.length && t.every((seg, i) => /^\{[^}]+\}$/.test(seg) ? c[i].length > 0 : seg === c[i]);
}
