/** A real Mosquitto broker on loopback with users and an ACL, for interop tests (when it is installed). */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { waitFor } from './wait.js';

function which(name: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/usr/local/sbin']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export const MOSQUITTO = which('mosquitto');
export const MOSQUITTO_PASSWD = which('mosquitto_passwd');

export interface RunningMosquitto {
  url: string;
  port: number;
  log: string[];
  stop(): Promise<void>;
}

/** Starts Mosquitto with `users` (name -> password) and ACL lines; files are readable by the broker's own user. */
export async function startMosquitto(users: Record<string, string>, acl: string): Promise<RunningMosquitto> {
  if (!MOSQUITTO || !MOSQUITTO_PASSWD) throw new Error('mosquitto is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'mosquitto-'));
  chmodSync(dir, 0o755);
  const passwd = join(dir, 'passwd');
  writeFileSync(passwd, '');
  for (const [user, password] of Object.entries(users))
    execFileSync(MOSQUITTO_PASSWD, ['-b', passwd, user, password]);
  writeFileSync(join(dir, 'acl'), acl);
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      `password_file ${passwd}`,
      `acl_file ${join(dir, 'acl')}`,
      'persistence false',
      '',
    ].join('\n'),
  );
  for (const file of [passwd, join(dir, 'acl'), conf]) chmodSync(file, 0o644);
  const child: ChildProcess = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  await waitFor(
    () => log.join('').includes('running') || child.exitCode !== null,
    10_000,
    'mosquitto to start',
  );
  if (child.exitCode !== null) throw new Error(`mosquitto exited: ${log.join('')}`);
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    log,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
