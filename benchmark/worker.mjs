// One measurement in its own process:
//
//   node benchmark/worker.mjs --sdk ours|v4|none --bench NAME [--variant V]
//                             --config FILE [--opts JSON]
//
// Prints exactly one JSON line with the results on stdout (`{"ok":true,...}`), or
// `{"ok":false,"error":...}` and exits 1. The middleware benchmark additionally prints
// event lines (`{"event":"ready","port":N}`, `{"event":"started"}`) and takes `start` /
// `stop` commands on stdin from the runner, which drives the load with autocannon.
//
// Every measured call is checked (verifyToken's `sub`, the User objects of the API
// calls, the middleware's userId); the first wrong answer aborts the measurement.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { latencySummary } from './lib/stats.mjs';
import { subFor } from './lib/tokens.mjs';
import { LIST_IDS } from './lib/fixtures.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[i + 1];
    i++;
  }
  return out;
}

export function loadSdk(name) {
  if (name === 'ours') return require(path.join(ROOT, 'index.js'));
  if (name === 'v4') return require('clerk-v4');
  if (name === 'none') return null;
  throw new Error(`unknown --sdk ${name}`);
}

const args = parseArgs(process.argv.slice(2));
const cfg = args.config ? JSON.parse(readFileSync(args.config, 'utf8')) : {};
const opts = args.opts ? JSON.parse(args.opts) : {};
const now = () => performance.now();

