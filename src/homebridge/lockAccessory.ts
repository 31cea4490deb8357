/**
 * One Tedee lock as a HomeKit accessory: LockMechanism, Battery, a ContactSensor when a door sensor is
 * paired, and the optional unlatch control. onGet answers from memory; onSet hands the command to the hub
 * and returns at once; the characteristics move when the hub reports.
 */
import type { CharacteristicValue, HAP, Logging, PlatformAccessory, Service, WithUUID } from 'homebridge';
import type { CommandResult, Lock, LockAction, LockHub } from '../core/index.js';
import { ACTION_VERB, HubError, resolveLockSettings } from '../core/index.js';
import type { UnlatchMode } from '../config/index.js';
import {
  CURRENT,
  HAP_STATUS,
  TARGET,
  chargingState,
  contactState,
  currentState,
  firmwareRevision,
  homeKitName,
  isLowBattery,
  targetForState,
} from './hapMapping.js';
import { logOutcome } from './outcomeLog.js';
import type { UnlatchControl } from './unlatch.js';
import { createUnlatchControl } from './unlatch.js';

/** A HAP service class such as Service.LockMechanism: looked up by its UUID, built with (name, subtype). */
type ServiceClass = WithUUID<typeof Service> & (new (displayName?: string, subtype?: string) => Service);

export interface LockAccessoryContext {
  hap: HAP;
  hub: LockHub;
  log: Logging;
  lowBatteryThreshold: number;
  unlatch: UnlatchMode;
}

