/**
 * Handlers for a cached accessory whose lock the hub has not reported (yet): writes fail, never pass silently,
 * and reads answer the cached values until `unreachable()` says the cloud cannot be read (bad configuration, or
 * as many failed polls as `unavailableAfterFailures`, or a rejected key): then "No Response", as for a known lock.
 */
import type { HAP, PlatformAccessory } from 'homebridge';
import { HAP_STATUS } from './hapMapping.js';

export function bindPlaceholders(hap: HAP, accessory: PlatformAccessory, unreachable: () => boolean): void {
  const { Service, Characteristic, HapStatusError } = hap;
  const fail = () => {
    throw new HapStatusError(HAP_STATUS.SERVICE_COMMUNICATION_FAILURE);
  };
  for (const service of accessory.services) {
    const writable = [Characteristic.LockTargetState, Characteristic.On].filter((type) =>
      service.testCharacteristic(type),
    );
    for (const type of writable) service.getCharacteristic(type).onSet(fail);
    if (service.UUID === Service.AccessoryInformation.UUID) continue;
    for (const characteristic of service.characteristics) {
      if (characteristic.UUID === Characteristic.Name.UUID) continue;
      characteristic.onGet(() => (unreachable() ? fail() : characteristic.value));
    }
  }
}

/** Tells HomeKit at once that an unbound cached accessory cannot be reached (instead of at its next read). */
export function announceUnreachable(hap: HAP, accessory: PlatformAccessory): void {
  const { Characteristic, HapStatusError } = hap;
  for (const service of accessory.services) {
    if (service.testCharacteristic(Characteristic.LockCurrentState))
      service
        .getCharacteristic(Characteristic.LockCurrentState)
        .updateValue(new HapStatusError(HAP_STATUS.SERVICE_COMMUNICATION_FAILURE));
  }
}
