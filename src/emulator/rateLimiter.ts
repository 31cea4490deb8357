import type { Clock } from '../util/clock.js';

/**
 * Tedee's limits are fixed windows: 700 requests per account per clock hour, and 10 GET /my/lock per
 * 10 minutes for a PAK. Refused requests are not counted.
 */
export class FixedWindowLimiter {
  private readonly counts = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  /** Seconds until the window resets when the limit is reached now, without counting anything; undefined otherwise. */
  peek(key: string): number | undefined {
    const now = this.clock.now();
    const windowStart = Math.floor(now / this.windowMs) * this.windowMs;
    const entry = this.counts.get(key);
    if (!entry || entry.windowStart !== windowStart || entry.count < this.limit) return undefined;
    return Math.max(1, Math.ceil((windowStart + this.windowMs - now) / 1000));
  }

  /** Counts the request, or returns the seconds until the window resets when the limit is reached. */
  hit(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.clock.now();
    const windowStart = Math.floor(now / this.windowMs) * this.windowMs;
    const entry = this.counts.get(key);
    const current = entry && entry.windowStart === windowStart ? entry : { windowStart, count: 0 };
    if (current.count >= this.limit) {
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((windowStart + this.windowMs - now) / 1000)),
      };
    }
    current.count++;
    this.counts.set(key, current);
    return { allowed: true };
  }

  reset(): void {
    this.counts.clear();
  }
}
