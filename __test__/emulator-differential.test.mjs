// The local Backend API emulator (A4) under both SDKs: the same user flows, written as
// an app would write them, run once with @clerk/clerk-sdk-node@4.13.23 (clerk-v4) and
// once with this package, each against its own emulator started from one seed (same
// keys, same ids in the same order). Every step must settle the same way on both:
// the same resource JSON and classes, or the same error (class, status, errors[]).
// Clock readings (created_at, updatedAt, iat, exp, ...) are normalized.
// Each flow also checks what v4 got, so that a wrong emulator answer cannot hide behind
// two SDKs that agree with each other.
import './helpers/setup.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import { withEnv } from './helpers/setup.mjs';
import { startTwins, runOnBoth, assertSameSteps, v4Value, v4Error, jwtClaims, normalizeTimes, ours, v4 } from './helpers/emulator-twins.mjs';
import { className } from './helpers/diff.mjs';

const ADA = {
  emailAddress: ['ada@example.com'],
  password: 'correct-horse-battery-staple',
  firstName: 'Ada',
  lastName: 'Lovelace',
  publicMetadata: { role: 'admin', prefs: { theme: 'dark', beta: true, lang: 'en' } },
  privateMetadata: { stripeId: 'cus_42' },
  unsafeMetadata: { onboarded: false },
};
const GRACE = { emailAddress: ['grace@example.com'], password: 'cobol-is-forever-1959', firstName: 'Grace', lastName: 'Hopper' };
const ALAN = { emailAddress: ['alan@example.org'], firstName: 'Alan', lastName: 'Turing', skipPasswordRequirement: true };

/** A flow's claims of a session token, clock readings normalized. */
const claimsOf = (jwt) => normalizeTimes(jwtClaims(jwt));

/** Runs `flow` on both SDKs against a fresh pair of twin emulators. */
function flowSuite(name, flow, checks) {
  describe(name, () => {
    let twins;
    let run;
    before(async () => {
      twins = await startTwins();
      run = await runOnBoth(twins, flow);
    });
    after(() => twins?.stop());

    test('ours settles like v4 at every step', async (t) => {
      await assertSameSteps(t, assert, run);
    });
    test('the emulator answered v4 as the Backend API would', () => checks(run, twins));
  });
}

