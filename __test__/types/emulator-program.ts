/**
 * An app's test setup using the emulator (deviation A4): start it, point the SDK at it,
 * sign a user in, save and restore its data. Compiled under tsconfig.json only.
 */
import { createClerkClient } from '@clerk/clerk-sdk-node';
import { startEmulator } from '@clerk/clerk-sdk-node/emulator';
import type { Emulator, EmulatorData, SignedIn } from '@clerk/clerk-sdk-node/emulator';

export async function setup(): Promise<string> {
  const emulator: Emulator = await startEmulator({ port: 0, seed: './clerk-data.json' });
  process.env.CLERK_API_URL = emulator.url;
  process.env.CLERK_SECRET_KEY = emulator.secretKey;
  const clerk = createClerkClient({ secretKey: emulator.secretKey, apiUrl: emulator.url, jwtKey: emulator.jwtKey });
  const user = await clerk.users.createUser({ emailAddress: ['ada@example.com'], password: 'correct-horse-battery' });
  const session: SignedIn = await emulator.signIn(user.id, { expiresInSeconds: 300 });
  const data: EmulatorData = emulator.data();
  const again = await startEmulator({ seed: data, secretKey: emulator.secretKey });
  await again.stop();
  await emulator.save();
  await emulator.stop();
  const port: number = emulator.port;
  return `${session.sessionId} ${session.token} ${emulator.publishableKey} ${port}`;
}

// @ts-expect-error: the port is a number
startEmulator({ port: '3999' });
// @ts-expect-error: signIn needs a user id
startEmulator().then((e) => e.signIn());
