'use strict';
// The emulator's own addon (crates/emulator), loaded only by `/emulator` and the
// `clerk-emulator` command: the SDK's addon carries no HTTP server. Loaded directly on
// Linux x64 (glibc), like lib/native.js; elsewhere napi-rs's generated loader finds it.
function load() {
  if (process.platform === 'linux' && process.arch === 'x64') {
    try {
      return require('../clerk-emulator.linux-x64-gnu.node');
    } catch {
      // Not this build (musl, or a build for another target): the generic loader finds it.
    }
  }
  return require('../emulator-binding.js');
}

module.exports = load();
