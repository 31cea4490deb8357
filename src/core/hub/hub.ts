/**
 * The hub: one state engine and one command pipeline per Tedee account, shared by every front end
 * (Homebridge, Node-RED, MQTT, CLI). Front ends read locks, send commands and listen to events.
 */
import type { Clock } from '../../util/clock.js';
import { systemClock } from '../../util/clock.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { silentLogger } from '../../util/logger.js';
import { maskKey } from '../../util/secrets.js';
import type { BudgetStatus } from '../cloud/account.js';
import { createCloudAccounts } from '../cloud/account.js';
import type { ActivityFeedStatus, ActivityWatch } from '../activity/feed.js';
import { ActivityFeed, isOfLock } from '../activity/feed.js';
import type { ActivityEvent } from '../activity/types.js';
import { HubError } from '../errors.js';
import type { Listener } from '../events.js';
import { EventBus } from '../events.js';
import type { Lock, LockAction } from '../lock.js';
import { Capabilities } from './capabilities.js';
import type { CommandOptions, CommandTicket } from './commandPipeline.js';
import { CommandPipeline } from './commandPipeline.js';
import type { HubContext } from './context.js';
import { hubContext } from './context.js';
import { Credentials } from './credentials.js';
import type { HubEvents } from './events.js';
import type { HealthStatus } from './health.js';
import { HubHealth } from './health.js';
import { LockRegistry } from './registry.js';
import type { HubSettings } from './settings.js';
import { DEFAULTS } from './settings.js';
import { StateEngine } from './stateEngine.js';

export interface HubPorts {
  logger?: Logger;
  clock?: Clock;
  /**
   * Real milliseconds one cloud request may take (the client's deadline, default 10 s). Real time on purpose:
   * network latency does not follow a scaled clock, so tests on a fast clock shorten it to keep a timeout short.
   */
  requestTimeoutMs?: number;
}

/** How many different listener failures are logged per event before the hub stops repeating itself. */
const LISTENER_FAILURES_LOGGED = 20;

export class LockHub {
  private readonly bus: EventBus<HubEvents>;
  private readonly registry: LockRegistry;
  private readonly engine: StateEngine;
  private readonly pipeline: CommandPipeline;
  private readonly activityFeed: ActivityFeed;
  private readonly credentials: Credentials;
  private readonly healthState: HubHealth;
  private readonly loggedListenerFailures = new Set<string>();
  private readonly clock: Clock;
  private started = false;

  /** The settings the hub runs with, keys masked: safe to log or inspect. */
  readonly settings: HubSettings;
  /**
   * What the hub's parts share (settings with the data folder, credentials, capabilities, bus, health,
   * clock, logger), frozen: core services such as the key service are built from it. Not for front ends.
   */
  readonly context: HubContext;

  constructor(settings: HubSettings, ports: HubPorts = {}) {
    if (typeof settings.personalAccessKey !== 'string' || settings.personalAccessKey.trim() === '') {
      throw new HubError(
        'CONFIG_INVALID',
        'personalAccessKey is required: create a key in the Tedee Portal.',
      );
    }
    const logger = ports.logger ?? silentLogger;
    const clock = ports.clock ?? systemClock;
    this.clock = clock;
    this.bus = new EventBus<HubEvents>((event, error) => this.listenerFailed(logger, event, error));
    this.registry = new LockRegistry(this.bus);
    const keys = [settings.personalAccessKey, settings.secondaryAccessKey].filter((key): key is string =>
      Boolean(key),
    );
    const accounts = createCloudAccounts(keys, {
      apiUrl: settings.apiUrl,
      requestBudgetPerHour: settings.requestBudgetPerHour ?? DEFAULTS.requestBudgetPerHour,
      clock,
      timeoutMs: ports.requestTimeoutMs,
      logger,
    });
    this.credentials = new Credentials(accounts, logger);
    // The keys live in the clients' private fields from here on; nothing else keeps them.
    this.settings = {
      ...settings,
      personalAccessKey: maskKey(settings.personalAccessKey),
      ...(settings.secondaryAccessKey ? { secondaryAccessKey: maskKey(settings.secondaryAccessKey) } : {}),
    };
    this.healthState = new HubHealth(this.bus);
    this.context = hubContext({
      settings: this.settings,
      credentials: this.credentials,
      capabilities: new Capabilities(),
      bus: this.bus,
      health: this.healthState,
      logger,
      clock,
    });
    this.engine = new StateEngine({ ...this.context, registry: this.registry });
    this.pipeline = new CommandPipeline({
      context: this.context,
      engine: this.engine,
      registry: this.registry,
    });
    this.activityFeed = new ActivityFeed({
      ...this.context,
      registry: this.registry,
      isReady: () => this.isReady,
    });
  }

