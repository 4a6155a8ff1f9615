// Type declarations: our index.d.ts / instance.d.ts / esm|cjs stubs must let
// TypeScript programs written for @clerk/clerk-sdk-node 4.13.23 compile unchanged.
//
// Runs the installed TypeScript compiler over the programs in __test__/types/:
//   tsconfig.json            user-program.ts, expect-errors.ts, deviations-program.ts, emulator-program.ts against ours
//   tsconfig.v4.json         user-program.ts, expect-errors.ts against the real 4.13.23 types
//   tsconfig.compat.json     compat.ts: every v4 value export assignable from ours
//   tsconfig.noexpress.json  node-http-program.ts: ours without @types/express
//   tsconfig.domonly.json    our declarations alone with the DOM lib and no @types at all
//   tsconfig.lib-es5/es2015/es2017.json  old-lib-program.ts with a lib/target below es2018 (no AsyncGenerator)
// plus an export-name comparison and a resolution check through package.json `exports`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const v4Types = path.join(root, 'node_modules', 'clerk-v4', 'dist', 'types', 'index.d.ts');
const noTypeScript = !fs.existsSync(tsc) && 'typescript is not installed';
const noV4 = !fs.existsSync(v4Types) && 'clerk-v4 (the real 4.13.23) is not installed';

/** Runs tsc with `args` in `cwd`; resolves to { code, output }. */
function runTsc(args, cwd = root) {
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, '--pretty', 'false', ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

// The projects compile in parallel; each test awaits its own result.
const projects = new Map();
function compileProject(project) {
  if (!projects.has(project)) projects.set(project, runTsc(['-p', project]));
  return projects.get(project);
}
const projectList = [
  ['__test__/types/tsconfig.json', noTypeScript],
  ['__test__/types/tsconfig.v4.json', noTypeScript || noV4],
  ['__test__/types/tsconfig.compat.json', noTypeScript || noV4],
  ['__test__/types/tsconfig.noexpress.json', noTypeScript],
  ['__test__/types/tsconfig.domonly.json', noTypeScript],
  ['__test__/types/tsconfig.lib-es5.json', noTypeScript],
  ['__test__/types/tsconfig.lib-es2015.json', noTypeScript],
  ['__test__/types/tsconfig.lib-es2017.json', noTypeScript],
];
for (const [project, skip] of projectList) if (!skip) compileProject(project);

async function assertProjectCompiles(project) {
  const { code, output } = await compileProject(project);
  assert.equal(code, 0, `tsc -p ${project} failed (exit ${code}):\n${output}`);
}

test('a v4 user program, its expected errors and our additions type-check against our declarations', { skip: noTypeScript }, () =>
  assertProjectCompiles('__test__/types/tsconfig.json'));

test('the same user program type-checks against the real 4.13.23 declarations', { skip: noTypeScript || noV4 }, () =>
  assertProjectCompiles('__test__/types/tsconfig.v4.json'));

test('every value export of 4.13.23 is assignable from ours', { skip: noTypeScript || noV4 }, () =>
  assertProjectCompiles('__test__/types/tsconfig.compat.json'));

test('our declarations fall back to structural req/res types without @types/express', { skip: noTypeScript }, () =>
  assertProjectCompiles('__test__/types/tsconfig.noexpress.json'));

test('our declarations need neither @types/node nor @types/express (DOM lib only)', { skip: noTypeScript }, () =>
  assertProjectCompiles('__test__/types/tsconfig.domonly.json'));

for (const lib of ['es5', 'es2015', 'es2017']) {
  test(`our declarations compile with lib and target ${lib} (below es2018: no AsyncGenerator), skipLibCheck off`, { skip: noTypeScript }, () =>
    assertProjectCompiles(`__test__/types/tsconfig.lib-${lib}.json`));
}

/** Export names of each declaration file, each with whether it is usable as a value and as a type. */
function exportsOf(ts, files) {
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  return files.map((file) => {
    const result = new Map();
    for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)))) {
      const typeOnly = (exported.declarations ?? []).some(
        (d) =>
          (ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly)) ||
          ts.isTypeAliasDeclaration(d) ||
          ts.isInterfaceDeclaration(d),
      );
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      result.set(exported.name, {
        value: !typeOnly && Boolean(target.flags & ts.SymbolFlags.Value),
        type: Boolean(target.flags & ts.SymbolFlags.Type),
      });
    }
    return result;
  });
}

