/**
 * Opening an outbox with a backlog (the terminal restarting after a long time offline),
 * and the memory each waiting entry holds once open.
 *
 * Open is compared with the obvious alternative store: the same entries as one JSON
 * document read through lowdb's JSONFile adapter (read the file, JSON.parse it). Memory
 * is compared with the raw payload bytes the entries carry.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { JSONFile } from 'lowdb/node';
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
import type { MemoryReport } from './outbox-memory-child.js';
import { eventMessage } from './sample-event.js';

const logger = quietLogger('outbox-replay');
const ROOT = new URL('..', import.meta.url).pathname;
const CHILD = new URL('./outbox-memory-child.ts', import.meta.url).pathname;

interface StoredEntry {
  seq: number;
  id: string;
  topic: string;
  payload: string;
  storedAt: string;
}

async function writeJsonStore(path: string, entries: number): Promise<void> {
  const list: StoredEntry[] = Array.from({ length: entries }, (_, i) => {
    const message = eventMessage(i);
    const storedAt = new Date().toISOString();
    return { seq: i + 1, ...message, payload: message.payload.toString('utf8'), storedAt };
  });
  await new JSONFile<{ entries: StoredEntry[] }>(path).write({ entries: list });
}

async function openRows(root: string, backlog: Backlog, size: Size): Promise<BenchRow> {
  const jsonPath = join(root, 'outbox.json');
  await writeJsonStore(jsonPath, backlog.entries);
  let round = 0;

  const samples = await alternate(
    roundsFor(size, 7),
    async () => {
      const start = process.hrtime.bigint();
      const data = await new JSONFile<{ entries: StoredEntry[] }>(jsonPath).read();
      const ms = msSince(start);
      if (data?.entries.length !== backlog.entries) {
        throw new BenchError('outbox-replay', `JSON store gave ${data?.entries.length} entries`);
      }
      return ms;
    },
    async () => {
      round += 1;
      const dir = join(root, `open-${round}`);
      await copyBacklog(backlog, dir);
      const start = process.hrtime.bigint();
      const outbox = await Outbox.open({ dir, logger, ...BENCH_LIMITS });
      const ms = msSince(start);
      const depth = outbox.depth;
      await outbox.close();
      if (depth !== backlog.entries) {
        throw new BenchError('outbox-replay', `outbox reopened with ${depth} entries`);
      }
      return ms;
    },
  );

  const baseline = median(samples.baseline);
  const ours = median(samples.ours);
  return {
    name: `outbox open, backlog of ${backlog.entries}: time`,
    baseline: { value: baseline, unit: 'ms' },
    ours: { value: ours, unit: 'ms' },
    ratio: pairedRatio(samples.ours, samples.baseline),
    meaning: 'ours ÷ reading the same entries as a lowdb JSON file; below 1 = faster',
  };
}

function measureMemory(dir: string): Promise<MemoryReport> {
  return new Promise((resolve, reject) => {
    const args = ['--expose-gc', '--import', 'tsx', CHILD, dir];
    execFile(process.execPath, args, { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) {
        const detail = stderr.trim().split('\n').slice(-3).join(' | ');
        reject(new BenchError('outbox-replay', `memory child failed: ${detail}`, { cause: error }));
        return;
      }
      resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as MemoryReport);
    });
  });
}

async function memoryRows(root: string, backlog: Backlog, size: Size): Promise<BenchRow[]> {
  const reports: MemoryReport[] = [];
  for (let round = 0; round < roundsFor(size, 3); round += 1) {
    const dir = join(root, `memory-${round}`);
    await copyBacklog(backlog, dir);
    const report = await measureMemory(dir);
    if (report.entries !== backlog.entries || report.payloadBytes !== backlog.payloadBytes) {
      throw new BenchError('outbox-replay', `memory child saw ${report.entries} entries`);
    }
    reports.push(report);
  }

  const payload = backlog.payloadBytes / backlog.entries;
  const held = median(reports.map((report) => report.heldBytes)) / backlog.entries;
  const rss = median(reports.map((report) => report.rssBytes)) / backlog.entries;
  const name = `outbox open, backlog of ${backlog.entries}`;
  return [
    {
      name: `${name}: heap+buffers per entry`,
      baseline: { value: payload, unit: 'B payload' },
      ours: { value: held, unit: 'B held' },
      ratio: held / payload,
      meaning: 'memory held per waiting entry ÷ its payload bytes (overhead factor)',
    },
    {
      name: `${name}: RSS per entry`,
      baseline: { value: payload, unit: 'B payload' },
      ours: { value: rss, unit: 'B RSS' },
      ratio: rss / payload,
      meaning: 'process growth per waiting entry ÷ its payload bytes (noisier)',
    },
  ];
}

export const outboxReplay: Benchmark = {
  name: 'outbox-replay',
  async run(size: Size): Promise<BenchRow[]> {
    const entries = size === 'full' ? 10_000 : 200;
    return withTempDir('outbox-replay', async (root) => {
      const backlog = await buildBacklog(join(root, 'backlog'), entries);
      const open = await openRows(root, backlog, size);
      return [open, ...(await memoryRows(root, backlog, size))];
    });
  },
};
