/**
 * `npm run bench`: runs every benchmark and prints one table of ratios against each
 * one's baseline. `npm run bench -- <name> …` runs only the benchmarks named;
 * `--tiny` runs them at the smallest size (a smoke check, figures meaningless).
 */
import { errorMessage } from '../drivers/core/errors.js';
import { BENCHMARKS } from './benchmarks.js';
import type { BenchRow, Size } from './harness.js';
import { formatTable } from './table.js';

async function main(args: string[]): Promise<number> {
  const size: Size = args.includes('--tiny') ? 'tiny' : 'full';
  const names = args.filter((arg) => !arg.startsWith('--'));
  const unknown = names.filter((name) => !BENCHMARKS.some((bench) => bench.name === name));
  if (unknown.length > 0) {
    const known = BENCHMARKS.map((bench) => bench.name).join(', ');
    process.stderr.write(`no benchmark named ${unknown.join(', ')}; known: ${known}\n`);
    return 2;
  }
  const chosen = BENCHMARKS.filter((bench) => names.length === 0 || names.includes(bench.name));

  const rows: BenchRow[] = [];
  let failed = 0;
  const started = Date.now();
  for (const bench of chosen) {
    const benchStart = Date.now();
    process.stderr.write(`running ${bench.name} …`);
    try {
      rows.push(...(await bench.run(size)));
      process.stderr.write(` ${((Date.now() - benchStart) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      failed += 1;
      process.stderr.write(` FAILED: ${errorMessage(error)}\n`);
    }
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`${formatTable(rows)}\n\n`);
  process.stdout.write(`${chosen.length - failed} of ${chosen.length} benchmarks ran (${size}) `);
  process.stdout.write(`in ${seconds} s; each figure is a median of alternating rounds\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
