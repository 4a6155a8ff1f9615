// A strict TypeScript Express app whose package.json lists only the SDK and express (typescript
// is the compiler) type-checks with the installed tarball as it does with 4.13.23: the SDK brings
// the type packages 4.13.23 brought (@types/express@4.17.14, @types/node through
// @types/node-fetch, @types/cookies, @clerk/types), and none of 4.13.23's runtime code.
// With @types/express@5 in the app and skipLibCheck off it type-checks too, where 4.13.23 fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, packInto, installApp } from './helpers/fresh-app.mjs';

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const skip =
  (!existsSync(tsc) && 'typescript is not installed') ||
  (!existsSync(join(root, 'node_modules', 'clerk-v4')) && 'clerk-v4 (the real 4.13.23) is not installed') ||
  (!existsSync(join(root, 'node_modules', 'types-express-v5')) && 'types-express-v5 (@types/express@5) is not installed');

// 4.13.23's README pattern: the global augmentation, both middlewares, a client call, `process`.
const appSource = `
import express from 'express';
import clerkClient, { ClerkExpressRequireAuth, ClerkExpressWithAuth, StrictAuthProp, WithAuthProp } from '@clerk/clerk-sdk-node';

declare global {
  namespace Express {
    interface Request extends StrictAuthProp {}
  }
}

const app = express();
const port = Number(process.env.PORT ?? 3000);

app.get('/protected', ClerkExpressRequireAuth(), (req, res) => {
  res.json({ userId: req.auth.userId });
});

app.get('/me', ClerkExpressWithAuth(), async (req: WithAuthProp<express.Request>, res: express.Response) => {
  const user = req.auth.userId ? await clerkClient.users.getUser(req.auth.userId) : null;
  res.json({ name: user?.firstName ?? null, sessionId: req.auth.sessionId });
});

app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  res.status(401).send(err.message);
});

app.listen(port, () => console.log(\`listening on \${port}\`));
`;

let dir;
const apps = {};

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'clerk-install-types-'));
  const tarball = packInto(dir);
  const ours = { tarball: `../${tarball}` };
  const v4 = 'node_modules/clerk-v4';
  const layouts = {
    ours: { express: 'node_modules/express', '@clerk/clerk-sdk-node': ours },
    v4: { express: 'node_modules/express', '@clerk/clerk-sdk-node': v4 },
    ours5: { express: 'node_modules/express', '@types/express': 'node_modules/types-express-v5', '@clerk/clerk-sdk-node': ours },
    v45: { express: 'node_modules/express', '@types/express': 'node_modules/types-express-v5', '@clerk/clerk-sdk-node': v4 },
  };
  await Promise.all(
    Object.entries(layouts).map(async ([name, deps]) => {
      apps[name] = join(dir, name);
      await installApp(apps[name], deps);
      writeFileSync(join(apps[name], 'app.ts'), appSource);
    }),
  );
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** tsc over app.ts in `app` with strict settings (types from node_modules/@types, as tsc --init). */
function typecheck(app, skipLibCheck) {
  const config = join(app, `tsconfig.${skipLibCheck}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: { strict: true, target: 'es2020', module: 'commonjs', esModuleInterop: true, noEmit: true, skipLibCheck },
      files: ['app.ts'],
    }),
  );
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, '--pretty', 'false', '-p', config], { cwd: app }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

test('a strict TypeScript Express app with only express and the SDK installed type-checks, as with 4.13.23', { skip }, async () => {
  const [v4, oursSkip, oursFull] = await Promise.all([typecheck(apps.v4, true), typecheck(apps.ours, true), typecheck(apps.ours, false)]);
  assert.equal(v4.code, 0, `4.13.23 (baseline):\n${v4.output}`);
  assert.equal(oursSkip.code, 0, `ours, skipLibCheck on:\n${oursSkip.output}`);
  assert.equal(oursFull.code, 0, `ours, skipLibCheck off:\n${oursFull.output}`);
});

test('with @types/express@5 and skipLibCheck off the app type-checks with ours (4.13.23 fails there)', { skip }, async () => {
  const [ours, v4] = await Promise.all([typecheck(apps.ours5, false), typecheck(apps.v45, false)]);
  assert.equal(ours.code, 0, ours.output);
  assert.notEqual(v4.code, 0, '4.13.23 was expected to fail here; if it passes, this improvement is no longer one');
  const app5 = JSON.parse(readFileSync(join(apps.ours5, 'node_modules', '@types', 'express', 'package.json'), 'utf8'));
  assert.equal(app5.version.split('.')[0], '5', 'the app sees its own @types/express@5');
});

test('the installed dependencies are type packages: nothing of 4.13.23 (@clerk/backend, @clerk/shared) underneath', { skip }, () => {
  const sdk = JSON.parse(readFileSync(join(apps.ours, 'node_modules', '@clerk', 'clerk-sdk-node', 'package.json'), 'utf8'));
  assert.deepEqual(Object.keys(sdk.dependencies).sort(), ['@clerk/types', '@types/cookies', '@types/express', '@types/node-fetch']);
  assert.deepEqual(readdirSync(join(apps.ours, 'node_modules', '@clerk')).sort(), ['clerk-sdk-node', 'types']);
  // @clerk/types is declarations plus constant tables (OAuth providers, …), and depends only on csstype (types).
  const clerkTypes = JSON.parse(readFileSync(join(apps.ours, 'node_modules', '@clerk', 'types', 'package.json'), 'utf8'));
  assert.deepEqual(Object.keys(clerkTypes.dependencies ?? {}), ['csstype']);
});
