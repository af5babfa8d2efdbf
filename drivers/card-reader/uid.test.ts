import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { canonicalUid, maskedUid, normalizeUid, uidBytes } from './uid.js';

test('canonical form is uppercase hex without separators', () => {
  assert.is(canonicalUid(Buffer.from([0x04, 0xa1, 0x0b, 0xff])), '04A10BFF');
  assert.is(canonicalUid(new Uint8Array(10).fill(0xab)), 'AB'.repeat(10));
});

test('normalizes the notations people and other systems use', () => {
  assert.is(normalizeUid('04:a1:b2:c3'), '04A1B2C3');
  assert.is(normalizeUid('04-A1 b2.c3'), '04A1B2C3');
  assert.is(normalizeUid('04a1b2c3d4e5f6'), '04A1B2C3D4E5F6');
  assert.equal(uidBytes('0a0b'), Buffer.from([0x0a, 0x0b]));
});

test('refuses text that is not whole hex bytes, naming it', () => {
  for (const bad of ['', '0', '04A1B', 'XYZW', '04:A1:G2', '::']) {
    const namesIt = (error: Error) => error.message.includes(JSON.stringify(bad));
    assert.throws(() => normalizeUid(bad), namesIt);
  }
});

test('a UID in a log shows only its length and last two bytes', () => {
  assert.is(maskedUid('04A1B2C3D4E5F6'), '7B…E5F6');
  assert.not.match(maskedUid('04A1B2C3D4E5F6'), 'A1B2');
});

test.run();
