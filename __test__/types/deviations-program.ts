/**
 * Uses what we add on top of 4.13.23 (spec/deviations.md: D2, D3, S4, A1, A2).
 * Compiled under tsconfig.json only: none of this exists in v4's declarations.
 */
import clerkClient, {
  Clerk,
  createClerkClient,
  setClerkApiKey,
  setClerkSecretKey,
  setClerkServerApiUrl,
  users,
} from '@clerk/clerk-sdk-node';
import type { ClerkAPIResponseError, ClerkClient, ClerkOptions, UserAPI } from '@clerk/clerk-sdk-node';
import { ClerkAPIResponseError as NotAValue } from '@clerk/clerk-sdk-node';

// D3: live, writable configuration on the singleton, and the new setter.
clerkClient.secretKey = 'sk_test_rotated';
clerkClient.apiKey = 'test_legacy';
clerkClient.serverApiUrl = 'http://127.0.0.1:4010';
clerkClient.apiUrl = 'http://127.0.0.1:4010';
clerkClient.apiVersion = 'v1';
clerkClient.httpOptions = { headers: { 'x-app': 'demo' } };
const currentKey: string | undefined = clerkClient.secretKey;
setClerkSecretKey('sk_test_rotated_again');
setClerkApiKey('test_legacy');
setClerkServerApiUrl('http://127.0.0.1:4010');

// D2/S4/A1: env fallback (no argument), timeouts and retries; `new` works too.
const fromEnv: ClerkClient = createClerkClient();
const options: ClerkOptions = { secretKey: 'sk_test_xxx', timeoutMs: 5_000, maxRetries: 0 };
const tuned = new Clerk(options);
const called = Clerk({ ...options, maxRetries: 3 });
const api: UserAPI = tuned.users;

// A2: `retryAfter` on API errors.
function isClerkAPIResponseError(err: unknown): err is ClerkAPIResponseError {
  return typeof err === 'object' && err !== null && (err as { clerkError?: unknown }).clerkError === true;
}

export async function listWithBackoff(): Promise<number> {
  try {
    return (await users.getUserList({ limit: 100 })).length;
  } catch (err) {
    if (isClerkAPIResponseError(err) && err.status === 429) {
      const waitSeconds: number = err.retryAfter ?? 1;
      const firstCode: string | undefined = err.errors[0]?.code;
      console.warn(`rate limited (${firstCode}), retrying in ${waitSeconds}s, trace ${err.clerkTraceId}`);
      await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));
      return (await users.getUserList({ limit: 100 })).length;
    }
    throw err;
  }
}

// @ts-expect-error -- secretKey is a string
clerkClient.secretKey = 42;
// @ts-expect-error -- timeoutMs is a number
createClerkClient({ timeoutMs: '5s' });

// @ts-expect-error -- ClerkAPIResponseError is a type only: it is not exported at runtime (as in v4)
void NotAValue;

void [currentKey, fromEnv, called, api];

// A3: auto-pagination twins are typed.
export async function listEveryone(): Promise<string[]> {
  const ids: string[] = [];
  for await (const user of clerkClient.users.iterateUserList({ orderBy: '-created_at', limit: 50 })) ids.push(user.id);
  for await (const m of clerkClient.organizations.iterateOrganizationMembershipList({ organizationId: 'org_1' })) ids.push(m.id);
  for await (const c of clerkClient.clients.iterateClientList()) ids.push(c.id);
  return ids;
}
