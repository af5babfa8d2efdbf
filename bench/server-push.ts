/**
 * Pushing the KioskView to the screens over server-sent events: server.pushView to N
 * open streams (the server's limit is 16) against the bare work of serialising the view
 * N times. Each push waits until every client has the view before the next, so no
 * backlog builds up.
 *
 * Server work: pushView (one JSON.stringify, N response writes) and the socket writes
 * Node makes for them on the next tick. Delivered: from the call until the last client
 * has read the view; the clients live in this process, so their reads count too.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type KioskServer } from '../kiosk/server/server.js';
import { sampleView } from '../ui/testing/sample-view.js';
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
import { ViewCounter } from './sse-client.js';

interface Sample {
  callMs: number;
  deliveredMs: number;
}

const view = sampleView();
let sink = 0;

async function serialiseRound(clients: number, pushes: number): Promise<Sample> {
  let totalMs = 0;
  for (let push = 0; push < pushes; push += 1) {
    view.upstream.pendingEvents = push;
    const start = process.hrtime.bigint();
    for (let client = 0; client < clients; client += 1) sink += JSON.stringify(view).length;
    totalMs += msSince(start);
  }
  return { callMs: totalMs, deliveredMs: totalMs };
}

async function pushRound(server: KioskServer, counters: ViewCounter[], pushes: number) {
  let callMs = 0;
  let deliveredMs = 0;
  for (let push = 0; push < pushes; push += 1) {
    view.upstream.pendingEvents = push;
    const target = counters[0]!.views + 1;
    const start = process.hrtime.bigint();
    server.pushView(view);
    // Node corks a response during write() and sends on the next tick: wait for that tick
    // so the socket writes are counted as the server's work.
    await new Promise<void>((resolve) => process.nextTick(resolve));
    callMs += msSince(start);
    await Promise.all(counters.map((counter) => counter.until(target)));
    deliveredMs += msSince(start);
  }
  return { callMs, deliveredMs };
}

async function measure(server: KioskServer, size: Size): Promise<BenchRow[]> {
  const clients = size === 'full' ? 16 : 2;
  const pushes = size === 'full' ? 200 : 5;
  const counters = await Promise.all(
    Array.from({ length: clients }, () => ViewCounter.open(server.port)),
  );

  try {
    // Every stream starts with the current view; wait for it so counts line up.
    await Promise.all(counters.map((counter) => counter.until(1)));
    const samples = await alternate(
      roundsFor(size, 11),
      () => serialiseRound(clients, pushes),
      () => pushRound(server, counters, pushes),
    );

    const perPush = (list: Sample[], key: keyof Sample) =>
      list.map((sample) => (sample[key] * 1000) / pushes);
    const bases = perPush(samples.baseline, 'callMs');
    const calls = perPush(samples.ours, 'callMs');
    const deliveries = perPush(samples.ours, 'deliveredMs');
    const base = median(bases);
    const call = median(calls);
    const delivered = median(deliveries);
    const name = `server push of the view to ${clients} SSE clients`;
    const baseline = { value: base, unit: 'µs/push' };
    return [
      {
        name: `${name}: server work`,
        baseline,
        ours: { value: call, unit: 'µs/push' },
        ratio: pairedRatio(calls, bases),
        meaning: `pushView + writes ÷ ${clients}× JSON.stringify(view); >1 = server overhead`,
      },
      {
        name: `${name}: delivered`,
        baseline,
        ours: { value: delivered, unit: 'µs/push' },
        ratio: pairedRatio(deliveries, bases),
        meaning: `until all ${clients} clients read it ÷ ${clients}× JSON.stringify(view)`,
      },
    ];
  } finally {
    for (const counter of counters) counter.close();
  }
}

export const serverPush: Benchmark = {
  name: 'server-push',
  async run(size: Size): Promise<BenchRow[]> {
    return withTempDir('server-push', async (uiDir) => {
      await writeFile(join(uiDir, 'index.html'), '<!doctype html><title>kiosk</title>');
      const server = await startServer({
        port: 0,
        uiDir,
        logger: quietLogger('server-push'),
        getView: () => view,
      });
      try {
        const rows = await measure(server, size);
        // Keeps the serialised lengths observable, so the baseline loop is never elided.
        if (sink <= 0) throw new BenchError('server-push', 'the baseline serialised nothing');
        return rows;
      } finally {
        await server.close();
      }
    });
  },
};
