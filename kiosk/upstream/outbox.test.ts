import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { JOURNAL_FILE, Outbox, type HighWaterInfo } from './outbox.js';
import { OutboxFullError } from './outbox-errors.js';
import { OutboxLockedError } from './outbox-lock.js';

let dir = '';

test.before.each(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outbox-'));
});

test.after.each(async () => {
  await rm(dir, { recursive: true, force: true });
});

function message(n: number) {
  return { id: `id-${n}`, topic: 'kiosk/v1/site/t1/events', payload: Buffer.from(`{"n":${n}}`) };
}

test('appends, lists pending in seq order and acks', async () => {
  const outbox = await Outbox.open({ dir, logger: createMemoryLogger() });
  const entries = await Promise.all([1, 2, 3].map((n) => outbox.append(message(n))));
  assert.equal(entries.map((entry) => entry.seq), [1, 2, 3]);
  assert.equal(outbox.pending().map((entry) => entry.id), ['id-1', 'id-2', 'id-3']);
  assert.is(outbox.oldestStoredAt, entries[0]!.storedAt);

  let drained = 0;
  outbox.events.on('drained', () => (drained += 1));
  await outbox.ack(2);
  assert.equal(outbox.pending().map((entry) => entry.seq), [1, 3]);
  await outbox.ack(1);
  await outbox.ack(3);
  assert.is(outbox.depth, 0);
  assert.is(outbox.oldestStoredAt, null);
  assert.is(drained, 1);
  await outbox.close();
});

test('a folder where the journal belongs is moved aside and a new journal started', async () => {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(dir, JOURNAL_FILE, 'stray'), { recursive: true });
  const logger = createMemoryLogger();
  const outbox = await Outbox.open({ dir, logger });
  const entry = await outbox.append({ id: 'after-folder', topic: 't', payload: Buffer.from('x') });
  assert.is(entry.seq, 1);
  await outbox.close();

  const names = await readdir(dir);
  const aside = names.find((name) => name.startsWith(`${JOURNAL_FILE}.not-a-journal-`));
  assert.ok(aside, `moved aside: ${names.join(', ')}`);
  assert.ok((await stat(join(dir, aside!, 'stray'))).isDirectory(), 'its content kept');
  assert.ok((await stat(join(dir, JOURNAL_FILE))).isFile());
  assert.ok(logger.lines.some((line) => line.includes('ERROR') && line.includes('moved it')));
});

test('pending entries and the seq counter survive a reopen', async () => {
  const first = await Outbox.open({ dir, logger: createMemoryLogger() });
  for (let n = 1; n <= 5; n += 1) await first.append(message(n));
  await first.ack(1);
  await first.ack(5);
  await first.close();

  const second = await Outbox.open({ dir, logger: createMemoryLogger() });
  assert.equal(second.pending().map((entry) => entry.seq), [2, 3, 4]);
  assert.equal(second.pending()[1]!.payload.toString(), '{"n":3}');
  const next = await second.append(message(6));
  assert.is(next.seq, 6, 'seq 5 was acked but is never given again');
  await second.close();
});

test('compaction shrinks the journal and keeps seq and pending entries', async () => {
  const outbox = await Outbox.open({ dir, logger: createMemoryLogger(), compactAfter: 20 });
  for (let n = 1; n <= 40; n += 1) await outbox.append(message(n));
  const before = (await stat(join(dir, JOURNAL_FILE))).size;
  for (let seq = 1; seq <= 38; seq += 1) await outbox.ack(seq);
  await outbox.append(message(41));
  await outbox.close();

  const after = (await stat(join(dir, JOURNAL_FILE))).size;
  assert.ok(after < before / 4, `journal shrank from ${before} to ${after} bytes`);
  assert.equal(await readdir(dir), [JOURNAL_FILE], 'no temp file left');

  const reopened = await Outbox.open({ dir, logger: createMemoryLogger() });
  assert.equal(reopened.pending().map((entry) => entry.seq), [39, 40, 41]);
  assert.is((await reopened.append(message(42))).seq, 42);
  await reopened.close();
});

test('all acked then compacted: seq still continues after a reopen', async () => {
  const outbox = await Outbox.open({ dir, logger: createMemoryLogger(), compactAfter: 4 });
  for (let n = 1; n <= 6; n += 1) await outbox.append(message(n));
  for (let seq = 1; seq <= 6; seq += 1) await outbox.ack(seq);
  await outbox.close();

  const reopened = await Outbox.open({ dir, logger: createMemoryLogger() });
  assert.is(reopened.depth, 0);
  assert.is((await reopened.append(message(7))).seq, 7);
  await reopened.close();
});

test('a torn last record is detected, logged and skipped; earlier entries stay', async () => {
  const outbox = await Outbox.open({ dir, logger: createMemoryLogger() });
  for (let n = 1; n <= 3; n += 1) await outbox.append(message(n));
  await outbox.close();
  const path = join(dir, JOURNAL_FILE);
  const size = (await stat(path)).size;
  await truncate(path, size - 5);

  const logger = createMemoryLogger();
  const reopened = await Outbox.open({ dir, logger });
  assert.equal(reopened.pending().map((entry) => entry.id), ['id-1', 'id-2']);
  assert.ok(
    logger.lines.some((line) => line.includes('WARN') && line.includes('cut short')),
    logger.lines.join('\n'),
  );
  assert.ok((await readdir(dir)).some((name) => name.startsWith(`${JOURNAL_FILE}.damaged-`)));

  // New records follow the last good one, so the next open sees no damage.
  assert.is((await reopened.append(message(4))).seq, 3);
  await reopened.close();
  const clean = createMemoryLogger();
  const third = await Outbox.open({ dir, logger: clean });
  assert.equal(third.pending().map((entry) => entry.id), ['id-1', 'id-2', 'id-4']);
  assert.not.ok(clean.lines.some((line) => line.includes('damaged')));
  await third.close();
});

