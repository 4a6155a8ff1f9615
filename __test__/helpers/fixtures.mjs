// Backend API (2021-02-05) response bodies for the differential tests.
//
// Shapes follow the component schemas of the BAPI OpenAPI spec: the required keys are
// present (including `object`), plus a few keys the SDK drops (so that dropping them is
// tested too). Values are fixed so that both SDKs see byte-identical answers.

export const CREATED = 1700000000000;
export const UPDATED = 1700000600000;
export const EXPIRES = 1900000000000;

export const ID = {
  user: 'user_2aBcDeFgHiJkLmNoPqRsTuVwXyZ',
  user2: 'user_2zYxWvUtSrQpOnMlKjIhGfEdCbA',
  org: 'org_2aBcDeFgHiJkLmNoPqRsTuVwXyZ',
  session: 'sess_2aBcDeFgHiJkLmNoPqRsTuVwXyZ',
  client: 'client_2aBcDeFgHiJkLmNoPqRsTuVwXyZ',
  email: 'idn_2emailAbCdEfGhIjKlMnOpQrStU',
  phone: 'idn_2phoneAbCdEfGhIjKlMnOpQrStU',
  web3: 'idn_2web3wAbCdEfGhIjKlMnOpQrStU',
  externalAccount: 'eac_2aBcDeFgHiJkLmNoPqRsTuVwXyZ',
  invitation: 'inv_2aBcDeFgHiJkLmNoPqRsTuVwXyZ',
  orgInvitation: 'orginv_2aBcDeFgHiJkLmNoPqRsTuV',
  membership: 'orgmem_2aBcDeFgHiJkLmNoPqRsTuV',
  allowlist: 'alid_2aBcDeFgHiJkLmNoPqRsTuVwXy',
  redirectUrl: 'ru_2aBcDeFgHiJkLmNoPqRsTuVwXyZ',
  signInToken: 'sit_2aBcDeFgHiJkLmNoPqRsTuVwXyZ',
  domain: 'dmn_2aBcDeFgHiJkLmNoPqRsTuVwXyZ',
  instance: 'ins_2aBcDeFgHiJkLmNoPqRsTuVwXyZ',
};

export function verificationOtp(strategy = 'email_code') {
  return { object: 'verification_otp', status: 'verified', strategy, attempts: 1, expire_at: EXPIRES };
}

export function emailAddress(id = ID.email, address = 'ada@example.com') {
  return {
    object: 'email_address',
    id,
    email_address: address,
    reserved: false,
    verification: verificationOtp('email_code'),
    linked_to: [{ type: 'oauth_github', id: 'idn_2linkAbCdEfGhIjKlMnOpQrStU' }],
    created_at: CREATED,
    updated_at: UPDATED,
  };
}

export function phoneNumber(id = ID.phone, number = '+15550001111') {
  return {
    object: 'phone_number',
    id,
    phone_number: number,
    reserved_for_second_factor: true,
    default_second_factor: true,
    reserved: false,
    verification: { ...verificationOtp('phone_code'), attempts: 3 },
    linked_to: [],
    backup_codes: null,
    created_at: CREATED,
    updated_at: UPDATED,
  };
}

export function web3Wallet() {
  return {
    object: 'web3_wallet',
    id: ID.web3,
    web3_wallet: '0xabcdefabcdefabcdefabcdefabcdefabcdefabcd',
    verification: {
      object: 'verification_web3',
      status: 'verified',
      strategy: 'web3_metamask_signature',
      nonce: 'nonce_0123',
      attempts: 1,
      expire_at: EXPIRES,
    },
    created_at: CREATED,
    updated_at: UPDATED,
  };
}

