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
// --full also runs the node suite (__test__/) with Node 22 against the shipped addons of
// linux-x64-gnu (all of it), linux-x64-musl and linux-arm64-gnu/musl (all but the tests of
// what only linux-x64-gnu ships: the emulator, the main tarball's own addons).
// Ends `platforms: N passed, N failed`; exits 1 on any failure.
import { spawnSync, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { TARGETS, selectTargets, artifactName, BINARY, EMULATOR_BINARY } from './targets.mjs';
import { ROOT, TOOLS, PINS, nodeBinary, muslNode, muslLoader, winePrefix, ensureApt, ensureNapiCross, run } from './tools.mjs';
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
      if (full) fullSuite(target);
    } else if (target.run === 'qemu' || target.run === 'musl' || target.run === 'musl-qemu') {
      const { cmd, args: argv, label } = foreignNode(target, args);
      smoke(`${target.platform}: ${label}`, cmd, argv, { env: expect, timeout: 900_000 });
      if (full) fullSuite(target);
    } else if (target.run === 'wine') {
      ensureApt();
      smoke(`${target.platform}: Node 22 for Windows under wine`, 'wine', [nodeBinary('node22-win'), ...args], { env: { ...expect, WINEPREFIX: winePrefix(), WINEDEBUG: '-all' }, viaFile: true, timeout: 900_000 });
    }
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

/**
 * How this machine runs a Node build of another CPU or C library: a command line for
 * `node <args>`, inside a user and mount namespace of its own (nothing on the machine
 * changes). arm64 runs under qemu-aarch64, registered with binfmt_misc in that namespace,
 * so a child process the Node spawns (`process.execPath`) runs under qemu as well; musl
 * Node runs on Debian 13's musl loader, bound over /lib/ld-musl-x86_64.so.1 there; and
 * /usr/bin/ldd says musl there, so binding.js picks the musl package.
 */
function foreignNode(target, args) {
  ensureApt();
  const arm = target.run !== 'musl';
  const musl = target.run !== 'qemu';
  const node = musl ? muslNode(arm ? 'arm64' : 'x64') : nodeBinary('node22-arm64');
  const lines = ['set -e'];
  if (arm) {
    // The interpreter is a script naming the arm64 root (qemu's -L), so that a child process
    // started with an environment of its own still finds its loader and libraries.
    const qemu = join(TOOLS, `qemu-aarch64-${musl ? 'musl' : 'gnu'}.sh`);
    const prefix = musl ? muslPrefix(muslLoader('arm64')) : '/usr/aarch64-linux-gnu';
    writeFileSync(qemu, `#!/bin/sh\nexec qemu-aarch64 -L '${prefix}' "$@"\n`, { mode: 0o755 });
    lines.push(
      'mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc',
      String.raw`printf '%s' ':clerk-aarch64:M::\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:${qemu}:' > /proc/sys/fs/binfmt_misc/register`,
    );
  } else {
    lines.push(`mount --bind '${muslLoader('x64')}' /lib/ld-musl-x86_64.so.1`);
  }
  if (musl) lines.push(`printf '#!/bin/sh\n# musl libc\n' > /tmp/clerk-musl-ldd-$$`, 'mount --bind /tmp/clerk-musl-ldd-$$ /usr/bin/ldd');
  lines.push(`export PATH='${dirname(node)}':"$PATH"`, 'exec "$@"');
  const label = `${musl ? 'musl ' : ''}Node 22${arm ? ' arm64 under qemu' : ''}${musl ? ', loader chose musl' : ''}`;
  return { cmd: 'unshare', args: ['--user', '--map-root-user', '--mount', 'sh', '-c', lines.join('\n'), 'sh', node, ...args], label };
}

/** A folder whose lib/ld-musl-aarch64.so.1 is the arm64 musl loader (qemu's prefix). */
function muslPrefix(loader) {
  const dir = join(TOOLS, 'musl', 'arm64-prefix');
  mkdirSync(join(dir, 'lib'), { recursive: true });
  rmSync(join(dir, 'lib', 'ld-musl-aarch64.so.1'), { force: true });
  symlinkSync(loader, join(dir, 'lib', 'ld-musl-aarch64.so.1'));
  return dir;
}

