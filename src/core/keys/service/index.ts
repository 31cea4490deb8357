/**
 * The key service (issue 10): issues, changes, delivers and revokes keys on the hub's cloud account, with a
 * journal in the key store so that nothing is left half-done (docs/keys.md "The key service"). Built from the
 * hub's context, a KeyStore, the hub's lock directory and the delivery channels.
 */
import type { HubContext } from '../../hub/context.js';
import type { DeliveryChannel } from '../delivery/index.js';
import { maskKeyDoorcodes } from '../masking.js';
import type { DoorcodeRequest, Key, Profile } from '../model.js';
import type { KeyStore } from '../store.js';
import type { StoredTimer } from '../storeTypes.js';
import type {
  DriftReport,
  IssuePlan,
  Issuer,
  KeyFilter,
  KeyServiceApi,
  KeyUpdate,
  ShowOptions,
} from './api.js';
import { replaceCode, resendKey, revokeKey } from './changes.js';
import { loadKey, SERVICE_DEFAULTS, whileBusy } from './deps.js';
import type { KeyServiceOptions, LockDirectory, ServiceDeps } from './deps.js';
import { deadlinePassed, DST_TIMER, resumedDeadline, RETRY_TIMER } from './finish.js';
import { issueKey, runWrites } from './issue.js';
import type { InterruptedIssue } from './issue.js';
import { StoreError } from '../storeErrors.js';
import { addProfile, applyProfile, removeProfile, showProfile } from './profiles.js';
import { reconcileKeys } from './reconcile.js';
import { recompileKey } from './recompile.js';
import { settleJournal } from './recovery.js';
import { CLEANUP_TIMER, removeAll } from './rollback.js';
import { liveStatus } from './status.js';
import { TimerLoop } from './timers.js';
import { updateKey } from './update.js';

export type { KeyServiceOptions, LockDirectory } from './deps.js';

export interface KeyServiceParts {
  context: HubContext;
  store: KeyStore;
  hub: LockDirectory;
  /** SMTP and webhook (src/runtime/delivery); the `delivery` event is always sent. */
  channels?: DeliveryChannel[];
  options?: KeyServiceOptions;
}

export class KeyService implements KeyServiceApi {
  private readonly deps: ServiceDeps;
  private readonly timers: TimerLoop;
  private reconcileTimer: ReturnType<HubContext['clock']['setTimeout']> | undefined;
  private readonly work = new Set<Promise<unknown>>();
  private readonly recoveries = new Set<ReturnType<HubContext['clock']['setTimeout']>>();
  private started = false;

  constructor(parts: KeyServiceParts) {
    this.deps = {
      context: parts.context,
      store: parts.store,
      hub: parts.hub,
      channels: parts.channels ?? [],
      busy: new Set(),
      options: { ...SERVICE_DEFAULTS, ...parts.options },
    };
    this.timers = new TimerLoop(this.deps, (timer) => this.fire(timer));
  }

  /**
   * After a store failure interrupted a key's writes (issue.ts `storeFailedWhileWriting`), or when start()
   * could not settle a key's journal (the cloud failed, a lock was busy): settle the key's journal and resume
   * it, as start() would, once the store and the cloud allow; tried with doubling waits.
   */
  private recoverLater(keyId: string, wait = this.deps.options.retryBaseMs): void {
    if (!this.started) return;
    const timer = this.deps.context.clock.setTimeout(() => {
      this.recoveries.delete(timer);
      this.track(this.recoverKey(keyId, wait));
    }, wait);
    this.recoveries.add(timer);
  }

  private async recoverKey(keyId: string, wait: number): Promise<void> {
    const { store, context, options } = this.deps;
    try {
      await settleJournal(this.deps, keyId);
      const key = store.getKey(keyId);
      if (!key || key.status !== 'pending') return;
      // An entry still unsettled (the store or the cloud still failing) could make a second object: not yet.
      if (store.listUnfinishedJournal().some((entry) => entry.keyId === keyId))
        throw new Error('a journal entry of the key is not settled yet');
      store.setTimer({
        keyId,
        kind: RETRY_TIMER,
        dueAt: new Date(context.clock.now()).toISOString(),
        detail: { deadline: resumedDeadline(this.deps, key), attempt: 1 },
      });
      this.timers.arm();
    } catch (error) {
      context.logger.warn(
        `Key ${keyId}: resuming waits (${error instanceof Error ? error.message : String(error)})`,
      );
      this.recoverLater(keyId, Math.min(wait * 2, options.maxRetryMs));
    }
  }