flowSuite(
  'users: create, list, count, filter, paginate, update, metadata, passwords',
  async (clerk, step) => {
    const ada = await step('createUser ada', () => clerk.users.createUser(ADA));
    const grace = await step('createUser grace', () => clerk.users.createUser(GRACE));
    const alan = await step('createUser alan', () => clerk.users.createUser(ALAN));

    await step('getUser', () => clerk.users.getUser(ada?.id));
    await step('getUserList', () => clerk.users.getUserList());
    await step('getCount', () => clerk.users.getCount());
    await step('getUserList by email', () => clerk.users.getUserList({ emailAddress: ['grace@example.com'] }));
    await step('getUserList by two emails', () => clerk.users.getUserList({ emailAddress: ['grace@example.com', 'alan@example.org'], orderBy: '+created_at' }));
    await step('getUserList by user id', () => clerk.users.getUserList({ userId: [ada?.id, alan?.id], orderBy: '+created_at' }));
    await step('getUserList query', () => clerk.users.getUserList({ query: 'hopper' }));
    await step('getCount query', () => clerk.users.getCount({ query: 'example.com' }));
    await step('getCount by email', () => clerk.users.getCount({ emailAddress: ['ada@example.com'] }));
    await step('page 1', () => clerk.users.getUserList({ limit: 2, offset: 0, orderBy: '+created_at' }));
    await step('page 2', () => clerk.users.getUserList({ limit: 2, offset: 2, orderBy: '+created_at' }));
    await step('newest first', () => clerk.users.getUserList({ orderBy: '-created_at' }));

    await step('updateUser', () => clerk.users.updateUser(ada?.id, { firstName: 'Augusta', lastName: 'King', externalId: 'crm_1815' }));
    await step('updateUserMetadata merge', () =>
      clerk.users.updateUserMetadata(ada?.id, {
        publicMetadata: { prefs: { theme: 'light', lang: null }, role: null, plan: 'pro' },
        privateMetadata: { stripeId: null, vip: true },
      }),
    );
    await step('getUser after updates', () => clerk.users.getUser(ada?.id));

    await step('verifyPassword right', () => clerk.users.verifyPassword({ userId: ada?.id, password: ADA.password }));
    await step('verifyPassword wrong', () => clerk.users.verifyPassword({ userId: ada?.id, password: 'Tr0ub4dor&3' }));
    await step('verifyPassword of grace', () => clerk.users.verifyPassword({ userId: grace?.id, password: GRACE.password }));

    await step('deleteUser', () => clerk.users.deleteUser(alan?.id));
    await step('getCount after delete', () => clerk.users.getCount());
    await step('getUser deleted', () => clerk.users.getUser(alan?.id));
  },
  (run) => {
    const ada = v4Value(assert, run, 'createUser ada');
    assert.equal(className(ada), 'User');
    assert.match(ada.id, /^user_/);
    assert.deepEqual(ada.emailAddresses.map((e) => e.emailAddress), ['ada@example.com']);
    assert.equal(ada.primaryEmailAddressId, ada.emailAddresses[0].id);
    assert.equal(ada.passwordEnabled, true);
    assert.deepEqual(ada.publicMetadata, ADA.publicMetadata);
    assert.deepEqual(ada.privateMetadata, ADA.privateMetadata);
    assert.deepEqual(ada.unsafeMetadata, ADA.unsafeMetadata);
    const ids = ['createUser ada', 'createUser grace', 'createUser alan'].map((n) => v4Value(assert, run, n).id);
    assert.equal(new Set(ids).size, 3);

    assert.equal(v4Value(assert, run, 'getCount'), 3);
    assert.equal(v4Value(assert, run, 'getUserList').length, 3);
    assert.deepEqual(v4Value(assert, run, 'getUserList by email').map((u) => u.id), [ids[1]]);
    assert.deepEqual(v4Value(assert, run, 'getUserList by two emails').map((u) => u.id), [ids[1], ids[2]]);
    assert.deepEqual(v4Value(assert, run, 'getUserList by user id').map((u) => u.id), [ids[0], ids[2]]);
    assert.deepEqual(v4Value(assert, run, 'getUserList query').map((u) => u.id), [ids[1]]);
    assert.equal(v4Value(assert, run, 'getCount query'), 2);
    assert.equal(v4Value(assert, run, 'getCount by email'), 1);
    assert.deepEqual(v4Value(assert, run, 'page 1').map((u) => u.id), ids.slice(0, 2));
    assert.deepEqual(v4Value(assert, run, 'page 2').map((u) => u.id), ids.slice(2));
    assert.deepEqual(v4Value(assert, run, 'newest first').map((u) => u.id), [...ids].reverse());

    const updated = v4Value(assert, run, 'updateUser');
    assert.deepEqual([updated.firstName, updated.lastName, updated.externalId], ['Augusta', 'King', 'crm_1815']);
    // Deep merge; null deletes a key, also a nested one; untouched keys stay.
    const merged = v4Value(assert, run, 'updateUserMetadata merge');
    assert.deepEqual(merged.publicMetadata, { prefs: { theme: 'light', beta: true }, plan: 'pro' });
    assert.deepEqual(merged.privateMetadata, { vip: true });
    assert.deepEqual(merged.unsafeMetadata, { onboarded: false });
    const again = v4Value(assert, run, 'getUser after updates');
    assert.deepEqual([again.firstName, again.publicMetadata], ['Augusta', merged.publicMetadata]);

    assert.deepEqual(v4Value(assert, run, 'verifyPassword right'), { verified: true });
    assert.deepEqual(v4Value(assert, run, 'verifyPassword of grace'), { verified: true });
    const wrong = v4Error(assert, run, 'verifyPassword wrong');
    assert.equal(wrong.status, 422);
    assert.equal(wrong.errors[0].code, 'form_password_incorrect');
    assert.equal(wrong.errors[0].meta.paramName, 'password');

    const deleted = v4Value(assert, run, 'deleteUser');
    assert.equal(className(deleted), 'DeletedObject');
    assert.deepEqual([deleted.id, deleted.object, deleted.deleted], [ids[2], 'user', true]);
    assert.equal(v4Value(assert, run, 'getCount after delete'), 2);
    assert.equal(v4Error(assert, run, 'getUser deleted').status, 404);
  },
);

