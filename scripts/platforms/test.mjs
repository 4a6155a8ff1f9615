// npm run test:platforms [-- --only linux-x64-gnu,...] [--full]
//
// Every addon built in npm/<platform>/ is checked structurally (check.mjs) and, where this
// machine can run it, installed the way a user gets it (the main tarball and the platform
// tarball from one `npm pack`, unpacked into an app's node_modules) and run through the
// smoke suite (smoke.cjs) with an official Node build for that platform:
//   linux-x64-gnu     Node 16 on the glibc 2.17 sysroot of napi's cross toolchain, and
//                     Node 18, 20, 22, 24 on this machine
//   linux-arm64-gnu   Node 22 for arm64 under qemu-aarch64, Debian's arm64 glibc
//   linux-x64-musl    musl Node 22 (PyPI musllinux wheel) run by musl's loader, in a mount
//                     namespace whose /usr/bin/ldd says musl, so binding.js picks musl
//   linux-arm64-musl  the same under qemu-aarch64 with Debian's arm64 musl
//   win32-x64-msvc    Node 22 for Windows (node.exe) under wine
//   darwin-*          structural only: no macOS here
// --full also runs the whole node suite (__test__/) on the glibc 2.17 build with Node 22.
// Ends `platforms: N passed, N failed`; exits 1 on any failure.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { TARGETS, selectTargets, artifactName, BINARY, EMULATOR_BINARY } from './targets.mjs';
import { ROOT, TOOLS, nodeBinary, muslNode, muslLoader, winePrefix, ensureApt, ensureNapiCross, run } from './tools.mjs';
import { checkArtifact } from './check.mjs';

const SMOKE = join(ROOT, 'scripts', 'platforms', 'smoke.cjs');
const results = [];

function record(name, ok, detail) {
  results.push(ok);
  console.log(`${ok ? 'ok' : 'not ok'} ${results.length} - ${name}${detail ? `\n${detail.replace(/^/gm, '    ')}` : ''}`);
}

