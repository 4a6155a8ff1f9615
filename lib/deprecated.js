'use strict';
// v4's deprecation warnings (@clerk/shared/deprecated): once per key, on console.warn,
// silent when NODE_ENV is `test` or `production`.
const shown = new Set();

// Whether `deprecated(…, key)` would print now (a caller can then skip finding out whether it applies).
function pending(key) {
  const env = process.env.NODE_ENV;
  return env !== 'test' && env !== 'production' && !shown.has(key);
}

function deprecated(name, advice, key = name) {
  if (!pending(key)) return;
  shown.add(key);
  console.warn(`Clerk - DEPRECATION WARNING: "${name}" is deprecated and will be removed in the next major release.\n${advice}`);
}

module.exports = { deprecated, pending };
