// The 63 sub-API methods of v4 (endpoints.json), each with realistic arguments, the
// request v4 sends for them ("METHOD path") and what it resolves to ("User", "User[]",
// "DeletedObject", "string", ...). Shared by the differential test files.
import { ID } from './fixtures.mjs';

export const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

// One row per method: [api, method, () => args, 'METHOD path', 'returns'].
export const METHODS = [
  // allowlistIdentifiers
  ['allowlistIdentifiers', 'getAllowlistIdentifierList', () => [], 'GET /v1/allowlist_identifiers', 'AllowlistIdentifier[]'],
  ['allowlistIdentifiers', 'createAllowlistIdentifier', () => [{ identifier: 'grace@example.com', notify: true }], 'POST /v1/allowlist_identifiers', 'AllowlistIdentifier'],
  ['allowlistIdentifiers', 'deleteAllowlistIdentifier', () => [ID.allowlist], `DELETE /v1/allowlist_identifiers/${ID.allowlist}`, 'DeletedObject'],
  // clients
  ['clients', 'getClientList', () => [], 'GET /v1/clients', 'Client[]'],
  ['clients', 'getClient', () => [ID.client], `GET /v1/clients/${ID.client}`, 'Client'],
  ['clients', 'verifyClient', () => ['eyJhbGciOiJSUzI1NiJ9.client.sig'], 'POST /v1/clients/verify', 'Client'],
  // domains
  ['domains', 'deleteDomain', () => [ID.domain], `DELETE /v1/domains/${ID.domain}`, 'DeletedObject'],
  // emailAddresses
  ['emailAddresses', 'getEmailAddress', () => [ID.email], `GET /v1/email_addresses/${ID.email}`, 'EmailAddress'],
  ['emailAddresses', 'createEmailAddress', () => [{ userId: ID.user, emailAddress: 'ada+work@example.com', verified: true, primary: false }], 'POST /v1/email_addresses', 'EmailAddress'],
  ['emailAddresses', 'updateEmailAddress', () => [ID.email, { verified: true, primary: true }], `PATCH /v1/email_addresses/${ID.email}`, 'EmailAddress'],
  ['emailAddresses', 'deleteEmailAddress', () => [ID.email], `DELETE /v1/email_addresses/${ID.email}`, 'DeletedObject'],
  // emails (deprecated)
  ['emails', 'createEmail', () => [{ fromEmailName: 'hello', emailAddressId: ID.email, subject: 'Welcome aboard', body: '<p>Hi Ada</p>' }], 'POST /v1/emails', 'Email'],
  // interstitial (deprecated)
  ['interstitial', 'getInterstitial', () => [], 'GET /v1/internal/interstitial', 'string'],
  // invitations
  ['invitations', 'getInvitationList', () => [{ status: 'pending' }], 'GET /v1/invitations', 'Invitation[]'],
  [
    'invitations',
    'createInvitation',
    () => [{ emailAddress: 'grace@example.com', redirectUrl: 'https://app.example.com/welcome', publicMetadata: { cohort: 2024, invitedBy: { userId: ID.user } }, notify: false, ignoreExisting: true }],
    'POST /v1/invitations',
    'Invitation',
  ],
  ['invitations', 'revokeInvitation', () => [ID.invitation], `POST /v1/invitations/${ID.invitation}/revoke`, 'Invitation'],
  // organizations
  ['organizations', 'getOrganizationList', () => [{ limit: 20, offset: 10, includeMembersCount: true, query: 'engines' }], 'GET /v1/organizations', 'Organization[]'],
  [
    'organizations',
    'createOrganization',
    () => [{ name: 'Analytical Engines', slug: 'analytical-engines', createdBy: ID.user, maxAllowedMemberships: 10, publicMetadata: { plan: 'team' }, privateMetadata: { billingRef: 'B-1' } }],
    'POST /v1/organizations',
    'Organization',
  ],
  ['organizations', 'getOrganization', () => [{ organizationId: ID.org }], `GET /v1/organizations/${ID.org}`, 'Organization'],
  ['organizations', 'updateOrganization', () => [ID.org, { name: 'Analytical Engines Ltd', maxAllowedMemberships: 25, publicMetadata: { plan: 'business' } }], `PATCH /v1/organizations/${ID.org}`, 'Organization'],
  [
    'organizations',
    'updateOrganizationLogo',
    () => [ID.org, { file: new File([PNG], 'logo.png', { type: 'image/png' }), uploaderUserId: ID.user }],
    `PUT /v1/organizations/${ID.org}/logo`,
    'Organization',
  ],
  ['organizations', 'deleteOrganizationLogo', () => [ID.org], `DELETE /v1/organizations/${ID.org}/logo`, 'Organization'],
  ['organizations', 'updateOrganizationMetadata', () => [ID.org, { publicMetadata: { plan: 'enterprise' }, privateMetadata: { billing_ref: null } }], `PATCH /v1/organizations/${ID.org}/metadata`, 'Organization'],
  ['organizations', 'deleteOrganization', () => [ID.org], `DELETE /v1/organizations/${ID.org}`, 'DeletedObject'],
  ['organizations', 'getOrganizationMembershipList', () => [{ organizationId: ID.org, limit: 50, offset: 50 }], `GET /v1/organizations/${ID.org}/memberships`, 'OrganizationMembership[]'],
  ['organizations', 'createOrganizationMembership', () => [{ organizationId: ID.org, userId: ID.user2, role: 'org:member' }], `POST /v1/organizations/${ID.org}/memberships`, 'OrganizationMembership'],
  ['organizations', 'updateOrganizationMembership', () => [{ organizationId: ID.org, userId: ID.user2, role: 'org:admin' }], `PATCH /v1/organizations/${ID.org}/memberships/${ID.user2}`, 'OrganizationMembership'],
  [
    'organizations',
    'updateOrganizationMembershipMetadata',
    () => [{ organizationId: ID.org, userId: ID.user2, publicMetadata: { title: 'Lead' }, privateMetadata: { reviewCycle: 'Q3' } }],
    `PATCH /v1/organizations/${ID.org}/memberships/${ID.user2}/metadata`,
    'OrganizationMembership',
  ],
  ['organizations', 'deleteOrganizationMembership', () => [{ organizationId: ID.org, userId: ID.user2 }], `DELETE /v1/organizations/${ID.org}/memberships/${ID.user2}`, 'OrganizationMembership'],
  [
    'organizations',
    'getOrganizationInvitationList',
    () => [{ organizationId: ID.org, status: ['pending', 'accepted'], limit: 10, offset: 20 }],
    `GET /v1/organizations/${ID.org}/invitations`,
    'OrganizationInvitation[]',
  ],
  ['organizations', 'getPendingOrganizationInvitationList', () => [{ organizationId: ID.org, limit: 5, offset: 5 }], `GET /v1/organizations/${ID.org}/invitations/pending`, 'OrganizationInvitation[]'],
  [
    'organizations',
    'createOrganizationInvitation',
    () => [{ organizationId: ID.org, inviterUserId: ID.user, emailAddress: 'grace@example.com', role: 'org:member', redirectUrl: 'https://app.example.com/join', publicMetadata: { team: 'compilers' } }],
    `POST /v1/organizations/${ID.org}/invitations`,
    'OrganizationInvitation',
  ],
  ['organizations', 'getOrganizationInvitation', () => [{ organizationId: ID.org, invitationId: ID.orgInvitation }], `GET /v1/organizations/${ID.org}/invitations/${ID.orgInvitation}`, 'OrganizationInvitation'],
  [
    'organizations',
    'revokeOrganizationInvitation',
    () => [{ organizationId: ID.org, invitationId: ID.orgInvitation, requestingUserId: ID.user }],
    `POST /v1/organizations/${ID.org}/invitations/${ID.orgInvitation}/revoke`,
    'OrganizationInvitation',
  ],
  // phoneNumbers
  ['phoneNumbers', 'getPhoneNumber', () => [ID.phone], `GET /v1/phone_numbers/${ID.phone}`, 'PhoneNumber'],
  ['phoneNumbers', 'createPhoneNumber', () => [{ userId: ID.user, phoneNumber: '+15550003333', verified: false, primary: true }], 'POST /v1/phone_numbers', 'PhoneNumber'],
  ['phoneNumbers', 'updatePhoneNumber', () => [ID.phone, { verified: true }], `PATCH /v1/phone_numbers/${ID.phone}`, 'PhoneNumber'],
  ['phoneNumbers', 'deletePhoneNumber', () => [ID.phone], `DELETE /v1/phone_numbers/${ID.phone}`, 'DeletedObject'],
  // redirectUrls
  ['redirectUrls', 'getRedirectUrlList', () => [], 'GET /v1/redirect_urls', 'RedirectUrl[]'],
  ['redirectUrls', 'getRedirectUrl', () => [ID.redirectUrl], `GET /v1/redirect_urls/${ID.redirectUrl}`, 'RedirectUrl'],
  ['redirectUrls', 'createRedirectUrl', () => [{ url: 'https://app.example.com/sso-callback' }], 'POST /v1/redirect_urls', 'RedirectUrl'],
  ['redirectUrls', 'deleteRedirectUrl', () => [ID.redirectUrl], `DELETE /v1/redirect_urls/${ID.redirectUrl}`, 'DeletedObject'],
  // sessions
  ['sessions', 'getSessionList', () => [{ userId: ID.user, clientId: ID.client, status: 'active' }], 'GET /v1/sessions', 'Session[]'],
  ['sessions', 'getSession', () => [ID.session], `GET /v1/sessions/${ID.session}`, 'Session'],
  ['sessions', 'revokeSession', () => [ID.session], `POST /v1/sessions/${ID.session}/revoke`, 'Session'],
  ['sessions', 'verifySession', () => [ID.session, 'eyJhbGciOiJSUzI1NiJ9.session.sig'], `POST /v1/sessions/${ID.session}/verify`, 'Session'],
  ['sessions', 'getToken', () => [ID.session, 'supabase'], `POST /v1/sessions/${ID.session}/tokens/supabase`, 'string'],
  // signInTokens
  ['signInTokens', 'createSignInToken', () => [{ userId: ID.user, expiresInSeconds: 3600 }], 'POST /v1/sign_in_tokens', 'SignInToken'],
  ['signInTokens', 'revokeSignInToken', () => [ID.signInToken], `POST /v1/sign_in_tokens/${ID.signInToken}/revoke`, 'SignInToken'],
  // smsMessages (deprecated)
  ['smsMessages', 'createSMSMessage', () => [{ phoneNumberId: ID.phone, message: 'Your code is 123456' }], 'POST /v1/sms_messages', 'SMSMessage'],
  // users
  ['users', 'getUserList', () => [{ emailAddress: ['ada@example.com', 'grace@example.com'], limit: 10, offset: 0, orderBy: '-created_at' }], 'GET /v1/users', 'User[]'],
  ['users', 'getUser', () => [ID.user], `GET /v1/users/${ID.user}`, 'User'],
  [
    'users',
    'createUser',
    () => [
      {
        externalId: 'crm_1815',
        emailAddress: ['ada@example.com'],
        phoneNumber: ['+15550001111'],
        username: 'ada',
        password: 'correct-horse-battery-staple',
        firstName: 'Ada',
        lastName: 'Lovelace',
        skipPasswordChecks: true,
        publicMetadata: { role: 'admin', nestedKey: { camelCase: true } },
        privateMetadata: { stripe_id: 'cus_42' },
        unsafeMetadata: { onboardingDone: false },
        createdAt: new Date(Date.UTC(2023, 10, 14, 22, 13, 20)),
      },
    ],
    'POST /v1/users',
    'User',
  ],
  [
    'users',
    'updateUser',
    () => [ID.user, { firstName: 'Augusta', primaryEmailAddressID: ID.email, signOutOfOtherSessions: true, publicMetadata: { role: 'owner' }, createOrganizationEnabled: false }],
    `PATCH /v1/users/${ID.user}`,
    'User',
  ],
  ['users', 'updateUserProfileImage', () => [ID.user, { file: new Blob([PNG], { type: 'image/png' }) }], `POST /v1/users/${ID.user}/profile_image`, 'User'],
  [
    'users',
    'updateUserMetadata',
    () => [ID.user, { publicMetadata: { role: 'owner' }, privateMetadata: { stripe_id: null }, unsafeMetadata: { onboardingDone: true } }],
    `PATCH /v1/users/${ID.user}/metadata`,
    'User',
  ],
  ['users', 'deleteUser', () => [ID.user], `DELETE /v1/users/${ID.user}`, 'DeletedObject'],
  ['users', 'getCount', () => [{ query: 'ada', emailAddress: ['ada@example.com'] }], 'GET /v1/users/count', 'number'],
  ['users', 'getUserOauthAccessToken', () => [ID.user, 'oauth_github'], `GET /v1/users/${ID.user}/oauth_access_tokens/oauth_github`, 'OauthAccessToken[]'],
  ['users', 'disableUserMFA', () => [ID.user], `DELETE /v1/users/${ID.user}/mfa`, 'Object'],
  ['users', 'getOrganizationMembershipList', () => [{ userId: ID.user, limit: 10, offset: 10 }], `GET /v1/users/${ID.user}/organization_memberships`, 'OrganizationMembership[]'],
  ['users', 'verifyPassword', () => [{ userId: ID.user, password: 'correct-horse-battery-staple' }], `POST /v1/users/${ID.user}/verify_password`, 'Object'],
  ['users', 'verifyTOTP', () => [{ userId: ID.user, code: '123456' }], `POST /v1/users/${ID.user}/verify_totp`, 'Object'],
];
