/**
 * What the hub needs to know, in the units and names of config.schema.json, so that every front end can
 * hand its validated configuration straight to createHub. Defaults live here.
 */
import type { LockAction, LockInfo } from '../lock.js';

export type UnlockMode = 0 | 2 | 3 | 4;

/** Per-lock options, matched by serial number or by name. Front ends may add their own keys. */
export interface LockSettings {
  serialNumber?: string;
  name?: string;
  /** Not tracked, not published, not operable. */
  hidden?: boolean;
  /** false: lock-only; unlock and open are refused. */
  allowUnlock?: boolean;
  allowOpen?: boolean;
  /** Tedee unlock mode: 0 default, 2 force, 3 without auto pull, 4 unlock or pull. */
  unlockMode?: UnlockMode;
}

export interface HubSettings {
  personalAccessKey: string;
  /** A second key for rotation without downtime: used when the first is rejected. */
  secondaryAccessKey?: string;
  apiUrl?: string;
  /** Seconds between polls (default 20, minimum 10). */
  pollInterval?: number;
  /** Requests per hour the hub may spend (default 600; Tedee allows 700). */
  requestBudgetPerHour?: number;
  /** Failed polls in a row before locks become unavailable (default 3). */
  unavailableAfterFailures?: number;
  /** Seconds a command may take before it ends in `timeout` (default 30). */
  commandTimeout?: number;
  /** Seconds within which an identical command joins the one in flight (default 3). */
  dedupeWindow?: number;
  locks?: LockSettings[];
  /**
   * The hub's own data folder (MQTT topic map and lockouts, keys). Each host sets its default: Homebridge's
   * storage path, Node-RED's user dir, ~/.tedee-hub for the CLI. Unset: nothing is kept across restarts.
   */
  dataDir?: string;
}

export const DEFAULTS = {
  pollInterval: 20,
  minPollInterval: 10,
  requestBudgetPerHour: 600,
  unavailableAfterFailures: 3,
  commandTimeout: 30,
  dedupeWindow: 3,
  unlockMode: 0 as UnlockMode,
  /** A full GET /my/lock at least this often, besides on revision changes. */
  fullRefreshIntervalMs: 3_600_000,
  /** Operation status is polled about every second after a command. */
  operationPollMs: 1000,
} as const;

export interface ResolvedLockSettings {
  hidden: boolean;
  allowUnlock: boolean;
  allowOpen: boolean;
  unlockMode: UnlockMode;
}

/** The entry for a lock: the one with its serial number, else the one with its name (case-insensitive). */
export function lockEntry<T extends LockSettings>(
  entries: readonly T[] | undefined,
  lock: Pick<LockInfo, 'serialNumber' | 'name'>,
): T | undefined {
  const list = entries ?? [];
  return (
    list.find((entry) => entry.serialNumber !== undefined && entry.serialNumber === lock.serialNumber) ??
    list.find(
      (entry) => entry.serialNumber === undefined && entry.name?.toLowerCase() === lock.name.toLowerCase(),
    )
  );
}

export function resolveLockSettings(
  settings: HubSettings,
  lock: Pick<LockInfo, 'serialNumber' | 'name'>,
): ResolvedLockSettings {
  const entry = lockEntry(settings.locks, lock);
  const allowUnlock = entry?.allowUnlock ?? true;
  return {
    hidden: entry?.hidden ?? false,
    allowUnlock,
    // Lock-only means no way in: opening is refused too unless it is explicitly allowed.
    allowOpen: entry?.allowOpen ?? allowUnlock,
    unlockMode: entry?.unlockMode ?? DEFAULTS.unlockMode,
  };
}

export function isActionAllowed(settings: ResolvedLockSettings, action: LockAction): boolean {
  if (action === 'unlock') return settings.allowUnlock;
  if (action === 'open') return settings.allowOpen;
  return true;
}