// One `npm pack` of the repository: the main tarball and one per built platform.
function packAll(dir) {
  execFileSync('npm', ['pack', '--pack-destination', dir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return readdirSync(dir).filter((f) => f.endsWith('.tgz'));
}

function makeApp(packs, tarballs, platform, { withPlatform = true } = {}) {
  const app = mkdtempSync(join(tmpdir(), `clerk-platform-${platform}-`));
  writeFileSync(join(app, 'package.json'), '{"name":"platform-smoke-app","private":true}\n');
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const name of withPlatform ? [BINARY, `${BINARY}-${platform}`] : [BINARY]) {
    const tgz = `${name}-${version}.tgz`;
    if (!tarballs.includes(tgz)) throw new Error(`npm pack made no ${tgz}`);
    const dest = join(app, 'node_modules', name);
    mkdirSync(dest, { recursive: true });
    run('tar', ['-xzf', join(packs, tgz), '-C', dest, '--strip-components=1']);
  }
  // The main tarball carries the linux-x64-gnu addons; without them the platform package is what loads.
  if (withPlatform) for (const f of readdirSync(join(app, 'node_modules', BINARY))) if (f.endsWith('.node')) rmSync(join(app, 'node_modules', BINARY, f));
  return app;
}

function smoke(label, cmd, args, { env = {}, timeout = 300_000, viaFile = false } = {}) {
  const fullEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
  let out;
  let status;
  if (viaFile) {
    // wine's libuv writes to files, not pipes: the suite's output goes to a file.
    const file = join(tmpdir(), `clerk-smoke-${process.pid}-${results.length}.txt`);
    const r = spawnSync('sh', ['-c', `"$0" "$@" > "${file}" 2>&1`, cmd, ...args], { env: fullEnv, timeout });
    status = r.status;
    out = existsSync(file) ? readFileSync(file, 'utf8') : String(r.error || '');
    rmSync(file, { force: true });
  } else {
    const r = spawnSync(cmd, args, { env: fullEnv, timeout, encoding: 'utf8' });
    status = r.status;
    out = `${r.stdout || ''}${r.stderr || ''}${r.error ? r.error.message : ''}`;
  }
  const summary = [(out.match(/^# Node .*$/m) || [''])[0].slice(2), (out.match(/^smoke: \d+ passed, \d+ failed$/m) || [])[0]].filter(Boolean).join(': ');
  const ok = status === 0 && /smoke: \d+ passed, 0 failed/.test(out);
  record(`${label}: ${summary || `exit ${status}`}`, ok, ok ? '' : out.trim().slice(-4000));
}

function runTarget(target, packs, tarballs, full) {
  const file = join(ROOT, 'npm', target.platform, artifactName(target.platform));
  try {
    record(`${target.platform}: structure (${checkArtifact(target, file).join('; ')})`, true);
  } catch (e) {
    record(`${target.platform}: structure`, false, e.message);
  }
  if (target.run === 'macho') return;
  const app = makeApp(packs, tarballs, target.platform);
  // The platform package's addon must be the one loaded; the emulator runs where it ships.
  const expect = { SMOKE_EXPECT_ADDON: `${BINARY}-${target.platform}/${artifactName(target.platform)}` };
  if (!existsSync(join(ROOT, 'npm', target.platform, artifactName(target.platform, EMULATOR_BINARY)))) expect.SMOKE_EMULATOR = '0';
  const args = [SMOKE, app];
  try {
    if (target.run === 'native') {
      const sysroot = join(ensureNapiCross(target.triple), target.triple, 'sysroot');
      const libs = ['lib64', 'usr/lib64', '../lib64'].map((d) => join(sysroot, d)).join(':');
      smoke(`${target.platform}: Node 16 on the glibc 2.17 sysroot`, join(sysroot, 'lib64', 'ld-linux-x86-64.so.2'), ['--library-path', libs, nodeBinary('node16'), ...args], { env: expect });
      for (const v of ['18', '20', '22', '24']) smoke(`${target.platform}: Node ${v}`, nodeBinary(`node${v}`), args, { env: expect });
      // The main tarball alone: it carries this platform's addons.
      const alone = makeApp(packs, tarballs, target.platform, { withPlatform: false });
      try {
        smoke(`${target.platform}: the main tarball alone, Node 22`, nodeBinary('node22'), [SMOKE, alone], { env: { SMOKE_EXPECT_ADDON: `${BINARY}/${artifactName(target.platform)}` } });
      } finally {
        rmSync(alone, { recursive: true, force: true });
      }
      if (full) fullSuite(target, file);
    } else if (target.run === 'qemu') {
      ensureApt();
      smoke(`${target.platform}: Node 22 arm64 under qemu`, 'qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', nodeBinary('node22-arm64'), ...args], { env: expect, timeout: 900_000 });
    } else if (target.run === 'musl' || target.run === 'musl-qemu') {
      ensureApt();
      const arm = target.run === 'musl-qemu';
      const node = muslNode(arm ? 'arm64' : 'x64');
      const loader = muslLoader(arm ? 'arm64' : 'x64');
      const cmd = [...(arm ? ['qemu-aarch64'] : []), loader, node, ...args].map((a) => `'${a}'`).join(' ');
      // binding.js reads /usr/bin/ldd to tell musl from glibc: in a private mount namespace it says musl.
      const script = `printf '#!/bin/sh\\n# musl libc\\n' > /tmp/clerk-musl-ldd-$$ && mount --bind /tmp/clerk-musl-ldd-$$ /usr/bin/ldd && exec ${cmd}`;
      smoke(`${target.platform}: musl Node 22${arm ? ' arm64 under qemu' : ''}, loader chose musl`, 'unshare', ['-m', 'sh', '-c', script], { env: expect, timeout: 900_000 });
    } else if (target.run === 'wine') {
      ensureApt();
      smoke(`${target.platform}: Node 22 for Windows under wine`, 'wine', [nodeBinary('node22-win'), ...args], { env: { ...expect, WINEPREFIX: winePrefix(), WINEDEBUG: '-all' }, viaFile: true, timeout: 900_000 });
    }
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

// The whole node suite against the glibc 2.17 build (loaded through NAPI_RS_NATIVE_LIBRARY_PATH).
function fullSuite(target, file) {
  const r = spawnSync(nodeBinary('node22'), ['--test', '--test-concurrency=1', join(ROOT, '__test__')], {
    cwd: ROOT, encoding: 'utf8', timeout: 3_000_000, env: { ...process.env, PATH: `${join(nodeBinary('node22'), '..')}:${process.env.PATH}`, NAPI_RS_NATIVE_LIBRARY_PATH: file },
  });
  const tail = `${r.stdout}`.split('\n').filter((l) => /^# (tests|pass|fail)/.test(l)).join(', ');
  record(`${target.platform}: whole node suite with Node 22 (${tail})`, r.status === 0, r.status === 0 ? '' : `${r.stdout}`.slice(-4000));
}

function main() {
  const targets = selectTargets(process.argv);
  const full = process.argv.includes('--full');
  const built = targets.filter((t) => existsSync(join(ROOT, 'npm', t.platform, artifactName(t.platform))));
  for (const t of targets) if (!built.includes(t)) record(`${t.platform}: not built (npm run build:platforms -- --only ${t.platform})`, false);
  const packs = mkdtempSync(join(tmpdir(), 'clerk-platform-packs-'));
  try {
    const tarballs = built.some((t) => t.run !== 'macho') ? packAll(packs) : [];
    for (const target of built) {
      try {
        runTarget(target, packs, tarballs, full);
      } catch (e) {
        record(`${target.platform}: ${e.message}`, false);
      }
    }
  } finally {
    rmSync(packs, { recursive: true, force: true });
  }
  const failed = results.filter((ok) => !ok).length;
  console.log(`platforms: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