test('our entries export every name 4.13.23 exports, as a value where v4 has a value', { skip: noTypeScript || noV4 }, () => {
  const ts = createRequire(import.meta.url)('typescript');
  const pairs = [
    [v4Types, path.join(root, 'index.d.ts')],
    [path.join(root, 'node_modules', 'clerk-v4', 'dist', 'types', 'instance.d.ts'), path.join(root, 'instance.d.ts')],
    [path.join(root, 'node_modules', 'clerk-v4', 'esm', 'instance.d.ts'), path.join(root, 'esm', 'instance.d.ts')],
    [path.join(root, 'node_modules', 'clerk-v4', 'cjs', 'instance.d.ts'), path.join(root, 'cjs', 'instance.d.ts')],
  ];
  const exportLists = exportsOf(ts, pairs.flat());
  for (const [i, [v4File, ourFile]] of pairs.entries()) {
    const [theirs, mine] = [exportLists[2 * i], exportLists[2 * i + 1]];
    const problems = [];
    for (const [name, kind] of theirs) {
      const ours = mine.get(name);
      if (!ours) problems.push(`missing ${name}`);
      else if (kind.value && !ours.value) problems.push(`${name} is a value in v4 but not in ours`);
      else if (kind.type && !ours.type) problems.push(`${name} is a type in v4 but not in ours`);
    }
    // Names v4 does not export at runtime must stay type-only in ours.
    for (const [name, kind] of mine) {
      if (kind.value && !theirs.get(name)?.value && name !== 'setClerkSecretKey') problems.push(`${name} is a value in ours but not in v4`);
    }
    assert.deepEqual(problems, [], `${path.relative(root, ourFile)} vs ${path.relative(root, v4File)}`);
  }
});

test('our declarations are self-contained (no @clerk/* or clerk-v4 imports)', { skip: noTypeScript }, () => {
  const ts = createRequire(import.meta.url)('typescript');
  const allowed = new Set(['express', './index', '../instance']);
  for (const file of ['index.d.ts', 'instance.d.ts', 'esm/instance.d.ts', 'cjs/instance.d.ts']) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const specifiers = [];
    const visit = (node) => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) specifiers.push(node.moduleSpecifier.text);
      if (ts.isImportTypeNode(node)) specifiers.push(node.argument.literal.text);
      ts.forEachChild(node, visit);
    };
    visit(source);
    assert.deepEqual(specifiers.filter((s) => !allowed.has(s)), [], `${file} imports outside the package`);
    assert.doesNotMatch(source.text, /reference\s+types=/, `${file} must not need a types reference`);
  }
});

test('the package.json exports map serves our declarations to nodenext, bundler and node10 resolution', { skip: noTypeScript }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clerk-types-'));
  try {
    const modules = path.join(dir, 'node_modules');
    fs.mkdirSync(path.join(modules, '@clerk'), { recursive: true });
    fs.symlinkSync(root, path.join(modules, '@clerk', 'clerk-sdk-node'), 'dir');
    fs.symlinkSync(path.join(root, 'node_modules', '@types'), path.join(modules, '@types'), 'dir');

    const body = (instanceEntry) => `
import clerkClient, { users, Clerk, createClerkClient, User } from '@clerk/clerk-sdk-node';
import type { RequireAuthProp } from '@clerk/clerk-sdk-node';
import ClerkFactory, { Session } from '@clerk/clerk-sdk-node/${instanceEntry}/instance';
import type { WithAuthProp } from '@clerk/clerk-sdk-node/${instanceEntry}/instance';
import { startEmulator } from '@clerk/clerk-sdk-node/emulator';
export const emulatorUrl: Promise<string> = startEmulator({ port: 0 }).then((e) => e.url);
export const user: Promise<User> = users.getUser('user_1');
export const list: Promise<User[]> = clerkClient.users.getUserList();
export const client = ClerkFactory({ secretKey: 'sk_test_x' });
export const session: Promise<Session> = client.sessions.getSession('sess_1');
export const same: typeof Clerk = createClerkClient;
export type Strict = RequireAuthProp<{ url: string }>;
export type Loose = WithAuthProp<{ url: string }>;
`;
    fs.writeFileSync(path.join(dir, 'esm-entry.cts'), body('esm'));
    fs.writeFileSync(path.join(dir, 'cjs-entry.cts'), body('cjs'));
    // ESM importers of a CJS-typed package (as 4.13.23 is): named imports only.
    fs.writeFileSync(
      path.join(dir, 'named.mts'),
      `import { users, Clerk, User } from '@clerk/clerk-sdk-node';\n` +
        `import { startEmulator } from '@clerk/clerk-sdk-node/emulator';\n` +
        `export const emulator = startEmulator();\n` +
        `import { Session } from '@clerk/clerk-sdk-node/esm/instance';\n` +
        `export const user: Promise<User> = users.getUser('user_1');\n` +
        `export const session: Promise<Session> = Clerk({ secretKey: 'sk_test_x' }).sessions.getSession('sess_1');\n`,
    );
    fs.writeFileSync(path.join(dir, 'bundled.ts'), body('esm'));

    // Our declarations themselves are checked (skipLibCheck off) by tsconfig.json; here only resolution matters.
    const common = ['--strict', '--noEmit', '--target', 'es2022', '--types', 'node', '--skipLibCheck'];
    const runs = [
      ['nodenext', ['--module', 'nodenext', '--moduleResolution', 'nodenext', 'esm-entry.cts', 'cjs-entry.cts', 'named.mts']],
      ['bundler', ['--module', 'preserve', '--moduleResolution', 'bundler', 'bundled.ts']],
      ['node10', ['--module', 'commonjs', '--moduleResolution', 'node10', '--esModuleInterop', 'bundled.ts']],
    ];
    const results = await Promise.all(runs.map(([, args]) => runTsc([...common, ...args], dir)));
    results.forEach(({ code, output }, i) => {
      assert.equal(code, 0, `${runs[i][0]} resolution failed (exit ${code}):\n${output}`);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
