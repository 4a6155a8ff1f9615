'use strict';
// Loads a native addon of this package built for this platform, napi-rs style: the file in
// the package root (a source build, `npm run build`) first, then the one in the platform
// package that npm installed from optionalDependencies (`clerk-sdk-node-rs-<platform>`, see
// npm/). When nothing loads, the error's first line says what failed: platform, arch, libc,
// every file and package tried with its own error; the next lines say what to do.
const { readFileSync } = require('fs');
const { join } = require('path');

const NAME = 'clerk-sdk-node-rs';
const ROOT = join(__dirname, '..');
const { version: VERSION } = require('../package.json');

// musl or glibc: Alpine's /usr/bin/ldd names musl; where there is no ldd (distroless),
// Node's own report says which C library it runs on.
function linuxLibc() {
  try {
    return readFileSync('/usr/bin/ldd', 'latin1').includes('musl') ? 'musl' : 'gnu';
  } catch {
    // no ldd: ask the process report below
  }
  try {
    const report = process.report.getReport();
    if (report.header && report.header.glibcVersionRuntime) return 'gnu';
    const libs = report.sharedObjects || [];
    if (libs.some((f) => f.includes('libc.musl-') || f.includes('ld-musl-'))) return 'musl';
  } catch {
    // no report: glibc is by far the likelier
  }
  return 'gnu';
}

function platformKeys() {
  const { platform, arch } = process;
  if (platform === 'linux') {
    const libc = linuxLibc();
    const other = libc === 'musl' ? 'gnu' : 'musl';
    // The other libc's build is a last resort (a detection that guessed wrong).
    return { libc: libc === 'musl' ? 'musl' : 'glibc', keys: [`linux-${arch}-${libc}`, `linux-${arch}-${other}`] };
  }
  if (platform === 'win32') return { libc: null, keys: [`win32-${arch}-msvc`] };
  return { libc: null, keys: [`${platform}-${arch}`] };
}

function firstLine(error) {
  return String((error && error.message) || error).split('\n')[0];
}

/**
 * `binary`: clerk-sdk-node-rs (the SDK) or clerk-emulator (the emulator's addon); `files`:
 * its table in lib/addon-files.js (literal requires, by platform).
 */
function loadAddon(binary, files) {
  const tried = [];
  const attempt = (label, fn, needle = label) => {
    try {
      return fn();
    } catch (error) {
      const missing = error && error.code === 'MODULE_NOT_FOUND' && String(error.message).split('\n')[0].includes(needle);
      tried.push({ label, reason: missing ? 'not found' : firstLine(error), error });
      return null;
    }
  };
  const override = process.env.NAPI_RS_NATIVE_LIBRARY_PATH;
  if (override && binary === NAME) {
    const addon = attempt(override, () => require(override));
    if (addon) return addon;
  }
  const { libc, keys } = platformKeys();
  for (const key of keys) {
    const file = `${binary}.${key}.node`;
    const pkg = `${NAME}-${key}`;
    const label = binary === NAME ? pkg : `${pkg}/${file}`;
    // A platform the release does not build can still load a source build of its own.
    const known = files[key] || {
      local: () => require(join(ROOT, file)),
      manifest: () => require(`${pkg}/package.json`),
      packaged: () => require(`${pkg}/${file}`),
    };
    const local = attempt(`./${file}`, known.local, file);
    if (local) return local;
    const packaged = attempt(label, () => {
      const { version } = known.manifest();
      if (version !== VERSION) throw new Error(`version ${version} installed, ${NAME} ${VERSION} needs ${VERSION}`);
      return known.packaged();
    }, `'${pkg}/package.json'`);
    if (packaged) return packaged;
  }
  throw loadError(binary, libc, keys[0], tried, Object.keys(files));
}

/** `shipped`: the platforms whose release carries this addon. */
function loadError(binary, libc, key, tried, shipped) {
  const where = `${process.platform} ${process.arch}${libc ? ` (${libc})` : ''}, Node ${process.version}`;
  const summary = tried.map((t) => `${t.label}: ${t.reason}`).join('; ');
  const what = binary === NAME ? 'its native addon' : `its ${binary} addon`;
  const lines = [`${NAME} cannot load ${what} on ${where}. Tried ${summary}.`];
  if (binary !== NAME) {
    lines.push(
      `The ${binary} addon ships in the platform package of ${shipped.join(', ')} (${NAME}-<platform>), or is built by \`npm run build\` in a clone`,
      `of ${NAME} (Rust and cargo needed); the SDK itself does not need it.`,
    );
  } else if (shipped.includes(key)) {
    lines.push(
      `This platform is supported: its addon is the package ${NAME}-${key}@${VERSION}, an optional dependency of ${NAME}.`,
      `Fix: install it next to ${NAME} (\`npm install ${NAME}-${key}@${VERSION}\`, or its tarball ${NAME}-${key}-${VERSION}.tgz),`,
      'or reinstall without --omit=optional / --no-optional (an install that skipped optional dependencies, or a',
      'lockfile made on another platform, leaves it out: https://github.com/npm/cli/issues/4828),',
      `or build it from source with Rust (cargo) in a clone of ${NAME}: \`npm install && npm run build\`.`,
    );
  } else {
    lines.push(
      `No prebuilt addon is shipped for ${key}; the platforms built are ${shipped.join(', ')}.`,
      `Fix: build it from source with Rust (cargo) in a clone of ${NAME}: \`npm install && npm run build\`,`,
      `then point NAPI_RS_NATIVE_LIBRARY_PATH at the ${NAME}.<platform>.node it writes.`,
    );
  }
  for (const t of tried) if (t.reason !== 'not found') lines.push(`  ${t.label}: ${String((t.error && t.error.message) || t.error)}`);
  const error = new Error(lines.join('\n'));
  error.code = 'ERR_CLERK_NATIVE_ADDON';
  error.tried = tried.map((t) => ({ candidate: t.label, error: t.reason }));
  return error;
}

module.exports = loadAddon;
