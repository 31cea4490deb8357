import type { Logger } from '../../util/logger.js';
import type { CloudAccount } from '../cloud/account.js';
import { HubError } from '../errors.js';
import type { LockInfo } from '../lock.js';

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

/** The credentials the Tedee cloud can issue, and the one scope each write needs (tedee-api.md §1, §6, §7). */
export type IssuableCredential = 'doorcode' | 'appkey' | 'smartkey';

export const CREDENTIAL_SCOPES: Readonly<Record<IssuableCredential, string>> = {
  doorcode: 'Device.ReadWrite',
  appkey: 'DeviceShare.ReadWrite',
  smartkey: 'AccessLink.ReadWrite',
};

export type IssueCheck = { ok: true } | { ok: false; error: HubError };

const ISSUING_ROLES = new Set(['owner', 'admin']);

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
        `Could not read the scopes of key ${account.shownKey} (it lacks Account.Read); features are checked when first used.`,
      );
      return;
    }
    this.scopes = new Set(scopes);
    const off = FEATURES.filter(({ scopes: needed }) => !needed.some((scope) => this.scopes!.has(scope)));
    if (off.length === 0) {
      logger.info(`Key ${account.shownKey} has every scope the hub uses.`);
      return;
    }
    logger.warn(
      `Key ${account.shownKey} lacks scopes, so these features are off: ` +
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

  /**
   * Whether this key may issue `credential` on `lock`, before any cloud call: the credential's scope, the
   * key's access level on the lock (owner or admin; a guest issues nothing, and nobody grants above their
   * own level: an admin may grant guest or admin, the most an app key gets), and for a doorcode a keypad.
   */
  canIssue(lock: LockInfo, credential: IssuableCredential): IssueCheck {
    const scope = this.lacking([CREDENTIAL_SCOPES[credential]]);
    if (scope)
      return refuse('SCOPE_MISSING', `The key lacks the scope ${scope}, needed for a ${credential}.`, scope);
    if (!ISSUING_ROLES.has(lock.role))
      return refuse(
        'ACCESS_LEVEL_TOO_LOW',
        `Lock ${lock.name} (${lock.id}): this account is ${lock.role} there; only an owner or admin can issue keys.`,
      );
    if (credential === 'doorcode' && !lock.hasKeypad)
      return refuse(
        'NO_KEYPAD',
        `Lock ${lock.name} (${lock.id}) has no keypad, so it cannot take a doorcode.`,
      );
    return { ok: true };
  }

  /** The scope that is known to be missing for `needed` (any of), or undefined when it is (or may be) there. */
  lacking(needed: readonly string[]): string | undefined {
    const has = (scope: string) => (this.scopes ? this.scopes.has(scope) : true) && !this.missing.has(scope);
    return needed.some(has) ? undefined : needed[needed.length - 1];
  }
}

function refuse(
  code: 'SCOPE_MISSING' | 'ACCESS_LEVEL_TOO_LOW' | 'NO_KEYPAD',
  message: string,
  scope?: string,
) {
  return { ok: false as const, error: new HubError(code, message, { scope, sent: false }) };
}
