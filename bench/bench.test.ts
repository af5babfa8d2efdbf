/**
 * Every benchmark still runs, at its smallest size, and reports well-formed rows. No
 * figure is judged here: speed belongs to `npm run bench`, never to a test.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BENCHMARKS } from './benchmarks.js';
import { frameStream } from './frame-stream.js';
import { alternate, median, type BenchRow } from './harness.js';
import { formatTable } from './table.js';

const ran = new Map<string, BenchRow[]>();

function assertWellFormed(bench: string, row: BenchRow): void {
  const where = `${bench} / ${row.name}`;
  assert.ok(row.name.trim().length > 0, `${bench}: a row has no name`);
  assert.ok(row.meaning.trim().length > 0, `${where}: no meaning given`);
  for (const side of [row.baseline, row.ours]) {
    assert.ok(Number.isFinite(side.value) && side.value >= 0, `${where}: figure ${side.value}`);
    assert.ok(side.unit.trim().length > 0, `${where}: figure without unit`);
  }
  assert.ok(Number.isFinite(row.ratio) && row.ratio >= 0, `${where}: ratio ${row.ratio}`);
}

for (const bench of BENCHMARKS) {
  test(`${bench.name} runs at tiny size and reports well-formed rows`, async () => {
    const rows = await bench.run('tiny');
    assert.ok(rows.length > 0, `${bench.name} reported no rows`);
    for (const row of rows) assertWellFormed(bench.name, row);
    ran.set(bench.name, rows);
  });
}

test('the sync counter sees exactly one sync per event of the naive journal', () => {
  const rows = ran.get('outbox-append');
  assert.ok(rows, 'outbox-append did not run');
  const syncRows = rows.filter((row) => row.name.endsWith('syncs per event'));
  assert.is(syncRows.length, 2);
  for (const row of syncRows) assert.is(row.baseline.value, 1, row.name);
});

test('the table has a line per row with its name and ratio', () => {
  const rows = [...ran.values()].flat();
  const lines = formatTable(rows).split('\n');
  assert.is(lines.length, rows.length + 2);
  rows.forEach((row, index) => {
    assert.ok(lines[index + 2]!.startsWith(row.name), `line ${index + 2}: ${lines[index + 2]}`);
    assert.match(lines[index + 2]!, /\d×/);
  });
});

test('median takes the middle value, or the mean of the two middle ones', () => {
  assert.is(median([5, 1, 3]), 3);
  assert.is(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), /no values/);
});

test('alternate flips which side runs first every round, after one warm-up each', async () => {
  const order: string[] = [];
  const result = await alternate(
    3,
    async () => order.push('b'),
    async () => order.push('o'),
  );
  assert.equal(order, ['b', 'o', 'b', 'o', 'o', 'b', 'b', 'o']);
  assert.is(result.baseline.length, 3);
  assert.is(result.ours.length, 3);
});

test('the frame stream is the same for a seed and covers every byte in its chunks', () => {
  const options = { bytes: 5000, damage: 0.1, maxChunk: 64, seed: 3 };
  const first = frameStream(options);
  const again = frameStream(options);
  assert.ok(Buffer.concat(first.chunks).equals(Buffer.concat(again.chunks)));
  assert.is(first.chunks.reduce((sum, chunk) => sum + chunk.length, 0), first.bytes);
  assert.ok(first.goodPackets > 0);
});

test.run();
