// An Express 4 app using one SDK's middlewares, run as a child process by
// differential-auth-express.test.mjs:   node auth-app.mjs v4|ours
// Prints {"port":N} on its first stdout line.
//
// Environment: CLERK_SECRET_KEY, CLERK_API_URL, CLERK_JWT_KEY, CLERK_PUBLISHABLE_KEY (the
// singleton middlewares read them), APP_LIVE_SECRET (a sk_live_ key for /x/live/*).
//
// Routes (each under /h, where an app error handler answers JSON, and under /d, where
// Express's default error handler answers):
//   /{singleton|instance|factory}/{with|require}   the three ways to get the middlewares
//   /live/{with|require}                           an instance with APP_LIVE_SECRET
//   /azp/with                                      authorizedParties: ['https://other.example.com']
//   /satellite/{ok|no-domain|no-sign-in-url}       satellite options
//   /proxy/with                                    proxyUrl: '/__clerk' (relative)
//   /wrap/{with|require}                           withAuth(handler) / requireAuth(handler)
// Every handler answers 200 JSON { auth: describe(req.auth) }; `?template=t` also calls
// req.auth.getToken({ template: 't' }).
// GET /_unhandled lists the unhandled rejections seen so far.
import express from 'express';
import cookieParser from 'cookie-parser';
import { describeAuth } from './auth-describe.mjs';

const which = process.argv[2];
const sdk = which === 'v4' ? await import('clerk-v4') : await import('../../index.mjs');

const unhandled = [];
process.on('unhandledRejection', (err) => {
  unhandled.push({ message: String(err?.message ?? err), status: err?.status, statusCode: err?.statusCode });
});

const env = process.env;
const clerk = sdk.createClerkClient({
  secretKey: env.CLERK_SECRET_KEY,
  apiUrl: env.CLERK_API_URL,
  jwtKey: env.CLERK_JWT_KEY,
  publishableKey: env.CLERK_PUBLISHABLE_KEY,
});
const live = sdk.createClerkClient({
  secretKey: env.APP_LIVE_SECRET,
  apiUrl: env.CLERK_API_URL,
  jwtKey: env.CLERK_JWT_KEY,
  publishableKey: env.CLERK_PUBLISHABLE_KEY,
});

const handler = async (req, res) => {
  res.json({ auth: await describeAuth(req.auth, req.query) });
};
// The wrappers give the handler no `next`; errors thrown here would be unhandled.
const wrapHandler = (req, res) => {
  describeAuth(req.auth, req.query).then((auth) => res.json({ auth, wrapped: true }));
};

function routes() {
  const r = express.Router();
  r.use(cookieParser());
  const mw = {
    singleton: { with: sdk.ClerkExpressWithAuth(), require: sdk.ClerkExpressRequireAuth() },
    instance: { with: clerk.expressWithAuth(), require: clerk.expressRequireAuth() },
    factory: {
      with: sdk.createClerkExpressWithAuth({ clerkClient: clerk })(),
      require: sdk.createClerkExpressRequireAuth({ clerkClient: clerk })(),
    },
    live: { with: live.expressWithAuth(), require: live.expressRequireAuth() },
  };
  for (const [variant, pair] of Object.entries(mw)) {
    r.get(`/${variant}/with`, pair.with, handler);
    r.get(`/${variant}/require`, pair.require, handler);
  }
  r.get('/azp/with', sdk.ClerkExpressWithAuth({ authorizedParties: ['https://other.example.com'] }), handler);
  r.get('/azp-ok/with', sdk.ClerkExpressWithAuth({ authorizedParties: ['https://app.example.com'] }), handler);
  r.get(
    '/satellite/ok',
    sdk.ClerkExpressWithAuth({ isSatellite: true, domain: 'satellite.example.com', signInUrl: 'https://primary.example.com/sign-in' }),
    handler,
  );
  r.get('/satellite/no-domain', sdk.ClerkExpressWithAuth({ isSatellite: true }), handler);
  r.get('/satellite/no-sign-in-url', sdk.ClerkExpressWithAuth({ isSatellite: true, domain: 'satellite.example.com' }), handler);
  r.get('/proxy/with', sdk.ClerkExpressWithAuth({ proxyUrl: '/__clerk' }), handler);
  r.get('/wrap/with', sdk.withAuth(wrapHandler));
  r.get('/wrap/require', sdk.requireAuth(wrapHandler));
  return r;
}

const app = express();
app.get('/_unhandled', (req, res) => res.json(unhandled));
const handled = routes();
// eslint-disable-next-line no-unused-vars
handled.use((err, req, res, next) => {
  res.status(500).json({ handled: true, name: err.name, message: err.message, status: err.status ?? null, statusCode: err.statusCode ?? null });
});
app.use('/h', handled);
app.use('/d', routes());

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
server.keepAliveTimeout = 100;
process.on('SIGTERM', () => process.exit(0));
// The parent holds our stdin: when it goes away, so do we.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
