#!/usr/bin/env node
'use strict';
// `clerk-emulator`: the local Clerk Backend API emulator as a command, for apps that run in
// another process (a dev server, another language). See the README, "Local Backend API
// emulator".
const fs = require('node:fs');
const path = require('node:path');

const USAGE = `Usage: clerk-emulator [--port N] [--host H] [--data FILE] [--secret-key KEY]

A local Clerk Backend API (v1) for offline development and tests.

  --port N          TCP port to listen on (default 3999; 0 picks a free one)
  --host H          address to bind (default 127.0.0.1)
  --data FILE       load the state from FILE if it exists; save it there on change and on exit
  --secret-key KEY  the secret key API calls must carry (default: the data file's, else a new sk_test_…)
  --help            print this help
  --version         print the version
`;

const SAVE_EVERY_MS = 2000;
const STOP_TIMEOUT_MS = 5000;

function fail(message, code = 1) {
  process.stderr.write(`clerk-emulator: ${message}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = { port: 3999, host: '127.0.0.1', data: undefined, secretKey: undefined };
  const takes = { '--port': 'port', '--host': 'host', '--data': 'data', '--secret-key': 'secretKey' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    if (arg === '--version' || arg === '-v') {
      process.stdout.write(`${require('../package.json').version}\n`);
      process.exit(0);
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const key = takes[flag];
    if (!key) fail(`unknown ${arg.startsWith('-') ? 'flag' : 'argument'} ${flag} (see --help)`, 2);
    let value;
    if (flag !== arg) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    if (value === undefined || value === '') fail(`${flag} needs a value (see --help)`, 2);
    opts[key] = value;
  }
  if (typeof opts.port === 'string') {
    const port = /^\d+$/.test(opts.port) ? Number(opts.port) : NaN;
    if (!(port >= 0 && port <= 65535)) fail(`--port must be a number from 0 to 65535 (got ${opts.port})`, 2);
    opts.port = port;
  }
  if (opts.data) opts.data = path.resolve(opts.data);
  return opts;
}

// Checks the data file up front, so an unreadable one is named before anything starts;
// its contents are the emulator's to judge. Returns whether it exists.
function checkDataFile(file) {
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (err) {
    if (err.code !== 'ENOENT') fail(`cannot read data file ${file}: ${err.code}`);
    const dir = path.dirname(file);
    if (!fs.existsSync(dir)) fail(`cannot use data file ${file}: folder ${dir} does not exist`);
    return false;
  }
  if (fs.statSync(file).isDirectory()) fail(`cannot use data file ${file}: it is a folder`);
  return true;
}

function describeStartError(err, opts) {
  const message = ((err && err.message) || String(err)).replace(/^startEmulator: /, '');
  const where = `${opts.host}:${opts.port}`;
  if (/in use|EADDRINUSE|os error 98\b/i.test(message)) return `port ${opts.port} is in use (${where}); pick another with --port`;
  if (/EADDRNOTAVAIL|os error 99\b|cannot assign/i.test(message)) return `cannot listen on ${where}: address not available on this machine (--host)`;
  if (/EACCES|permission denied|os error 13\b/i.test(message) && !opts.data) return `cannot listen on ${where}: permission denied`;
  if (opts.data && (message.includes(opts.data) || /\bseed\b/.test(message))) {
    const rest = message.replace(/^the seed (file \S+ )?/, '');
    return rest === message ? `data file ${opts.data}: ${message}` : `data file ${opts.data} ${rest}`;
  }
  return `cannot start on ${where}: ${message}`;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { startEmulator } = require('../emulator.js');
  const loaded = opts.data ? checkDataFile(opts.data) : false;

  let emu;
  try {
    emu = await startEmulator({ port: opts.port, host: opts.host, seed: opts.data, secretKey: opts.secretKey });
  } catch (err) {
    fail(describeStartError(err, opts));
  }

  // save() writes beside the file and renames, so a crash never leaves half a file.
  // A save is due when the emulator's revision (its count of changes) moved.
  let saved = emu.revision;
  let saving = Promise.resolve(true);
  const save = (force) => {
    saving = saving.then(async () => {
      const now = emu.revision;
      if (!force && now === saved) return true;
      try {
        await emu.save(opts.data);
        saved = now;
        return true;
      } catch (err) {
        process.stderr.write(`clerk-emulator: cannot save data file ${opts.data}: ${err.message}\n`);
        return false;
      }
    });
    return saving;
  };
  // The running emulator keeps the process alive until stop(); this timer only saves.
  const timer = opts.data ? setInterval(() => save(false), SAVE_EVERY_MS).unref() : undefined;

  const oneLinePem = emu.jwtKey.replace(/\s*\n\s*/g, '').trim();
  const out = [
    `Clerk Backend API emulator listening on ${emu.url}`,
    opts.data ? `data: ${opts.data} (${loaded ? 'loaded' : 'new'}; saved on change and on exit)` : 'data: in memory only (--data FILE keeps it)',
  ];
  if (!['127.0.0.1', 'localhost', '::1'].includes(opts.host)) {
    out.push(`note: bound to ${opts.host}; anyone who can reach it with the key below can read and change the data`);
  }
  out.push(
    '',
    "Point your app at it (the emulator's own test keys, not secrets of any Clerk instance):",
    '',
    `  export CLERK_API_URL=${emu.url}`,
    `  export CLERK_SECRET_KEY=${emu.secretKey}`,
    `  export CLERK_PUBLISHABLE_KEY=${emu.publishableKey}`,
    `  export CLERK_JS=${emu.url}/npm/@clerk/clerk-js@4/dist/clerk.browser.js`,
    '',
    `Sign a browser in at ${emu.url}/sign-in (the cookies reach your app on any port of`,
    `the same host name). Session tokens' issuer, for verifyToken(token, { issuer }):`,
    `${emu.issuer}`,
    '',
    `Session tokens are checked against ${emu.url}/v1/jwks; for networkless checks instead:`,
    '',
    `  export CLERK_JWT_KEY='${oneLinePem}'`,
    '',
    'Ctrl-C stops it' + (opts.data ? ' (after saving).' : '.'),
  );

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) {
      process.stderr.write(`clerk-emulator: ${signal} again; exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    const force = setTimeout(() => fail(`did not stop within ${STOP_TIMEOUT_MS / 1000} s`), STOP_TIMEOUT_MS);
    if (timer) clearInterval(timer);
    let ok = true;
    if (opts.data) {
      ok = await save(true);
      if (ok) process.stdout.write(`saved ${opts.data}\n`);
    }
    try {
      await emu.stop();
    } catch (err) {
      process.stderr.write(`clerk-emulator: stop: ${err.message}\n`);
    }
    clearTimeout(force);
    process.exit(ok ? 0 : 1);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Ready text last: whoever waits for it may signal at once.
  process.stdout.write(out.join('\n') + '\n');
}

main().catch((err) => fail((err && err.message) || String(err)));
