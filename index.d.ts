/**
 * Type declarations for the main entry of clerk-sdk-node-rs, a native drop-in
 * replacement for `@clerk/clerk-sdk-node@4.13.23` (with `@clerk/backend@0.38.15`).
 *
 * Self-contained on purpose: the published package has no `@clerk/*` packages
 * underneath, so the types that 4.13.23 took from `@clerk/backend`,
 * `@clerk/types` and `@clerk/shared` are restated here with the same names and
 * shapes, so that TypeScript programs written for 4.13.23 compile unchanged.
 *
 * Web platform types (`Request`, `Headers`, `RequestInit`, `URL`, `Blob`, ...)
 * come from `@types/node` (>= 18) or the DOM lib, as they did for 4.13.23.
 * Express types are used when `@types/express` can be resolved; otherwise
 * minimal structural request/response types take their place.
 */

// `@types/express` is optional: when it is missing, the import resolves to nothing and the fallbacks below apply.
// Keep the import on one line: @ts-ignore covers only the next line.
// @ts-ignore
import type { NextFunction as _ExpressNextFunction, Request as _ExpressRequest, Response as _ExpressResponse } from 'express';

// ---------------------------------------------------------------------------
// Global augmentation points (as declared by @clerk/types). Redeclare these in
// your own `declare global { ... }` block to type metadata and session claims.
// ---------------------------------------------------------------------------

declare global {
  interface UserPublicMetadata {
    [k: string]: unknown;
  }
  interface UserPrivateMetadata {
    [k: string]: unknown;
  }
  interface UserUnsafeMetadata {
    [k: string]: unknown;
  }
  interface OrganizationPublicMetadata {
    [k: string]: unknown;
  }
  interface OrganizationPrivateMetadata {
    [k: string]: unknown;
  }
  interface OrganizationMembershipPublicMetadata {
    [k: string]: unknown;
  }
  interface OrganizationMembershipPrivateMetadata {
    [k: string]: unknown;
  }
  interface OrganizationInvitationPublicMetadata {
    [k: string]: unknown;
  }
  interface OrganizationInvitationPrivateMetadata {
    [k: string]: unknown;
  }
  /** Custom keys of `sessionClaims` (JWT templates). */
  interface CustomJwtSessionClaims {
    [k: string]: unknown;
  }
  /** Custom organization roles and permissions: `{ role: ...; permission: ... }`. */
  interface ClerkAuthorization {}
}

// ---------------------------------------------------------------------------
// Auto-pagination iterators, typed structurally: `AsyncGenerator` and
// `Symbol.asyncIterator` exist only from lib es2018, and these declarations must
// compile with any lib (es5 included) and skipLibCheck off.
// ---------------------------------------------------------------------------

declare global {
  // Merges with the lib's own (es2015+); on es5, which has no Symbol, it stays empty.
  interface SymbolConstructor {}
}

/** `typeof Symbol.asyncIterator` where the lib has it (es2018+), else no key. */
type AsyncIteratorKey = SymbolConstructor extends { readonly asyncIterator: infer K extends PropertyKey } ? K : never;

/** One step of an {@link AsyncListIterator}. */
export type AsyncListIteratorResult<T> = { done?: false; value: T } | { done: true; value: undefined };

/**
 * What the `iterate…List` methods return: an async iterator over every item of
 * the list, page by page (`for await (const user of users.iterateUserList()) …`
 * where the lib has es2018's async iteration; `.next()` everywhere).
 */
export type AsyncListIterator<T> = {
  next(): Promise<AsyncListIteratorResult<T>>;
  return(value?: undefined): Promise<AsyncListIteratorResult<T>>;
  throw(error?: unknown): Promise<AsyncListIteratorResult<T>>;
} & { [K in AsyncIteratorKey]: () => AsyncListIterator<T> };

// ---------------------------------------------------------------------------
// Request/response types for the Express glue
// ---------------------------------------------------------------------------

/** `T` when it resolved to a real type, else `Fallback` (an unresolved import is an error type). */
type ResolvedOr<T, Fallback> = unknown extends T ? Fallback : T;

/** Minimal Node/Connect request shape the middlewares read. */
type FallbackRequest = {
  headers: Record<string, string | string[] | undefined>;
  url?: string;
  method?: string;
  [key: string]: any;
};

/** Minimal Node/Connect response shape the middlewares write to. */
type FallbackResponse = {
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  writeHead(statusCode: number, headers?: Record<string, string>): unknown;
  end(body?: string): unknown;
  [key: string]: any;
};

type FallbackNextFunction = (err?: unknown) => void;

type ExpressRequest = ResolvedOr<_ExpressRequest, FallbackRequest>;
type ExpressResponse = ResolvedOr<_ExpressResponse, FallbackResponse>;
type ExpressNextFunction = ResolvedOr<_ExpressNextFunction, FallbackNextFunction>;

// ---------------------------------------------------------------------------
// Shared types (from @clerk/types 3.65.5)
// ---------------------------------------------------------------------------

type Autocomplete<U extends T, T = string> = U | (T & Record<never, never>);

type AuthorizationBase = { permission: string; role: string };
type AuthorizationPlaceholder = { permission: unknown; role: unknown };

export type OrganizationCustomPermissionKey = ClerkAuthorization extends AuthorizationPlaceholder
  ? ClerkAuthorization['permission'] extends string
    ? ClerkAuthorization['permission']
    : AuthorizationBase['permission']
  : AuthorizationBase['permission'];

export type OrganizationCustomRoleKey = ClerkAuthorization extends AuthorizationPlaceholder
  ? ClerkAuthorization['role'] extends string
    ? ClerkAuthorization['role']
    : AuthorizationBase['role']
  : AuthorizationBase['role'];

/**
 * @deprecated Use `OrganizationCustomRoleKey` instead.
 */
export type MembershipRole = ClerkAuthorization extends AuthorizationPlaceholder
  ? ClerkAuthorization['role'] extends string
    ? ClerkAuthorization['role'] | 'admin' | 'basic_member' | 'guest_member'
    : Autocomplete<'admin' | 'basic_member' | 'guest_member'>
  : Autocomplete<'admin' | 'basic_member' | 'guest_member'>;

export type SessionStatus = 'abandoned' | 'active' | 'ended' | 'expired' | 'removed' | 'replaced' | 'revoked';

/** The OAuth providers accepted by `users.getUserOauthAccessToken` (the @clerk/types list). */
type ClerkTypesOAuthProvider =
  | 'facebook'
  | 'google'
  | 'hubspot'
  | 'github'
  | 'tiktok'
  | 'gitlab'
  | 'discord'
  | 'twitter'
  | 'twitch'
  | 'linkedin'
  | 'linkedin_oidc'
  | 'dropbox'
  | 'atlassian'
  | 'bitbucket'
  | 'microsoft'
  | 'notion'
  | 'apple'
  | 'line'
  | 'instagram'
  | 'coinbase'
  | 'spotify'
  | 'xero'
  | 'box'
  | 'slack'
  | 'linear'
  | 'x'
  | 'enstall';

/** JWT Actor - [RFC8693](https://www.rfc-editor.org/rfc/rfc8693.html#name-act-actor-claim). */
export interface ActClaim {
  sub: string;
  [x: string]: unknown;
}

export interface JwtHeader {
  alg: string;
  typ?: string;
  cty?: string;
  crit?: Array<string | Exclude<keyof JwtHeader, 'crit'>>;
  kid: string;
  jku?: string;
  x5u?: string | string[];
  'x5t#S256'?: string;
  x5t?: string;
  x5c?: string | string[];
}

export interface JwtPayload extends CustomJwtSessionClaims {
  /** Encoded token supporting the `getRawString` method. */
  __raw: string;
  /** JWT Issuer. */
  iss: string;
  /** JWT Subject (the user id). */
  sub: string;
  /** Session ID. */
  sid: string;
  /** JWT Not Before. */
  nbf: number;
  /** JWT Expiration Time. */
  exp: number;
  /** JWT Issued At. */
  iat: number;
  /** JWT Authorized party. */
  azp?: string;
  /** JWT Actor. */
  act?: ActClaim;
  /**
   * @deprecated - Add orgs to your session token using the "user.organizations" shortcode in JWT Templates instead
   */
  orgs?: Record<string, MembershipRole>;
  /** Active organization id. */
  org_id?: string;
  /** Active organization slug. */
  org_slug?: string;
  /** Active organization role. */
  org_role?: MembershipRole;
  /** Active organization permissions. */
  org_permissions?: OrganizationCustomPermissionKey[];
  /** Any other JWT Claim Set member. */
  [propName: string]: unknown;
}

export interface Jwt {
  header: JwtHeader;
  payload: JwtPayload;
  signature: Uint8Array;
  raw: {
    header: string;
    payload: string;
    signature: string;
    text: string;
  };
}

export type ServerGetTokenOptions = {
  template?: string;
};
export type ServerGetToken = (options?: ServerGetTokenOptions) => Promise<string | null>;

export type CheckAuthorizationParamsWithCustomPermissions =
  | { role: OrganizationCustomRoleKey; permission?: never }
  | { role?: never; permission: OrganizationCustomPermissionKey };
export type CheckAuthorizationWithCustomPermissions = (
  isAuthorizedParams: CheckAuthorizationParamsWithCustomPermissions,
) => boolean;

type StringOrURLFnToString = string | ((url: URL) => string);

/**
 * Satellite/proxy options of the middlewares:
 * none set, only `proxyUrl`, or `isSatellite` with either `domain` or `proxyUrl`.
 */
export type MultiDomainAndOrProxy =
  | { isSatellite?: never; proxyUrl?: never | StringOrURLFnToString; domain?: never }
  | { isSatellite: boolean | ((url: URL) => boolean); proxyUrl?: never; domain: StringOrURLFnToString }
  | { isSatellite: boolean | ((url: URL) => boolean); proxyUrl: StringOrURLFnToString; domain?: never };

export type MultiDomainAndOrProxyPrimitives =
  | { isSatellite?: never; proxyUrl?: never | string; domain?: never }
  | { isSatellite: boolean; proxyUrl?: never; domain: string }
  | { isSatellite: boolean; proxyUrl: string; domain?: never };

