/**
 * The event path's envelope cost: EventRecorder.record (type check, random id, time,
 * seq, JSON of the envelope, then outbox.append) against JSON.stringify of the bare
 * event data + outbox.append, on outboxes of their own.
 *
 * Burst: events recorded at once; syncs are grouped, so the CPU cost of the envelope
 * shows. One by one: each awaited, as a single tap produces it; the sync dominates.
 */
import { join } from 'node:path';
import { EventRecorder } from '../kiosk/upstream/events.js';
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
import { EVENTS_TOPIC, checkInData } from './sample-event.js';

type Mode = 'burst' | 'one by one';

const logger = quietLogger('event-record');
const IDENTITY = { site: 'demo-site', terminalId: 'cell-0412' };
let roundNo = 0;

function round(root: string, count: number, mode: Mode, envelope: boolean) {
  return async (): Promise<number> => {
    roundNo += 1;
    const outbox = await Outbox.open({ dir: join(root, `events-${roundNo}`), logger });
    const recorder = new EventRecorder(outbox, IDENTITY);
    const one = (i: number): Promise<unknown> => {
      const data = checkInData(i);
      if (envelope) return recorder.record({ type: 'duty.check-in', data });
      const payload = Buffer.from(JSON.stringify(data));
      return outbox.append({ id: `ev-${i}`, topic: EVENTS_TOPIC, payload });
    };

    try {
      const start = process.hrtime.bigint();
      if (mode === 'burst') await Promise.all(Array.from({ length: count }, (_, i) => one(i)));
      else for (let i = 0; i < count; i += 1) await one(i);
      const ms = msSince(start);
      if (outbox.depth !== count) {
        throw new BenchError('event-record', `outbox holds ${outbox.depth} of ${count} events`);
      }
      return ms;
    } finally {
      await outbox.close();
    }
  };
}

async function compare(root: string, count: number, mode: Mode, size: Size): Promise<BenchRow> {
  const samples = await alternate(
    roundsFor(size, mode === 'burst' ? 7 : 15),
    round(root, count, mode, false),
    round(root, count, mode, true),
  );
  const baseline = median(samples.baseline.map((ms) => (ms * 1000) / count));
  const ours = median(samples.ours.map((ms) => (ms * 1000) / count));
  return {
    name: `event record, ${mode === 'burst' ? `burst of ${count}` : `${count} one by one`}`,
    baseline: { value: baseline, unit: 'µs/ev' },
    ours: { value: ours, unit: 'µs/ev' },
    ratio: pairedRatio(samples.ours, samples.baseline),
    meaning: 'record() ÷ stringify+append per event; above 1 = envelope overhead',
  };
}

export const eventRecord: Benchmark = {
  name: 'event-record',
  async run(size: Size): Promise<BenchRow[]> {
    return withTempDir('event-record', async (root) => [
      await compare(root, size === 'full' ? 2000 : 20, 'burst', size),
      await compare(root, size === 'full' ? 100 : 10, 'one by one', size),
    ]);
  },
};
