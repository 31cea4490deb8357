/**
 * Command safety against aedes (an external in-process broker on MQTT 3.1.1, and the embedded broker as
 * `tedee-hub run` starts it): retained commands, exactly one result per command with a code, the size limit,
 * the wrong-code lockout per requester kept across restarts, and who the embedded broker lets in.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HubSettings } from '../../src/core/index.js';
import { MqttMirror, startEmbeddedBroker } from '../../src/mqtt/index.js';
import { slugify } from '../../src/mqtt/topics.js';
import { startMqtt } from '../../src/runtime/services.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { useEmulator } from '../helpers/emulator.js';
import { startHub } from '../helpers/hub.js';
import type { TestBroker } from '../helpers/mqtt.js';
import { Observer, mqttConfig, nthJson, startTestBroker } from '../helpers/mqtt.js';
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

/** A mirror on the shared external aedes broker (MQTT 3.1.1), with its own base topic. */
async function external(mqttBlock: Record<string, unknown> = {}, settings: Partial<HubSettings> = {}) {
  const { hub } = startHub(env, settings);
  const logger = new MemoryLogger();
  const base = `c${run}`;
  const config = mqttConfig({
    url: broker.url,
    protocolVersion: 4,
    baseTopic: base,
    clientId: `hub-${base}`,
    discovery: { prefix: `ha${run}` },
    ...mqttBlock,
  });
  const observer = await Observer.connect(broker.url, [`${base}/#`]);
  const mirror = new MqttMirror(hub, config, logger, { version: '1' });
  mirror.start();
  cleanup.push(
    () => observer.close(),
    () => mirror.stop(),
  );
  await hub.ready();
  await observer.waitFor(`${base}/back_door`);
  return { hub, mirror, observer, logger, base };
}

/** The hub with the embedded broker, composed as `tedee-hub run` does. */
async function embedded(mqttBlock: Record<string, unknown> = {}, dataDir?: string) {
  const { hub } = startHub(env, dataDir ? { dataDir } : {});
  const logger = new MemoryLogger();
  const services = await startMqtt(hub, mqttConfig({ embedded: { port: 0 }, ...mqttBlock }), logger);
  cleanup.push(() => services.stop());
  await hub.ready();
  await waitFor(() => services.mirror.isConnected);
  return { hub, services, logger, url: services.broker!.url };
}

const lockRequests = async () =>
  (await env.control.stats()).byRoute['POST /my/lock/{id}/operation/lock']?.count ?? 0;

describe('retained commands', () => {
  it('a retained command found on the broker never runs: it is refused, logged and cleared', async () => {
    const base = `c${run + 1000}`;
    const publisher = await Observer.connect(broker.url, ['nothing']);
    cleanup.push(() => publisher.close());
    await publisher.publish(`${base}/back_door/set`, 'LOCK', { retain: true });
    await env.control.patchLock(102, { state: 2 });
    const { hub } = startHub(env);
    const logger = new MemoryLogger();
    const observer = await Observer.connect(broker.url, [`${base}/+/result`]);
    const mirror = new MqttMirror(
      hub,
      mqttConfig({ url: broker.url, protocolVersion: 4, baseTopic: base, commands: { enabled: true } }),
      logger,
      { version: '1' },
    );
    mirror.start();
    cleanup.push(
      () => observer.close(),
      () => mirror.stop(),
    );
    await hub.ready();
    expect(await nthJson(observer, `${base}/back_door/result`)).toMatchObject({
      outcome: 'refused',
      code: 'RETAINED_COMMAND',
    });
    expect(logger.text()).toContain(`a retained message on ${base}/back_door/set is not a command`);
    // Cleared: a new subscriber finds nothing retained on the command topic.
    const late = await Observer.connect(broker.url, [`${base}/back_door/set`]);
    cleanup.push(() => late.close());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(late.on(`${base}/back_door/set`)).toEqual([]);
    expect(await lockRequests()).toBe(0);
  });

  it('embedded broker: a retained OPEN published while the hub runs never runs, and is cleared', async () => {
    const { url, logger } = await embedded({
      commands: { enabled: true, actions: ['lock', 'unlock', 'open'] },
    });
    const observer = await Observer.connect(url, ['tedee/front_door/result']);
    cleanup.push(() => observer.close());
    await observer.publish('tedee/front_door/set', 'OPEN', { retain: true });
    expect(await nthJson(observer, 'tedee/front_door/result')).toMatchObject({
      outcome: 'refused',
      code: 'RETAINED_COMMAND',
    });
    expect(logger.text()).toContain('retained message on tedee/front_door/set');
    const late = await Observer.connect(url, ['tedee/front_door/set']);
    cleanup.push(() => late.close());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(late.on('tedee/front_door/set').filter((message) => message.text !== '')).toEqual([]);
    const stats = await env.control.stats();
    expect(stats.byRoute['POST /my/lock/{id}/operation/pull']).toBeUndefined();
    expect(stats.byRoute['POST /my/lock/{id}/operation/unlock']).toBeUndefined();
  });
});

