/**
 * What Home Assistant sees, against aedes with a real hub on the emulator: availability that tells the truth
 * from the first second, the cloud connectivity entity, slugs stable across restarts, and discovery that
 * offers only what the hub will do.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HubSettings } from '../../src/core/index.js';
import { MqttMirror } from '../../src/mqtt/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { useEmulator } from '../helpers/emulator.js';
import { startHub } from '../helpers/hub.js';
import type { TestBroker } from '../helpers/mqtt.js';
import { Observer, mqttConfig, startTestBroker } from '../helpers/mqtt.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 3, speed: 20 });
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
  await env.control.clearFaults();
  await Promise.all(cleanup.splice(0).map((step) => step()));
});

const base = () => `h${run}`;
const prefix = () => `ha${run}`;

async function observe(): Promise<Observer> {
  const observer = await Observer.connect(broker.url, [`${base()}/#`, `${prefix()}/#`]);
  cleanup.push(() => observer.close());
  return observer;
}

/** A hub and a mirror; `stop` ends both, as a restart would. */
function start(mqttBlock: Record<string, unknown> = {}, settings: Partial<HubSettings> = {}) {
  const { hub } = startHub(env, settings);
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
  const stop = async () => {
    await mirror.stop();
    await hub.stop();
  };
  cleanup.push(stop);
  return { hub, mirror, stop };
}

const cloud = (observer: Observer) =>
  (observer.json(`${base()}/bridge/state`) as { cloud?: string } | undefined)?.cloud;

describe('availability', () => {
  it('is offline for every known lock until the locks are read, overwriting the previous run', async () => {
    const previous = await Observer.connect(broker.url, ['nothing']);
    for (const slug of ['front_door', 'garage'])
      await previous.publish(`${base()}/${slug}/availability`, 'online', { retain: true });
    await previous.close();
    await env.control.setFaults([{ path: '.*', status: 503 }]);
    const observer = await observe();
    start();
    await observer.waitFor(`${base()}/front_door/availability`, (message) => message.text === 'offline');
    await observer.waitFor(`${base()}/garage/availability`, (message) => message.text === 'offline');
    await waitFor(() => cloud(observer) === 'offline', 10_000, 'the cloud reported offline');
    await env.control.clearFaults();
    await observer.waitFor(
      `${base()}/front_door/availability`,
      (message) => message.text === 'online',
      20_000,
    );
    await waitFor(() => cloud(observer) === 'online', 10_000, 'the cloud reported online');
  });

  it('the connectivity entity follows the Tedee cloud: offline after sustained failure, online again after', async () => {
    const observer = await observe();
    start({}, { unavailableAfterFailures: 2 });
    await waitFor(() => cloud(observer) === 'online', 10_000, 'the cloud online');
    const connectivity = observer.json(`${prefix()}/binary_sensor/tedee_hub_${base()}/connectivity/config`)!;
    expect(connectivity.value_template).toBe("{{ 'ON' if value_json.cloud == 'online' else 'OFF' }}");
    await env.control.setFaults([{ path: 'sync', status: 503 }]);
    await waitFor(() => cloud(observer) === 'offline', 20_000, 'the cloud offline');
    expect(JSON.parse(observer.last(`${base()}/bridge/state`)!.text)).toMatchObject({ state: 'online' });
    await env.control.clearFaults();
    await waitFor(() => cloud(observer) === 'online', 20_000, 'the cloud online again');
  });
});

describe('slugs', () => {
  it('stay with their lock across restarts and name clashes (kept with the hub data)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hub-data-'));
    const observer = await observe();
    const first = start({}, { dataDir });
    await first.hub.ready();
    // The lock with the lower serial number takes a name already in use: it gets the suffix, the other keeps its topic.
    await env.control.patchLock(101, { name: 'Back Door' });
    await observer.waitFor(`${base()}/back_door_000001`);
    expect(first.mirror.slugOf('20420103-000002')).toBe('back_door');
    await first.stop();
    const second = start({}, { dataDir });
    await second.hub.ready();
    await waitFor(() => second.mirror.slugOf('20420103-000001'));
    expect(second.mirror.slugOf('20420103-000001')).toBe('back_door_000001');
    expect(second.mirror.slugOf('20420103-000002')).toBe('back_door');
  });

  it('a slug that changed while the hub was not running has its retained topics cleared', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hub-data-'));
    const observer = await observe();
    const first = start({}, { dataDir });
    await first.hub.ready();
    await observer.waitFor(`${base()}/garage`, (message) => message.text.includes('LOCKED'));
    await first.stop();
    await env.control.patchLock(103, { name: 'Shed' });
    start({}, { dataDir });
    await observer.waitFor(`${base()}/shed`, (message) => message.text.includes('LOCKED'));
    await observer.waitFor(`${base()}/garage`, (message) => message.text === '');
    await observer.waitFor(`${base()}/garage/availability`, (message) => message.text === '');
  });
});

