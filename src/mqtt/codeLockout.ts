/**
 * Wrong command codes, counted per lock and per requester (the publishing client where the hub can know it
 * truthfully; see docs/mqtt.md): five wrong codes within ten minutes refuse that requester's commands on that
 * lock for ten minutes, and nobody else's. Kept in the hub's data folder, so a restart does not reset it.
 */
import type { JsonFile } from './dataFile.js';

export const WRONG_CODES_ALLOWED = 5;
export const WRONG_CODE_WINDOW_MS = 10 * 60_000;
/** Most requesters tracked; the oldest entries go first, so a flood of ids cannot grow the file without bound. */
const MOST_ENTRIES = 1000;

interface Stored {
  wrongCodes: Record<string, number[]>;
  lockedOutUntil: Record<string, number>;
}

export function lockoutKey(serialNumber: string, requester: string | undefined): string {
  return `${serialNumber}|${requester ?? ''}`;
}

export class CodeLockout {
  private readonly wrongCodes: Map<string, number[]>;
  private readonly lockedOutUntil: Map<string, number>;

  constructor(
    private readonly file: JsonFile<Stored> | undefined,
    private readonly now: () => number,
  ) {
    const stored = file?.read();
    this.wrongCodes = new Map(
      Object.entries(stored?.wrongCodes ?? {}).filter(([, times]) => Array.isArray(times)),
    );
    this.lockedOutUntil = new Map(
      Object.entries(stored?.lockedOutUntil ?? {}).filter(([, until]) => typeof until === 'number'),
    );
  }

  isLockedOut(key: string): boolean {
    return (this.lockedOutUntil.get(key) ?? 0) > this.now();
  }

  right(key: string): void {
    if (this.wrongCodes.delete(key)) this.save();
  }

  /** Counts a wrong code; true when it starts a lockout. */
  wrong(key: string): boolean {
    const now = this.now();
    const recent = [...(this.wrongCodes.get(key) ?? []), now].filter(
      (time) => time > now - WRONG_CODE_WINDOW_MS,
    );
    this.wrongCodes.delete(key);
    const lockedOut = recent.length >= WRONG_CODES_ALLOWED;
    if (lockedOut) this.lockedOutUntil.set(key, now + WRONG_CODE_WINDOW_MS);
    else this.wrongCodes.set(key, recent);
    this.save();
    return lockedOut;
  }

  private save(): void {
    const now = this.now();
    for (const [key, until] of this.lockedOutUntil) if (until <= now) this.lockedOutUntil.delete(key);
    for (const [key, times] of this.wrongCodes)
      if (times.every((time) => time <= now - WRONG_CODE_WINDOW_MS)) this.wrongCodes.delete(key);
    // Maps keep insertion order and wrong() re-inserts: the first keys are the least recent.
    for (const key of [...this.wrongCodes.keys()].slice(0, Math.max(0, this.wrongCodes.size - MOST_ENTRIES)))
      this.wrongCodes.delete(key);
    this.file?.write({
      wrongCodes: Object.fromEntries(this.wrongCodes),
      lockedOutUntil: Object.fromEntries(this.lockedOutUntil),
    });
  }
}
