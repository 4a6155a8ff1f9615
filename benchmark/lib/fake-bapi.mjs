// The loopback fake Backend API the benchmark starts itself (node:http, 127.0.0.1, port 0).
//
//   GET /v1/users/:id        one ~2 KB user
//   GET /v1/users?limit=10   a list of `limit` users (10 users ≈ 20 KB)
//   GET /v1/jwks             the benchmark's signing key (fetches are counted)
//
// Every route requires `Authorization: Bearer <secretKey>` (401 otherwise), like BAPI.
// Bodies are serialized once and cached, so the fake costs as little CPU as possible
// (it shares the machine with the process being measured).
import http from 'node:http';
import * as fx from './fixtures.mjs';

export async function startFakeBapi({ secretKey, jwks }) {
  const counts = { jwks: 0, getUser: 0, getUserList: 0, unauthorized: 0, notFound: 0 };
  const cache = new Map();
  const body = (key, make) => {
    let b = cache.get(key);
    if (!b) cache.set(key, (b = Buffer.from(JSON.stringify(make()))));
    return b;
  };
  const expectedAuth = `Bearer ${secretKey}`;
  const send = (res, status, buf) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': buf.length });
    res.end(buf);
  };
  const server = http.createServer((req, res) => {
    const q = req.url.indexOf('?');
    const path = q < 0 ? req.url : req.url.slice(0, q);
    if (req.headers.authorization !== expectedAuth) {
      counts.unauthorized++;
      return send(res, 401, body('401', () => ({ errors: [{ message: 'Unauthorized', long_message: 'Invalid or missing secret key', code: 'authentication_invalid' }] })));
    }
    if (req.method === 'GET' && path === '/v1/jwks') {
      counts.jwks++;
      return send(res, 200, body('jwks', () => jwks));
    }
    if (req.method === 'GET' && path === '/v1/users') {
      counts.getUserList++;
      const limit = Number(new URLSearchParams(q < 0 ? '' : req.url.slice(q + 1)).get('limit') || 10);
      return send(res, 200, body(`list:${limit}`, () => fx.userList(limit)));
    }
    if (req.method === 'GET' && path.startsWith('/v1/users/') && path.indexOf('/', 10) < 0) {
      counts.getUser++;
      const id = decodeURIComponent(path.slice(10));
      return send(res, 200, body(`user:${id}`, () => fx.user(id)));
    }
    counts.notFound++;
    return send(res, 404, body('404', () => ({ errors: [{ message: 'not found', long_message: `No route for ${req.method} ${path}`, code: 'resource_not_found' }] })));
  });
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    snapshot: () => ({ ...counts }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