function lastNumber(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

export class LockAccessory {
  private lock: Lock;
  private current: number = CURRENT.UNKNOWN;
  private target: number = TARGET.SECURED;
  private inFlight: { id: string; previousTarget: number } | undefined;
  private readonly mechanism: Service;
  private readonly battery: Service;
  private contact: Service | undefined;
  private unlatch: UnlatchControl | undefined;

  constructor(
    readonly accessory: PlatformAccessory,
    lock: Lock,
    private readonly context: LockAccessoryContext,
  ) {
    const { Service, Characteristic } = context.hap;
    this.lock = lock;
    this.mechanism = this.service(Service.LockMechanism, homeKitName(lock.name));
    const cachedTarget = this.mechanism.getCharacteristic(Characteristic.LockTargetState).value;
    if (typeof cachedTarget === 'number') this.target = cachedTarget;
    // Home shows the primary service's tile first; without it the Latch or Battery may lead.
    this.mechanism.setPrimaryService(true);
    this.mechanism
      .getCharacteristic(Characteristic.LockCurrentState)
      .onGet(() => this.answer(() => this.current));
    this.mechanism
      .getCharacteristic(Characteristic.LockTargetState)
      .onGet(() => this.answer(() => this.target))
      .onSet((value) => this.setTarget(value));
    this.battery = this.service(Service.Battery, `${homeKitName(lock.name)} Battery`);
    // An unknown level keeps the last known one: a made-up 0 % would raise low-battery alerts.
    const level = this.battery.getCharacteristic(Characteristic.BatteryLevel);
    level.onGet(() => this.answer(() => this.lock.status.battery ?? lastNumber(level.value)));
    this.battery
      .getCharacteristic(Characteristic.StatusLowBattery)
      .onGet(() =>
        this.answer(() => Number(isLowBattery(this.lock.status.battery, context.lowBatteryThreshold))),
      );
    this.battery
      .getCharacteristic(Characteristic.ChargingState)
      .onGet(() => this.answer(() => chargingState(this.lock.status.charging)));
    this.update(lock);
  }

  get lockId(): number {
    return this.lock.id;
  }

  get hapApi(): HAP {
    return this.context.hap;
  }

  /** Logs why a command of this lock (from any of its tiles) did not end confirmed. */
  reportOutcome(result: CommandResult): void {
    logOutcome(this.context.log, this.lock.name, result);
  }

  /** A new snapshot from the hub (state, availability, name or equipment). */
  update(lock: Lock): void {
    const { Characteristic, HapStatusError } = this.context.hap;
    this.lock = lock;
    this.current = currentState(lock.status.state, this.current);
    if (!this.inFlight) this.target = targetForState(lock.status.state) ?? this.target;
    // The door sensor first: a cached one is renamed with the others.
    this.syncDoorSensor();
    this.describe();
    this.syncUnlatch();
    if (!lock.available) {
      this.mechanism
        .getCharacteristic(Characteristic.LockCurrentState)
        .updateValue(new HapStatusError(HAP_STATUS.SERVICE_COMMUNICATION_FAILURE));
      return;
    }
    this.mechanism.updateCharacteristic(Characteristic.LockCurrentState, this.current);
    this.mechanism.updateCharacteristic(Characteristic.LockTargetState, this.target);
    const battery = lock.status.battery;
    if (battery !== null) this.battery.updateCharacteristic(Characteristic.BatteryLevel, battery);
    this.battery.updateCharacteristic(
      Characteristic.StatusLowBattery,
      Number(isLowBattery(battery, this.context.lowBatteryThreshold)),
    );
    this.battery.updateCharacteristic(Characteristic.ChargingState, chargingState(lock.status.charging));
    const contact = contactState(lock.status.door);
    if (this.contact && contact !== undefined)
      this.contact.updateCharacteristic(Characteristic.ContactSensorState, contact);
    this.contact?.updateCharacteristic(Characteristic.StatusFault, contact === undefined ? 1 : 0);
    this.unlatch?.update(lock);
  }

  /** The hub's outcome of a command; a failure sets the target back and says why. */
  commandFinished(result: CommandResult): void {
    this.unlatch?.commandFinished(result);
    if (this.inFlight?.id !== result.command.id) return;
    const { previousTarget } = this.inFlight;
    this.inFlight = undefined;
    logOutcome(this.context.log, this.lock.name, result);
    const state = result.lock?.status.state ?? this.lock.status.state;
    this.target = targetForState(state) ?? previousTarget;
    this.mechanism.updateCharacteristic(this.context.hap.Characteristic.LockTargetState, this.target);
  }

  private setTarget(value: CharacteristicValue): void {
    const secure = value === TARGET.SECURED;
    const wantsPull = this.context.unlatch === 'onUnlock' && this.lock.pullSpringEnabled;
    const action: LockAction = secure ? 'lock' : wantsPull ? 'open' : 'unlock';
    const ticket = this.send(action);
    if (!ticket.joined || !this.inFlight) this.inFlight = { id: ticket.id, previousTarget: this.target };
    this.target = secure ? TARGET.SECURED : TARGET.UNSECURED;
  }

  /** Hands a command to the hub; a local refusal is logged and answered with a HAP error at once. */
  send(action: LockAction) {
    const { HapStatusError } = this.context.hap;
    try {
      return this.context.hub.command(this.lock.id, action);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.context.log.warn(`${ACTION_VERB[action]} ${this.lock.name} refused: ${reason}`);
      const offline = error instanceof HubError && error.code === 'LOCK_OFFLINE';
      throw new HapStatusError(
        offline ? HAP_STATUS.SERVICE_COMMUNICATION_FAILURE : HAP_STATUS.NOT_ALLOWED_IN_CURRENT_STATE,
      );
    }
  }

  /** Reads a value for HomeKit from memory; "No Response" only while the hub counts the lock unavailable. */
  answer<T extends CharacteristicValue>(read: () => T): T {
    if (!this.lock.available) {
      throw new this.context.hap.HapStatusError(HAP_STATUS.SERVICE_COMMUNICATION_FAILURE);
    }
    return read();
  }

  /**
   * The service of this type and subtype on the accessory, added if it is not there yet. Without a subtype it
   * is the one without a subtype: getService(type) would return a cached Latch if it came first.
   */
  service(type: ServiceClass, name: string, subtype?: string): Service {
    const existing = subtype
      ? this.accessory.getServiceById(type, subtype)
      : this.accessory.services.find((service) => service.UUID === type.UUID && !service.subtype);
    const service = existing ?? this.accessory.addService(new type(name, subtype));
    const { Characteristic } = this.context.hap;
    if (subtype) {
      // Set once: a name the user gave the tile in the Home app survives restarts.
      if (!service.testCharacteristic(Characteristic.ConfiguredName)) {
        service.addOptionalCharacteristic(Characteristic.ConfiguredName);
        service.updateCharacteristic(Characteristic.ConfiguredName, name);
      }
    }
    return service;
  }

  removeService(type: ServiceClass, subtype: string): void {
    const existing = this.accessory.getServiceById(type, subtype);
    if (existing) this.accessory.removeService(existing);
  }

  private describe(): void {
    const { Service, Characteristic } = this.context.hap;
    const lock = this.lock;
    this.rename(homeKitName(lock.name));
    this.accessory.displayName = homeKitName(lock.name);
    this.accessory
      .getService(Service.AccessoryInformation)
      ?.updateCharacteristic(Characteristic.Manufacturer, 'Tedee')
      .updateCharacteristic(Characteristic.Model, lock.model)
      .updateCharacteristic(Characteristic.SerialNumber, lock.serialNumber)
      .updateCharacteristic(Characteristic.FirmwareRevision, firmwareRevision(lock.firmware))
      .updateCharacteristic(Characteristic.Name, homeKitName(lock.name));
  }

  /**
   * A rename in the Tedee app renames the services made from the lock name. Each service is compared with its own
   * Name, not with a name kept in memory: a cached service still has the name of before a rename made while
   * Homebridge was stopped. A ConfiguredName changes only while it is still the one the plugin gave: a name the
   * user chose in the Home app stays.
   */
  private rename(name: string): void {
    const { Characteristic } = this.context.hap;
    const named: [Service | undefined, string][] = [
      [this.mechanism, ''],
      [this.battery, ' Battery'],
      [this.contact, ' Door'],
    ];
    for (const [service, suffix] of named) {
      if (!service) continue;
      const wanted = name + suffix;
      const previous = service.getCharacteristic(Characteristic.Name).value;
      if (previous === wanted) continue;
      service.displayName = wanted;
      service.updateCharacteristic(Characteristic.Name, wanted);
      if (
        service.testCharacteristic(Characteristic.ConfiguredName) &&
        service.getCharacteristic(Characteristic.ConfiguredName).value === previous
      )
        service.updateCharacteristic(Characteristic.ConfiguredName, wanted);
    }
  }

  private syncDoorSensor(): void {
    const { Service, Characteristic } = this.context.hap;
    if (this.lock.hasDoorSensor) {
      if (this.contact) return;
      this.contact = this.service(Service.ContactSensor, `${homeKitName(this.lock.name)} Door`, 'door');
      const state = this.contact.getCharacteristic(Characteristic.ContactSensorState);
      // While the sensor cannot tell, the last known position stays (and StatusFault says so).
      state.onGet(() => this.answer(() => contactState(this.lock.status.door) ?? lastNumber(state.value)));
    } else {
      // Also when the sensor was unpaired while Homebridge was down: the cached service goes.
      this.removeService(Service.ContactSensor, 'door');
      this.contact = undefined;
    }
  }

  private syncUnlatch(): void {
    const mode = this.unlatchMode();
    if (this.unlatch?.mode === mode) return;
    this.unlatch?.remove();
    this.unlatch = createUnlatchControl(mode, this);
  }

  /** The configured unlatch, when the lock can pull its spring and the hub may open it; otherwise none (said once). */
  private unlatchMode(): UnlatchMode {
    const mode = this.context.unlatch;
    if (mode === 'none') return mode;
    const why = !resolveLockSettings(this.context.hub.settings, this.lock).allowOpen
      ? 'allowOpen is false for this lock'
      : mode !== 'onUnlock' && !this.lock.pullSpringEnabled
        ? 'it needs pull spring enabled on the lock (Tedee app)'
        : undefined;
    if (why === undefined) return mode;
    if (this.unlatch === undefined)
      this.context.log.warn(`${this.lock.name}: unlatch "${mode}" is not shown: ${why}.`);
    return 'none';
  }
}
