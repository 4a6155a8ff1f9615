/**
 * A typed program written the way a @clerk/clerk-sdk-node v4 user writes it.
 * It must compile against our declarations (tsconfig.json) and against the
 * real 4.13.23 declarations (tsconfig.v4.json). It is type-checked only, never run.
 */
import clerkClient, {
  AuthStatus,
  Clerk,
  ClerkExpressRequireAuth,
  ClerkExpressWithAuth,
  ObjectType,
  Organization,
  Session,
  User,
  allowlistIdentifiers,
  clients,
  constants,
  createClerkClient,
  createClerkExpressRequireAuth,
  createClerkExpressWithAuth,
  decodeJwt,
  deserialize,
  domains,
  emailAddresses,
  emails,
  invitations,
  organizations,
  phoneNumbers,
  redirect,
  requireAuth,
  sessions,
  setClerkApiKey,
  setClerkApiVersion,
  setClerkHttpOptions,
  setClerkServerApiUrl,
  signedOutAuthObject,
  smsMessages,
  users,
  verifyToken,
  withAuth,
} from '@clerk/clerk-sdk-node';
import type {
  AuthObject,
  ClerkMiddleware,
  ClerkMiddlewareOptions,
  ClerkOptions,
  LooseAuthProp,
  OrganizationMembershipRole,
  RequestState,
  RequireAuthProp,
  SignedInAuthObject,
  StrictAuthProp,
  UserJSON,
  WebhookEvent,
  WithAuthProp,
} from '@clerk/clerk-sdk-node';
import ClerkInstance, { User as InstanceUser, Verification } from '@clerk/clerk-sdk-node/esm/instance';
import CjsClerkInstance from '@clerk/clerk-sdk-node/cjs/instance';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';

// --- Global augmentation of metadata and session claims ---------------------

declare global {
  interface UserPublicMetadata {
    role?: 'admin' | 'member';
  }
  interface CustomJwtSessionClaims {
    plan?: string;
  }
  namespace Express {
    interface Request extends LooseAuthProp {}
  }
}

// --- Clients -----------------------------------------------------------------

const options: ClerkOptions = {
  secretKey: 'sk_test_xxx',
  apiUrl: 'https://api.clerk.com',
  apiVersion: 'v1',
  jwtKey: '-----BEGIN PUBLIC KEY-----\n...',
  publishableKey: 'pk_test_xxx',
};
const custom = createClerkClient(options);
const viaClerk = Clerk({ secretKey: 'sk_test_yyy' });
const viaInstance = ClerkInstance({ secretKey: 'sk_test_zzz' });
const viaCjsInstance = CjsClerkInstance({ secretKey: 'sk_test_zzz' });
const sameShape: typeof viaClerk = viaInstance;
void custom;
void sameShape;
void viaCjsInstance;

// --- REST calls ---------------------------------------------------------------

