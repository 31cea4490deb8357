/**
 * Slows down guessing of access keys: after FREE_FAILURES failed authentications from one address, that
 * address is locked out for a time that doubles with each further failure (1 s, 2 s, 4 s ... at most 15 min),
 * answered 429 with Retry-After without even looking at the key it sends. A success clears the address.
 * Bounded: at most MAX_ADDRESSES are remembered, an address is forgotten an hour after its last failure.
 */
import type { Clock } from '../util/clock.js';

const FREE_FAILURES = 5;
const BASE_LOCKOUT_MS = 1000;
const MAX_LOCKOUT_MS = 15 * 60_000;
const FORGET_AFTER_MS = 60 * 60_000;
const MAX_ADDRESSES = 10_000;

interface Record {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

export class AuthThrottle {
  private readonly addresses = new Map<string, Record>();

  constructor(private readonly clock: Clock) {}

  /** Milliseconds the address must still wait, or 0. */
  waitFor(address: string): number {
    const record = this.current(address);
    return record ? Math.max(0, record.lockedUntil - this.clock.now()) : 0;
  }

  failed(address: string): void {
    const now = this.clock.now();
    const record = this.current(address) ?? { failures: 0, lastFailure: now, lockedUntil: 0 };
    record.failures += 1;
    record.lastFailure = now;
    const over = record.failures - FREE_FAILURES;
    if (over > 0) record.lockedUntil = now + Math.min(MAX_LOCKOUT_MS, BASE_LOCKOUT_MS * 2 ** (over - 1));
    this.addresses.delete(address);
    this.addresses.set(address, record);
    // The oldest addresses go first: a flood of addresses cannot grow the map without bound.
    while (this.addresses.size > MAX_ADDRESSES) this.addresses.delete(this.addresses.keys().next().value!);
  }

  succeeded(address: string): void {
    this.addresses.delete(address);
  }

  private current(address: string): Record | undefined {
    const record = this.addresses.get(address);
    if (
      record &&
      this.clock.now() - record.lastFailure > FORGET_AFTER_MS &&
      record.lockedUntil <= this.clock.now()
    ) {
      this.addresses.delete(address);
      return undefined;
    }
    return record;
  }
}
