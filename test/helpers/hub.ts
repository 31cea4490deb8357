import { afterEach } from 'vitest';
import type { HubEvents, HubSettings, LockHub } from '../../src/core/index.js';
import { HUB_EVENT_NAMES, createHub } from '../../src/core/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import type { EmulatorFixture } from './emulator.js';
import type { Truthy } from './wait.js';
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

/**
 * Moves the clock the hub shares with the emulator forward `stepMs` at a time, each jump after the hub's
 * last poll has finished, until `condition` holds: minutes of clock time in a few real polls instead of a
 * minute of real time. Each jump fires the hub's due timers (the next poll, a planned recheck, the activity
 * feed) at their due times, so every poll and read still happens for real; only the idle time between
 * them is skipped. Keep `stepMs` at most a few poll intervals, so that a hub reading too often (a read on
 * every poll instead of a planned one) still shows in the emulator's counts.
 */
export async function jumpUntil<T>(
  env: EmulatorFixture,
  fixture: HubFixture,
  condition: () => T,
  { stepMs, maxMs, what }: { stepMs: number; maxMs: number; what: string },
): Promise<Truthy<T>> {
  for (let jumped = 0; ; jumped += stepMs) {
    const value = condition();
    if (value) return value as Truthy<T>;
    if (jumped >= maxMs) throw new Error(`no ${what} after ${jumped} ms of clock time in jumps`);
    await jumpAndPoll(env, fixture, stepMs, what);
  }
}

/** One step of jumpUntil: moves the shared clock forward `stepMs` and waits for the poll that follows. */
export async function jumpAndPoll(
  env: EmulatorFixture,
  fixture: HubFixture,
  stepMs: number,
  what = 'a jump',
): Promise<void> {
  let off = () => {};
  let timer: NodeJS.Timeout | undefined;
  // On the event itself, not a check every 10 ms: a long run makes thousands of these steps.
  const polled = new Promise<void>((resolve, reject) => {
    off = fixture.hub.on('polled', () => resolve());
    timer = setTimeout(
      () => reject(new Error(`no poll within 10 s of a jump of ${stepMs} ms (${what})`)),
      10_000,
    );
  });
  try {
    await env.control.setTime({ advanceMs: stepMs });
    await polled;
  } finally {
    off();
    clearTimeout(timer);
  }
}
