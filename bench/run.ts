/** Runs every benchmark in turn; each prints its figures and writes them to bench/results.json. */
const benchmarks = ['./clientOverhead.ts', './hub.ts', './homebridge.ts', './mqtt.ts', './keys.ts'];

for (const path of benchmarks) {
  const module = (await import(path)) as { run: () => Promise<void> };
  await module.run();
}