describe('exactly one result per command', () => {
  it('six identical LOCKs 2 s apart get six results; those that joined get the command result', async () => {
    await env.control.patchLock(102, { state: 2 });
    // A wider dedupe window than the default 3 s keeps the 2 s gaps joining on a loaded machine, where a
    // real-time hiccup is many emulated seconds; the command is over long before the last request either way.
    const { observer, base, logger } = await external({ commands: { enabled: true } }, { dedupeWindow: 10 });
    const clock = env.emulator.clock;
    for (let i = 0; i < 6; i++) {
      const sentAt = clock.now();
      await observer.publish(`${base}/back_door/set`, `{"action":"LOCK","transaction":${i}}`);
      await waitFor(() => clock.now() >= sentAt + 2000);
    }
    await waitFor(() => observer.on(`${base}/back_door/result`).length >= 6, 15_000, 'six results');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const results = observer
      .on(`${base}/back_door/result`)
      .map((message) => JSON.parse(message.text) as Record<string, unknown>);
    expect(results).toHaveLength(6);
    expect(results.map((result) => result.transaction).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(results.map((result) => result.outcome))).toEqual(new Set(['confirmed']));
    expect(new Set(results.map((result) => result.command_id)).size).toBe(1);
    expect(await lockRequests()).toBe(1);
    // One command, one log line: the repeats that joined it are answered, not logged again.
    expect(logger.lines.filter((line) => line.message.includes('Back Door locked from MQTT'))).toEqual([
      { level: 'info', message: 'Back Door locked from MQTT' },
    ]);
  });

  it('a lock name with control characters reaches the log escaped (outcome and refusal lines)', async () => {
    const name = 'Gar\u001b[31mage\nFAKE 104 line\u202e';
    await env.control.patchLock(101, { name, state: 2 });
    const { observer, base, logger } = await external({
      commands: { enabled: true, locks: [{ serialNumber: '20420103-000001', actions: ['lock'] }] },
    });
    const topic = `${base}/${slugify(name)}`;
    await observer.publish(`${topic}/set`, 'UNLOCK');
    expect(await nthJson(observer, `${topic}/result`)).toMatchObject({ outcome: 'refused' });
    await observer.publish(`${topic}/set`, 'LOCK');
    expect(await nthJson(observer, `${topic}/result`, 1)).toMatchObject({ outcome: 'confirmed' });
    const shown = 'Gar\\u001b[31mage\\u000aFAKE 104 line\\u202e';
    const messages = logger.lines.map((line) => line.message);
    expect(messages).toContain(`${shown} locked from MQTT`);
    expect(messages.find((message) => message.includes(' refused ('))).toContain(`for ${shown} refused`);
    // eslint-disable-next-line no-control-regex
    expect(messages.filter((message) => /[\u0000-\u001f\u007f-\u009f\u202e]/.test(message))).toEqual([]);
  });

  it('a command the hub refuses carries the hub code', async () => {
    await env.control.patchLock(103, { connected: false });
    const { observer, base } = await external({ commands: { enabled: true } });
    await observer.publish(`${base}/garage/set`, 'LOCK');
    expect(await nthJson(observer, `${base}/garage/result`)).toMatchObject({
      action: 'LOCK',
      outcome: 'refused',
      code: 'LOCK_OFFLINE',
    });
  });

  it('a command that fails carries a code', async () => {
    await env.control.patchLock(102, { state: 2 });
    const { observer, base } = await external({ commands: { enabled: true } });
    await env.control.setFaults([{ path: 'operation/lock', status: 400 }]);
    cleanup.push(() => env.control.clearFaults());
    await observer.publish(`${base}/back_door/set`, 'LOCK');
    const result = await nthJson(observer, `${base}/back_door/result`);
    expect(result).toMatchObject({ action: 'LOCK', outcome: 'failed', code: expect.any(String) as string });
  });

  it('a command before the hub has read the locks is refused with HUB_STARTING on a known topic', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hub-data-'));
    const first = await external({ commands: { enabled: true } }, { dataDir });
    await first.mirror.stop();
    await env.control.setFaults([{ path: '.*', status: 503 }]);
    cleanup.push(() => env.control.clearFaults());
    const { hub } = startHub(env, { dataDir });
    const mirror = new MqttMirror(
      hub,
      mqttConfig({ url: broker.url, protocolVersion: 4, baseTopic: first.base, commands: { enabled: true } }),
      new MemoryLogger(),
      { version: '1' },
    );
    mirror.start();
    cleanup.push(() => mirror.stop());
    await waitFor(() => mirror.isConnected);
    const before = first.observer.on(`${first.base}/garage/result`).length;
    await first.observer.publish(`${first.base}/garage/set`, 'LOCK');
    expect(await nthJson(first.observer, `${first.base}/garage/result`, before)).toMatchObject({
      outcome: 'refused',
      code: 'HUB_STARTING',
    });
  });

  it('a /set on an unknown slug is logged, not answered under an invented topic', async () => {
    const { observer, base, logger } = await external({ commands: { enabled: true } });
    await observer.publish(`${base}/no_such_door/set`, 'LOCK');
    await waitFor(() => logger.text().includes('no lock has the topic "no_such_door"'));
    await observer.publish(`${base}/front_door/set`, 'LOCK');
    await observer.waitFor(`${base}/front_door/result`);
    expect(observer.on(`${base}/no_such_door/result`)).toEqual([]);
  });
});

