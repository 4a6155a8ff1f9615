'use strict';
// The native addon: binding.js finds the build for this platform (a source build beside it,
// or the platform package npm installed) and explains what failed when none loads.
// Everything else in lib/ only keeps v4's shapes around it.
const binding = require('../binding.js');
// A new load of this module (Jest's per-file registry) starts with empty key caches (S2).
binding.forgetKeyCaches();
module.exports = binding;
