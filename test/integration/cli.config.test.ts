/** tedee-hub check-config and tedee-hub watch. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { fakeIo } from '../helpers/cliIo.js';
import { useEmulator } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';

const dir = mkdtempSync(join(tmpdir(), 'config-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('tedee-hub check-config', () => {
  it.each([
    'docs/examples/homebridge-platform.json',
    'docs/examples/hub.json',
    'docs/examples/hub-embedded-broker.json',
    'docs/examples/daemon.json',
  ])('prints ok for %s', async (path) => {
    const { io, out } = fakeIo();
    expect(await runCli(['check-config', path], io)).toBe(0);
    expect(out).toEqual(['ok']);
  });

  it('prints a warning per problem that disables only what it touches, and exits 0', async () => {
    const path = file(
      'degraded.json',
      JSON.stringify({ personalAccessKey: 'abc.def', pollInterval: 2, locks: [{ hidden: 'yes' }] }),
    );
    const { io, out } = fakeIo();
    expect(await runCli(['check-config', path], io)).toBe(0);
    const ignored = 'the options of this lock are ignored until it is fixed';
    expect(out).toEqual([
      'warning: pollInterval: must be >= 10; the default (20) is used',
      `warning: locks[0]: needs a serialNumber or a name; ${ignored}`,
      `warning: locks[0].hidden: must be boolean, not a string; ${ignored}`,
      'ok',
    ]);
  });

  it('prints each problem with the key or URL and exits 1', async () => {
    const path = file('bad.json', JSON.stringify({ personalAccessKey: 'abc', apiUrl: 'ftp://x' }));
    const { io, out } = fakeIo();
    expect(await runCli(['check-config', path], io)).toBe(1);
    expect(out).toEqual([
      'personalAccessKey: must look like <prefix>.<secret>, as the Tedee Portal shows it once',
      'apiUrl: must be an http:// or https:// URL',
    ]);
  });

  it('exits 1 for a file that is not JSON or cannot be read', async () => {
    const broken = fakeIo();
    expect(await runCli(['check-config', file('broken.json', '{ "personalAccessKey": ')], broken.io)).toBe(1);
    expect(broken.out[0]).toMatch(/is not valid JSON/);
    const missing = fakeIo();
    expect(await runCli(['check-config', join(dir, 'nope.json')], missing.io)).toBe(1);
    expect(missing.out[0]).toMatch(/cannot be read \(ENOENT\)/);
  });
});

describe('tedee-hub watch', () => {
  const env = useEmulator({ locks: 2 });

  it('prints one line per event until stopped, as text or JSON lines', async () => {
    await env.control.reset();
    const text = fakeIo({ TEDEE_API_URL: env.url, TEDEE_PAK: env.key });
    const json = fakeIo({ TEDEE_API_URL: env.url, TEDEE_PAK: env.key });
    const runs = [runCli(['watch', '--interval', '10'], text.io), runCli(['watch', '--json'], json.io)];
    await waitFor(
      () =>
        text.out.some((line) => line.includes('ready: 2 locks')) &&
        json.out.some((line) => line.includes('"event":"ready"')),
    );
    expect(text.out.filter((line) => / lockAdded /.test(line))).toHaveLength(2);
    const events = json.out.map(
      (line) => JSON.parse(line) as { event: string; time: string; lock?: { name: string } },
    );
    expect(events.filter((event) => event.event === 'lockAdded').map((event) => event.lock?.name)).toEqual([
      'Front Door',
      'Back Door',
    ]);
    expect(events.every((event) => !Number.isNaN(Date.parse(event.time)))).toBe(true);
    text.stop();
    json.stop();
    expect(await Promise.all(runs)).toEqual([0, 0]);
    expect([...text.out, ...text.err, ...json.out, ...json.err].join('\n')).not.toContain(
      env.key.split('.')[1],
    );
  });
});