/**
 * A copy of this checkout whose own addons are the shipped ones of `target`: the files in
 * the package root are what every require of the package (and of `binding.js`) loads
 * first, in the test process and in every child process a test starts, whatever
 * environment it passes on. node_modules is linked, not copied.
 */
function checkoutWith(target) {
  const parent = mkdtempSync(join(tmpdir(), `clerk-suite-${target.platform}-`));
  const dir = join(parent, 'checkout');
  // The suites that read the shared references (the official OpenAPI spec) find them beside it.
  if (existsSync(join(ROOT, '..', 'shared'))) symlinkSync(join(ROOT, '..', 'shared'), join(parent, 'shared'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(ROOT, f))) continue;
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    copyFileSync(join(ROOT, f), join(dir, f));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  for (const binary of [BINARY, EMULATOR_BINARY]) {
    const shipped = join(ROOT, 'npm', target.platform, artifactName(target.platform, binary));
    if (existsSync(shipped)) copyFileSync(shipped, join(dir, artifactName(target.platform, binary)));
  }
  return dir;
}

// The suites of the node suite that are load tests with a time limit.
const TIME_BOUND = ['the hostile-argument sweep', '10,000 concurrent API calls', '1,000,000 networkless verifications'];

// Test files that need what only linux-x64-gnu ships: the emulator's addon, and the main
// tarball carrying linux-x64-gnu addons. Elsewhere the rest of the suite runs.
const LINUX_X64_GNU_ONLY = /^(emulator.*|module-reload|pack)\.test\.mjs$/;

// The whole node suite (__test__/) against one platform's shipped addons, with that
// platform's Node 22.
function fullSuite(target) {
  const all = readdirSync(join(ROOT, '__test__')).filter((f) => f.endsWith('.test.mjs')).sort();
  const skipped = target.emulator ? [] : all.filter((f) => LINUX_X64_GNU_ONLY.test(f));
  const files = all.filter((f) => !skipped.includes(f)).map((f) => join('__test__', f));
  // Under qemu's emulation (10–20 times slower) the load tests run past their own time
  // limits; they run on the x64 builds.
  const emulated = target.run === 'qemu' || target.run === 'musl-qemu';
  const timeBound = emulated ? TIME_BOUND.map((t) => `--test-skip-pattern=${t}`) : [];
  const testArgs = ['--test', '--test-concurrency=1', ...timeBound, ...files];
  const { cmd, args } = target.run === 'native' ? { cmd: nodeBinary('node22'), args: testArgs } : foreignNode(target, testArgs);
  const checkout = checkoutWith(target);
  const started = Date.now();
  let r;
  try {
    r = spawnSync(cmd, args, {
      cwd: checkout, encoding: 'utf8', timeout: 7_200_000, maxBuffer: 256 << 20,
      env: { ...process.env, PATH: `${dirname(nodeBinary('node22'))}:${process.env.PATH}`, NAPI_RS_NATIVE_LIBRARY_PATH: '' },
    });
  } finally {
    rmSync(dirname(checkout), { recursive: true, force: true });
  }
  const counts = `${r.stdout}`.split('\n').filter((l) => /^# (tests|pass|fail|skipped|todo) /.test(l)).map((l) => l.slice(2)).join(', ');
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  const scope = `${skipped.length ? `${files.length} of ${all.length} files, not ${skipped.join(' ')}` : `all ${all.length} files`}${emulated ? `; not the load tests (${TIME_BOUND.join('; ')})` : ''}`;
  const log = join(tmpdir(), `clerk-suite-${target.platform}.log`);
  writeFileSync(log, `${r.stdout}${r.stderr}`);
  const failures = `${r.stdout}`.split('\n').filter((l) => /^\s*not ok /.test(l)).join('\n');
  record(`${target.platform}: the node suite (${scope}) in ${minutes} min: ${counts || `exit ${r.status}`}`, r.status === 0, r.status === 0 ? '' : `${failures}\nwhole output: ${log}`);
}

function main() {
  const targets = selectTargets(process.argv);
  const full = process.argv.includes('--full');
  ensureApt(PINS.aptBuild);
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
