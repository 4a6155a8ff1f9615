// A recording reverse proxy on 127.0.0.1 between the SDK and Prism: the SDK talks to the
// proxy, so the test sees exactly what was sent and what Prism answered (status,
// `sl-violations` header, body) although the HTTP client lives in the native addon.
import http from 'node:http';

function readAll(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function forward(upstream, req, body, timeoutMs) {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: new URL(upstream).host };
    const out = http.request(new URL(req.url, upstream), { method: req.method, headers, timeout: timeoutMs }, async (res) => {
      try {
        resolve({ status: res.statusCode, headers: res.headers, body: await readAll(res) });
      } catch (e) {
        reject(e);
      }
    });
    out.on('timeout', () => out.destroy(new Error(`upstream did not answer within ${timeoutMs} ms`)));
    out.on('error', reject);
    out.end(body);
  });
}

/**
 * Starts the proxy. `upstream` is Prism's base URL. Every exchange is pushed to
 * `exchanges` as { method, url, headers, body (Buffer), response: { status, headers,
 * body (Buffer) } }. Upstream failures are answered 502 and recorded with `error`.
 *
 * With `fallback` (a second base URL) and `useFallback(response)`: when the upstream's
 * answer satisfies the predicate, the same request is replayed to `fallback`, whose answer
 * is returned to the client; the first answer is kept as `exchange.upstreamResponse`.
 */
export async function startProxy(upstream, { timeoutMs = 15_000, fallback, useFallback } = {}) {
  const exchanges = [];
  const sockets = new Set();
  const server = http.createServer(async (req, res) => {
    const body = await readAll(req);
    const exchange = { method: req.method, url: req.url, headers: req.headers, body };
    exchanges.push(exchange);
    try {
      let response = await forward(upstream, req, body, timeoutMs);
      if (fallback && useFallback?.(response)) {
        exchange.upstreamResponse = response;
        response = await forward(fallback, req, body, timeoutMs);
        exchange.fellBack = true;
      }
      exchange.response = response;
      const headers = { ...response.headers };
      delete headers['transfer-encoding'];
      delete headers.connection;
      delete headers['keep-alive'];
      headers['content-length'] = String(response.body.length);
      res.writeHead(response.status, headers);
      res.end(response.body);
    } catch (error) {
      exchange.error = error;
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`contract proxy: ${error.message}`);
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
