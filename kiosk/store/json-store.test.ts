import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { DurableJsonAdapter, StoreCorruptError, openJsonStore } from './json-store.js';

interface Data {
  counter: number;
  names: string[];
}

const DEFAULTS: Data = { counter: 0, names: [] };
let dir = '';

test.before.each(async () => {
  dir = await mkdtemp(join(tmpdir(), 'json-store-'));
});

test.after.each(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('a new store starts from defaults and persists updates', async () => {
  const path = join(dir, 'sub', 'db.json');
  const db = await openJsonStore(path, DEFAULTS, createMemoryLogger());
  assert.equal(db.data, DEFAULTS);
  await db.update((data) => {
    data.counter = 3;
    data.names.push('Ada Example');
  });

  const again = await openJsonStore(path, DEFAULTS, createMemoryLogger());
  assert.equal(again.data, { counter: 3, names: ['Ada Example'] });
  assert.equal(DEFAULTS.names, [], 'defaults must not be mutated');
});

test('reading a corrupt file names the file and the position', async () => {
  const path = join(dir, 'db.json');
  await writeFile(path, '{\n  "counter": 1,\n  "names": [\n');
  const error = await new DurableJsonAdapter<Data>(path).read().catch((caught: unknown) => caught);
  assert.instance(error, StoreCorruptError);
  const corrupt = error as StoreCorruptError;
  assert.is(corrupt.path, path);
  assert.ok(corrupt.position !== null && corrupt.position > 0, 'position is known');
  assert.match(corrupt.message, /line \d+, column \d+/);
});

test('an empty file is reported as corrupt, not read as defaults', async () => {
  const path = join(dir, 'db.json');
  await writeFile(path, '');
  const error = await new DurableJsonAdapter<Data>(path).read().catch((caught: unknown) => caught);
  assert.instance(error, StoreCorruptError);
  assert.match((error as Error).message, 'empty');
});

test('openJsonStore keeps a corrupt file aside and starts from defaults', async () => {
  const path = join(dir, 'db.json');
  await writeFile(path, '{"counter": 7,');
  const logger = createMemoryLogger();
  const db = await openJsonStore(path, DEFAULTS, logger);
  assert.equal(db.data, DEFAULTS);

  const names = await readdir(dir);
  const kept = names.find((name) => name.startsWith('db.json.corrupt-'));
  assert.ok(kept, `a .corrupt copy exists among ${names.join(', ')}`);
  assert.is(await readFile(join(dir, kept!), 'utf8'), '{"counter": 7,');
  assert.equal(JSON.parse(await readFile(path, 'utf8')), DEFAULTS);
  assert.ok(logger.lines.some((line) => line.includes('ERROR') && line.includes(path)));
});

test.run();
