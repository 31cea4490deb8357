/**
 * The activity feed: reads the activity log of the locks someone watches and emits each new entry once, as
 * the hub's `activity` event. It runs only while at least one watch is open (a hub nobody asks for activity
 * spends no request on it), within its share of the request budget (plan.ts), and keeps its place per lock in
 * the data folder (cursors.ts) so that a restart or a redeploy neither repeats nor floods history.
 */
import { backoffDelay } from '../../util/backoff.js';
import type { Timer } from '../../util/clock.js';
import { EpisodeLog } from '../../util/episodes.js';
import { toHubError } from '../cloud/translate.js';
import type { HubError } from '../errors.js';
import type { HubContext } from '../hub/context.js';
import type { LockRegistry } from '../hub/registry.js';
import type { Lock } from '../lock.js';
import { findLock } from '../lock.js';
import { ActivityCursors } from './cursors.js';
import type { LockCursor } from './cursors.js';
import { ACTIVITY_DEFAULTS, activityIntervalMs, activityReadAllowed, activityReadsPerHour } from './plan.js';
import type { HubEvents } from '../hub/events.js';
import type { ActivityEntry, ActivityEvent } from './types.js';

export interface ActivityWatch {
  /** Locks by serial number (or name, or id); absent or empty: every lock of the account. */
  locks?: readonly (string | number)[];
  /** Seconds between reads (default 60, minimum 10); stretched when the budget cannot sustain it. */
  interval?: number;
}

export interface ActivityFeedStatus {
  running: boolean;
  /** The interval rounds run at now, after the budget's stretch. */
  intervalMs: number;
  /** Serial numbers of the locks the feed has its place on (each read at least once). */
  following: string[];
}

const HOUR_MS = 3_600_000;

export type FeedDependencies = HubContext & { registry: LockRegistry; isReady: () => boolean };

export class ActivityFeed {
  private readonly watches = new Set<ActivityWatch>();
  private cursors: ActivityCursors | undefined;
  private timer: Timer | undefined;
  private running: Promise<void> | undefined;
  private offReady: (() => void) | undefined;
  /** Bumped on every stop: a round that started before it applies nothing (its listeners are gone). */
  private generation = 0;
  private failures = 0;
  /** When the feed read, over the last hour: its share of the budget is a hard cap. */
  private readonly readTimes: number[] = [];
  private offStateChanged: (() => void) | undefined;
  private readonly episodes: EpisodeLog;

  constructor(private readonly deps: FeedDependencies) {
    this.episodes = new EpisodeLog(deps.logger, () => deps.clock.now());
  }

  /** Opens a watch; the feed starts with the first. Returns the function that closes it. */
  watch(watch: ActivityWatch): () => void {
    const own = { ...watch };
    this.watches.add(own);
    if (this.watches.size === 1) this.start();
    // A watch of locks the running feed does not follow yet: a round now takes their place ("now" is now).
    else if (this.timer && this.wantedLocks().some((lock) => !this.cursors?.get(lock.id))) this.schedule(0);
    return () => {
      if (!this.watches.delete(own) || this.watches.size > 0) return;
      this.halt();
    };
  }

  status(): ActivityFeedStatus {
    return {
      running: this.watches.size > 0,
      intervalMs: this.intervalMs(this.wantedLocks().length),
      following: this.wantedLocks()
        .filter((lock) => this.cursors?.get(lock.id) !== undefined)
        .map((lock) => lock.serialNumber),
    };
  }

  /** Stops for good (the hub stops); waits for a round in flight. */
  async stop(): Promise<void> {
    this.watches.clear();
    this.halt();
    await this.running;
  }

  private start(): void {
    this.cursors ??= new ActivityCursors(this.deps.settings.dataDir, this.deps.logger);
    this.offStateChanged = this.deps.bus.on('stateChanged', (change) => this.stateChanged(change));
    if (this.deps.isReady()) {
      this.schedule(0);
      return;
    }
    this.offReady = this.deps.bus.on('ready', () => {
      this.offReady?.();
      this.offReady = undefined;
      this.schedule(0);
    });
  }

