'use strict';
// The SDK's native addon for this platform: a source build beside this file, else the
// platform package npm installed (lib/load-addon.js says what failed when neither loads).
module.exports = require('./lib/load-addon.js')('clerk-sdk-node-rs', require('./lib/addon-files.js'));
