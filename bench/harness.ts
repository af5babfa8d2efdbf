/**
 * What every benchmark shares: the row it reports, side-by-side rounds that alternate
 * baseline and ours, medians, temp folders and a quiet logger.
 *
 * The machine is noisy, so no figure is trusted alone: each is the median of several
 * rounds, and the baseline runs in the same process between our rounds, so a slow
 * moment hits both sides alike.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type Logger } from '../drivers/core/logger.js';

/** `full` for `npm run bench`; `tiny` only proves a benchmark runs (bench.test.ts). */
export type Size = 'full' | 'tiny';

export interface Figure {
  value: number;
  unit: string;
}

export interface BenchRow {
  name: string;
  baseline: Figure;
  ours: Figure;
  ratio: number;
  /** How to read the ratio, e.g. "ours ÷ baseline events/s; above 1 = outbox faster". */
  meaning: string;
}

export interface Benchmark {
  name: string;
  run(size: Size): Promise<BenchRow[]>;
}

export class BenchError extends Error {
  constructor(
    readonly bench: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`benchmark ${bench}: ${message}`, options);
    this.name = 'BenchError';
  }
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Median of the per-round ratios `top[i] ÷ bottom[i]`. The two values of a round ran
 * back to back, so a slow spell of the machine hits both and cancels out of their ratio
 * better than out of a ratio of two medians.
 */
export function pairedRatio(top: readonly number[], bottom: readonly number[]): number {
  if (top.length !== bottom.length) {
    throw new RangeError(`paired ratio of ${top.length} and ${bottom.length} values`);
  }
  return median(top.map((value, index) => value / bottom[index]!));
}

/**
 * Runs one unrecorded warm-up of each side, then `rounds` recorded rounds. The order
 * flips every round so neither side always runs first (after a GC, on a cold cache).
 */
export async function alternate<T>(
  rounds: number,
  baseline: () => Promise<T>,
  ours: () => Promise<T>,
): Promise<{ baseline: T[]; ours: T[] }> {
  await baseline();
  await ours();

  const result = { baseline: [] as T[], ours: [] as T[] };
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      result.baseline.push(await baseline());
      result.ours.push(await ours());
    } else {
      result.ours.push(await ours());
      result.baseline.push(await baseline());
    }
  }
  return result;
}

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs `body` with a fresh folder under the system temp dir, removed afterwards. */
export async function withTempDir<T>(
  prefix: string,
  body: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `bench-${prefix}-`));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Errors only: routine outbox and server logs would drown the table. */
export function quietLogger(component: string): Logger {
  return createLogger(`bench:${component}`, { level: 'error' });
}

/** Rounds per side: enough for a stable median on a full run, one to prove a tiny one. */
export function roundsFor(size: Size, full = 5): number {
  return size === 'full' ? full : 1;
}
