/** Runs a real Homebridge process (2.x or 1.11) in insecure mode with the built plugin, on loopback. */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from './ports.js';
import { waitFor } from './wait.js';

export type HomebridgePackage = 'homebridge' | 'homebridge-1';

export const PIN = '031-45-154';

/**
 * Gives Homebridge 1.x the stop of 2.x: it exits once teardown is done instead of always after 5 s
 * (homebridge1Exit.mjs says why and what it changes).
 */
const HOMEBRIDGE_1_EXIT = pathToFileURL(resolve('test', 'fixtures', 'homebridge1Exit.mjs')).href;

export interface RunningHomebridge {
  port: number;
  storage: string;
  logs: string[];
  child: ChildProcess;
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<number | null>;
}

/** A plugin folder in `storage` with a link to this checkout (its built dist/). */
function linkedCheckout(storage: string): string {
  const plugins = join(storage, 'plugins');
  mkdirSync(plugins, { recursive: true });
  try {
    symlinkSync(resolve('.'), join(plugins, 'homebridge-tedee-hub'));
  } catch {
    // Already linked by an earlier run in the same storage.
  }
  return plugins;
}

export async function startHomebridge(options: {
  package: HomebridgePackage;
  platforms: Record<string, unknown>[];
  storage?: string;
  /** Where Homebridge looks for plugins; by default a folder with a link to this checkout. */
  pluginPath?: string;
}): Promise<RunningHomebridge> {
  const storage = options.storage ?? mkdtempSync(join(tmpdir(), 'hb-'));
  const plugins = options.pluginPath ?? linkedCheckout(storage);
  const port = await freePort();
  const bridge = {
    name: 'Test Bridge',
    username: '0E:AA:BB:CC:DD:EE',
    port,
    pin: PIN,
    advertiser: 'ciao',
    bind: ['127.0.0.1'],
  };
  writeFileSync(
    join(storage, 'config.json'),
    JSON.stringify({ bridge, platforms: options.platforms }, null, 2),
  );
  const child = spawn(
    process.execPath,
    [
      ...(options.package === 'homebridge-1' ? ['--import', HOMEBRIDGE_1_EXIT] : []),
      resolve('node_modules', options.package, 'bin', 'homebridge'),
      '-I',
      '-Q',
      '-U',
      storage,
      '-P',
      plugins,
      '--strict-plugin-resolution',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } },
  );
  const logs: string[] = [];
  const collect = (chunk: Buffer) => logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  return {
    port,
    storage,
    logs,
    child,
    waitForLog: (pattern, timeoutMs = 30_000) =>
      waitFor(() => logs.find((line) => pattern.test(line)), timeoutMs, `log ${pattern}`),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
