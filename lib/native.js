'use strict';
// The native addon, as binding.js loads it (lib/load-addon.js: a source build beside the
// package root, else the platform package npm installed, and what failed when none loads).
// Everything else in lib/ only keeps v4's shapes around it.
const binding = require('../binding.js');
// A new load of this module (Jest's per-file registry) starts with empty key caches (S2).
binding.forgetKeyCaches();
module.exports = binding;
