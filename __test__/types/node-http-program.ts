/**
 * A project without @types/express (tsconfig.noexpress.json maps `express` to
 * an empty module): the middlewares fall back to structural request/response
 * types that plain Node `http` objects satisfy. Compiled against our declarations only.
 */
import http from 'node:http';
import clerkClient, { ClerkExpressRequireAuth, ClerkExpressWithAuth, requireAuth, withAuth } from '@clerk/clerk-sdk-node';
import type { WithAuthProp } from '@clerk/clerk-sdk-node';

const withAuthMiddleware = ClerkExpressWithAuth();
const requireAuthMiddleware = ClerkExpressRequireAuth({ signInUrl: '/sign-in' });

export const server = http.createServer((req, res) => {
  void withAuthMiddleware(req, res, (err?: unknown) => {
    if (err) {
      res.writeHead(500).end();
      return;
    }
    const userId = (req as WithAuthProp<http.IncomingMessage>).auth.userId;
    res.end(userId ?? 'signed out');
  });
  void requireAuthMiddleware(req, res, () => res.end());
  void clerkClient.expressRequireAuth()(req, res, () => res.end());
});

export const legacy = withAuth(async (req, res) => {
  res.end(String(req.auth.userId));
});
export const legacyStrict = requireAuth(async (req, res) => {
  res.end(req.auth.userId);
});
