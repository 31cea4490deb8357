import type { Clock } from '../util/clock.js';
import type { SharedAccountNotice } from './accountShare.js';
import { AccountShare } from './accountShare.js';
import { BudgetExhaustedError, RateLimitedError } from './errors.js';

const HOUR_MS = 3_600_000;

export interface BudgetOptions {
  /** Requests allowed per sliding hour (Tedee allows 700 per account; default 600). */
  limitPerHour?: number;
  /**
   * Requests of that hour kept for lock operations (default 10 % of the limit, at least 5). As many are kept
   * for background reads: commands alone may not use them, so that a flow commanding without pause cannot
   * stop the polls that keep the other locks' states fresh.
   */
  reserveForCommands?: number;
  /** GET /my/lock calls allowed per window with a PAK (Tedee: 10 per 10 minutes). */
  lockListLimit?: number;
  lockListWindowMs?: number;
  clock: Clock;
  /** Told once when 429s show that another client uses the account (accountShare.ts); the budget then shrinks. */
  onSharedAccount?: (notice: SharedAccountNotice) => void;
}

/** Background requests may not touch the reserve; command requests (operations and their follow-up) may. */
export type Priority = 'background' | 'command';

export interface BudgetStatus {
  /** The budget in force: the configured one, or less while another client uses the account (accountShare.ts). */
  limitPerHour: number;
  /** The configured budget. */
  configuredLimitPerHour: number;
  /** True while the budget is lowered because 429s showed another client on the account. */
  sharedAccount: boolean;
  reserveForCommands: number;
  /** Requests sent in the last hour. */
  used: number;
  /** Requests left in the sliding hour (commands alone may not take the share kept for background reads). */
  remaining: number;
  /**
   * Requests left in the sliding hour for background work: remaining minus the reserve, or while commands
   * use that up, what is left of the share kept for background reads (as large as the reserve).
   */
  remainingForBackground: number;
  /** GET /my/lock calls left in the current window. */
  lockListRemaining: number;
  /** Milliseconds until the cloud's Retry-After ends, 0 when not blocked. */
  blockedForMs: number;
}

/** A sliding window of timestamps, oldest first. */
class SlidingWindow {
  private readonly times: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  count(now: number): number {
    while (this.times.length > 0 && this.times[0]! <= now - this.windowMs) this.times.shift();
    return this.times.length;
  }

  /** Milliseconds until `count` drops below `below`. */
  waitUntilBelow(below: number, now: number): number {
    const used = this.count(now);
    if (used < below) return 0;
    const freeing = this.times[used - below]!;
    return Math.max(1, freeing + this.windowMs - now);
  }

  record(now: number): void {
    this.times.push(now);
  }
}

/**
 * The request budget of one client: every call is counted in a sliding hour, so that the hub can plan within
 * Tedee's limits and the client refuses a call rather than earning a 429.
 */
export class RequestBudget {
  readonly configuredLimitPerHour: number;
  private readonly configuredReserve: number;
  private readonly share: AccountShare;
  private readonly clock: Clock;
  private readonly hour: SlidingWindow;
  /** The same hour, per priority: commands may not take the share kept for background reads. */
  private readonly byPriority: Record<Priority, SlidingWindow>;
  private readonly lockList: SlidingWindow;
  private blockedUntil = 0;

