'use strict';
// Every file of the SDK's addon this package may load, by its literal name: a bundler sees (and, with
// esbuild's `--loader:.node=copy`, copies) the addon of the platform it bundles on, as it
// would not see the names lib/load-addon.js could build (README: Bundling). Per platform:
// the file of a source build beside the package root, and the platform package's manifest
// (its version must be this package's) and addon. __test__/platforms.test.mjs holds these names
// against the platforms the release ships. Each require sits in a try block: esbuild then
// leaves a file that is not there (another platform's) to run time instead of failing the
// build; the catch hands the error on to the loader, which tries the next candidate.

/** By platform (package.json `napi.targets`, in napi-rs's names). */
const sdk = {
  'linux-x64-gnu': {
    local() { try { return require('../clerk-sdk-node-rs.linux-x64-gnu.node'); } catch (e) { throw e; } },
    manifest() { try { return require('clerk-sdk-node-rs-linux-x64-gnu/package.json'); } catch (e) { throw e; } },
    packaged() { try { return require('clerk-sdk-node-rs-linux-x64-gnu/clerk-sdk-node-rs.linux-x64-gnu.node'); } catch (e) { throw e; } },
  },
  'linux-x64-musl': {
    local() { try { return require('../clerk-sdk-node-rs.linux-x64-musl.node'); } catch (e) { throw e; } },
    manifest() { try { return require('clerk-sdk-node-rs-linux-x64-musl/package.json'); } catch (e) { throw e; } },
    packaged() { try { return require('clerk-sdk-node-rs-linux-x64-musl/clerk-sdk-node-rs.linux-x64-musl.node'); } catch (e) { throw e; } },
  },
  'linux-arm64-gnu': {
    local() { try { return require('../clerk-sdk-node-rs.linux-arm64-gnu.node'); } catch (e) { throw e; } },
    manifest() { try { return require('clerk-sdk-node-rs-linux-arm64-gnu/package.json'); } catch (e) { throw e; } },
    packaged() { try { return require('clerk-sdk-node-rs-linux-arm64-gnu/clerk-sdk-node-rs.linux-arm64-gnu.node'); } catch (e) { throw e; } },
  },
  'linux-arm64-musl': {
    local() { try { return require('../clerk-sdk-node-rs.linux-arm64-musl.node'); } catch (e) { throw e; } },
    manifest() { try { return require('clerk-sdk-node-rs-linux-arm64-musl/package.json'); } catch (e) { throw e; } },
    packaged() { try { return require('clerk-sdk-node-rs-linux-arm64-musl/clerk-sdk-node-rs.linux-arm64-musl.node'); } catch (e) { throw e; } },
  },
  'darwin-x64': {
    local() { try { return require('../clerk-sdk-node-rs.darwin-x64.node'); } catch (e) { throw e; } },
    manifest() { try { return require('clerk-sdk-node-rs-darwin-x64/package.json'); } catch (e) { throw e; } },
    packaged() { try { return require('clerk-sdk-node-rs-darwin-x64/clerk-sdk-node-rs.darwin-x64.node'); } catch (e) { throw e; } },
  },
  'darwin-arm64': {
    local() { try { return require('../clerk-sdk-node-rs.darwin-arm64.node'); } catch (e) { throw e; } },
    manifest() { try { return require('clerk-sdk-node-rs-darwin-arm64/package.json'); } catch (e) { throw e; } },
    packaged() { try { return require('clerk-sdk-node-rs-darwin-arm64/clerk-sdk-node-rs.darwin-arm64.node'); } catch (e) { throw e; } },
  },
  'win32-x64-msvc': {
    local() { try { return require('../clerk-sdk-node-rs.win32-x64-msvc.node'); } catch (e) { throw e; } },
    manifest() { try { return require('clerk-sdk-node-rs-win32-x64-msvc/package.json'); } catch (e) { throw e; } },
    packaged() { try { return require('clerk-sdk-node-rs-win32-x64-msvc/clerk-sdk-node-rs.win32-x64-msvc.node'); } catch (e) { throw e; } },
  },
};

module.exports = sdk;
