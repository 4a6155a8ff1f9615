// When our SDK cannot shape an example response, replays the same response through
// @clerk/clerk-sdk-node@4.13.23 (devDependency `clerk-v4`) so the failure message says
// whether v4 fails the same way (a v4 behaviour our contract keeps) or not (our bug).
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let v4;
function loadV4() {
  if (v4 === undefined) {
    try {
      v4 = require('clerk-v4');
    } catch {
      v4 = null;
    }
  }
  return v4;
}

function describeOutcome(outcome) {
  if ('error' in outcome) {
    const e = outcome.error;
    const details = Array.isArray(e?.errors) && e.errors.length ? ` errors=${JSON.stringify(e.errors)}` : '';
    return `rejects: ${e?.name}: ${e?.message || '(no message)'}${details}`;
  }
  const v = outcome.value;
  const kind = Array.isArray(v) ? `array of ${v.length} ${v[0]?.constructor?.name ?? ''}` : (v?.constructor?.name ?? typeof v);
  return `resolves to ${kind}`;
}

/** "v4 4.13.23 on the same response: ..." or '' when v4 is not installed. */
export async function v4Verdict(api, method, args, response, timeoutMs = 10_000) {
  const sdk = loadV4();
  if (!sdk) return '';
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(response.status, { 'content-type': response.headers['content-type'] || 'application/json' });
      res.end(response.body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = sdk.createClerkClient({ secretKey: 'sk_test_contract', apiUrl: `http://127.0.0.1:${server.address().port}` });
    let timer;
    const outcome = await Promise.race([
      client[api][method](...args()).then(
        (value) => ({ value }),
        (error) => ({ error }),
      ),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs, { error: new Error('v4 timed out') }))),
    ]);
    clearTimeout(timer);
    return `v4 4.13.23 on the same response ${describeOutcome(outcome)}`;
  } finally {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** JSON paths of `*_url` string fields that `new URL()` rejects (hint for "Invalid URL"). */
export function unparseableUrls(value, at = '$', out = []) {
  if (Array.isArray(value)) value.forEach((v, i) => unparseableUrls(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (/url$/i.test(k) && typeof v === 'string' && v && !URL.canParse(v)) {
        // v4's Verification.fromJSON is the one that does `new URL()` on such a field.
        const note = k === 'external_verification_redirect_url' ? '  <- Verification does new URL() on it (surface.md)' : '';
        out.push(`${at}.${k} = ${JSON.stringify(v)}${note}`);
      }
      else unparseableUrls(v, `${at}.${k}`, out);
    }
  }
  return out;
}