  /** Starts polling; returns at once. Discovery completes with the `ready` event. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.engine.start();
  }

  /** Stops polling and commands; in-flight requests finish, nothing new is sent. */
  async stop(): Promise<void> {
    this.pipeline.stop();
    await Promise.all([this.engine.stop(), this.activityFeed.stop()]);
  }

  get isReady(): boolean {
    return this.engine.isDiscovered;
  }

  /** The hub's own health: starting, ok, degraded or failed, with the reason and code when not ok. */
  get health(): HealthStatus {
    return this.healthState.status;
  }

  /**
   * Resolves with the locks once the first discovery has finished. Rejects with a HubError carrying the
   * problem's code when the hub cannot start (health `failed`): every key rejected (AUTH_INVALID), or no
   * discovery after `unavailableAfterFailures` failed attempts. The hub keeps trying: while its health is
   * `failed` ready() rejects at once, and once discovery succeeds it resolves.
   */
  ready(): Promise<Lock[]> {
    if (this.isReady) return Promise.resolve(this.locks());
    const failedNow = this.startFailure(this.healthState.status);
    if (failedNow) return Promise.reject(failedNow);
    return new Promise((resolve, reject) => {
      const offs = [
        this.on('ready', ({ locks }) => {
          offs.forEach((off) => off());
          resolve(locks);
        }),
        this.on('healthChanged', (status) => {
          const failure = this.startFailure(status);
          if (!failure) return;
          offs.forEach((off) => off());
          reject(failure);
        }),
      ];
    });
  }

  private startFailure(status: HealthStatus): HubError | undefined {
    if (this.isReady || status.state !== 'failed') return undefined;
    return new HubError(
      status.code ?? 'INTERNAL',
      // The reason alone: each front end puts it in its own words ("the platform stays idle", a CLI line).
      capitalized(status.reason ?? 'the hub cannot start for an unknown reason'),
    );
  }

  locks(): Lock[] {
    return this.registry.all();
  }

  /** A lock by id, serial number or name. */
  lock(reference: string | number): Lock | undefined {
    return this.registry.find(reference);
  }

  /**
   * Sends `action` to a lock and returns at once with a command id; the outcome arrives as
   * `commandFinished` (and in `ticket.result`). Throws a HubError when the command is refused locally.
   */
  command(reference: string | number, action: LockAction, options: CommandOptions = {}): CommandTicket {
    return this.pipeline.submit(reference, action, options);
  }

  /** The hub's clock time, for deadlines such as CommandOptions.notAfter. */
  now(): number {
    return this.clock.now();
  }

  on<K extends keyof HubEvents>(event: K, listener: Listener<HubEvents[K]>): () => void {
    return this.bus.on(event, listener);
  }

  /**
   * Follows the activity log of `watch.locks` (every lock when none): `listener` gets each new entry once, also
   * across restarts when the hub has a data folder. The feed reads the log only while a watch is open (docs/hub.md
   * "Activity feed"). Returns the function that closes the watch.
   */
  watchActivity(watch: ActivityWatch, listener: Listener<ActivityEvent>): () => void {
    const wanted = watch.locks && watch.locks.length > 0 ? watch.locks : undefined;
    const off = this.bus.on('activity', (event) => {
      if (!wanted || wanted.some((reference) => isOfLock(event, reference))) return listener(event);
    });
    const close = this.activityFeed.watch(watch);
    return () => {
      off();
      close();
    };
  }

  activityStatus(): ActivityFeedStatus {
    return this.activityFeed.status();
  }

  budget(): BudgetStatus {
    return this.credentials.active().budgetStatus();
  }

  keyPrefixes(): string[] {
    return this.credentials.prefixes();
  }

  private listenerFailed(logger: Logger, event: string, error: unknown): void {
    const key = `${event}: ${errorMessage(error)}`;
    if (this.loggedListenerFailures.has(key) || this.loggedListenerFailures.size >= LISTENER_FAILURES_LOGGED)
      return;
    this.loggedListenerFailures.add(key);
    logger.error(`A listener of "${event}" failed (the hub keeps running): ${errorMessage(error)}`);
  }
}

export function createHub(settings: HubSettings, ports: HubPorts = {}): LockHub {
  return new LockHub(settings, ports);
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
