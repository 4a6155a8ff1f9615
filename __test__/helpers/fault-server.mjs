// A raw loopback HTTP/1.1 server for the fault tests (faults / load / secrets suites),
// written on node:net so that a test can misbehave at the byte level: reset a connection
// before any byte of the answer, break off in the middle of a body, never end a body,
// send truncated JSON, redirect, or never answer at all.
//
//   const srv = await startFaultServer({ host: '127.0.0.1' });
//   srv.url                  -> 'http://127.0.0.1:PORT'
//   srv.handle((req, sock, n) => { ... })   handler for the next requests
//                               (n: 0-based index of this request since the last reset)
//   srv.requests             -> every request since the last reset():
//                               { method, path, headers (lower-cased), body (string), at (ms) }
//   srv.connections          -> number of TCP connections accepted since the last reset()
//   srv.reset()              -> forget requests and connections (handler kept)
//   await srv.close()        -> destroys every socket and closes the listener
//
// Answer helpers (all take the socket):
//   reply(sock, { status, reason, headers, body, contentType })  a complete answer
//   json(sock, status, value, headers)                           a JSON answer
//   reset(sock)              TCP RST (no answer at all)
import net from 'node:net';

export const STATUS_TEXT = {
  200: 'OK',
  302: 'Found',
  401: 'Unauthorized',
  404: 'Not Found',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function reply(sock, { status = 200, reason, headers = {}, body = '', contentType } = {}) {
  if (sock.destroyed) return;
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(String(body));
  const lines = [`HTTP/1.1 ${status} ${reason ?? STATUS_TEXT[status] ?? 'Status'}`];
  const h = { ...headers };
  if (contentType) h['content-type'] = contentType;
  if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-length')) h['content-length'] = String(buf.length);
  for (const [k, v] of Object.entries(h)) lines.push(`${k}: ${v}`);
  sock.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (buf.length) sock.write(buf);
}

export function json(sock, status, value, headers = {}) {
  reply(sock, { status, headers, contentType: 'application/json', body: JSON.stringify(value) });
}

export function reset(sock) {
  if (sock.destroyed) return;
  if (typeof sock.resetAndDestroy === 'function') sock.resetAndDestroy();
  else sock.destroy();
}

// Parses as many complete requests as the buffer holds; returns [requests, rest].
function parse(buf) {
  const out = [];
  for (;;) {
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) break;
    const head = buf.subarray(0, end).toString('latin1');
    const [line, ...rest] = head.split('\r\n');
    const headers = {};
    for (const l of rest) {
      const i = l.indexOf(':');
      if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
    }
    let bodyLen = Number(headers['content-length'] || 0);
    let body;
    let consumed;
    if (/chunked/i.test(headers['transfer-encoding'] || '')) {
      // Minimal chunked decoding (multipart uploads stream their body this way).
      let pos = end + 4;
      const parts = [];
      let complete = false;
      for (;;) {
        const le = buf.indexOf('\r\n', pos);
        if (le < 0) break;
        const size = parseInt(buf.subarray(pos, le).toString('latin1'), 16);
        if (Number.isNaN(size)) break;
        if (buf.length < le + 2 + size + 2) break;
        if (size === 0) {
          pos = le + 4;
          complete = true;
          break;
        }
        parts.push(buf.subarray(le + 2, le + 2 + size));
        pos = le + 2 + size + 2;
      }
      if (!complete) break;
      body = Buffer.concat(parts);
      consumed = pos;
    } else {
      if (buf.length < end + 4 + bodyLen) break;
      body = buf.subarray(end + 4, end + 4 + bodyLen);
      consumed = end + 4 + bodyLen;
    }
    const [method, target] = line.split(' ');
    const q = target.indexOf('?');
    out.push({ method, target, path: q < 0 ? target : target.slice(0, q), query: q < 0 ? '' : target.slice(q + 1), headers, body: body.toString('utf8') });
    buf = buf.subarray(consumed);
  }
  return [out, buf];
}

export async function startFaultServer({ host = '127.0.0.1', port = 0, handler } = {}) {
  const sockets = new Set();
  const state = {
    handler: handler || ((req, sock) => json(sock, 200, { object: 'ok' })),
    requests: [],
    connections: 0,
  };
  const server = net.createServer((sock) => {
    sockets.add(sock);
    state.connections += 1;
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    let buf = Buffer.alloc(0);
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      const [reqs, rest] = parse(buf);
      buf = rest;
      for (const req of reqs) {
        req.at = Date.now();
        const n = state.requests.length;
        state.requests.push(req);
        try {
          state.handler(req, sock, n);
        } catch (err) {
          reply(sock, { status: 599, body: String(err && err.stack) });
        }
      }
    });
  });
  server.maxConnections = 30000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const addr = server.address();
  return {
    host,
    port: addr.port,
    url: `http://${host}:${addr.port}`,
    get requests() {
      return state.requests;
    },
    get connections() {
      return state.connections;
    },
    get openSockets() {
      return sockets.size;
    },
    handle(fn) {
      state.handler = fn;
    },
    reset() {
      state.requests = [];
      state.connections = 0;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves with the value of `promise`, or rejects with a "hang" error after `ms`. */
export function within(ms, promise, what = 'call') {
  let timer;
  const guard = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`HANG: ${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

/** { value } or { error } of a promise (or a function returning one), never rejects. */
export async function outcome(p) {
  try {
    return { value: await (typeof p === 'function' ? p() : p) };
  } catch (error) {
    return { error };
  }
}

/** A Clerk error body. */
export const clerkErrors = (code, message = code, traceId) => ({
  errors: [{ code, message, long_message: `${message} (long)`, meta: {} }],
  ...(traceId ? { clerk_trace_id: traceId } : {}),
});
