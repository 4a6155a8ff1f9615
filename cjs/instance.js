'use strict';
// The deprecated instance entry (`@clerk/clerk-sdk-node/cjs/instance`, `/esm/instance`):
// the `Clerk` factory as `default`, plus the resource classes.
const { Clerk } = require('../lib/client');
const { classes } = require('../lib/resources');
const { deprecated } = require('../lib/deprecated');

deprecated('@clerk/clerk-sdk-node/instance', 'Use `@clerk/clerk-sdk-node` instead.');

const NAMES = [
  'AllowlistIdentifier', 'Client', 'Email', 'EmailAddress', 'ExternalAccount', 'IdentificationLink', 'Invitation',
  'Organization', 'OrganizationInvitation', 'OrganizationMembership', 'OrganizationMembershipPublicUserData',
  'PhoneNumber', 'SMSMessage', 'Session', 'User', 'Verification',
];

Object.defineProperty(exports, '__esModule', { value: true });
exports.default = Clerk;
for (const name of NAMES) exports[name] = classes[name];