/** One entry of `errors[]` on a Backend API error. */
export interface ClerkAPIError {
  code: string;
  message: string;
  longMessage?: string;
  meta?: {
    paramName?: string;
    sessionId?: string;
    emailAddresses?: string[];
    identifiers?: string[];
    zxcvbn?: {
      suggestions: {
        code: string;
        message: string;
      }[];
    };
    permissions?: string[];
  };
}

/**
 * The error every sub-API call rejects with when the Backend API answers with an
 * error status (from @clerk/shared). Not exported at runtime (as in 4.13.23):
 * recognise it by `err.clerkError === true`.
 */
export interface ClerkAPIResponseError extends Error {
  clerkError: true;
  status: number;
  message: string;
  clerkTraceId?: string;
  errors: ClerkAPIError[];
  /** Seconds from the `Retry-After` header of a 429 answer (addition A2). */
  retryAfter?: number;
  toString(): string;
}

/** A JSON Web Key (the DOM lib's `JsonWebKey` fields, so that a DOM `JsonWebKey` is accepted too). */
type JsonWebKeyInit = {
  alg?: string;
  crv?: string;
  d?: string;
  dp?: string;
  dq?: string;
  e?: string;
  ext?: boolean;
  k?: string;
  key_ops?: string[];
  kid?: string;
  kty?: string;
  n?: string;
  oth?: { d?: string; r?: string; t?: string }[];
  p?: string;
  q?: string;
  qi?: string;
  use?: string;
  x?: string;
  y?: string;
};

// ---------------------------------------------------------------------------
// Backend API JSON shapes and enums
// ---------------------------------------------------------------------------

export declare enum ObjectType {
  AllowlistIdentifier = 'allowlist_identifier',
  Client = 'client',
  Email = 'email',
  EmailAddress = 'email_address',
  ExternalAccount = 'external_account',
  FacebookAccount = 'facebook_account',
  GoogleAccount = 'google_account',
  Invitation = 'invitation',
  OauthAccessToken = 'oauth_access_token',
  Organization = 'organization',
  OrganizationInvitation = 'organization_invitation',
  OrganizationMembership = 'organization_membership',
  PhoneNumber = 'phone_number',
  RedirectUrl = 'redirect_url',
  Session = 'session',
  SignInAttempt = 'sign_in_attempt',
  SignInToken = 'sign_in_token',
  SignUpAttempt = 'sign_up_attempt',
  SmsMessage = 'sms_message',
  User = 'user',
  Web3Wallet = 'web3_wallet',
  Token = 'token',
  TotalCount = 'total_count',
}

export type OAuthProvider =
  | 'facebook'
  | 'google'
  | 'hubspot'
  | 'github'
  | 'tiktok'
  | 'gitlab'
  | 'discord'
  | 'twitter'
  | 'twitch'
  | 'linkedin'
  | 'linkedin_oidc'
  | 'dropbox'
  | 'bitbucket'
  | 'microsoft'
  | 'notion'
  | 'apple'
  | 'x';
export type OAuthStrategy = `oauth_${OAuthProvider}`;
export type OrganizationInvitationStatus = 'pending' | 'accepted' | 'revoked';
export type OrganizationMembershipRole = MembershipRole;
export type SignInStatus = 'needs_identifier' | 'needs_factor_one' | 'needs_factor_two' | 'complete';
export type SignUpStatus = 'missing_requirements' | 'complete' | 'abandoned';
export type SignUpAttributeRequirements = (
  | 'name_title'
  | 'name_middle'
  | 'name_last'
  | 'name_suffix'
  | 'age'
  | 'gender'
)[][];
export type InvitationStatus = 'pending' | 'accepted' | 'revoked';

export interface ClerkResourceJSON {
  object: ObjectType;
  id: string;
}

export interface TokenJSON {
  object: ObjectType.Token;
  jwt: string;
}

export interface AllowlistIdentifierJSON extends ClerkResourceJSON {
  object: ObjectType.AllowlistIdentifier;
  identifier: string;
  created_at: number;
  updated_at: number;
  invitation_id?: string;
}

