// Imported first by every differential test file (ES imports run in order), before
// either SDK is loaded.
//
// * NODE_ENV=test silences the deprecation warnings of both SDKs.
// * Every CLERK_* variable is removed: our package reads the environment for missing
//   options (deviation D2), v4 does not, so a key left in the CI environment would make
//   the two disagree in tests that are not about D2. Tests about the environment set
//   the variables they need and restore them with `withEnv`.
process.env.NODE_ENV = 'test';
for (const name of Object.keys(process.env)) {
  if (name.startsWith('CLERK_')) delete process.env[name];
}

/** Runs `fn` with the given environment variables set (undefined removes one), then restores them. */
export async function withEnv(vars, fn) {
  const saved = {};
  for (const [name, value] of Object.entries(vars)) {
    saved[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    return await fn();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
