// `npm start`: the package's main job, offline. A v4 Express app protects `GET /me` with
// ClerkExpressRequireAuth(); we create a user, sign them in, and call the route with and
// without the session token.
//
// Without CLERK_SECRET_KEY it runs against the local Backend API emulator. With
// CLERK_SECRET_KEY set (a development instance's sk_test_…), the same steps run against
// that Clerk instance (CLERK_API_URL, default https://api.clerk.com), and the user it
// created is deleted at the end.
import clerkClient, { ClerkExpressRequireAuth } from '../index.mjs';
import { randomUUID } from 'node:crypto';

const GUARD_MS = 30_000;
const HTTP_TIMEOUT_MS = 10_000;

const guard = setTimeout(() => {
  console.error(`demo: no result after ${GUARD_MS / 1000} s; giving up`);
  process.exit(1);
}, GUARD_MS);

const line = (label, text) => console.log(`${label.padEnd(10)} ${text}`);

class DemoFailure extends Error {}

// Every Backend API call of the demo that is not the SDK's own: sign-in, which an app
// leaves to Clerk's frontend. Plain fetch with the secret key, as against api.clerk.com.
async function backendApi(method, path, body) {
  const base = (process.env.CLERK_API_URL || 'https://api.clerk.com').replace(/\/*$/, '/');
  const res = await fetch(new URL(`v1/${path}`, base), {
    method,
    headers: { authorization: `Bearer ${process.env.CLERK_SECRET_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
  });
  const text = await res.text();
  if (!res.ok) throw new DemoFailure(`${method} /v1/${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function signIn(userId) {
  const session = await backendApi('POST', 'sessions', { user_id: userId });
  const token = await backendApi('POST', `sessions/${encodeURIComponent(session.id)}/tokens`);
  if (typeof token.jwt !== 'string') throw new DemoFailure(`POST /v1/sessions/${session.id}/tokens gave no jwt`);
  return { sessionId: session.id, token: token.jwt };
}

async function loadExpress() {
  try {
    return (await import('express')).default;
  } catch {
    throw new DemoFailure('the demo needs Express 4 (a devDependency): run `npm install` first');
  }
}

// The app, as a v4 user writes it.
function buildApp(express) {
  const app = express();
  app.get('/me', ClerkExpressRequireAuth(), async (req, res, next) => {
    try {
      const user = await clerkClient.users.getUser(req.auth.userId);
      res.json({ userId: req.auth.userId, name: [user.firstName, user.lastName].filter(Boolean).join(' ') });
    } catch (err) {
      next(err);
    }
  });
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, next) => {
    const status = err.status || err.statusCode || 500;
    res.status(status).json({ error: status === 401 ? 'Unauthenticated' : err.message });
  });
  return app;
}

function listen(app) {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
    server.once('error', reject);
  });
}

async function getMe(baseUrl, token) {
  const res = await fetch(`${baseUrl}/me`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

async function main() {
  const real = Boolean(process.env.CLERK_SECRET_KEY);
  let emulator;
  if (real) {
    line('clerk api', `${process.env.CLERK_API_URL || 'https://api.clerk.com'} (CLERK_SECRET_KEY from the environment)`);
  } else {
    const { startEmulator } = await import('../emulator.mjs');
    emulator = await startEmulator();
    // The SDK reads these when it makes a request; no CLERK_JWT_KEY, so tokens are checked
    // against the emulator's GET /v1/jwks as they would be against Clerk's.
    process.env.CLERK_SECRET_KEY = emulator.secretKey;
    process.env.CLERK_API_URL = emulator.url;
    process.env.CLERK_PUBLISHABLE_KEY = emulator.publishableKey;
    for (const name of ['CLERK_JWT_KEY', 'CLERK_API_VERSION', 'CLERK_PROXY_URL', 'CLERK_DOMAIN', 'CLERK_IS_SATELLITE']) {
      delete process.env[name];
    }
    line('emulator', `${emulator.url} (offline; set CLERK_SECRET_KEY to use your Clerk instance)`);
  }

  let server;
  let user;
  try {
    const express = await loadExpress();
    server = await listen(buildApp(express));
    const appUrl = `http://127.0.0.1:${server.address().port}`;

    const firstName = 'Ada';
    const lastName = 'Lovelace';
    const tag = randomUUID().slice(0, 8);
    user = await clerkClient.users.createUser({
      firstName,
      lastName,
      emailAddress: [`ada.lovelace+clerk_test_${tag}@example.com`],
      password: `demo-${randomUUID()}`,
    });
    line('user', `${user.id} created (${user.firstName} ${user.lastName})`);

    const { sessionId, token } = await signIn(user.id);
    line('signed in', `session ${sessionId}`);

    const withToken = await getMe(appUrl, token);
    line('GET /me', `with token    → ${withToken.status} ${JSON.stringify(withToken.body)}`);
    const without = await getMe(appUrl);
    line('GET /me', `without token → ${without.status}`);

    const expected = `${firstName} ${lastName}`;
    if (withToken.status !== 200 || withToken.body?.userId !== user.id || withToken.body?.name !== expected) {
      throw new DemoFailure(`expected 200 {"userId":"${user.id}","name":"${expected}"} with the token`);
    }
    if (without.status !== 401) throw new DemoFailure('expected 401 without a token');
  } finally {
    if (real && user) {
      await clerkClient.users.deleteUser(user.id).then(
        () => line('user', `${user.id} deleted`),
        (err) => console.error(`demo: could not delete ${user.id}: ${err.message}`),
      );
    }
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    if (emulator) await emulator.stop();
  }
}

try {
  await main();
  line('ok', 'the protected route answered the signed-in user, and 401 without a token');
} catch (err) {
  const detail = err instanceof DemoFailure ? err.message : describe(err);
  console.error(`demo failed: ${detail}`);
  process.exitCode = 1;
} finally {
  clearTimeout(guard);
  // Everything is closed; if some handle still holds the process, do not hang on it.
  setTimeout(() => {
    console.error('demo: a handle is still open after stopping; exiting');
    process.exit(process.exitCode ?? 0);
  }, 2000).unref();
}

// An SDK error (v4 shape: status, errors[]) or any other error, in one line.
function describe(err) {
  if (!err || typeof err !== 'object') return String(err);
  const cause = err.cause && err.cause.message ? ` (${err.cause.message})` : '';
  const e = Array.isArray(err.errors) && err.errors[0];
  const text = e ? `${e.code}: ${e.longMessage || e.message}` : err.message;
  return `${err.status ? `${err.status} ` : ''}${text}${cause}`;
}