async function adminTasks(): Promise<void> {
  const list: User[] = await clerkClient.users.getUserList({ orderBy: '-created_at', limit: 10, emailAddress: ['a@b.c'] });
  const count: number = await users.getCount({ query: 'john' });
  const user = await users.getUser('user_123');
  const role: 'admin' | 'member' | undefined = user.publicMetadata.role;
  const email: string | undefined = user.emailAddresses.find((e) => e.id === user.primaryEmailAddressId)?.emailAddress;
  const verified: boolean = user.emailAddresses[0]?.verification?.status === 'verified';
  const wallet: string | undefined = user.web3Wallets[0]?.web3Wallet;
  const created: User = await users.createUser({
    emailAddress: ['new@example.com'],
    password: 'correct horse battery staple',
    firstName: 'New',
    publicMetadata: { role: 'member' },
  });
  await users.updateUser(created.id, { firstName: 'Renamed', primaryEmailAddressID: 'idn_1' });
  await users.updateUserMetadata(created.id, { privateMetadata: { stripeId: 'cus_1' } });
  const tokens = await users.getUserOauthAccessToken(user.id, 'oauth_google');
  const accessToken: string = tokens[0].token;
  const { verified: passwordOk } = await users.verifyPassword({ userId: user.id, password: 'x' });
  const memberships = await users.getOrganizationMembershipList({ userId: user.id, limit: 5 });
  const orgName: string = memberships[0].organization.name;
  await users.deleteUser(created.id);

  const sessionList: Session[] = await sessions.getSessionList({ userId: user.id, status: 'active' });
  const session = await sessions.verifySession('sess_1', 'token');
  const revoked: Session = await sessions.revokeSession(session.id);
  const jwt = await clerkClient.sessions.getToken(session.id, 'supabase');
  const client = await clients.verifyClient('client-token');
  const lastActive: string | null = client.lastActiveSessionId;

  const org: Organization = await organizations.createOrganization({ name: 'Acme', createdBy: user.id });
  const bySlug = await organizations.getOrganization({ slug: 'acme' });
  const byId = await organizations.getOrganization({ organizationId: org.id });
  const role2: OrganizationMembershipRole = 'admin';
  await organizations.createOrganizationMembership({ organizationId: org.id, userId: user.id, role: role2 });
  await organizations.getOrganizationInvitationList({ organizationId: org.id, status: ['pending'] });
  await organizations.updateOrganizationLogo(org.id, { file: new Blob(['x']), uploaderUserId: user.id });
  const membersCount: number | undefined = bySlug.membersCount;

  await invitations.createInvitation({ emailAddress: 'x@y.z', redirectUrl: 'https://app/accept' });
  await allowlistIdentifiers.createAllowlistIdentifier({ identifier: 'x@y.z', notify: false });
  await emailAddresses.updateEmailAddress('idn_1', { verified: true });
  await phoneNumbers.createPhoneNumber({ userId: user.id, phoneNumber: '+15555550100' });
  const deleted = await domains.deleteDomain('dmn_1');
  const wasDeleted: boolean = deleted.deleted;
  await clerkClient.redirectUrls.createRedirectUrl({ url: 'https://app/callback' });
  const signIn = await clerkClient.signInTokens.createSignInToken({ userId: user.id, expiresInSeconds: 60 });
  const signInUrl: string = signIn.url;
  await emails.createEmail({ fromEmailName: 'support', emailAddressId: 'idn_1', subject: 'Welcome', body: '<p>Hi</p>' });
  await smsMessages.createSMSMessage({ phoneNumberId: 'idn_2', message: 'Your code is 424242' });
  const page: string = await clerkClient.interstitial.getInterstitial();

  void [list, count, role, email, verified, wallet, accessToken, passwordOk, orgName, sessionList, revoked, jwt];
  void [lastActive, byId, membersCount, wasDeleted, signInUrl, page];
}

// --- Error handling -------------------------------------------------------------

async function safeGetUser(userId: string): Promise<User | null> {
  try {
    return await users.getUser(userId);
  } catch (err: any) {
    if (err.clerkError && err.status === 404) return null;
    if (err.clerkError) {
      const code: string = err.errors[0].code;
      console.error(`Clerk error ${err.status} ${code} trace=${err.clerkTraceId}`);
    }
    throw err;
  }
}

type ApiErrorLike = { clerkError: true; status: number; errors: { code: string; message: string; longMessage?: string }[] };
function isApiError(err: unknown): err is ApiErrorLike {
  return typeof err === 'object' && err !== null && (err as { clerkError?: unknown }).clerkError === true;
}

async function createOrReport(email: string): Promise<string> {
  try {
    const user = await clerkClient.users.createUser({ emailAddress: [email] });
    return user.id;
  } catch (err) {
    if (isApiError(err) && err.errors[0]?.code === 'form_identifier_exists') return 'exists';
    throw err;
  }
}

// --- Legacy setters -------------------------------------------------------------

setClerkApiKey('test_legacy_key');
setClerkServerApiUrl('https://api.clerk.com');
setClerkApiVersion('v1');
setClerkHttpOptions({ headers: { 'x-trace': '1' } });

// --- Express ----------------------------------------------------------------------

const app = express();
const middlewareOptions: ClerkMiddlewareOptions = { authorizedParties: ['http://localhost:3000'], signInUrl: '/sign-in' };
app.use(ClerkExpressWithAuth(middlewareOptions));

