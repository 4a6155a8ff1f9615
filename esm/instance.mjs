// The deprecated instance entry (ESM): the `Clerk` factory as `default`, plus the
// resource classes. Shares its module state with the CommonJS entry.
import instance from '../cjs/instance.js';

export default instance.default;
export const {
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
} = instance;