function emit(obj) {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

function fail(message) {
  throw new Error(message);
}

function cpuUs(delta) {
  return delta.user + delta.system;
}

let poolCache;
function pool() {
  if (!poolCache) {
    poolCache = readFileSync(cfg.poolFile, 'latin1').split('\n');
    if (poolCache[poolCache.length - 1] === '') poolCache.pop();
  }
  return poolCache;
}

// Promise.all batches of `conc` calls (1 = a plain await loop) until `durationMs` has
// passed or `maxOps` calls were made. op(k) must resolve after checking its answer.
async function runBatches({ conc, durationMs, maxOps = Infinity, op, record = true }) {
  const lat = [];
  let ops = 0;
  const cpu0 = process.cpuUsage();
  const t0 = now();
  const end = t0 + durationMs;
  for (;;) {
    const tb = now();
    if (tb >= end || ops + conc > maxOps) break;
    if (conc === 1) {
      await op(ops);
      if (record) lat.push(now() - tb);
      ops++;
    } else {
      const ps = new Array(conc);
      for (let j = 0; j < conc; j++) {
        ps[j] = op(ops + j).then(() => {
          if (record) lat.push(now() - tb);
        });
      }
      await Promise.all(ps);
      ops += conc;
    }
  }
  const elapsedMs = now() - t0;
  const cpu = cpuUs(process.cpuUsage(cpu0));
  return {
    ops,
    elapsedMs,
    opsPerSec: (ops / elapsedMs) * 1000,
    cpuUsPerOp: cpu / ops,
    ...(record ? latencySummary(lat) : {}),
    exhausted: ops + conc > maxOps,
  };
}

// `conc` lanes, each awaiting one call after the other, for `durationMs`. Only calls that
// complete inside the window count; CPU is sampled when the window closes.
async function runLanes({ conc, durationMs, op }) {
  const lat = [];
  let ops = 0;
  let started = 0;
  let open = true;
  let firstError;
  const cpu0 = process.cpuUsage();
  const t0 = now();
  let result;
  const closed = new Promise((resolve) => {
    setTimeout(() => {
      open = false;
      const elapsedMs = now() - t0;
      const cpu = cpuUs(process.cpuUsage(cpu0));
      result = { ops, elapsedMs, opsPerSec: (ops / elapsedMs) * 1000, cpuUsPerOp: cpu / ops };
      resolve();
    }, durationMs);
  });
  const lane = async () => {
    while (open && !firstError) {
      const t = now();
      try {
        await op(started++);
      } catch (err) {
        firstError ??= err;
        return;
      }
      if (open) {
        lat.push(now() - t);
        ops++;
      }
    }
  };
  const lanes = Promise.all(Array.from({ length: conc }, lane));
  await Promise.race([closed, lanes]);
  await lanes;
  if (firstError) throw firstError;
  await closed;
  return { ...result, ...latencySummary(lat) };
}

// --- benchmarks ---------------------------------------------------------------------

// `verify(token)` is called as users call it (`await`), so a verifier that returns a
// plain value instead of a Promise still works; whether it did is reported.
async function verifyWithPool(sdk, verify) {
  const tokens = pool();
  const conc = opts.concurrency || 1;
  let base = 0;
  const call = async (t) => verify(t);
  const op = (k) => {
    const i = base + k;
    return call(tokens[i]).then((r) => {
      if (!r || r.sub !== subFor(i)) fail(`verifyToken(token #${i}) returned sub ${r && r.sub}, expected ${subFor(i)}`);
    });
  };
  // Warm-up on the first tokens of the pool (at most 10% of it, 3000), never reused after.
  const warm = await runBatches({ conc, durationMs: opts.warmupMs, maxOps: Math.min(3000, Math.floor(tokens.length / 10)), op, record: false });
  // Steady state: does a verification (of a warm-up token) hand back a Promise, like v4's?
  const probe = verify(tokens[0]);
  const returnsPromise = !!probe && typeof probe.then === 'function';
  await probe;
  base = warm.ops;
  const m = await runBatches({ conc, durationMs: opts.durationMs, maxOps: tokens.length - base, op });
  return { metrics: m, info: { warmupOps: warm.ops, poolSize: tokens.length, tokensUsed: base + m.ops, uniqueTokens: true, returnsPromise } };
}

const BENCHES = {
  async 'verify-unique'(sdk) {
    const jwtKey = cfg.jwtKeyPem;
    return verifyWithPool(sdk, (t) => sdk.verifyToken(t, { jwtKey }));
  },

  async 'verify-repeat'(sdk) {
    const jwtKey = cfg.jwtKeyPem;
    const token = pool()[0];
    const sub = subFor(0);
    const op = () =>
      sdk.verifyToken(token, { jwtKey }).then((r) => {
        if (!r || r.sub !== sub) fail(`verifyToken(repeated token) returned sub ${r && r.sub}, expected ${sub}`);
      });
    await runBatches({ conc: 1, durationMs: opts.warmupMs, op, record: false });
    const m = await runBatches({ conc: 1, durationMs: opts.durationMs, op });
    return { metrics: m, info: { uniqueTokens: false } };
  },

  async 'verify-jwks'(sdk) {
    const client = sdk.createClerkClient({ secretKey: cfg.secretKey, apiUrl: cfg.apiUrl });
    return verifyWithPool(sdk, (t) => client.verifyToken(t));
  },

  async 'api-client'(sdk) {
    const client = sdk.createClerkClient({ secretKey: cfg.secretKey, apiUrl: cfg.apiUrl });
    const { User } = sdk;
    if (typeof User !== 'function') fail('the SDK does not export User');
    const ids = cfg.userIds;
    const limit = 10;
    let op;
    if (opts.method === 'getUser') {
      op = (k) => {
        const id = ids[k % ids.length];
        return client.users.getUser(id).then((u) => {
          if (!(u instanceof User) || u.id !== id || !u.emailAddresses?.length) fail(`getUser(${id}) returned ${JSON.stringify(u).slice(0, 200)}`);
        });
      };
    } else if (opts.method === 'getUserList') {
      op = () =>
        client.users.getUserList({ limit }).then((list) => {
          if (!Array.isArray(list) || list.length !== limit || !list.every((u, j) => u instanceof User && u.id === LIST_IDS[j])) {
            fail(`getUserList({limit: ${limit}}) returned ${JSON.stringify(list).slice(0, 200)}`);
          }
        });
    } else fail(`unknown api-client method ${opts.method}`);
    const conc = opts.concurrency;
    await runLanes({ conc, durationMs: opts.warmupMs, op });
    const m = await runLanes({ conc, durationMs: opts.durationMs, op });
    m.maxRssMB = process.resourceUsage().maxRSS / 1024;
    return { metrics: m, info: { method: opts.method, concurrency: conc } };
  },

  // Serves until the runner says stop; the runner drives the load (autocannon).
  async middleware(sdk) {
    const express = require('express');
    const app = express();
    let counting = false;
    let served = 0;
    let errors = 0;
    let lastError;
    app.use((req, res, next) => {
      if (counting) served++;
      next();
    });
    const variant = args.variant;
    if (variant === 'require-auth') {
      app.get('/', sdk.ClerkExpressRequireAuth(), (req, res) => res.json({ userId: req.auth.userId }));
    } else if (variant === 'with-auth') {
      app.get('/', sdk.ClerkExpressWithAuth(), (req, res) => res.json({ userId: req.auth.userId }));
    } else if (variant === 'bare') {
      app.get('/', (req, res) => res.json({ userId: null }));
    } else fail(`unknown middleware variant ${variant}`);
    // eslint-disable-next-line no-unused-vars
    app.use((err, req, res, next) => {
      errors++;
      lastError = String((err && err.stack) || err);
      res.status(err.status || 500).json({ error: String(err && err.message) });
    });
    const server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    server.keepAliveTimeout = 120_000;
    emit({ event: 'ready', port: server.address().port });
    let cpu0;
    let t0;
    let rl = '';
    return new Promise((resolve, reject) => {
      process.stdin.setEncoding('utf8');
      process.stdin.on('data', (chunk) => {
        rl += chunk;
        let nl;
        while ((nl = rl.indexOf('\n')) >= 0) {
          const cmd = rl.slice(0, nl).trim();
          rl = rl.slice(nl + 1);
          if (cmd === 'start') {
            served = 0;
            counting = true;
            cpu0 = process.cpuUsage();
            t0 = now();
            emit({ event: 'started' });
          } else if (cmd === 'stop') {
            const cpu = cpuUs(process.cpuUsage(cpu0));
            const elapsedMs = now() - t0;
            counting = false;
            server.close();
            server.closeAllConnections?.();
            process.stdin.pause();
            if (errors) return reject(new Error(`${errors} request(s) reached the error handler; last: ${lastError}`));
            resolve({
              metrics: { served, serverCpuUsPerReq: cpu / served, serverCpuPct: (cpu / 1000 / elapsedMs) * 100, elapsedMs },
              info: { variant, errors },
            });
          }
        }
      });
    });
  },
};

async function main() {
  const bench = BENCHES[args.bench];
  if (!bench) fail(`unknown --bench ${args.bench}`);
  const sdk = loadSdk(args.sdk);
  if (args.sdk === 'none' && args.bench !== 'middleware') fail('--sdk none is only for the bare middleware baseline');
  const out = await bench(sdk);
  emit({ ok: true, sdk: args.sdk, bench: args.bench, variant: args.variant, ...out });
}

main().then(
  () => process.exit(0),
  (err) => {
    emit({ ok: false, sdk: args.sdk, bench: args.bench, variant: args.variant, error: String((err && err.stack) || err) });
    process.exit(1);
  },
);
