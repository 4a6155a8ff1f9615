// A recording loopback Backend API for the differential tests.
//
//   const bapi = await startBapi();
//   ... point a client at bapi.url ...
//   bapi.take()          -> the requests recorded since the last take(), and forget them
//   bapi.answer(fn)      -> answer with fn(request) instead of the route table until
//                           bapi.answer(null); fn may return undefined to fall back
//   await bapi.close()
//
// Each recorded request is
//   { method, path, query: [[key, value], ...], headers: {...}, body }
// * path: the raw request path (no query), as the client sent it;
// * query: the pairs in the order they were sent;
// * headers: authorization, content-type, user-agent and every x-* / clerk-* header
//   (Node gives them lower-cased); a multipart boundary is replaced by `<boundary>`;
// * body: null when empty; the parsed JSON for a JSON body; for multipart
//   `{ multipart: [{ name, filename?, contentType?, size } | { name, value }] }`;
//   otherwise `{ text }`.
//
// Answers: `{ status = 200, json, headers }`, `{ status, text, contentType, headers }`
// (either may carry a custom reason phrase, `statusText`, and a `contentType`),
// `{ destroy: true }` (the socket is destroyed without an answer) or `{ hang: true }`
// (never answered; releaseHung() or close() ends it).
import http from 'node:http';
import * as fx from './fixtures.mjs';

const RESOURCES = new Set([
  'allowlist_identifiers', 'clients', 'domains', 'email_addresses', 'emails', 'internal', 'invitations',
  'organizations', 'phone_numbers', 'redirect_urls', 'sessions', 'sign_in_tokens', 'sms_messages', 'users',
]);

const ok = (json) => ({ status: 200, json });

// Top-level body keys the fixture already has replace its values (what BAPI does for
// the fields it accepts), so create/update answers reflect the request.
function withBody(fixture, body) {
  if (!body || typeof body !== 'object' || Array.isArray(body) || body.multipart) return fixture;
  const out = { ...fixture };
  for (const key of Object.keys(body)) if (key in out && key !== 'id' && key !== 'object') out[key] = body[key];
  return out;
}

