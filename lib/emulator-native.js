'use strict';
// The emulator's own addon (crates/emulator), loaded only by `/emulator` and the
// `clerk-emulator` command: the SDK's addon carries no HTTP server. Found like the SDK's
// (lib/load-addon.js): beside the package root, else in the platform package.
module.exports = require('./load-addon.js')('clerk-emulator');
