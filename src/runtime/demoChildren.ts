/**
 * The demo's child processes (Homebridge, Node-RED), each in a process group of its own led by demoGuard, with
 * its output in a log file of the demo folder. `ChildProcesses.stopAll()` ends every group within a few seconds;
 * if the demo itself ends without calling it (a crash, process.exit), its exit handler kills the groups, and if
 * it is killed outright, each guard sees its IPC channel close and ends its group.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const GUARD = fileURLToPath(
  new URL(`./demoGuard${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);
/** After SIGTERM the guard kills its group after 3 s; this is the demo's own last word. */
const KILL_AFTER_MS = 3500;
/** Lines kept in memory per child, for what the demo looks for in the output (the setup URI, "ready"). */
const LINES_KEPT = 2000;

export interface ChildExit {
  code: number | null;
  signal: string | null;
}

export interface DemoChild {
  name: string;
  /** The guard's pid, which is also the process group id. */
  pid: number;
  logFile: string;
  lines: string[];
  /** The first line matching `pattern` (already printed or yet to come); rejects when the child ends first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Resolves when the group leader ended, with the child's own exit status when known. */
  exited: Promise<ChildExit>;
  running(): boolean;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function watchLines(
  child: ChildProcess,
  logFile: string,
  lines: string[],
  onLine: (line: string) => void,
): void {
  const log = createWriteStream(logFile, { flags: 'w', mode: 0o600 });
  let rest = '';
  const take = (chunk: Buffer) => {
    log.write(chunk);
    const text = rest + chunk.toString('utf8');
    const parts = text.split('\n');
    rest = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      if (lines.length > LINES_KEPT) lines.shift();
      onLine(line);
    }
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  child.once('exit', () => log.end());
}

export class ChildProcesses {
  private readonly children: DemoChild[] = [];
  private readonly onExit = () =>
    this.children.filter((child) => child.running()).forEach((child) => killGroup(child.pid, 'SIGKILL'));

  constructor() {
    process.on('exit', this.onExit);
  }

  /** Runs `command args` under a guard; its output (stdout and stderr) goes to `logFile`. */
  start(options: {
    name: string;
    command: string;
    args: string[];
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    logFile: string;
  }): DemoChild {
    const process_ = spawn(process.execPath, [GUARD, options.command, ...options.args], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: options.env ?? process.env,
      cwd: options.cwd,
    });
    const lines: string[] = [];
    const watchers = new Set<(line: string) => void>();
    watchLines(process_, options.logFile, lines, (line) => watchers.forEach((watch) => watch(line)));
    let childStatus: ChildExit | undefined;
    process_.on(
      'message',
      (message: { exited?: ChildExit }) => (childStatus = message.exited ?? childStatus),
    );
    // The IPC channel must not keep the demo alive by itself.
    process_.channel?.unref();
    let ended = false;
    const exited = new Promise<ChildExit>((resolve) =>
      process_.once('exit', (code, signal) => {
        ended = true;
        resolve(childStatus ?? { code, signal });
      }),
    );
    const child: DemoChild = {
      name: options.name,
      pid: process_.pid!,
      logFile: options.logFile,
      lines,
      exited,
      running: () => !ended,
      waitForLine: (pattern, timeoutMs) =>
        new Promise((resolve, reject) => {
          const found = lines.map((line) => line.match(pattern)).find(Boolean);
          if (found) return resolve(found);
          const finish = (error?: Error, match?: RegExpMatchArray) => {
            clearTimeout(timer);
            watchers.delete(watch);
            if (error) reject(error);
            else resolve(match!);
          };
          const watch = (line: string) => {
            const match = line.match(pattern);
            if (match) finish(undefined, match);
          };
          const timer = setTimeout(
            () => finish(new Error(`${options.name} did not get ready within ${timeoutMs / 1000} s`)),
            timeoutMs,
          );
          watchers.add(watch);
          void exited.then(({ code, signal }) =>
            finish(new Error(`${options.name} ended (${signal ?? `exit ${code}`}) before it was ready`)),
          );
        }),
    };
    this.children.push(child);
    return child;
  }

  /** SIGTERM to every group, SIGKILL to what is left after KILL_AFTER_MS; resolves when every leader ended. */
  async stopAll(): Promise<void> {
    const running = this.children.filter((child) => child.running());
    running.forEach((child) => killGroup(child.pid, 'SIGTERM'));
    const late = setTimeout(() => running.forEach((child) => killGroup(child.pid, 'SIGKILL')), KILL_AFTER_MS);
    await Promise.all(running.map((child) => child.exited));
    clearTimeout(late);
    // Anything the child left in its group (the guard kills it too; this is for a guard killed first).
    running.forEach((child) => killGroup(child.pid, 'SIGKILL'));
    process.off('exit', this.onExit);
  }
}
