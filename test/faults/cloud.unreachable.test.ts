/**
 * A cloud that cannot be reached or changes under the hub, under steady load: locks and a bridge offline,
 * DNS failure, the key revoked (the second key takes over), a 12 hour outage, the emulator restarted with
 * changed state. Same invariants as every row (runner.ts); figures in docs/faults.md.
 */
import { afterAll, beforeEach, describe, it } from 'vitest';
import { addHostsEntry } from './hostsEntry.js';
import { watchProcess } from './processFailures.js';
import { figureLine, runScenario } from './runner.js';
import { unreachableCloud } from './scenarios.js';

watchProcess();
const hosts = addHostsEntry();
afterAll(() => hosts.remove());
// A row that failed half way must not leave the name unresolvable for the next.
beforeEach(() => void (hosts.up = true));

describe('an unreachable or changing cloud', () => {
  for (const scenario of unreachableCloud(hosts)) {
    it(
      scenario.name,
      async () => {
        console.log(figureLine(await runScenario(scenario)));
      },
      60_000,
    );
  }
});
