// The JS↔Rust contract (src/contract.rs, written out as lib/generated/contract.js): the
// option table the shell builds from, the packers of authenticate's input, and the rule
// that a name outside the table is a bug of the shell, never silently dropped.
import './helpers/setup.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { ours, v4 } from './helpers/diff.mjs';

const require = createRequire(import.meta.url);
const native = require('../lib/native.js');
const contract = require('../lib/generated/contract.js');
const auth = require('../lib/auth.js');

test('an option unknown to v4 and to the table is ignored, as in v4', () => {
  const options = { secretKey: 'sk_test_x', notAnOption: 1, apiUrll: 'typo' };
  assert.equal(typeof v4.createClerkClient(options).users.getUserList, 'function');
  const client = ours.createClerkClient(options);
  assert.equal(typeof client.users.getUserList, 'function');
  assert.equal(client.secretKey, 'sk_test_x');
});

test('a name the table does not declare is an internal error of the native side', () => {
  const n = new native.NativeClient({});
  assert.throws(() => n.setOption('secretKeyy', 'x'), /internal error.*"secretKeyy"/);
  assert.throws(() => n.setNumericOption('timeout', 1), /internal error.*"timeout"/);
  assert.throws(() => n.getOption('nope'), /internal error.*"nope"/);
});

test('every live option of the table is set and read back through the native side', () => {
  const n = new native.NativeClient({});
  for (const { name, kind } of contract.OPTIONS) {
    if (kind === 'text') {
      n.setOption(name, `value-of-${name}`);
      assert.equal(n.getOption(name), `value-of-${name}`, name);
    } else if (kind === 'number') {
      n.setNumericOption(name, 3); // accepted
    } else if (kind === 'buildtime' || kind === 'flag') {
      n.getOption(name); // readable
    }
  }
});

test('every option variable of the table is resolved by a client (env → option)', () => {
  const table = contract.OPTIONS.filter((o) => o.env && (o.kind === 'text' || o.kind === 'buildtime'));
  assert.ok(table.length >= 9);
  const saved = process.env;
  try {
    process.env = Object.fromEntries(table.map((o) => [o.env, `env-${o.name}`]));
    const client = ours.createClerkClient();
    for (const { name } of table) {
      if (['secretKey', 'apiKey', 'apiUrl', 'apiVersion'].includes(name)) assert.equal(client[name], `env-${name}`, name);
    }
  } finally {
    process.env = saved;
  }
});

test('the packed request and options follow the generated field orders', () => {
  const fields = Object.fromEntries(contract.REQUEST_FIELDS.map((name, k) => [name, `${k}:${name}`]));
  assert.equal(auth.packRequest(fields), contract.REQUEST_FIELDS.map((name, k) => `${k}:${name}`).join('\u0000'));
  assert.equal(auth.sameRequest(fields, { ...fields }), true);
  for (const name of contract.REQUEST_FIELDS) {
    assert.equal(auth.sameRequest(fields, { ...fields, [name]: 'other' }), false, name);
    // undefined and '' pack the same (both: absent).
    assert.equal(auth.sameRequest({ ...fields, [name]: undefined }, { ...fields, [name]: '' }), true, name);
  }
  const packed = auth.packOptions({ secretKey: 's', audience: ['a'], authorizedParties: ['x\u0000y', 2] });
  const parts = packed.split('\u0000');
  assert.equal(parts[0], 's');
  assert.equal(parts[10], '["a"]');
  // The parties are JSON (a NUL in one is escaped); 2 is no party, though it is printed.
  assert.equal(packed.endsWith('{"oneOf":{"entries":["x\\u0000y"],"shown":{"text":"x\\u0000y,2"}}}\u0000'), true, packed);
});

test('the shell loads with code generation from strings disallowed (no eval, no new Function)', () => {
  const out = execFileSync(
    process.execPath,
    ['--disallow-code-generation-from-strings', '-e', "require('./lib/auth.js'); require('./lib/tokens.js'); require('./lib/memo.js'); require('./lib/env.js'); console.log('loaded')"],
    { cwd: new URL('..', import.meta.url), encoding: 'utf8' },
  );
  assert.equal(out.trim(), 'loaded');
});

test('the generated contract is what the native side speaks: answer kinds of a real call', () => {
  const { AuthAnswer, VerifyAnswer } = contract;
  const answer = native.authenticateRequest(auth.packRequest({}), auth.packOptions({}), 0);
  assert.equal(answer.charCodeAt(0), AuthAnswer.Error, 'no key: an Error');
  assert.equal(native.decodeJwt('a.b').charCodeAt(0), VerifyAnswer.TokenError);
});