app.get('/me', ClerkExpressRequireAuth(), async (req, res) => {
  const userId = req.auth.userId;
  if (!userId) {
    res.status(401).end();
    return;
  }
  const user = await clerkClient.users.getUser(userId);
  res.json({ id: user.id, sessionId: req.auth.sessionId, plan: req.auth.claims?.plan });
});

app.get('/token', async (req: WithAuthProp<Request>, res: Response) => {
  const token: string | null = await req.auth.getToken({ template: 'supabase' });
  res.json({ token, actor: req.auth.actor?.sub });
});

function strictHandler(req: RequireAuthProp<Request>, res: Response): void {
  const userId: string = req.auth.userId;
  res.send(userId);
}
app.get('/strict', ClerkExpressRequireAuth(), strictHandler as unknown as express.RequestHandler);

app.get('/instance', clerkClient.expressRequireAuth({ jwtKey: 'pem' }), (_req, res) => res.send('ok'));
app.get('/custom', custom.expressWithAuth(), (_req, res) => res.send('ok'));
const viaFactory = createClerkExpressWithAuth({ clerkClient: custom, secretKey: 'sk_test_xxx' })();
const viaFactoryStrict = createClerkExpressRequireAuth({ clerkClient: custom })({ audience: 'aud' });
const middlewares: ClerkMiddleware[] = [viaFactory, viaFactoryStrict];
app.use(...middlewares);

app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
  res.status(401).send(err.message);
});

export const legacyWithAuth = withAuth(async (req, res) => {
  res.json({ userId: req.auth.userId });
});
export const legacyRequireAuth = requireAuth(async (req, res) => {
  res.json({ userId: req.auth.userId });
});

// --- Auth state, tokens, resources ---------------------------------------------

async function authenticate(request: globalThis.Request): Promise<string | null> {
  const state: RequestState = await clerkClient.authenticateRequest({ request, publishableKey: 'pk_test_xxx' });
  if (state.status === AuthStatus.SignedIn) {
    const auth: SignedInAuthObject = state.toAuth();
    return auth.userId;
  }
  if (state.isInterstitial) {
    const html: string = clerkClient.localInterstitial({ frontendApi: '', publishableKey: 'pk_test_xxx' });
    void html;
  }
  const debug = clerkClient.debugRequestState(state);
  console.log(debug.reason, debug.isSignedIn);
  return null;
}

async function verify(token: string): Promise<string> {
  const claims = await verifyToken(token, { issuer: (iss) => iss.startsWith('https://clerk.'), jwtKey: 'pem' });
  const viaClient = await clerkClient.verifyToken(token);
  const viaBase = await clerkClient.base.verifySessionToken(token);
  const decoded = decodeJwt(token);
  const kid: string = decoded.header.kid;
  const orgRole = viaClient.org_role;
  void [kid, orgRole, viaBase];
  return claims.sub;
}

function handleWebhook(evt: WebhookEvent): string {
  switch (evt.type) {
    case 'user.created':
    case 'user.updated': {
      const data: UserJSON = evt.data;
      return User.fromJSON(data).id;
    }
    case 'user.deleted':
      return evt.data.id ?? 'unknown';
    default:
      return evt.type;
  }
}

function fromRawJson(json: UserJSON): InstanceUser {
  const user = InstanceUser.fromJSON(json);
  const isUser: boolean = json.object === ObjectType.User;
  const v: Verification | null = user.emailAddresses[0]?.verification ?? null;
  const legacyImage: string = user.profileImageUrl;
  void [isUser, v, legacyImage, deserialize(json)];
  return user;
}

const redirects = redirect({ redirectAdapter: (url) => url, publishableKey: 'pk_test_xxx' });
const signInRedirect: string = redirects.redirectToSignIn({ returnBackUrl: 'https://app/after' });
const sessionCookie: '__session' = constants.Cookies.Session;
const signedOut: AuthObject = signedOutAuthObject();
const strict: StrictAuthProp['auth'] | null = null;

void [adminTasks, safeGetUser, createOrReport, authenticate, verify, handleWebhook, fromRawJson];
void [signInRedirect, sessionCookie, signedOut, strict];
