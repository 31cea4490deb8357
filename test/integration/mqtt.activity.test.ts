/**
 * Door activity over MQTT, against aedes with a real hub on the emulator: each entry on
 * `<base>/<lock>/activity`, not retained, with who came in and never a code; Home Assistant discovery of one
 * event entity per lock; and none of it (no entity, no activity read) when it is turned off.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTIVITY_ACTIONS } from '../../src/core/index.js';
import { MqttMirror } from '../../src/mqtt/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { activityReads, enterWithPin } from '../helpers/activity.js';
import { useEmulator } from '../helpers/emulator.js';
import { startHub } from '../helpers/hub.js';
import type { TestBroker } from '../helpers/mqtt.js';
import { Observer, mqttConfig, startTestBroker } from '../helpers/mqtt.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ speed: 20, lockListPer10Minutes: 1000 });
const FRONT_DOOR = 101;
let broker: TestBroker;
let run = 0;
const cleanup: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});
beforeEach(async () => {
  await env.control.reset();
  run++;
});
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((step) => step()));
});

const base = () => `act${run}`;
const prefix = () => `haact${run}`;

async function start(mqttBlock: Record<string, unknown> = {}) {
  const observer = await Observer.connect(broker.url, [`${base()}/#`, `${prefix()}/#`]);
  const { hub } = startHub(env);
  const mirror = new MqttMirror(
    hub,
    mqttConfig({
      url: broker.url,
      protocolVersion: 4,
      baseTopic: base(),
      discovery: { prefix: prefix() },
      ...mqttBlock,
    }),
    new MemoryLogger(),
    { version: '1' },
  );
  mirror.start();
  cleanup.push(async () => {
    await observer.close();
    await mirror.stop();
    await hub.stop();
  });
  const [first] = await hub.ready();
  const serial = hub.lock(FRONT_DOOR)?.serialNumber ?? first!.serialNumber;
  const configTopic = `${prefix()}/event/${base()}_${serial.replace(/-/g, '_')}/activity/config`;
  return { hub, observer, serial, configTopic };
}

describe('door activity over MQTT', () => {
  it('publishes each entry, not retained, with who came in and no code, and an event entity for it', async () => {
    const { hub, observer, serial, configTopic } = await start();
    const config = await observer.waitFor(configTopic, (message) => message.text !== '');
    expect(JSON.parse(config.text)).toMatchObject({
      name: 'Activity',
      unique_id: `${base()}_${serial.replace(/-/g, '_')}_activity`,
      state_topic: `${base()}/front_door/activity`,
      event_types: [...ACTIVITY_ACTIONS],
      device: { identifiers: [`${base()}_${serial.replace(/-/g, '_')}`], serial_number: serial },
      availability_mode: 'all',
    });
    await waitFor(
      () => hub.activityStatus().following.includes(serial),
      15_000,
      'the feed to follow the lock',
    );

    expect((await enterWithPin(env, FRONT_DOOR, 'Cleaner Ann', '582913')).opened).toBe(true);
    const entry = await observer.waitFor(
      `${base()}/front_door/activity`,
      (message) => message.text.includes('UnlockByPin'),
      15_000,
    );
    expect(JSON.parse(entry.text)).toMatchObject({
      event_type: 'unlocked',
      action: 'unlocked',
      method: 'keypad',
      event: 'UnlockByPin',
      pin_alias: 'Cleaner Ann',
      serial_number: serial,
      lock_name: 'Front Door',
    });
    expect(entry.text).not.toContain('582913');

    // A client that comes later gets the retained entity config, and no activity: entries are not retained.
    const late = await Observer.connect(broker.url, [configTopic, `${base()}/front_door/activity`]);
    cleanup.push(() => late.close());
    await late.waitFor(configTopic, (message) => message.retain && message.text !== '');
    expect(late.on(`${base()}/front_door/activity`)).toEqual([]);
  }, 40_000);

  it('publishes no event entity and reads no activity when turned off', async () => {
    const since = env.emulator.clock.now();
    const { hub, observer, configTopic } = await start({ activity: { enabled: false } });
    // Discovery of the lock is there, and the activity entity's config is emptied (an earlier run's removed).
    await observer.waitFor(configTopic, (message) => message.text === '');
    expect(observer.on(configTopic).every((message) => message.text === '')).toBe(true);
    expect(hub.activityStatus().running).toBe(false);
    await waitFor(() => env.emulator.stats.requests(since).length >= 3, 15_000, 'three requests');
    expect(activityReads(env, since)).toBe(0);
  }, 40_000);
});
