import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, readdir, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableFileWriter, DurableWriteError, writeFileDurably } from './durable-file.js';

let dir = '';

test.before.each(async () => {
  dir = await mkdtemp(join(tmpdir(), 'durable-file-'));
});

test.after.each(async () => {
  await chmod(dir, 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

test('replaces the whole file and leaves no temp file behind', async () => {
  const path = join(dir, 'state.json');
  await writeFile(path, 'old content that is longer than the new one');
  await writeFileDurably(path, 'new');
  assert.is(await readFile(path, 'utf8'), 'new');
  assert.equal(await readdir(dir), ['state.json']);
});

test('a burst of writes coalesces to the latest content and answers every caller', async () => {
  const path = join(dir, 'burst.json');
  const writer = new DurableFileWriter(path);
  const writes = Array.from({ length: 50 }, (_, index) => writer.write(`value ${index}`));
  await Promise.all(writes);
  assert.is(await readFile(path, 'utf8'), 'value 49');
  assert.equal(await readdir(dir), ['burst.json']);
});

test('a write that cannot happen rejects with a typed error naming the path', async () => {
  const path = join(dir, 'missing-folder', 'x.json');
  const writer = new DurableFileWriter(path);
  const error = await writer.write('x').catch((caught: unknown) => caught);
  assert.instance(error, DurableWriteError);
  assert.is((error as DurableWriteError).path, path);
  assert.match((error as Error).message, path);
  assert.match((error as Error).message, 'open temp file');
});

test.run();