export function externalAccount() {
  return {
    object: 'external_account',
    id: ID.externalAccount,
    provider: 'oauth_github',
    identification_id: 'idn_2linkAbCdEfGhIjKlMnOpQrStU',
    provider_user_id: '5551234',
    approved_scopes: 'read:user user:email',
    email_address: 'ada@example.com',
    first_name: 'Ada',
    last_name: 'Lovelace',
    avatar_url: 'https://avatars.githubusercontent.com/u/5551234',
    image_url: 'https://img.clerk.com/eac_ada',
    username: 'ada',
    public_metadata: { org: 'analytical-engines' },
    label: null,
    created_at: CREATED,
    updated_at: UPDATED,
    verification: {
      object: 'verification_oauth',
      status: 'verified',
      strategy: 'oauth_github',
      external_verification_redirect_url: 'https://github.com/login/oauth/authorize?client_id=abc&state=s1',
      attempts: null,
      expire_at: EXPIRES,
    },
  };
}

export function user(id = ID.user, { first = 'Ada', last = 'Lovelace', username = 'ada' } = {}) {
  return {
    object: 'user',
    id,
    external_id: 'crm_1815',
    primary_email_address_id: ID.email,
    primary_phone_number_id: ID.phone,
    primary_web3_wallet_id: ID.web3,
    username,
    first_name: first,
    last_name: last,
    profile_image_url: `https://images.clerk.dev/uploaded/${id}.png`,
    image_url: `https://img.clerk.com/${id}`,
    has_image: true,
    gender: '',
    birthday: '',
    public_metadata: { role: 'admin', nestedKey: { camelCase: true } },
    private_metadata: { stripe_id: 'cus_42' },
    unsafe_metadata: { onboardingDone: false },
    email_addresses: [emailAddress()],
    phone_numbers: [phoneNumber()],
    web3_wallets: [web3Wallet()],
    external_accounts: [externalAccount()],
    saml_accounts: [],
    password_enabled: true,
    two_factor_enabled: true,
    totp_enabled: false,
    backup_code_enabled: true,
    banned: false,
    locked: false,
    last_sign_in_at: UPDATED,
    last_active_at: UPDATED,
    create_organization_enabled: true,
    delete_self_enabled: false,
    created_at: CREATED,
    updated_at: UPDATED,
  };
}

export function session(id = ID.session, status = 'active') {
  return {
    object: 'session',
    id,
    user_id: ID.user,
    client_id: ID.client,
    status,
    last_active_organization_id: null,
    actor: null,
    last_active_at: UPDATED,
    expire_at: EXPIRES,
    abandon_at: EXPIRES + 1000,
    created_at: CREATED,
    updated_at: UPDATED,
  };
}

export function client(id = ID.client) {
  return {
    object: 'client',
    id,
    session_ids: [ID.session],
    sessions: [session()],
    sign_in_id: null,
    sign_up_id: 'sua_2aBcDeFgHiJkLmNoPqRsTuVwXy',
    last_active_session_id: ID.session,
    last_authentication_strategy: 'oauth_github',
    created_at: CREATED,
    updated_at: UPDATED,
  };
}

export function organization(id = ID.org, slug = 'analytical-engines') {
  return {
    object: 'organization',
    id,
    name: 'Analytical Engines',
    slug,
    logo_url: `https://images.clerk.dev/logo/${id}.png`,
    image_url: `https://img.clerk.com/${id}`,
    has_image: true,
    members_count: 7,
    pending_invitations_count: 2,
    max_allowed_memberships: 10,
    admin_delete_enabled: false,
    public_metadata: { plan: 'team' },
    private_metadata: { billing_ref: 'B-1' },
    created_by: ID.user,
    created_at: CREATED,
    updated_at: UPDATED,
  };
}

export function publicUserData(userId = ID.user) {
  return {
    user_id: userId,
    first_name: 'Ada',
    last_name: 'Lovelace',
    profile_image_url: `https://images.clerk.dev/uploaded/${userId}.png`,
    image_url: `https://img.clerk.com/${userId}`,
    has_image: true,
    identifier: 'ada@example.com',
  };
}

export function membership(orgId = ID.org, userId = ID.user, role = 'org:admin') {
  return {
    object: 'organization_membership',
    id: ID.membership,
    role,
    permissions: ['org:sys_memberships:manage'],
    public_metadata: { title: 'CTO' },
    private_metadata: {},
    organization: organization(orgId),
    public_user_data: publicUserData(userId),
    created_at: CREATED,
    updated_at: UPDATED,
  };
}