flowSuite(
  'email addresses and phone numbers',
  async (clerk, step) => {
    const ada = await step('createUser with email and phone', () =>
      clerk.users.createUser({ emailAddress: ['ada@example.com'], phoneNumber: ['+15550001111'], skipPasswordRequirement: true }),
    );
    const work = await step('createEmailAddress', () =>
      clerk.emailAddresses.createEmailAddress({ userId: ada?.id, emailAddress: 'ada+work@example.com', verified: true, primary: false }),
    );
    await step('getEmailAddress', () => clerk.emailAddresses.getEmailAddress(work?.id));
    await step('updateEmailAddress primary', () => clerk.emailAddresses.updateEmailAddress(work?.id, { primary: true }));
    await step('getUser after primary email', () => clerk.users.getUser(ada?.id));
    await step('getUserList by new email', () => clerk.users.getUserList({ emailAddress: ['ada+work@example.com'] }));

    const mobile = await step('createPhoneNumber', () =>
      clerk.phoneNumbers.createPhoneNumber({ userId: ada?.id, phoneNumber: '+15550002222', verified: true, primary: false }),
    );
    await step('getPhoneNumber', () => clerk.phoneNumbers.getPhoneNumber(mobile?.id));
    await step('updatePhoneNumber primary', () => clerk.phoneNumbers.updatePhoneNumber(mobile?.id, { primary: true }));
    await step('getUser after primary phone', () => clerk.users.getUser(ada?.id));
    await step('deletePhoneNumber', () => clerk.phoneNumbers.deletePhoneNumber(mobile?.id));
    const first = ada?.emailAddresses?.[0]?.id;
    await step('deleteEmailAddress', () => clerk.emailAddresses.deleteEmailAddress(first));
    await step('getEmailAddress deleted', () => clerk.emailAddresses.getEmailAddress(first));
    await step('createEmailAddress taken', () => clerk.emailAddresses.createEmailAddress({ userId: ada?.id, emailAddress: 'ada+work@example.com' }));
    await step('getUser final', () => clerk.users.getUser(ada?.id));
  },
  (run) => {
    const ada = v4Value(assert, run, 'createUser with email and phone');
    assert.deepEqual(ada.phoneNumbers.map((p) => p.phoneNumber), ['+15550001111']);
    const work = v4Value(assert, run, 'createEmailAddress');
    assert.equal(className(work), 'EmailAddress');
    assert.equal(work.emailAddress, 'ada+work@example.com');
    assert.equal(v4Value(assert, run, 'getEmailAddress').id, work.id);
    assert.equal(v4Value(assert, run, 'getUser after primary email').primaryEmailAddressId, work.id);
    assert.deepEqual(v4Value(assert, run, 'getUserList by new email').map((u) => u.id), [ada.id]);
    const mobile = v4Value(assert, run, 'createPhoneNumber');
    assert.equal(className(mobile), 'PhoneNumber');
    assert.equal(v4Value(assert, run, 'getUser after primary phone').primaryPhoneNumberId, mobile.id);
    assert.equal(className(v4Value(assert, run, 'deletePhoneNumber')), 'DeletedObject');
    assert.equal(v4Error(assert, run, 'getEmailAddress deleted').status, 404);
    const taken = v4Error(assert, run, 'createEmailAddress taken');
    assert.equal(taken.status, 422);
    assert.equal(taken.errors[0].code, 'form_identifier_exists');
    const final = v4Value(assert, run, 'getUser final');
    assert.deepEqual(final.emailAddresses.map((e) => e.emailAddress), ['ada+work@example.com']);
    assert.deepEqual(final.phoneNumbers.map((p) => p.phoneNumber), ['+15550001111']);
  },
);

