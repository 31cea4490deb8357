/**
 * The Mosquitto ACL that docs/security.md recommends, read from that page and run in a real Mosquitto with the
 * hub's mirror (MQTT 5): Home Assistant's and a one-door script's commands run; the broker refuses a dashboard's
 * command and the script's command for another door, which never reach the cloud. Skipped when mosquitto is not
 * installed (CI installs it).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/index.js';
import { MqttMirror } from '../../src/mqtt/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { useEmulator } from '../helpers/emulator.js';
import { startHub } from '../helpers/hub.js';
import { MOSQUITTO, startMosquitto } from '../helpers/mosquitto.js';
import { Observer } from '../helpers/mqtt.js';

/** The ACL block of docs/security.md: the fenced block that starts with `# /etc/mosquitto/acl`. */
function documentedAcl(): string {
  const page = readFileSync('docs/security.md', 'utf8');
  const block = /```\n(# \/etc\/mosquitto\/acl\n[\s\S]*?)```/.exec(page);
  if (!block) throw new Error('docs/security.md has no ACL block');
  return block[1]!;
}

const USERS = {
  'tedee-hub': 'hub-secret',
  homeassistant: 'ha-secret',
  dashboard: 'dash-secret',
  'front-door-script': 'script-secret',
};

if (!MOSQUITTO) console.warn('mosquittoAcl.test.ts skipped: mosquitto is not installed.');

describe.skipIf(!MOSQUITTO)('the recommended Mosquitto ACL (docs/security.md)', () => {
  const env = useEmulator({ locks: 2, speed: 10 });
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('lets Home Assistant and the one-door script command, and nobody else', async () => {
    const acl = documentedAcl();
    expect(acl).toContain('user front-door-script');
    const broker = await startMosquitto(USERS, acl);
    cleanup.push(() => broker.stop());
    const config = validateConfig({
      personalAccessKey: 'abc.def',
      mqtt: {
        url: broker.url,
        username: 'tedee-hub',
        password: USERS['tedee-hub'],
        commands: { enabled: true, actions: ['lock', 'unlock'] },
      },
    });
    if (!config.ok) throw new Error(config.errors.join('; '));
    const { hub } = startHub(env);
    const mirror = new MqttMirror(hub, config.config.mqtt!, new MemoryLogger(), { version: '1' });
    mirror.start();
    cleanup.push(() => mirror.stop());
    await hub.ready();
    const as = async (user: keyof typeof USERS, topics: string[]) => {
      const client = await Observer.connect(broker.url, topics, {
        username: user,
        password: USERS[user],
        protocolVersion: 5,
      });
      cleanup.push(() => client.close());
      return client;
    };
    const ha = await as('homeassistant', ['tedee/#', 'homeassistant/#']);
    const dashboard = await as('dashboard', ['tedee/#']);
    const script = await as('front-door-script', ['tedee/front_door/result']);
    // Home Assistant and the dashboard read the state and discovery.
    await ha.waitFor('tedee/front_door');
    await ha.waitFor('homeassistant/lock/tedee_20420103_000001/lock/config');
    await dashboard.waitFor('tedee/back_door');

    // Refused by the broker (MQTT 5 tells the publisher), before anything reaches the hub.
    await expect(dashboard.publish('tedee/front_door/set', 'UNLOCK')).rejects.toThrow(/Not authorized/);
    await expect(script.publish('tedee/back_door/set', 'UNLOCK')).rejects.toThrow(/Not authorized/);
    // Allowed: the script on its door, Home Assistant on the other.
    await script.publish('tedee/front_door/set', 'UNLOCK');
    await script.waitFor('tedee/front_door/result', (message) => message.text.includes('confirmed'));
    await ha.publish('tedee/back_door/set', 'LOCK');
    await ha.waitFor('tedee/back_door/result', (message) => message.text.includes('"LOCK"'));
    const stats = await env.control.stats();
    // One unlock (the script's), none of the refused ones.
    expect(stats.byRoute['POST /my/lock/{id}/operation/unlock']?.count).toBe(1);
    expect((await env.control.lock(101)).state).toBe(2);
    expect((await env.control.lock(102)).state).toBe(6);
  });
});
