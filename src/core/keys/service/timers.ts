/**
 * The service's persistent timers (in the store, so they survive a restart and fire late rather than never):
 * `retry` (waiting doors), `dst-recompile` (rewrite at a daylight-saving change), `cleanup` (deletes that
 * failed during a rollback or revoke). In memory there is one clock timer for the earliest due time, capped
 * at an hour so that long waits (months to a DST change) never overflow a Node timer.
 */
import type { Timer } from '../../../util/clock.js';
import type { StoredTimer } from '../storeTypes.js';
import type { ServiceDeps } from './deps.js';

const FAR_FUTURE = new Date(8.64e15);
const MAX_SLEEP_MS = 3_600_000;

export class TimerLoop {
  private timer: Timer | undefined;
  private running = false;
  private stopped = true;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly fire: (timer: StoredTimer) => Promise<void>,
  ) {}

  start(): void {
    this.stopped = false;
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.deps.context.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Looks at the store's timers again (after one was added or removed). */
  arm(): void {
    if (this.stopped) return;
    if (this.running) return; // runDue arms again when it ends
    const { clock } = this.deps.context;
    clock.clearTimeout(this.timer);
    const next = this.deps.store.listDueTimers(FAR_FUTURE)[0];
    if (!next) return;
    const wait = Math.max(0, Math.min(MAX_SLEEP_MS, Date.parse(next.dueAt) - clock.now()));
    this.timer = clock.setTimeout(() => void this.runDue(), wait);
  }

  /** Fires every due timer, oldest first; a timer that fails is logged and left for its handler to re-arm. */
  async runDue(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      const now = new Date(this.deps.context.clock.now());
      for (const due of this.deps.store.listDueTimers(now)) {
        if (this.stopped) break;
        this.deps.store.removeTimer(due.keyId, due.kind);
        try {
          await this.fire(due);
        } catch (error) {
          this.deps.context.logger.warn(
            `Key ${due.keyId}: the ${due.kind} timer failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    } finally {
      this.running = false;
      this.arm();
    }
  }
}
