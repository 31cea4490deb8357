/**
 * What every part of the key service shares: the hub's context (cloud, clock, bus, logger), the store, the
 * lock lookup and the delivery channels, plus the small helpers they all use.
 */
import { randomBytes } from 'node:crypto';
import type { CloudAccount } from '../../cloud/account.js';
import type { HubContext } from '../../hub/context.js';
import type { Lock } from '../../lock.js';
import type { DeliveryChannel, MessageTemplate } from '../delivery/index.js';
import { describeDoor, KeyError } from '../errors.js';
import type { Key } from '../model.js';
import type { KeyStore } from '../store.js';

/** The part of the hub the service needs: locks by id, serial or name. */
export interface LockDirectory {
  lock(reference: string | number): Lock | undefined;
  locks(): Lock[];
}

export interface KeyServiceOptions {
  /** First wait before retrying a transient failure (default 2 s), doubled up to maxRetryMs. */
  retryBaseMs?: number;
  /** Longest wait between retries of a waiting door (default 60 s). */
  maxRetryMs?: number;
  /** How long a key that starts now may wait for an offline or busy door (default 10 minutes). */
  defaultDeadlineMs?: number;
  /** How often reconcile runs in the background (default 6 hours; 0 = only at start). */
  reconcileIntervalMs?: number;
  /** Attempts per delivery channel (default 4). */
  deliveryAttempts?: number;
  deliveryBaseMs?: number;
  template?: Partial<MessageTemplate>;
  /** Reconcile at start (default true). */
  reconcileAtStart?: boolean;
}

export interface ServiceDeps {
  context: HubContext;
  store: KeyStore;
  hub: LockDirectory;
  channels: DeliveryChannel[];
  /** Keys with writes under way: reconcile leaves them alone (a PIN just created is not an orphan). */
  busy: Set<string>;
  options: Required<Omit<KeyServiceOptions, 'template'>> & { template?: Partial<MessageTemplate> };
}

export const SERVICE_DEFAULTS = {
  retryBaseMs: 2_000,
  maxRetryMs: 60_000,
  defaultDeadlineMs: 10 * 60_000,
  reconcileIntervalMs: 6 * 3_600_000,
  deliveryAttempts: 4,
  deliveryBaseMs: 2_000,
  reconcileAtStart: true,
};

/** Runs one cloud call with the hub's active key (a 401 moves to the secondary key). */
export function cloud<T>(deps: ServiceDeps, call: (account: CloudAccount) => Promise<T>): Promise<T> {
  return deps.context.credentials.use(call);
}

export function nowIso(deps: ServiceDeps): string {
  return new Date(deps.context.clock.now()).toISOString();
}

export function newKeyId(): string {
  return `k_${randomBytes(6).toString('hex')}`;
}

export function doorName(deps: ServiceDeps, lockId: number): string {
  return describeDoor({ lockId, name: deps.hub.lock(lockId)?.name });
}

export function doorNames(deps: ServiceDeps, key: Key): Map<number, string> {
  return new Map(key.doors.map((id) => [id, deps.hub.lock(id)?.name ?? `door ${id}`]));
}

/**
 * The alias of a PIN (shown in the Tedee app and the activity log). It ends with the key's id tag so that a
 * PIN whose create answer was lost can be found again by its alias, and an orphan recognised as ours.
 */
export function pinAlias(key: Key, person: number): string {
  const who = key.persons[person]?.name ?? 'guest';
  return `${who} · ${key.name}`.slice(0, 40) + ` ${aliasTag(key.id)}`;
}

export function aliasTag(keyId: string): string {
  return `#${keyId.slice(-6)}`;
}

export function loadKey(deps: ServiceDeps, id: string): Key {
  const key = deps.store.getKey(id);
  if (!key) throw new KeyError('KEY_NOT_FOUND', `No key ${id} in the key store.`);
  return key;
}

/** Runs `work` with the key marked busy (see ServiceDeps.busy). */
export async function whileBusy<T>(deps: ServiceDeps, keyId: string, work: () => Promise<T>): Promise<T> {
  deps.busy.add(keyId);
  try {
    return await work();
  } finally {
    deps.busy.delete(keyId);
  }
}
