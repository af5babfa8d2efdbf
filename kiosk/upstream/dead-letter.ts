/**
 * Messages the broker keeps refusing are moved to `dead-letter.jsonl` beside the outbox
 * journal (one JSON line each, payload in base64), so a technician can recover them and
 * the queue behind them keeps moving.
 */
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrno } from '../../drivers/core/errors.js';
import { fsyncDirectory } from '../store/durable-file.js';
import type { OutboxEntry } from './outbox.js';
import { OutboxWriteError } from './outbox-errors.js';

export const DEAD_LETTER_FILE = 'dead-letter.jsonl';

export async function writeDeadLetter(
  dir: string,
  entry: OutboxEntry,
  reason: string,
): Promise<string> {
  const path = join(dir, DEAD_LETTER_FILE);
  const line = JSON.stringify({
    seq: entry.seq,
    id: entry.id,
    topic: entry.topic,
    storedAt: entry.storedAt,
    deadAt: new Date().toISOString(),
    reason,
    payloadBase64: entry.payload.toString('base64'),
  });

  try {
    const isNew = await stat(path).then(
      () => false,
      (error: unknown) => {
        if (isErrno(error, 'ENOENT')) return true;
        throw error;
      },
    );
    const handle = await open(path, 'a', 0o600);
    try {
      await handle.write(line + '\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (isNew) await fsyncDirectory(dir);
  } catch (error) {
    throw new OutboxWriteError(path, 'dead-letter write', error);
  }
  return path;
}
