'use strict';
// The platform smoke suite: what every shipped artifact must do on its own platform before
// it ships. Plain CommonJS with no dependencies, so that it runs on old Node (16 on the
// glibc 2.17 sysroot), under qemu, under wine and on musl Node alike.
//
//   node smoke.cjs <app dir>     the app dir has node_modules/clerk-sdk-node-rs (the main
//                                tarball unpacked) and the platform package beside it
//
// Prints one line per check and ends `smoke: N passed, N failed`; exits 1 on any failure.
// SMOKE_EXPECT_ADDON names the addon file the loader must have chosen (relative to the app's
// node_modules, e.g. clerk-sdk-node-rs-linux-x64-musl/clerk-sdk-node-rs.linux-x64-musl.node);
// SMOKE_EMULATOR=0 skips the emulator where the platform does not ship it.
const path = require('path');
const http = require('http');
const crypto = require('crypto');
const fs = require('fs');

const appDir = path.resolve(process.argv[2] || '.');
const appRequire = require('module').createRequire(path.join(appDir, 'package.json'));
const NAME = 'clerk-sdk-node-rs';
const results = [];

function log(line) {
  // Under wine, libuv writes to a file reliably but not to a pipe: write synchronously.
  fs.writeSync(1, `${line}\n`);
}

async function check(name, fn) {
  try {
    const detail = await fn();
    results.push(true);
    log(`ok ${results.length} - ${name}${detail ? ` (${detail})` : ''}`);
  } catch (e) {
    results.push(false);
    log(`not ok ${results.length} - ${name}: ${(e && e.stack) || e}`);
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

function b64url(value) {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

function mint(privateKey, kid, claims) {
  const head = b64url({ alg: 'RS256', typ: 'JWT', kid });
  const body = b64url(claims);
  const sig = crypto.sign('RSA-SHA256', Buffer.from(`${head}.${body}`), privateKey);
  return `${head}.${body}.${sig.toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}`;
}

async function main() {
  for (const name of Object.keys(process.env)) if (name.startsWith('CLERK_')) delete process.env[name];
  process.env.NODE_ENV = 'test';
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = Object.assign(publicKey.export({ format: 'jwk' }), { kid: 'ins_smoke', alg: 'RS256', use: 'sig' });
  const pem = publicKey.export({ type: 'spki', format: 'pem' });
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'user_smoke', sid: 'sess_smoke', iss: 'https://clerk.smoke.test', azp: 'http://localhost', iat: now - 10, nbf: now - 10, exp: now + 600 };
  const token = mint(privateKey, 'ins_smoke', claims);

  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const send = (status, value) => {
      const body = JSON.stringify(value);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (req.url === '/v1/jwks') return send(200, { keys: [jwk] });
    if (req.url === '/v1/users/user_smoke') return send(200, { object: 'user', id: 'user_smoke', first_name: 'Ada', email_addresses: [], phone_numbers: [], web3_wallets: [], external_accounts: [] });
    return send(404, { errors: [{ code: 'resource_not_found', message: 'not found' }] });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${server.address().port}`;

  let sdk;
  let libc = '';
  try {
    const header = process.report.getReport().header;
    if (process.platform === 'linux') libc = header.glibcVersionRuntime ? `glibc ${header.glibcVersionRuntime}` : 'no glibc (musl)';
  } catch (e) {
    libc = 'libc unknown';
  }
  log(`# Node ${process.version} ${process.platform} ${process.arch}${libc ? `, ${libc}` : ''}`);
  await check('require() loads the addon for this platform', () => {
    sdk = appRequire(NAME);
    assert(typeof sdk.createClerkClient === 'function' && typeof sdk.verifyToken === 'function', 'exports missing');
    const want = process.env.SMOKE_EXPECT_ADDON;
    if (want) {
      const chosen = fs.realpathSync(path.join(appDir, 'node_modules', want));
      const loaded = Object.keys(require.cache).filter((f) => f.endsWith('.node'));
      assert(loaded.includes(chosen), `loaded ${loaded.join(', ')}, expected ${chosen}`);
      return want;
    }
    return `${Object.keys(sdk).length} exports`;
  });
  if (!sdk) return finish(server);

  await check('import() of the ESM entry shares the CommonJS instance', async () => {
    const esm = await import(require('url').pathToFileURL(appRequire.resolve(NAME).replace(/index\.js$/, 'index.mjs')).href);
    assert(esm.default === sdk.default && esm.users === sdk.users, 'ESM and CommonJS differ');
  });

  await check('a Backend API call over loopback HTTP', async () => {
    const clerk = sdk.createClerkClient({ secretKey: 'sk_test_smoke', apiUrl });
    const user = await clerk.users.getUser('user_smoke');
    assert(user.firstName === 'Ada' && user instanceof sdk.User, `got ${JSON.stringify(user)}`);
    assert(seen.includes('GET /v1/users/user_smoke'), `server saw ${seen.join(', ')}`);
  });

  await check('a Backend API call to an https URL goes through the TLS stack (certificate refused)', async () => {
    const tls = require('tls');
    const tlsServer = tls.createServer({ key: fs.readFileSync(path.join(__dirname, 'smoke-cert', 'key.pem')), cert: fs.readFileSync(path.join(__dirname, 'smoke-cert', 'cert.pem')) }, (s) => s.end());
    await new Promise((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    let handshakes = 0;
    tlsServer.on('tlsClientError', () => handshakes++);
    tlsServer.on('secureConnection', () => handshakes++);
    try {
      const clerk = sdk.createClerkClient({ secretKey: 'sk_test_smoke', apiUrl: `https://127.0.0.1:${tlsServer.address().port}` });
      let error;
      await clerk.users.getUser('user_smoke').catch((e) => { error = e; });
      assert(error, 'an untrusted certificate was accepted');
      assert(handshakes > 0, `no TLS handshake reached the server (${error && error.message})`);
      return (error.errors && error.errors[0] && `${error.errors[0].code}: ${error.errors[0].message}`.slice(0, 80)) || error.constructor.name;
    } finally {
      tlsServer.close();
    }
  });

  await check('verifyToken with a JWKS fetched from the Backend API', async () => {
    const out = await sdk.verifyToken(token, { secretKey: 'sk_test_smoke', apiUrl, issuer: null });
    assert(out.sub === 'user_smoke' && out.sid === 'sess_smoke', JSON.stringify(out));
    assert(seen.includes('GET /v1/jwks'), 'JWKS not fetched');
  });

  await check('verifyToken with jwtKey (networkless), and a bad signature refused', async () => {
    const out = await sdk.verifyToken(token, { jwtKey: pem, issuer: null });
    assert(out.sub === 'user_smoke', JSON.stringify(out));
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${b64url('not a signature')}`;
    let refused = false;
    await sdk.verifyToken(forged, { jwtKey: pem, issuer: null }).catch(() => { refused = true; });
    assert(refused, 'a forged token verified');
  });

  await check('one middleware request (ClerkExpressWithAuth over node:http)', async () => {
    const withAuth = sdk.createClerkClient({ secretKey: 'sk_test_smoke', apiUrl, jwtKey: pem }).expressWithAuth();
    const app = http.createServer((req, res) => {
      withAuth(req, res, (err) => {
        res.end(JSON.stringify(err ? { error: String(err) } : { userId: req.auth && req.auth.userId }));
      });
    });
    await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const body = await new Promise((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: app.address().port, path: '/', headers: { authorization: `Bearer ${token}`, host: 'localhost' } }, (res) => {
          let text = '';
          res.on('data', (c) => { text += c; });
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      assert(JSON.parse(body).userId === 'user_smoke', body);
    } finally {
      app.close();
    }
  });

  if (process.env.SMOKE_EMULATOR !== '0') {
    await check('the emulator: start, create a user, sign in, verify the token', async () => {
      const { startEmulator } = appRequire(`${NAME}/emulator`);
      const emu = await startEmulator();
      try {
        const clerk = sdk.createClerkClient({ secretKey: emu.secretKey, apiUrl: emu.url });
        const ada = await clerk.users.createUser({ emailAddress: ['ada@example.com'], firstName: 'Ada', skipPasswordRequirement: true });
        const { token: session } = await emu.signIn(ada.id);
        const out = await sdk.verifyToken(session, { jwtKey: emu.jwtKey, issuer: null });
        assert(out.sub === ada.id, JSON.stringify(out));
      } finally {
        await emu.stop();
      }
    });
  }
  return finish(server);
}

function finish(server) {
  server.close();
  const failed = results.filter((ok) => !ok).length;
  log(`smoke: ${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  log(`smoke crashed: ${(e && e.stack) || e}`);
  process.exitCode = 1;
});
