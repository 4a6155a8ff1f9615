// Differential test of the resource classes and of `deserialize`: `X.fromJSON(json)` on
// ours builds the same object as v4's (class names, own keys in order, values, nested
// classes), and instances are `instanceof` our exported classes.
import './helpers/setup.mjs';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ours, v4, settle, shape, shapeOutcome, className } from './helpers/diff.mjs';
import * as fx from './helpers/fixtures.mjs';

const { ID } = fx;

// Every resource class exported by v4, with a realistic BAPI payload.
const CLASSES = {
  AllowlistIdentifier: fx.allowlistIdentifier(),
  Client: fx.client(),
  DeletedObject: fx.deleted('user', ID.user),
  Email: fx.email(),
  EmailAddress: fx.emailAddress(),
  ExternalAccount: fx.externalAccount(),
  IdentificationLink: { type: 'oauth_github', id: 'idn_2linkAbCdEfGhIjKlMnOpQrStU' },
  Invitation: fx.invitation(),
  OauthAccessToken: fx.oauthAccessTokens()[0],
  Organization: fx.organization(),
  OrganizationInvitation: fx.orgInvitation(),
  OrganizationMembership: fx.membership(),
  OrganizationMembershipPublicUserData: fx.publicUserData(),
  PhoneNumber: fx.phoneNumber(),
  RedirectUrl: fx.redirectUrl(),
  SMSMessage: fx.smsMessage(),
  Session: fx.session(),
  SignInToken: fx.signInToken(),
  Token: fx.token('eyJhbGciOiJSUzI1NiJ9.payload.sig'),
  User: fx.user(),
  Verification: fx.externalAccount().verification,
};

// The deprecated prototype accessors (not own properties) and the JSON key each reads.
const DEPRECATED = {
  User: ['profileImageUrl'],
  Organization: ['logoUrl', 'members_count'],
  OrganizationMembershipPublicUserData: ['profileImageUrl'],
  ExternalAccount: ['picture'],
};

test('ours exports the same resource classes as v4', () => {
  const resourceNames = (mod) =>
    Object.keys(mod)
      .filter((k) => typeof mod[k] === 'function' && typeof mod[k].fromJSON === 'function')
      .sort();
  assert.deepEqual(resourceNames(ours), resourceNames(v4));
  assert.deepEqual(resourceNames(v4), Object.keys(CLASSES).sort());
});

describe('X.fromJSON(json) builds the same object as v4', () => {
  for (const [name, json] of Object.entries(CLASSES)) {
    test(name, () => {
      const theirs = v4[name].fromJSON(structuredClone(json));
      const mine = ours[name].fromJSON(structuredClone(json));
      assert.deepStrictEqual(shape(mine), shape(theirs));
      assert.ok(mine instanceof ours[name]);
      assert.equal(className(mine), name);
      // Read right after construction, v4's deprecated accessors return this instance's value.
      for (const accessor of DEPRECATED[name] ?? []) {
        assert.equal(Object.hasOwn(mine, accessor), false, `${accessor} must not be an own property`);
        assert.equal(mine[accessor], theirs[accessor], accessor);
      }
      assert.equal(JSON.stringify(mine), JSON.stringify(theirs));
    });
  }
});

describe('nested resources are instances of our exported classes', () => {
  test('User', () => {
    const user = ours.User.fromJSON(fx.user());
    assert.ok(user.emailAddresses[0] instanceof ours.EmailAddress);
    assert.ok(user.emailAddresses[0].verification instanceof ours.Verification);
    assert.ok(user.emailAddresses[0].linkedTo[0] instanceof ours.IdentificationLink);
    assert.ok(user.phoneNumbers[0] instanceof ours.PhoneNumber);
    assert.ok(user.phoneNumbers[0].verification instanceof ours.Verification);
    assert.ok(user.web3Wallets[0].verification instanceof ours.Verification);
    assert.equal(className(user.web3Wallets[0]), 'Web3Wallet');
    assert.ok(user.externalAccounts[0] instanceof ours.ExternalAccount);
    assert.ok(user.externalAccounts[0].verification instanceof ours.Verification);
    assert.ok(user.externalAccounts[0].verification.externalVerificationRedirectURL instanceof URL);
  });

  test('Client', () => {
    const client = ours.Client.fromJSON(fx.client());
    assert.ok(client.sessions[0] instanceof ours.Session);
  });

  test('OrganizationMembership', () => {
    const membership = ours.OrganizationMembership.fromJSON(fx.membership());
    assert.ok(membership.organization instanceof ours.Organization);
    assert.ok(membership.publicUserData instanceof ours.OrganizationMembershipPublicUserData);
  });
});

