/**
 * The mirror against a real Mosquitto (MQTT 3.1.1 and 5) with users and an ACL, as a Home Assistant setup
 * would have it. Skipped when mosquitto is not installed; CI installs it with apt-get.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/index.js';
import { MqttMirror } from '../../src/mqtt/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { useEmulator } from '../helpers/emulator.js';
import { startHub } from '../helpers/hub.js';
import type { RunningMosquitto } from '../helpers/mosquitto.js';
import { MOSQUITTO, startMosquitto } from '../helpers/mosquitto.js';
import { Observer } from '../helpers/mqtt.js';
import { waitFor } from '../helpers/wait.js';

const ACL = [
  'user hub',
  'topic readwrite tedee/#',
  'topic readwrite homeassistant/#',
  'user ha',
  'topic read tedee/#',
  'topic write tedee/+/set',
  'topic readwrite homeassistant/#',
  '',
].join('\n');
const USERS = { hub: 'hub-secret', ha: 'ha-secret', intruder: 'intruder-secret' };

if (!MOSQUITTO)
  console.warn(
    'mqtt.mosquitto.test.ts skipped: mosquitto is not installed (CI installs it with apt-get install mosquitto).',
  );

describe.skipIf(!MOSQUITTO)('against Mosquitto (skipped when mosquitto is not installed)', () => {
  const env = useEmulator({ locks: 2, speed: 5 });
  let broker: RunningMosquitto;
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    broker = await startMosquitto(USERS, ACL);
  });
  afterAll(async () => {
    await broker?.stop();
  });
  beforeEach(async () => {
    await env.control.reset();
  });
  afterEach(async () => {
    await Promise.all(cleanup.splice(0).map((step) => step()));
  });

  /** `responseTopics` replaces the checked list, as if the config check had been bypassed (defence in depth). */
  async function setup(
    protocolVersion: 4 | 5,
    mqtt: Record<string, unknown> = {},
    responseTopics?: string[],
  ) {
    const result = validateConfig({
      personalAccessKey: 'abc.def',
      mqtt: {
        url: broker.url,
        username: 'hub',
        password: USERS.hub,
        protocolVersion,
        clientId: `hub-v${protocolVersion}`,
        ...mqtt,
      },
    });
    if (!result.ok) throw new Error(result.errors.join('; '));
    if (responseTopics) result.config.mqtt!.commands.responseTopics = responseTopics;
    const { hub } = startHub(env);
    const logger = new MemoryLogger();
    const mirror = new MqttMirror(hub, result.config.mqtt!, logger, { version: '1' });
    mirror.start();
    const ha = await Observer.connect(broker.url, ['tedee/#'], {
      username: 'ha',
      password: USERS.ha,
      protocolVersion,
    });
    cleanup.push(
      () => mirror.stop(),
      () => ha.close(),
    );
    await hub.ready();
    await ha.waitFor('tedee/back_door');
    return { hub, mirror, ha, logger };
  }

  describe.each([4, 5] as const)('MQTT %s', (version) => {
    it('publishes retained state that Home Assistant reads with its own user', async () => {
      await setup(version);
      const late = await Observer.connect(broker.url, ['tedee/#'], {
        username: 'ha',
        password: USERS.ha,
        protocolVersion: version,
      });
      cleanup.push(() => late.close());
      const state = await late.waitFor('tedee/front_door');
      expect(state.retain).toBe(true);
      expect(JSON.parse(state.text)).toMatchObject({ state: 'LOCKED', battery: 87 });
      expect((await late.waitFor('tedee/bridge/state')).text).toBe('{"state":"online","cloud":"online"}');
    });

    it('runs an allowed command from the ha user and refuses one that is not allowed', async () => {
      const { ha } = await setup(version, { commands: { enabled: true, actions: ['unlock'] } });
      await ha.publish('tedee/back_door/set', 'UNLOCK');
      await ha.waitFor('tedee/back_door/result', (message) => message.text.includes('confirmed'));
      await ha.publish('tedee/back_door/set', 'LOCK');
      const refused = await ha.waitFor('tedee/back_door/result', (message) =>
        message.text.includes('refused'),
      );
      expect(JSON.parse(refused.text)).toMatchObject({ action: 'LOCK', outcome: 'refused' });
    });

    it('a user the ACL does not allow cannot send a command', async () => {
      await setup(version, { commands: { enabled: true, actions: ['unlock'] } });
      const intruder = await Observer.connect(broker.url, ['nothing'], {
        username: 'intruder',
        password: USERS.intruder,
        protocolVersion: version,
      });
      cleanup.push(() => intruder.close());
      const sent = intruder.publish('tedee/front_door/set', 'UNLOCK');
      if (version === 5) await expect(sent).rejects.toThrow(/Not authorized/);
      else await sent;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await env.control.stats()).byRoute['POST /my/lock/{id}/operation/unlock']).toBeUndefined();
    });
  });

  it('MQTT 5: a command that expires while it waits for the lock is not run', async () => {
    await env.control.patchLock(101, { autoPullSpringEnabled: true, pullSpringDuration: 10 });
    const { ha } = await setup(5, {
      commands: { enabled: true, actions: ['lock', 'unlock'] },
      clientId: 'hub-expiry',
    });
    await ha.publish('tedee/front_door/set', 'UNLOCK');
    await ha.publish('tedee/front_door/set', 'LOCK', { properties: { messageExpiryInterval: 1 } });
    const expired = await ha.waitFor(
      'tedee/front_door/result',
      (message) => message.text.includes('"LOCK"'),
      20_000,
    );
    expect(JSON.parse(expired.text)).toMatchObject({
      action: 'LOCK',
      outcome: 'failed',
      reason: 'the command expired before it could run',
    });
    expect((await env.control.stats()).byRoute['POST /my/lock/{id}/operation/lock']).toBeUndefined();
  });

  it('MQTT 5: answers on a response topic inside the response space, with the correlation data', async () => {
    const { ha } = await setup(5, { commands: { enabled: true }, clientId: 'hub-response' });
    await ha.publish('tedee/back_door/set', 'LOCK', {
      properties: { responseTopic: 'tedee/response/ha/7', correlationData: Buffer.from('req-7') },
    });
    const reply = await ha.waitFor('tedee/response/ha/7');
    expect(reply.packet.properties?.correlationData?.toString()).toBe('req-7');
    expect(JSON.parse(reply.text)).toMatchObject({ action: 'LOCK', outcome: 'confirmed' });
  });

  it.each(['homeassistant/lock/tedee_20420103_000001/lock/config', 'tedee/bridge/state', 'tedee/front_door'])(
    'MQTT 5: refuses the response topic %s, logs it once, and answers on the result topic only',
    async (responseTopic) => {
      const { ha, logger } = await setup(5, { commands: { enabled: true }, clientId: 'hub-space' });
      await refusedResponse(ha, logger, responseTopic);
    },
  );

  it.each([
    ['tedee/#', 'tedee/bridge/state'],
    ['tedee/#', 'tedee/front_door'],
    ['tedee/#', 'tedee/front_door/availability'],
    ['tedee/+/result', 'tedee/front_door/result'],
    ['#', 'homeassistant/lock/tedee_20420103_000001/lock/config'],
  ])(
    "MQTT 5: a response space of %s never answers on the hub's own topic %s",
    async (space, responseTopic) => {
      const { ha, logger } = await setup(5, { commands: { enabled: true }, clientId: 'hub-own' }, [space]);
      await refusedResponse(ha, logger, responseTopic);
    },
  );

  /** Two requests naming `responseTopic`: both answered on the result topic, none there, one log line. */
  async function refusedResponse(ha: Observer, logger: MemoryLogger, responseTopic: string) {
    const watcher = await Observer.connect(broker.url, ['homeassistant/#', 'tedee/#'], {
      username: 'hub',
      password: USERS.hub,
      protocolVersion: 5,
      clientId: 'watcher',
    });
    cleanup.push(() => watcher.close());
    for (let i = 0; i < 2; i++) {
      await ha.publish('tedee/back_door/set', `{"action":"LOCK","transaction":${i}}`, {
        properties: { responseTopic, correlationData: Buffer.from('x') },
      });
      await ha.waitFor('tedee/back_door/result', (message) => message.text.includes(`"transaction":${i}`));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(watcher.on(responseTopic).filter((message) => message.text.includes('"outcome"'))).toEqual([]);
    expect(
      logger.lines.filter((line) => line.message.includes(`response topic ${responseTopic}`)),
    ).toHaveLength(1);
  }

  it('MQTT 5: a retained command published while the hub runs never runs, and is cleared', async () => {
    await env.control.patchLock(102, { state: 2 });
    const { ha } = await setup(5, { commands: { enabled: true }, clientId: 'hub-rap' });
    await ha.publish('tedee/back_door/set', 'LOCK', { retain: true });
    const refused = await ha.waitFor('tedee/back_door/result');
    expect(JSON.parse(refused.text)).toMatchObject({ outcome: 'refused', code: 'RETAINED_COMMAND' });
    const late = await Observer.connect(broker.url, ['tedee/back_door/set'], {
      username: 'hub',
      password: USERS.hub,
      protocolVersion: 5,
    });
    cleanup.push(() => late.close());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(late.on('tedee/back_door/set')).toEqual([]);
    expect((await env.control.stats()).byRoute['POST /my/lock/{id}/operation/lock']).toBeUndefined();
  });

  it('MQTT 3.1.1: a retained command found at subscription never runs, and is cleared', async () => {
    await env.control.patchLock(102, { state: 2 });
    // Home Assistant publishes the retained command and listens for the result before the hub connects: the
    // hub answers the command it finds at its subscription at once, and that result (not retained) could
    // come before setup's own observer subscribes (seen in CI).
    const publisher = await Observer.connect(broker.url, ['tedee/back_door/result'], {
      username: 'ha',
      password: USERS.ha,
      protocolVersion: 4,
    });
    cleanup.push(() => publisher.close());
    await publisher.publish('tedee/back_door/set', 'LOCK', { retain: true });
    await setup(4, { commands: { enabled: true }, clientId: 'hub-found' });
    const refused = await publisher.waitFor('tedee/back_door/result');
    expect(JSON.parse(refused.text)).toMatchObject({ outcome: 'refused', code: 'RETAINED_COMMAND' });
    expect((await env.control.stats()).byRoute['POST /my/lock/{id}/operation/lock']).toBeUndefined();
  });

  it('MQTT 5: the broker never hands the hub a message over its maximum packet size', async () => {
    await env.control.patchLock(102, { state: 2 });
    const { ha, logger, mirror } = await setup(5, { commands: { enabled: true }, clientId: 'hub-size' });
    await ha.publish('tedee/back_door/set', Buffer.alloc(2 * 1024 * 1024, 'a'));
    await ha.publish('tedee/back_door/set', '{"action":"LOCK","transaction":"after"}');
    await ha.waitFor('tedee/back_door/result', (message) => message.text.includes('"after"'));
    // The 2 MB message never reached the hub: no result for it, no error, still connected.
    expect(ha.on('tedee/back_door/result')).toHaveLength(1);
    expect(mirror.isConnected).toBe(true);
    expect(logger.lines.filter((line) => line.level === 'warn' || line.level === 'error')).toEqual([]);
  });

  it('MQTT 3.1.1: a 10 MB command reaches the hub and is refused with a result, memory bounded', async () => {
    // 3.1.1 has no maximum packet size to announce: Mosquitto delivers it, and the hub must refuse it itself.
    await env.control.patchLock(102, { state: 2 });
    const { ha, mirror } = await setup(4, { commands: { enabled: true }, clientId: 'hub-10mb' });
    const size = () => {
      const { heapUsed, arrayBuffers } = process.memoryUsage();
      return heapUsed + arrayBuffers;
    };
    const before = size();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, size())), 5);
    try {
      await ha.publish('tedee/back_door/set', Buffer.alloc(10 * 1024 * 1024, 'a'));
      const refused = await ha.waitFor('tedee/back_door/result');
      expect(JSON.parse(refused.text)).toMatchObject({ outcome: 'refused', code: 'COMMAND_TOO_LARGE' });
    } finally {
      clearInterval(sampler);
    }
    // The payload is held by the publisher, the broker's delivery to the ha observer and the hub: a few copies
    // of 10 MB at most, never an unbounded growth.
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
    expect(mirror.isConnected).toBe(true);
    await ha.publish('tedee/back_door/set', '{"action":"LOCK","transaction":"after"}');
    await ha.waitFor('tedee/back_door/result', (message) => message.text.includes('"after"'));
    expect((await env.control.stats()).byRoute['POST /my/lock/{id}/operation/lock']?.count).toBe(1);
  });

  it('says which setting to fix when the broker refuses the credentials', async () => {
    const result = validateConfig({
      personalAccessKey: 'abc.def',
      mqtt: { url: broker.url, username: 'hub', password: 'wrong', clientId: 'hub-bad' },
    });
    if (!result.ok) throw new Error(result.errors.join('; '));
    const logger = new MemoryLogger();
    const mirror = new MqttMirror(startHub(env).hub, result.config.mqtt!, logger, { version: '1' });
    mirror.start();
    cleanup.push(() => mirror.stop());
    await waitFor(() =>
      logger.lines.find((line) => line.message.includes('check mqtt.username and mqtt.password')),
    );
    expect(logger.text()).not.toContain('wrong');
  });
});
