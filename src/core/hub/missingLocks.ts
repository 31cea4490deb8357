/**
 * Decides when a lock has really left the Tedee account. One empty or short lock list is not proof: a proxy,
 * a cloud incident or a restored backup can answer `[]` for one poll, and removing the locks then costs the
 * user their HomeKit rooms, scenes and automations and Home Assistant's entities. So a lock absent from a
 * full list is kept, marked unavailable, and removed only when it is still absent from
 * MISSING_LOCK_REMOVAL.reads full lists spanning at least MISSING_LOCK_REMOVAL.periodMs. The confirming reads
 * are planned (every recheckMs), not made on every poll: GET /my/lock is limited to 10 per 10 minutes.
 */
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import type { LockRegistry } from './registry.js';

export const MISSING_LOCK_REMOVAL = { reads: 3, periodMs: 10 * 60_000, recheckMs: 5 * 60_000 } as const;

interface Absence {
  /** Clock time of the first full list the lock was absent from. */
  since: number;
  /** Full lists in a row the lock was absent from. */
  reads: number;
  /** A sync showed the lock again and one early full read was asked for (at most once per absence). */
  earlyCheckAsked: boolean;
}

export class MissingLocks {
  private readonly absent = new Map<number, Absence>();
  private emptyListWarned = false;

  constructor(private readonly deps: { registry: LockRegistry; logger: Logger; clock: Clock }) {}

  has(id: number): boolean {
    return this.absent.has(id);
  }

  /** True when a missing lock is due its next confirming full read. */
  recheckDue(): boolean {
    const now = this.deps.clock.now();
    return [...this.absent.values()].some(
      (absence) => now >= absence.since + absence.reads * MISSING_LOCK_REMOVAL.recheckMs,
    );
  }

  /**
   * A sync showed a lock the last full list lacked: true once per absence, so the caller reads the full list
   * at the next chance and the lock comes back within a poll instead of at the next planned recheck.
   */
  askEarlyCheck(id: number): boolean {
    const absence = this.absent.get(id);
    if (!absence || absence.earlyCheckAsked) return false;
    absence.earlyCheckAsked = true;
    return true;
  }

  /**
   * After a full list: `missingIds` are the known locks the list lacked, `listed` how many locks it held
   * (hidden ones included). Tracks, marks, removes and restores locks.
   */
  afterFullList(missingIds: number[], listed: number): void {
    const { registry, logger, clock } = this.deps;
    const now = clock.now();
    const missing = new Set(missingIds);
    if (listed === 0 && missingIds.length > 0) {
      if (!this.emptyListWarned) {
        logger.warn(
          `The Tedee cloud listed no locks although ${missingIds.length} were known. Keeping them (unavailable); ` +
            `a lock is removed only when it is missing from ${MISSING_LOCK_REMOVAL.reads} lock lists over ` +
            `${MISSING_LOCK_REMOVAL.periodMs / 60_000} minutes.`,
        );
        this.emptyListWarned = true;
      }
    } else if (listed > 0) this.emptyListWarned = false;
    for (const [id] of this.absent) {
      if (missing.has(id)) continue;
      this.absent.delete(id);
      registry.setMissing(id, undefined);
      logger.debug(`${registry.get(id)?.name ?? id} is in the Tedee account's lock list again.`);
    }
    for (const id of missing) {
      const absence = this.absent.get(id);
      if (!absence) {
        this.absent.set(id, { since: now, reads: 1, earlyCheckAsked: false });
        const name = registry.get(id)?.name ?? String(id);
        if (listed > 0)
          logger.info(
            `${name} is missing from the Tedee account's lock list; kept as unavailable, removed if still ` +
              `missing after ${MISSING_LOCK_REMOVAL.periodMs / 60_000} minutes.`,
          );
        registry.setMissing(
          id,
          `missing from the Tedee account's lock list since ${new Date(now).toISOString()}`,
        );
        continue;
      }
      absence.reads++;
      if (
        absence.reads >= MISSING_LOCK_REMOVAL.reads &&
        now - absence.since >= MISSING_LOCK_REMOVAL.periodMs
      ) {
        this.absent.delete(id);
        registry.remove(id);
      }
    }
  }
}
