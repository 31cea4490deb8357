/**
 * The MQTT mirror against an in-process aedes broker, with a real hub on the emulator: topics, retained state,
 * availability, Home Assistant discovery, commands allowed and refused, garbage, reconnects, renames, removal.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MqttConfig } from '../../src/config/index.js';
import { validateConfig } from '../../src/config/index.js';
import { MqttMirror, defaultClientId } from '../../src/mqtt/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { useEmulator } from '../helpers/emulator.js';
import { startHub } from '../helpers/hub.js';
import type { TestBroker } from '../helpers/mqtt.js';
import { Observer, startTestBroker } from '../helpers/mqtt.js';
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
  await Promise.all(cleanup.splice(0).map((step) => step()));
});

/** Every test gets its own base topic and discovery prefix on the shared broker. */
function config(mqtt: Record<string, unknown> = {}): MqttConfig {
  const result = validateConfig({
    personalAccessKey: 'abc.def',
    mqtt: {
      url: broker.url,
      protocolVersion: 4,
      baseTopic: `t${run}`,
      discovery: { prefix: `ha${run}` },
      ...mqtt,
    },
  });
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config.mqtt!;
}

async function mirror(mqtt: Record<string, unknown> = {}, hubSettings: Parameters<typeof startHub>[1] = {}) {
  const fixture = startHub(env, hubSettings);
  const logger = new MemoryLogger();
  const cfg = config(mqtt);
  const observer = await Observer.connect(broker.url, [`t${run}/#`, `ha${run}/#`]);
  const instance = new MqttMirror(fixture.hub, cfg, logger, { version: '1.2.3' });
  instance.start();
  cleanup.push(
    () => observer.close(),
    () => instance.stop(),
  );
  await fixture.hub.ready();
  const base = `t${run}`;
  await observer.waitFor(`${base}/back_door`);
  return { hub: fixture.hub, mirror: instance, observer, logger, base, prefix: `ha${run}` };
}

