// Child processes for the fault / load / arguments / secrets suites.
//
//   runChild(code, { env, timeoutMs, args })
//     -> { code, signal, stdout, stderr, ms, timedOut }
//   The child is `node --input-type=module -e code`, started in the package folder with a
//   clean environment (PATH, NODE_ENV=test and `env`; no CLERK_* from the parent). It is
//   killed (by its own pid) only if it outlives `timeoutMs`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const MAIN_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const INDEX = fileURLToPath(new URL('../../index.js', import.meta.url));
export const BINDING = fileURLToPath(new URL('../../binding.js', import.meta.url));

export function runChild(code, { env = {}, timeoutMs = 60000, args = [] } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [...args, '--input-type=module', '-e', code], {
      cwd: MAIN_DIR,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        timedOut,
        ms: Date.now() - started,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** A readable description of a finished child, for assertion messages. */
export function describeChild(r, max = 4000) {
  const cut = (s) => (s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s);
  return `exit code=${r.code} signal=${r.signal} timedOut=${r.timedOut} ms=${r.ms}\n--- stdout\n${cut(r.stdout)}\n--- stderr\n${cut(r.stderr)}`;
}