test('a flipped byte in the last record is caught by the checksum', async () => {
  const outbox = await Outbox.open({ dir, logger: createMemoryLogger() });
  for (let n = 1; n <= 2; n += 1) await outbox.append(message(n));
  await outbox.close();
  const path = join(dir, JOURNAL_FILE);
  const data = await readFile(path);
  data.writeUInt8(data.readUInt8(data.length - 2) ^ 0xff, data.length - 2);
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, data);

  const logger = createMemoryLogger();
  const reopened = await Outbox.open({ dir, logger });
  assert.equal(reopened.pending().map((entry) => entry.id), ['id-1']);
  assert.ok(logger.lines.some((line) => line.includes('checksum mismatch')));
  await reopened.close();
});

test('crossing high water emits once; a full outbox refuses, never drops', async () => {
  const outbox = await Outbox.open({
    dir,
    logger: createMemoryLogger(),
    maxEntries: 10,
    highWaterRatio: 0.5,
  });
  const seen: HighWaterInfo[] = [];
  outbox.events.on('high-water', (info) => seen.push(info));
  for (let n = 1; n <= 10; n += 1) await outbox.append(message(n));
  assert.is(seen.length, 1);
  assert.is(seen[0]!.depth, 5);

  const error = await outbox.append(message(11)).catch((caught: unknown) => caught);
  assert.instance(error, OutboxFullError);
  assert.is((error as OutboxFullError).limit, 'entries');
  assert.is(outbox.depth, 10);
  assert.is(outbox.pending()[0]!.id, 'id-1');

  for (let seq = 1; seq <= 6; seq += 1) await outbox.ack(seq);
  for (let n = 11; n <= 12; n += 1) await outbox.append(message(n));
  assert.is(seen.length, 2, 'emits again after falling below and crossing again');
  await outbox.close();
});

test('the byte limit refuses a record that does not fit', async () => {
  const outbox = await Outbox.open({ dir, logger: createMemoryLogger(), maxBytes: 1000 });
  const big = { id: 'big', topic: 't', payload: Buffer.alloc(2000) };
  const error = await outbox.append(big).catch((caught: unknown) => caught);
  assert.instance(error, OutboxFullError);
  assert.is((error as OutboxFullError).limit, 'bytes');
  assert.is(outbox.depth, 0);
  await outbox.close();
});

test('concurrent appends share syncs and all resolve in seq order', async () => {
  const outbox = await Outbox.open({ dir, logger: createMemoryLogger() });
  const entries = await Promise.all(
    Array.from({ length: 200 }, (_, n) => outbox.append(message(n))),
  );
  assert.equal(
    entries.map((entry) => entry.seq),
    Array.from({ length: 200 }, (_, n) => n + 1),
  );
  await outbox.close();
  const reopened = await Outbox.open({ dir, logger: createMemoryLogger() });
  assert.is(reopened.depth, 200);
  await reopened.close();
});

test('a second open of the same folder is refused while the first is open', async () => {
  const first = await Outbox.open({ dir, logger: createMemoryLogger() });
  const error = await Outbox.open({ dir, logger: createMemoryLogger() }).catch((e: unknown) => e);
  assert.instance(error, OutboxLockedError);
  assert.match((error as Error).message, String(process.pid));
  await first.close();

  const again = await Outbox.open({ dir, logger: createMemoryLogger() });
  await again.close();
});

test('a lock left by a dead process is taken over', async () => {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(join(dir, 'outbox.lock'), '2147483646');
  const logger = createMemoryLogger();
  const outbox = await Outbox.open({ dir, logger });
  assert.ok(logger.lines.some((line) => line.includes('taking it over')));
  await outbox.close();
});

test('after a reboot a lock naming a PID that now runs something else is taken over', async () => {
  const { writeFile } = await import('node:fs/promises');
  // PID 1 runs on every machine; the lock says it was written in another boot.
  const stale = { pid: 1, boot: '00000000-0000-0000-0000-000000000000', started: '1' };
  await writeFile(join(dir, 'outbox.lock'), JSON.stringify(stale));
  const logger = createMemoryLogger();
  const outbox = await Outbox.open({ dir, logger });
  assert.ok(logger.lines.some((line) => line.includes('taking it over')));
  await outbox.close();
});

test('a lock naming a running PID of this boot but another start time is taken over', async () => {
  const { writeFile } = await import('node:fs/promises');
  const boot = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
  await writeFile(join(dir, 'outbox.lock'), JSON.stringify({ pid: 1, boot, started: '999999999999' }));
  const outbox = await Outbox.open({ dir, logger: createMemoryLogger() });
  await outbox.close();
});

test('a lock held by a live process of this boot is respected', async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
  try {
    const { writeFile } = await import('node:fs/promises');
    const boot = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
    const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
    const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    await writeFile(join(dir, 'outbox.lock'), JSON.stringify({ pid: child.pid, boot, started }));
    const error = await Outbox.open({ dir, logger: createMemoryLogger() }).catch((e: unknown) => e);
    assert.instance(error, OutboxLockedError);
  } finally {
    child.kill('SIGKILL');
  }
});

test.run();
