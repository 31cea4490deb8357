/**
 * Runs every benchmark in turn (or those whose file names contain one of the arguments: `node bench/run.ts mqtt
 * soak`); each prints its figures and writes them to bench/results.json.
 */
const benchmarks = [
  './clientOverhead.ts',
  './hub.ts',
  './commandOverhead.ts',
  './homebridge.ts',
  './mqtt.ts',
  './mqttBrokers.ts',
  './keys.ts',
  './api.ts',
  './memory.ts',
  './load.ts',
  './soak.ts',
];

const only = process.argv.slice(2);
const failed: string[] = [];
for (const path of benchmarks) {
  if (only.length > 0 && !only.some((name) => path.includes(name))) continue;
  const started = performance.now();
  try {
    const module = (await import(path)) as { run: () => Promise<void> };
    await module.run();
  } catch (error) {
    // One broken benchmark keeps its earlier figures; the others still run.
    failed.push(path);
    console.error(`\n${path} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  console.log(`  (${path} took ${Math.round((performance.now() - started) / 1000)} s)`);
}
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
