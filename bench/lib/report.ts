/**
 * Small helpers for benchmarks: percentiles, printed figures, and bench/results.json, which holds one object per
 * benchmark: `{name, command, figures, measuredAt, node, machine}`. `node bench/table.ts` renders it as markdown.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS = new URL('../results.json', import.meta.url);

export interface BenchResult {
  name: string;
  /** The command that reproduces these figures, run from the repository's root after `npm run build`. */
  command: string;
  figures: Record<string, unknown>;
  measuredAt: string;
  node: string;
  machine: string;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}

/** The machine, as a reader of the figures needs it: CPU model, cores and memory. */
export function machine(): string {
  const cores = cpus();
  return `${cores[0]?.model.trim() ?? 'unknown CPU'}, ${cores.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`;
}

export function readResults(): BenchResult[] {
  if (!existsSync(RESULTS)) return [];
  const parsed = JSON.parse(readFileSync(RESULTS, 'utf8')) as unknown;
  // Older files were an object keyed by name; their figures are dropped and measured again.
  return Array.isArray(parsed) ? (parsed as BenchResult[]) : [];
}

/**
 * Prints the figures of one benchmark and stores them in bench/results.json, replacing an earlier result of the
 * same name. `script` is the benchmark's `import.meta.url`, from which the reproducing command is written.
 */
export function report(name: string, figures: Record<string, unknown>, script: string): void {
  console.log(`\n${name}`);
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key}: ${JSON.stringify(value)}`);
  const command = `node bench/${basename(fileURLToPath(script))}`;
  const all = readResults().filter((result) => result.name !== name);
  all.push({
    name,
    command,
    figures,
    measuredAt: new Date().toISOString(),
    node: process.version,
    machine: machine(),
  });
  writeFileSync(RESULTS, `${JSON.stringify(all, null, 2)}\n`);
}

/** `report` bound to one benchmark script: `const report = reporter(import.meta.url)`. */
export function reporter(script: string): (name: string, figures: Record<string, unknown>) => void {
  return (name, figures) => report(name, figures, script);
}
