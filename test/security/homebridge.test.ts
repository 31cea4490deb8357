/**
 * Security review, Homebridge: a real Homebridge 2 process with the built plugin, a known PAK and a secondary
 * (the primary revoked while it runs), the HTTP API (an owner key made beforehand in its data folder), MQTT to a
 * broker with a password and a command code, a `strict` known doorcode issued, and a HomeKit write. Every log
 * line, every MQTT message, every HTTP answer and every file in the Homebridge storage folder (but the
 * config.json the user wrote): only prefixes and masked codes; the hub's folder 0700 and its files 0600.
 */
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openApplications } from '../../src/core/index.js';
import { KeyStore } from '../../src/core/keys/store.js';
import { apiClient, type ApiAnswer } from '../helpers/apiServer.js';
import { useEmulator } from '../helpers/emulator.js';
import { HAP_TYPE, HapClient } from '../helpers/hapClient.js';
import { startHomebridge } from '../helpers/homebridge.js';
import { Observer, startTestBroker } from '../helpers/mqtt.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';
import type { Haystack, Needle } from './secrets.js';
import { accessKeyNeedles, filesUnder, leaks, lines, pakNeedles, wrongModes } from './secrets.js';

const env = useEmulator({ locks: 2, speed: 10 });
const DOORCODE = '58207316';
const MQTT_PASSWORD = 'mqtt-pw-Vq7Lk2Rr9Zt';
const COMMAND_CODE = 'cmd-code-J4nW8x';
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('security review: Homebridge', () => {
  it('logs, MQTT, answers and the storage folder hold only prefixes and masked codes', async () => {
    const primary = await env.control.createKey({ name: 'primary' });
    const secondary = await env.control.createKey({ name: 'secondary' });
    const [door] = await env.control.locks();
    await env.control.patchLock(door!.id, { keypad: true });
    const storage = mkdtempSync(join(tmpdir(), 'security-hb-'));
    const dataDir = join(storage, 'tedee-hub');
    const store = KeyStore.open({ dataDir });
    const apps = openApplications(store);
    const ownerKey = apps.addAccessKey(apps.addApplication({ name: 'Admin', group: 'owner' }).id, {
      name: 'main',
    }).key;
    store.close();
    const broker = await startTestBroker();
    closers.push(() => broker.close());
    const observer = await Observer.connect(broker.url);
    closers.push(() => observer.close());
    const port = await freePort();
    // The plugin's link lives outside the storage folder, whose every file is searched.
    const plugins = mkdtempSync(join(tmpdir(), 'security-hb-plugins-'));
    symlinkSync(resolve('.'), join(plugins, 'homebridge-tedee-hub'));
    const homebridge = await startHomebridge({
      package: 'homebridge',
      storage,
      pluginPath: plugins,
      platforms: [
        {
          platform: 'TedeeHub',
          name: 'Tedee',
          personalAccessKey: primary.key,
          secondaryAccessKey: secondary.key,
          apiUrl: env.url,
          pollInterval: 10,
          api: { port },
          mqtt: {
            url: broker.url,
            protocolVersion: 4,
            username: 'hb',
            password: MQTT_PASSWORD,
            commands: { enabled: true, code: COMMAND_CODE },
          },
        },
      ],
    });
    closers.push(() => homebridge.stop());
    await homebridge.waitForLog(/HTTP API on/);

    const answers: ApiAnswer[] = [];
    const owner = async (...args: Parameters<ReturnType<typeof apiClient>>) => {
      const answer = await apiClient(`http://127.0.0.1:${port}`, ownerKey)(...args);
      answers.push(answer);
      return answer;
    };
    const issued = await waitFor(async () => {
      const answer = await owner('POST', '/api/v1/keys', {
        body: {
          name: 'Stay',
          persons: [{ name: 'Ann' }],
          doors: [door!.id],
          credentials: { doorcode: { policy: 'strict', code: DOORCODE } },
        },
      });
      return answer.status !== 503 && answer;
    }, 20_000);
    expect(issued.status).toBe(201);
    await owner('GET', `/api/v1/keys/${issued.body.id as string}`);

    // The primary PAK revoked: the next cloud call (a HomeKit write) moves to the secondary, and the log says so
    // with prefixes only.
    await fetch(`${env.url}/api/v37/my/personalaccesskey/${primary.id}`, {
      method: 'DELETE',
      headers: { Authorization: `PersonalKey ${env.key}` },
    });
    const hap = new HapClient(homebridge.port);
    const target = await waitFor(
      () =>
        hap.find(door!.serialNumber, HAP_TYPE.LockMechanism, HAP_TYPE.LockTargetState).catch(() => undefined),
      20_000,
    );
    expect(await hap.write(target, 0)).toBe(204);
    await homebridge.waitForLog(/unlocked from HomeKit/);
    await homebridge.waitForLog(/switched to the secondary key/);
    await observer.waitFor(`tedee/front_door`, (message) => message.text.includes('UNLOCKED'));
    const whileRunning = filesUnder(storage, 'storage (running)');
    expect(whileRunning.map((file) => file.source)).toContain('storage (running)/tedee-hub/keys.db-wal');
    const modesWhileRunning = wrongModes(dataDir);
    expect(await homebridge.stop()).toBe(0);

    const notConfig = (file: Haystack) => !file.source.endsWith('/config.json');
    const haystacks: Haystack[] = [
      ...lines('homebridge log', homebridge.logs),
      ...observer.messages.map((message) => ({ source: `mqtt ${message.topic}`, text: message.text })),
      ...answers.map((answer, i) => ({ source: `http answer ${i} (${answer.status})`, text: answer.text })),
    ];
    const files = [...whileRunning, ...filesUnder(storage, 'storage')].filter(notConfig);
    const needles: Needle[] = [
      ...pakNeedles('the primary PAK', primary.key),
      ...pakNeedles('the secondary PAK', secondary.key),
      { name: 'the doorcode', text: DOORCODE },
      { name: 'the MQTT password', text: MQTT_PASSWORD },
      { name: 'the command code', text: COMMAND_CODE },
    ];
    expect(homebridge.logs.join('\n')).toContain(`switched to the secondary key ${secondary.prefix}.***`);
    expect(leaks(haystacks, [...needles, ...accessKeyNeedles('the owner key', ownerKey, 'output')])).toEqual(
      [],
    );
    expect(leaks(files, [...needles, ...accessKeyNeedles('the owner key', ownerKey, 'file')])).toEqual([]);
    // Positive control: the user's own config.json holds the PAK, and the search finds it there.
    expect(
      leaks(
        filesUnder(storage, 'storage').filter((file) => !notConfig(file)),
        needles,
      ),
    ).toEqual([
      'storage/config.json: the primary PAK',
      'storage/config.json: the secondary PAK',
      'storage/config.json: the MQTT password',
      'storage/config.json: the command code',
    ]);
    expect(modesWhileRunning).toEqual([]);
    expect(wrongModes(dataDir)).toEqual([]);
  });
});