/** A raw MQTT 3.1.1 client that announces a PUBLISH of `size` bytes and streams it without holding it. */
async function sendHugePublish(url: string, topic: string, size: number): Promise<void> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.on('error', () => undefined);
  const clientId = Buffer.from('huge');
  const connectBody = Buffer.concat([
    Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60, 0, clientId.length]),
    clientId,
  ]);
  socket.write(Buffer.concat([Buffer.from([0x10, connectBody.length]), connectBody]));
  const topicBytes = Buffer.from(topic);
  const remaining = 2 + topicBytes.length + size;
  const length: number[] = [];
  for (let rest = remaining; rest > 0; rest = Math.floor(rest / 128))
    length.push((rest % 128) | (rest >= 128 ? 0x80 : 0));
  socket.write(
    Buffer.concat([
      Buffer.from([0x30, ...length, topicBytes.length >> 8, topicBytes.length & 0xff]),
      topicBytes,
    ]),
  );
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  for (let sent = 0; sent < size && !socket.destroyed; sent += chunk.length) {
    if (!socket.write(chunk))
      await new Promise((resolve) => {
        socket.once('drain', resolve);
        socket.once('close', resolve);
      });
  }
  socket.destroy();
}

describe('the size limit', () => {
  it('embedded broker: a 100 MB command is refused with a result and does not grow the process by 100 MB', async () => {
    const { url, logger } = await embedded({ commands: { enabled: true } });
    const observer = await Observer.connect(url, ['tedee/front_door/result']);
    cleanup.push(() => observer.close());
    const before = process.memoryUsage();
    let peak = before.rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      await sendHugePublish(url, 'tedee/front_door/set', 100 * 1024 * 1024);
      const result = await nthJson(observer, 'tedee/front_door/result');
      expect(result).toMatchObject({ outcome: 'refused', code: 'COMMAND_TOO_LARGE' });
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    // 100 MB held anywhere in this process would show; 40 MB leaves room for the garbage collector's moods.
    expect(peak - before.rss).toBeLessThan(40 * 1024 * 1024);
    expect(logger.text()).toMatch(/dropped a client that sent a packet of \d+ bytes/);
    expect(await lockRequests()).toBe(0);
  });
});

