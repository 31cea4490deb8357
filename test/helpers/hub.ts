import { afterEach } from 'vitest';
import type { HubEvents, HubSettings, LockHub } from '../../src/core/index.js';
import { HUB_EVENT_NAMES, createHub } from '../../src/core/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import type { EmulatorFixture } from './emulator.js';

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

export function eventsOf<K extends keyof HubEvents>(fixture: HubFixture, event: K): HubEvents[K][] {
  return fixture.events
    .filter((entry) => entry.event === event)
    .map((entry) => entry.payload as HubEvents[K]);
}
