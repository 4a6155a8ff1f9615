// Loopback servers and child processes for the auth differential tests.
//
//   const api = await startAuthBapi(jwksDoc)  the recording BAPI of bapi.mjs, plus
//       GET  …/jwks                  -> api.jwks (counted: api.jwksFetches())
//       GET  …/.well-known/jwks.json -> api.jwks (counted: api.fapiFetches())
//     api.failJwks(reply | null)  answer JWKS requests with `reply` instead
//   startApp('v4' | 'ours', env)  an Express app in a child process (auth-app.mjs)
//   get(url, { headers, timeoutMs })  one real HTTP request -> { status, headers, body } | { timedOut }
//   runNode(code, env)  `node --input-type=module -e code` -> { code, stdout, stderr }
import http from 'node:http';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBapi } from './bapi.mjs';

export const MAIN_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const APP_SCRIPT = fileURLToPath(new URL('./auth-app.mjs', import.meta.url));

export async function startAuthBapi(jwksDoc = { keys: [] }) {
  const bapi = await startBapi();
  const state = { jwks: jwksDoc, fail: null, jwksLog: [], fapiLog: [] };
  bapi.answer((rec) => {
    if (rec.method === 'GET' && /\/jwks$/.test(rec.path)) {
      state.jwksLog.push(rec);
      return state.fail || { status: 200, json: state.jwks };
    }
    if (rec.method === 'GET' && rec.path.endsWith('/.well-known/jwks.json')) {
      state.fapiLog.push(rec);
      return state.fail || { status: 200, json: state.jwks };
    }
    return undefined;
  });
  return {
    url: bapi.url,
    get jwks() {
      return state.jwks;
    },
    set jwks(doc) {
      state.jwks = doc;
    },
    failJwks(reply) {
      state.fail = reply;
    },
    /** JWKS requests so far (not cleared by take()). */
    jwksFetches: () => state.jwksLog,
    fapiFetches: () => state.fapiLog,
    resetCounts() {
      state.jwksLog = [];
      state.fapiLog = [];
    },
    /** Every request since the last take() (JWKS ones included). */
    take: () => bapi.take(),
    close: () => bapi.close(),
  };
}

/** One HTTP request to a loopback URL. Never rejects: a timeout gives { timedOut: true }. */
export function get(url, { method = 'GET', headers = {}, timeoutMs = 5000 } = {}) {
  return new Promise((resolve) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', () => {});
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ timedOut: true });
    }, timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      resolve({ error: err.code || err.message });
    });
    req.end();
  });
}

const baseEnv = () => ({ PATH: process.env.PATH, NODE_ENV: 'test' });

/** Starts auth-app.mjs for one SDK; resolves when it listens. */
export function startApp(sdk, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [APP_SCRIPT, sdk], { cwd: MAIN_DIR, env: { ...baseEnv(), ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let started = false;
    child.stdout.on('data', (d) => {
      stdout += d;
      const line = stdout.split('\n')[0];
      if (!started && stdout.includes('\n')) {
        started = true;
        const { port } = JSON.parse(line);
        resolve({
          sdk,
          url: `http://127.0.0.1:${port}`,
          stderr: () => stderr,
          async unhandled() {
            const r = await get(`http://127.0.0.1:${port}/_unhandled`);
            return JSON.parse(r.body);
          },
          close() {
            if (child.exitCode !== null) return Promise.resolve();
            return new Promise((done) => {
              child.once('exit', done);
              child.kill();
            });
          },
        });
      }
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.once('exit', (code) => {
      if (!started) reject(new Error(`auth-app ${sdk} exited with ${code}: ${stderr}`));
    });
  });
}

/** Runs an ES module snippet in a child node (cwd /work/main); resolves { code, stdout, stderr }. */
export function runNode(code, env = {}, timeoutMs = 20000) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: MAIN_DIR, env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.once('exit', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ code: exitCode, signal, stdout, stderr });
    });
  });
}

/** The functional parts of an interstitial page (byte equality is not required). */
export function interstitialParts(html) {
  const one = (re) => re.exec(html)?.[1];
  const all = (re) => [...html.matchAll(re)].map((m) => m.slice(1));
  return {
    frontendApi: one(/window\.__clerk_frontend_api\s*=\s*['"]([^'"]*)['"]/),
    proxyUrl: one(/window\.__clerk_proxy_url\s*=\s*['"]([^'"]*)['"]/),
    domain: one(/window\.__clerk_domain\s*=\s*['"]([^'"]*)['"]/),
    scriptSrc: one(/script\.src\s*=\s*['"]([^'"]*)['"]/),
    attributes: all(/setAttribute\(\s*['"](data-clerk-[^'"]+)['"]\s*,\s*['"]([^'"]*)['"]\s*\)/g),
    isSatellite: one(/isSatellite:\s*(true|false)/),
    isInterstitial: one(/isInterstitial:\s*(true|false)/),
    signInUrl: one(/signInUrl:\s*['"]([^'"]*)['"]/),
  };
}
