/** Runs the built `tedee-hub demo` as a child process, as `npm start` does, and reads what it prints. */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { waitFor } from './wait.js';

export interface RunningDemoProcess {
  child: ChildProcess;
  out: string[];
  err: string[];
  /** Resolves with the exit code (or the signal) once the demo has ended. */
  exited: Promise<number | string>;
  waitForOut(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

export function spawnDemo(args: string[], env: NodeJS.ProcessEnv = {}): RunningDemoProcess {
  const child = spawn(process.execPath, ['dist/cli/main.js', 'demo', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const out: string[] = [];
  const err: string[] = [];
  const collect = (into: string[]) => (chunk: Buffer) => into.push(...chunk.toString('utf8').split('\n'));
  child.stdout.on('data', collect(out));
  child.stderr.on('data', collect(err));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return {
    child,
    out,
    err,
    exited,
    waitForOut: (pattern, timeoutMs = 90_000) =>
      waitFor(
        () => out.map((line) => line.match(pattern)).find(Boolean),
        timeoutMs,
        `demo output ${pattern} (stderr: ${err.join(' | ')})`,
      ),
  };
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A base port N with N to N+count-1 free on loopback and on every interface. */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let free = true;
    for (let port = base; free && port < base + count; port++)
      free = (await canListen(port, '127.0.0.1')) && (await canListen(port, '0.0.0.0'));
    if (free) return base;
  }
  throw new Error(`no ${count} free ports in a row`);
}

interface ProcessInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  command: string;
}

/** Every process of the machine, from /proc (Linux). */
function processes(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces; the fields after it are plain.
      const [, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      found.push({ pid: Number(entry), ppid: Number(ppid), pgrp: Number(pgrp), command });
    } catch {
      // Ended meanwhile.
    }
  }
  return found;
}

/** The descendants of `pid` (children, their children, ...) with their process groups. */
export function descendants(pid: number): ProcessInfo[] {
  const all = processes();
  const found: ProcessInfo[] = [];
  let parents = new Set([pid]);
  while (parents.size > 0) {
    const next = all.filter((candidate) => parents.has(candidate.ppid));
    found.push(...next);
    parents = new Set(next.map((candidate) => candidate.pid));
  }
  return found;
}

/** The processes still alive among `pids` or in the process groups `groups` (zombies aside). */
export function survivors(pids: number[], groups: number[]): ProcessInfo[] {
  return processes().filter(
    (candidate) =>
      (pids.includes(candidate.pid) || groups.includes(candidate.pgrp)) && candidate.command !== '',
  );
}
