// `npm pack` / `npm publish` ship a clean manifest, not the development one:
//   prepack   package.json becomes the published manifest (no scripts, so no `prepare:
//             napi build` for whoever installs an unpacked copy and no install-script
//             warning; no devDependencies; optionalDependencies on every platform package,
//             napi-rs's convention), the development one waits in .package.dev.json; the
//             linux-x64-gnu addons the main tarball carries are the glibc 2.17 builds of
//             npm/linux-x64-gnu/ when they are at least as new as this checkout's own build
//             (which waits in <file>.dev), else this checkout's;
//   postpack  the development manifest and addons are put back, and `npm pack` (not publish) also packs
//             every platform package whose addon is built (npm/<platform>/) beside the main
//             tarball, so one `npm pack` gives the main tarball and one per platform.
import { copyFileSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, run } from './tools.mjs';
import { TARGETS, BINARY, artifactName } from './targets.mjs';

const MANIFEST = join(ROOT, 'package.json');
const SAVED = join(ROOT, '.package.dev.json');
const DROP = new Set(['scripts', 'devDependencies']);
// The addons the main tarball carries (package.json `files`), so that it works on its own on
// the commonest server platform.
const CARRIED = ['clerk-sdk-node-rs.linux-x64-gnu.node', 'clerk-emulator.linux-x64-gnu.node'];

export function publishedManifest(dev) {
  const out = {};
  for (const [key, value] of Object.entries(dev)) if (!DROP.has(key)) out[key] = value;
  out.optionalDependencies = {
    ...dev.optionalDependencies,
    ...Object.fromEntries(TARGETS.map((t) => [`${BINARY}-${t.platform}`, dev.version])),
  };
  return out;
}

function prepack() {
  // A pack that died before postpack left the development manifest here: put it back first.
  if (existsSync(SAVED)) renameSync(SAVED, MANIFEST);
  restoreAddons();
  const dev = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  for (const t of TARGETS) {
    const platform = JSON.parse(readFileSync(join(ROOT, 'npm', t.platform, 'package.json'), 'utf8'));
    if (platform.version !== dev.version) throw new Error(`npm/${t.platform}/package.json is version ${platform.version}, package.json ${dev.version}: run \`npx napi version\``);
  }
  renameSync(MANIFEST, SAVED);
  writeFileSync(MANIFEST, `${JSON.stringify(publishedManifest(dev), null, 2)}\n`);
  for (const file of CARRIED) {
    const own = join(ROOT, file);
    const shipped = join(ROOT, 'npm', 'linux-x64-gnu', file);
    if (!existsSync(shipped)) continue;
    if (existsSync(own) && statSync(own).mtimeMs > statSync(shipped).mtimeMs) {
      console.error(`prepack: npm/linux-x64-gnu/${file} is older than ./${file}: packing ./${file} (run npm run build:platforms -- --only linux-x64-gnu for the glibc 2.17 build)`);
      continue;
    }
    if (existsSync(own)) renameSync(own, `${own}.dev`);
    copyFileSync(shipped, own);
  }
}

function restoreAddons() {
  for (const file of CARRIED) {
    const own = join(ROOT, file);
    if (existsSync(`${own}.dev`)) renameSync(`${own}.dev`, own);
  }
}

function postpack() {
  if (existsSync(SAVED)) renameSync(SAVED, MANIFEST);
  restoreAddons();
  if (process.env.npm_command !== 'pack') return;
  const dest = process.env.npm_config_pack_destination || '.';
  const args = ['pack', '--pack-destination', resolve(process.env.INIT_CWD || process.cwd(), dest)];
  if (process.env.npm_config_dry_run === 'true') args.push('--dry-run');
  for (const t of TARGETS) {
    const dir = join(ROOT, 'npm', t.platform);
    if (existsSync(join(dir, artifactName(t.platform)))) run('npm', args, { cwd: dir });
  }
}

if (process.argv[2] === 'prepack') prepack();
else if (process.argv[2] === 'postpack') postpack();
