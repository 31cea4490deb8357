/** tedee-hub run as a real process with the embedded broker, and the MQTT block inside the Homebridge platform. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TedeeHubPlatform } from '../../src/homebridge/platform.js';
import { useEmulator } from '../helpers/emulator.js';
import { homebridgeApi, recordingLog } from '../helpers/homebridgeApi.js';
import { Observer, startTestBroker } from '../helpers/mqtt.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

const env = useEmulator({ locks: 2 });
const dir = mkdtempSync(join(tmpdir(), 'daemon-'));
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((step) => step()));
});

function runDaemon(config: unknown, extra: string[] = []) {
  const file = join(dir, `hub-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(config));
  // HOME in the test's folder: the daemon's default data folder (~/.tedee-hub) must not land in the real one.
  const child = spawn(process.execPath, ['dist/cli/main.js', 'run', '--config', file, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HOME: dir },
  });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean)));
  child.stderr.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean)));
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  cleanup.push(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exit;
  });
  return { child, output, exit };
}

describe('tedee-hub run', () => {
  it('runs the hub and the mirror on the embedded broker, and on SIGTERM says offline and exits within 5 s', async () => {
    const port = await freePort();
    const daemon = runDaemon(
      {
        personalAccessKey: env.key,
        apiUrl: env.url,
        mqtt: { embedded: { port }, commands: { enabled: true } },
      },
      ['--log-format', 'json'],
    );
    await waitFor(() => daemon.output.some((line) => line.includes('Connected to the MQTT broker')), 15_000);
    const observer = await Observer.connect(`mqtt://127.0.0.1:${port}`, ['tedee/#']);
    cleanup.push(() => observer.close().catch(() => undefined));
    expect(JSON.parse((await observer.waitFor('tedee/front_door')).text)).toMatchObject({ state: 'LOCKED' });
    await observer.publish('tedee/front_door/set', 'LOCK');
    await observer.waitFor('tedee/front_door/result', (message) => message.text.includes('confirmed'));
    const started = Date.now();
    daemon.child.kill('SIGTERM');
    await observer.waitFor('tedee/bridge/state', (message) => message.text.includes('offline'), 5000);
    expect(await daemon.exit).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    const lines = daemon.output.map(
      (line) => JSON.parse(line) as { time: string; level: string; msg: string },
    );
    expect(lines.every((line) => line.time && line.level && line.msg)).toBe(true);
    expect(daemon.output.join('\n')).not.toContain(env.key.split('.')[1]);
  }, 30_000);

  it('refuses an invalid configuration with each problem and exit code 1', async () => {
    const daemon = runDaemon({
      personalAccessKey: 'nodot',
      mqtt: { url: 'http://x', commands: { enabled: 'yes' } },
    });
    expect(await daemon.exit).toBe(1);
    const text = daemon.output.join('\n');
    expect(text).toContain('Invalid configuration: personalAccessKey: must look like <prefix>.<secret>');
    expect(text).toContain(
      'Invalid configuration: mqtt.url: must be an mqtt://, mqtts://, ws:// or wss:// URL',
    );
    expect(text).toContain('Invalid configuration: mqtt.commands.enabled: must be boolean, not a string');
  });

  it('without --config prints usage and exits 2', async () => {
    const child = spawn(process.execPath, ['dist/cli/main.js', 'run'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const stderr: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(2);
    expect(stderr.join('')).toContain('--config <file> is required');
  });
});

describe('the Homebridge platform with an mqtt block', () => {
  it('mirrors its locks to the broker and says offline on shutdown', async () => {
    const broker = await startTestBroker();
    cleanup.push(() => broker.close());
    const observer = await Observer.connect(broker.url, ['hb/#']);
    cleanup.push(() => observer.close());
    const { api } = homebridgeApi();
    new TedeeHubPlatform(
      recordingLog(),
      {
        platform: 'TedeeHub',
        personalAccessKey: env.key,
        apiUrl: env.url,
        mqtt: { url: broker.url, baseTopic: 'hb', protocolVersion: 4 },
      },
      api,
    );
    api.emit('didFinishLaunching');
    expect(JSON.parse((await observer.waitFor('hb/back_door')).text)).toMatchObject({ state: 'LOCKED' });
    api.emit('shutdown');
    await observer.waitFor('hb/bridge/state', (message) => message.text.includes('offline'));
  });
});