flowSuite(
  'organizations, memberships and organization invitations',
  async (clerk, step, { emu }) => {
    const ada = await step('createUser ada', () => clerk.users.createUser(ADA));
    const grace = await step('createUser grace', () => clerk.users.createUser(GRACE));
    const org = await step('createOrganization', () =>
      clerk.organizations.createOrganization({
        name: 'Analytical Engines',
        slug: 'analytical-engines',
        createdBy: ada?.id,
        publicMetadata: { plan: 'team' },
        privateMetadata: { billingRef: 'B-1' },
      }),
    );
    const organizationId = org?.id;
    await step('getOrganization by id', () => clerk.organizations.getOrganization({ organizationId }));
    await step('getOrganization by slug', () => clerk.organizations.getOrganization({ slug: 'analytical-engines' }));
    await step('getOrganization missing slug', () => clerk.organizations.getOrganization({ slug: 'difference-engines' }));
    await step('createOrganization second', () => clerk.organizations.createOrganization({ name: 'Bletchley Park', createdBy: grace?.id }));
    await step('getOrganizationList', () => clerk.organizations.getOrganizationList());
    await step('getOrganizationList query', () => clerk.organizations.getOrganizationList({ query: 'engines', includeMembersCount: true }));
    await step('getOrganizationList page', () => clerk.organizations.getOrganizationList({ limit: 1, offset: 1 }));
    await step('updateOrganization', () => clerk.organizations.updateOrganization(organizationId, { name: 'Analytical Engines Ltd', maxAllowedMemberships: 25 }));
    await step('updateOrganizationMetadata', () =>
      clerk.organizations.updateOrganizationMetadata(organizationId, { publicMetadata: { tier: 2 }, privateMetadata: { billingRef: null } }),
    );

    await step('memberships at creation', () => clerk.organizations.getOrganizationMembershipList({ organizationId }));
    await step('createOrganizationMembership', () => clerk.organizations.createOrganizationMembership({ organizationId, userId: grace?.id, role: 'org:member' }));
    await step('updateOrganizationMembership', () => clerk.organizations.updateOrganizationMembership({ organizationId, userId: grace?.id, role: 'org:admin' }));
    await step('updateOrganizationMembershipMetadata', () =>
      clerk.organizations.updateOrganizationMembershipMetadata({ organizationId, userId: grace?.id, publicMetadata: { title: 'Lead' }, privateMetadata: { reviewCycle: 'Q3' } }),
    );
    await step('memberships with grace', () => clerk.organizations.getOrganizationMembershipList({ organizationId }));
    await step('memberships page', () => clerk.organizations.getOrganizationMembershipList({ organizationId, limit: 1, offset: 1 }));
    await step("grace's memberships", () => clerk.users.getOrganizationMembershipList({ userId: grace?.id }));
    await step('deleteOrganizationMembership', () => clerk.organizations.deleteOrganizationMembership({ organizationId, userId: grace?.id }));
    await step('memberships after delete', () => clerk.organizations.getOrganizationMembershipList({ organizationId }));

    const invitation = await step('createOrganizationInvitation', () =>
      clerk.organizations.createOrganizationInvitation({
        organizationId,
        inviterUserId: ada?.id,
        emailAddress: 'alan@example.org',
        role: 'org:member',
        redirectUrl: 'https://app.example.com/join',
        publicMetadata: { team: 'codebreakers' },
      }),
    );
    await step('getOrganizationInvitationList', () => clerk.organizations.getOrganizationInvitationList({ organizationId }));
    await step('getPendingOrganizationInvitationList', () => clerk.organizations.getPendingOrganizationInvitationList({ organizationId }));
    await step('getOrganizationInvitation', () => clerk.organizations.getOrganizationInvitation({ organizationId, invitationId: invitation?.id }));
    await step('revokeOrganizationInvitation', () =>
      clerk.organizations.revokeOrganizationInvitation({ organizationId, invitationId: invitation?.id, requestingUserId: ada?.id }),
    );
    await step('getOrganizationInvitationList revoked', () => clerk.organizations.getOrganizationInvitationList({ organizationId, status: ['revoked'] }));
    await step('getPendingOrganizationInvitationList after revoke', () => clerk.organizations.getPendingOrganizationInvitationList({ organizationId }));

    const inOrg = await step('emulator signIn with active organization', () => emu.signIn(ada?.id, { organizationId }));
    await step('session token with organization claims', () => claimsOf(inOrg?.token));

    await step('deleteOrganization', () => clerk.organizations.deleteOrganization(organizationId));
    await step('getOrganization deleted', () => clerk.organizations.getOrganization({ organizationId }));
  },
  (run) => {
    const ada = v4Value(assert, run, 'createUser ada');
    const grace = v4Value(assert, run, 'createUser grace');
    const org = v4Value(assert, run, 'createOrganization');
    assert.equal(className(org), 'Organization');
    assert.match(org.id, /^org_/);
    assert.deepEqual([org.name, org.slug, org.createdBy], ['Analytical Engines', 'analytical-engines', ada.id]);
    assert.deepEqual(org.publicMetadata, { plan: 'team' });
    assert.deepEqual(org.privateMetadata, { billingRef: 'B-1' });
    assert.equal(v4Value(assert, run, 'getOrganization by id').id, org.id);
    assert.equal(v4Value(assert, run, 'getOrganization by slug').id, org.id);
    const missing = v4Error(assert, run, 'getOrganization missing slug');
    assert.equal(missing.status, 404);
    assert.equal(missing.errors[0].code, 'resource_not_found');
    assert.equal(v4Value(assert, run, 'getOrganizationList').length, 2);
    const byQuery = v4Value(assert, run, 'getOrganizationList query');
    assert.deepEqual(byQuery.map((o) => o.id), [org.id]);
    assert.equal(byQuery[0].membersCount, 1);
    assert.equal(v4Value(assert, run, 'getOrganizationList page').length, 1);
    const updated = v4Value(assert, run, 'updateOrganization');
    assert.deepEqual([updated.name, updated.maxAllowedMemberships], ['Analytical Engines Ltd', 25]);
    const meta = v4Value(assert, run, 'updateOrganizationMetadata');
    assert.deepEqual(meta.publicMetadata, { plan: 'team', tier: 2 });
    assert.deepEqual(meta.privateMetadata, {});

    // The creator is the first member, an admin.
    const initial = v4Value(assert, run, 'memberships at creation');
    assert.equal(initial.length, 1);
    assert.equal(className(initial[0]), 'OrganizationMembership');
    assert.equal(initial[0].publicUserData.userId, ada.id);
    assert.equal(initial[0].role, 'org:admin');
    const created = v4Value(assert, run, 'createOrganizationMembership');
    assert.deepEqual([created.role, created.publicUserData.userId, created.organization.id], ['org:member', grace.id, org.id]);
    assert.equal(v4Value(assert, run, 'updateOrganizationMembership').role, 'org:admin');
    const withMeta = v4Value(assert, run, 'updateOrganizationMembershipMetadata');
    assert.deepEqual([withMeta.publicMetadata, withMeta.privateMetadata], [{ title: 'Lead' }, { reviewCycle: 'Q3' }]);
    assert.equal(v4Value(assert, run, 'memberships with grace').length, 2);
    assert.equal(v4Value(assert, run, 'memberships page').length, 1);
    assert.deepEqual(v4Value(assert, run, "grace's memberships").map((m) => m.organization.id).sort(), [org.id, v4Value(assert, run, 'createOrganization second').id].sort());
    assert.equal(v4Value(assert, run, 'deleteOrganizationMembership').publicUserData.userId, grace.id);
    assert.deepEqual(v4Value(assert, run, 'memberships after delete').map((m) => m.publicUserData.userId), [ada.id]);

    const invitation = v4Value(assert, run, 'createOrganizationInvitation');
    assert.equal(className(invitation), 'OrganizationInvitation');
    assert.deepEqual([invitation.emailAddress, invitation.role, invitation.status, invitation.organizationId], ['alan@example.org', 'org:member', 'pending', org.id]);
    assert.deepEqual(v4Value(assert, run, 'getOrganizationInvitationList').map((i) => i.id), [invitation.id]);
    assert.deepEqual(v4Value(assert, run, 'getPendingOrganizationInvitationList').map((i) => i.id), [invitation.id]);
    assert.equal(v4Value(assert, run, 'getOrganizationInvitation').id, invitation.id);
    assert.equal(v4Value(assert, run, 'revokeOrganizationInvitation').status, 'revoked');
    assert.deepEqual(v4Value(assert, run, 'getOrganizationInvitationList revoked').map((i) => i.id), [invitation.id]);
    assert.deepEqual(v4Value(assert, run, 'getPendingOrganizationInvitationList after revoke'), []);

    const { payload } = v4Value(assert, run, 'session token with organization claims');
    assert.deepEqual([payload.sub, payload.org_id, payload.org_role, payload.org_slug], [ada.id, org.id, 'org:admin', 'analytical-engines']);

    const deleted = v4Value(assert, run, 'deleteOrganization');
    assert.deepEqual([className(deleted), deleted.id, deleted.deleted], ['DeletedObject', org.id, true]);
    assert.equal(v4Error(assert, run, 'getOrganization deleted').status, 404);
  },
);

