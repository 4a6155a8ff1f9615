'use strict';
// The native addon (built by `npm install`; see README). Everything else in lib/ only
// keeps v4's shapes around it. The addon this package ships (Linux x64, glibc) is loaded
// directly: napi-rs's generic loader spends milliseconds probing the platform first.
function load() {
  if (process.platform === 'linux' && process.arch === 'x64') {
    try {
      return require('../clerk-sdk-node-rs.linux-x64-gnu.node');
    } catch {
      // Not this build (musl, or a build for another target): the generic loader finds it.
    }
  }
  return require('../binding.js');
}

const binding = load();
// A new load of this module (Jest's per-file registry) starts with empty key caches (S2).
binding.forgetKeyCaches();
module.exports = binding;
