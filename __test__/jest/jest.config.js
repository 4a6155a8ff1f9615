// Jest 29 running the README's "In your app's tests" example as an app would: Jest gives
// each test file its own copy of process.env (and its own module registry), so the SDK
// must read the environment from that copy (deviations D2).
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/*.jest.js'],
  // The app installs this package under v4's name.
  moduleNameMapper: {
    '^@clerk/clerk-sdk-node$': path.join(root, 'index.js'),
    '^@clerk/clerk-sdk-node/(.*)$': path.join(root, '$1'),
  },
  transform: {},
};
