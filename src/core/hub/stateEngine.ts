/**
 * Follows every lock with as few requests as possible: GET /my/lock at start, hourly and when a revision
 * changes; one bulk GET /my/lock/sync per poll otherwise; never one request per lock per poll.
 * Never throws into its host: every failure is caught, logged once per episode and retried with backoff.
 */
import { backoffDelay } from '../../util/backoff.js';
import type { Timer } from '../../util/clock.js';
import type { SyncedLock } from '../cloud/account.js';
import { LOCK_PAGE_SIZE } from '../cloud/account.js';
import { toHubError } from '../cloud/translate.js';
import type { HubError } from '../errors.js';
import type { Lock } from '../lock.js';
import { EpisodeLog } from '../../util/episodes.js';
import type { HubContext } from './context.js';
import { MissingLocks } from './missingLocks.js';
import { nextPollDelayMs } from './pollPlanner.js';
import type { LockRegistry } from './registry.js';
import { DEFAULTS, resolveLockSettings } from './settings.js';

const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * After every key was rejected (401), the key is checked again after 30 s, then 60 s, then every 2 minutes:
 * a gateway's passing 401 page costs about 2 minutes at most, and a revoked key costs 30 requests an hour.
 */
export const AUTH_RECHECK = { firstMs: 30_000, maxMs: 120_000 } as const;

export type EngineDependencies = HubContext & { registry: LockRegistry };

export class StateEngine {
  private timer: Timer | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private capabilitiesChecked = false;
  private discovered = false;
  private refreshDue = true;
  private lastFullRefresh = -Infinity;
  private refreshPages = 1;
  private failures = 0;
  /** Checks of the keys since every key was rejected; 0 while a key works. */
  private authChecks = 0;
  private readonly hidden = new Set<number>();
  private readonly episodes: EpisodeLog;
  private readonly missing: MissingLocks;

  constructor(private readonly deps: EngineDependencies) {
    this.episodes = new EpisodeLog(deps.logger, () => deps.clock.now());
    this.missing = new MissingLocks(deps);
  }

  get pollIntervalMs(): number {
    return (
      Math.max(DEFAULTS.minPollInterval, this.deps.settings.pollInterval ?? DEFAULTS.pollInterval) * 1000
    );
  }

