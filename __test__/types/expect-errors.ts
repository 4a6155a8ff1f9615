/**
 * Mistakes that v4's declarations reject must be rejected by ours too (so our
 * types are not accidentally `any`). Compiled under tsconfig.json and
 * tsconfig.v4.json: every `@ts-expect-error` must be needed in both.
 */
import clerkClient, {
  AuthStatus,
  Clerk,
  ClerkExpressWithAuth,
  User,
  constants,
  organizations,
  sessions,
  users,
  verifyToken,
} from '@clerk/clerk-sdk-node';
import type { RequireAuthProp, UserJSON, WithAuthProp } from '@clerk/clerk-sdk-node';
// @ts-expect-error -- redirectUrls is reachable only as clerkClient.redirectUrls
import { redirectUrls } from '@clerk/clerk-sdk-node';
// @ts-expect-error -- the instance entry has no named Clerk export (only default)
import { Clerk as NamedInstanceClerk } from '@clerk/clerk-sdk-node/esm/instance';

export async function mistakes(): Promise<void> {
  // @ts-expect-error -- ids are strings
  await users.getUser(123);
  // @ts-expect-error -- no such method
  await users.getUsers();
  // @ts-expect-error -- url is required
  await clerkClient.redirectUrls.createRedirectUrl({});
  // @ts-expect-error -- getOrganization takes { organizationId } or { slug }
  await organizations.getOrganization({});
  // @ts-expect-error -- status is a SessionStatus
  await sessions.getSessionList({ status: 'sleeping' });
  // @ts-expect-error -- orderBy is a fixed set
  await users.getUserList({ orderBy: 'name' });
  // @ts-expect-error -- provider must be oauth_<provider>
  await users.getUserOauthAccessToken('user_1', 'google');

  const user = await users.getUser('user_1');
  // @ts-expect-error -- id is a string
  const n: number = user.id;
  // @ts-expect-error -- resources are read-only
  user.firstName = 'x';
  // @ts-expect-error -- no such field
  void user.emailAddress;

  // @ts-expect-error -- options are required for the top-level verifyToken
  await verifyToken('token');
  // @ts-expect-error -- not an AuthStatus
  void AuthStatus.Pending;
  // @ts-expect-error -- a literal type
  const cookie: '__client_uat' = constants.Cookies.Session;
  // @ts-expect-error -- fromJSON needs a UserJSON
  User.fromJSON({ id: 'user_1' });
  // @ts-expect-error -- middleware options are typed
  ClerkExpressWithAuth({ authorizedParties: 'http://localhost' });
  // @ts-expect-error -- client options are typed
  Clerk({ secretKey: 1 });

  const loose = null as unknown as WithAuthProp<{ url: string }>;
  // @ts-expect-error -- userId may be null when signed out
  const looseId: string = loose.auth.userId;
  const strict = null as unknown as RequireAuthProp<{ url: string }>;
  const strictId: string = strict.auth.userId;
  // @ts-expect-error -- the legacy auth prop does not declare orgId
  void strict.auth.orgId;

  const json = null as unknown as UserJSON;
  // @ts-expect-error -- JSON keys are snake_case
  void json.firstName;

  void [redirectUrls, NamedInstanceClerk, n, cookie, looseId, strictId];
}
