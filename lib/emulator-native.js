'use strict';
// The emulator's own addon (crates/emulator), loaded only by `/emulator` and the
// `clerk-emulator` command, on their first use: the SDK's addon carries no HTTP server, and
// where the emulator does not ship, importing `/emulator` still works and `startEmulator`
// throws the loader's message.
// Its files by their literal names, on the one platform it ships for (as lib/addon-files.js
// for the SDK's; its own table, so that bundling the SDK does not copy the emulator).
const FILES = {
  'linux-x64-gnu': {
    local() { try { return require('../clerk-emulator.linux-x64-gnu.node'); } catch (e) { throw e; } },
    manifest() { try { return require('clerk-sdk-node-rs-linux-x64-gnu/package.json'); } catch (e) { throw e; } },
    packaged() { try { return require('clerk-sdk-node-rs-linux-x64-gnu/clerk-emulator.linux-x64-gnu.node'); } catch (e) { throw e; } },
  },
};

let addon;
function load() {
  if (!addon) addon = require('./load-addon.js')('clerk-emulator', FILES);
  return addon;
}
load.FILES = FILES;
module.exports = load;
