/**
 * Run with `node --expose-gc --import tsx outbox-memory-child.ts <outbox dir>`: opens
 * the outbox in a process of its own and prints, as one JSON line, how much memory the
 * opened outbox holds. A separate process keeps other benchmarks' garbage out of the
 * figure; forced GCs before each reading keep the journal bytes read during replay
 * (garbage once open returns) out of it.
 */
import { Outbox } from '../kiosk/upstream/outbox.js';
import { quietLogger } from './harness.js';
import { BENCH_LIMITS } from './outbox-backlog.js';

export interface MemoryReport {
  entries: number;
  payloadBytes: number;
  /** Growth of V8 heap plus Buffer memory after open. */
  heldBytes: number;
  rssBytes: number;
}

function settle(): { held: number; rss: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('outbox-memory-child needs node --expose-gc');
  gc();
  gc();
  const usage = process.memoryUsage();
  return { held: usage.heapUsed + usage.arrayBuffers, rss: usage.rss };
}

async function main(dir: string | undefined): Promise<void> {
  if (!dir) throw new Error('usage: outbox-memory-child.ts <outbox dir>');
  const logger = quietLogger('outbox-memory');

  const before = settle();
  const outbox = await Outbox.open({ dir, logger, ...BENCH_LIMITS });
  // The delivery loop asks for pending() at once, so its list is part of what is held.
  const pending = outbox.pending();
  const after = settle();

  const payloadBytes = pending.reduce((sum, entry) => sum + entry.payload.length, 0);
  const report: MemoryReport = {
    entries: outbox.depth,
    payloadBytes,
    heldBytes: after.held - before.held,
    rssBytes: after.rss - before.rss,
  };
  await outbox.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main(process.argv[2]);
