// `npm pack` / `npm publish` ship a clean manifest, not the development one:
//   prepack   package.json becomes the published manifest (no scripts, so no `prepare:
//             napi build` for whoever installs an unpacked copy and no install-script
//             warning; no devDependencies; optionalDependencies on every platform package,
//             napi-rs's convention), the development one waits in .package.dev.json;
//   postpack  the development manifest is put back, and `npm pack` (not publish) also packs
//             every platform package whose addon is built (npm/<platform>/) beside the main
//             tarball, so one `npm pack` gives the main tarball and one per platform.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, run } from './tools.mjs';
import { TARGETS, BINARY, artifactName } from './targets.mjs';

const MANIFEST = join(ROOT, 'package.json');
const SAVED = join(ROOT, '.package.dev.json');
const DROP = new Set(['scripts', 'devDependencies']);

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
  const dev = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  for (const t of TARGETS) {
    const platform = JSON.parse(readFileSync(join(ROOT, 'npm', t.platform, 'package.json'), 'utf8'));
    if (platform.version !== dev.version) throw new Error(`npm/${t.platform}/package.json is version ${platform.version}, package.json ${dev.version}: run \`npx napi version\``);
  }
  renameSync(MANIFEST, SAVED);
  writeFileSync(MANIFEST, `${JSON.stringify(publishedManifest(dev), null, 2)}\n`);
}

function postpack() {
  if (existsSync(SAVED)) renameSync(SAVED, MANIFEST);
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
