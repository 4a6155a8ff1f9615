// Types of `clerk-sdk-node-rs/emulator` (also `@clerk/clerk-sdk-node/emulator` when this
// package is installed under v4's name): a local Clerk Backend API (v1) for offline
// development and tests. See the README, "Local Backend API emulator".

/** What a data file (`seed`, `save()`, `clerk-emulator --data`) holds. Treat it as opaque. */
export interface EmulatorData {
  version: 1;
  [key: string]: unknown;
}

export interface StartEmulatorOptions {
  /** TCP port on 127.0.0.1; `0` (the default) picks a free one. */
  port?: number;
  /** Host to bind; default `127.0.0.1`. */
  host?: string;
  /**
   * Initial state: a path to a JSON data file written by `save()` (or by
   * `clerk-emulator --data`), or such data as an object. The same seed gives the same
   * keys and the same ids for the objects created afterwards, in the same order.
   * A path that does not exist yet starts empty and becomes `save()`'s default target.
   */
  seed?: string | EmulatorData;
  /** Secret key the emulator accepts; default: the seed's, else a new `sk_test_…`. */
  secretKey?: string;
}

export interface SignInOptions {
  /** Lifetime of the session token, seconds (Clerk's default: 60). */
  expiresInSeconds?: number;
  /** Organization to make active in the session (adds `org_id`, `org_role`, `org_slug`). */
  organizationId?: string;
}

export interface SignedIn {
  sessionId: string;
  /** An RS256 session token with Clerk's claims (`sub`, `sid`, `iss`, `exp`, `iat`, `nbf`, and `org_*` for an active organization). */
  token: string;
}

export interface Emulator {
  /** Base URL to give the SDK as `CLERK_API_URL` / `apiUrl`, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** `CLERK_SECRET_KEY` for the SDK; every Backend API call must carry it. */
  readonly secretKey: string;
  /**
   * `CLERK_PUBLISHABLE_KEY` of the emulated (development) instance: `pk_test_` + base64 of
   * the emulator's own `host:port$`, the Frontend API it serves (sign-in page, JWKS, clerk-js).
   */
  readonly publishableKey: string;
  /** The `iss` of its session tokens (`{url}/.clerk.accounts`): `verifyToken(token, { issuer })` fetches the keys from it. */
  readonly issuer: string;
  /** PEM public key of the session-token signing key (`CLERK_JWT_KEY`, networkless verification). */
  readonly jwtKey: string;
  /** Creates an active session for the user and mints its session token (an in-process call: no HTTP). */
  signIn(userId: string, options?: SignInOptions): Promise<SignedIn>;
  /** How many changes the state has seen (successful write requests, sign-ins): save again when it moved. */
  readonly revision: number;
  /** The whole state, as a data file holds it. */
  data(): EmulatorData;
  /** Writes the state as JSON to `path` (default: the `seed` path). */
  save(path?: string): Promise<void>;
  /** Stops listening and closes open connections. Until then the emulator keeps the process alive. */
  stop(): Promise<void>;
  /** Lets the process exit while the emulator runs (as `server.unref()`); returns the emulator. */
  unref(): this;
  /** Undoes `unref()`. */
  ref(): this;
}

export function startEmulator(options?: StartEmulatorOptions): Promise<Emulator>;
