import type { Logger } from '../../util/logger.js';
import type { CloudAccount } from '../cloud/account.js';

/** Hub features and the scopes they need (DESIGN.md "Credentials"). */
export const FEATURES = [
  { feature: 'reading locks', scopes: ['Device.Read', 'Device.ReadWrite'] },
  { feature: 'lock, unlock and open', scopes: ['Lock.Operate'] },
  { feature: 'keypad doorcodes', scopes: ['Device.ReadWrite'] },
  { feature: 'app access keys', scopes: ['DeviceShare.ReadWrite'] },
  { feature: 'activity events', scopes: ['DeviceActivity.Read'] },
  { feature: 'access links', scopes: ['AccessLink.ReadWrite'] },
] as const;

export type Feature = (typeof FEATURES)[number]['feature'];

/**
 * What the key can do. Read once at start from the key list (which needs Account.Read); when the key may
 * not read it, every feature counts as available until the cloud answers 403 for it.
 */
export class Capabilities {
  private scopes: Set<string> | undefined;
  private readonly missing = new Set<string>();

  async check(account: CloudAccount, logger: Logger): Promise<void> {
    const scopes = await account.scopes();
    if (!scopes) {
      logger.info(
        `Could not read the scopes of key ${account.keyPrefix}.*** (it lacks Account.Read); features are checked when first used.`,
      );
      return;
    }
    this.scopes = new Set(scopes);
    const off = FEATURES.filter(({ scopes: needed }) => !needed.some((scope) => this.scopes!.has(scope)));
    if (off.length === 0) {
      logger.info(`Key ${account.keyPrefix}.*** has every scope the hub uses.`);
      return;
    }
    logger.warn(
      `Key ${account.keyPrefix}.*** lacks scopes, so these features are off: ` +
        off
          .map(({ feature, scopes: needed }) => `${feature} (needs ${needed[needed.length - 1]})`)
          .join('; ') +
        '. Add the scopes in the Tedee Portal to turn them on.',
    );
  }

  /**
   * A 403 for a feature. Tedee answers 403 both for a missing scope and for a lock this account may not
   * operate, so it counts as a missing scope only when the key's scopes could not be read; with a known
   * scope list the refusal was about that lock. Returns whether the scope is now taken as missing.
   */
  refused(scope: string): boolean {
    if (this.scopes?.has(scope)) return false;
    this.missing.add(scope);
    return true;
  }

  /** The feature worked after all (the key was edited in the Tedee Portal): forget an earlier refusal. */
  worked(scope: string): void {
    this.missing.delete(scope);
  }

  /** The scope that is known to be missing for `needed` (any of), or undefined when it is (or may be) there. */
  lacking(needed: readonly string[]): string | undefined {
    const has = (scope: string) => (this.scopes ? this.scopes.has(scope) : true) && !this.missing.has(scope);
    return needed.some(has) ? undefined : needed[needed.length - 1];
  }
}
