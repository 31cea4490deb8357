/**
 * The key issuer child process (test/fixtures/keyIssuer.mjs) for the key fault tests: spawned on the built
 * hub (dist/), its output read line by line, SIGKILLed on demand; and the journal of its key store read as
 * SQLite's own reader (not through our store) to see which write it is in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, expect } from 'vitest';
import type { EmulatorFixture } from './emulator.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

export const DIST = join(process.cwd(), 'dist');
const SCRIPT = join(process.cwd(), 'test/fixtures/keyIssuer.mjs');

export interface IssuerProcess {
  child: ChildProcess;
  /** Everything printed on stdout so far. */
  output: () => string;
  /** Resolves with the signal (or null) and the exit code. */
  exited: Promise<{ signal: NodeJS.Signals | null; code: number | null }>;
  /** SIGKILL, and resolves when the process is gone. */
  kill: () => Promise<NodeJS.Signals | null>;
  /** With `waitForGo`: lets it issue. */
  go: () => void;
}

/**
 * Spawns the issuer. `wrap` runs it through another command (e.g. `unshare` with a small disk); the issuer's
 * own command line is appended to it. `waitForGo`: it opens the store and waits for `go()` before issuing;
 * `untilSettled`: it runs on until no key is pending.
 */
export function spawnIssuer(
  env: EmulatorFixture,
  dataDir: string,
  request: unknown,
  options: { wrap?: string[]; waitForGo?: boolean; untilSettled?: boolean; revoke?: boolean } = {},
): IssuerProcess {
  expect(existsSync(join(DIST, 'core/index.js')), 'dist/ is built (npx tsc -p tsconfig.build.json)').toBe(
    true,
  );
  const { wrap = [], ...flags } = options;
  const input = JSON.stringify({
    distDir: DIST,
    url: env.url,
    key: env.key,
    dataDir,
    request,
    ...flags,
  });
  const command = [...wrap, process.execPath, SCRIPT, input];
  const child = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ signal: NodeJS.Signals | null; code: number | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ signal, code })),
  );
  return {
    child,
    output: () => output,
    exited,
    go: () => void child.stdin.write('go\n'),
    kill: async () => {
      child.kill('SIGKILL');
      return (await exited).signal;
    },
  };
}

export interface JournalRow {
  kind: string;
  action: string;
  state: string;
  lock_id: number | null;
}

/** The journal as SQLite's reader sees it (WAL readers never wait for the writer). */
export function journalRows(dataDir: string): JournalRow[] {
  const file = join(dataDir, 'keys.db');
  if (!existsSync(file)) return [];
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return db
      .prepare('SELECT kind, action, state, lock_id FROM journal ORDER BY id')
      .all() as unknown as JournalRow[];
  } catch {
    return []; // the schema is not there yet
  } finally {
    db.close();
  }
}

/** Whether a write of `kind` with `action` (on `lockId`, if given) is journalled as intended: sent, no answer yet. */
export function intended(dataDir: string, action: string, kind: string, lockId?: number): boolean {
  return journalRows(dataDir).some(
    (row) =>
      row.state === 'intended' &&
      row.action === action &&
      row.kind === kind &&
      (lockId === undefined || row.lock_id === lockId),
  );
}
