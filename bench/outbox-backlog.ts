/**
 * A journal holding a backlog of waiting events, built once and copied for each round,
 * so every round opens (or drains) exactly the same file.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { JOURNAL_FILE, Outbox } from '../kiosk/upstream/outbox.js';
import { BenchError, quietLogger } from './harness.js';
import { eventMessage } from './sample-event.js';

const logger = quietLogger('outbox-backlog');

export interface Backlog {
  /** Folder holding the built journal; copy it with `copyBacklog`, do not open it. */
  dir: string;
  entries: number;
  payloadBytes: number;
}

/** Room for any backlog a benchmark builds, without high-water warnings. */
export const BENCH_LIMITS = { maxEntries: 50_000, maxBytes: 256 * 1024 * 1024 };

export async function buildBacklog(dir: string, entries: number): Promise<Backlog> {
  const outbox = await Outbox.open({ dir, logger, ...BENCH_LIMITS });
  let payloadBytes = 0;
  try {
    // Bursts of a thousand keep the group commit busy without a million pending promises.
    for (let first = 0; first < entries; first += 1000) {
      const count = Math.min(1000, entries - first);
      const appended = await Promise.all(
        Array.from({ length: count }, (_, i) => outbox.append(eventMessage(first + i))),
      );
      for (const entry of appended) payloadBytes += entry.payload.length;
    }
    if (outbox.depth !== entries) {
      throw new BenchError('outbox-backlog', `built ${outbox.depth} entries, wanted ${entries}`);
    }
  } finally {
    await outbox.close();
  }
  return { dir, entries, payloadBytes };
}

/** Puts a copy of the backlog's journal into `dir` (created), ready for `Outbox.open`. */
export async function copyBacklog(backlog: Backlog, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await copyFile(join(backlog.dir, JOURNAL_FILE), join(dir, JOURNAL_FILE));
}
