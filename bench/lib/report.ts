/** Small helpers for benchmarks: percentiles, a printed table, and bench/results.json. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const RESULTS = new URL('../results.json', import.meta.url);

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}

/** Prints the figures of one benchmark and stores them under its name in bench/results.json. */
export function report(name: string, figures: Record<string, unknown>): void {
  console.log(`\n${name}`);
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key}: ${JSON.stringify(value)}`);
  const all = existsSync(RESULTS)
    ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>)
    : {};
  all[name] = { ...figures, measuredAt: new Date().toISOString(), node: process.version };
  writeFileSync(RESULTS, `${JSON.stringify(all, null, 2)}\n`);
}
