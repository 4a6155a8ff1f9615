// Backend API (v1) response bodies for the benchmark's fake API: a realistic user
// (~2 KB of JSON, following the BAPI `User` schema: email addresses, phone numbers,
// external accounts, the three metadata objects) and a 10-user list (~20 KB).
export const CREATED = 1700000000000;
export const UPDATED = 1712345678901;
export const EXPIRES = 1900000000000;

// `prefix_2` + 26 base62 characters (deterministic per n), like Clerk's ids.
export function clerkId(prefix, n) {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let x = (n * 2654435761 + 0x9e3779b9) >>> 0;
  let s = '';
  for (let i = 0; i < 26; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    s += alphabet[x % 62];
  }
  return `${prefix}_2${s}`;
}

export const USER_IDS = Array.from({ length: 16 }, (_, i) => clerkId('user', 1000 + i));

const NAMES = [
  ['Ada', 'Lovelace'], ['Grace', 'Hopper'], ['Alan', 'Turing'], ['Edsger', 'Dijkstra'],
  ['Barbara', 'Liskov'], ['Donald', 'Knuth'], ['Frances', 'Allen'], ['Ken', 'Thompson'],
  ['Radia', 'Perlman'], ['John', 'McCarthy'], ['Margaret', 'Hamilton'], ['Dennis', 'Ritchie'],
];

function nameFor(id) {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return NAMES[h % NAMES.length];
}

export function user(id) {
  const [first, last] = nameFor(id);
  const handle = `${first}.${last}`.toLowerCase();
  const email = `${handle}@example.com`;
  const emailId = `idn_${id.slice(5, 20)}Em`;
  const phoneId = `idn_${id.slice(5, 20)}Ph`;
  const eacId = `eac_${id.slice(5)}`;
  const otp = (strategy) => ({ status: 'verified', strategy, attempts: 1, expire_at: EXPIRES });
  return {
    id,
    object: 'user',
    username: handle.replace('.', '_'),
    first_name: first,
    last_name: last,
    image_url: `https://img.clerk.com/eyJ0eXBlIjoicHJveHkiLCJzcmMiOi${id.slice(-12)}`,
    has_image: true,
    primary_email_address_id: emailId,
    primary_phone_number_id: phoneId,
    primary_web3_wallet_id: null,
    password_enabled: true,
    two_factor_enabled: true,
    totp_enabled: false,
    backup_code_enabled: false,
    email_addresses: [
      {
        id: emailId,
        object: 'email_address',
        email_address: email,
        reserved: false,
        verification: otp('email_code'),
        linked_to: [{ type: 'oauth_github', id: `idn_${id.slice(5, 20)}Gh` }],
        created_at: CREATED,
        updated_at: UPDATED,
      },
    ],
    phone_numbers: [
      {
        id: phoneId,
        object: 'phone_number',
        phone_number: '+15555550123',
        reserved_for_second_factor: true,
        default_second_factor: true,
        reserved: false,
        verification: { ...otp('phone_code'), attempts: 2 },
        linked_to: [],
        backup_codes: null,
        created_at: CREATED,
        updated_at: UPDATED,
      },
    ],
    web3_wallets: [],
    external_accounts: [
      {
        object: 'external_account',
        id: eacId,
        provider: 'oauth_github',
        identification_id: `idn_${id.slice(5, 20)}Gh`,
        provider_user_id: String(5550000 + (id.charCodeAt(id.length - 1) % 1000)),
        approved_scopes: 'read:user user:email',
        email_address: email,
        first_name: first,
        last_name: last,
        avatar_url: `https://avatars.githubusercontent.com/u/${5550000 + (id.charCodeAt(id.length - 1) % 1000)}?v=4`,
        image_url: `https://img.clerk.com/eac_${id.slice(-12)}`,
        username: handle.replace('.', ''),
        public_metadata: {},
        label: null,
        created_at: CREATED,
        updated_at: UPDATED,
        verification: {
          status: 'verified',
          strategy: 'oauth_github',
          attempts: null,
          expire_at: EXPIRES,
        },
      },
    ],
    public_metadata: { role: 'admin', plan: 'pro', onboarding: { completed: true, step: 4 } },
    private_metadata: { stripe_customer_id: `cus_${id.slice(-14)}` },
    unsafe_metadata: { theme: 'dark', locale: 'en-GB' },
    external_id: `crm_${id.slice(-6)}`,
    last_sign_in_at: UPDATED - 3600000,
    banned: false,
    locked: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: 100,
    created_at: CREATED,
    updated_at: UPDATED,
    delete_self_enabled: true,
    create_organization_enabled: true,
    last_active_at: UPDATED - 600000,
  };
}

export const LIST_IDS = Array.from({ length: 10 }, (_, i) => clerkId('user', 5000 + i));

export function userList(limit = 10) {
  return LIST_IDS.slice(0, Math.max(0, Math.min(limit, LIST_IDS.length))).map(user);
}