export function invitation(id = ID.invitation, status = 'pending') {
  return {
    object: 'invitation',
    id,
    email_address: 'grace@example.com',
    public_metadata: { cohort: 2024 },
    revoked: status === 'revoked',
    status,
    url: 'https://accounts.example.com/sign-up?__clerk_ticket=t1',
    expires_at: EXPIRES,
    created_at: CREATED,
    updated_at: UPDATED,
  };
}

export function orgInvitation(orgId = ID.org, id = ID.orgInvitation, status = 'pending') {
  return {
    object: 'organization_invitation',
    id,
    email_address: 'grace@example.com',
    role: 'org:member',
    role_name: 'Member',
    organization_id: orgId,
    inviter_id: ID.user,
    public_inviter_data: { user_id: ID.user, first_name: 'Ada', last_name: 'Lovelace', identifier: 'ada@example.com' },
    status,
    public_metadata: { team: 'compilers' },
    private_metadata: { referral: 'r-9' },
    url: null,
    expires_at: EXPIRES,
    created_at: CREATED,
    updated_at: UPDATED,
  };
}

export function allowlistIdentifier(id = ID.allowlist, identifier = 'grace@example.com') {
  return {
    object: 'allowlist_identifier',
    id,
    invitation_id: ID.invitation,
    identifier,
    identifier_type: 'email_address',
    instance_id: ID.instance,
    created_at: CREATED,
    updated_at: UPDATED,
  };
}

export function redirectUrl(id = ID.redirectUrl, url = 'https://app.example.com/sso-callback') {
  return { object: 'redirect_url', id, url, created_at: CREATED, updated_at: UPDATED };
}

export function signInToken(id = ID.signInToken, status = 'pending') {
  return {
    object: 'sign_in_token',
    id,
    user_id: ID.user,
    token: 'eyJhbGciOiJSUzI1NiJ9.sign-in.sig',
    status,
    url: 'https://accounts.example.com/sign-in?__clerk_ticket=eyJhbGciOiJSUzI1NiJ9.sign-in.sig',
    created_at: CREATED,
    updated_at: UPDATED,
  };
}

// /emails and /sms_messages are retired endpoints; the shapes carry what v4's Email and
// SMSMessage classes read.
export function email() {
  return {
    object: 'email',
    id: 'ema_2aBcDeFgHiJkLmNoPqRsTuVwXyZ',
    slug: 'welcome',
    from_email_name: 'hello',
    email_address_id: ID.email,
    to_email_address: 'ada@example.com',
    subject: 'Welcome aboard',
    body: '<p>Hi Ada</p>',
    body_plain: 'Hi Ada',
    status: 'queued',
    data: { first_name: 'Ada' },
    delivered_by_clerk: true,
  };
}

export function smsMessage() {
  return {
    object: 'sms_message',
    id: 'sms_2aBcDeFgHiJkLmNoPqRsTuVwXyZ',
    from_phone_number: '+15550009999',
    to_phone_number: '+15550001111',
    phone_number_id: ID.phone,
    message: 'Your code is 123456',
    status: 'queued',
    data: { code: '123456' },
    delivered_by_clerk: true,
  };
}

export function oauthAccessTokens(provider = 'oauth_github') {
  return [
    {
      object: 'oauth_access_token',
      external_account_id: ID.externalAccount,
      provider_user_id: '5551234',
      token: 'gho_16C7e42F292c6912E7710c838347Ae178B4a',
      expires_at: null,
      provider,
      public_metadata: {},
      label: null,
      scopes: ['read:user', 'user:email'],
    },
  ];
}

export const token = (jwt) => ({ object: 'token', jwt });
export const deleted = (object, id) => ({ object, id, deleted: true });
export const paginated = (data) => ({ data, total_count: data.length });
export const totalCount = (n) => ({ object: 'total_count', total_count: n });

/** A ClerkErrors body (`{ errors, clerk_trace_id? }`). */
export function clerkErrors(errors, traceId) {
  const body = { errors };
  if (traceId !== undefined) body.clerk_trace_id = traceId;
  return body;
}

export const INTERSTITIAL = '<!DOCTYPE html><html><head><title>Interstitial</title></head><body></body></html>';
