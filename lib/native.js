'use strict';
// The native addon. The build the main tarball carries (Linux x64, glibc) is required by its
// literal name, so that bundlers see it (README: Bundling); every other case goes to
// binding.js, which finds the platform's build and explains what failed when none loads.
// Everything else in lib/ only keeps v4's shapes around it.
function load() {
  if (process.platform === 'linux' && process.arch === 'x64') {
    try {
      return require('../clerk-sdk-node-rs.linux-x64-gnu.node');
    } catch {
      // Not here, or not this libc: the loader tries the rest and says what failed.
    }
  }
  return require('../binding.js');
}

const binding = load();
// A new load of this module (Jest's per-file registry) starts with empty key caches (S2).
binding.forgetKeyCaches();
module.exports = binding;
