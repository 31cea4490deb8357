/**
 * A real Node-RED (5 or 4) as a user runs it: `red.js` as a child process on a free loopback port, with a
 * fresh user directory into which this package was installed from its `npm pack` tarball. Flows go in
 * through the admin API, injects through `POST /inject/<id>`, and what the flow's debug nodes show, and
 * each node's status, comes back over the editor's own websocket (`/comms`), as the editor sees them.
 *
 * Decision: no `adminAuth`. The process listens on 127.0.0.1 only and lives for one test file; the nodes'
 * admin endpoints are still registered with `RED.auth.needsPermission`, which lets everything through when
 * no auth is configured, as in a default install.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NodeRedRuntime } from './nodeRed.js';
import type { DebugMessage, NodeStatus } from './nodeRedComms.js';
import { openComms } from './nodeRedComms.js';
import type { InstalledPackage } from './packedPackage.js';
import { freePort } from './ports.js';
import { waitFor } from './wait.js';

export interface RunningNodeRed {
  runtime: NodeRedRuntime;
  pid: number | undefined;
  url: string;
  userDir: string;
  logs: string[];
  /** Every debug message seen since start (or since `clearDebug`). */
  debug: DebugMessage[];
  /** The latest status of each node, by id. */
  statuses: Map<string, NodeStatus>;
  version: string;
  /** A full deploy of `flow` (credentials inline, in each node's `credentials`). */
  deploy(flow: object[]): Promise<void>;
  /**
   * The schedule clock (`tedeeClock`) reads `at` (epoch ms) now and runs on from there; undefined: the system
   * clock. Its timers fire when it reaches their due time, so a move forward fires them sooner.
   */
  setClock(at: number | undefined): void;
  /**
   * The hubs' clock (`tedeeHubClock`) runs `speed` times faster than real time from now on (1: real time). An
   * account's hub arms its timers when it runs: set it before the deploy that starts the hub.
   */
  setHubSpeed(speed: number): void;
  /** Presses an inject node's button. */
  inject(id: string): Promise<void>;
  /** A request to the flows' own HTTP endpoints (HTTP-in nodes). */
  http(path: string, init?: RequestInit): Promise<Response>;
  clearDebug(): void;
  /** Waits for a debug message of node `id` that passes `filter`. */
  waitForDebug(id: string, filter?: (msg: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then waits for the exit (SIGKILL after 15 s); resolves with the exit code, null when killed. */
  stop(): Promise<number | null>;
}

/**
 * The settings file: loopback only, a fixed credential secret, no tours, telemetry or palette installs, and a
 * `tedeeClock` (the seam the tedee-schedule node reads, docs/node-red.md) that runs at real speed from an
 * instant the test sets (`setClock`), so a schedule's 09:00 can come seconds after a deploy; and a
 * `tedeeHubClock` (the account hub's clock, docs/node-red.md) at real time or at the speed the test sets
 * (`setHubSpeed`), so that a poll at an example's 20 s interval can come two real seconds after a door moved.
 * The hub's clock then runs ahead of the emulator's, as a real hub's clock may differ from the cloud's.
 */
function settingsFile(userDir: string): string {
  const file = join(userDir, 'settings.cjs');
  const settings = {
    uiHost: '127.0.0.1',
    userDir,
    flowFile: 'flows.json',
    credentialSecret: 'real-runtime-test',
    logging: { console: { level: 'info', metrics: false, audit: false } },
    editorTheme: { tours: false, projects: { enabled: false } },
    telemetry: { enabled: false },
    diagnostics: { enabled: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
  };
  // A timer fires when this clock reaches its due time (looked at every 20 ms): moving the clock forward brings
  // the due time nearer, as a jump of the emulator's scaled clock does, and never past it unfired.
  const clock = `{
  now: () => Date.now() + offset(),
  setTimeout: (fn, ms) => {
    const due = Date.now() + offset() + Math.max(0, ms);
    const timer = setInterval(() => {
      if (Date.now() + offset() < due) return;
      clearInterval(timer);
      fn();
    }, 20);
    return timer;
  },
  clearTimeout: (timer) => clearInterval(timer),
}`;
  const hubClock = `{
  now: hubNow,
  setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms) / hubSpeed()),
  clearTimeout: (timer) => clearTimeout(timer),
}`;
  writeFileSync(
    file,
    [
      "const { readFileSync } = require('node:fs');",
      `const offsetFile = ${JSON.stringify(join(userDir, CLOCK_OFFSET_FILE))};`,
      '// Milliseconds the test moved the schedule clock by (none: the system clock).',
      "const offset = () => { try { return Number(readFileSync(offsetFile, 'utf8')) || 0; } catch { return 0; } };",
      `const speedFile = ${JSON.stringify(join(userDir, HUB_SPEED_FILE))};`,
      '// How many times faster than real time the test runs the hubs (1: real time).',
      "const hubSpeed = () => { try { return Number(readFileSync(speedFile, 'utf8')) || 1; } catch { return 1; } };",
      "// The hubs' time: it goes on from where it was when the speed changes, never back.",
      'let mark = { real: Date.now(), at: Date.now(), speed: 1 };',
      'const hubNow = () => {',
      '  const real = Date.now();',
      '  const speed = hubSpeed();',
      '  if (speed !== mark.speed) mark = { real, at: mark.at + (real - mark.real) * mark.speed, speed };',
      '  return mark.at + (real - mark.real) * mark.speed;',
      '};',
      `module.exports = { ...${JSON.stringify(settings, null, 2)}, tedeeClock: ${clock}, tedeeHubClock: ${hubClock} };`,
      '',
    ].join('\n'),
  );
  return file;
}

const CLOCK_OFFSET_FILE = 'tedee-clock-offset';
const HUB_SPEED_FILE = 'tedee-hub-speed';
/** How long a SIGTERM'd Node-RED may take to stop its flows before it is killed. */
const STOP_GRACE_MS = 15_000;

/** Starts `runtime` with a user dir whose node_modules is the installed package's. */
export async function startNodeRed(
  runtime: NodeRedRuntime,
  installed: InstalledPackage,
): Promise<RunningNodeRed> {
  const userDir = mkdtempSync(join(tmpdir(), `${runtime}-user-`));
  mkdirSync(userDir, { recursive: true });
  symlinkSync(join(installed.dir, 'node_modules'), join(userDir, 'node_modules'), 'dir');
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [resolve('node_modules', runtime, 'red.js'), '--settings', settingsFile(userDir), '--port', String(port)],
    { cwd: userDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } },
  );
  const logs: string[] = [];
  const collect = (chunk: Buffer) => logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const url = `http://127.0.0.1:${port}`;
  const waitForLog = (pattern: RegExp, timeoutMs = 30_000) =>
    waitFor(
      () => {
        if (child.exitCode !== null)
          throw new Error(`${runtime} exited (${child.exitCode}):\n${logs.join('\n')}`);
        return logs.find((line) => pattern.test(line));
      },
      timeoutMs,
      `log ${pattern}`,
    );
  const debug: DebugMessage[] = [];
  const statuses = new Map<string, NodeStatus>();
  let settings: { version: string };
  let comms: WebSocket;
  try {
    await waitForLog(/Server now running at/, 60_000);
    settings = (await (await fetch(`${url}/settings`)).json()) as { version: string };
    comms = await openComms(`ws://127.0.0.1:${port}/comms`, debug, statuses);
  } catch (error) {
    // No process left behind when the start fails half-way.
    child.kill('SIGKILL');
    await exited;
    rmSync(userDir, { recursive: true, force: true });
    throw error;
  }

  const admin = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  };
  const waitForDebug = (id: string, filter: (msg: unknown) => boolean = () => true, timeoutMs = 30_000) =>
    waitFor(
      () => debug.find((entry) => entry.id === id && filter(entry.msg)) ?? false,
      timeoutMs,
      `debug message of ${id}`,
    ).then((entry) => entry.msg);
  return {
    runtime,
    pid: child.pid,
    url,
    userDir,
    logs,
    debug,
    statuses,
    version: settings.version,
    deploy: async (flow) => {
      // The admin API answers once the new flows are saved; they start after that (seen on Node-RED 5), and
      // an HTTP-in route exists only then. "Started flows" is logged once they run.
      const started = () => logs.filter((line) => /\[info\] Started flows/.test(line)).length;
      const before = started();
      const from = logs.length;
      await admin('POST', '/flows', flow, { 'Node-RED-Deployment-Type': 'full' });
      await waitFor(
        () => {
          const since = logs.slice(from);
          const missing = since.findIndex((line) => /Waiting for missing types/.test(line));
          if (missing >= 0)
            throw new Error(`flows not started: ${since.slice(missing, missing + 3).join(' ')}`);
          return started() > before;
        },
        30_000,
        'the deployed flows to start',
      );
    },
    inject: (id) => admin('POST', `/inject/${id}`),
    setClock: (at) =>
      writeFileSync(join(userDir, CLOCK_OFFSET_FILE), at === undefined ? '0' : String(at - Date.now())),
    setHubSpeed: (speed) => writeFileSync(join(userDir, HUB_SPEED_FILE), String(speed)),
    http: (path, init) => fetch(`${url}${path}`, init),
    clearDebug: () => void debug.splice(0),
    waitForDebug,
    waitForLog,
    stop: async () => {
      comms.close();
      if (child.exitCode === null) child.kill('SIGTERM');
      // Node-RED stops its flows and exits on SIGTERM; one that hangs is killed (and reports null, not 0).
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      const code = await exited;
      clearTimeout(kill);
      rmSync(userDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Whether a process is still there (signal 0 checks without sending anything). */
export function processAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
