/**
 * The one deadline of a command: every wait of a one-shot command (the cloud, then the lock) ends by it, and
 * a wait that lasts says what it waits for, once, after NOTICE_AFTER_MS.
 */

/** How long a wait stays silent before the command says what it is waiting for. */
export const NOTICE_AFTER_MS = 2000;

/**
 * Kept back from the timeout for what follows a passed deadline (printing why, stopping the hub, exiting), so
 * that the process has ended when --timeout S has passed since it started (docs/cli.md, "Waiting").
 */
export const EXIT_RESERVE_MS = 500;

/** Longest wait for the hub's requests in flight when the command ends before its deadline. */
const STOP_WITHIN_MS = 1000;

/** Thrown when the deadline passes during a wait; `what` is the thing waited for. */
export class DeadlinePassed extends Error {
  constructor(
    readonly what: string,
    readonly seconds: number,
  ) {
    super(`${what} did not answer within ${seconds} s.`);
    this.name = 'DeadlinePassed';
  }
}

export class Deadline {
  private readonly endsAt: number;

  /** `startedAt` (epoch ms) is when the command started: for the real CLI, the process start. */
  constructor(
    readonly seconds: number,
    private readonly say: (line: string) => void,
    startedAt = Date.now(),
  ) {
    this.endsAt = startedAt + seconds * 1000 - EXIT_RESERVE_MS;
  }

  /**
   * How long stopping the hub may wait for requests in flight: up to STOP_WITHIN_MS while time is left, nothing
   * once the deadline has passed (a silent cloud must not hold the exit beyond the timeout).
   */
  stopBudgetMs(): number {
    return Math.max(0, Math.min(STOP_WITHIN_MS, this.endsAt - Date.now()));
  }

  /** Seconds left, at least 1 (for settings such as the hub's commandTimeout). */
  secondsLeft(): number {
    return Math.max(1, Math.ceil((this.endsAt - Date.now()) / 1000));
  }

  /**
   * Waits for `work`. After NOTICE_AFTER_MS prints "waiting for <what>..."; when the deadline passes first,
   * rejects with DeadlinePassed(what). `work` keeps running: the caller decides what a late end means.
   */
  async wait<T>(work: Promise<T>, what: string): Promise<T> {
    // A late rejection of `work` is the caller's to ignore, never an unhandled rejection.
    work.catch(() => undefined);
    let notice: NodeJS.Timeout | undefined;
    let expiry: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      notice = setTimeout(() => this.say(`waiting for ${what}...`), NOTICE_AFTER_MS);
      expiry = setTimeout(
        () => reject(new DeadlinePassed(what, this.seconds)),
        Math.max(0, this.endsAt - Date.now()),
      );
    });
    try {
      return await Promise.race([work, expired]);
    } finally {
      clearTimeout(notice);
      clearTimeout(expiry);
    }
  }
}
