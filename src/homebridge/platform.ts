/**
 * The TedeeHub dynamic platform: validates the configuration, runs one hub, and keeps one accessory per
 * Tedee lock, restored from the cache and reconciled with the hub's locks. A configuration problem is logged once
 * and disables only what it touches; an unusable key or URL leaves the platform idle. Nothing here ever throws into
 * Homebridge.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { API, DynamicPlatformPlugin, Logging, PlatformAccessory, PlatformConfig } from 'homebridge';
import type { HubConfig } from '../config/index.js';
import { validateConfig } from '../config/index.js';
import type { HubSettings, Lock, LockHub } from '../core/index.js';
import { createHub, lockEntry } from '../core/index.js';
import type { ApiServices } from '../runtime/api.js';
import { startApi } from '../runtime/api.js';
import type { KeyServicesHandle } from '../runtime/keys.js';
import { startKeyServices } from '../runtime/keys.js';
import type { MqttServices } from '../runtime/services.js';
import { startMqtt } from '../runtime/services.js';
import { DOOR_LOCK_CATEGORY, homeKitName } from './hapMapping.js';
import { announceUnreachable, bindPlaceholders } from './placeholders.js';
import { LockAccessory } from './lockAccessory.js';
import { printableLog } from './printableLog.js';
import { PLATFORM_NAME, PLUGIN_NAME } from './settings.js';

/** The hub's own folder inside Homebridge's storage folder, when the configuration names none. */
const DATA_FOLDER = 'tedee-hub';

export class TedeeHubPlatform implements DynamicPlatformPlugin {
  private readonly cached = new Map<string, PlatformAccessory>();
  private readonly accessories = new Map<number, LockAccessory>();
  private readonly hub: LockHub | undefined;
  // The configuration holds the keys and MQTT secrets: a #private field keeps them out of inspection.
  readonly #config: HubConfig | undefined;
  private mqtt: Promise<MqttServices | undefined> = Promise.resolve(undefined);
  /** With an `api` block: the key service and the HTTP API over the data folder's store. */
  private keys: KeyServicesHandle | undefined;
  private httpApi: Promise<ApiServices | undefined> = Promise.resolve(undefined);
  /** Whether the hub can read the cloud; false while idle (bad configuration). */
  private cloudReachable = false;
  /** The first discovery listed no lock while accessories were cached: they are kept, unreachable (removeStale). */
  private listedNoLocks = false;

  private readonly log: Logging;

