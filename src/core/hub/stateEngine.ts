/**
 * Follows every lock with as few requests as possible: GET /my/lock at start, hourly and when a revision
 * changes; one bulk GET /my/lock/sync per poll otherwise; never one request per lock per poll.
 * Never throws into its host: every failure is caught, logged once per episode and retried with backoff.
 */
import { backoffDelay } from '../../util/backoff.js';
import type { Clock, Timer } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import type { SyncedLock } from '../cloud/account.js';
import { LOCK_PAGE_SIZE, toHubError } from '../cloud/account.js';
import type { HubError } from '../errors.js';
import type { EventBus } from '../events.js';
import type { Lock } from '../lock.js';
import type { Capabilities } from './capabilities.js';
import type { Credentials } from './credentials.js';
import { EpisodeLog } from '../../util/episodes.js';
import type { HubEvents } from './events.js';
import { nextPollDelayMs } from './pollPlanner.js';
import type { LockRegistry } from './registry.js';
import type { HubSettings } from './settings.js';
import { DEFAULTS, resolveLockSettings } from './settings.js';

const MAX_BACKOFF_MS = 5 * 60_000;

export interface EngineDependencies {
  settings: HubSettings;
  credentials: Credentials;
  capabilities: Capabilities;
  registry: LockRegistry;
  bus: EventBus<HubEvents>;
  logger: Logger;
  clock: Clock;
}

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
  private readonly hidden = new Set<number>();
  private readonly episodes: EpisodeLog;

  constructor(private readonly deps: EngineDependencies) {
    this.episodes = new EpisodeLog(deps.logger, () => deps.clock.now());
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
    const synced = await this.deps.credentials.use((account) =>
      account.syncOne(id, this.deps.registry.status(id)),
    );
    this.applySync([synced], false);
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
    let delay: number | undefined;
    try {
      delay = await this.poll();
      this.succeeded();
    } catch (caught) {
      delay = this.failed(toHubError(caught));
    }
    if (delay !== undefined) this.schedule(delay);
  }

  private async poll(): Promise<number> {
    const { credentials, capabilities, logger } = this.deps;
    if (!this.capabilitiesChecked) {
      this.capabilitiesChecked = true;
      await credentials
        .use((account) => capabilities.check(account, logger))
        .catch((error: unknown) => {
          logger.debug(`Could not check the key's scopes: ${toHubError(error).message}`);
        });
    }
    const account = credentials.active();
    const fullRefreshDue =
      this.refreshDue || this.deps.clock.now() - this.lastFullRefresh >= DEFAULTS.fullRefreshIntervalMs;
    if (fullRefreshDue && account.backgroundWaitMs(true) === 0) {
      await this.fullRefresh();
    } else {
      const synced = await credentials.use((active) => active.syncAll((id) => this.deps.registry.status(id)));
      this.applySync(synced, true);
      if (this.refreshDue && this.deps.credentials.active().backgroundWaitMs(true) === 0)
        await this.fullRefresh();
    }
    return this.nextDelay();
  }

  private async fullRefresh(): Promise<void> {
    const { registry, settings } = this.deps;
    const all = await this.deps.credentials.use((account) => account.discover((id) => registry.status(id)));
    this.hidden.clear();
    const visible = all.filter(({ info }) => {
      const hidden = resolveLockSettings(settings, info).hidden;
      if (hidden) this.hidden.add(info.id);
      return !hidden;
    });
    registry.replaceAll(visible);
    this.refreshPages = Math.max(1, Math.ceil(all.length / LOCK_PAGE_SIZE));
    this.lastFullRefresh = this.deps.clock.now();
    this.refreshDue = false;
    if (!this.discovered) {
      this.discovered = true;
      this.deps.bus.emit('ready', { locks: registry.all() });
    }
  }

  /** Applies sync answers; a new, missing or re-configured lock calls for a full refresh. */
  private applySync(synced: SyncedLock[], complete: boolean): void {
    const { registry } = this.deps;
    for (const item of synced) {
      if (this.hidden.has(item.id)) continue;
      if (!registry.has(item.id)) {
        this.refreshDue = true;
        continue;
      }
      if (item.revision !== registry.revision(item.id)) this.refreshDue = true;
      registry.updateStatus(item.id, item.status);
    }
    if (complete && registry.ids().some((id) => !synced.some((item) => item.id === id)))
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
    this.failures = 0;
    this.episodes.recover(
      'poll',
      (failures, seconds) => `The Tedee cloud answers again (after ${failures} failed polls, ${seconds} s).`,
    );
    this.deps.registry.setCloudHealth({ healthy: true, reason: '' });
  }

  /** Handles a failed poll; returns the delay before the next one, or undefined to stop polling. */
  private failed(error: HubError): number | undefined {
    const { logger, registry, bus, credentials, settings } = this.deps;
    if (error.code === 'AUTH_INVALID' && credentials.exhausted()) {
      logger.error(
        `Polling stopped: the Tedee cloud rejected ${credentials.prefixes().join(' and ')} (expired or revoked). ` +
          'Create a new key in the Tedee Portal (https://portal.tedee.com/personal-access-keys), put it in the configuration and restart.',
      );
      registry.setCloudHealth({ healthy: false, reason: 'the Personal Access Key was rejected' });
      bus.emit('error', { error, context: 'poll' });
      return undefined;
    }
    if (error.code === 'BUDGET_EXHAUSTED') return Math.max(this.pollIntervalMs, error.retryAfterMs ?? 0);
    this.failures++;
    const threshold = settings.unavailableAfterFailures ?? DEFAULTS.unavailableAfterFailures;
    if (!this.episodes.isOpen('poll')) bus.emit('error', { error, context: 'poll' });
    this.episodes.fail(
      'poll',
      `Reading the locks from the Tedee cloud failed (${error.code}): ${error.message} Retrying with backoff; ` +
        `locks stay available until ${threshold} polls in a row fail.`,
    );
    if (this.failures >= threshold) {
      registry.setCloudHealth({
        healthy: false,
        reason: `the Tedee cloud failed ${this.failures} polls in a row (${error.code})`,
      });
    }
    const backoff = backoffDelay(this.failures - 1, { baseMs: this.pollIntervalMs, maxMs: MAX_BACKOFF_MS });
    return error.code === 'RATE_LIMITED' ? Math.max(error.retryAfterMs ?? 0, this.pollIntervalMs) : backoff;
  }
}
