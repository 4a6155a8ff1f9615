// The seven platforms this package ships, how each is cross-built on a Linux x64 machine,
// and how each is run before it ships. Names follow napi-rs (`npm/<platform>/`).
export const BINARY = 'clerk-sdk-node-rs';

export const TARGETS = [
  // glibc 2.17 gcc toolchains (napi's @napi-rs/cross-toolchain): load on every glibc Linux since 2012.
  // The emulator's addon (crates/emulator) ships for this platform only: the one the main
  // tarball carries and `npm install` builds from source.
  { platform: 'linux-x64-gnu', triple: 'x86_64-unknown-linux-gnu', how: 'napi-cross', run: 'native', emulator: true },
  { platform: 'linux-arm64-gnu', triple: 'aarch64-unknown-linux-gnu', how: 'napi-cross', run: 'qemu' },
  // zig as C compiler and linker (cargo-zigbuild); the musl targets link musl statically
  // into the addon's own code and load on musl Node (Alpine).
  { platform: 'linux-x64-musl', triple: 'x86_64-unknown-linux-musl', how: 'zig', run: 'musl' },
  { platform: 'linux-arm64-musl', triple: 'aarch64-unknown-linux-musl', how: 'zig', run: 'musl-qemu' },
  { platform: 'darwin-x64', triple: 'x86_64-apple-darwin', how: 'zig', run: 'macho', minOs: '10.13' },
  { platform: 'darwin-arm64', triple: 'aarch64-apple-darwin', how: 'zig', run: 'macho', minOs: '11.0' },
  // Node's Windows build is MSVC; a GNU-ABI (LLVM mingw) DLL loads in it because napi's
  // `dyn-symbols` resolves every N-API function at load time instead of through node.lib.
  { platform: 'win32-x64-msvc', triple: 'x86_64-pc-windows-gnullvm', how: 'zig-windows', run: 'wine' },
];

export function selectTargets(argv) {
  const at = argv.indexOf('--only');
  if (at < 0) return TARGETS;
  const names = String(argv[at + 1] || '').split(',').filter(Boolean);
  const unknown = names.filter((n) => !TARGETS.some((t) => t.platform === n));
  if (!names.length || unknown.length) {
    throw new Error(`--only takes platforms from: ${TARGETS.map((t) => t.platform).join(', ')} (got ${unknown.join(', ') || 'none'})`);
  }
  return TARGETS.filter((t) => names.includes(t.platform));
}

export const EMULATOR_BINARY = 'clerk-emulator';
export const artifactName = (platform, binary = BINARY) => `${binary}.${platform}.node`;