  constructor(
    homebridgeLog: Logging,
    config: PlatformConfig,
    private readonly api: API,
  ) {
    const log = printableLog(homebridgeLog);
    this.log = log;
    const result = validateConfig(config);
    if (!result.ok) {
      for (const problem of result.errors) log.error(`Invalid configuration: ${problem}`);
      log.error('The TedeeHub platform stays idle until the configuration is fixed.');
      return;
    }
    for (const warning of result.warnings) log.warn(`Configuration: ${warning}`);
    // Files of a plugin belong in Homebridge's storage folder (a "Verified by Homebridge" rule).
    const settings = {
      ...result.config,
      dataDir: result.config.dataDir ?? join(api.user.storagePath(), DATA_FOLDER),
    };
    this.#config = settings;
    const hub = createHub(settings, { logger: log });
    this.hub = hub;
    this.cloudReachable = true;
    hub.on('healthChanged', ({ state }) => this.cloudHealthChanged(state !== 'failed'));
    hub.on('lockAdded', ({ lock }) => this.attach(lock));
    hub.on('ready', ({ locks }) => this.removeStale(locks));
    hub.on('lockRemoved', ({ lock }) => this.detach(lock));
    for (const event of ['lockUpdated', 'stateChanged', 'availabilityChanged'] as const) {
      hub.on(event, ({ lock }) => this.accessories.get(lock.id)?.update(lock));
    }
    hub.on('commandFinished', (result) =>
      this.accessories.get(result.command.lockId)?.commandFinished(result),
    );
    api.on('didFinishLaunching', () => {
      this.createDataDir(settings.dataDir);
      hub.start();
      const mqtt = settings.mqtt;
      if (mqtt) {
        this.mqtt = startMqtt(hub, mqtt, log).catch((error: unknown) => {
          log.error(`MQTT is off: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        });
      }
      if (settings.api) {
        this.keys = startKeyServices(hub, settings, log);
        this.httpApi = startApi(hub, settings, this.keys, log);
      }
    });
    api.on('shutdown', () => {
      void this.mqtt.then((services) => services?.stop());
      void this.httpApi.then((services) => services?.stop()).then(() => this.keys?.stop());
      void hub.stop();
    });
  }

  /** Only this user may read what the hub keeps (as for `tedee-hub run`); a failure is logged, never thrown. */
  private createDataDir(dataDir: string): void {
    try {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    } catch (error) {
      this.log.error(
        `The data folder ${dataDir} cannot be created (${(error as NodeJS.ErrnoException).code ?? 'error'}); ` +
          'set dataDir in the configuration. Nothing is kept across restarts until then.',
      );
    }
  }

  /** The settings the hub runs with (keys masked); undefined while the platform is idle. */
  get settings(): HubSettings | undefined {
    return this.hub?.settings;
  }

  /**
   * Homebridge hands over each cached accessory before didFinishLaunching; it is bound once its lock is known.
   * Until then a write must fail visibly: without a handler HAP would store it and report success while
   * nothing moves. While the platform is idle (bad configuration) reads answer "No Response" too.
   */
  configureAccessory(accessory: PlatformAccessory): void {
    this.cached.set(accessory.UUID, accessory);
    bindPlaceholders(
      this.api.hap,
      accessory,
      () => (!this.cloudReachable || this.listedNoLocks) && !this.isBound(accessory),
    );
  }

  private isBound(accessory: PlatformAccessory): boolean {
    return [...this.accessories.values()].some((handler) => handler.accessory === accessory);
  }

  /**
   * Bound accessories follow their lock's availability; the cached ones whose lock was never discovered follow
   * the hub's health: `failed` (no discovery after unavailableAfterFailures polls, or every key rejected) shows
   * "No Response" instead of the cached "Locked". After a discovery every cached accessory is bound or removed.
   */
  private cloudHealthChanged(reachable: boolean): void {
    this.cloudReachable = reachable;
    if (reachable) return;
    for (const accessory of this.cached.values())
      if (!this.isBound(accessory)) announceUnreachable(this.api.hap, accessory);
  }

  private uuidOf(lock: Pick<Lock, 'serialNumber'>): string {
    return this.api.hap.uuid.generate(`${PLUGIN_NAME}:${lock.serialNumber}`);
  }

  private attach(lock: Lock): void {
    const uuid = this.uuidOf(lock);
    let accessory = this.cached.get(uuid);
    if (!accessory) {
      accessory = new this.api.platformAccessory(homeKitName(lock.name), uuid, DOOR_LOCK_CATEGORY);
      accessory.context = { serialNumber: lock.serialNumber };
      this.api.registerPlatformAccessories(PLUGIN_NAME, PLATFORM_NAME, [accessory]);
      this.cached.set(uuid, accessory);
      this.log.info(`Added ${lock.name} (${lock.serialNumber})`);
    }
    for (const [id, existing] of this.accessories)
      if (existing.accessory === accessory) this.accessories.delete(id);
    this.accessories.set(
      lock.id,
      new LockAccessory(accessory, lock, {
        hap: this.api.hap,
        hub: this.hub!,
        log: this.log,
        lowBatteryThreshold: this.#config!.lowBatteryThreshold,
        unlatch: lockEntry(this.#config!.locks, lock)?.unlatch ?? 'none',
      }),
    );
    this.api.updatePlatformAccessories([accessory]);
  }

  private detach(lock: Lock): void {
    const handler = this.accessories.get(lock.id);
    this.accessories.delete(lock.id);
    // A lock re-added to the account gets a new id but keeps its serial: its accessory lives on.
    if (!handler || [...this.accessories.values()].some((other) => other.accessory === handler.accessory))
      return;
    this.unregister(handler.accessory, `${lock.name} is no longer in the Tedee account`);
  }

  /** After a complete discovery: cached accessories of locks that are gone (or hidden) are removed. */
  /**
   * Cached accessories the first discovery did not list are removed, except when it listed no lock at all: an
   * empty answer from a gateway or a glitching cloud must not wipe a home (rooms, scenes, automations). They are
   * kept and answer No Response; once the cloud lists locks again, the ones still missing are removed.
   */
  private removeStale(locks: Lock[]): void {
    const hub = this.hub;
    if (hub && locks.length === 0 && this.cached.size > 0) {
      this.listedNoLocks = true;
      this.log.warn(
        `The Tedee cloud lists no locks; the ${this.cached.size} cached accessories are kept (No Response) ` +
          'until it lists locks again. Remove them in the Homebridge UI if the locks are really gone.',
      );
      for (const accessory of this.cached.values()) announceUnreachable(this.api.hap, accessory);
      const off = hub.on('lockAdded', () => {
        off();
        this.listedNoLocks = false;
        // After every lock of the same list was added (they arrive together).
        setImmediate(() => this.removeStale(hub.locks()));
      });
      return;
    }
    const current = new Set(locks.map((lock) => this.uuidOf(lock)));
    for (const accessory of [...this.cached.values()]) {
      if (!current.has(accessory.UUID))
        this.unregister(accessory, `${accessory.displayName} is not in the Tedee account (or is hidden)`);
    }
  }

  private unregister(accessory: PlatformAccessory, why: string): void {
    this.cached.delete(accessory.UUID);
    this.api.unregisterPlatformAccessories(PLUGIN_NAME, PLATFORM_NAME, [accessory]);
    this.log.info(`Removed ${accessory.displayName}: ${why}`);
  }
}
