'use strict';
// The small runtime helpers 4.13.23 re-exports from @clerk/backend: constants, enums and
// shape utilities. Pure data and object manipulation, kept in JS because they act on JS
// objects (a native hop would cost more than the work).
const native = require('./native');
const { item } = require('./resources');

const ObjectType = Object.freeze({
  AllowlistIdentifier: 'allowlist_identifier',
  Client: 'client',
  Email: 'email',
  EmailAddress: 'email_address',
  ExternalAccount: 'external_account',
  FacebookAccount: 'facebook_account',
  GoogleAccount: 'google_account',
  Invitation: 'invitation',
  OauthAccessToken: 'oauth_access_token',
  Organization: 'organization',
  OrganizationInvitation: 'organization_invitation',
  OrganizationMembership: 'organization_membership',
  PhoneNumber: 'phone_number',
  RedirectUrl: 'redirect_url',
  Session: 'session',
  SignInAttempt: 'sign_in_attempt',
  SignInToken: 'sign_in_token',
  SignUpAttempt: 'sign_up_attempt',
  SmsMessage: 'sms_message',
  User: 'user',
  Web3Wallet: 'web3_wallet',
  Token: 'token',
  TotalCount: 'total_count',
});

const AuthStatus = Object.freeze({ SignedIn: 'signed-in', SignedOut: 'signed-out', Interstitial: 'interstitial', Unknown: 'unknown' });

const Headers = {
  AuthToken: 'x-clerk-auth-token',
  AuthStatus: 'x-clerk-auth-status',
  AuthReason: 'x-clerk-auth-reason',
  AuthMessage: 'x-clerk-auth-message',
  EnableDebug: 'x-clerk-debug',
  ClerkRedirectTo: 'x-clerk-redirect-to',
  CloudFrontForwardedProto: 'cloudfront-forwarded-proto',
  Authorization: 'authorization',
  ForwardedPort: 'x-forwarded-port',
  ForwardedProto: 'x-forwarded-proto',
  ForwardedHost: 'x-forwarded-host',
  Referrer: 'referer',
  UserAgent: 'user-agent',
  Origin: 'origin',
  Host: 'host',
  ContentType: 'content-type',
};

const constants = {
  Attributes: { AuthToken: '__clerkAuthToken', AuthStatus: '__clerkAuthStatus', AuthReason: '__clerkAuthReason', AuthMessage: '__clerkAuthMessage' },
  Cookies: { Session: '__session', ClientUat: '__client_uat' },
  Headers,
  SearchParams: { AuthStatus: Headers.AuthStatus, AuthToken: Headers.AuthToken },
  ContentTypes: { Json: 'application/json' },
};

// v4's `deserialize(payload)`: BAPI JSON into resource instances, shaped by Rust.
function deserialize(payload) {
  if (typeof payload === 'string') return payload;
  // What v4's `payload.data` / `'object' in payload` throw for values without JSON.
  if (payload === undefined) throw new TypeError("Cannot read properties of undefined (reading 'data')");
  if (typeof payload === 'symbol' || typeof payload === 'function') {
    throw new TypeError(`Cannot use 'in' operator to search for 'object' in ${String(payload)}`);
  }
  const shaped = native.deserializePayload(JSON.stringify(payload));
  const rest = shaped.slice(1);
  switch (shaped.charCodeAt(0)) {
    case 89: // Y: what v4's resource constructors throw on this shape
      throw new TypeError(rest);
    case 76: // L
      return JSON.parse(rest).map(item);
    default: // R
      return item(JSON.parse(rest));
  }
}

function prunePrivateMetadata(resource) {
  if (resource) {
    delete resource.privateMetadata;
    delete resource.private_metadata;
  }
  return resource;
}

function sanitizeAuthObject(authObject) {
  const user = authObject.user ? { ...authObject.user } : authObject.user;
  const organization = authObject.organization ? { ...authObject.organization } : authObject.organization;
  prunePrivateMetadata(user);
  prunePrivateMetadata(organization);
  return { ...authObject, user, organization };
}

const makeAuthObjectSerializable = (obj) => {
  const { debug, getToken, has, ...rest } = obj;
  return rest;
};

const firstValue = (value) => (value == null ? undefined : value.split(',')[0]);

// The request URL as the browser saw it, from the forwarded/host headers; no query.
function buildRequestUrl(request, path) {
  const initialUrl = new URL(request.url);
  const forwardedProto = request.headers.get(Headers.ForwardedProto);
  const forwardedHost = request.headers.get(Headers.ForwardedHost);
  const host = request.headers.get(Headers.Host) || initialUrl.host;
  const resolvedHost = firstValue(forwardedHost) ?? host;
  const resolvedProtocol = firstValue(forwardedProto) ?? initialUrl.protocol.replace(/[:/]/, '');
  const base = resolvedHost && resolvedProtocol ? `${resolvedProtocol}://${resolvedHost}` : '';
  return new URL(path || initialUrl.pathname, base);
}

function createIsomorphicRequest(cb) {
  const req = cb(Request, globalThis.Headers);
  return new Request(buildRequestUrl(req), req);
}

module.exports = {
  ObjectType,
  AuthStatus,
  constants,
  deserialize,
  prunePrivateMetadata,
  sanitizeAuthObject,
  makeAuthObjectSerializable,
  buildRequestUrl,
  createIsomorphicRequest,
};

// v4's `redirect({ redirectAdapter, signInUrl, signUpUrl, publishableKey, frontendApi })`.
function redirect({ redirectAdapter, signUpUrl, signInUrl, frontendApi, publishableKey }) {
  const { deprecated } = require('./deprecated');
  if (!frontendApi) frontendApi = native.frontendApiFromPublishableKey(publishableKey || '') ?? undefined;
  else deprecated('frontendApi', 'Use `publishableKey` instead.');
  const accountsBaseUrl = frontendApi
    ? `https://${frontendApi.replace(/(clerk\.accountsstage\.)/, 'accountsstage.').replace(/(clerk\.accounts\.|clerk\.)/, 'accounts.')}`
    : '';
  const missingKey = () => {
    throw new Error('@clerk/backend: Missing publishableKey. You can get your key at https://dashboard.clerk.com/last-active?path=api-keys.');
  };
  const buildUrl = (targetUrl, redirectUrl) => {
    let url;
    if (!targetUrl.startsWith('http')) {
      if (!redirectUrl || !redirectUrl.startsWith('http')) throw new Error('destination url or return back url should be an absolute path url!');
      url = new URL(targetUrl, new URL(redirectUrl).origin);
    } else {
      url = new URL(targetUrl);
    }
    if (redirectUrl) url.searchParams.set('redirect_url', redirectUrl);
    return url.toString();
  };
  const redirectToSignUp = ({ returnBackUrl } = {}) => {
    if (!signUpUrl && !accountsBaseUrl) missingKey();
    return redirectAdapter(buildUrl(signUpUrl || `${accountsBaseUrl}/sign-up`, returnBackUrl));
  };
  const redirectToSignIn = ({ returnBackUrl } = {}) => {
    if (!signInUrl && !accountsBaseUrl) missingKey();
    return redirectAdapter(buildUrl(signInUrl || `${accountsBaseUrl}/sign-in`, returnBackUrl));
  };
  return { redirectToSignUp, redirectToSignIn };
}

module.exports.redirect = redirect;
