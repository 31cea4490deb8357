/**
 * tedee-hub demo [--once] [--speed X]: the emulator, the hub and the MQTT mirror on an embedded broker, with a
 * short guided tour that narrates every hub event and what an MQTT client sees. Keeps running for the user
 * to explore until Ctrl-C, unless --once.
 */
import mqtt from 'mqtt';
import { validateConfig } from '../../config/index.js';
import type { HubEvents, LockHub } from '../../core/index.js';
import { createHub } from '../../core/index.js';
import type { Emulator } from '../../emulator/index.js';
import { EmulatorControl, startEmulator } from '../../emulator/index.js';
import type { MqttServices } from '../../runtime/services.js';
import { startMqtt } from '../../runtime/services.js';
import { sleep } from '../../util/clock.js';
import { numericOption, parse } from '../args.js';
import type { CliIo } from '../io.js';
import { lineLogger } from '../logger.js';
import { describeLocks } from './locks.js';
import { DESCRIBE } from './watch.js';

const NARRATED = ['stateChanged', 'availabilityChanged', 'commandFinished', 'lockUpdated'] as const;

interface TourContext {
  hub: LockHub;
  emulator: Emulator;
  control: EmulatorControl;
  mqtt: MqttServices & { brokerUrl: string };
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

/** An MQTT client as Home Assistant would be: it sends one command and reports the result message. */
async function commandOverMqtt(url: string, slug: string, say: (line: string) => void): Promise<void> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
  try {
    const result = new Promise<string>((resolve) =>
      client.on('message', (_topic, payload) => resolve(payload.toString())),
    );
    await client.subscribeAsync(`tedee/${slug}/result`);
    await client.publishAsync(`tedee/${slug}/set`, 'UNLOCK', { qos: 1 });
    say(`   [mqtt] tedee/${slug}/result ${await result}`);
  } finally {
    await client.endAsync();
  }
}

async function tour({ hub, emulator, control, mqtt: services, say }: TourContext): Promise<void> {
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
  const joined = tickets.filter((ticket) => ticket.joined).length;
  say(`   -> ${joined} of 3 joined the first; ${(await tickets[0]!.result).outcome}`);
  await control.physical(back.id, 'lock');
  await waitForEvent(hub, 'stateChanged', ({ lock }) => lock.id === back.id);
  const slug = services.mirror.slugOf(back.serialNumber) ?? 'back_door';
  say(`\n4. Home Assistant sends UNLOCK to tedee/${slug}/set over MQTT (commands are on in the demo).`);
  await commandOverMqtt(services.brokerUrl, slug, say);
  say(`\n5. ${garage.name} loses its bridge connection; the hub marks it unavailable.`);
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

/** The mqtt block of the demo: an embedded broker on a free port, every command allowed. */
function demoMqttConfig(key: string) {
  const result = validateConfig({
    personalAccessKey: key,
    mqtt: { embedded: { port: 0 }, commands: { enabled: true, actions: ['lock', 'unlock', 'open'] } },
  });
  if (!result.ok || !result.config.mqtt) throw new Error('the demo configuration is not valid');
  return result.config.mqtt;
}

export async function demoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    argv,
    { once: { type: 'boolean' }, speed: { type: 'string' } },
    { min: 0, max: 0, names: '' },
  );
  const speed = numericOption(values.speed, 'speed', { min: 1, max: 100, fallback: 4, fractions: true });
  const emulator = await startEmulator({ locks: 3, seed: 1, speed });
  const control = new EmulatorControl(emulator.url);
  const logger = lineLogger(io.err, 'text', 'warn');
  const hub = createHub(
    { personalAccessKey: emulator.key, apiUrl: emulator.url, pollInterval: 10 },
    { logger, clock: emulator.clock },
  );
  const services = await startMqtt(hub, demoMqttConfig(emulator.key), logger);
  const brokerUrl = services.broker!.url;
  // The tour's own text starts paragraphs with a line break; the names in it are the demo emulator's own.
  const say = (text: string) => text.split('\n').forEach((line) => io.out(line));
  for (const event of NARRATED) {
    hub.on(event, (payload) =>
      say(`   [event] ${(DESCRIBE[event] as (p: HubEvents[typeof event]) => string)(payload)}`),
    );
  }
  try {
    say(`Tedee Hub demo: a local Tedee cloud emulator at ${emulator.url} (time runs ${speed}x), the hub,`);
    say(
      `and the MQTT mirror on an embedded broker at ${brokerUrl} (base topic tedee/, Home Assistant discovery on).`,
    );
    hub.start();
    describeLocks(await hub.ready()).forEach((line) => say(`   ${line}`));
    await tour({ hub, emulator, control, mqtt: { ...services, brokerUrl }, say });
    if (values.once) return 0;
    say(`\nThe demo keeps running. In another terminal:`);
    say(`   TEDEE_API_URL=${emulator.url} TEDEE_PAK=${emulator.key} npx tedee-hub locks`);
    say(`   npx mqtt sub -h 127.0.0.1 -p ${new URL(brokerUrl).port} -t 'tedee/#' -v`);
    say(`Press Ctrl-C to stop.`);
    await io.untilStopped();
    return 0;
  } finally {
    await services.stop();
    await hub.stop();
    await emulator.close();
  }
}