  /** Recovery (unfinished journal entries, pending keys), due timers caught up, reconcile at start. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const touched = await settleJournal(this.deps);
    const { store } = this.deps;
    // A key whose journal is not settled yet is not written to (a create that may have landed would be made a
    // second time): it is settled again with doubling waits, then resumed (recoverKey).
    const unsettled = new Set(store.listUnfinishedJournal().map((entry) => entry.keyId));
    for (const keyId of unsettled) {
      store.removeTimer(keyId, RETRY_TIMER);
      this.recoverLater(keyId);
    }
    const retrying = new Set(
      store
        .listDueTimers(new Date(8.64e15))
        .filter((timer) => timer.kind === RETRY_TIMER)
        .map((timer) => timer.keyId),
    );
    for (const key of store.listKeys({ status: 'pending' })) {
      if (unsettled.has(key.id) || (retrying.has(key.id) && !touched.has(key.id))) continue;
      // Interrupted in a write pass: go on now, until the deadline it had.
      store.setTimer({
        keyId: key.id,
        kind: RETRY_TIMER,
        dueAt: new Date(this.deps.context.clock.now()).toISOString(),
        detail: { deadline: resumedDeadline(this.deps, key), attempt: 1 },
      });
    }
    this.timers.start();
    await this.timers.runDue();
    if (this.deps.options.reconcileAtStart) this.track(this.backgroundReconcile(false));
    this.armReconcile();
  }

  /** No timer left; running work is not awaited past `stop` (the journal covers what it leaves). */
  stop(): Promise<void> {
    this.started = false;
    this.timers.stop();
    this.deps.context.clock.clearTimeout(this.reconcileTimer);
    this.reconcileTimer = undefined;
    for (const timer of this.recoveries) this.deps.context.clock.clearTimeout(timer);
    this.recoveries.clear();
    return Promise.resolve();
  }