flowSuite(
  'invitations, allowlist, redirect URLs and sign-in tokens',
  async (clerk, step) => {
    const ada = await step('createUser ada', () => clerk.users.createUser(ADA));

    const invitation = await step('createInvitation', () =>
      clerk.invitations.createInvitation({ emailAddress: 'grace@example.com', redirectUrl: 'https://app.example.com/welcome', publicMetadata: { cohort: 2024 } }),
    );
    await step('createInvitation second', () => clerk.invitations.createInvitation({ emailAddress: 'alan@example.org' }));
    await step('getInvitationList', () => clerk.invitations.getInvitationList());
    await step('getInvitationList pending', () => clerk.invitations.getInvitationList({ status: 'pending' }));
    await step('revokeInvitation', () => clerk.invitations.revokeInvitation(invitation?.id));
    await step('getInvitationList revoked', () => clerk.invitations.getInvitationList({ status: 'revoked' }));
    await step('createInvitation for existing user', () => clerk.invitations.createInvitation({ emailAddress: 'ada@example.com' }));

    const allowed = await step('createAllowlistIdentifier', () => clerk.allowlistIdentifiers.createAllowlistIdentifier({ identifier: 'grace@example.com', notify: false }));
    await step('createAllowlistIdentifier domain', () => clerk.allowlistIdentifiers.createAllowlistIdentifier({ identifier: '*@example.org', notify: false }));
    await step('getAllowlistIdentifierList', () => clerk.allowlistIdentifiers.getAllowlistIdentifierList());
    await step('deleteAllowlistIdentifier', () => clerk.allowlistIdentifiers.deleteAllowlistIdentifier(allowed?.id));
    await step('getAllowlistIdentifierList after delete', () => clerk.allowlistIdentifiers.getAllowlistIdentifierList());

    const redirect = await step('createRedirectUrl', () => clerk.redirectUrls.createRedirectUrl({ url: 'https://app.example.com/sso-callback' }));
    await step('getRedirectUrl', () => clerk.redirectUrls.getRedirectUrl(redirect?.id));
    await step('getRedirectUrlList', () => clerk.redirectUrls.getRedirectUrlList());
    await step('deleteRedirectUrl', () => clerk.redirectUrls.deleteRedirectUrl(redirect?.id));
    await step('getRedirectUrl deleted', () => clerk.redirectUrls.getRedirectUrl(redirect?.id));

    const signInToken = await step('createSignInToken', () => clerk.signInTokens.createSignInToken({ userId: ada?.id, expiresInSeconds: 600 }));
    await step('revokeSignInToken', () => clerk.signInTokens.revokeSignInToken(signInToken?.id));
    await step('createSignInToken missing user', () => clerk.signInTokens.createSignInToken({ userId: 'user_missing', expiresInSeconds: 600 }));
  },
  (run) => {
    const ada = v4Value(assert, run, 'createUser ada');
    const invitation = v4Value(assert, run, 'createInvitation');
    assert.equal(className(invitation), 'Invitation');
    assert.match(invitation.id, /^inv_/);
    assert.deepEqual([invitation.emailAddress, invitation.status, invitation.publicMetadata], ['grace@example.com', 'pending', { cohort: 2024 }]);
    assert.equal(v4Value(assert, run, 'getInvitationList').length, 2);
    assert.equal(v4Value(assert, run, 'getInvitationList pending').length, 2);
    assert.equal(v4Value(assert, run, 'revokeInvitation').status, 'revoked');
    assert.deepEqual(v4Value(assert, run, 'getInvitationList revoked').map((i) => i.id), [invitation.id]);

    const allowed = v4Value(assert, run, 'createAllowlistIdentifier');
    assert.equal(className(allowed), 'AllowlistIdentifier');
    assert.equal(allowed.identifier, 'grace@example.com');
    assert.equal(v4Value(assert, run, 'getAllowlistIdentifierList').length, 2);
    assert.equal(className(v4Value(assert, run, 'deleteAllowlistIdentifier')), 'DeletedObject');
    assert.deepEqual(v4Value(assert, run, 'getAllowlistIdentifierList after delete').map((a) => a.identifier), ['*@example.org']);

    const redirect = v4Value(assert, run, 'createRedirectUrl');
    assert.equal(className(redirect), 'RedirectUrl');
    assert.equal(redirect.url, 'https://app.example.com/sso-callback');
    assert.equal(v4Value(assert, run, 'getRedirectUrl').id, redirect.id);
    assert.deepEqual(v4Value(assert, run, 'getRedirectUrlList').map((r) => r.id), [redirect.id]);
    assert.equal(className(v4Value(assert, run, 'deleteRedirectUrl')), 'DeletedObject');
    assert.equal(v4Error(assert, run, 'getRedirectUrl deleted').status, 404);

    const token = v4Value(assert, run, 'createSignInToken');
    assert.equal(className(token), 'SignInToken');
    assert.deepEqual([token.userId, token.status], [ada.id, 'pending']);
    assert.equal(typeof token.token, 'string');
    assert.equal(v4Value(assert, run, 'revokeSignInToken').status, 'revoked');
    assert.ok(v4Error(assert, run, 'createSignInToken missing user').status >= 400);
  },
);