describe('wrong-code lockout', () => {
  const commands = { enabled: true, code: '482913' };

  it('is per lock and per client, survives a restart, and never refuses the right code from another client', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hub-data-'));
    const first = await embedded({ commands }, dataDir);
    const guesser = await Observer.connect(first.url, ['tedee/+/result'], { clientId: 'guesser' });
    for (let i = 0; i < 5; i++) {
      await guesser.publish('tedee/garage/set', `{"action":"LOCK","code":"00000${i}"}`);
      await nthJson(guesser, 'tedee/garage/result', i);
    }
    await guesser.publish('tedee/garage/set', '{"action":"LOCK","code":"482913"}');
    expect(await nthJson(guesser, 'tedee/garage/result', 5)).toMatchObject({ code: 'CODE_LOCKED_OUT' });
    const owner = await Observer.connect(first.url, ['tedee/garage/result'], { clientId: 'owner' });
    await owner.publish('tedee/garage/set', '{"action":"LOCK","code":"482913"}');
    await owner.waitFor('tedee/garage/result', (message) => message.text.includes('"confirmed"'));
    await guesser.close();
    await owner.close();
    await first.services.stop();
    const file = join(dataDir, 'mqtt', 'tedee', 'lockouts.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(await import('node:fs').then((fs) => fs.readFileSync(file, 'utf8')))).not.toContain(
      '482913',
    );

    const second = await embedded({ commands }, dataDir);
    const again = await Observer.connect(second.url, ['tedee/garage/result'], { clientId: 'guesser' });
    cleanup.push(() => again.close());
    await again.publish('tedee/garage/set', '{"action":"LOCK","code":"482913"}');
    expect(await nthJson(again, 'tedee/garage/result')).toMatchObject({ code: 'CODE_LOCKED_OUT' });
  });
});

describe('the embedded broker', () => {
  it('with mqtt.username and password accepts only those, and the hub itself', async () => {
    const { url } = await embedded({ username: 'ha', password: 'ha-secret', commands: { enabled: true } });
    await expect(mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 3000 })).rejects.toThrow();
    await expect(
      mqtt.connectAsync(url, { reconnectPeriod: 0, username: 'ha', password: 'wrong', connectTimeout: 3000 }),
    ).rejects.toThrow();
    const ha = await Observer.connect(url, ['tedee/#'], { username: 'ha', password: 'ha-secret' });
    cleanup.push(() => ha.close());
    await ha.waitFor('tedee/front_door', (message) => message.text.includes('LOCKED'));
    await ha.publish('tedee/front_door/set', 'LOCK');
    await ha.waitFor('tedee/front_door/result', (message) => message.text.includes('confirmed'));
  });

  it('tedee-hub check-config names mqtt.embedded.host on another address without credentials', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-'));
    const file = join(dir, 'hub.json');
    writeFileSync(
      file,
      JSON.stringify({ personalAccessKey: 'abc.def', mqtt: { embedded: { host: '0.0.0.0' } } }),
    );
    const run = spawnSync(process.execPath, ['dist/cli/main.js', 'check-config', file], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toContain('mqtt.embedded.host: must be a loopback address');
  });

  it.each([['#'], ['homeassistant/#'], ['tedee/+/set']])(
    "tedee-hub check-config refuses the response space %s: it covers the hub's own topics",
    (filter) => {
      const dir = mkdtempSync(join(tmpdir(), 'check-'));
      const file = join(dir, 'hub.json');
      const commands = { enabled: true, responseTopics: ['tedee/response/#', filter] };
      writeFileSync(file, JSON.stringify({ personalAccessKey: 'abc.def', mqtt: { embedded: {}, commands } }));
      const run = spawnSync(process.execPath, ['dist/cli/main.js', 'check-config', file], {
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      expect(run.stdout).toContain("mqtt.commands.responseTopics[1]: covers the hub's own topics");
    },
  );

  it('without credentials listens on loopback only, and refuses to start on another address', async () => {
    const { url } = await embedded();
    expect(new URL(url).hostname).toBe('127.0.0.1');
    await expect(startEmbeddedBroker({ port: 0, host: '0.0.0.0' })).rejects.toThrow(
      /^mqtt\.embedded\.host: 0\.0\.0\.0 is not a loopback address/,
    );
    const { hub } = startHub(env);
    await expect(
      startMqtt(hub, mqttConfig({ embedded: { port: 0, host: '127.0.0.1' } }), new MemoryLogger()).then(
        (services) => services.stop(),
      ),
    ).resolves.toBeUndefined();
  });
});

describe('the embedded broker, as a broker', () => {
  it("sends a client's last will when its connection drops without a DISCONNECT", async () => {
    const { url } = await embedded();
    const observer = await Observer.connect(url, ['clients/gone']);
    cleanup.push(() => observer.close());
    const client = await mqtt.connectAsync(url, {
      reconnectPeriod: 0,
      clientId: 'will-client',
      will: { topic: 'clients/gone', payload: Buffer.from('will-client'), qos: 1, retain: false },
    });
    // A reset, as a crashing device or a dropped network path gives (no FIN, the broker sees an error).
    (client.stream as unknown as Socket).resetAndDestroy();
    await observer.waitFor('clients/gone', (message) => message.text === 'will-client');
    client.end(true);
  });
});
