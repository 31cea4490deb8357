/** Runs every benchmark in turn; each prints its figures and writes them to bench/results.json. */
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
for (const path of benchmarks) {
  if (only.length > 0 && !only.some((name) => path.includes(name))) continue;
  const started = performance.now();
  const module = (await import(path)) as { run: () => Promise<void> };
  await module.run();
  console.log(`  (${path} took ${Math.round((performance.now() - started) / 1000)} s)`);
}