flowSuite(
  'sessions: sign in, list, get, tokens, verify, revoke',
  async (clerk, step, { sdk, emu }) => {
    const ada = await step('createUser ada', () => clerk.users.createUser(ADA));
    const signedIn = await step('emulator signIn', () => emu.signIn(ada?.id));
    const sessionId = signedIn?.sessionId;
    await step('signIn token claims', () => claimsOf(signedIn?.token));

    await step('getSessionList by user', () => clerk.sessions.getSessionList({ userId: ada?.id }));
    await step('getSessionList active', () => clerk.sessions.getSessionList({ userId: ada?.id, status: 'active' }));
    const session = await step('getSession', () => clerk.sessions.getSession(sessionId));
    await step('getSessionList by client', () => clerk.sessions.getSessionList({ clientId: session?.clientId }));
    await step('getClient', () => clerk.clients.getClient(session?.clientId));
    await step('getClientList', () => clerk.clients.getClientList());

    await step('getToken', async () => claimsOf(await clerk.sessions.getToken(sessionId)));
    await step('getToken with template', async () => claimsOf(await clerk.sessions.getToken(sessionId, 'supabase')));
    await step('verifyToken with jwtKey', () => sdk.verifyToken(signedIn?.token, { jwtKey: emu.jwtKey, issuer: null }).then(normalizeTimes));
    await step('clerkClient.verifyToken through JWKS', () => clerk.verifyToken(signedIn?.token).then(normalizeTimes));

    await step('revokeSession', () => clerk.sessions.revokeSession(sessionId));
    await step('getSessionList revoked', () => clerk.sessions.getSessionList({ userId: ada?.id, status: 'revoked' }));
    await step('getSessionList active after revoke', () => clerk.sessions.getSessionList({ userId: ada?.id, status: 'active' }));
    await step('getToken after revoke', async () => claimsOf(await clerk.sessions.getToken(sessionId)));
    await step('getSession missing', () => clerk.sessions.getSession('sess_missing'));
  },
  (run) => {
    const ada = v4Value(assert, run, 'createUser ada');
    const { sessionId } = v4Value(assert, run, 'emulator signIn');
    assert.match(sessionId, /^sess_/);
    const signInClaims = v4Value(assert, run, 'signIn token claims');
    assert.equal(signInClaims.header.alg, 'RS256');
    assert.deepEqual([signInClaims.payload.sub, signInClaims.payload.sid], [ada.id, sessionId]);
    // v4's middlewares accept only Clerk-looking issuers.
    assert.ok(/^https:\/\/clerk\.|\.clerk\.accounts/.test(signInClaims.payload.iss), signInClaims.payload.iss);

    const list = v4Value(assert, run, 'getSessionList by user');
    assert.deepEqual(list.map((s) => [className(s), s.id, s.userId, s.status]), [['Session', sessionId, ada.id, 'active']]);
    assert.equal(v4Value(assert, run, 'getSessionList active').length, 1);
    const session = v4Value(assert, run, 'getSession');
    assert.match(session.clientId, /^client_/);
    assert.deepEqual(v4Value(assert, run, 'getSessionList by client').map((s) => s.id), [sessionId]);
    const client = v4Value(assert, run, 'getClient');
    assert.equal(className(client), 'Client');
    assert.deepEqual(client.sessionIds, [sessionId]);
    assert.ok(v4Value(assert, run, 'getClientList').some((c) => c.id === client.id));

    const fresh = v4Value(assert, run, 'getToken');
    assert.deepEqual([fresh.payload.sub, fresh.payload.sid, fresh.header.kid], [ada.id, sessionId, signInClaims.header.kid]);
    assert.equal(v4Value(assert, run, 'verifyToken with jwtKey').sid, sessionId);
    assert.equal(v4Value(assert, run, 'clerkClient.verifyToken through JWKS').sub, ada.id);

    assert.equal(v4Value(assert, run, 'revokeSession').status, 'revoked');
    assert.deepEqual(v4Value(assert, run, 'getSessionList revoked').map((s) => s.id), [sessionId]);
    assert.deepEqual(v4Value(assert, run, 'getSessionList active after revoke'), []);
    assert.ok(v4Error(assert, run, 'getToken after revoke').status >= 400);
    assert.equal(v4Error(assert, run, 'getSession missing').status, 404);
  },
);

