// Hostile loopback servers and a fake Express request for the adversarial suites.
//
//   const s = await hostile((req, res) => ...)   an HTTP server on 127.0.0.1 that counts
//       what reaches it: s.url, s.port, s.requests (each { method, url, headers }), s.close()
//   endless(res)                 answers 200 with a body that never ends (64 KB chunks)
//   json(res, value)             answers 200 application/json
//   runMiddleware(mw, { url, headers, encrypted })   one request through an Express-style
//       middleware -> { auth, err, status, headers, body, threw }
//   await reject(promise)        the error a verification failed with (fails the test if accepted)
import http from 'node:http';
import assert from 'node:assert/strict';

export async function reject(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('the token was accepted');
}

export async function hostile(handler = (req, res) => json(res, { keys: [] })) {
  const requests = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, headers: req.headers, rawHeaders: req.rawHeaders });
    handler(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    set handler(fn) {
      handler = fn;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

export function json(res, value, headers = {}) {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

const CHUNK = Buffer.alloc(64 * 1024, 0x61);

/** A 200 whose body never ends: written as fast as the client reads it. */
export function endless(res, contentType = 'application/json') {
  res.writeHead(200, { 'content-type': contentType });
  res.write('{"keys":["');
  const pump = () => {
    while (!res.destroyed && res.write(CHUNK));
    if (!res.destroyed) res.once('drain', pump);
  };
  res.on('error', () => {});
  pump();
}

/** One request through an Express-style middleware; never rejects. */
export function runMiddleware(mw, { url = '/', headers = {}, encrypted = false, timeoutMs = 10000 } = {}) {
  return new Promise((resolve) => {
    const req = { url, method: 'GET', headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])), connection: { encrypted } };
    const out = { headers: {} };
    const timer = setTimeout(() => resolve({ ...out, timedOut: true }), timeoutMs);
    const done = (extra) => {
      clearTimeout(timer);
      resolve({ ...out, auth: req.auth, ...extra });
    };
    const res = {
      setHeader: (k, v) => (out.headers[k.toLowerCase()] = v),
      writeHead: (status) => (out.status = status),
      end: (body) => done({ body }),
    };
    try {
      const p = mw(req, res, (err) => done({ err, next: true }));
      if (p && typeof p.catch === 'function') p.catch((threw) => done({ threw }));
    } catch (threw) {
      done({ threw });
    }
  });
}
