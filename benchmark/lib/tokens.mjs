// RS256 session tokens with realistic Clerk claims, signed with node:crypto.
//
//   const key = createSigningKey();            // RSA-2048, kid, PEM / JWKS forms
//   signToken(key, i, now)                     // the i-th token of a pool
//   await signPool(key, count, now)            // count tokens, signed on every core
//   subFor(i)                                  // the `sub` of the i-th token
import crypto from 'node:crypto';
import os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { clerkId } from './fixtures.mjs';

export const ISSUER = 'https://clerk.example.com';
export const AZP = 'https://app.example.com';
export const KID = 'ins_2bEnChMaRkKeY0123456789aB';
// How long the pool's tokens stay valid: a run must finish before they expire.
export const TOKEN_LIFETIME_S = 6 * 3600;

export function createSigningKey() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return fromPrivatePem(privateKey.export({ type: 'pkcs8', format: 'pem' }), publicKey);
}

function fromPrivatePem(privatePem, publicKey = crypto.createPublicKey(privatePem)) {
  const jwk = publicKey.export({ format: 'jwk' });
  return {
    kid: KID,
    privatePem,
    privateKey: crypto.createPrivateKey(privatePem),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }),
    jwks: { keys: [{ use: 'sig', kty: 'RSA', kid: KID, alg: 'RS256', n: jwk.n, e: jwk.e }] },
  };
}

export const subFor = (i) => clerkId('user', 100000 + i);
export const sidFor = (i) => clerkId('sess', 100000 + i);

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

export function claimsFor(i, now) {
  return {
    azp: AZP,
    exp: now + TOKEN_LIFETIME_S,
    iat: now,
    iss: ISSUER,
    nbf: now - 10,
    org_id: 'org_2aCmEiNcOrPoRaTeD0123456789',
    org_permissions: ['org:sys_memberships:read', 'org:sys_memberships:manage', 'org:sys_profile:manage'],
    org_role: 'org:admin',
    org_slug: 'acme-inc',
    sid: sidFor(i),
    sub: subFor(i),
  };
}

export function signToken(key, i, now) {
  const head = b64({ alg: 'RS256', kid: key.kid, typ: 'JWT' });
  const body = b64(claimsFor(i, now));
  const signed = `${head}.${body}`;
  const sig = crypto.sign('sha256', Buffer.from(signed), key.privateKey).toString('base64url');
  return `${signed}.${sig}`;
}

// Signs tokens [0, count) on all cores (RSA signing costs ~0.3 ms each).
export async function signPool(key, count, now) {
  const threads = Math.max(1, Math.min(os.cpus().length, 4, Math.ceil(count / 2000)));
  const per = Math.ceil(count / threads);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, t) => {
      const start = t * per;
      const end = Math.min(count, start + per);
      return new Promise((resolve, reject) => {
        const w = new Worker(new URL(import.meta.url), { workerData: { privatePem: key.privatePem, start, end, now } });
        w.once('message', resolve);
        w.once('error', reject);
        w.once('exit', (code) => code !== 0 && reject(new Error(`token signer exited with ${code}`)));
      });
    }),
  );
  return parts.flat();
}

if (!isMainThread && workerData && workerData.privatePem) {
  const key = fromPrivatePem(workerData.privatePem);
  const out = [];
  for (let i = workerData.start; i < workerData.end; i++) out.push(signToken(key, i, workerData.now));
  parentPort.postMessage(out);
}
