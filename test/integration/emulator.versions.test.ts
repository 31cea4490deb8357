/** The emulator notes which API version each client uses, and warns for versions Tedee has retired by its clock. */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/util/logger.js';
import { useEmulator } from '../helpers/emulator.js';
import { ManualClock } from '../helpers/manualClock.js';

// 2026-11-22: v1.32 to v1.35 are retired, v1.36 is deprecated (retired on 2027-02-11), v37 is current.
const clock = new ManualClock(Date.parse('2026-11-22T12:00:00Z'));
const logger = new MemoryLogger();
const env = useEmulator({ locks: 1, clock, logger });

beforeEach(async () => {
  await env.control.reset();
  logger.lines.length = 0;
});

async function sync(version: string, key = env.key, userAgent = 'homebridge-tedee-hub/test') {
  const response = await fetch(`${env.url}/api/${version}/my/lock/sync`, {
    headers: { Authorization: `PersonalKey ${key}`, 'User-Agent': userAgent },
  });
  expect(response.status).toBe(200);
}

const prefixOf = (key: string) => key.split('.')[0]!;
const warnings = () => logger.lines.filter((line) => line.level === 'warn').map((line) => line.message);

describe('API versions per client', () => {
  it('logs the version a client uses once, naming its key prefix and user agent, never its secret', async () => {
    await sync('v37');
    await sync('v37');
    const notes = logger.lines.filter((line) => line.message.includes('v37'));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.level).toBe('info');
    expect(notes[0]!.message).toContain(prefixOf(env.key));
    expect(notes[0]!.message).toContain('homebridge-tedee-hub/test');
    expect(logger.text()).not.toContain(env.key.split('.')[1]!);
    expect(warnings()).toEqual([]);
  });

  it('warns once for a version the release notes have retired by the emulated date', async () => {
    await sync('v1.32');
    await sync('v1.32');
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/v1\.32.*retired on 2026-03-23/);
    expect(warnings()[0]).toContain('v37');
  });

  it('only notes a deprecated version, and warns once the emulated clock passes its retirement', async () => {
    await sync('v1.36');
    expect(warnings()).toEqual([]);
    expect(logger.text()).toMatch(/v1\.36.*deprecated since 2026-08-11/);
    clock.advance(Date.parse('2027-02-12T00:00:00Z') - clock.now());
    await sync('v1.36');
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/v1\.36.*retired on 2027-02-11/);
  });

  it('tells clients apart by key and lists them in the control API', async () => {
    const other = await env.control.createKey({ name: 'Node-RED' });
    await sync('v37');
    await sync('v1.33', other.key, 'node-red');
    await sync('v1.33', other.key, 'node-red');
    const clients = await env.control.clients();
    expect(clients).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: prefixOf(env.key), version: 'v37', status: 'current', requests: 1 }),
        expect.objectContaining({
          key: other.prefix,
          userAgent: 'node-red',
          version: 'v1.33',
          status: 'retired',
          requests: 2,
        }),
      ]),
    );
    expect(warnings().filter((line) => line.includes(other.prefix))).toHaveLength(1);
  });
});
