/**
 * Where the activity feed stands on each lock, so that nothing is emitted twice across restarts and redeploys:
 * per lock the `floor` (nothing dated before it is ever emitted: the feed starts from "now", not from history)
 * and the ids already emitted inside the look-back window. Kept in `<dataDir>/activity/cursors.json` (0600, in
 * a 0700 folder) when the hub has a data folder, in memory otherwise. Several hubs may share one data folder
 * (two accounts in one Node-RED): a write merges this hub's locks into the file and keeps the others'.
 */
import { join } from 'node:path';
import { JsonFile } from '../../util/jsonFile.js';
import type { Logger } from '../../util/logger.js';

export interface LockCursor {
  /** Epoch ms: entries dated before it are history and never emitted. */
  floor: number;
  /** Entry id -> its date (epoch ms), for the entries inside the look-back window. */
  seen: Map<number, number>;
}

interface StoredFile {
  version: 1;
  locks: Record<string, { floor: number; seen: [number, number][] }>;
}

export class ActivityCursors {
  private readonly cursors = new Map<number, LockCursor>();
  private readonly file: JsonFile<StoredFile> | undefined;

  constructor(dataDir: string | undefined, logger: Logger) {
    this.file =
      dataDir === undefined ? undefined : new JsonFile(join(dataDir, 'activity', 'cursors.json'), logger);
    const stored = this.file?.read();
    if (stored?.version !== 1 || typeof stored.locks !== 'object' || stored.locks === null) return;
    for (const [id, cursor] of Object.entries(stored.locks)) {
      if (!Number.isFinite(cursor?.floor) || !Array.isArray(cursor.seen)) continue;
      const seen = new Map(cursor.seen.filter((pair) => Array.isArray(pair) && pair.every(Number.isFinite)));
      this.cursors.set(Number(id), { floor: cursor.floor, seen });
    }
  }

  get(lockId: number): LockCursor | undefined {
    return this.cursors.get(lockId);
  }

  set(lockId: number, cursor: LockCursor): void {
    this.cursors.set(lockId, cursor);
  }

  /** Writes this hub's cursors, merged into what other hubs keep in the same file. */
  save(): void {
    if (!this.file) return;
    const current = this.file.read();
    const locks = current?.version === 1 && typeof current.locks === 'object' ? { ...current.locks } : {};
    for (const [id, cursor] of this.cursors) locks[id] = { floor: cursor.floor, seen: [...cursor.seen] };
    this.file.write({ version: 1, locks });
  }
}
