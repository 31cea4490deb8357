/**
 * tedee-hub run: the key and URL from TEDEE_PAK and TEDEE_API_URL (a value in the file wins), the data
 * folder (~/.tedee-hub by default, mode 0700), the daemon example against the emulator, and a daemon whose
 * key is rejected, which keeps running until it is told to stop.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { fakeIo } from '../helpers/cliIo.js';
import { useEmulator } from '../helpers/emulator.js';
import { Observer } from '../helpers/mqtt.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 2 });
const dir = mkdtempSync(join(tmpdir(), 'run-'));
function file(content: unknown): string {
  const path = join(dir, `hub-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
}
const prefixOf = (key: string) => `${key.split('.')[0]}.***`;

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((step) => step()));
});
beforeEach(async () => {
  await env.control.reset();
});

/** Runs `tedee-hub run` in-process until the hub has read the locks from the emulator; returns its output. */
async function runUntilDiscovered(config: unknown, environment: Record<string, string>) {
  await env.control.resetStats();
  const { io, out, err, stop } = fakeIo(environment);
  const run = runCli(['run', '--config', file(config)], io);
  cleanup.push(async () => {
    stop();
    await run;
  });
  await waitFor(
    async () => (await env.control.stats()).byRoute['GET /my/lock']?.count,
    15_000,
    'GET /my/lock',
  );
  await waitFor(() => out.some((line) => line.includes('Tedee hub running')));
  return { out, err };
}

describe('tedee-hub run takes the key and URL from the environment', () => {
  it('uses TEDEE_PAK and TEDEE_API_URL when the file has neither', async () => {
    const other = await env.control.createKey({ name: 'env' });
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const { out } = await runUntilDiscovered(
      { pollInterval: 10 },
      {
        TEDEE_PAK: other.key,
        TEDEE_API_URL: env.url,
        HOME: home,
      },
    );
    expect(out.find((line) => line.includes('Tedee hub running'))).toContain(`keys ${prefixOf(other.key)}`);
    expect(out.join('\n')).not.toContain(other.key.split('.')[1]);
  });

  it('a key and URL in the file win over the environment', async () => {
    const other = await env.control.createKey({ name: 'env' });
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const { out } = await runUntilDiscovered(
      { personalAccessKey: env.key, apiUrl: env.url },
      { TEDEE_PAK: other.key, TEDEE_API_URL: `http://127.0.0.1:${await freePort()}`, HOME: home },
    );
    expect(out.find((line) => line.includes('Tedee hub running'))).toContain(`keys ${prefixOf(env.key)}`);
  });

  it('check-config accepts a file that leaves the key to TEDEE_PAK, as run does', async () => {
    const path = file({ pollInterval: 10 });
    const without = fakeIo({});
    expect(await runCli(['check-config', path], without.io)).toBe(1);
    expect(without.out[0]).toMatch(/personalAccessKey/);
    const withKey = fakeIo({ TEDEE_PAK: env.key });
    expect(await runCli(['check-config', path], withKey.io)).toBe(0);
  });
});

describe('configuration warnings', () => {
  it('run logs each problem that disables only what it touches, once, and runs', async () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const { out } = await runUntilDiscovered(
      { personalAccessKey: env.key, apiUrl: env.url, colour: 'blue' },
      { HOME: home },
    );
    expect(out.filter((line) => line.includes('colour'))).toEqual([
      expect.stringMatching(
        /Configuration: colour: is not a known option \(allowed: .*\); ignored$/,
      ) as string,
    ]);
  });
});

describe('the data folder', () => {
  it('defaults to ~/.tedee-hub under $HOME, created with mode 0700', async () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const expected = join(home, '.tedee-hub');
    const { out } = await runUntilDiscovered({ personalAccessKey: env.key, apiUrl: env.url }, { HOME: home });
    expect(statSync(expected).isDirectory()).toBe(true);
    expect(statSync(expected).mode & 0o777).toBe(0o700);
    expect(out.find((line) => line.includes('Tedee hub running'))).toContain(`data in ${expected}`);
  });

  it('is the configured dataDir when there is one', async () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const configured = join(mkdtempSync(join(tmpdir(), 'data-')), 'nested', 'hub');
    await runUntilDiscovered(
      { personalAccessKey: env.key, apiUrl: env.url, dataDir: configured },
      { HOME: home },
    );
    expect(statSync(configured).mode & 0o777).toBe(0o700);
    expect(existsSync(join(home, '.tedee-hub'))).toBe(false);
  });

  it('says so and exits 1 when the folder cannot be created', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const { io, out } = fakeIo({});
    const config = file({ personalAccessKey: env.key, apiUrl: env.url, dataDir: join(blocker, 'hub') });
    expect(await runCli(['run', '--config', config], io)).toBe(1);
    expect(out.join('\n')).toContain(`The data folder ${join(blocker, 'hub')} cannot be created (ENOTDIR)`);
  });
});

/** The real binary; collects its output lines. */
function spawnCli(args: string[], environment: Record<string, string>) {
  const child = spawn(process.execPath, ['dist/cli/main.js', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...environment },
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  cleanup.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exit;
  });
  return { child, output, exit };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('docs/examples/daemon.json', () => {
  it('runs against the emulator with only the URL and the key changed', async () => {
    const example = JSON.parse(readFileSync('docs/examples/daemon.json', 'utf8')) as {
      apiUrl: string;
      personalAccessKey: string;
      mqtt: { embedded: { port: number } };
    };
    expect(example.apiUrl).toBe('https://api.tedee.com');
    const config = { ...example, apiUrl: env.url, personalAccessKey: env.key };
    // The one other change, only when this machine already has a broker on the example's port.
    if (!(await portIsFree(example.mqtt.embedded.port)))
      config.mqtt = { ...example.mqtt, embedded: { port: await freePort() } };
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const daemon = spawnCli(['run', '--config', file(config)], { HOME: home });
    await waitFor(() => daemon.output.some((line) => line.includes('Connected to the MQTT broker')), 15_000);
    const observer = await Observer.connect(`mqtt://127.0.0.1:${config.mqtt.embedded.port}`, ['tedee/#']);
    cleanup.push(() => observer.close().catch(() => undefined));
    expect(JSON.parse((await observer.waitFor('tedee/front_door')).text)).toMatchObject({ state: 'LOCKED' });
    daemon.child.kill('SIGTERM');
    expect(await daemon.exit).toBe(0);
    expect(daemon.output.filter((line) => / (ERROR|WARN) /.test(line))).toEqual([]);
  }, 30_000);
});

describe('a daemon whose key is rejected', () => {
  it('keeps running after it stopped polling, until SIGTERM (no exit 13, no unsettled await)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const config = file({ personalAccessKey: 'Zz9Yy8.secretsecretsecret', apiUrl: env.url });
    const daemon = spawnCli(['run', '--config', config], { HOME: home });
    await waitFor(() => daemon.output.some((line) => line.includes('Polling stopped')), 15_000);
    // The process must still be there to receive the signal; before the fix it had ended with 13.
    await waitFor(() => daemon.output.some((line) => line.includes('Tedee hub running')));
    daemon.child.kill('SIGTERM');
    expect(await daemon.exit).toBe(0);
    expect(daemon.output.at(-1)).toMatch(/Stopped\.$/);
    expect(daemon.output.join('\n')).not.toContain('unsettled');
  }, 30_000);
});
