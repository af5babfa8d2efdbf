/**
 * Outbox append against a log that syncs every record on its own.
 *
 * Burst: N appends issued at once, as when a roll call or a shift change produces many
 * events together; the outbox's group commit should answer them with a few syncs.
 * Sequential: each append awaited before the next, where no grouping is possible and
 * the ratio shows the outbox's own bookkeeping on top of one sync per event.
 */
import { join } from 'node:path';
import { Outbox } from '../kiosk/upstream/outbox.js';
import { countSyncs, syncCalls } from './fsync-counter.js';
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
import { NaiveJournal } from './naive-journal.js';
import { eventMessage, journalFrame } from './sample-event.js';

interface Sample {
  ms: number;
  syncs: number;
}

type Mode = 'burst' | 'sequential';

const logger = quietLogger('outbox-append');

let roundNo = 0;

async function measure(count: number, mode: Mode, append: (i: number) => Promise<unknown>) {
  const syncsBefore = syncCalls();
  const start = process.hrtime.bigint();
  if (mode === 'burst') {
    await Promise.all(Array.from({ length: count }, (_, i) => append(i)));
  } else {
    for (let i = 0; i < count; i += 1) await append(i);
  }
  return { ms: msSince(start), syncs: syncCalls() - syncsBefore };
}

function ourRound(root: string, count: number, mode: Mode): () => Promise<Sample> {
  return async () => {
    roundNo += 1;
    const outbox = await Outbox.open({ dir: join(root, `outbox-${roundNo}`), logger });
    try {
      const sample = await measure(count, mode, (i) => outbox.append(eventMessage(i)));
      if (outbox.depth !== count) {
        throw new BenchError('outbox-append', `outbox holds ${outbox.depth}, expected ${count}`);
      }
      return sample;
    } finally {
      await outbox.close();
    }
  };
}

function baselineRound(root: string, count: number, mode: Mode): () => Promise<Sample> {
  return async () => {
    roundNo += 1;
    const journal = await NaiveJournal.open(join(root, `naive-${roundNo}.journal`));
    try {
      return await measure(count, mode, (i) => journal.append(journalFrame(i)));
    } finally {
      await journal.close();
    }
  };
}

function rows(label: string, count: number, samples: { baseline: Sample[]; ours: Sample[] }) {
  const rates = (list: Sample[]) => list.map((s) => (count * 1000) / s.ms);
  const syncs = (list: Sample[]) => list.map((s) => s.syncs / count);
  const baseRate = median(rates(samples.baseline));
  const ourRate = median(rates(samples.ours));
  const baseSyncs = median(syncs(samples.baseline));
  const ourSyncs = median(syncs(samples.ours));

  const result: BenchRow[] = [
    {
      name: `outbox append, ${label}: events/s`,
      baseline: { value: baseRate, unit: 'ev/s' },
      ours: { value: ourRate, unit: 'ev/s' },
      ratio: pairedRatio(rates(samples.ours), rates(samples.baseline)),
      meaning: 'ours ÷ write+fdatasync per event; above 1 = outbox faster',
    },
    {
      name: `outbox append, ${label}: syncs per event`,
      baseline: { value: baseSyncs, unit: 'sync/ev' },
      ours: { value: ourSyncs, unit: 'sync/ev' },
      ratio: pairedRatio(syncs(samples.ours), syncs(samples.baseline)),
      meaning: 'share of the baseline syncs the outbox needs; below 1 = grouped',
    },
  ];
  return result;
}

export const outboxAppend: Benchmark = {
  name: 'outbox-append',
  async run(size: Size): Promise<BenchRow[]> {
    await countSyncs();
    // Sync latency on a shared disk drifts over seconds: many short rounds let both sides
    // sample the same slow and fast spells.
    const burst = size === 'full' ? 1000 : 20;
    const sequential = size === 'full' ? 100 : 10;

    return withTempDir('outbox-append', async (root) => {
      const burstSamples = await alternate(
        roundsFor(size, 7),
        baselineRound(root, burst, 'burst'),
        ourRound(root, burst, 'burst'),
      );
      const sequentialSamples = await alternate(
        roundsFor(size, 15),
        baselineRound(root, sequential, 'sequential'),
        ourRound(root, sequential, 'sequential'),
      );
      return [
        ...rows(`burst of ${burst}`, burst, burstSamples),
        ...rows(`${sequential} one by one`, sequential, sequentialSamples),
      ];
    });
  },
};
