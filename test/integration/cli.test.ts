/** The tedee-hub command against the emulator: in-process, and the emulator command as a real process. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { fakeIo } from '../helpers/cliIo.js';
import { useEmulator } from '../helpers/emulator.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 3, speed: 10 });
const cloudEnv = () => ({ TEDEE_API_URL: env.url, TEDEE_PAK: env.key });

beforeEach(async () => {
  await env.control.reset();
});

describe('tedee-hub locks', () => {
  it('prints a table of the locks', async () => {
    const { io, out } = fakeIo(cloudEnv());
    expect(await runCli(['locks'], io)).toBe(0);
    expect(out[0]).toMatch(/^ID\s+SERIAL\s+NAME/);
    expect(out.slice(1).map((line) => line.split(/\s{2,}/)[2])).toEqual([
      'Front Door',
      'Back Door',
      'Garage',
    ]);
  });

  it('prints JSON with --json, and never the key', async () => {
    const { io, out, err } = fakeIo(cloudEnv());
    expect(await runCli(['locks', '--json', '--key', env.key, '--api-url', env.url], io)).toBe(0);
    const locks = JSON.parse(out.join('\n')) as { serialNumber: string; status: { state: string } }[];
    expect(locks).toHaveLength(3);
    expect(locks[0]).toMatchObject({ serialNumber: '20420103-000001', status: { state: 'locked' } });
    expect([...out, ...err].join('\n')).not.toContain(env.key.split('.')[1]);
  });

  it('exits 1 with the cloud message for a rejected key, showing only its prefix', async () => {
    const { io, err } = fakeIo({ TEDEE_API_URL: env.url, TEDEE_PAK: 'Zz9Yy8.secretsecretsecret' });
    expect(await runCli(['locks'], io)).toBe(1);
    expect(err.join('\n')).toContain('Zz9Yy8.***');
    expect(err.join('\n')).not.toContain('secretsecretsecret');
  });
});

describe('tedee-hub locks --config', () => {
  const configFile = (content: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-config-'));
    const path = join(dir, 'hub.json');
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  };

  it("takes the key and URL of the daemon's configuration file, never printing the key", async () => {
    const path = configFile(JSON.stringify({ personalAccessKey: env.key, apiUrl: env.url }));
    const { io, out, err } = fakeIo({});
    expect(await runCli(['locks', '--config', path], io)).toBe(0);
    expect(out.slice(1).map((line) => line.split(/\s{2,}/)[2])).toEqual([
      'Front Door',
      'Back Door',
      'Garage',
    ]);
    expect([...out, ...err].join('\n')).not.toContain(env.key.split('.')[1]);
  });

  it('--key wins over the file, the file over TEDEE_PAK', async () => {
    const path = configFile(
      JSON.stringify({ personalAccessKey: 'Zz9Yy8.secretsecretsecret', apiUrl: env.url }),
    );
    const withFlag = fakeIo({ TEDEE_PAK: 'Xx1Ww2.otherotherother' });
    expect(await runCli(['locks', '--config', path, '--key', env.key], withFlag.io)).toBe(0);
    const withEnv = fakeIo({ TEDEE_PAK: env.key });
    expect(await runCli(['locks', '--config', path], withEnv.io)).toBe(1);
    expect(withEnv.err.join('\n')).toContain('Zz9Yy8.***');
  });

  it('refuses a file it cannot use with exit 2, naming the field or the problem', async () => {
    const noKey = fakeIo({});
    expect(await runCli(['locks', '--config', configFile('{"apiUrl": "ftp://x"}')], noKey.io)).toBe(2);
    expect(noKey.err.join('\n')).toMatch(/--config: .*(personalAccessKey|apiUrl)/);
    const garbage = fakeIo({});
    expect(await runCli(['locks', '--config', configFile('{not json')], garbage.io)).toBe(2);
    expect(garbage.err.join('\n')).toMatch(/--config: .*is not valid JSON/);
    const missing = fakeIo({});
    expect(await runCli(['locks', '--config', '/nonexistent/hub.json'], missing.io)).toBe(2);
    expect(missing.err.join('\n')).toMatch(/--config: \/nonexistent\/hub.json/);
  });
});

describe('tedee-hub lock|unlock|open', () => {
  it('unlocks by name and waits for the confirmation', async () => {
    const { io, out } = fakeIo(cloudEnv());
    expect(await runCli(['unlock', 'front door', '--wait'], io)).toBe(0);
    expect(out).toEqual(['unlock: Front Door confirmed, now unlocked']);
    expect((await env.control.lock(101)).state).toBe(2);
  });

  it('locks by serial number without waiting: returns once the cloud accepted it', async () => {
    await env.control.patchLock(102, { state: 2 });
    const { io, out } = fakeIo(cloudEnv());
    expect(await runCli(['lock', '20420103-000002'], io)).toBe(0);
    expect(out[0]).toMatch(/^lock: Back Door accepted by the Tedee cloud/);
    await waitFor(async () => (await env.control.lock(102)).state === 6);
  });

  it('opens by id: unlocks a locked lock first, then pulls', async () => {
    const { io, out } = fakeIo(cloudEnv());
    expect(await runCli(['open', '101', '--wait'], io)).toBe(0);
    expect(out[0]).toMatch(/^open: Front Door confirmed, now (open|opening|unlocked)$/);
  });

  it('exits 3 (refused) naming the known locks for an unknown lock', async () => {
    const { io, err } = fakeIo(cloudEnv());
    expect(await runCli(['lock', 'Attic'], io)).toBe(3);
    expect(err).toEqual([
      'lock: Attic refused (UNKNOWN_LOCK): No lock "Attic" (by id, serial number or name). Known locks: Front Door, Back Door, Garage',
    ]);
  });

  it('exits 3 (refused) when the lock is offline: nothing was sent', async () => {
    await env.control.patchLock(103, { connected: false });
    const { io, err } = fakeIo(cloudEnv());
    expect(await runCli(['unlock', 'Garage', '--wait'], io)).toBe(3);
    expect(err).toEqual([
      'unlock: Garage refused (LOCK_OFFLINE): Garage is offline (not connected to its bridge); the command was not sent',
    ]);
  });
});

describe('wrong arguments point to --help and exit 2', () => {
  it.each([
    [[]],
    [['frobnicate']],
    [['lock']],
    [['lock', 'a', 'b']],
    [['locks', '--bogus']],
    [['emulator', '--port', '70000']],
    [['emulator', '--speed', 'fast']],
    [['watch', '--interval', '5']],
    [['check-config']],
  ])('%j', async (argv) => {
    const { io, err } = fakeIo(cloudEnv());
    expect(await runCli(argv, io)).toBe(2);
    expect(err.join('\n')).toContain('--help');
  });

  it('without a key', async () => {
    const { io, err } = fakeIo({});
    expect(await runCli(['locks'], io)).toBe(2);
    expect(err.join('\n')).toContain('TEDEE_PAK');
  });
});

describe('tedee-hub emulator (a real process)', () => {
  it('prints one JSON line with url and key once it listens, serves the API, and exits on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['dist/cli/main.js', 'emulator', '--port', '0', '--locks', '5', '--seed', '7', '--speed', '2'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const firstLine = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout }).once('line', resolve),
    );
    const { url, key } = JSON.parse(firstLine) as { url: string; key: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(key).toMatch(/^\w{6}\.\S+$/);
    const response = await fetch(`${url}/api/v37/my/lock/sync`, {
      headers: { Authorization: `PersonalKey ${key}` },
    });
    expect(((await response.json()) as { result: unknown[] }).result).toHaveLength(5);
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
