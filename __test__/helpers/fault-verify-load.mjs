// Child-process body of load.test.mjs's leak test: N networkless verifications
// (verifyToken with jwtKey) in one process, with RSS sampled after a warm-up and at the
// end. Run with --expose-gc. Prints one line `SUMMARY {json}` on stdout.
//
// The mix, per block of 1000 verifications (deterministic, so the counts are exact):
//   940 valid tokens from a small set of 50          (the verified-token cache: hits)
//    20 valid tokens from a pool of 12,000 distinct  (more than the cache's 10,000
//                                                     entries: evictions, RSA checks)
//    10 bad signatures (signed by another key)       (an RSA check each, ~25 µs)
//    15 expired tokens                               (rejected before the RSA check)
//    15 malformed tokens                             (two segments, garbage, bad JSON…)
// The invalid-signature share is kept small (1 %) because each costs a full RSA check.
import crypto from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const sdk = require('../../index.js');

const TOTAL = Number(process.env.VERIFY_TOTAL || 1_000_000);
const WARMUP = Number(process.env.VERIFY_WARMUP || 100_000);
const POOL = Number(process.env.VERIFY_POOL || 12_000);
const BATCH = 100; // verifications in flight together

const started = performance.now();
const gen = (bits = 2048) => crypto.generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
const main = gen();
const wrong = gen();
const jwtKey = main.publicKey.export({ type: 'spki', format: 'pem' });
const b64u = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const claims = (i, over = {}) => ({
  azp: 'https://app.example.com',
  exp: now + 3600,
  iat: now - 5,
  nbf: now - 10,
  iss: 'https://clerk.example.com',
  sid: `sess_load${i}`,
  sub: `user_load${i}`,
  ...over,
});
function mint(payload, key = main.privateKey) {
  const input = `${b64u({ alg: 'RS256', kid: 'ins_load', typ: 'JWT' })}.${b64u(payload)}`;
  return `${input}.${crypto.sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

const hot = Array.from({ length: 50 }, (_, i) => mint(claims(i)));
const pool = Array.from({ length: POOL }, (_, i) => mint(claims(100000 + i)));
const badSig = Array.from({ length: 5 }, (_, i) => mint(claims(i), wrong.privateKey));
const expired = Array.from({ length: 5 }, (_, i) => mint(claims(i, { exp: now - 3600 - i, iat: now - 7200, nbf: now - 7200 })));
const h = hot[0].split('.');
const malformed = [
  `${h[0]}.${h[1]}`, // two segments
  `${hot[0]}.extra`, // four segments
  'not-a-jwt', // one segment
  '', // empty
  `${b64u('not json')}.${h[1]}.${h[2]}`, // header is not JSON
  `${h[0]}.${b64u('{"sub":')}.${h[2]}`, // payload is not JSON
  `${b64u({ alg: 'none', typ: 'JWT' })}.${h[1]}.`, // alg none
  `!!!.${h[1]}.${h[2]}`, // bad base64url
];
const prepMs = performance.now() - started;

// Slot i of a block of 1000 → which kind of token.
function pick(i) {
  const slot = i % 1000;
  const block = Math.floor(i / 1000);
  if (slot < 940) return ['valid', hot[(i * 7) % hot.length]];
  if (slot < 960) return ['validPool', pool[(block * 20 + (slot - 940)) % pool.length]];
  if (slot < 970) return ['badSignature', badSig[i % badSig.length]];
  if (slot < 985) return ['expired', expired[i % expired.length]];
  return ['malformed', malformed[i % malformed.length]];
}

const counts = { accepted: 0, rejected: 0 };
const byKind = {};
const reasons = {};
const wrongOutcomes = [];
const rss = [];
const mb = () => Math.round((process.memoryUsage().rss / 1048576) * 10) / 10;
const sample = (label) => {
  global.gc?.();
  global.gc?.();
  rss.push({ label, rssMb: mb(), heapMb: Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10 });
};

async function one(i) {
  const [kind, token] = pick(i);
  const k = (byKind[kind] ??= { accepted: 0, rejected: 0 });
  try {
    const payload = await sdk.verifyToken(token, { jwtKey });
    counts.accepted++;
    k.accepted++;
    if (!payload || typeof payload.sub !== 'string' || !payload.sub.startsWith('user_load')) wrongOutcomes.push(`${kind}: bad payload`);
  } catch (err) {
    counts.rejected++;
    k.rejected++;
    const reason = err && err.reason ? err.reason : `${err && err.constructor && err.constructor.name}`;
    reasons[`${kind}:${reason}`] = (reasons[`${kind}:${reason}`] || 0) + 1;
    if (!(err instanceof Error)) wrongOutcomes.push(`${kind}: threw a non-Error`);
  }
}

const loopStart = performance.now();
for (let i = 0; i < TOTAL; i += BATCH) {
  const batch = [];
  for (let j = i; j < Math.min(i + BATCH, TOTAL); j++) batch.push(one(j));
  await Promise.all(batch);
  if (i + BATCH === WARMUP) sample('after warm-up');
  else if ((i + BATCH) % 200_000 === 0) sample(`after ${i + BATCH}`);
}
sample('end');
const loopMs = performance.now() - loopStart;

console.log(
  `SUMMARY ${JSON.stringify({
    total: TOTAL,
    counts,
    byKind,
    reasons,
    wrongOutcomes: wrongOutcomes.slice(0, 20),
    wrongCount: wrongOutcomes.length,
    rss,
    prepMs: Math.round(prepMs),
    loopMs: Math.round(loopMs),
    usPerVerification: Math.round((loopMs * 1000 * 100) / TOTAL) / 100,
  })}`,
);
