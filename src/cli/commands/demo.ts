/**
 * tedee-hub demo [--once] [--speed X]: the emulator and the hub on embedded defaults, with a short guided
 * tour that narrates every hub event. Keeps running for the user to explore until Ctrl-C, unless --once.
 */
import type { HubEvents, LockHub } from '../../core/index.js';
import { createHub } from '../../core/index.js';
import type { Emulator } from '../../emulator/index.js';
import { EmulatorControl, startEmulator } from '../../emulator/index.js';
import { sleep } from '../../util/clock.js';
import { numberOption, parse } from '../args.js';
import type { CliIo } from '../io.js';
import { lineLogger } from '../logger.js';
import { describeLocks } from './locks.js';
import { DESCRIBE } from './watch.js';

const NARRATED = ['stateChanged', 'availabilityChanged', 'commandFinished', 'lockUpdated'] as const;

interface TourContext {
  hub: LockHub;
  emulator: Emulator;
  control: EmulatorControl;
  say: (line: string) => void;
}

async function waitForEvent<K extends keyof HubEvents>(
  hub: LockHub,
  event: K,
  match: (payload: HubEvents[K]) => boolean,
): Promise<void> {
  await new Promise<void>((resolve) => {
    const off = hub.on(event, (payload) => {
      if (!match(payload)) return;
      off();
      resolve();
    });
  });
}

async function tour({ hub, emulator, control, say }: TourContext): Promise<void> {
  const [front, back, garage] = hub.locks();
  if (!front || !back || !garage) return;
  say(`\n1. The hub unlocks ${front.name} and waits for the lock to confirm.`);
  const unlocked = await hub.command(front.id, 'unlock').result;
  say(`   -> ${unlocked.outcome}`);
  say(`\n2. Someone turns the knob of ${back.name} by hand; the next poll notices.`);
  const seen = waitForEvent(hub, 'stateChanged', ({ lock }) => lock.id === back.id);
  await control.physical(back.id, back.status.state === 'locked' ? 'unlock' : 'lock');
  await seen;
  say(`\n3. Three identical "open" requests in a row (as iOS repeats writes): one pull of the spring.`);
  const tickets = [1, 2, 3].map(() => hub.command(front.id, 'open'));
  say(
    `   -> ${tickets.filter((ticket) => ticket.joined).length} of 3 joined the first; ${(await tickets[0]!.result).outcome}`,
  );
  say(`\n4. ${garage.name} loses its bridge connection; the hub marks it unavailable.`);
  const offline = waitForEvent(
    hub,
    'availabilityChanged',
    ({ lock, available }) => lock.id === garage.id && !available,
  );
  await control.patchLock(garage.id, { connected: false });
  await offline;
  await control.patchLock(garage.id, { connected: true });
  await sleep(emulator.clock, 1000);
  say(`\nRequests spent: ${hub.budget().used} of ${hub.budget().limitPerHour} per hour.`);
}

export async function demoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    argv,
    { once: { type: 'boolean' }, speed: { type: 'string' } },
    { min: 0, max: 0, names: '' },
  );
  const speed = numberOption(values.speed, 'speed', 1, 100, 4);
  const emulator = await startEmulator({ locks: 3, seed: 1, speed });
  const control = new EmulatorControl(emulator.url);
  const hub = createHub(
    { personalAccessKey: emulator.key, apiUrl: emulator.url, pollInterval: 10 },
    { logger: lineLogger(io.err, 'text', 'warn'), clock: emulator.clock },
  );
  const say = (line: string) => io.out(line);
  for (const event of NARRATED) {
    hub.on(event, (payload) =>
      say(`   [event] ${(DESCRIBE[event] as (p: HubEvents[typeof event]) => string)(payload)}`),
    );
  }
  try {
    say(
      `Tedee Hub demo: a local Tedee cloud emulator at ${emulator.url} (time runs ${speed}x), and the hub.`,
    );
    hub.start();
    describeLocks(await hub.ready()).forEach((line) => say(`   ${line}`));
    await tour({ hub, emulator, control, say });
    if (values.once) return 0;
    say(`\nThe demo keeps running. In another terminal:`);
    say(`   TEDEE_API_URL=${emulator.url} TEDEE_PAK=${emulator.key} npx tedee-hub locks`);
    say(`Press Ctrl-C to stop.`);
    await io.untilStopped();
    return 0;
  } finally {
    await hub.stop();
    await emulator.close();
  }
}