flowSuite(
  'errors: missing resources and invalid forms',
  async (clerk, step) => {
    await step('getUser missing', () => clerk.users.getUser('user_missing'));
    await step('updateUser missing', () => clerk.users.updateUser('user_missing', { firstName: 'Nobody' }));
    await step('createUser ada', () => clerk.users.createUser(ADA));
    await step('createUser taken email', () => clerk.users.createUser({ emailAddress: ['ada@example.com'], password: 'another-long-password' }));
    await step('createUser malformed email', () => clerk.users.createUser({ emailAddress: ['not-an-email'], password: 'another-long-password' }));
    await step('createUser short password', () => clerk.users.createUser({ emailAddress: ['grace@example.com'], password: 'short' }));
    await step('getCount after failures', () => clerk.users.getCount());
  },
  (run) => {
    const missing = v4Error(assert, run, 'getUser missing');
    assert.equal(className(missing), 'ClerkAPIResponseError');
    assert.equal(missing.status, 404);
    assert.equal(missing.errors.length, 1);
    assert.equal(missing.errors[0].code, 'resource_not_found');
    assert.equal(typeof missing.errors[0].message, 'string');
    assert.equal(typeof missing.errors[0].longMessage, 'string');
    assert.ok(missing.clerkTraceId, 'clerk_trace_id expected');
    assert.equal(v4Error(assert, run, 'updateUser missing').status, 404);

    const expect422 = (name, code, paramName) => {
      const err = v4Error(assert, run, name);
      assert.equal(err.status, 422, name);
      assert.equal(err.errors[0].code, code, name);
      assert.equal(err.errors[0].meta.paramName, paramName, name);
    };
    expect422('createUser taken email', 'form_identifier_exists', 'email_address');
    expect422('createUser malformed email', 'form_param_format_invalid', 'email_address');
    expect422('createUser short password', 'form_password_length_too_short', 'password');
    assert.equal(v4Value(assert, run, 'getCount after failures'), 1);
  },
);

