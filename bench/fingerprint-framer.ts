/**
 * The fingerprint framer's throughput on a serial stream cut at random sizes, against
 * a naive framer (join every chunk, scan from the start, decode with exceptions). Both
 * must find exactly the good packets of the stream, or the figure would mean nothing.
 */
import { Framer } from '../drivers/fingerprint/framer.js';
import {
  BenchError,
  alternate,
  median,
  msSince,
  pairedRatio,
  roundsFor,
  type BenchRow,
  type Benchmark,
  type Size,
} from './harness.js';
import { frameStream, type FrameStream } from './frame-stream.js';
import { NaiveFramer } from './naive-framer.js';

function frameAll(name: string, stream: FrameStream, push: (chunk: Buffer) => number) {
  return async (): Promise<number> => {
    let packets = 0;
    const start = process.hrtime.bigint();
    for (const chunk of stream.chunks) packets += push(chunk);
    const ms = msSince(start);
    if (packets !== stream.goodPackets) {
      const message = `${name} found ${packets} packets of ${stream.goodPackets}`;
      throw new BenchError('fingerprint-framer', message);
    }
    return ms;
  };
}

async function compare(label: string, stream: FrameStream, size: Size): Promise<BenchRow> {
  const samples = await alternate(
    roundsFor(size, 21),
    () => {
      const naive = new NaiveFramer();
      return frameAll('naive framer', stream, (chunk) => naive.push(chunk).length)();
    },
    () => {
      const framer = new Framer();
      const count = (chunk: Buffer) => {
        let packets = 0;
        for (const out of framer.push(chunk)) if (out.kind === 'packet') packets += 1;
        return packets;
      };
      return frameAll('framer', stream, count)();
    },
  );

  const megabytes = stream.bytes / 1e6;
  const baseRates = samples.baseline.map((ms) => (megabytes * 1000) / ms);
  const ourRates = samples.ours.map((ms) => (megabytes * 1000) / ms);
  const baseline = median(baseRates);
  const ours = median(ourRates);
  return {
    name: `fingerprint framer, ${label}`,
    baseline: { value: baseline, unit: 'MB/s' },
    ours: { value: ours, unit: 'MB/s' },
    ratio: pairedRatio(ourRates, baseRates),
    meaning: 'ours ÷ naive framer MB/s; above 1 = framer faster',
  };
}

export const fingerprintFramer: Benchmark = {
  name: 'fingerprint-framer',
  async run(size: Size): Promise<BenchRow[]> {
    // Many short rounds rather than a few long ones: both sides share each noisy spell.
    const bytes = size === 'full' ? 1_000_000 : 20_000;
    const clean = frameStream({ bytes, damage: 0, maxChunk: 64, seed: 7 });
    const damaged = frameStream({ bytes, damage: 0.05, maxChunk: 64, seed: 11 });
    return [
      await compare(`clean stream, chunks of 1–64 B`, clean, size),
      await compare(`5% damaged packets + noise`, damaged, size),
    ];
  },
};
