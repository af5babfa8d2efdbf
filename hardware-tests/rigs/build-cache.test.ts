import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, lstatSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rigBuildCache, UnsafeCacheError } from './build-cache.js';

const base = () => mkdtempSync(join(tmpdir(), 'build-cache-test-'));
const uid = process.getuid!();

test('the cache folder is this user\'s own and closed to others', () => {
  const dir = rigBuildCache(base());
  const stat = lstatSync(dir);
  assert.is(stat.uid, uid);
  assert.is(stat.mode & 0o077, 0);
  assert.is(rigBuildCache(join(dir, '..')), dir, 'the same folder is used again');
});

test('a cache folder others may write to is refused, naming it', () => {
  const dir = rigBuildCache(base());
  chmodSync(dir, 0o777);
  try {
    rigBuildCache(join(dir, '..'));
    assert.unreachable('an open folder was accepted');
  } catch (error) {
    assert.instance(error, UnsafeCacheError);
    assert.match((error as Error).message, dir);
  }
});

test('a cache folder planted as a link is refused', () => {
  const root = base();
  symlinkSync(mkdtempSync(join(tmpdir(), 'elsewhere-')), join(root, `kiosk-rig-builds-${uid}`));
  assert.throws(() => rigBuildCache(root), /not a plain directory/);
});

test.run();
