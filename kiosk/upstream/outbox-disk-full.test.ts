/**
 * A full disk: the append that does not fit is refused with a typed error naming the
 * journal, earlier entries stay, and the journal opens clean afterwards. Uses a 64 KiB
 * tmpfs (needs root, as the test runner has on CI).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { Outbox } from './outbox.js';
import { OutboxWriteError } from './outbox-errors.js';

let mountPoint = '';

test.before(async () => {
  mountPoint = await mkdtemp(join(tmpdir(), 'outbox-full-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], {
    encoding: 'utf8',
  });
  if (mounted.status !== 0) throw new Error(`cannot mount a small tmpfs: ${mounted.stderr}`);
});

test.after(async () => {
  spawnSync('umount', [mountPoint]);
  await rm(mountPoint, { recursive: true, force: true });
});

test('an append that does not fit on disk is refused; the journal stays whole', async () => {
  const dir = join(mountPoint, 'outbox');
  const outbox = await Outbox.open({ dir, logger: createMemoryLogger() });
  const payload = Buffer.alloc(3000, 'a');
  let stored = 0;
  let failure: unknown = null;
  for (let n = 0; n < 100 && failure === null; n += 1) {
    try {
      await outbox.append({ id: `id-${n}`, topic: 'kiosk/v1/s/t/events', payload });
      stored += 1;
    } catch (error) {
      failure = error;
    }
  }

  assert.instance(failure, OutboxWriteError);
  assert.match((failure as Error).message, join(dir, 'outbox.journal'));
  assert.match((failure as Error).message, 'ENOSPC');
  assert.ok(stored > 5, `${stored} entries fitted before the disk was full`);
  assert.is(outbox.depth, stored);
  await outbox.close();

  const logger = createMemoryLogger();
  const reopened = await Outbox.open({ dir, logger });
  assert.is(reopened.depth, stored);
  assert.is(reopened.pending().at(-1)!.id, `id-${stored - 1}`);
  assert.not.ok(logger.lines.some((line) => line.includes('damaged')), logger.lines.join('\n'));
  await reopened.close();
});

test.run();
