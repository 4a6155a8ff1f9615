// Starts Prism 5 (`prism mock`) as a child process on 127.0.0.1 and stops it.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Path of the prism-cli entry script, or undefined when the package is not installed. */
export function prismBin() {
  try {
    const pkgFile = require.resolve('@stoplight/prism-cli/package.json');
    const pkg = require(pkgFile);
    const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.prism;
    return { file: path.resolve(path.dirname(pkgFile), bin), version: pkg.version };
  } catch {
    return undefined;
  }
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `prism mock -h 127.0.0.1 -p PORT [extraArgs] SPEC` and resolves once Prism
 * prints "Prism is listening" (bounded by `timeoutMs`). The log is kept (last lines) for
 * diagnostics. `stop()` sends SIGTERM, then SIGKILL after a grace period.
 */
export async function startPrism(specFile, { args = [], timeoutMs = 45_000 } = {}) {
  const bin = prismBin();
  if (!bin) throw new Error('@stoplight/prism-cli is not installed');
  const deadline = Date.now() + timeoutMs;
  // The free port can be taken between freePort() and Prism's listen(): try another one.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await spawnPrism(bin, port, specFile, args, Math.max(1000, deadline - Date.now()));
    } catch (err) {
      if (attempt >= 3 || !/EADDRINUSE/.test(err.message) || Date.now() >= deadline) throw err;
    }
  }
}

async function spawnPrism(bin, port, specFile, args, timeoutMs) {
  const argv = [bin.file, 'mock', '-h', '127.0.0.1', '-p', String(port), ...args, specFile];
  const child = spawn(process.execPath, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  const log = [];
  const keep = (chunk) => {
    for (const line of chunk.toString().split('\n')) if (line) log.push(line);
    if (log.length > 400) log.splice(0, log.length - 400);
  };
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let stopping;
  const stop = (graceMs = 3000) => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      let timer;
      const killed = await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, graceMs, null)))]);
      clearTimeout(timer);
      if (!killed) {
        child.kill('SIGKILL');
        await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs).unref())]);
      }
      child.stdout.destroy();
      child.stderr.destroy();
    })();
    return stopping;
  };
  // Safety net: never leave Prism behind if the test process dies without after().
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  child.once('exit', () => process.removeListener('exit', onExit));

  await new Promise((resolve, reject) => {
    let timer;
    const done = (err) => {
      clearTimeout(timer);
      child.stdout.removeListener('data', onData);
      if (err) reject(err);
      else resolve();
    };
    const onData = () => {
      if (log.some((l) => l.includes('Prism is listening'))) done();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.stdout.on('data', onData);
    exited.then(({ code, signal }) =>
      done(new Error(`Prism exited before it was ready (code ${code}, signal ${signal}):\n${log.slice(-30).join('\n')}`)),
    );
    timer = setTimeout(() => {
      stop();
      done(new Error(`Prism was not ready within ${timeoutMs} ms:\n${log.slice(-30).join('\n')}`));
    }, timeoutMs);
  });
  return { port, url: `http://127.0.0.1:${port}`, version: bin.version, log, stop, pid: child.pid };
}
