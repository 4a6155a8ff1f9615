'use strict';
// The native addon (built by `npm install`; see README). Everything else in lib/ only
// keeps v4's shapes around it.
module.exports = require('../binding.js');
