// The addon files the package loads, by platform (lib/addon-files.js), are the platforms the
// release builds (scripts/platforms/targets.mjs, package.json `napi.targets`), each entry
// naming its own platform's files: a bundler copies what these literal requires name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { TARGETS, BINARY, EMULATOR_BINARY, artifactName } from '../scripts/platforms/targets.mjs';

const require = createRequire(import.meta.url);
const files = { sdk: require('../lib/addon-files.js'), emulator: require('../lib/emulator-native.js').FILES };
const pkg = require('../package.json');

test('the SDK addon has literal requires for every platform built, and only those', () => {
  assert.deepEqual(Object.keys(files.sdk).sort(), TARGETS.map((t) => t.platform).sort());
  assert.deepEqual(TARGETS.map((t) => t.triple.replace('x86_64-pc-windows-gnullvm', 'x86_64-pc-windows-msvc')).sort(), [...pkg.napi.targets].sort());
});

test("the emulator's addon has literal requires where it ships", () => {
  assert.deepEqual(Object.keys(files.emulator), TARGETS.filter((t) => t.emulator).map((t) => t.platform));
});

test("each entry names its own platform's files", () => {
  for (const [binary, table] of [[BINARY, files.sdk], [EMULATOR_BINARY, files.emulator]]) {
    for (const [platform, entry] of Object.entries(table)) {
      assert.match(String(entry.local), new RegExp(`require\\('\\.\\./${artifactName(platform, binary).replace(/\./g, '\\.')}'\\)`), `${binary} ${platform} local`);
      assert.match(String(entry.manifest), new RegExp(`require\\('${BINARY}-${platform}/package\\.json'\\)`), `${binary} ${platform} manifest`);
      assert.match(String(entry.packaged), new RegExp(`require\\('${BINARY}-${platform}/${artifactName(platform, binary).replace(/\./g, '\\.')}'\\)`), `${binary} ${platform} packaged`);
    }
  }
});
