/**
 * Our declarations, checked against the real 4.13.23 declarations (`clerk-v4`):
 * every value v4 exports exists in ours with a type assignable to v4's, so any
 * use a v4 program makes of it type-checks against ours too. Type-checked only
 * (tsconfig.compat.json).
 */
import oursDefault, * as ours from '@clerk/clerk-sdk-node';
import oursInstanceDefault, * as oursInstance from '@clerk/clerk-sdk-node/esm/instance';
import v4Default, * as v4 from 'clerk-v4';
import v4InstanceDefault, * as v4Instance from 'clerk-v4/esm/instance';

/** The public members of a class instance (v4's API classes also carry protected members). */
type Public<T> = { [K in keyof T]: T[K] };

type SubApiName =
  | 'allowlistIdentifiers'
  | 'clients'
  | 'domains'
  | 'emailAddresses'
  | 'emails'
  | 'interstitial'
  | 'invitations'
  | 'organizations'
  | 'phoneNumbers'
  | 'redirectUrls'
  | 'sessions'
  | 'signInTokens'
  | 'smsMessages'
  | 'users';

/** v4's client type with its sub-API members reduced to their public members. */
type V4Client = typeof v4.clerkClient;
type PublicClient = { [K in keyof V4Client]: K extends SubApiName ? Public<V4Client[K]> : V4Client[K] };
type PublicFactory = (options: v4.ClerkOptions) => PublicClient;

// Everything exported as a value, except what needs the protected-member relaxation.
type Relaxed = SubApiName | 'clerkClient' | 'default' | 'Clerk' | 'createClerkClient';
export const values: Omit<typeof v4, Relaxed> = ours;

// The clients and factories.
export const client: PublicClient = ours.clerkClient;
export const defaultClient: PublicClient = oursDefault;
export const clerk: PublicFactory = ours.Clerk;
export const createClient: PublicFactory = ours.createClerkClient;

// The named sub-API exports.
export const users: Public<typeof v4.users> = ours.users;
export const sessions: Public<typeof v4.sessions> = ours.sessions;
export const organizations: Public<typeof v4.organizations> = ours.organizations;
export const invitations: Public<typeof v4.invitations> = ours.invitations;
export const clients: Public<typeof v4.clients> = ours.clients;
export const emailAddresses: Public<typeof v4.emailAddresses> = ours.emailAddresses;
export const phoneNumbers: Public<typeof v4.phoneNumbers> = ours.phoneNumbers;
export const emails: Public<typeof v4.emails> = ours.emails;
export const smsMessages: Public<typeof v4.smsMessages> = ours.smsMessages;
export const allowlistIdentifiers: Public<typeof v4.allowlistIdentifiers> = ours.allowlistIdentifiers;
export const domains: Public<typeof v4.domains> = ours.domains;

// The instance entry.
export const instanceValues: Omit<typeof v4Instance, 'default'> = oursInstance;
export const instanceFactory: PublicFactory = oursInstanceDefault;

// v4 values are accepted where our types are expected (for the plain data types).
export const userBack: ours.User = null as unknown as v4.User;
export const stateBack: ours.RequestState = null as unknown as v4.RequestState;
export const optionsBack: ours.ClerkOptions = null as unknown as v4.ClerkOptions;
export const middlewareOptionsBack: ours.ClerkMiddlewareOptions = null as unknown as v4.ClerkMiddlewareOptions;
export const webhookBack: ours.WebhookEvent = null as unknown as v4.WebhookEvent;
export const authBack: ours.AuthObject = null as unknown as v4.AuthObject;
export const looseBack: ours.LooseAuthProp = null as unknown as v4.LooseAuthProp;
export const strictBack: ours.StrictAuthProp = null as unknown as v4.StrictAuthProp;

// And the type exports, in the direction a v4 program uses them.
export const userJson: v4.UserJSON = null as unknown as ours.UserJSON;
export const organizationJson: v4.OrganizationJSON = null as unknown as ours.OrganizationJSON;
export const state: v4.RequestState = null as unknown as ours.RequestState;
export const signedIn: v4.SignedInAuthObject = null as unknown as ours.SignedInAuthObject;
export const signedOut: v4.SignedOutAuthObject = null as unknown as ours.SignedOutAuthObject;
export const loose: v4.LooseAuthProp = null as unknown as ours.LooseAuthProp;
export const strict: v4.StrictAuthProp = null as unknown as ours.StrictAuthProp;
export const withAuthProp: v4.WithAuthProp<{ a: 1 }> = null as unknown as ours.WithAuthProp<{ a: 1 }>;
export const requireAuthProp: v4.RequireAuthProp<{ a: 1 }> = null as unknown as ours.RequireAuthProp<{ a: 1 }>;
export const middleware: v4.ClerkMiddleware = null as unknown as ours.ClerkMiddleware;
export const webhook: v4.WebhookEvent = null as unknown as ours.WebhookEvent;
export const webhookType: v4.WebhookEventType = null as unknown as ours.WebhookEventType;
export const verifyJwtOptions: v4.VerifyJwtOptions = null as unknown as ours.VerifyJwtOptions;
export const verifyTokenOptions: v4.VerifyTokenOptions = null as unknown as ours.VerifyTokenOptions;
export const authenticateOptions: v4.AuthenticateRequestOptions = null as unknown as ours.AuthenticateRequestOptions;
export const createAuthOptions: Public<v4.CreateAuthenticateRequestOptions['options']> =
  null as unknown as ours.CreateAuthenticateRequestOptions['options'];
export const signedInOptions: v4.SignedInAuthObjectOptions = null as unknown as ours.SignedInAuthObjectOptions;
export const signJwtOptions: v4.SignJwtOptions = null as unknown as ours.SignJwtOptions;
export const oauthStrategy: v4.OAuthStrategy = null as unknown as ours.OAuthStrategy;
export const membershipRole: v4.OrganizationMembershipRole = null as unknown as ours.OrganizationMembershipRole;
export const signUpRequirements: v4.SignUpAttributeRequirements = null as unknown as ours.SignUpAttributeRequirements;

void [v4Default, v4InstanceDefault];
