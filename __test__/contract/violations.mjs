// Reading Prism's verdict on one exchange.
//
// Prism 5 (prism-http-server) validates every request against the operation it routed
// to and answers:
//   * request violations: the spec's 422/400 (or 415/401) example, with an
//     `sl-violations` header listing them (location[0] === 'request'), or a generated
//     application/problem+json when the spec has no such response;
//   * no route / method / security: a problem+json whose `type` is
//     https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR, #NO_METHOD_MATCHED_ERROR,
//     #UNAUTHORIZED, ...;
//   * with --errors, when its own mock response breaks the spec's response schema: 500
//     problem+json #VIOLATIONS, header entries with location[0] === 'response'.
// The header is cut to ~8 KB and prefixed with "Too many violations! " when long.

const PRISM_ERRORS = 'https://stoplight.io/prism/errors#';

function header(headers, name) {
  const v = headers?.[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

export function parseJson(buf) {
  try {
    return JSON.parse(Buffer.isBuffer(buf) ? buf.toString('utf8') : buf);
  } catch {
    return undefined;
  }
}

/**
 * { entries, truncated, raw, problem } for one Prism response.
 * entries: [{ location: string[], severity, code, message }] from `sl-violations`.
 * problem: the problem+json body when it is one of Prism's own errors.
 */
export function prismVerdict(response) {
  const raw = header(response.headers, 'sl-violations');
  let entries = [];
  let truncated = false;
  if (raw) {
    const parsed = parseJson(raw);
    if (Array.isArray(parsed)) entries = parsed;
    else {
      truncated = true;
      // Salvage the complete entries of a truncated header.
      const text = raw.replace(/^Too many violations! /, '');
      for (const m of text.matchAll(/\{"location":\[[^\]]*\],"severity":"[^"]*","code":[^,]*,"message":"(?:[^"\\]|\\.)*"\}/g)) {
        const e = parseJson(m[0]);
        if (e) entries.push(e);
      }
    }
  }
  let problem;
  if (/problem\+json/.test(header(response.headers, 'content-type') || '')) {
    const body = parseJson(response.body);
    if (body && typeof body.type === 'string' && body.type.startsWith(PRISM_ERRORS)) problem = body;
  }
  return { entries, truncated, raw, problem };
}

const isError = (e) => e.severity === 'Error' || e.severity === 0;

/** Problems Prism found with the request (empty when it accepted it). */
export function requestViolations(response) {
  const v = prismVerdict(response);
  const out = v.entries.filter((e) => e.location?.[0] === 'request' && isError(e));
  if (v.problem && v.problem.type !== `${PRISM_ERRORS}VIOLATIONS`) {
    out.push({ location: ['request'], severity: 'Error', code: v.problem.type.slice(PRISM_ERRORS.length), message: `${v.problem.title}: ${v.problem.detail}` });
  }
  // A truncated header that lost the request entries still shows as a 4xx.
  if (v.truncated && out.length === 0 && response.status >= 400 && response.status < 500) {
    out.push({ location: ['request'], severity: 'Error', code: 'truncated', message: v.raw.slice(0, 2000) });
  }
  return out;
}

/** Problems Prism found with its own mock response (the spec's example vs its schema). */
export function responseViolations(response) {
  return prismVerdict(response).entries.filter((e) => e.location?.[0] === 'response');
}

/**
 * True for Prism's --errors 500 that is only about its own generated response: the
 * request was valid, but the static example Prism built from the spec breaks the spec's
 * response schema (e.g. "string" for a property with a `pattern`).
 */
export function isResponseOnlyFailure(response) {
  const v = prismVerdict(response);
  return (
    response.status === 500 &&
    v.problem?.type === `${PRISM_ERRORS}VIOLATIONS` &&
    requestViolations(response).length === 0 &&
    (v.problem.validation ?? []).every((e) => e.location?.[0] === 'response')
  );
}

export function formatViolations(list) {
  return list.map((e) => `  - ${(e.location || []).join('.') || '(request)'} [${e.code}] ${e.message}`).join('\n');
}