// ---------------------------------------------------------------------------------
// Middleware: an Express app protecting a route with ClerkExpressRequireAuth(), as in
// Clerk's v4 docs (singleton middleware, keys from the environment, an error handler
// answering 401), against the emulator.

/** Starts an Express app with the SDK's singleton middleware; resolves to { url, close }. */
async function startProtectedApp(sdk) {
  const app = express();
  const me = (req, res) => res.json({ userId: req.auth.userId, sessionId: req.auth.sessionId, sub: req.auth.claims?.sub });
  app.get('/me', sdk.ClerkExpressRequireAuth(), me);
  app.use('/default', express.Router().get('/me', sdk.ClerkExpressRequireAuth(), me));
  // Clerk's documented handler for RequireAuth's error.
  app.use('/me', (err, req, res, next) => {
    res.status(401).json({ error: err.message });
  });
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function call(url, token) {
  const headers = { 'user-agent': 'curl/8.4.0' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { headers });
  const type = res.headers.get('content-type') || '';
  return {
    status: res.status,
    authStatus: res.headers.get('x-clerk-auth-status'),
    authReason: res.headers.get('x-clerk-auth-reason'),
    body: type.includes('json') ? await res.json() : (await res.text()).includes('Unauthenticated') ? '<Unauthenticated error page>' : '<other>',
  };
}

describe('middleware: ClerkExpressRequireAuth() with keys in the environment, against the emulator', () => {
  let twins;
  const seen = {};
  before(async () => {
    twins = await startTwins();
    // v4 and ours one after the other: v4's singleton keeps the environment it first saw,
    // so each SDK runs entirely inside its own emulator's environment.
    for (const [which, sdk] of [['v4', v4], ['ours', ours]]) {
      const emu = twins[which];
      const env = { CLERK_SECRET_KEY: emu.secretKey, CLERK_API_URL: emu.url, CLERK_PUBLISHABLE_KEY: emu.publishableKey };
      seen[which] = await withEnv(env, async () => {
        const user = await sdk.createClerkClient({ secretKey: emu.secretKey, apiUrl: emu.url }).users.createUser(ADA);
        const { sessionId, token } = await emu.signIn(user.id);
        const app = await startProtectedApp(sdk);
        try {
          return {
            userId: user.id,
            sessionId,
            withToken: await call(`${app.url}/me`, token),
            withoutToken: await call(`${app.url}/me`),
            garbageToken: await call(`${app.url}/me`, 'not-a-jwt'),
            defaultHandler: await call(`${app.url}/default/me`),
          };
        } finally {
          await app.close();
        }
      });
    }
  });
  after(() => twins?.stop());

  test('a request with a session token from signIn gets 200 and req.auth.userId', () => {
    const { userId, sessionId, withToken } = seen.v4;
    assert.deepEqual(withToken, { status: 200, authStatus: 'signed-in', authReason: null, body: { userId, sessionId, sub: userId } });
    assert.deepStrictEqual(seen.ours.withToken, withToken);
    assert.equal(seen.ours.userId, userId);
  });

  test('a request without a token gets 401 from the app error handler', () => {
    assert.equal(seen.v4.withoutToken.status, 401);
    assert.equal(seen.v4.withoutToken.authStatus, 'signed-out');
    assert.deepEqual(seen.v4.withoutToken.body, { error: 'Unauthenticated' });
    assert.deepStrictEqual(seen.ours.withoutToken, seen.v4.withoutToken);
  });

  test('a request with a token that is not a JWT is signed out the same way', () => {
    assert.equal(seen.v4.garbageToken.status, 401);
    assert.deepStrictEqual(seen.ours.garbageToken, seen.v4.garbageToken);
  });

  test("with Express's default error handler, ours answers 401 (deviation S5; v4 answers 500)", () => {
    assert.equal(seen.v4.defaultHandler.status, 500);
    assert.equal(seen.ours.defaultHandler.status, 401);
    // S5: apart from the status, the same answer.
    assert.deepStrictEqual({ ...seen.ours.defaultHandler, status: 500 }, seen.v4.defaultHandler);
  });
});
