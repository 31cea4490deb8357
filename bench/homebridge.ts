/**
 * Homebridge: how long onSet takes to return (in-process with real HAP objects, and as an HTTP write to a real
 * Homebridge bridge), and how long after a physical change the new state is visible over HAP (real process,
 * real time, 10 s poll interval).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHub } from '../dist/core/index.js';
import { EmulatorControl, startEmulator } from '../dist/emulator/index.js';
import { LockAccessory } from '../dist/homebridge/lockAccessory.js';
import { HomebridgeAPI } from '../node_modules/homebridge/dist/api.js';
import type { Logging } from 'homebridge';
import { percentile, reporter, round } from './lib/report.ts';

const report = reporter(import.meta.url);

const PIN = '031-45-154';
const quiet = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  success() {},
  log() {},
  prefix: '',
} as unknown as Logging;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function onSetInProcess(): Promise<number[]> {
  const emulator = await startEmulator({ locks: 1, speed: 50 });
  const hub = createHub({ personalAccessKey: emulator.key, apiUrl: emulator.url }, { clock: emulator.clock });
  hub.start();
  const [lock] = await hub.ready();
  const api = new HomebridgeAPI();
  const accessory = new api.platformAccessory(lock!.name, api.hap.uuid.generate('bench'), 6);
  new LockAccessory(accessory, lock!, {
    hap: api.hap,
    hub,
    log: quiet,
    lowBatteryThreshold: 20,
    unlatch: 'none',
  });
  const target = accessory
    .getService(api.hap.Service.LockMechanism)!
    .getCharacteristic(api.hap.Characteristic.LockTargetState);
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    await target.handleSetRequest(i % 2);
    samples.push(performance.now() - started);
  }
  await hub.stop();
  await emulator.close();
  return samples;
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function realBridge(): Promise<{ writes: number[]; visible: number[] }> {
  // Writes go to lock 102, physical changes happen at lock 101: the sync after each command reads only the
  // commanded lock, so lock 101's changes are seen by the regular polls alone.
  const emulator = await startEmulator({ locks: 2 });
  const control = new EmulatorControl(emulator.url);
  const storage = mkdtempSync(join(tmpdir(), 'hb-bench-'));
  mkdirSync(join(storage, 'plugins'));
  symlinkSync(resolve('.'), join(storage, 'plugins', 'homebridge-tedee-hub'));
  const port = await freePort();
  writeFileSync(
    join(storage, 'config.json'),
    JSON.stringify({
      bridge: {
        name: 'Bench',
        username: '0E:AA:BB:CC:DD:01',
        port,
        pin: PIN,
        advertiser: 'ciao',
        bind: ['127.0.0.1'],
      },
      platforms: [
        { platform: 'TedeeHub', personalAccessKey: emulator.key, apiUrl: emulator.url, pollInterval: 10 },
      ],
    }),
  );
  const child = spawn(
    process.execPath,
    [
      resolve('node_modules/homebridge/bin/homebridge'),
      '-I',
      '-Q',
      '-U',
      storage,
      '-P',
      join(storage, 'plugins'),
      '--strict-plugin-resolution',
    ],
    {
      stdio: 'ignore',
    },
  );
  const base = `http://127.0.0.1:${port}`;
  type Listing = {
    accessories: {
      aid: number;
      services: { type: string; characteristics: { type: string; iid: number; value?: unknown }[] }[];
    }[];
  };
  const is = (type: string, short: string) => new RegExp(`^0*${short}(-|$)`, 'i').test(type);
  const lockIds = async (serial: string) => {
    const body = (await fetch(`${base}/accessories`)
      .then((r) => r.json())
      .catch(() => undefined)) as Listing | undefined;
    const accessory = body?.accessories.find((a) =>
      a.services.some((s) => s.characteristics.some((c) => is(c.type, '30') && c.value === serial)),
    );
    const lock = accessory?.services.find((s) => is(s.type, '45'));
    if (!accessory || !lock) return undefined;
    const iid = (short: string) => lock.characteristics.find((c) => is(c.type, short))!.iid;
    return { aid: accessory.aid, current: iid('1D'), target: iid('1E') };
  };
  let watched: Awaited<ReturnType<typeof lockIds>>;
  let written: Awaited<ReturnType<typeof lockIds>>;
  while (!watched || !written) {
    await sleep(200);
    watched = await lockIds('20420103-000001');
    written = await lockIds('20420103-000002');
  }
  const read = async () =>
    (
      (await fetch(`${base}/characteristics?id=${watched.aid}.${watched.current}`).then((r) => r.json())) as {
        characteristics: { value: number }[];
      }
    ).characteristics[0]!.value;
  const writes: number[] = [];
  for (let i = 0; i < 20; i++) {
    const { aid, target: iid } = written;
    const started = performance.now();
    await fetch(`${base}/characteristics`, {
      method: 'PUT',
      headers: { Authorization: PIN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ characteristics: [{ aid, iid, value: i % 2 }] }),
    });
    writes.push(performance.now() - started);
    await sleep(100);
  }
  while ((await control.lock(101)).state !== 6) await control.physical(101, 'lock').then(() => sleep(500));
  const visible: number[] = [];
  for (let i = 0; i < 8; i++) {
    const wanted = i % 2 === 0 ? 0 : 1;
    await sleep(Math.random() * 3000);
    const started = performance.now();
    await control.physical(101, wanted === 0 ? 'unlock' : 'lock');
    while ((await read()) !== wanted) await sleep(20);
    visible.push(performance.now() - started);
  }
  child.kill('SIGTERM');
  await emulator.close();
  return { writes, visible };
}

export async function run(): Promise<void> {
  const inProcess = await onSetInProcess();
  report('Homebridge onSet return time, in-process with real HAP objects and a real hub (ms)', {
    calls: inProcess.length,
    medianMs: round(percentile(inProcess, 50)),
    p99Ms: round(percentile(inProcess, 99)),
  });
  const { writes, visible } = await realBridge();
  report('Homebridge 2.4 process: HAP write of LockTargetState over HTTP (ms, round trip)', {
    writes: writes.length,
    medianMs: round(percentile(writes, 50), 1),
    p99Ms: round(percentile(writes, 99), 1),
  });
  report(
    'Homebridge 2.4 process: physical change -> new LockCurrentState over HAP (s, real time, 10 s poll)',
    {
      trials: visible.length,
      medianS: round(percentile(visible, 50) / 1000, 2),
      maxS: round(Math.max(...visible) / 1000, 2),
    },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
