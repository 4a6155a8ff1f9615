// package.json `exports` has 4.13.23's conditions in its order (types, require, import, default),
// so a bundler or loader that matches neither `import` nor `require` still finds the entry, plus
// our `/emulator` entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ours = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports;
const v4Path = join(root, 'node_modules', 'clerk-v4', 'package.json');
const skip = !existsSync(v4Path) && 'clerk-v4 (the real 4.13.23) is not installed';

/** Resolves `subpath` as a loader that knows only `conditions` does (the first matching key wins). */
function resolveWith(exportsMap, subpath, conditions) {
  const entry = exportsMap[subpath];
  const key = Object.keys(entry).find((k) => conditions.includes(k));
  return key && entry[key];
}

test("every subpath of 4.13.23's exports map is ours, with its conditions in its order, and /emulator", { skip }, () => {
  const v4 = JSON.parse(readFileSync(v4Path, 'utf8')).exports;
  for (const [subpath, entry] of Object.entries(v4)) {
    assert.ok(ours[subpath], `missing ${subpath}`);
    assert.deepEqual(Object.keys(ours[subpath]), Object.keys(entry), subpath);
  }
  assert.deepEqual(Object.keys(ours), [...Object.keys(v4), './emulator']);
  assert.deepEqual(Object.keys(ours['./emulator']), ['types', 'require', 'import', 'default']);
});

test('a loader that matches neither import nor require loads every entry through `default`', () => {
  for (const subpath of Object.keys(ours)) {
    const target = resolveWith(ours, subpath, ['node', 'default']);
    assert.ok(target, `${subpath} has no default condition`);
    const loaded = require(join(root, target));
    assert.ok(Object.keys(loaded).length > 0, `${subpath} -> ${target} exports nothing`);
  }
  const main = require(join(root, resolveWith(ours, '.', ['default'])));
  assert.equal(typeof main.createClerkClient, 'function');
  assert.equal(typeof require(join(root, resolveWith(ours, './cjs/instance', ['default']))).default, 'function');
  assert.equal(typeof require(join(root, resolveWith(ours, './emulator', ['default']))).startEmulator, 'function');
});
