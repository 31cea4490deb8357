/**
 * The last transition a `tedee-schedule` node announced, kept in a small file per node id, so that a redeploy
 * or a restart inside a window does not announce it again and downtime can be caught up once. A file under
 * the Node-RED user dir, not Node-RED context: the default context store lives in memory and forgets on
 * restart, and a file store exists only when the user configured one (docs/node-red.md "tedee-schedule").
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDataDir } from './accountSettings.js';

export interface AnnouncedTransition {
  event: 'open' | 'close';
  /** The window's bounds (ms); null = unbounded, or none (a baseline before any window). */
  from: number | null;
  to: number | null;
  /** When it was announced or the baseline taken (ms, the node's clock). */
  at: number;
}

export interface TransitionRecord {
  /** The file, or undefined when there is no user dir (then nothing is kept across restarts). */
  readonly file: string | undefined;
  read(): AnnouncedTransition | undefined;
  /** Writes; returns the error message when the file cannot be written. */
  write(transition: AnnouncedTransition): string | undefined;
  remove(): void;
}

/** `<userDir>/tedee-hub/schedule/<node id>.json`, folder 0700, file 0600. */
export function transitionRecord(userDir: string | undefined, nodeId: string): TransitionRecord {
  const dataDir = defaultDataDir(userDir);
  const folder = dataDir && join(dataDir, 'schedule');
  // Node ids are hex in the editor; anything else is made safe for a file name.
  const file = folder && join(folder, `${nodeId.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
  return {
    file,
    read() {
      if (!file) return undefined;
      try {
        return parseTransition(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        // Absent or unreadable: as on a first deploy.
        return undefined;
      }
    },
    write(transition) {
      if (!file || !folder) return undefined;
      try {
        mkdirSync(folder, { recursive: true, mode: 0o700 });
        const temporary = `${file}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify(transition), { mode: 0o600 });
        renameSync(temporary, file);
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
    remove() {
      if (file) rmSync(file, { force: true });
    },
  };
}

function parseTransition(value: unknown): AnnouncedTransition | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { event, from, to, at } = value as Record<string, unknown>;
  const bound = (x: unknown) => x === null || typeof x === 'number';
  if ((event !== 'open' && event !== 'close') || !bound(from) || !bound(to) || typeof at !== 'number')
    return undefined;
  return { event, from, to, at };
}