// [method, pattern, (params, body, query) => answer]
const ROUTES = [
  ['GET', 'allowlist_identifiers', () => ok([fx.allowlistIdentifier(), fx.allowlistIdentifier('alid_2second', '+15550002222')])],
  ['POST', 'allowlist_identifiers', (p, b) => ok(withBody(fx.allowlistIdentifier(), b))],
  ['DELETE', 'allowlist_identifiers/:id', (p) => ok(fx.deleted('allowlist_identifier', p.id))],

  ['GET', 'clients', () => ok([fx.client()])],
  ['POST', 'clients/verify', () => ok(fx.client())],
  ['GET', 'clients/:id', (p) => ok(fx.client(p.id))],

  ['DELETE', 'domains/:id', (p) => ok(fx.deleted('domain', p.id))],
  ['DELETE', 'domains', () => ok(fx.deleted('domain', undefined))],

  ['POST', 'email_addresses', (p, b) => ok(withBody(fx.emailAddress('idn_2newEmail'), b))],
  ['GET', 'email_addresses/:id', (p) => ok(fx.emailAddress(p.id))],
  ['PATCH', 'email_addresses/:id', (p, b) => ok(withBody(fx.emailAddress(p.id), b))],
  ['DELETE', 'email_addresses/:id', (p) => ok(fx.deleted('email_address', p.id))],

  ['POST', 'emails', (p, b) => ok(withBody(fx.email(), b))],
  ['POST', 'sms_messages', (p, b) => ok(withBody(fx.smsMessage(), b))],

  ['GET', 'internal/interstitial', () => ({ status: 200, text: fx.INTERSTITIAL, contentType: 'text/html' })],

  ['GET', 'invitations', () => ok([fx.invitation(), fx.invitation('inv_2accepted', 'accepted')])],
  ['POST', 'invitations', (p, b) => ok(withBody(fx.invitation(), b))],
  ['POST', 'invitations/:id/revoke', (p) => ok(fx.invitation(p.id, 'revoked'))],

  ['GET', 'organizations', () => ok(fx.paginated([fx.organization(), fx.organization('org_2second', 'difference-engines')]))],
  ['POST', 'organizations', (p, b) => ok(withBody(fx.organization('org_2new', 'new-org'), b))],
  ['DELETE', 'organizations', () => ok(fx.deleted('organization', undefined))],
  ['GET', 'organizations/:id', (p) => ok(p.id.startsWith('org_') ? fx.organization(p.id) : fx.organization(fx.ID.org, p.id))],
  ['PATCH', 'organizations/:id', (p, b) => ok(withBody(fx.organization(p.id), b))],
  ['DELETE', 'organizations/:id', (p) => ok(fx.deleted('organization', p.id))],
  ['PATCH', 'organizations/:id/metadata', (p) => ok(fx.organization(p.id))],
  ['PUT', 'organizations/:id/logo', (p) => ok(fx.organization(p.id))],
  ['DELETE', 'organizations/:id/logo', (p) => ok({ ...fx.organization(p.id), has_image: false, image_url: null })],
  ['GET', 'organizations/:id/memberships', (p) => ok(fx.paginated([fx.membership(p.id), fx.membership(p.id, fx.ID.user2, 'org:member')]))],
  ['POST', 'organizations/:id/memberships', (p, b) => ok(fx.membership(p.id, b?.user_id, b?.role))],
  ['PATCH', 'organizations/:id/memberships/:uid', (p, b) => ok(fx.membership(p.id, p.uid, b?.role))],
  ['PATCH', 'organizations/:id/memberships/:uid/metadata', (p) => ok(fx.membership(p.id, p.uid))],
  ['DELETE', 'organizations/:id/memberships/:uid', (p) => ok(fx.membership(p.id, p.uid))],
  ['GET', 'organizations/:id/invitations', (p) => ok(fx.paginated([fx.orgInvitation(p.id)]))],
  ['GET', 'organizations/:id/invitations/pending', (p) => ok(fx.paginated([fx.orgInvitation(p.id)]))],
  ['POST', 'organizations/:id/invitations', (p, b) => ok(withBody(fx.orgInvitation(p.id), b))],
  ['GET', 'organizations/:id/invitations/:iid', (p) => ok(fx.orgInvitation(p.id, p.iid))],
  ['POST', 'organizations/:id/invitations/:iid/revoke', (p) => ok(fx.orgInvitation(p.id, p.iid, 'revoked'))],

  ['POST', 'phone_numbers', (p, b) => ok(withBody(fx.phoneNumber('idn_2newPhone'), b))],
  ['GET', 'phone_numbers/:id', (p) => ok(fx.phoneNumber(p.id))],
  ['PATCH', 'phone_numbers/:id', (p, b) => ok(withBody(fx.phoneNumber(p.id), b))],
  ['DELETE', 'phone_numbers/:id', (p) => ok(fx.deleted('phone_number', p.id))],

  ['GET', 'redirect_urls', () => ok([fx.redirectUrl(), fx.redirectUrl('ru_2second', 'com.example.app://callback')])],
  ['POST', 'redirect_urls', (p, b) => ok(withBody(fx.redirectUrl(), b))],
  ['GET', 'redirect_urls/:id', (p) => ok(fx.redirectUrl(p.id))],
  ['DELETE', 'redirect_urls/:id', (p) => ok(fx.deleted('redirect_url', p.id))],

  ['GET', 'sessions', () => ok([fx.session(), fx.session('sess_2ended', 'ended')])],
  ['GET', 'sessions/:id', (p) => ok(fx.session(p.id))],
  ['POST', 'sessions/:id/revoke', (p) => ok(fx.session(p.id, 'revoked'))],
  ['POST', 'sessions/:id/verify', (p) => ok(fx.session(p.id))],
  ['POST', 'sessions/:id/tokens', (p) => ok(fx.token(`eyJ.default.${p.id}`))],
  ['POST', 'sessions/:id/tokens/:template', (p) => ok(fx.token(`eyJ.${p.template}.${p.id}`))],

  ['POST', 'sign_in_tokens', (p, b) => ok(withBody(fx.signInToken(), b))],
  ['POST', 'sign_in_tokens/:id/revoke', (p) => ok(fx.signInToken(p.id, 'revoked'))],

  ['GET', 'users', () => ok([fx.user(), fx.user(fx.ID.user2, { first: 'Grace', last: 'Hopper', username: 'grace' })])],
  ['GET', 'users/count', () => ok(fx.totalCount(42))],
  ['POST', 'users', (p, b) => ok(withBody(fx.user('user_2new'), b))],
  ['GET', 'users/:id', (p) => ok(fx.user(p.id))],
  ['PATCH', 'users/:id', (p, b) => ok(withBody(fx.user(p.id), b))],
  ['DELETE', 'users/:id', (p) => ok(fx.deleted('user', p.id))],
  ['PATCH', 'users/:id/metadata', (p) => ok(fx.user(p.id))],
  ['POST', 'users/:id/profile_image', (p) => ok(fx.user(p.id))],
  ['GET', 'users/:id/oauth_access_tokens/:provider', (p) => ok(fx.oauthAccessTokens(p.provider))],
  ['DELETE', 'users/:id/mfa', (p) => ok({ user_id: p.id })],
  ['GET', 'users/:id/organization_memberships', (p) => ok(fx.paginated([fx.membership(fx.ID.org, p.id)]))],
  ['POST', 'users/:id/verify_password', () => ok({ verified: true })],
  ['POST', 'users/:id/verify_totp', () => ok({ verified: true, code_type: 'totp' })],
];

