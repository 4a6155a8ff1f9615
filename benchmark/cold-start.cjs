'use strict';
// Cold start, in a fresh process:
//
//   node benchmark/cold-start.cjs require ours|v4
//     times require() of the package with process.hrtime around it; prints
//     {"requireMs": ...}
//   node benchmark/cold-start.cjs first-getuser ours|v4 API_URL SECRET_KEY USER_ID
//     requires the package, creates a client and awaits one users.getUser against the
//     fake API, checks it, and exits (the runner times spawn -> exit)
//   node benchmark/cold-start.cjs baseline
//     does nothing (the bare cost of starting node, for reference)
const path = require('node:path');

const [mode, sdkName, apiUrl, secretKey, userId] = process.argv.slice(2);
const target = () => (sdkName === 'ours' ? path.join(__dirname, '..', 'index.js') : sdkName === 'v4' ? 'clerk-v4' : null);

if (mode === 'baseline') {
  process.exit(0);
} else if (mode === 'require') {
  const t0 = process.hrtime.bigint();
  const sdk = require(target());
  const t1 = process.hrtime.bigint();
  if (typeof sdk.createClerkClient !== 'function') throw new Error('no createClerkClient export');
  process.stdout.write(`${JSON.stringify({ requireMs: Number(t1 - t0) / 1e6 })}\n`);
  process.exit(0);
} else if (mode === 'first-getuser') {
  const sdk = require(target());
  sdk
    .createClerkClient({ secretKey, apiUrl })
    .users.getUser(userId)
    .then((u) => {
      if (!(u instanceof sdk.User) || u.id !== userId) throw new Error(`getUser returned ${JSON.stringify(u).slice(0, 200)}`);
      process.exit(0);
    })
    .catch((err) => {
      process.stderr.write(`${(err && err.stack) || err}\n`);
      process.exit(1);
    });
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
