/**
 * Renders bench/results.json as a markdown table on stdout: one row per benchmark, its figures and the command
 * that reproduces them. `node bench/table.ts > table.md`; the README and docs/benchmarks.md take it as it is.
 */
import { readResults } from './lib/report.ts';
import type { BenchResult } from './lib/report.ts';

/** Nested figures become dotted names: {"1 doors": {"medianS": 2}} -> "1 doors.medianS: 2". */
function flatten(figures: Record<string, unknown>, prefix = ''): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(figures)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      lines.push(...flatten(value as Record<string, unknown>, name));
    } else {
      lines.push(`${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    }
  }
  return lines;
}

/** A table cell may hold neither a pipe nor a line break. */
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function renderTable(results: BenchResult[]): string {
  const rows = results.map((result) => {
    const figures = flatten(result.figures).map(cell).join('<br>');
    return `| ${cell(result.name)} | ${figures} | \`${result.command}\` |`;
  });
  const first = results.map((result) => result.measuredAt).sort()[0] ?? '';
  const last =
    results
      .map((result) => result.measuredAt)
      .sort()
      .at(-1) ?? '';
  const where = results[0] ? `${results[0].machine}, Node ${results[0].node}` : 'no results yet';
  return [
    `Measured ${first.slice(0, 10)} to ${last.slice(0, 10)} on ${where}.`,
    '',
    '| benchmark | figures | reproduce |',
    '| --------- | ------- | --------- |',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(renderTable(readResults()));