describe('state topics', () => {
  it('publishes bridge state, retained snake_case state and availability per lock', async () => {
    const { observer, base } = await mirror();
    expect(observer.json(`${base}/bridge/state`)).toEqual({ state: 'online', cloud: 'online' });
    expect(observer.json(`${base}/front_door`)).toEqual({
      state: 'LOCKED',
      lock_state: 'locked',
      battery: 87,
      charging: false,
      door: 'closed',
      jammed: false,
      connected: true,
      last_changed: expect.any(String) as string,
    });
    expect(observer.last(`${base}/front_door/availability`)?.text).toBe('online');
    const late = await Observer.connect(broker.url, [`${base}/#`]);
    cleanup.push(() => late.close());
    const retained = await late.waitFor(`${base}/garage`);
    expect(retained.retain).toBe(true);
    expect((await late.waitFor(`${base}/bridge/state`)).retain).toBe(true);
  });

  it('publishes each change, and availability offline for a disconnected lock', async () => {
    const { observer, base } = await mirror();
    await env.control.physical(102, 'unlock');
    await observer.waitFor(`${base}/back_door`, (message) => message.text.includes('"UNLOCKED"'));
    await env.control.patchLock(103, { connected: false });
    await observer.waitFor(`${base}/garage/availability`, (message) => message.text === 'offline');
    await env.control.jam(101);
    const jammed = await observer.waitFor(`${base}/front_door`, (message) => message.text.includes('JAMMED'));
    expect(JSON.parse(jammed.text)).toMatchObject({ state: 'JAMMED', lock_state: 'jammed', jammed: true });
  });

  it('publishes state without retain when retain is off', async () => {
    const { observer, base } = await mirror({ retain: false });
    const late = await Observer.connect(broker.url, [`${base}/#`]);
    cleanup.push(() => late.close());
    await late.waitFor(`${base}/bridge/state`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(late.on(`${base}/front_door`)).toEqual([]);
    expect(observer.on(`${base}/front_door`).length).toBeGreaterThan(0);
  });
});

// Keys Home Assistant's MQTT lock, sensor and binary_sensor platforms accept (HA docs).
const COMMON = [
  'availability',
  'availability_mode',
  'device',
  'enabled_by_default',
  'entity_category',
  'icon',
  'json_attributes_template',
  'json_attributes_topic',
  'name',
  'origin',
  'qos',
  'state_topic',
  'unique_id',
  'value_template',
];
const ALLOWED: Record<string, string[]> = {
  lock: [
    ...COMMON,
    'code_format',
    'command_template',
    'command_topic',
    'optimistic',
    'payload_lock',
    'payload_open',
    'payload_reset',
    'payload_unlock',
    'retain',
    'state_jammed',
    'state_locked',
    'state_locking',
    'state_open',
    'state_opening',
    'state_unlocked',
    'state_unlocking',
  ],
  sensor: [
    ...COMMON,
    'device_class',
    'expire_after',
    'force_update',
    'state_class',
    'suggested_display_precision',
    'unit_of_measurement',
  ],
  binary_sensor: [
    ...COMMON,
    'device_class',
    'expire_after',
    'force_update',
    'off_delay',
    'payload_off',
    'payload_on',
  ],
};
const DEVICE_KEYS = [
  'configuration_url',
  'connections',
  'hw_version',
  'identifiers',
  'manufacturer',
  'model',
  'model_id',
  'name',
  'serial_number',
  'suggested_area',
  'sw_version',
  'via_device',
];

describe('Home Assistant discovery', () => {
  it('publishes a lock, battery, charging and door entity per lock on one device linked to the hub device', async () => {
    const { observer, base, prefix } = await mirror({
      commands: { enabled: true, actions: ['lock', 'unlock', 'open'] },
    });
    const node = `t${run}_20420103_000001`;
    const lock = await observer.waitFor(`${prefix}/lock/${node}/lock/config`);
    expect(lock.retain).toBe(false);
    const configs = ['lock/lock', 'sensor/battery', 'binary_sensor/charging', 'binary_sensor/door'].map(
      (path) => {
        const [component, object] = path.split('/') as [string, string];
        const payload = observer.json(`${prefix}/${component}/${node}/${object}/config`)!;
        expect(payload, path).toBeDefined();
        expect(
          Object.keys(payload).filter((key) => !ALLOWED[component]!.includes(key)),
          `${path} has keys HA does not know`,
        ).toEqual([]);
        expect(Object.keys(payload.device as object).filter((key) => !DEVICE_KEYS.includes(key))).toEqual([]);
        return payload;
      },
    );
    const [lockConfig, battery, charging, door] = configs as [
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    expect(lockConfig).toMatchObject({
      unique_id: `${node}_lock`,
      command_topic: `${base}/front_door/set`,
      state_topic: `${base}/front_door`,
      value_template: '{{ value_json.state }}',
      payload_lock: 'LOCK',
      payload_unlock: 'UNLOCK',
      payload_open: 'OPEN',
      availability_mode: 'all',
      device: {
        identifiers: [node],
        name: 'Front Door',
        manufacturer: 'Tedee',
        model: 'Lock PRO',
        serial_number: '20420103-000001',
        via_device: `tedee_hub_t${run}`,
      },
    });
    expect(lockConfig).not.toHaveProperty('code_format');
    expect(battery).toMatchObject({
      device_class: 'battery',
      unit_of_measurement: '%',
      value_template: '{{ value_json.battery }}',
    });
    expect(charging).toMatchObject({ device_class: 'battery_charging' });
    expect(door).toMatchObject({ device_class: 'door' });
    const hubConfig = observer.json(`${prefix}/binary_sensor/tedee_hub_t${run}/connectivity/config`)!;
    expect(hubConfig.device).toMatchObject({ identifiers: [`tedee_hub_t${run}`], name: 'Tedee Hub' });
    expect(JSON.stringify(observer.messages.map((message) => message.text))).not.toContain(
      env.key.split('.')[1],
    );
  });

  it('has no door entity without a door sensor, no payload_open without pull spring, code_format when a code is set', async () => {
    await env.control.patchLock(102, { pullSpringEnabled: false });
    const { observer, prefix } = await mirror({
      commands: { enabled: true, actions: ['lock', 'open'], code: '482913' },
    });
    const node = `t${run}_20420103_000002`;
    const lock = await observer.waitFor(`${prefix}/lock/${node}/lock/config`);
    const payload = JSON.parse(lock.text) as Record<string, unknown>;
    expect(payload).not.toHaveProperty('payload_open');
    expect(payload).toMatchObject({
      code_format: '^\\d+$',
      command_template: '{{ {"action": value, "code": code} | tojson }}',
    });
    expect(lock.text).not.toContain('482913');
    expect(
      observer.on(`${prefix}/binary_sensor/${node}/door/config`).every((message) => message.text === ''),
    ).toBe(true);
  });

  it('republishes everything when Home Assistant says it is online', async () => {
    const { observer, base, prefix } = await mirror();
    const before = observer.on(`${base}/garage`).length;
    const configsBefore = observer.on(`${prefix}/binary_sensor/t${run}_20420103_000003/lock/config`).length;
    await observer.publish(`${prefix}/status`, 'online');
    await waitFor(() => observer.on(`${base}/garage`).length > before);
    await waitFor(
      () => observer.on(`${prefix}/binary_sensor/t${run}_20420103_000003/lock/config`).length > configsBefore,
    );
  });

  it('removes the entities of a lock that disappears, and clears its retained state', async () => {
    const { observer, base, prefix } = await mirror();
    await env.control.removeLock(103);
    // The hub removes a lock after 3 lock lists over 10 minutes lack it (docs/hub.md). At 20x that is 30 s of
    // real time, so emulated time jumps 30 s at a time (the hub shares the emulator's clock: each jump fires
    // its due poll) until the entities are gone, about 20 jumps.
    const lockConfig = `${prefix}/binary_sensor/t${run}_20420103_000003/lock/config`;
    await waitFor(
      async () => {
        if (observer.on(lockConfig).some((message) => message.text === '')) return true;
        await env.control.setTime({ advanceMs: 30_000 });
        return false;
      },
      60_000,
      `an empty message on ${lockConfig}`,
    );
    await observer.waitFor(`${base}/garage`, (message) => message.text === '');
    await observer.waitFor(`${base}/garage/availability`, (message) => message.text === '');
  }, 90_000);

  it('clears earlier discovery when discovery is off', async () => {
    const { observer, prefix } = await mirror({ discovery: { enabled: false, prefix: `ha${run}` } });
    const lock = await observer.waitFor(`${prefix}/binary_sensor/t${run}_20420103_000001/lock/config`);
    expect(lock.text).toBe('');
  });
});

describe('renames', () => {
  it('moves a renamed lock to its new topic and clears the old retained messages', async () => {
    const { observer, base, prefix } = await mirror();
    await env.control.patchLock(102, { name: 'Kitchen Door' });
    await observer.waitFor(`${base}/kitchen_door`, (message) => message.text.includes('LOCKED'));
    await observer.waitFor(`${base}/back_door`, (message) => message.text === '');
    await observer.waitFor(`${base}/back_door/availability`, (message) => message.text === '');
    await observer.waitFor(`${prefix}/binary_sensor/t${run}_20420103_000002/lock/config`, (message) =>
      message.text.includes(`"${base}/kitchen_door"`),
    );
  });
});

describe('commands', () => {
  async function result(observer: Observer, topic: string, index = 0) {
    await waitFor(() => observer.on(topic).length > index, 10_000, `result ${index} on ${topic}`);
    return JSON.parse(observer.on(topic)[index]!.text) as Record<string, unknown>;
  }

  it('are off by default: refused on the result topic, nothing sent to the cloud', async () => {
    const { observer, base } = await mirror();
    await observer.publish(`${base}/front_door/set`, 'UNLOCK');
    expect(await result(observer, `${base}/front_door/result`)).toMatchObject({
      action: 'UNLOCK',
      outcome: 'refused',
      reason: expect.stringContaining('off') as string,
    });
    expect((await env.control.stats()).byRoute['POST /my/lock/{id}/operation/unlock']).toBeUndefined();
  });

  it('run when allowed, confirm on the result topic, and echo a transaction', async () => {
    await env.control.patchLock(102, { state: 2 });
    const { observer, base } = await mirror({ commands: { enabled: true } });
    await observer.publish(`${base}/back_door/set`, '{"action":"lock","transaction":"t-42"}');
    const outcome = await result(observer, `${base}/back_door/result`);
    expect(outcome).toMatchObject({
      action: 'LOCK',
      outcome: 'confirmed',
      state: 'LOCKED',
      transaction: 't-42',
      command_id: expect.any(String) as string,
    });
    expect((await env.control.lock(102)).state).toBe(6);
  });

  it('are allowed per lock and per action: unlock only where listed', async () => {
    const { observer, base } = await mirror({
      commands: { enabled: true, locks: [{ name: 'Front Door', actions: ['lock', 'unlock'] }] },
    });
    await observer.publish(`${base}/back_door/set`, 'UNLOCK');
    expect(await result(observer, `${base}/back_door/result`)).toMatchObject({
      outcome: 'refused',
      reason: expect.stringContaining('not allowed for Back Door') as string,
    });
    await observer.publish(`${base}/front_door/set`, 'unlock');
    expect(await result(observer, `${base}/front_door/result`)).toMatchObject({
      outcome: 'confirmed',
      state: 'UNLOCKED',
    });
  });

  it('need the code when one is set: a wrong code is refused and reported, the right one runs', async () => {
    const { observer, base } = await mirror({
      commands: { enabled: true, actions: ['unlock'], code: '482913' },
    });
    await observer.publish(`${base}/garage/set`, 'UNLOCK');
    expect(await result(observer, `${base}/garage/result`, 0)).toMatchObject({
      outcome: 'refused',
      reason: 'a code is required',
    });
    await observer.publish(`${base}/garage/set`, '{"action":"UNLOCK","code":"111111"}');
    expect(await result(observer, `${base}/garage/result`, 1)).toMatchObject({
      outcome: 'refused',
      reason: 'wrong code',
    });
    await observer.publish(`${base}/garage/set`, '{"action":"UNLOCK","code":482913}');
    expect(await result(observer, `${base}/garage/result`, 2)).toMatchObject({ outcome: 'confirmed' });
    expect(observer.messages.filter((message) => message.text.includes('482913'))).toHaveLength(1);
  });

  it('refuse every command with a code for a while after five wrong codes', async () => {
    const { observer, base, logger } = await mirror({ commands: { enabled: true, code: '482913' } });
    for (let i = 0; i < 5; i++)
      await observer.publish(`${base}/garage/set`, `{"action":"LOCK","code":"00000${i}"}`);
    await observer.publish(`${base}/garage/set`, '{"action":"LOCK","code":"482913"}');
    expect(await result(observer, `${base}/garage/result`, 5)).toMatchObject({
      outcome: 'refused',
      reason: 'too many wrong codes; try again later',
    });
    expect(logger.lines.filter((line) => line.message.includes('5 wrong codes for Garage'))).toHaveLength(1);
    expect((await env.control.stats()).byRoute['POST /my/lock/{id}/operation/lock']).toBeUndefined();
  });

  it.each([
    ['binary', Buffer.from([0xff, 0x00, 0x13, 0x37]), 'not text', 'INVALID_COMMAND'],
    ['huge', Buffer.alloc(5000, 'a'), 'larger than 1024 bytes', 'COMMAND_TOO_LARGE'],
    ['broken JSON', Buffer.from('{"action":'), 'not valid JSON', 'INVALID_COMMAND'],
    [
      'an unknown action',
      Buffer.from('UNLOCK 4821'),
      'unknown action; allowed: LOCK, UNLOCK, OPEN',
      'INVALID_COMMAND',
    ],
    ['a JSON array', Buffer.from('["LOCK"]'), 'must be an object', 'INVALID_COMMAND'],
    [
      'an unknown field',
      Buffer.from('{"action":"LOCK","force":true}'),
      'unknown field "force"',
      'INVALID_COMMAND',
    ],
    [
      'wrong types',
      Buffer.from('{"action":"LOCK","code":{}}'),
      '"code" must be a string or a number',
      'INVALID_COMMAND',
    ],
  ])('refuse %s with one result each and a code, logged once', async (_name, payload, reason, code) => {
    const { observer, base, logger } = await mirror({ commands: { enabled: true } });
    await observer.publish(`${base}/front_door/set`, payload);
    await observer.publish(`${base}/front_door/set`, payload);
    const first = await result(observer, `${base}/front_door/result`, 1);
    expect(first).toMatchObject({
      outcome: 'refused',
      code,
      reason: expect.stringContaining(reason) as string,
    });
    expect(first).not.toHaveProperty('action');
    expect(logger.lines.filter((line) => line.message.includes(reason))).toHaveLength(1);
    // A payload may carry a code: it is never repeated in a log line or a result.
    if (payload.length < 100) {
      expect(logger.text()).not.toContain(payload.toString('utf8'));
      expect(observer.last(`${base}/front_door/result`)!.text).not.toContain(payload.toString('utf8'));
    }
    // Nothing more for the two: a third message, refused as well, gets the third result (the mirror answers
    // each message in the order it came, so a late extra result of the first two would come before this one).
    await observer.publish(`${base}/front_door/set`, '["SENTINEL"]');
    await result(observer, `${base}/front_door/result`, 2);
    expect(observer.on(`${base}/front_door/result`)).toHaveLength(3);
    expect((await env.control.stats()).byRoute['POST /my/lock/{id}/operation/lock']).toBeUndefined();
  });
});

describe('topic stability', () => {
  it('keeps a lock on its topic when a lock with the same name joins', async () => {
    const { observer, base } = await mirror();
    const twin = await env.control.addLock('Back Door');
    await observer.waitFor(`${base}/back_door_${twin.serialNumber.replace(/\D/g, '').slice(-6)}`);
    expect(observer.on(`${base}/back_door`).some((message) => message.text === '')).toBe(false);
  });

  it('clears the old topics of a lock renamed while the broker was away, once it is back', async () => {
    const { base, mirror: instance } = await mirror();
    const port = broker.port;
    await broker.close();
    await env.control.patchLock(102, { name: 'Kitchen Door' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    broker = await startTestBroker(port);
    const observer = await Observer.connect(broker.url, [`${base}/#`]);
    cleanup.push(() => observer.close());
    await waitFor(() => instance.isConnected, 20_000);
    await observer.waitFor(`${base}/back_door`, (message) => message.text === '' && message.retain === false);
    await observer.waitFor(`${base}/kitchen_door`, (message) => message.text.includes('LOCKED'));
  });
});

describe('connection', () => {
  it('the last will says offline when the connection dies; it reconnects; stop says offline', async () => {
    const { observer, base, mirror: instance } = await mirror();
    const topic = `${base}/bridge/state`;
    const seen = () =>
      observer.on(topic).map((message) => (JSON.parse(message.text) as { state: string }).state);
    broker.dropClient(defaultClientId(base));
    await waitFor(() => seen().includes('offline'), 5000, 'the last will');
    await waitFor(
      () => seen().lastIndexOf('online') > seen().indexOf('offline'),
      15_000,
      'online again after reconnecting',
    );
    await instance.stop();
    await waitFor(() => seen().at(-1) === 'offline', 5000, 'offline on stop');
    expect(seen()).toEqual(['online', 'offline', 'online', 'offline']);
  });

  it('reconnects after the broker restarts and publishes the latest state once, not a replay', async () => {
    const { base, mirror: instance } = await mirror();
    const port = broker.port;
    await broker.close();
    await env.control.physical(101, 'unlock');
    await new Promise((resolve) => setTimeout(resolve, 700));
    await env.control.physical(101, 'lock');
    await new Promise((resolve) => setTimeout(resolve, 700));
    await env.control.physical(101, 'unlock');
    await new Promise((resolve) => setTimeout(resolve, 700));
    broker = await startTestBroker(port);
    const observer = await Observer.connect(broker.url, [`${base}/front_door`]);
    cleanup.push(() => observer.close());
    await waitFor(() => instance.isConnected, 20_000);
    const state = await observer.waitFor(`${base}/front_door`, () => true, 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(JSON.parse(state.text)).toMatchObject({ state: 'UNLOCKED' });
    expect(observer.on(`${base}/front_door`)).toHaveLength(1);
  });
});
