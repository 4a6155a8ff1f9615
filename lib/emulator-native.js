'use strict';
// The emulator's own addon (crates/emulator), loaded only by `/emulator` and the
// `clerk-emulator` command: the SDK's addon carries no HTTP server. The Linux x64 (glibc)
// build is required by its literal name (bundlers see it); else lib/load-addon.js finds it
// like the SDK's: beside the package root, or in the platform package.
function load() {
  if (process.platform === 'linux' && process.arch === 'x64') {
    try {
      return require('../clerk-emulator.linux-x64-gnu.node');
    } catch {
      // Not here, or not this libc: the loader tries the rest and says what failed.
    }
  }
  return require('./load-addon.js')('clerk-emulator');
}

module.exports = load();
