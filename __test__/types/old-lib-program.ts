// A project whose lib/target is below es2018 (no AsyncGenerator, no
// Symbol.asyncIterator): our declarations must still compile with skipLibCheck
// off, and the auto-pagination iterators still page with .next().
import clerkClient, { User } from '@clerk/clerk-sdk-node';

export function firstUserId(): Promise<string | null> {
  const users = clerkClient.users.iterateUserList({ limit: 10 });
  return users.next().then((step) => {
    if (step.done) return null;
    const user: User = step.value;
    return user.id;
  });
}
