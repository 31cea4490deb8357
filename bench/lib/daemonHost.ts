/** Forks bench/lib/daemon.ts against an emulator and asks it for samples of its memory, timers and listeners. */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Emulator } from '../../dist/emulator/index.js';

export interface Sample {
  emulatedAt: number;
  rssMiB: number;
  heapUsedMiB: number;
  resources: Record<string, number>;
  timers: number;
  busListeners: number;
  processListeners: number;
}

export interface Daemon {
  api: string;
  mqtt: string;
  accessKey: string;
  locks: number;
  sample(): Promise<Sample>;
  stop(): Promise<void>;
}

function next<T>(child: ChildProcess, field: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (!(field in message)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message[field] as T);
    };
    const onExit = (code: number | null) => reject(new Error(`the daemon exited (${code}) before ${field}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startDaemon(
  emulator: Emulator,
  speed: number,
  settings: Record<string, unknown> = {},
): Promise<Daemon> {
  const child = fork(new URL('./daemon.ts', import.meta.url), [], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      BENCH_DAEMON: JSON.stringify({
        url: emulator.url,
        key: emulator.key,
        speed,
        emulatedNow: emulator.clock.now(),
        realAt: Date.now(),
        settings,
      }),
    },
  });
  const ready = await next<Omit<Daemon, 'sample' | 'stop'>>(child, 'ready');
  return {
    ...ready,
    sample: () => {
      const sample = next<Sample>(child, 'sample');
      child.send({ sample: true });
      return sample;
    },
    stop: async () => {
      const stopped = next(child, 'stopped');
      child.send({ stop: true });
      await stopped;
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
