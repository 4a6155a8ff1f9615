// A fresh app that installs the packed tarball (and, for comparisons, 4.13.23) with npm, offline.
//
// `npm install --offline` resolves version ranges from cached registry metadata, which a clean
// CI clone does not have; so the app gets a package-lock.json that places every package as this
// repository's own package-lock.json placed it, and npm installs from the cached tarballs.
import { execFileSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const repoLock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Packs this package into `dir` (scripts off); returns the tarball's file name. */
export function packInto(dir) {
  // With its scripts: prepack writes the published manifest (and postpack packs the built platform packages).
  execFileSync('npm', ['pack', '--pack-destination', dir], { cwd: root, stdio: 'pipe' });
  return readdirSync(dir).find((f) => /^clerk-sdk-node-rs-\d.*\.tgz$/.test(f));
}

/** Where node would find `name` from the package at repository lock path `from`. */
function resolveInRepo(from, name) {
  for (let at = from; ; ) {
    const candidate = `${at ? `${at}/` : ''}node_modules/${name}`;
    if (repoLock[candidate]) return candidate;
    if (!at) throw new Error(`${name} (needed by ${from || 'the repository'}) is not in package-lock.json`);
    const i = at.lastIndexOf('/node_modules/');
    at = i < 0 ? '' : at.slice(0, i);
  }
}

/**
 * Installs into `dir` an app whose dependencies are `deps`: name -> where the repository has it
 * (`{ tarball }` for the packed SDK, or a lock path such as `node_modules/clerk-v4`).
 */
export async function installApp(dir, deps) {
  mkdirSync(dir, { recursive: true });
  const packages = {};
  const appDeps = {};
  // Places the repository's package `repoPath` as `name`, below `parent` when the top is taken by another version.
  const place = (name, repoPath, parent) => {
    const entry = repoLock[repoPath];
    let at = `node_modules/${name}`;
    if (packages[at] && packages[at].version !== entry.version) at = `${parent}/node_modules/${name}`;
    if (packages[at]) return;
    const { dev, devOptional, peer, ...kept } = entry;
    packages[at] = { ...kept, name: undefined };
    if (name !== (entry.name ?? repoPath.slice(repoPath.lastIndexOf('node_modules/') + 13))) packages[at].name = entry.name;
    for (const dep of Object.keys(entry.dependencies ?? {})) place(dep, resolveInRepo(repoPath, dep), at);
    // npm installs peers too (and optional ones when it can).
    for (const dep of [...Object.keys(entry.optionalDependencies ?? {}), ...Object.keys(entry.peerDependencies ?? {})]) {
      try {
        place(dep, resolveInRepo(repoPath, dep), at);
      } catch {}
    }
  };
  // The app's own dependencies first, so they take the top level as npm gives it to them.
  for (const [name, from] of Object.entries(deps)) {
    if (from.tarball) continue;
    appDeps[name] = repoLock[from].version;
    place(name, from, '');
  }
  for (const [name, from] of Object.entries(deps)) {
    if (!from.tarball) continue;
    appDeps[name] = `file:${from.tarball}`;
    const at = `node_modules/${name}`;
    packages[at] = { version: manifest.version, resolved: `file:${from.tarball}`, license: manifest.license, dependencies: manifest.dependencies, bin: manifest.bin, engines: manifest.engines };
    for (const dep of Object.keys(manifest.dependencies ?? {})) place(dep, resolveInRepo('', dep), at);
  }
  for (const p of Object.values(packages)) if (p.name === undefined) delete p.name;
  packages[''] = { name: 'fresh-app', dependencies: appDeps };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true, dependencies: appDeps }, null, 2));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'fresh-app', lockfileVersion: 3, requires: true, packages }, null, 2));
  await promisify(execFile)('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir });
}