  get isDiscovered(): boolean {
    return this.discovered;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Reads one lock now (after a command), with the budget's command priority. */
  async syncLock(id: number): Promise<Lock | undefined> {
    const started = this.deps.registry.beginRead();
    const synced = await this.deps.credentials.use((account) =>
      account.locks.syncOne(id, this.deps.registry.status(id)),
    );
    this.applySync([synced], false, started);
    return this.deps.registry.get(id);
  }

  /** Asks for a full refresh at the next poll (e.g. a lock was renamed). */
  requestRefresh(): void {
    this.refreshDue = true;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = undefined));
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let delay: number;
    try {
      delay = await this.poll();
      this.succeeded();
    } catch (caught) {
      delay = this.failed(toHubError(caught));
    }
    this.schedule(delay);
  }

  private async poll(): Promise<number> {
    const { credentials, capabilities, logger } = this.deps;
    if (!this.capabilitiesChecked) {
      this.capabilitiesChecked = true;
      // Beside the first poll, not before it: a cloud that cannot be reached must not cost two rounds of retries.
      void credentials
        .use((account) => capabilities.check(account, logger))
        .catch((error: unknown) => {
          logger.debug(`Could not check the key's scopes: ${toHubError(error).message}`);
        });
    }
    // Every key was rejected: try them all again (the rejection may have been a gateway's passing 401).
    if (this.authChecks > 0) credentials.forgive();
    const account = credentials.active();
    const fullRefreshDue =
      this.refreshDue ||
      this.missing.recheckDue() ||
      this.deps.clock.now() - this.lastFullRefresh >= DEFAULTS.fullRefreshIntervalMs;
    if (fullRefreshDue && account.backgroundWaitMs(true) === 0) {
      await this.fullRefresh();
    } else {
      const started = this.deps.registry.beginRead();
      const synced = await credentials.use((active) =>
        active.locks.syncAll((id) => this.deps.registry.status(id)),
      );
      this.applySync(synced, true, started);
      if (this.refreshDue && this.deps.credentials.active().backgroundWaitMs(true) === 0)
        await this.fullRefresh();
    }
    if (this.discovered) this.deps.bus.emit('polled', { locks: this.deps.registry.all() });
    return this.nextDelay();
  }

  private async fullRefresh(): Promise<void> {
    const { registry, settings } = this.deps;
    const started = registry.beginRead();
    const all = await this.deps.credentials.use((account) =>
      account.locks.discover((id) => registry.status(id)),
    );
    this.hidden.clear();
    const visible = all.filter(({ info }) => {
      const hidden = resolveLockSettings(settings, info).hidden;
      if (hidden) this.hidden.add(info.id);
      return !hidden;
    });
    this.missing.afterFullList(registry.applyFullList(visible, started), all.length);
    this.refreshPages = Math.max(1, Math.ceil(all.length / LOCK_PAGE_SIZE));
    this.lastFullRefresh = this.deps.clock.now();
    this.refreshDue = false;
    if (!this.discovered) {
      this.discovered = true;
      this.reportHealthy();
      this.deps.bus.emit('ready', { locks: registry.all() });
    }
  }

  /**
   * Applies sync answers; a new, missing or re-configured lock calls for a full refresh. A lock already
   * known to be missing from the list does not (its confirming reads are planned, see missingLocks.ts),
   * unless the sync shows it again: then one early full read may bring it back.
   */
  private applySync(synced: SyncedLock[], complete: boolean, started: number): void {
    const { registry } = this.deps;
    for (const item of synced) {
      if (this.hidden.has(item.id)) continue;
      if (!registry.has(item.id)) {
        this.refreshDue = true;
        continue;
      }
      if (item.revision !== registry.revision(item.id)) this.refreshDue = true;
      if (this.missing.askEarlyCheck(item.id)) this.refreshDue = true;
      registry.updateStatus(item.id, item.status, started);
    }
    const listed = new Set(synced.map((item) => item.id));
    if (complete && registry.ids().some((id) => !listed.has(id) && !this.missing.has(id)))
      this.refreshDue = true;
  }

  private nextDelay(): number {
    const account = this.deps.credentials.active();
    return nextPollDelayMs({
      configuredMs: this.pollIntervalMs,
      budget: account.budgetStatus(),
      refreshPagesPerHour: this.refreshPages,
      waitForBackgroundMs: account.backgroundWaitMs(),
    });
  }

  private succeeded(): void {
    const { credentials, logger } = this.deps;
    this.failures = 0;
    if (this.authChecks > 0) {
      this.authChecks = 0;
      logger.info(`The Tedee cloud accepts ${credentials.active().shownKey} again; polling resumed.`);
    }
    this.episodes.recover(
      'poll',
      (failures, seconds) => `The Tedee cloud answers again (after ${failures} failed polls, ${seconds} s).`,
    );
    this.deps.registry.setCloudHealth({ healthy: true, reason: '' });
    if (this.discovered) this.reportHealthy();
  }

  /** ok, or degraded while the hub runs on the secondary key because the primary was rejected. */
  private reportHealthy(): void {
    const { credentials, health } = this.deps;
    if (credentials.onSecondary()) {
      health.set({
        state: 'degraded',
        code: 'AUTH_INVALID',
        reason: `the primary key was rejected; running on the secondary key ${credentials.active().shownKey}`,
      });
    } else health.set({ state: 'ok' });
  }

  /** Handles a failed poll; returns the delay before the next one. */
  private failed(error: HubError): number {
    const { registry, bus, credentials, settings } = this.deps;
    if (error.code === 'AUTH_INVALID' && credentials.exhausted()) return this.keysRejected(error);
    if (error.code === 'BUDGET_EXHAUSTED') return Math.max(this.pollIntervalMs, error.retryAfterMs ?? 0);
    this.failures++;
    const threshold = settings.unavailableAfterFailures ?? DEFAULTS.unavailableAfterFailures;
    if (!this.episodes.isOpen('poll')) bus.emit('error', { error, context: 'poll' });
    // Before the first successful read no lock is known yet: front ends show them offline until it comes.
    const meanwhile = this.discovered
      ? `locks stay available until ${threshold} polls in a row fail.`
      : 'the locks stay offline until the first successful read.';
    this.episodes.fail(
      'poll',
      `Reading the locks from the Tedee cloud failed (${error.code}): ${error.message} Retrying with backoff; ` +
        meanwhile,
    );
    if (this.failures >= threshold) {
      const reason = this.discovered
        ? `the Tedee cloud failed ${this.failures} polls in a row (${error.code})`
        : `the locks could not be read from the Tedee cloud (${attempts(this.failures)}): ${error.message}`;
      registry.setCloudHealth({ healthy: false, reason });
      this.deps.health.set({ state: this.discovered ? 'degraded' : 'failed', code: error.code, reason });
    }
    const backoff = backoffDelay(this.failures - 1, { baseMs: this.pollIntervalMs, maxMs: MAX_BACKOFF_MS });
    return error.code === 'RATE_LIMITED' ? Math.max(error.retryAfterMs ?? 0, this.pollIntervalMs) : backoff;
  }

  /** Every key was rejected: polling stops at once, and the keys are checked again with a growing delay. */
  private keysRejected(error: HubError): number {
    const { logger, registry, bus, credentials, health } = this.deps;
    const delay = Math.min(AUTH_RECHECK.maxMs, AUTH_RECHECK.firstMs * 2 ** this.authChecks);
    this.authChecks++;
    if (this.authChecks > 1) {
      logger.debug(`The keys are still rejected; checking again in ${delay / 1000} s.`);
      return delay;
    }
    const keys = credentials.prefixes().join(' and ');
    logger.error(
      `Polling stopped: the Tedee cloud rejected ${keys} (expired or revoked). ` +
        'Create a new key in the Tedee Portal (https://portal.tedee.com/personal-access-keys) and put it in the ' +
        `configuration. The hub checks the key again in ${delay / 1000} s, then every ` +
        `${AUTH_RECHECK.maxMs / 60_000} minutes at most, and resumes by itself if it is accepted again.`,
    );
    const reason = `the Tedee cloud rejected ${keys}`;
    registry.setCloudHealth({ healthy: false, reason: 'the Personal Access Key was rejected' });
    health.set({ state: 'failed', code: 'AUTH_INVALID', reason });
    bus.emit('error', { error, context: 'poll' });
    return delay;
  }
}

function attempts(count: number): string {
  return count === 1 ? '1 attempt' : `${count} attempts`;
}