  constructor(options: BudgetOptions) {
    this.clock = options.clock;
    const limit = options.limitPerHour ?? 600;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`limitPerHour must be a positive integer, got ${limit}`);
    }
    this.configuredLimitPerHour = limit;
    this.configuredReserve = Math.min(
      limit - 1,
      options.reserveForCommands ?? Math.max(5, Math.round(limit / 10)),
    );
    this.share = new AccountShare(limit, options.onSharedAccount);
    this.hour = new SlidingWindow(limit, HOUR_MS);
    this.byPriority = {
      command: new SlidingWindow(limit, HOUR_MS),
      background: new SlidingWindow(limit, HOUR_MS),
    };
    this.lockList = new SlidingWindow(options.lockListLimit ?? 10, options.lockListWindowMs ?? 600_000);
  }

  /** Requests allowed per sliding hour now (lower while another client uses the account). */
  get limitPerHour(): number {
    return this.share.limit(this.clock.now());
  }

  /** Requests of the hour kept for commands; a lowered budget keeps a tenth of itself (at least 5). */
  get reserveForCommands(): number {
    const limit = this.limitPerHour;
    if (limit === this.configuredLimitPerHour) return this.configuredReserve;
    return Math.min(this.configuredReserve, limit - 1, Math.max(5, Math.round(limit / 10)));
  }

  status(): BudgetStatus {
    const now = this.clock.now();
    const used = this.hour.count(now);
    const remaining = Math.max(0, this.limitPerHour - used);
    const keptLeft = this.reserveForCommands - this.byPriority.background.count(now);
    return {
      limitPerHour: this.limitPerHour,
      configuredLimitPerHour: this.configuredLimitPerHour,
      sharedAccount: this.share.lowered(now),
      reserveForCommands: this.reserveForCommands,
      used,
      remaining,
      remainingForBackground: Math.max(0, remaining - this.reserveForCommands, Math.min(remaining, keptLeft)),
      lockListRemaining: Math.max(0, this.lockList.limit - this.lockList.count(now)),
      blockedForMs: Math.max(0, this.blockedUntil - now),
    };
  }

  /**
   * Milliseconds until the hour lets a request of this priority go (0: now). Commands: the whole limit, but
   * not the share kept for background reads. Background: the limit less the command reserve, or, while
   * commands took that, its own kept share (as large as the reserve) within the limit.
   */
  private hourWaitMs(priority: Priority, now: number): number {
    const limit = this.limitPerHour;
    const kept = this.reserveForCommands;
    const whole = this.hour.waitUntilBelow(limit, now);
    if (priority === 'command')
      return Math.max(whole, this.byPriority.command.waitUntilBelow(limit - kept, now));
    const belowReserve = this.hour.waitUntilBelow(limit - kept, now);
    if (kept === 0) return belowReserve;
    return Math.min(belowReserve, Math.max(whole, this.byPriority.background.waitUntilBelow(kept, now)));
  }

  /** Milliseconds until a request of this priority is allowed (0: now). */
  waitMs(priority: Priority, isLockList = false): number {
    const now = this.clock.now();
    return Math.max(
      this.blockedUntil - now,
      this.hourWaitMs(priority, now),
      isLockList ? this.lockList.waitUntilBelow(this.lockList.limit, now) : 0,
      0,
    );
  }

  /** Counts one request, or throws when it would break the budget or an active Retry-After. */
  take(priority: Priority, isLockList = false, endpoint?: string): void {
    const now = this.clock.now();
    // Refused here, before sending: `sent: false` tells the hub that the cloud never saw the request.
    if (this.blockedUntil > now)
      throw new RateLimitedError(this.blockedUntil - now, { endpoint, sent: false });
    const wait = this.hourWaitMs(priority, now);
    if (wait > 0) {
      const which =
        priority === 'command'
          ? this.hour.count(now) >= this.limitPerHour
            ? 'The hourly request budget is used up'
            : 'The hourly request budget is used up for commands (the rest is kept for reading the locks)'
          : 'The hourly request budget is down to the command reserve';
      throw new BudgetExhaustedError(wait, which, { endpoint, sent: false });
    }
    if (isLockList) {
      const listWait = this.lockList.waitUntilBelow(this.lockList.limit, now);
      if (listWait > 0) {
        throw new BudgetExhaustedError(
          listWait,
          `The lock list may be read ${this.lockList.limit} times per window`,
          { endpoint, sent: false },
        );
      }
      this.lockList.record(now);
    }
    this.hour.record(now);
    this.byPriority[priority].record(now);
  }

  /**
   * A 429 from the cloud: no request before its Retry-After ends, and when this budget's own count is under
   * both its limit and Tedee's, another client uses the account: the budget shrinks (accountShare.ts).
   */
  rateLimited(retryAfterMs: number): void {
    const now = this.clock.now();
    this.share.rateLimited(this.hour.count(now), now, this.blockedUntil > now);
    this.blockFor(retryAfterMs);
  }

  /** Remembers a 429's Retry-After so that no request is sent before it ends. */
  blockFor(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + ms);
  }
}
