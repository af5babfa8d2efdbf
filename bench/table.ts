/** Prints benchmark rows as one aligned plain-text table. */
import type { BenchRow, Figure } from './harness.js';

/** Three significant digits, thousands grouped, so tables stay narrow and readable. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return value.toLocaleString('en-US', {
    maximumFractionDigits: Math.min(digits, 4),
    minimumFractionDigits: 0,
  });
}

function figure(value: Figure): string {
  return `${formatNumber(value.value)} ${value.unit}`;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['benchmark', 'baseline', 'ours', 'ratio', 'what the ratio means'];
  const cells = rows.map((row) => [
    row.name,
    figure(row.baseline),
    figure(row.ours),
    `${formatNumber(row.ratio)}×`,
    row.meaning,
  ]);

  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column]!.length)),
  );
  const render = (line: string[]) =>
    line.map((cell, column) => {
      const width = widths[column]!;
      // Numbers read best right-aligned; words left-aligned.
      return column >= 1 && column <= 3 ? cell.padStart(width) : cell.padEnd(width);
    })
      .join('  ')
      .trimEnd();

  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [render(header), rule, ...cells.map(render)].join('\n');
}