  private halt(): void {
    this.generation++;
    this.offReady?.();
    this.offReady = undefined;
    this.offStateChanged?.();
    this.offStateChanged = undefined;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    if (this.watches.size === 0) return;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      this.enqueue(async () => {
        const generation = this.generation;
        const locks = this.wantedLocks();
        const delay = await this.readLocks(locks, generation, this.intervalMs(locks.length));
        if (generation === this.generation) this.schedule(delay);
      });
    }, delayMs);
  }

  /** Reads run one after the other: a round and an early read never read one lock at once. */
  private enqueue(task: () => Promise<void>): void {
    const next = (this.running ?? Promise.resolve()).then(task);
    const tracked = next.finally(() => {
      if (this.running === tracked) this.running = undefined;
    });
    this.running = tracked;
  }

  /**
   * A watched lock changed state: someone probably just came in, so its log is read now rather than at the
   * next round, when the feed's share of the budget allows one more read.
   */
  private stateChanged({ lock, previous, current }: HubEvents['stateChanged']): void {
    if (previous.state === current.state || !this.cursors?.get(lock.id)) return;
    if (!this.wantedLocks().some((wanted) => wanted.id === lock.id)) return;
    const generation = this.generation;
    this.enqueue(async () => void (await this.readLocks([lock], generation, 0)));
  }

  /** Reads the locks' logs; returns the delay before the next round (backed off after a failure). */
  private async readLocks(locks: Lock[], generation: number, intervalMs: number): Promise<number> {
    if (generation !== this.generation) return intervalMs;
    let delay = intervalMs;
    try {
      for (const lock of locks) {
        if (!this.mayRead()) {
          this.deps.logger.debug(
            'Activity feed: its share of the request budget is spent; the next round catches up.',
          );
          break;
        }
        this.readTimes.push(this.deps.clock.now());
        if (!(await this.read(lock, generation))) return delay;
      }
      this.succeeded();
    } catch (caught) {
      delay = this.failed(toHubError(caught), delay);
    } finally {
      if (generation === this.generation) this.cursors?.save();
    }
    return delay;
  }

  /** Within the feed's hourly share, with enough background budget left and no Retry-After running. */
  private mayRead(): boolean {
    const account = this.deps.credentials.active();
    const budget = account.budgetStatus();
    const now = this.deps.clock.now();
    while (this.readTimes.length > 0 && this.readTimes[0]! <= now - HOUR_MS) this.readTimes.shift();
    return (
      this.readTimes.length < activityReadsPerHour(budget) &&
      activityReadAllowed(budget, account.backgroundWaitMs())
    );
  }

  /** Reads one lock's new entries and emits them; false when the feed stopped meanwhile (nothing applied). */
  private async read(lock: Lock, generation: number): Promise<boolean> {
    const cursors = this.cursors!;
    const cursor = cursors.get(lock.id);
    const { credentials } = this.deps;
    if (!cursor) {
      const newest = await credentials.use((account) =>
        account.activity.newest(lock.id, ACTIVITY_DEFAULTS.baselineEntries),
      );
      if (generation !== this.generation) return false;
      const seen = new Map(newest.map((entry) => [entry.id, Date.parse(entry.at)]));
      // From "now": the newest entry's date, the cloud's clock (the hub's may differ); 0 for an empty log.
      cursors.set(lock.id, { floor: Math.max(0, ...seen.values()), seen });
      this.deps.logger.debug(`Activity feed: following ${lock.name} from now on.`);
      return true;
    }
    const entries = await credentials.use((account) => account.activity.since(lock.id, cutoff(cursor) - 1));
    if (generation !== this.generation) return false;
    for (const entry of entries) {
      const at = Date.parse(entry.at);
      if (cursor.seen.has(entry.id) || at < cursor.floor) continue;
      cursor.seen.set(entry.id, at);
      this.deps.bus.emit('activity', toEvent(entry, lock));
    }
    const keepFrom = cutoff(cursor);
    for (const [id, at] of cursor.seen) if (at < keepFrom) cursor.seen.delete(id);
    return true;
  }

  /** The locks at least one watch names (all of them when one names none), in the registry's order. */
  private wantedLocks(): Lock[] {
    const all = this.deps.registry.all();
    const watches = [...this.watches];
    if (watches.length === 0 || watches.some((watch) => !watch.locks || watch.locks.length === 0)) return all;
    const ids = new Set(
      watches.flatMap((watch) => watch.locks!.map((reference) => findLock(all, reference)?.id)),
    );
    return all.filter((lock) => ids.has(lock.id));
  }

  private intervalMs(lockCount: number): number {
    const asked = [...this.watches].map((watch) => watch.interval ?? ACTIVITY_DEFAULTS.interval);
    const budget = this.deps.credentials.active().budgetStatus();
    return activityIntervalMs(
      asked.length > 0 ? Math.min(...asked) : ACTIVITY_DEFAULTS.interval,
      lockCount,
      budget,
    );
  }

  private succeeded(): void {
    this.failures = 0;
    this.episodes.recover(
      'activity',
      (failures, seconds) =>
        `The activity log can be read again (after ${failures} failed reads, ${seconds} s).`,
    );
  }

  private failed(error: HubError, intervalMs: number): number {
    // The budget said no (the state engine took the last background request): a wait, not a failure.
    if (error.code === 'BUDGET_EXHAUSTED') return Math.max(intervalMs, error.retryAfterMs ?? 0);
    this.failures++;
    if (!this.episodes.isOpen('activity')) this.deps.bus.emit('error', { error, context: 'activity' });
    const hint = error.code === 'SCOPE_MISSING' ? ' The key needs the scope DeviceActivity.Read.' : '';
    this.episodes.fail(
      'activity',
      `Reading the activity log failed (${error.code}): ${error.message}${hint} Retrying with backoff.`,
    );
    const backoff = backoffDelay(this.failures - 1, {
      baseMs: intervalMs,
      maxMs: ACTIVITY_DEFAULTS.maxBackoffMs,
    });
    return Math.max(backoff, error.retryAfterMs ?? 0);
  }
}

/** Where a read starts: the floor, or the look-back window before the newest entry seen. */
function cutoff(cursor: LockCursor): number {
  const newest = Math.max(cursor.floor, ...cursor.seen.values());
  return Math.max(cursor.floor, newest - ACTIVITY_DEFAULTS.lookBackMs);
}

/** Whether `event` is of the lock `reference` names (id, serial number or name, as findLock reads it). */
export function isOfLock(event: ActivityEvent, reference: string | number): boolean {
  const text = String(reference).trim();
  return (
    String(event.lockId) === text ||
    event.serialNumber === text ||
    event.lockName.toLowerCase() === text.toLowerCase()
  );
}

function toEvent(entry: ActivityEntry, lock: Lock): ActivityEvent {
  return { ...entry, serialNumber: lock.serialNumber, lockName: lock.name };
}
