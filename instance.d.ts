/**
 * Types of the instance entry (`@clerk/clerk-sdk-node/esm/instance` and
 * `@clerk/clerk-sdk-node/cjs/instance`): the default export is the `Clerk`
 * factory, plus the resource classes, as in 4.13.23.
 */
export { Clerk as default } from './index';
export type { RequireAuthProp, WithAuthProp } from './index';
export {
  AllowlistIdentifier,
  Client,
  Email,
  EmailAddress,
  ExternalAccount,
  IdentificationLink,
  Invitation,
  Organization,
  OrganizationInvitation,
  OrganizationMembership,
  OrganizationMembershipPublicUserData,
  PhoneNumber,
  SMSMessage,
  Session,
  User,
  Verification,
} from './index';