  /** Resolves when background work started so far (deliveries, reconcile) has ended. */
  async idle(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  private track(promise: Promise<unknown>): void {
    this.work.add(promise);
    void promise.finally(() => this.work.delete(promise));
  }

  private armReconcile(): void {
    const every = this.deps.options.reconcileIntervalMs;
    if (!this.started || every <= 0) return;
    this.reconcileTimer = this.deps.context.clock.setTimeout(() => {
      this.track(this.backgroundReconcile(true));
      this.armReconcile();
    }, every);
  }

  /** Reconcile on its own: drift and failures are logged (the front ends run `reconcile` to see them). */
  private async backgroundReconcile(repair: boolean): Promise<void> {
    try {
      const drift = await reconcileKeys(this.deps, { repair });
      for (const report of drift)
        this.deps.context.logger.warn(
          `Key ${report.keyId}, door ${report.lockId}: ${report.kind} ${report.drift}${report.repaired ? ' (repaired)' : ''}: ${report.detail}`,
        );
    } catch (error) {
      this.deps.context.logger.warn(
        `Reconcile of keys failed; it runs again later: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private fire(timer: StoredTimer): Promise<void> {
    // A rollback or revoke under way does its own deletes; its cleanup timer is only there in case the process
    // dies. Look again later rather than delete the same objects twice at once. A daylight-saving rewrite waits
    // the same way for the key's other work (a reconcile's repair, an update): both would write the same
    // objects, and the door takes one write at a time (409).
    if ((timer.kind === CLEANUP_TIMER || timer.kind === DST_TIMER) && this.deps.busy.has(timer.keyId)) {
      const later = this.deps.context.clock.now() + this.deps.options.retryBaseMs * 4;
      this.deps.store.setTimer({ ...timer, dueAt: new Date(later).toISOString() });
      return Promise.resolve();
    }
    return whileBusy(this.deps, timer.keyId, () => this.fireNow(timer));
  }

  private async fireNow(timer: StoredTimer): Promise<void> {
    const key = this.deps.store.getKey(timer.keyId);
    if (!key) return;
    if (timer.kind === DST_TIMER) return recompileKey(this.deps, key.id);
    if (timer.kind === CLEANUP_TIMER) {
      await removeAll(this.deps, key);
      return;
    }
    if (timer.kind !== RETRY_TIMER || key.status !== 'pending') return;
    const deadline = Number(timer.detail?.deadline ?? 0);
    const attempt = Number(timer.detail?.attempt ?? 1);
    try {
      const runs =
        this.deps.context.clock.now() >= deadline
          ? await deadlinePassed(this.deps, key)
          : await runWrites(this.deps, key, deadline, attempt);
      for (const run of runs) this.track(run);
    } catch {
      // Rolled back: the key is `failed` with the door's reason, and keyChanged said so.
    }
  }

  private withStatus(key: Key, options: ShowOptions = {}): Key {
    return maskKeyDoorcodes({ ...key, status: liveStatus(key, this.deps.context.clock.now()) }, options);
  }

  async issue(request: unknown, by: Issuer, options: ShowOptions = {}): Promise<Key | IssuePlan> {
    const { result, deliveries } = await issueKey(this.deps, request, by, options)
      .catch((error: unknown) => {
        const interrupted = (error as Partial<InterruptedIssue>).keyId;
        if (error instanceof StoreError && interrupted) this.recoverLater(interrupted);
        throw error;
      })
      .finally(() => this.timers.arm());
    deliveries.forEach((run) => this.track(run));
    if ('dryRun' in result) return result;
    return { ...result, status: liveStatus(result, this.deps.context.clock.now()) };
  }

  list(filter: KeyFilter = {}): Key[] {
    const door = filter.door === undefined ? undefined : (this.deps.hub.lock(filter.door)?.id ?? -1);
    return this.deps.store
      .listKeys({ ...filter, status: undefined, door })
      .map((key) => this.withStatus(key))
      .filter((key) => filter.status === undefined || key.status === filter.status);
  }

  show(id: string, options: ShowOptions = {}): Key {
    return this.withStatus(loadKey(this.deps, id), options);
  }

  async update(id: string, changes: KeyUpdate, by: Issuer): Promise<Key> {
    const { key, deliveries } = await whileBusy(this.deps, id, () => updateKey(this.deps, id, changes, by));
    deliveries.forEach((run) => this.track(run));
    this.timers.arm();
    return this.withStatus(key);
  }

  async replaceCode(
    id: string,
    person: number | string,
    doorcode: DoorcodeRequest,
    by: Issuer,
  ): Promise<Key> {
    const { key, deliveries } = await whileBusy(this.deps, id, () =>
      replaceCode(this.deps, id, person, doorcode, by),
    );
    deliveries.forEach((run) => this.track(run));
    return this.withStatus(key);
  }

  async resend(id: string, person: number | string | undefined, by: Issuer): Promise<Key> {
    const { key, deliveries } = await whileBusy(this.deps, id, () => resendKey(this.deps, id, person, by));
    deliveries.forEach((run) => this.track(run));
    return this.withStatus(key);
  }

  async revoke(id: string, by: Issuer): Promise<Key> {
    const key = await whileBusy(this.deps, id, () => revokeKey(this.deps, id, by));
    this.timers.arm();
    return this.withStatus(key);
  }

  reconcile(options: { repair?: boolean; keyId?: string } = {}): Promise<DriftReport[]> {
    return reconcileKeys(this.deps, options);
  }

  readonly profiles = {
    add: (profile: unknown, by: Issuer): Profile => addProfile(this.deps, profile, by),
    list: (): Profile[] => this.deps.store.listProfiles(),
    show: (name: string): Profile => showProfile(this.deps, name),
    apply: async (name: string, by: Issuer) => {
      const results = await applyProfile(this.deps, name, by);
      this.timers.arm();
      return results;
    },
    remove: (name: string, by: Issuer): boolean => removeProfile(this.deps, name, by),
  };
}

export function createKeyService(parts: KeyServiceParts): KeyService {
  return new KeyService(parts);
}
