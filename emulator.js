'use strict';
// `clerk-sdk-node-rs/emulator` (CommonJS): a local Clerk Backend API. See emulator.d.ts.
const { startEmulator } = require('./lib/emulator.js');

module.exports = { startEmulator };
