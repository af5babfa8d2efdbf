/**
 * Draining a backlog the way the delivery loop does: ack an entry, then ask the outbox
 * for the next window of entries after the last one sent (`pendingAfter`). The same
 * number of acks is timed on a backlog of B and of 10·B: a per-ack cost that does not
 * depend on the backlog gives a ratio near 1, a cost linear in it a ratio near 10 (as
 * it was while the delivery loop rebuilt the whole pending list after every change).
 *
 * Awaited: each ack waits for its sync before the next, as on a slow broker link.
 * Burst: acks issued back to back (a broker answering a full window at once), so the
 * syncs are grouped and the in-memory cost shows.
 */
import { join } from 'node:path';
import { Outbox } from '../kiosk/upstream/outbox.js';
import {
  BenchError,
  alternate,
  median,
  msSince,
  pairedRatio,
  quietLogger,
  roundsFor,
  withTempDir,
  type BenchRow,
  type Benchmark,
  type Size,
} from './harness.js';
import { BENCH_LIMITS, buildBacklog, copyBacklog, type Backlog } from './outbox-backlog.js';

type Mode = 'awaited' | 'burst';

/** What the delivery loop asks after an ack: the next window; returns its first seq. */
function nextWindow(outbox: Outbox, acked: number): number {
  return outbox.pendingAfter(acked, 16)[0]?.seq ?? 0;
}

const logger = quietLogger('outbox-drain');
let roundNo = 0;

async function drainRound(root: string, backlog: Backlog, acks: number, mode: Mode) {
  roundNo += 1;
  const dir = join(root, `drain-${roundNo}`);
  await copyBacklog(backlog, dir);
  const outbox = await Outbox.open({ dir, logger, ...BENCH_LIMITS });
  const seqs = outbox.pending().slice(0, acks).map((entry) => entry.seq);
  let seen = 0;

  try {
    const start = process.hrtime.bigint();
    if (mode === 'awaited') {
      for (const seq of seqs) {
        await outbox.ack(seq);
        seen += nextWindow(outbox, seq);
      }
    } else {
      const done = seqs.map((seq) => {
        const acked = outbox.ack(seq);
        seen += nextWindow(outbox, seq);
        return acked;
      });
      await Promise.all(done);
    }
    const ms = msSince(start);

    // Each ask must have found the entry right after the one acked.
    const expected = seqs.reduce((sum, seq) => sum + seq + 1, 0);
    if (seen !== expected || outbox.depth !== backlog.entries - acks) {
      throw new BenchError('outbox-drain', `next entries summed ${seen}, expected ${expected}`);
    }
    return ms;
  } finally {
    await outbox.close();
  }
}

async function compareBacklogs(root: string, small: Backlog, large: Backlog, size: Size) {
  // Few enough acks that the large backlog stays large and compaction never starts.
  const acks = Math.min(250, Math.floor(small.entries / 2));
  const result: BenchRow[] = [];

  for (const mode of ['awaited', 'burst'] as const) {
    const samples = await alternate(
      roundsFor(size, 9),
      () => drainRound(root, small, acks, mode),
      () => drainRound(root, large, acks, mode),
    );
    const smallRates = samples.baseline.map((ms) => (acks * 1000) / ms);
    const largeRates = samples.ours.map((ms) => (acks * 1000) / ms);
    const smallRate = median(smallRates);
    const largeRate = median(largeRates);
    result.push({
      name: `outbox drain, ${acks} acks ${mode} + next window: ${small.entries} vs ${large.entries}`,
      baseline: { value: smallRate, unit: 'ack/s' },
      ours: { value: largeRate, unit: 'ack/s' },
      ratio: pairedRatio(smallRates, largeRates),
      meaning: `ack cost at ${large.entries} ÷ at ${small.entries}; 1 = O(1), 10 = O(backlog)`,
    });
  }
  return result;
}

export const outboxDrain: Benchmark = {
  name: 'outbox-drain',
  async run(size: Size): Promise<BenchRow[]> {
    const smallCount = size === 'full' ? 1000 : 20;
    return withTempDir('outbox-drain', async (root) => {
      const small = await buildBacklog(join(root, 'small'), smallCount);
      const large = await buildBacklog(join(root, 'large'), smallCount * 10);
      return compareBacklogs(root, small, large, size);
    });
  },
};
