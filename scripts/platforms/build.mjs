// npm run build:platforms [-- --only linux-x64-gnu,darwin-arm64]
//
// Cross-builds the release addon for every platform in targets.mjs on this Linux x64
// machine and leaves each in npm/<platform>/ (napi-rs's layout), then checks it
// structurally (check.mjs). Installs its pinned toolchains first (tools.mjs). Builds run
// at the lowest CPU priority in their own target dir, so the dev build in target/ stays.
import { copyFileSync, existsSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { TARGETS, selectTargets, artifactName, EMULATOR_BINARY } from './targets.mjs';
import { ROOT, TOOLS, PINS, run, ensureApt, ensureNapiCross, ensureZig, ensureRustTargets, macosSdk, libnodeForWindows } from './tools.mjs';
import { checkArtifact, flatImports } from './check.mjs';

const NAPI = join(ROOT, 'node_modules', '@napi-rs', 'cli', 'cli.mjs');
// One target dir per toolchain family: the gcc and the zig builds run side by side without
// waiting on each other's cargo lock (pass --only to split them; CLERK_PLATFORMS_TARGET_DIR
// gives a run its own).
const targetDir = (target) => process.env.CLERK_PLATFORMS_TARGET_DIR || join(ROOT, 'target', target.how === 'napi-cross' ? 'platforms' : 'platforms-zig');

function build(target, env) {
  const out = join(ROOT, 'npm', target.platform);
  const nice = ['-n', '19'];
  const TARGET_DIR = targetDir(target);
  if (target.how === 'zig-windows') {
    // napi's -x sends Windows targets to cargo-xwin (MSVC SDK download), so call zigbuild itself.
    run('nice', [...nice, 'cargo', 'zigbuild', '--release', '--lib', '--target', target.triple, '--target-dir', TARGET_DIR], { cwd: ROOT, env });
    copyFileSync(join(TARGET_DIR, target.triple, 'release', 'clerk_sdk_node_rs.dll'), join(out, artifactName(target.platform)));
  } else {
    const cross = target.how === 'napi-cross' ? ['--use-napi-cross'] : ['--cross-compile'];
    const napiBuild = (...crate) => run('nice', [...nice, process.execPath, NAPI, 'build', '--platform', '--release', '--target', target.triple, ...cross, ...crate, '--target-dir', TARGET_DIR, '--output-dir', out, '--no-js'], { cwd: ROOT, env });
    napiBuild();
    if (target.run === 'macho') bindFrameworks(target, out, napiBuild, env);
    if (target.emulator) napiBuild('--manifest-path', join(ROOT, 'crates', 'emulator', 'Cargo.toml'), '--package-json-path', join(ROOT, 'crates', 'emulator', 'package.json'));
  }
  // napi build also writes type definitions there; the platform package ships the addons only.
  const keep = ['package.json', 'README.md', artifactName(target.platform), artifactName(target.platform, EMULATOR_BINARY)];
  for (const f of readdirSync(out)) if (!keep.includes(f)) rmSync(join(out, f), { recursive: true, force: true });
}

// The first macOS link binds the framework symbols by flat lookup (the stubs name no
// symbols yet); the stubs then list the symbols that link left undefined, and a second
// link binds each to its framework. Only N-API's, which node provides, stay flat.
function bindFrameworks(target, out, napiBuild, env) {
  const file = join(out, artifactName(target.platform));
  const symbols = flatImports(file);
  if (!symbols.length) return;
  macosSdk(symbols);
  // The stubs changed, not the sources: make cargo link again.
  const now = new Date();
  utimesSync(join(ROOT, 'src', 'lib.rs'), now, now);
  napiBuild();
  const left = flatImports(file);
  if (left.length) throw new Error(`${target.platform}: still bound by flat lookup after the second link: ${left.join(', ')}`);
}

async function main() {
  const targets = selectTargets(process.argv);
  ensureRustTargets(targets.map((t) => t.triple));
  let env = { ...process.env, NODE_PATH: join(TOOLS, 'npm', 'node_modules') };
  if (targets.some((t) => t.how.startsWith('zig'))) {
    env = { ...env, PATH: [...ensureZig(), env.PATH].join(':') };
  }
  ensureApt(PINS.aptBuild);
  if (targets.some((t) => t.how === 'zig-windows')) {
    ensureApt(PINS.aptBuildWindows);
    env = { ...env, LIBNODE_PATH: libnodeForWindows() };
  }
  // The macOS link is LLVM's ld64.lld (Debian's lld), not zig's: zig's Mach-O linker crashes
  // on this addon's objects (or refuses its thread-local references). It links against the
  // stand-in SDK of tools.mjs, through scripts/platforms/ld64.sh. zig still compiles the C.
  for (const t of targets.filter((x) => x.run === 'macho')) {
    const flags = ['-C', `linker=${join(ROOT, 'scripts', 'platforms', 'ld64.sh')}`, '-C', 'linker-flavor=ld64.lld', '-C', 'link-arg=-syslibroot', '-C', `link-arg=${macosSdk()}`];
    env = { ...env, [`CARGO_TARGET_${t.triple.toUpperCase().replace(/-/g, '_')}_RUSTFLAGS`]: flags.join(' ') };
  }
  const report = [];
  for (const target of targets) {
    const started = Date.now();
    console.log(`\n== ${target.platform} (${target.triple}, ${target.how})`);
    if (target.how === 'napi-cross') ensureNapiCross(target.triple);
    build(target, env);
    const file = join(ROOT, 'npm', target.platform, artifactName(target.platform));
    const facts = checkArtifact(target, file);
    if (target.emulator) facts.push(`emulator: ${checkArtifact(target, join(ROOT, 'npm', target.platform, artifactName(target.platform, EMULATOR_BINARY))).pop()}`);
    report.push({ platform: target.platform, seconds: Math.round((Date.now() - started) / 1000), bytes: statSync(file).size, facts });
  }
  console.log('\nbuilt:');
  for (const r of report) console.log(`  ${r.platform.padEnd(17)} ${(r.bytes / 1048576).toFixed(1)} MiB  ${r.seconds}s  ${r.facts.join('; ')}`);
  const missing = TARGETS.filter((t) => !existsSync(join(ROOT, 'npm', t.platform, artifactName(t.platform)))).map((t) => t.platform);
  if (missing.length) console.log(`not built yet: ${missing.join(', ')}`);
}

main().catch((e) => {
  console.error(`build:platforms: ${e.message}`);
  process.exit(1);
});
