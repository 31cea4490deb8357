import type { Logger } from '../../util/logger.js';
import type { CloudAccount } from '../cloud/account.js';
import { toHubError } from '../cloud/account.js';

/**
 * The primary key and an optional secondary key. When the active key is rejected (401: expired or revoked),
 * the hub moves to the other one and says so with both prefixes, so that a user can rotate keys without
 * downtime: add the new key as secondary, then retire the old one.
 */
export class Credentials {
  private activeIndex = 0;
  private readonly rejected = new Set<number>();
  /** Switches already announced, so that checking the keys again does not repeat the warning. */
  private readonly announced = new Set<string>();

  constructor(
    private readonly accounts: CloudAccount[],
    private readonly logger: Logger,
  ) {}

  active(): CloudAccount {
    return this.accounts[this.activeIndex]!;
  }

  /**
   * Marks `account` as rejected. Returns true when another key is now active (the caller retries), false
   * when no usable key is left.
   */
  reject(account: CloudAccount): boolean {
    const index = this.accounts.indexOf(account);
    if (index >= 0) this.rejected.add(index);
    if (index !== this.activeIndex) return !this.rejected.has(this.activeIndex);
    const next = this.accounts.findIndex((_, candidate) => !this.rejected.has(candidate));
    if (next < 0) return false;
    this.activeIndex = next;
    const switchKey = `${index}>${next}`;
    if (this.announced.has(switchKey)) return true;
    this.announced.add(switchKey);
    this.logger.warn(
      `The Personal Access Key ${account.shownKey} was rejected (expired or revoked); ` +
        `switched to the ${next === 0 ? 'primary' : 'secondary'} key ${this.active().shownKey}.`,
    );
    return true;
  }

  /** Runs `call` with the active key; on 401 moves to the other key once and runs it again. */
  async use<T>(call: (account: CloudAccount) => Promise<T>): Promise<T> {
    for (;;) {
      const account = this.active();
      try {
        return await call(account);
      } catch (caught) {
        const error = toHubError(caught);
        if (error.code === 'AUTH_INVALID' && this.reject(account)) continue;
        throw error;
      }
    }
  }

  /** Takes every key as usable again, primary first: to check whether a rejection has passed. */
  forgive(): void {
    this.rejected.clear();
    this.activeIndex = 0;
  }

  /** True while the secondary key is in use because the primary was rejected. */
  onSecondary(): boolean {
    return this.activeIndex > 0;
  }

  exhausted(): boolean {
    return this.rejected.size >= this.accounts.length;
  }

  prefixes(): string[] {
    return this.accounts.map((account) => account.shownKey);
  }
}
