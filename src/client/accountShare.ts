/**
 * This process's share of a Tedee account's request limit, when other processes use the same account
 * (another Homebridge, Node-RED, the daemon, a script). Tedee counts requests per account (700 an hour), but a
 * budget counts only its own. A 429 that arrives while the own count is below both the budget and Tedee's limit
 * was caused by someone else too: the share is cut to half of what this process actually sent in the last hour
 * (multiplicative decrease, as TCP does on loss), never below a floor that keeps the locks polled. After six
 * quiet hours it grows back by a tenth of the configured budget per hour (additive increase). docs/hub.md,
 * "One account, several hosts".
 */

const HOUR_MS = 3_600_000;
/** Tedee's documented limit per account and hour (research/tedee-api.md): a 429 below it is not ours alone. */
export const TEDEE_ACCOUNT_LIMIT_PER_HOUR = 700;
/** The lowest share: about one poll every 45 s, and commands still have their reserve. */
export const SHARED_ACCOUNT_FLOOR_PER_HOUR = 100;
/** Hours without a foreign 429 before the share grows again. */
const QUIET_BEFORE_GROWTH_MS = 6 * HOUR_MS;
/** Growth per quiet hour, as a share of the configured budget. */
const GROWTH_PER_HOUR = 0.1;

export interface SharedAccountNotice {
  /** Requests this process sent in the last hour when the 429 came. */
  used: number;
  /** The configured budget. */
  configuredPerHour: number;
  /** The budget from now on. */
  limitPerHour: number;
}

export class AccountShare {
  private cut?: { limit: number; at: number };
  private noticed = false;

  constructor(
    private readonly configuredPerHour: number,
    /** Told once per process, the first time another client shows. */
    private readonly onNotice?: (notice: SharedAccountNotice) => void,
  ) {}

  /** The budget now: the configured one, or the share after a cut, grown back by quiet hours. */
  limit(now: number): number {
    if (!this.cut) return this.configuredPerHour;
    const quiet = now - this.cut.at - QUIET_BEFORE_GROWTH_MS;
    const grown = quiet < 0 ? 0 : (Math.floor(quiet / HOUR_MS) + 1) * this.step();
    if (this.cut.limit + grown >= this.configuredPerHour) {
      this.cut = undefined;
      return this.configuredPerHour;
    }
    return this.cut.limit + grown;
  }

  /** True while the budget is below the configured one because of another client. */
  lowered(now: number): boolean {
    return this.limit(now) < this.configuredPerHour;
  }

  /**
   * A 429 arrived while this process had sent `used` requests in the last hour. `inBlock`: an earlier 429's
   * Retry-After still runs (requests already in flight answer 429 together): that burst cuts once.
   */
  rateLimited(used: number, now: number, inBlock: boolean): void {
    if (used >= Math.min(this.configuredPerHour, TEDEE_ACCOUNT_LIMIT_PER_HOUR)) return;
    const floor = Math.min(SHARED_ACCOUNT_FLOOR_PER_HOUR, this.configuredPerHour);
    if (!inBlock || !this.cut) {
      const limit = Math.max(floor, Math.floor(Math.min(this.limit(now), used) / 2));
      this.cut = { limit, at: now };
    } else {
      this.cut.at = now;
    }
    if (this.noticed) return;
    this.noticed = true;
    this.onNotice?.({ used, configuredPerHour: this.configuredPerHour, limitPerHour: this.cut.limit });
  }

  private step(): number {
    return Math.max(1, Math.round(this.configuredPerHour * GROWTH_PER_HOUR));
  }
}
