/**
 * A flaky cloud under steady load (20 locks, commands all the time, keys being issued): 5xx, timeouts,
 * dropped connections, 429 bursts, HTML pages and cut JSON. Each row of the table is held to the same
 * invariants (runner.ts); docs/faults.md says what each proves and quotes the figures printed here.
 */
import { afterAll, describe, it } from 'vitest';
import { addHostsEntry } from './hostsEntry.js';
import { watchProcess } from './processFailures.js';
import { figureLine, runScenario } from './runner.js';
import { flakyCloud } from './scenarios.js';

watchProcess();
const hosts = addHostsEntry();
afterAll(() => hosts.remove());

describe('a flaky cloud', () => {
  for (const scenario of flakyCloud()) {
    it(
      scenario.name,
      async () => {
        console.log(figureLine(await runScenario(scenario)));
      },
      60_000,
    );
  }
});