describe('fromJSON of sparse and odd payloads behaves like v4', () => {
  const payloads = {
    'only an id': (name) => ({ object: name.toLowerCase(), id: 'x_1' }),
    'every value null': (name) => Object.fromEntries(Object.keys(CLASSES[name]).map((k) => [k, null])),
    'an empty object': () => ({}),
  };
  for (const [label, make] of Object.entries(payloads)) {
    for (const name of Object.keys(CLASSES)) {
      test(`${name}.fromJSON(${label})`, async () => {
        const theirs = await settle(() => v4[name].fromJSON(make(name)));
        const mine = await settle(() => ours[name].fromJSON(make(name)));
        assert.deepStrictEqual(shapeOutcome(mine), shapeOutcome(theirs));
      });
    }
  }

  test('User.fromJSON keeps metadata keys as they are and drops unknown top-level keys', () => {
    const json = { ...fx.user(), public_metadata: { camelKey: 1, snake_key: { innerCamel: 2 } }, brand_new_field: 'x' };
    const mine = ours.User.fromJSON(json);
    assert.deepStrictEqual(shape(mine), shape(v4.User.fromJSON(json)));
    assert.deepEqual(mine.publicMetadata, { camelKey: 1, snake_key: { innerCamel: 2 } });
    assert.equal('brandNewField' in mine, false);
  });

  test('DeletedObject.fromJSON without id or slug gives null for both', () => {
    const json = { object: 'organization', deleted: true };
    assert.deepStrictEqual(shape(ours.DeletedObject.fromJSON(json)), shape(v4.DeletedObject.fromJSON(json)));
    assert.deepStrictEqual(shape(ours.DeletedObject.fromJSON({ ...json, slug: 'acme' })), shape(v4.DeletedObject.fromJSON({ ...json, slug: 'acme' })));
  });

  test('Verification without a redirect URL defaults like v4 (null URL, attempts, expireAt, nonce)', () => {
    const json = { status: 'unverified', strategy: 'email_link' };
    assert.deepStrictEqual(shape(ours.Verification.fromJSON(json)), shape(v4.Verification.fromJSON(json)));
  });

  test('fromJSON(undefined) and fromJSON(null) throw the same TypeError as v4', async () => {
    for (const name of Object.keys(CLASSES)) {
      for (const arg of [undefined, null]) {
        const theirs = await settle(() => v4[name].fromJSON(arg));
        const mine = await settle(() => ours[name].fromJSON(arg));
        assert.deepStrictEqual(shapeOutcome(mine), shapeOutcome(theirs), `${name}.fromJSON(${arg})`);
      }
    }
  });
});

describe('positional constructors', () => {
  for (const name of Object.keys(CLASSES)) {
    test(`new ${name}(...) assigns the same fields in the same order as v4`, () => {
      const args = Array.from({ length: v4[name].length }, (_, i) => `arg${i}`);
      assert.deepStrictEqual(shape(new ours[name](...args)), shape(new v4[name](...args)));
    });
  }
});

describe('deserialize(payload) gives what v4 gives', () => {
  const PAYLOADS = {
    'an array of users': [fx.user(), fx.user(ID.user2)],
    'a paginated list (total_count is dropped)': fx.paginated([fx.organization(), fx.organization('org_2second', 'b')]),
    'an empty paginated list': fx.paginated([]),
    'an empty array': [],
    'a deleted object': fx.deleted('user', ID.user),
    'a deleted object whose object is a known type': { object: 'organization', id: ID.org, slug: 'acme', deleted: true },
    'a total_count object (a bare number)': fx.totalCount(1234),
    'a token': fx.token('eyJ.jwt'),
    'an unknown object type (as is)': { object: 'domain', id: ID.domain, name: 'example.com', is_satellite: true },
    'no object key (as is)': { verified: true, code_type: 'totp' },
    'an array mixing known, deleted and unknown items': [fx.session(), fx.deleted('session', ID.session), { object: 'sign_up', id: 'sua_1' }, { user_id: ID.user }],
    'a paginated list of memberships': fx.paginated([fx.membership(), fx.membership(ID.org, ID.user2, 'org:member')]),
    'every known object type': [
      fx.allowlistIdentifier(), fx.client(), fx.emailAddress(), fx.email(), fx.invitation(), ...fx.oauthAccessTokens(),
      fx.organization(), fx.orgInvitation(), fx.membership(), fx.phoneNumber(), fx.redirectUrl(), fx.signInToken(),
      fx.session(), fx.smsMessage(), fx.token('t'), fx.user(),
    ],
    'a string (as is)': '<html>interstitial</html>',
    'an empty string': '',
  };
  for (const [label, payload] of Object.entries(PAYLOADS)) {
    test(label, async () => {
      const theirs = await settle(() => v4.deserialize(structuredClone(payload)));
      const mine = await settle(() => ours.deserialize(structuredClone(payload)));
      assert.deepStrictEqual(shapeOutcome(mine), shapeOutcome(theirs));
    });
  }

  test('deserialized items are instances of our classes', () => {
    const [user] = ours.deserialize([fx.user()]);
    assert.ok(user instanceof ours.User);
    assert.ok(ours.deserialize(fx.deleted('user', ID.user)) instanceof ours.DeletedObject);
    assert.equal(ours.deserialize(fx.totalCount(7)), 7);
  });

  test('a payload whose class mapper throws throws like v4 (a Client without sessions)', async () => {
    const payload = { object: 'client', id: ID.client };
    const theirs = await settle(() => v4.deserialize(payload));
    const mine = await settle(() => ours.deserialize(payload));
    assert.deepStrictEqual(shapeOutcome(mine), shapeOutcome(theirs));
  });
});