export interface ClientJSON extends ClerkResourceJSON {
  object: ObjectType.Client;
  session_ids: string[];
  sessions: SessionJSON[];
  sign_in_id: string | null;
  sign_up_id: string | null;
  last_active_session_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface EmailJSON extends ClerkResourceJSON {
  object: ObjectType.Email;
  from_email_name: string;
  to_email_address?: string;
  email_address_id: string | null;
  subject?: string;
  body?: string;
  body_plain?: string | null;
  status?: string;
  slug?: string | null;
  data?: Record<string, any> | null;
  delivered_by_clerk?: boolean;
}

export interface EmailAddressJSON extends ClerkResourceJSON {
  object: ObjectType.EmailAddress;
  email_address: string;
  verification: VerificationJSON | null;
  linked_to: IdentificationLinkJSON[];
}

export interface ExternalAccountJSON extends ClerkResourceJSON {
  object: ObjectType.ExternalAccount;
  provider: string;
  identification_id: string;
  provider_user_id: string;
  approved_scopes: string;
  email_address: string;
  first_name: string;
  last_name: string;
  /**
   * @deprecated  Use `image_url` instead.
   */
  avatar_url: string;
  image_url: string;
  username: string | null;
  public_metadata: Record<string, unknown> | null;
  label: string | null;
  verification: VerificationJSON | null;
}

export interface IdentificationLinkJSON extends ClerkResourceJSON {
  type: string;
}

export interface InvitationJSON extends ClerkResourceJSON {
  object: ObjectType.Invitation;
  email_address: string;
  public_metadata: Record<string, unknown> | null;
  created_at: number;
  updated_at: number;
  status: InvitationStatus;
  revoked?: boolean;
}

export interface OauthAccessTokenJSON {
  object: ObjectType.OauthAccessToken;
  provider: string;
  token: string;
  public_metadata: Record<string, unknown>;
  label: string;
  scopes?: string[];
  token_secret?: string;
}

export interface OrganizationJSON extends ClerkResourceJSON {
  object: ObjectType.Organization;
  name: string;
  slug: string | null;
  /**
   * @deprecated  Use `image_url` instead.
   */
  logo_url: string | null;
  image_url: string;
  has_image: boolean;
  public_metadata: OrganizationPublicMetadata | null;
  private_metadata?: OrganizationPrivateMetadata;
  created_by: string;
  created_at: number;
  updated_at: number;
  max_allowed_memberships: number;
  admin_delete_enabled: boolean;
  members_count?: number;
}

export interface OrganizationInvitationJSON extends ClerkResourceJSON {
  email_address: string;
  organization_id: string;
  public_metadata: OrganizationInvitationPublicMetadata;
  private_metadata: OrganizationInvitationPrivateMetadata;
  role: OrganizationMembershipRole;
  status: OrganizationInvitationStatus;
  created_at: number;
  updated_at: number;
}

export interface OrganizationMembershipJSON extends ClerkResourceJSON {
  object: ObjectType.OrganizationMembership;
  organization: OrganizationJSON;
  public_metadata: OrganizationMembershipPublicMetadata;
  private_metadata?: OrganizationMembershipPrivateMetadata;
  public_user_data: OrganizationMembershipPublicUserDataJSON;
  role: OrganizationMembershipRole;
  created_at: number;
  updated_at: number;
}

export interface OrganizationMembershipPublicUserDataJSON {
  identifier: string;
  first_name: string | null;
  last_name: string | null;
  /**
   * @deprecated  Use `image_url` instead.
   */
  profile_image_url: string;
  image_url: string;
  has_image: boolean;
  user_id: string;
}

export interface PhoneNumberJSON extends ClerkResourceJSON {
  object: ObjectType.PhoneNumber;
  phone_number: string;
  reserved_for_second_factor: boolean;
  default_second_factor: boolean;
  linked_to: IdentificationLinkJSON[];
  verification: VerificationJSON | null;
}

export interface RedirectUrlJSON extends ClerkResourceJSON {
  object: ObjectType.RedirectUrl;
  url: string;
  created_at: number;
  updated_at: number;
}

export interface SessionJSON extends ClerkResourceJSON {
  object: ObjectType.Session;
  client_id: string;
  user_id: string;
  status: string;
  last_active_at: number;
  expire_at: number;
  abandon_at: number;
  created_at: number;
  updated_at: number;
}

export interface SignInJSON extends ClerkResourceJSON {
  object: ObjectType.SignInToken;
  status: SignInStatus;
  identifier: string;
  created_session_id: string | null;
}

export interface SignInTokenJSON extends ClerkResourceJSON {
  user_id: string;
  token: string;
  status: 'pending' | 'accepted' | 'revoked';
  url: string;
  created_at: number;
  updated_at: number;
}

export interface SignUpJSON extends ClerkResourceJSON {
  object: ObjectType.SignUpAttempt;
  status: SignUpStatus;
  attribute_requirements: SignUpAttributeRequirements;
  username: string | null;
  email_address: string | null;
  phone_number: string | null;
  web3_wallet: string | null;
  web3_wallet_verification: VerificationJSON | null;
  external_account: any;
  has_password: boolean;
  name_full: string | null;
  created_session_id: string | null;
  created_user_id: string | null;
  abandon_at: number | null;
}

export interface SMSMessageJSON extends ClerkResourceJSON {
  object: ObjectType.SmsMessage;
  from_phone_number: string;
  to_phone_number: string;
  phone_number_id: string | null;
  message: string;
  status: string;
  data?: Record<string, any> | null;
}

export interface UserJSON extends ClerkResourceJSON {
  object: ObjectType.User;
  username: string | null;
  first_name: string;
  last_name: string;
  gender: string;
  birthday: string;
  /**
   * @deprecated  Use `image_url` instead.
   */
  profile_image_url: string;
  image_url: string;
  has_image: boolean;
  primary_email_address_id: string;
  primary_phone_number_id: string | null;
  primary_web3_wallet_id: string | null;
  password_enabled: boolean;
  totp_enabled: boolean;
  backup_code_enabled: boolean;
  two_factor_enabled: boolean;
  banned: boolean;
  email_addresses: EmailAddressJSON[];
  phone_numbers: PhoneNumberJSON[];
  web3_wallets: Web3WalletJSON[];
  external_accounts: ExternalAccountJSON[];
  external_id: string | null;
  last_sign_in_at: number | null;
  public_metadata: UserPublicMetadata;
  private_metadata: UserPrivateMetadata;
  unsafe_metadata: UserUnsafeMetadata;
  created_at: number;
  updated_at: number;
  create_organization_enabled: boolean;
}

export interface VerificationJSON extends ClerkResourceJSON {
  attempts?: number | null;
  expire_at: number | null;
  external_verification_redirect_url?: string;
  nonce?: string | null;
  status: string;
  strategy: string;
  verified_at_client?: string;
}

export interface Web3WalletJSON extends ClerkResourceJSON {
  object: ObjectType.Web3Wallet;
  web3_wallet: string;
  verification: VerificationJSON | null;
}

export interface DeletedObjectJSON {
  object: string;
  id?: string;
  slug?: string;
  deleted: boolean;
}

// ---------------------------------------------------------------------------
// Webhook events
// ---------------------------------------------------------------------------

type Webhook<EvtType, Data> = {
  type: EvtType;
  object: 'event';
  data: Data;
};

export type UserWebhookEvent =
  | Webhook<'user.created' | 'user.updated', UserJSON>
  | Webhook<'user.deleted', DeletedObjectJSON>;
export type EmailWebhookEvent = Webhook<'email.created', EmailJSON>;
export type SMSWebhookEvent = Webhook<'sms.created', SMSMessageJSON>;
export type SessionWebhookEvent = Webhook<
  'session.created' | 'session.ended' | 'session.removed' | 'session.revoked',
  SessionJSON
>;
export type OrganizationWebhookEvent =
  | Webhook<'organization.created' | 'organization.updated', OrganizationJSON>
  | Webhook<'organization.deleted', DeletedObjectJSON>;
export type OrganizationMembershipWebhookEvent = Webhook<
  'organizationMembership.created' | 'organizationMembership.deleted' | 'organizationMembership.updated',
  OrganizationMembershipJSON
>;
export type OrganizationInvitationWebhookEvent = Webhook<
  'organizationInvitation.accepted' | 'organizationInvitation.created' | 'organizationInvitation.revoked',
  OrganizationInvitationJSON
>;
export type WebhookEvent =
  | UserWebhookEvent
  | SessionWebhookEvent
  | EmailWebhookEvent
  | SMSWebhookEvent
  | OrganizationWebhookEvent
  | OrganizationMembershipWebhookEvent
  | OrganizationInvitationWebhookEvent;
export type WebhookEventType = WebhookEvent['type'];

// ---------------------------------------------------------------------------
// Resource classes (runtime exports with a static `fromJSON`)
// ---------------------------------------------------------------------------

export declare class AllowlistIdentifier {
  readonly id: string;
  readonly identifier: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly invitationId?: string | undefined;
  constructor(id: string, identifier: string, createdAt: number, updatedAt: number, invitationId?: string | undefined);
  static fromJSON(data: AllowlistIdentifierJSON): AllowlistIdentifier;
}

export declare class Session {
  readonly id: string;
  readonly clientId: string;
  readonly userId: string;
  readonly status: string;
  readonly lastActiveAt: number;
  readonly expireAt: number;
  readonly abandonAt: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  constructor(
    id: string,
    clientId: string,
    userId: string,
    status: string,
    lastActiveAt: number,
    expireAt: number,
    abandonAt: number,
    createdAt: number,
    updatedAt: number,
  );
  static fromJSON(data: SessionJSON): Session;
}

export declare class Client {
  readonly id: string;
  readonly sessionIds: string[];
  readonly sessions: Session[];
  readonly signInId: string | null;
  readonly signUpId: string | null;
  readonly lastActiveSessionId: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  constructor(
    id: string,
    sessionIds: string[],
    sessions: Session[],
    signInId: string | null,
    signUpId: string | null,
    lastActiveSessionId: string | null,
    createdAt: number,
    updatedAt: number,
  );
  static fromJSON(data: ClientJSON): Client;
}

export declare class DeletedObject {
  readonly object: string;
  readonly id: string | null;
  readonly slug: string | null;
  readonly deleted: boolean;
  constructor(object: string, id: string | null, slug: string | null, deleted: boolean);
  static fromJSON(data: DeletedObjectJSON): DeletedObject;
}

export declare class Email {
  readonly id: string;
  readonly fromEmailName: string;
  readonly emailAddressId: string | null;
  readonly toEmailAddress?: string | undefined;
  readonly subject?: string | undefined;
  readonly body?: string | undefined;
  readonly bodyPlain?: string | null | undefined;
  readonly status?: string | undefined;
  readonly slug?: string | null | undefined;
  readonly data?: Record<string, any> | null | undefined;
  readonly deliveredByClerk?: boolean | undefined;
  constructor(
    id: string,
    fromEmailName: string,
    emailAddressId: string | null,
    toEmailAddress?: string | undefined,
    subject?: string | undefined,
    body?: string | undefined,
    bodyPlain?: string | null | undefined,
    status?: string | undefined,
    slug?: string | null | undefined,
    data?: Record<string, any> | null | undefined,
    deliveredByClerk?: boolean | undefined,
  );
  static fromJSON(data: EmailJSON): Email;
}

export declare class IdentificationLink {
  readonly id: string;
  readonly type: string;
  constructor(id: string, type: string);
  static fromJSON(data: IdentificationLinkJSON): IdentificationLink;
}

export declare class Verification {
  readonly status: string;
  readonly strategy: string;
  readonly externalVerificationRedirectURL: URL | null;
  readonly attempts: number | null;
  readonly expireAt: number | null;
  readonly nonce: string | null;
  constructor(
    status: string,
    strategy: string,
    externalVerificationRedirectURL?: URL | null,
    attempts?: number | null,
    expireAt?: number | null,
    nonce?: string | null,
  );
  static fromJSON(data: VerificationJSON): Verification;
}

export declare class EmailAddress {
  readonly id: string;
  readonly emailAddress: string;
  readonly verification: Verification | null;
  readonly linkedTo: IdentificationLink[];
  constructor(id: string, emailAddress: string, verification: Verification | null, linkedTo: IdentificationLink[]);
  static fromJSON(data: EmailAddressJSON): EmailAddress;
}

export declare class PhoneNumber {
  readonly id: string;
  readonly phoneNumber: string;
  readonly reservedForSecondFactor: boolean;
  readonly defaultSecondFactor: boolean;
  readonly verification: Verification | null;
  readonly linkedTo: IdentificationLink[];
  constructor(
    id: string,
    phoneNumber: string,
    reservedForSecondFactor: boolean,
    defaultSecondFactor: boolean,
    verification: Verification | null,
    linkedTo: IdentificationLink[],
  );
  static fromJSON(data: PhoneNumberJSON): PhoneNumber;
}

/** Not exported at runtime (as in 4.13.23); the type of `user.web3Wallets[n]`. */
declare class Web3Wallet {
  readonly id: string;
  readonly web3Wallet: string;
  readonly verification: Verification | null;
  constructor(id: string, web3Wallet: string, verification: Verification | null);
  static fromJSON(data: Web3WalletJSON): Web3Wallet;
}

export declare class ExternalAccount {
  readonly id: string;
  readonly provider: string;
  readonly identificationId: string;
  readonly externalId: string;
  readonly approvedScopes: string;
  readonly emailAddress: string;
  readonly firstName: string;
  readonly lastName: string;
  /**
   * @deprecated  Use `imageUrl` instead.
   */
  readonly picture: string;
  readonly imageUrl: string;
  readonly username: string | null;
  readonly publicMetadata: Record<string, unknown> | null;
  readonly label: string | null;
  readonly verification: Verification | null;
  constructor(
    id: string,
    provider: string,
    identificationId: string,
    externalId: string,
    approvedScopes: string,
    emailAddress: string,
    firstName: string,
    lastName: string,
    /** @deprecated  Use `imageUrl` instead. */
    picture: string,
    imageUrl: string,
    username: string | null,
    publicMetadata: Record<string, unknown> | null,
    label: string | null,
    verification: Verification | null,
  );
  static fromJSON(data: ExternalAccountJSON): ExternalAccount;
}

export declare class Invitation {
  readonly id: string;
  readonly emailAddress: string;
  readonly publicMetadata: Record<string, unknown> | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly status: InvitationStatus;
  readonly revoked?: boolean | undefined;
  constructor(
    id: string,
    emailAddress: string,
    publicMetadata: Record<string, unknown> | null,
    createdAt: number,
    updatedAt: number,
    status: InvitationStatus,
    revoked?: boolean | undefined,
  );
  static fromJSON(data: InvitationJSON): Invitation;
}

export declare class OauthAccessToken {
  readonly provider: string;
  readonly token: string;
  readonly publicMetadata: Record<string, unknown>;
  readonly label: string;
  readonly scopes?: string[] | undefined;
  readonly tokenSecret?: string | undefined;
  constructor(
    provider: string,
    token: string,
    publicMetadata: Record<string, unknown>,
    label: string,
    scopes?: string[] | undefined,
    tokenSecret?: string | undefined,
  );
  static fromJSON(data: OauthAccessTokenJSON): OauthAccessToken;
}

export declare class Organization {
  readonly id: string;
  readonly name: string;
  readonly slug: string | null;
  /**
   * @deprecated  Use `imageUrl` instead.
   */
  readonly logoUrl: string | null;
  readonly imageUrl: string;
  readonly hasImage: boolean;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly publicMetadata: OrganizationPublicMetadata | null;
  readonly privateMetadata: OrganizationPrivateMetadata;
  readonly maxAllowedMemberships: number;
  readonly adminDeleteEnabled: boolean;
  /**
   * @deprecated  Use `membersCount` instead.
   */
  readonly members_count?: number | undefined;
  readonly membersCount?: number | undefined;
  constructor(
    id: string,
    name: string,
    slug: string | null,
    /** @deprecated  Use `imageUrl` instead. */
    logoUrl: string | null,
    imageUrl: string,
    hasImage: boolean,
    createdBy: string,
    createdAt: number,
    updatedAt: number,
    publicMetadata: OrganizationPublicMetadata | null,
    privateMetadata: OrganizationPrivateMetadata,
    maxAllowedMemberships: number,
    adminDeleteEnabled: boolean,
    /** @deprecated  Use `membersCount` instead. */
    members_count?: number | undefined,
    membersCount?: number | undefined,
  );
  static fromJSON(data: OrganizationJSON): Organization;
}

export declare class OrganizationInvitation {
  readonly id: string;
  readonly emailAddress: string;
  readonly role: OrganizationMembershipRole;
  readonly organizationId: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly status?: OrganizationInvitationStatus | undefined;
  readonly publicMetadata: OrganizationInvitationPublicMetadata;
  readonly privateMetadata: OrganizationInvitationPrivateMetadata;
  constructor(
    id: string,
    emailAddress: string,
    role: OrganizationMembershipRole,
    organizationId: string,
    createdAt: number,
    updatedAt: number,
    status?: OrganizationInvitationStatus | undefined,
    publicMetadata?: OrganizationInvitationPublicMetadata,
    privateMetadata?: OrganizationInvitationPrivateMetadata,
  );
  static fromJSON(data: OrganizationInvitationJSON): OrganizationInvitation;
}

export declare class OrganizationMembership {
  readonly id: string;
  readonly role: OrganizationMembershipRole;
  readonly publicMetadata: OrganizationMembershipPublicMetadata;
  readonly privateMetadata: OrganizationMembershipPrivateMetadata;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly organization: Organization;
  readonly publicUserData?: OrganizationMembershipPublicUserData | null | undefined;
  constructor(
    id: string,
    role: OrganizationMembershipRole,
    publicMetadata: OrganizationMembershipPublicMetadata,
    privateMetadata: OrganizationMembershipPrivateMetadata,
    createdAt: number,
    updatedAt: number,
    organization: Organization,
    publicUserData?: OrganizationMembershipPublicUserData | null | undefined,
  );
  static fromJSON(data: OrganizationMembershipJSON): OrganizationMembership;
}

export declare class OrganizationMembershipPublicUserData {
  readonly identifier: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  /**
   * @deprecated  Use `imageUrl` instead.
   */
  readonly profileImageUrl: string;
  readonly imageUrl: string;
  readonly hasImage: boolean;
  readonly userId: string;
  constructor(
    identifier: string,
    firstName: string | null,
    lastName: string | null,
    /** @deprecated  Use `imageUrl` instead. */
    profileImageUrl: string,
    imageUrl: string,
    hasImage: boolean,
    userId: string,
  );
  static fromJSON(data: OrganizationMembershipPublicUserDataJSON): OrganizationMembershipPublicUserData;
}

export declare class RedirectUrl {
  readonly id: string;
  readonly url: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  constructor(id: string, url: string, createdAt: number, updatedAt: number);
  static fromJSON(data: RedirectUrlJSON): RedirectUrl;
}

export declare class SignInToken {
  readonly id: string;
  readonly userId: string;
  readonly token: string;
  readonly status: string;
  readonly url: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  constructor(
    id: string,
    userId: string,
    token: string,
    status: string,
    url: string,
    createdAt: number,
    updatedAt: number,
  );
  static fromJSON(data: SignInTokenJSON): SignInToken;
}

export declare class SMSMessage {
  readonly id: string;
  readonly fromPhoneNumber: string;
  readonly toPhoneNumber: string;
  readonly message: string;
  readonly status: string;
  readonly phoneNumberId: string | null;
  readonly data?: Record<string, any> | null | undefined;
  constructor(
    id: string,
    fromPhoneNumber: string,
    toPhoneNumber: string,
    message: string,
    status: string,
    phoneNumberId: string | null,
    data?: Record<string, any> | null | undefined,
  );
  static fromJSON(data: SMSMessageJSON): SMSMessage;
}

export declare class Token {
  readonly jwt: string;
  constructor(jwt: string);
  static fromJSON(data: TokenJSON): Token;
}

export declare class User {
  readonly id: string;
  readonly passwordEnabled: boolean;
  readonly totpEnabled: boolean;
  readonly backupCodeEnabled: boolean;
  readonly twoFactorEnabled: boolean;
  readonly banned: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
  /**
   * @deprecated  Use `imageUrl` instead.
   */
  readonly profileImageUrl: string;
  readonly imageUrl: string;
  readonly hasImage: boolean;
  readonly gender: string;
  readonly birthday: string;
  readonly primaryEmailAddressId: string | null;
  readonly primaryPhoneNumberId: string | null;
  readonly primaryWeb3WalletId: string | null;
  readonly lastSignInAt: number | null;
  readonly externalId: string | null;
  readonly username: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly publicMetadata: UserPublicMetadata;
  readonly privateMetadata: UserPrivateMetadata;
  readonly unsafeMetadata: UserUnsafeMetadata;
  readonly emailAddresses: EmailAddress[];
  readonly phoneNumbers: PhoneNumber[];
  readonly web3Wallets: Web3Wallet[];
  readonly externalAccounts: ExternalAccount[];
  readonly createOrganizationEnabled: boolean;
  constructor(
    id: string,
    passwordEnabled: boolean,
    totpEnabled: boolean,
    backupCodeEnabled: boolean,
    twoFactorEnabled: boolean,
    banned: boolean,
    createdAt: number,
    updatedAt: number,
    /** @deprecated  Use `imageUrl` instead. */
    profileImageUrl: string,
    imageUrl: string,
    hasImage: boolean,
    gender: string,
    birthday: string,
    primaryEmailAddressId: string | null,
    primaryPhoneNumberId: string | null,
    primaryWeb3WalletId: string | null,
    lastSignInAt: number | null,
    externalId: string | null,
    username: string | null,
    firstName: string | null,
    lastName: string | null,
    publicMetadata: UserPublicMetadata,
    privateMetadata: UserPrivateMetadata,
    unsafeMetadata: UserUnsafeMetadata,
    emailAddresses: EmailAddress[],
    phoneNumbers: PhoneNumber[],
    web3Wallets: Web3Wallet[],
    externalAccounts: ExternalAccount[],
    createOrganizationEnabled: boolean,
  );
  static fromJSON(data: UserJSON): User;
}

/** Turns a Backend API JSON payload (a resource, an array, or `{ data, total_count }`) into resource instances. */
export declare function deserialize(payload: any): any;

// ---------------------------------------------------------------------------
// Sub-APIs (reached as `clerkClient.users`, the named export `users`, ...)
// ---------------------------------------------------------------------------

type AllowlistIdentifierCreateParams = {
  identifier: string;
  notify: boolean;
};

/** Not a runtime export; the type of `clerkClient.allowlistIdentifiers`. */
declare class AllowlistIdentifierAPI {
  getAllowlistIdentifierList(): Promise<AllowlistIdentifier[]>;
  /** Pages through the whole list with `limit`/`offset` (an addition of this package). */
  iterateAllowlistIdentifierList(params?: { limit?: number; offset?: number }): AsyncListIterator<AllowlistIdentifier>;
  createAllowlistIdentifier(params: AllowlistIdentifierCreateParams): Promise<AllowlistIdentifier>;
  /** Resolves to a `DeletedObject` at runtime (typed as in 4.13.23). */
  deleteAllowlistIdentifier(allowlistIdentifierId: string): Promise<AllowlistIdentifier>;
}

/** Not a runtime export; the type of `clerkClient.clients`. */
declare class ClientAPI {
  getClientList(): Promise<Client[]>;
  /** Pages through the whole list with `limit`/`offset` (an addition of this package). */
  iterateClientList(params?: { limit?: number; offset?: number }): AsyncListIterator<Client>;
  getClient(clientId: string): Promise<Client>;
  verifyClient(token: string): Promise<Client>;
}

/** Not a runtime export; the type of `clerkClient.domains`. */
declare class DomainAPI {
  deleteDomain(id: string): Promise<DeletedObject>;
}

type CreateEmailAddressParams = {
  userId: string;
  emailAddress: string;
  verified?: boolean;
  primary?: boolean;
};

type UpdateEmailAddressParams = {
  verified?: boolean;
  primary?: boolean;
};

/** Not a runtime export; the type of `clerkClient.emailAddresses`. */
declare class EmailAddressAPI {
  getEmailAddress(emailAddressId: string): Promise<EmailAddress>;
  createEmailAddress(params: CreateEmailAddressParams): Promise<EmailAddress>;
  updateEmailAddress(emailAddressId: string, params?: UpdateEmailAddressParams): Promise<EmailAddress>;
  deleteEmailAddress(emailAddressId: string): Promise<DeletedObject>;
}

type EmailParams = {
  fromEmailName: string;
  emailAddressId: string;
  subject: string;
  body: string;
};

/**
 * Not a runtime export; the type of `clerkClient.emails`.
 * @deprecated This endpoint is no longer available and the function will be removed in the next major version.
 */
declare class EmailAPI {
  /**
   * @deprecated This endpoint is no longer available and the function will be removed in the next major version.
   */
  createEmail(params: EmailParams): Promise<Email>;
}

/**
 * Not a runtime export; the type of `clerkClient.interstitial`.
 * @deprecated Switch to the public interstitial endpoint from Clerk Backend API.
 */
declare class InterstitialAPI {
  getInterstitial(): Promise<string>;
}

type CreateInvitationParams = {
  emailAddress: string;
  redirectUrl?: string;
  publicMetadata?: UserPublicMetadata;
  notify?: boolean;
  ignoreExisting?: boolean;
};

type GetInvitationListParams = {
  /** Filters invitations by status. */
  status?: 'accepted' | 'pending' | 'revoked';
};

/** Not a runtime export; the type of `clerkClient.invitations`. */
declare class InvitationAPI {
  getInvitationList(params?: GetInvitationListParams): Promise<Invitation[]>;
  /** Pages through the whole list with `limit`/`offset` (an addition of this package). */
  iterateInvitationList(params?: GetInvitationListParams & { limit?: number; offset?: number }): AsyncListIterator<Invitation>;
  createInvitation(params: CreateInvitationParams): Promise<Invitation>;
  revokeInvitation(invitationId: string): Promise<Invitation>;
}

type MetadataParams<TPublic = OrganizationPublicMetadata, TPrivate = OrganizationPrivateMetadata> = {
  publicMetadata?: TPublic;
  privateMetadata?: TPrivate;
};

type GetOrganizationListParams = {
  limit?: number;
  offset?: number;
  includeMembersCount?: boolean;
  query?: string;
};

type CreateOrganizationParams = {
  name: string;
  slug?: string;
  createdBy: string;
  maxAllowedMemberships?: number;
} & MetadataParams;

type GetOrganizationParams = { organizationId: string } | { slug: string };

type UpdateOrganizationParams = {
  name?: string;
  slug?: string;
  maxAllowedMemberships?: number;
} & MetadataParams;

type UpdateOrganizationLogoParams = {
  /** A `Blob` (a `File` is a `Blob`). */
  file: Blob;
  uploaderUserId: string;
};

type UpdateOrganizationMetadataParams = MetadataParams;

type GetOrganizationMembershipListParams = {
  organizationId: string;
  limit?: number;
  offset?: number;
};

type CreateOrganizationMembershipParams = {
  organizationId: string;
  userId: string;
  role: OrganizationMembershipRole;
};

type UpdateOrganizationMembershipParams = CreateOrganizationMembershipParams;

type UpdateOrganizationMembershipMetadataParams = {
  organizationId: string;
  userId: string;
} & MetadataParams<OrganizationMembershipPublicMetadata>;

type DeleteOrganizationMembershipParams = {
  organizationId: string;
  userId: string;
};

type CreateOrganizationInvitationParams = {
  organizationId: string;
  inviterUserId: string;
  emailAddress: string;
  role: OrganizationMembershipRole;
  redirectUrl?: string;
  publicMetadata?: OrganizationInvitationPublicMetadata;
};

type GetOrganizationInvitationListParams = {
  organizationId: string;
  status?: OrganizationInvitationStatus[];
  limit?: number;
  offset?: number;
};

type GetPendingOrganizationInvitationListParams = {
  organizationId: string;
  limit?: number;
  offset?: number;
};

type GetOrganizationInvitationParams = {
  organizationId: string;
  invitationId: string;
};

type RevokeOrganizationInvitationParams = {
  organizationId: string;
  invitationId: string;
  requestingUserId: string;
};

/** Not a runtime export; the type of `clerkClient.organizations`. */
declare class OrganizationAPI {
  getOrganizationList(params?: GetOrganizationListParams): Promise<Organization[]>;
  /** Pages through the whole list with `limit`/`offset` (an addition of this package). */
  iterateOrganizationList(params?: GetOrganizationListParams): AsyncListIterator<Organization>;
  createOrganization(params: CreateOrganizationParams): Promise<Organization>;
  getOrganization(params: GetOrganizationParams): Promise<Organization>;
  updateOrganization(organizationId: string, params: UpdateOrganizationParams): Promise<Organization>;
  updateOrganizationLogo(organizationId: string, params: UpdateOrganizationLogoParams): Promise<Organization>;
  deleteOrganizationLogo(organizationId: string): Promise<Organization>;
  updateOrganizationMetadata(organizationId: string, params: UpdateOrganizationMetadataParams): Promise<Organization>;
  /** Resolves to a `DeletedObject` at runtime (typed as in 4.13.23). */
  deleteOrganization(organizationId: string): Promise<Organization>;
  getOrganizationMembershipList(params: GetOrganizationMembershipListParams): Promise<OrganizationMembership[]>;
  /** Pages through the whole list with `limit`/`offset` (an addition of this package). */
  iterateOrganizationMembershipList(params: GetOrganizationMembershipListParams): AsyncListIterator<OrganizationMembership>;
  createOrganizationMembership(params: CreateOrganizationMembershipParams): Promise<OrganizationMembership>;
  updateOrganizationMembership(params: UpdateOrganizationMembershipParams): Promise<OrganizationMembership>;
  updateOrganizationMembershipMetadata(
    params: UpdateOrganizationMembershipMetadataParams,
  ): Promise<OrganizationMembership>;
  deleteOrganizationMembership(params: DeleteOrganizationMembershipParams): Promise<OrganizationMembership>;
  getOrganizationInvitationList(params: GetOrganizationInvitationListParams): Promise<OrganizationInvitation[]>;
  /** Pages through the whole list with `limit`/`offset` (an addition of this package). */
  iterateOrganizationInvitationList(params: GetOrganizationInvitationListParams): AsyncListIterator<OrganizationInvitation>;
  /**
   * @deprecated  Use `getOrganizationInvitationList` instead along with the status parameter.
   */
  getPendingOrganizationInvitationList(
    params: GetPendingOrganizationInvitationListParams,
  ): Promise<OrganizationInvitation[]>;
  /** @deprecated Use `iterateOrganizationInvitationList` instead. */
  iteratePendingOrganizationInvitationList(
    params: GetPendingOrganizationInvitationListParams,
  ): AsyncListIterator<OrganizationInvitation>;
  createOrganizationInvitation(params: CreateOrganizationInvitationParams): Promise<OrganizationInvitation>;
  getOrganizationInvitation(params: GetOrganizationInvitationParams): Promise<OrganizationInvitation>;
  revokeOrganizationInvitation(params: RevokeOrganizationInvitationParams): Promise<OrganizationInvitation>;
}

type CreatePhoneNumberParams = {
  userId: string;
  phoneNumber: string;
  verified?: boolean;
  primary?: boolean;
};

type UpdatePhoneNumberParams = {
  verified?: boolean;
  primary?: boolean;
};

/** Not a runtime export; the type of `clerkClient.phoneNumbers`. */
declare class PhoneNumberAPI {
  getPhoneNumber(phoneNumberId: string): Promise<PhoneNumber>;
  createPhoneNumber(params: CreatePhoneNumberParams): Promise<PhoneNumber>;
  updatePhoneNumber(phoneNumberId: string, params?: UpdatePhoneNumberParams): Promise<PhoneNumber>;
  deletePhoneNumber(phoneNumberId: string): Promise<DeletedObject>;
}

type CreateRedirectUrlParams = {
  url: string;
};

/** Not a runtime export; the type of `clerkClient.redirectUrls`. */
declare class RedirectUrlAPI {
  getRedirectUrlList(): Promise<RedirectUrl[]>;
  /** Pages through the whole list with `limit`/`offset` (an addition of this package). */
  iterateRedirectUrlList(params?: { limit?: number; offset?: number }): AsyncListIterator<RedirectUrl>;
  getRedirectUrl(redirectUrlId: string): Promise<RedirectUrl>;
  createRedirectUrl(params: CreateRedirectUrlParams): Promise<RedirectUrl>;
  /** Resolves to a `DeletedObject` at runtime (typed as in 4.13.23). */
  deleteRedirectUrl(redirectUrlId: string): Promise<RedirectUrl>;
}

type SessionListParams = {
  clientId?: string;
  userId?: string;
  status?: SessionStatus;
};

/** Not a runtime export; the type of `clerkClient.sessions`. */
declare class SessionAPI {
  getSessionList(queryParams?: SessionListParams): Promise<Session[]>;
  /** Pages through the whole list with `limit`/`offset` (an addition of this package). */
  iterateSessionList(queryParams?: SessionListParams & { limit?: number; offset?: number }): AsyncListIterator<Session>;
  getSession(sessionId: string): Promise<Session>;
  revokeSession(sessionId: string): Promise<Session>;
  verifySession(sessionId: string, token: string): Promise<Session>;
  /** Resolves to the `jwt` of a new session token, from the JWT template `template` when given. */
  getToken(sessionId: string, template?: string): Promise<string>;
}

type CreateSignInTokensParams = {
  userId: string;
  expiresInSeconds: number;
};

/** Not a runtime export; the type of `clerkClient.signInTokens`. */
declare class SignInTokenAPI {
  createSignInToken(params: CreateSignInTokensParams): Promise<SignInToken>;
  revokeSignInToken(signInTokenId: string): Promise<SignInToken>;
}

type SMSParams = {
  phoneNumberId: string;
  message: string;
};

/**
 * Not a runtime export; the type of `clerkClient.smsMessages`.
 * @deprecated This endpoint is no longer available and the function will be removed in the next major version.
 */
declare class SMSMessageAPI {
  /**
   * @deprecated This endpoint is no longer available and the function will be removed in the next major version.
   */
  createSMSMessage(params: SMSParams): Promise<SMSMessage>;
}

type UserCountParams = {
  emailAddress?: string[];
  phoneNumber?: string[];
  username?: string[];
  web3Wallet?: string[];
  query?: string;
  userId?: string[];
  externalId?: string[];
};

type UserListParams = UserCountParams & {
  limit?: number;
  offset?: number;
  orderBy?: 'created_at' | 'updated_at' | '+created_at' | '+updated_at' | '-created_at' | '-updated_at';
};

type UserMetadataParams = {
  publicMetadata?: UserPublicMetadata;
  privateMetadata?: UserPrivateMetadata;
  unsafeMetadata?: UserUnsafeMetadata;
};

type PasswordHasher =
  | 'argon2i'
  | 'argon2id'
  | 'bcrypt'
  | 'md5'
  | 'pbkdf2_sha256'
  | 'pbkdf2_sha256_django'
  | 'pbkdf2_sha1'
  | 'scrypt_firebase'
  | 'scrypt_werkzeug'
  | 'sha256';

type UserPasswordHashingParams = {
  passwordDigest: string;
  passwordHasher: PasswordHasher;
};

type CreateUserParams = {
  externalId?: string;
  emailAddress?: string[];
  phoneNumber?: string[];
  username?: string;
  password?: string;
  firstName?: string;
  lastName?: string;
  skipPasswordChecks?: boolean;
  skipPasswordRequirement?: boolean;
  totpSecret?: string;
  backupCodes?: string[];
  createdAt?: Date;
} & UserMetadataParams &
  (UserPasswordHashingParams | object);

type UpdateUserParams = {
  firstName?: string;
  lastName?: string;
  username?: string;
  password?: string;
  skipPasswordChecks?: boolean;
  signOutOfOtherSessions?: boolean;
  primaryEmailAddressID?: string;
  primaryPhoneNumberID?: string;
  primaryWeb3WalletID?: string;
  profileImageID?: string;
  totpSecret?: string;
  backupCodes?: string[];
  externalId?: string;
  createdAt?: Date;
  createOrganizationEnabled?: boolean;
} & UserMetadataParams &
  (UserPasswordHashingParams | object);

type GetUserOrganizationMembershipListParams = {
  userId: string;
  limit?: number;
  offset?: number;
};

type VerifyPasswordParams = {
  userId: string;
  password: string;
};

type VerifyTOTPParams = {
  userId: string;
  code: string;
};

/** Not a runtime export; the type of `clerkClient.users`. */
declare class UserAPI {
  getUserList(params?: UserListParams): Promise<User[]>;
  /** Pages through the whole list with `limit`/`offset` (an addition of this package). */
  iterateUserList(params?: UserListParams): AsyncListIterator<User>;
  getUser(userId: string): Promise<User>;
  createUser(params: CreateUserParams): Promise<User>;
  updateUser(userId: string, params?: UpdateUserParams): Promise<User>;
  updateUserProfileImage(
    userId: string,
    params: {
      /** A `Blob` (a `File` is a `Blob`). */
      file: Blob;
    },
  ): Promise<User>;
  updateUserMetadata(userId: string, params: UserMetadataParams): Promise<User>;
  /** Resolves to a `DeletedObject` at runtime (typed as in 4.13.23). */
  deleteUser(userId: string): Promise<User>;
  getCount(params?: UserListParams): Promise<number>;
  getUserOauthAccessToken(userId: string, provider: `oauth_${ClerkTypesOAuthProvider}`): Promise<OauthAccessToken[]>;
  disableUserMFA(userId: string): Promise<User>;
  getOrganizationMembershipList(params: GetUserOrganizationMembershipListParams): Promise<OrganizationMembership[]>;
  /** Pages through the whole list with `limit`/`offset` (an addition of this package). */
  iterateOrganizationMembershipList(params: GetUserOrganizationMembershipListParams): AsyncListIterator<OrganizationMembership>;
  verifyPassword(params: VerifyPasswordParams): Promise<{
    verified: true;
  }>;
  verifyTOTP(params: VerifyTOTPParams): Promise<{
    verified: true;
    code_type: 'totp';
  }>;
}

/** The 14 sub-APIs of a client. */
type ApiClient = {
  allowlistIdentifiers: AllowlistIdentifierAPI;
  clients: ClientAPI;
  emailAddresses: EmailAddressAPI;
  emails: EmailAPI;
  interstitial: InterstitialAPI;
  invitations: InvitationAPI;
  organizations: OrganizationAPI;
  phoneNumbers: PhoneNumberAPI;
  redirectUrls: RedirectUrlAPI;
  sessions: SessionAPI;
  signInTokens: SignInTokenAPI;
  smsMessages: SMSMessageAPI;
  users: UserAPI;
  domains: DomainAPI;
};

// ---------------------------------------------------------------------------
// Token verification
// ---------------------------------------------------------------------------

type TokenCarrier = 'header' | 'cookie';

declare enum TokenVerificationErrorReason {
  TokenExpired = 'token-expired',
  TokenInvalid = 'token-invalid',
  TokenInvalidAlgorithm = 'token-invalid-algorithm',
  TokenInvalidAuthorizedParties = 'token-invalid-authorized-parties',
  TokenInvalidIssuer = 'token-invalid-issuer',
  TokenInvalidSignature = 'token-invalid-signature',
  TokenNotActiveYet = 'token-not-active-yet',
  TokenVerificationFailed = 'token-verification-failed',
  InvalidSecretKey = 'secret-key-invalid',
  LocalJWKMissing = 'jwk-local-missing',
  RemoteJWKFailedToLoad = 'jwk-remote-failed-to-load',
  RemoteJWKInvalid = 'jwk-remote-invalid',
  RemoteJWKMissing = 'jwk-remote-missing',
  JWKFailedToResolve = 'jwk-failed-to-resolve',
  RemoteInterstitialFailedToLoad = 'interstitial-remote-failed-to-load',
}

declare enum TokenVerificationErrorAction {
  ContactSupport = 'Contact support@clerk.com',
  EnsureClerkJWT = 'Make sure that this is a valid Clerk generate JWT.',
  SetClerkJWTKey = 'Set the CLERK_JWT_KEY environment variable.',
  SetClerkSecretKeyOrAPIKey = 'Set the CLERK_SECRET_KEY or CLERK_API_KEY environment variable.',
  EnsureClockSync = 'Make sure your system clock is in sync (e.g. turn off and on automatic time synchronization).',
}

/**
 * The error `verifyToken`/`verifyJwt` reject with. Not exported at runtime
 * (as in 4.13.23): recognise it by its `reason` field.
 */
declare class TokenVerificationError extends Error {
  action?: TokenVerificationErrorAction;
  reason: TokenVerificationErrorReason;
  tokenCarrier?: TokenCarrier;
  constructor({
    action,
    message,
    reason,
  }: {
    action?: TokenVerificationErrorAction;
    message: string;
    reason: TokenVerificationErrorReason;
  });
  /** `<message>[ <action>] (reason=<reason>, token-carrier=<carrier>)` */
  getFullMessage(): string;
}

type IssuerResolver = string | ((iss: string) => boolean);

export type VerifyJwtOptions = {
  audience?: string | string[];
  authorizedParties?: string[];
  /**
   * @deprecated This option incorrectly accepts milliseconds instead of seconds and has been deprecated. Use clockSkewInMs instead.
   */
  clockSkewInSeconds?: number;
  clockSkewInMs?: number;
  issuer: IssuerResolver | string | null;
  key: JsonWebKeyInit | string;
};

export interface SignJwtOptions {
  algorithm?: string;
  header?: Record<string, unknown>;
}

type LoadClerkJWKFromRemoteOptions = {
  kid: string;
  jwksCacheTtlInMs?: number;
  skipJwksCache?: boolean;
  secretKey?: string;
  /**
   * @deprecated Use `secretKey` instead.
   */
  apiKey?: string;
  apiUrl?: string;
  apiVersion?: string;
  issuer?: string;
};

export type VerifyTokenOptions = Pick<
  VerifyJwtOptions,
  'authorizedParties' | 'audience' | 'issuer' | 'clockSkewInSeconds' | 'clockSkewInMs'
> & {
  jwtKey?: string;
  proxyUrl?: string;
} & Pick<
    LoadClerkJWKFromRemoteOptions,
    'apiKey' | 'secretKey' | 'apiUrl' | 'apiVersion' | 'jwksCacheTtlInMs' | 'skipJwksCache'
  >;

/** Verifies a Clerk session JWT (claims, then signature with a local or fetched key) and resolves to its payload. */
export declare function verifyToken(token: string, options: VerifyTokenOptions): Promise<JwtPayload>;

/** Decodes a JWT without verifying it. */
export declare function decodeJwt(token: string): Jwt;

/** Checks the claims and the signature of a JWT against the given key. */
export declare function verifyJwt(
  token: string,
  { audience, authorizedParties, clockSkewInSeconds, clockSkewInMs, issuer, key }: VerifyJwtOptions,
): Promise<JwtPayload>;

/** RSASSA-PKCS1-v1_5 signature check with a JWK or a PEM (SPKI) public key. */
export declare function hasValidSignature(jwt: Jwt, key: JsonWebKeyInit | string): Promise<boolean>;

/**
 * Signs a JWT (RS256, RS384 or RS512) with a PKCS8 PEM private key or a JWK.
 * @internal Intended for Clerk packages.
 */
export declare function signJwt(
  payload: Record<string, unknown>,
  key: string | JsonWebKeyInit,
  options: SignJwtOptions,
): Promise<string>;

// ---------------------------------------------------------------------------
// Request authentication: options, states and auth objects
// ---------------------------------------------------------------------------

type LoadResourcesOptions = {
  loadSession?: boolean;
  loadUser?: boolean;
  loadOrganization?: boolean;
};

export type RequiredVerifyTokenOptions = Required<
  Pick<VerifyTokenOptions, 'apiKey' | 'secretKey' | 'apiUrl' | 'apiVersion'>
>;

export type OptionalVerifyTokenOptions = Partial<
  Pick<
    VerifyTokenOptions,
    | 'audience'
    | 'authorizedParties'
    | 'clockSkewInSeconds'
    | 'clockSkewInMs'
    | 'jwksCacheTtlInMs'
    | 'skipJwksCache'
    | 'jwtKey'
  >
>;

export type AuthenticateRequestOptions = OptionalVerifyTokenOptions &
  LoadResourcesOptions & {
    publishableKey?: string;
    secretKey?: string;
    /**
     * @deprecated Use `publishableKey` instead.
     */
    frontendApi?: string;
    /**
     * @deprecated Use `secretKey` instead.
     */
    apiKey?: string;
    apiVersion?: string;
    apiUrl?: string;
    cookieToken?: string;
    clientUat?: string;
    headerToken?: string;
    origin?: string;
    host?: string;
    forwardedHost?: string;
    forwardedPort?: string;
    forwardedProto?: string;
    referrer?: string;
    userAgent?: string;
    domain?: string;
    isSatellite?: boolean;
    proxyUrl?: string;
    searchParams?: URLSearchParams;
    signInUrl?: string;
    signUpUrl?: string;
    afterSignInUrl?: string;
    afterSignUpUrl?: string;
    request?: Request;
  };

export declare enum AuthStatus {
  SignedIn = 'signed-in',
  SignedOut = 'signed-out',
  Interstitial = 'interstitial',
  Unknown = 'unknown',
}

declare enum AuthErrorReason {
  CookieAndUATMissing = 'cookie-and-uat-missing',
  CookieMissing = 'cookie-missing',
  CookieOutDated = 'cookie-outdated',
  CookieUATMissing = 'uat-missing',
  CrossOriginReferrer = 'cross-origin-referrer',
  HeaderMissingCORS = 'header-missing-cors',
  HeaderMissingNonBrowser = 'header-missing-non-browser',
  SatelliteCookieNeedsSyncing = 'satellite-needs-syncing',
  SatelliteReturnsFromPrimary = 'satellite-returns-from-primary',
  PrimaryRespondsToSyncing = 'primary-responds-to-syncing',
  StandardSignedIn = 'standard-signed-in',
  StandardSignedOut = 'standard-signed-out',
  UnexpectedError = 'unexpected-error',
  Unknown = 'unknown',
}

export type AuthReason = AuthErrorReason | TokenVerificationErrorReason;

type AuthObjectDebugData = Partial<AuthenticateRequestOptions & RequestState>;
type AuthObjectDebug = () => unknown;

export type SignedInAuthObjectOptions = {
  /**
   * @deprecated Use `secretKey` instead.
   */
  apiKey?: string;
  secretKey?: string;
  apiUrl: string;
  apiVersion: string;
  token: string;
  session?: Session;
  user?: User;
  organization?: Organization;
};

export type SignedInAuthObject = {
  sessionClaims: JwtPayload;
  sessionId: string;
  session: Session | undefined;
  actor: ActClaim | undefined;
  userId: string;
  user: User | undefined;
  orgId: string | undefined;
  orgRole: OrganizationCustomRoleKey | undefined;
  orgSlug: string | undefined;
  orgPermissions: OrganizationCustomPermissionKey[] | undefined;
  organization: Organization | undefined;
  getToken: ServerGetToken;
  has: CheckAuthorizationWithCustomPermissions;
  debug: AuthObjectDebug;
};

export type SignedOutAuthObject = {
  sessionClaims: null;
  sessionId: null;
  session: null;
  actor: null;
  userId: null;
  user: null;
  orgId: null;
  orgRole: null;
  orgSlug: null;
  orgPermissions: null;
  organization: null;
  getToken: ServerGetToken;
  has: CheckAuthorizationWithCustomPermissions;
  debug: AuthObjectDebug;
};

export type AuthObject = SignedInAuthObject | SignedOutAuthObject;

type SignedInState = {
  status: AuthStatus.SignedIn;
  reason: null;
  message: null;
  frontendApi: string;
  proxyUrl?: string;
  publishableKey: string;
  isSatellite: boolean;
  domain: string;
  signInUrl: string;
  signUpUrl: string;
  afterSignInUrl: string;
  afterSignUpUrl: string;
  isSignedIn: true;
  isInterstitial: false;
  isUnknown: false;
  toAuth: () => SignedInAuthObject;
  token: string;
};

type SignedOutState = {
  status: AuthStatus.SignedOut;
  message: string;
  reason: AuthReason;
  frontendApi: string;
  proxyUrl?: string;
  publishableKey: string;
  isSatellite: boolean;
  domain: string;
  signInUrl: string;
  signUpUrl: string;
  afterSignInUrl: string;
  afterSignUpUrl: string;
  isSignedIn: false;
  isInterstitial: false;
  isUnknown: false;
  toAuth: () => SignedOutAuthObject;
  token: null;
};

type InterstitialState = Omit<SignedOutState, 'isInterstitial' | 'status' | 'toAuth'> & {
  status: AuthStatus.Interstitial;
  isInterstitial: true;
  toAuth: () => null;
};

type UnknownState = Omit<InterstitialState, 'status' | 'isInterstitial' | 'isUnknown'> & {
  status: AuthStatus.Unknown;
  isInterstitial: false;
  isUnknown: true;
};

/** The result of `authenticateRequest`: signed-in, signed-out, interstitial or unknown. */
export type RequestState = SignedInState | SignedOutState | InterstitialState | UnknownState;

type DebugRequestState = {
  frontendApi: string;
  isSignedIn: boolean;
  proxyUrl: string | undefined;
  isInterstitial: boolean;
  reason: AuthReason | null;
  message: string | null;
  publishableKey: string;
  isSatellite: boolean;
  domain: string;
};

/** The non-secret fields of a request state, for logging. */
export declare const debugRequestState: (params: RequestState) => DebugRequestState;

export declare function signedInAuthObject(
  sessionClaims: JwtPayload,
  options: SignedInAuthObjectOptions,
  debugData?: AuthObjectDebugData,
): SignedInAuthObject;

export declare function signedOutAuthObject(debugData?: AuthObjectDebugData): SignedOutAuthObject;

/** Deletes `privateMetadata`/`private_metadata` from the object in place and returns it. */
export declare function prunePrivateMetadata(
  resource?:
    | {
        private_metadata: any;
      }
    | {
        privateMetadata: any;
      }
    | null,
):
  | {
      private_metadata: any;
    }
  | {
      privateMetadata: any;
    }
  | null
  | undefined;

/** A copy of the auth object whose `user` and `organization` carry no private metadata. */
export declare function sanitizeAuthObject<T extends Record<any, any>>(authObject: T): T;

/** A shallow copy without `debug`, `getToken` and `has`, safe to serialize. */
export declare const makeAuthObjectSerializable: <T extends Record<string, unknown>>(obj: T) => T;

// ---------------------------------------------------------------------------
// Interstitial and the authenticate-request factory
// ---------------------------------------------------------------------------

type LoadInterstitialOptions = {
  apiUrl: string;
  frontendApi: string;
  publishableKey: string;
  clerkJSUrl?: string;
  clerkJSVersion?: string;
  userAgent?: string;
  /**
   * @deprecated
   */
  pkgVersion?: string;
  debugData?: DebugRequestState;
  isSatellite?: boolean;
  signInUrl?: string;
} & MultiDomainAndOrProxyPrimitives;

/** The HTML of the local interstitial page. */
export declare function loadInterstitialFromLocal(options: Omit<LoadInterstitialOptions, 'apiUrl'>): string;

export type CreateAuthenticateRequestOptions = {
  options: Partial<
    Pick<
      AuthenticateRequestOptions,
      | 'audience'
      | 'apiKey'
      | 'secretKey'
      | 'apiUrl'
      | 'apiVersion'
      | 'frontendApi'
      | 'publishableKey'
      | 'jwtKey'
      | 'proxyUrl'
      | 'domain'
      | 'isSatellite'
      | 'userAgent'
    >
  >;
  /** Only its `interstitial.getInterstitial()` is used (by `remotePrivateInterstitial`). */
  apiClient: { interstitial: Pick<InterstitialAPI, 'getInterstitial'> };
};

/** The request-authentication members of a client, around build-time options. */
type AuthenticateRequestHelpers = {
  /** Runtime options win over the build-time ones (`runtime || buildtime`). */
  authenticateRequest: (options: Omit<AuthenticateRequestOptions, 'apiUrl' | 'apiVersion'>) => Promise<RequestState>;
  localInterstitial: (options: Omit<LoadInterstitialOptions, 'apiUrl'>) => string;
  remotePublicInterstitial: (options: LoadInterstitialOptions) => Promise<string>;
  remotePrivateInterstitial: () => Promise<string>;
  remotePublicInterstitialUrl: (options: LoadInterstitialOptions) => string;
  debugRequestState: (params: RequestState) => DebugRequestState;
};

export declare function createAuthenticateRequest(params: CreateAuthenticateRequestOptions): AuthenticateRequestHelpers;

// ---------------------------------------------------------------------------
// Utilities: constants, redirects, request helpers
// ---------------------------------------------------------------------------

export declare const constants: {
  readonly Attributes: {
    readonly AuthToken: '__clerkAuthToken';
    readonly AuthStatus: '__clerkAuthStatus';
    readonly AuthReason: '__clerkAuthReason';
    readonly AuthMessage: '__clerkAuthMessage';
  };
  readonly Cookies: {
    readonly Session: '__session';
    readonly ClientUat: '__client_uat';
  };
  readonly Headers: {
    readonly AuthToken: 'x-clerk-auth-token';
    readonly AuthStatus: 'x-clerk-auth-status';
    readonly AuthReason: 'x-clerk-auth-reason';
    readonly AuthMessage: 'x-clerk-auth-message';
    readonly EnableDebug: 'x-clerk-debug';
    readonly ClerkRedirectTo: 'x-clerk-redirect-to';
    readonly CloudFrontForwardedProto: 'cloudfront-forwarded-proto';
    readonly Authorization: 'authorization';
    readonly ForwardedPort: 'x-forwarded-port';
    readonly ForwardedProto: 'x-forwarded-proto';
    readonly ForwardedHost: 'x-forwarded-host';
    readonly Referrer: 'referer';
    readonly UserAgent: 'user-agent';
    readonly Origin: 'origin';
    readonly Host: 'host';
    readonly ContentType: 'content-type';
  };
  readonly SearchParams: {
    readonly AuthStatus: 'x-clerk-auth-status';
    readonly AuthToken: 'x-clerk-auth-token';
  };
  readonly ContentTypes: {
    readonly Json: 'application/json';
  };
};

type RedirectAdapter = (url: string) => any;

type RedirectParams = {
  redirectAdapter: RedirectAdapter;
  signInUrl?: string;
  signUpUrl?: string;
  publishableKey?: string;
  /**
   * @deprecated Use `publishableKey` instead.
   */
  frontendApi?: string;
};

/** Builds sign-in/sign-up redirects (Account Portal by default) and hands the URL to `redirectAdapter`. */
export declare function redirect({ redirectAdapter, signUpUrl, signInUrl, frontendApi, publishableKey }: RedirectParams): {
  redirectToSignUp: ({ returnBackUrl }?: { returnBackUrl?: string }) => any;
  redirectToSignIn: ({ returnBackUrl }?: { returnBackUrl?: string }) => any;
};

/** The request URL rebuilt from the forwarded/host headers, without the query string. */
export declare const buildRequestUrl: (request: Request, path?: string) => URL;

/** `cb` receives the runtime's `Request` and `Headers` constructors and must return a fetch `Request`. */
export declare const createIsomorphicRequest: (
  cb: (Request: typeof globalThis.Request, Headers: typeof globalThis.Headers) => Request,
) => Request;

// ---------------------------------------------------------------------------
// Client options and the client type
// ---------------------------------------------------------------------------

export type CreateBackendApiOptions = {
  /**
   * Backend API key
   * @deprecated Use `secretKey` instead.
   */
  apiKey?: string;
  secretKey?: string;
  apiUrl?: string;
  apiVersion?: string;
  userAgent?: string;
  /**
   * @deprecated This option has been deprecated and will be removed with the next major release.
   * A RequestInit init object used by the `request` method.
   */
  httpOptions?: RequestInit;
};

export type ClerkOptions = CreateBackendApiOptions &
  Partial<
    Pick<
      CreateAuthenticateRequestOptions['options'],
      'audience' | 'jwtKey' | 'proxyUrl' | 'secretKey' | 'publishableKey' | 'domain' | 'isSatellite'
    >
  > & {
    /**
     * @deprecated Use `publishableKey` instead.
     */
    frontendApi?: string;
    /** Per-attempt timeout of Backend API calls in milliseconds (default 30000; env `CLERK_TIMEOUT_MS`). */
    timeoutMs?: number;
    /** Retries of idempotent requests on 429/502/503/504 or connection errors (default 2; `0` turns them off; env `CLERK_MAX_RETRIES`). */
    maxRetries?: number;
  };

/** The live options object behind `__unstable_options`. */
type UnstableOptions = {
  apiKey?: string | undefined;
  secretKey?: string | undefined;
  apiUrl?: string | undefined;
  apiVersion?: string | undefined;
  userAgent?: string | undefined;
  httpOptions?: RequestInit | undefined;
  proxyUrl?: string | undefined;
  publishableKey?: string | undefined;
  isSatellite?: boolean | undefined;
  domain?: string | undefined;
  audience?: string | string[] | undefined;
  jwtKey?: string | undefined;
};

/** What `@clerk/backend`'s `Clerk(options)` returns. */
type ClerkBackendClient = ApiClient &
  AuthenticateRequestHelpers & {
    /**
     * @deprecated This prop has been deprecated and will be removed in the next major release.
     */
    __unstable_options: UnstableOptions;
  };

/**
 * A client: the 14 sub-APIs, request authentication, the Express middlewares,
 * token verification, and (deviation D3) live, writable configuration.
 */
export interface ClerkClient extends ClerkBackendClient {
  expressWithAuth: (options?: ClerkMiddlewareOptions) => MiddlewareWithAuthProp;
  expressRequireAuth: (options?: ClerkMiddlewareOptions) => MiddlewareRequireAuthProp;
  /** Verifies a session token with this client's options (issuer defaults to Clerk's issuer check). */
  verifyToken: (token: string, verifyOpts?: Partial<VerifyTokenOptions>) => Promise<JwtPayload>;
  /** Redwood compatibility. */
  base: {
    verifySessionToken: (token: string) => Promise<JwtPayload>;
  };
  /** Assignable: the secret key used from the next request on. */
  secretKey: string | undefined;
  /**
   * Assignable.
   * @deprecated Use `secretKey` instead.
   */
  apiKey: string | undefined;
  /** Assignable: the Backend API base URL (alias of `apiUrl`). */
  serverApiUrl: string | undefined;
  /** Assignable: the Backend API base URL. */
  apiUrl: string | undefined;
  /** Assignable: the Backend API version path segment (`v1`). */
  apiVersion: string | undefined;
  /**
   * Assignable: merged into every Backend API request.
   * @deprecated This option has been deprecated and will be removed with the next major release.
   */
  httpOptions: RequestInit | undefined;
}

/** `Clerk(options)` and `new Clerk(options)` both build a fresh client. */
type ClerkFactory = {
  (options?: ClerkOptions): ClerkClient;
  new (options?: ClerkOptions): ClerkClient;
};

// ---------------------------------------------------------------------------
// Express middlewares and the auth props they set
// ---------------------------------------------------------------------------

type LegacyAuthObject<T extends AuthObject> = Pick<T, 'sessionId' | 'userId' | 'actor' | 'getToken' | 'debug'> & {
  claims: AuthObject['sessionClaims'];
};

// The middlewares take the structural request/response types rather than `express`'s: our
// `@types/express@4.17.14` dependency (as 4.13.23's) is nested when an app has `@types/express@5`,
// and Express 4's types would then refuse Express 5's requests.
type MiddlewareRequest = FallbackRequest;
type MiddlewareResponse = FallbackResponse;
type MiddlewareNextFunction = FallbackNextFunction;

export type MiddlewareWithAuthProp = (
  req: MiddlewareRequest,
  res: MiddlewareResponse,
  next: MiddlewareNextFunction,
) => Promise<void>;
export type MiddlewareRequireAuthProp = (
  req: MiddlewareRequest,
  res: MiddlewareResponse,
  next: MiddlewareNextFunction,
) => Promise<void>;

/** `req.auth` as set by the with-auth middleware (signed in or out). */
export type LooseAuthProp = {
  auth: LegacyAuthObject<AuthObject>;
};

/** `req.auth` as set by the require-auth middleware (always signed in). */
export type StrictAuthProp = {
  auth: LegacyAuthObject<SignedInAuthObject>;
};

export type WithAuthProp<T> = T & LooseAuthProp;
export type RequireAuthProp<T> = T & StrictAuthProp;
export type ClerkMiddleware = MiddlewareWithAuthProp | MiddlewareRequireAuthProp;

export type ClerkMiddlewareOptions = {
  onError?: (error: any) => unknown;
  authorizedParties?: string[];
  audience?: AuthenticateRequestOptions['audience'];
  jwtKey?: string;
  strict?: boolean;
  signInUrl?: string;
} & MultiDomainAndOrProxy;

export type CreateClerkExpressMiddlewareOptions = {
  /** The client whose `authenticateRequest` and interstitial helpers the middleware uses. */
  clerkClient: Pick<ClerkBackendClient, keyof AuthenticateRequestHelpers>;
  /**
   * @deprecated Use `secretKey` instead.
   */
  apiKey?: string;
  secretKey?: string;
  /**
   * @deprecated Use `publishableKey` instead.
   */
  frontendApi?: string;
  publishableKey?: string;
  apiUrl?: string;
};

type ApiHandlerWithAuth<TRequest, TResponse> = (req: WithAuthProp<TRequest>, res: TResponse) => void | Promise<void>;
type ExpressApiHandlerRequireAuth = (req: RequireAuthProp<ExpressRequest>, res: ExpressResponse) => void | Promise<void>;

// ---------------------------------------------------------------------------
// The sdk-node exports
// ---------------------------------------------------------------------------

/**
 * Builds a client. Callable with or without `new`. Options not passed fall
 * back to the `CLERK_*` environment variables, then to the defaults (deviation D2).
 */
export declare const Clerk: ClerkFactory;

/** Same function as `Clerk`. */
export declare const createClerkClient: ClerkFactory;

/** The lazily initialised, env-configured client (also the default export). */
export declare const clerkClient: ClerkClient;
export default clerkClient;

/** Express/Connect middleware bound to `clerkClient`: sets `req.auth`, never rejects signed-out requests. */
export declare const ClerkExpressWithAuth: (options?: ClerkMiddlewareOptions | undefined) => MiddlewareWithAuthProp;

/** Express/Connect middleware bound to `clerkClient`: calls `next(err)` (status 401) unless signed in. */
export declare const ClerkExpressRequireAuth: (
  options?: ClerkMiddlewareOptions | undefined,
) => MiddlewareRequireAuthProp;

export declare const createClerkExpressRequireAuth: (
  createOpts: CreateClerkExpressMiddlewareOptions,
) => (options?: ClerkMiddlewareOptions) => MiddlewareRequireAuthProp;

export declare const createClerkExpressWithAuth: (
  createOpts: CreateClerkExpressMiddlewareOptions,
) => (options?: ClerkMiddlewareOptions) => MiddlewareWithAuthProp;

/** Wraps a `(req, res)` handler: runs the with-auth middleware first, then the handler with `req.auth` set. */
export declare function withAuth<TRequest extends ExpressRequest = ExpressRequest, TResponse extends ExpressResponse = ExpressResponse>(
  handler: ApiHandlerWithAuth<TRequest, TResponse>,
  options?: ClerkMiddlewareOptions,
): any;

/** Wraps a `(req, res)` handler: rejects with `Error('Unauthenticated')` unless signed in. */
export declare function requireAuth(handler: ExpressApiHandlerRequireAuth, options?: ClerkMiddlewareOptions): any;

/** Sets the singleton's secret key (deviation D3; also reaches the named sub-API exports). */
export declare const setClerkSecretKey: (value: string) => void;
/**
 * @deprecated Use `setClerkSecretKey` instead.
 */
export declare const setClerkApiKey: (value: string) => void;
export declare const setClerkServerApiUrl: (value: string) => void;
export declare const setClerkApiVersion: (value: string) => void;
export declare const setClerkHttpOptions: (value: RequestInit) => void;

/** The singleton's sub-APIs. */
export declare const users: UserAPI;
export declare const smsMessages: SMSMessageAPI;
export declare const sessions: SessionAPI;
export declare const emailAddresses: EmailAddressAPI;
export declare const phoneNumbers: PhoneNumberAPI;
export declare const emails: EmailAPI;
export declare const invitations: InvitationAPI;
export declare const organizations: OrganizationAPI;
export declare const clients: ClientAPI;
export declare const allowlistIdentifiers: AllowlistIdentifierAPI;
export declare const domains: DomainAPI;

// ---------------------------------------------------------------------------
// Type-only exports of names that have no runtime export, so that they can be
// named in user code and in emitted declarations.
// ---------------------------------------------------------------------------

export type {
  AllowlistIdentifierAPI,
  AuthErrorReason,
  ClientAPI,
  DomainAPI,
  EmailAPI,
  EmailAddressAPI,
  InterstitialAPI,
  InvitationAPI,
  OrganizationAPI,
  PhoneNumberAPI,
  RedirectUrlAPI,
  SMSMessageAPI,
  SessionAPI,
  SignInTokenAPI,
  TokenVerificationError,
  TokenVerificationErrorAction,
  TokenVerificationErrorReason,
  UserAPI,
  Web3Wallet,
};
