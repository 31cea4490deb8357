import { afterEach } from 'vitest';
import type { HubEvents, HubSettings, LockHub } from '../../src/core/index.js';
import { HUB_EVENT_NAMES, createHub } from '../../src/core/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import type { EmulatorFixture } from './emulator.js';
import { waitFor } from './wait.js';

export interface HubFixture {
  hub: LockHub;
  logger: MemoryLogger;
  events: { event: keyof HubEvents; payload: unknown }[];
}

const running: LockHub[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((hub) => hub.stop()));
});

/** A hub on the emulator, sharing its clock, recording every event; stopped after the test. */
export function startHub(env: EmulatorFixture, settings: Partial<HubSettings> = {}): HubFixture {
  const logger = new MemoryLogger();
  const hub = createHub(
    { personalAccessKey: env.key, apiUrl: env.url, pollInterval: 10, ...settings },
    { logger, clock: env.emulator.clock },
  );
  const events: HubFixture['events'] = [];
  for (const event of HUB_EVENT_NAMES) {
    hub.on(event, (payload) => void events.push({ event, payload }));
  }
  running.push(hub);
  hub.start();
  return { hub, logger, events };
}

/** A hub whose only key is revoked (deleted with the emulator's master key), once it has stopped polling. */
export async function startHubWithRevokedKey(env: EmulatorFixture): Promise<HubFixture> {
  const only = await env.control.createKey();
  const fixture = startHub(env, { personalAccessKey: only.key });
  await fixture.hub.ready();
  await fetch(`${env.url}/api/v37/my/personalaccesskey/${only.id}`, {
    method: 'DELETE',
    headers: { Authorization: `PersonalKey ${env.key}` },
  });
  await waitFor(() => fixture.logger.lines.some((line) => line.message.startsWith('Polling stopped')));
  return fixture;
}

export function eventsOf<K extends keyof HubEvents>(fixture: HubFixture, event: K): HubEvents[K][] {
  return fixture.events
    .filter((entry) => entry.event === event)
    .map((entry) => entry.payload as HubEvents[K]);
}