describe('discovery', () => {
  const node = (serial: string) => `${base()}_20420103_${serial}`;

  it('announces a read-only binary_sensor (device class lock) while commands are off', async () => {
    const observer = await observe();
    start();
    const config = await observer.waitFor(`${prefix()}/binary_sensor/${node('000001')}/lock/config`);
    const payload = JSON.parse(config.text) as Record<string, unknown>;
    expect(payload).toMatchObject({ device_class: 'lock', state_topic: `${base()}/front_door` });
    expect(payload).not.toHaveProperty('command_topic');
    expect(observer.last(`${prefix()}/lock/${node('000001')}/lock/config`)?.text).toBe('');
  });

  it('offers payload_open only where open is allowed over MQTT', async () => {
    const observer = await observe();
    start({
      commands: {
        enabled: true,
        actions: ['lock', 'unlock'],
        locks: [{ name: 'Back Door', actions: ['lock', 'unlock', 'open'] }],
      },
    });
    const front = await observer.waitFor(`${prefix()}/lock/${node('000001')}/lock/config`);
    const back = await observer.waitFor(`${prefix()}/lock/${node('000002')}/lock/config`);
    expect(JSON.parse(front.text)).not.toHaveProperty('payload_open');
    expect(JSON.parse(back.text)).toMatchObject({
      payload_open: 'OPEN',
      command_topic: `${base()}/back_door/set`,
    });
  });

  it('builds the command JSON with tojson, so a code with " or \\ arrives intact', async () => {
    const code = 'pa"ss\\word';
    const observer = await observe();
    start({ commands: { enabled: true, code } });
    const config = await observer.waitFor(`${prefix()}/lock/${node('000002')}/lock/config`);
    const template = (JSON.parse(config.text) as { command_template: string }).command_template;
    expect(template).toBe('{{ {"action": value, "code": code} | tojson }}');
    // What Home Assistant renders from that template: JSON with the code escaped.
    await observer.publish(`${base()}/back_door/set`, JSON.stringify({ action: 'LOCK', code }));
    const result = await observer.waitFor(`${base()}/back_door/result`);
    expect(JSON.parse(result.text)).toMatchObject({ outcome: 'confirmed' });
  });

  it('unique ids and discovery topics include the base topic, so two mirrors on one broker stay apart', async () => {
    const observer = await Observer.connect(broker.url, [`${prefix()}/#`]);
    cleanup.push(() => observer.close());
    start();
    const { hub } = startHub(env);
    const other = new MqttMirror(
      hub,
      mqttConfig({
        url: broker.url,
        protocolVersion: 4,
        baseTopic: `other${run}`,
        discovery: { prefix: prefix() },
      }),
      new MemoryLogger(),
      { version: '1' },
    );
    other.start();
    cleanup.push(() => other.stop());
    const mine = await observer.waitFor(`${prefix()}/binary_sensor/${node('000001')}/lock/config`);
    const theirs = await observer.waitFor(
      `${prefix()}/binary_sensor/other${run}_20420103_000001/lock/config`,
    );
    const ids = [mine, theirs].map(
      (message) => JSON.parse(message.text) as { unique_id: string; device: { identifiers: string[] } },
    );
    expect(ids[0]!.unique_id).toBe(`${node('000001')}_lock`);
    expect(ids[0]!.unique_id).not.toBe(ids[1]!.unique_id);
    expect(ids[0]!.device.identifiers).not.toEqual(ids[1]!.device.identifiers);
  });
});
