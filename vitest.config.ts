import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start servers and child processes; two workers match the two cores. Three were tried: the
    // suite was a minute and a half faster, but the fault suites' scaled clocks (test/faults/) then lost their
    // margins on a fresh CI machine (4 failures in one run of two).
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
  },
});
