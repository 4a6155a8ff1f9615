'use strict';
// The emulator's JS face (`clerk-sdk-node-rs/emulator`): option checks, data files, and
// promises around the native server (crates/emulator/, its own addon). Types: emulator.d.ts.
const fs = require('node:fs');
const path = require('node:path');
const native = require('./emulator-native.js');

// Like a listening net.Server, a running emulator keeps the process alive (the server
// itself runs on the emulator addon's threads, which never do): until stop(), or unref().
const keepAlive = () => setInterval(() => {}, 2 ** 31 - 1);

class Emulator {
  #inner;
  #seedPath;
  #alive = keepAlive();

  constructor(inner, seedPath) {
    this.#inner = inner;
    this.#seedPath = seedPath;
    // Read once: they never change while the emulator runs.
    for (const name of ['url', 'port', 'secretKey', 'publishableKey', 'jwtKey', 'issuer']) {
      Object.defineProperty(this, name, { value: inner[name], enumerable: true });
    }
  }

  get revision() {
    return this.#inner.revision;
  }

  async signIn(userId, options = {}) {
    if (typeof userId !== 'string' || userId === '') {
      throw new TypeError('signIn: pass the id of an existing user (a string such as "user_…")');
    }
    if (options === null || typeof options !== 'object') {
      throw new TypeError('signIn: options must be an object ({ expiresInSeconds, organizationId })');
    }
    const { expiresInSeconds, organizationId } = options;
    if (expiresInSeconds !== undefined && typeof expiresInSeconds !== 'number') {
      throw new TypeError('signIn: expiresInSeconds must be a number of seconds');
    }
    if (organizationId !== undefined && typeof organizationId !== 'string') {
      throw new TypeError('signIn: organizationId must be a string');
    }
    return JSON.parse(this.#inner.signIn(userId, expiresInSeconds, organizationId));
  }

  data() {
    return JSON.parse(this.#inner.data());
  }

  async save(file = this.#seedPath) {
    if (typeof file !== 'string' || file === '') {
      throw new TypeError('save: pass a file path (the emulator was not started from a seed file)');
    }
    const target = path.resolve(file);
    // Written beside the target, then renamed: a reader never sees half a file.
    const temp = `${target}.${process.pid}.tmp`;
    await fs.promises.writeFile(temp, this.#inner.data() + '\n', { mode: 0o600 });
    await fs.promises.rename(temp, target);
  }

  /** Lets the process exit while the emulator runs (as `server.unref()`). */
  unref() {
    this.#alive?.unref();
    return this;
  }

  ref() {
    this.#alive?.ref();
    return this;
  }

  stop() {
    clearInterval(this.#alive);
    this.#alive = undefined;
    return this.#inner.stop();
  }
}

function check(condition, message) {
  if (!condition) throw new TypeError(`startEmulator: ${message}`);
}

async function startEmulator(options = {}) {
  check(options !== null && typeof options === 'object', 'options must be an object ({ port, host, seed, secretKey })');
  const { port = 0, host, seed, secretKey } = options;
  check(Number.isInteger(port) && port >= 0 && port <= 65535, 'port must be an integer between 0 and 65535 (0 picks a free one)');
  check(host === undefined || (typeof host === 'string' && host !== ''), 'host must be a host name or IP address');
  check(secretKey === undefined || (typeof secretKey === 'string' && secretKey !== ''), 'secretKey must be a non-empty string');
  check(seed === undefined || typeof seed === 'string' || (seed !== null && typeof seed === 'object'), 'seed must be a data file path or the object emulator.data() returned');
  let seedJson;
  let seedPath;
  if (typeof seed === 'string') {
    seedPath = path.resolve(seed);
    try {
      seedJson = await fs.promises.readFile(seedPath, 'utf8');
    } catch (err) {
      // A file that does not exist yet is where save() will write.
      if (err.code !== 'ENOENT') throw new Error(`startEmulator: cannot read the seed file ${seedPath} (${err.code})`);
    }
  } else if (seed !== undefined) {
    seedJson = JSON.stringify(seed);
  }
  const seedSource = seedPath && `the seed file ${seedPath}`;
  const inner = await native().startEmulator({ port, host, seedJson, seedSource, secretKey });
  return new Emulator(inner, seedPath);
}

module.exports = { startEmulator, Emulator };