function route(method, segments) {
  for (const [m, pattern, handler] of ROUTES) {
    if (m !== method) continue;
    const parts = pattern.split('/');
    if (parts.length !== segments.length) continue;
    const params = {};
    const hit = parts.every((part, i) => {
      if (part.startsWith(':')) {
        params[part.slice(1)] = segments[i];
        return true;
      }
      return part === segments[i];
    });
    if (hit) return { handler, params };
  }
  return null;
}

// The route table answers the part of the path from the first resource name on, so any
// apiUrl prefix and apiVersion reach it.
function defaultAnswer(rec) {
  let segments = rec.path.split('/').filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  const start = segments.findIndex((s) => RESOURCES.has(s));
  segments = start === -1 ? [] : segments.slice(start);
  const hit = segments.length ? route(rec.method, segments) : null;
  if (!hit) {
    return {
      status: 404,
      json: fx.clerkErrors([{ code: 'resource_not_found', message: 'not found', long_message: `No route for ${rec.method} ${rec.path}`, meta: {} }]),
    };
  }
  return hit.handler(hit.params, rec.body, rec.query);
}

function parseMultipart(buf, contentType) {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!m) return { multipart: 'no boundary' };
  const delimiter = `--${m[1] || m[2]}`;
  const parts = [];
  for (const chunk of buf.toString('latin1').split(delimiter).slice(1)) {
    if (chunk.startsWith('--')) break;
    const sep = chunk.indexOf('\r\n\r\n');
    const head = chunk.slice(0, sep);
    const content = Buffer.from(chunk.slice(sep + 4, chunk.length - 2), 'latin1');
    const disposition = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? '';
    const part = { name: /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? null };
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const type = /content-type:\s*([^\r\n]*)/i.exec(head)?.[1];
    if (filename !== undefined || type !== undefined) {
      if (filename !== undefined) part.filename = filename;
      if (type !== undefined) part.contentType = type;
      part.size = content.length;
      part.text = content.toString('utf8');
    } else {
      part.value = content.toString('utf8');
    }
    parts.push(part);
  }
  return { multipart: parts };
}

function parseBody(buf, contentType = '') {
  if (!buf.length) return null;
  if (/^multipart\/form-data/i.test(contentType)) return parseMultipart(buf, contentType);
  const text = buf.toString('utf8');
  if (/json/i.test(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return { text };
    }
  }
  return { text };
}

function pickHeaders(h) {
  const out = {};
  for (const name of ['authorization', 'content-type', 'user-agent']) if (name in h) out[name] = h[name];
  if (out['content-type']) out['content-type'] = out['content-type'].replace(/boundary=("[^"]*"|[^;\s]+)/i, 'boundary=<boundary>');
  for (const name of Object.keys(h).sort()) if (name.startsWith('x-') || name.startsWith('clerk-')) out[name] = h[name];
  return out;
}

export async function startBapi() {
  let recorded = [];
  let answerFn = null;
  const sockets = new Set();
  const hung = new Set(); // sockets of requests answered with { hang: true }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const target = new URL(req.url, 'http://bapi.local');
      const rec = {
        method: req.method,
        path: req.url.split('?')[0],
        query: [...target.searchParams],
        headers: pickHeaders(req.headers),
        body: parseBody(Buffer.concat(chunks), req.headers['content-type']),
      };
      recorded.push(rec);
      let reply;
      try {
        reply = (answerFn && answerFn(rec, recorded)) || defaultAnswer(rec);
      } catch (err) {
        reply = { status: 599, text: `test server error: ${err.stack}`, contentType: 'text/plain' };
      }
      send(req, res, reply);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function send(req, res, reply) {
    if (reply.destroy) {
      req.socket.destroy();
      return;
    }
    if (reply.hang) {
      hung.add(req.socket);
      return;
    }
    const headers = { ...(reply.headers || {}) };
    let payload;
    if (reply.text !== undefined) {
      payload = reply.text;
      headers['content-type'] = reply.contentType ?? 'text/plain';
    } else {
      payload = JSON.stringify(reply.json);
      headers['content-type'] = reply.contentType ?? 'application/json';
    }
    headers['content-length'] = Buffer.byteLength(payload);
    if (reply.statusText !== undefined) res.writeHead(reply.status ?? 200, reply.statusText, headers);
    else res.writeHead(reply.status ?? 200, headers);
    res.end(payload);
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    /** The requests recorded since the last take(); clears them. */
    take() {
      const out = recorded;
      recorded = [];
      return out;
    },
    /** Answer with fn(request, requestsSoFar) (undefined falls back to the route table); null resets. */
    answer(fn) {
      answerFn = fn;
    },
    reset() {
      recorded = [];
      answerFn = null;
    },
    /** Destroys the connections of the requests that were never answered. */
    releaseHung() {
      for (const socket of hung) socket.destroy();
      hung.clear();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A URL on which nothing listens (connection refused). */
export async function refusedUrl() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
