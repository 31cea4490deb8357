import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start servers and child processes and spend most of their time waiting for polls, locks
    // and processes (the suite keeps 2 cores about 70 % busy with 2 workers): 3 workers keep the cores busier and
    // the whole `npm test` under 10 minutes. Timing assertions have margins for the contention this brings.
    maxWorkers: 3,
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
  },
});
