/** Handlers for a cached accessory whose lock the hub has not reported (yet): writes fail, never pass silently. */
import type { HAP, PlatformAccessory } from 'homebridge';
import { HAP_STATUS } from './hapMapping.js';

export function bindPlaceholders(hap: HAP, accessory: PlatformAccessory, unreachable: boolean): void {
  const { Service, Characteristic, HapStatusError } = hap;
  const fail = () => {
    throw new HapStatusError(HAP_STATUS.SERVICE_COMMUNICATION_FAILURE);
  };
  for (const service of accessory.services) {
    const writable = [Characteristic.LockTargetState, Characteristic.On].filter((type) =>
      service.testCharacteristic(type),
    );
    for (const type of writable) service.getCharacteristic(type).onSet(fail);
    if (!unreachable || service.UUID === Service.AccessoryInformation.UUID) continue;
    for (const characteristic of service.characteristics)
      if (characteristic.UUID !== Characteristic.Name.UUID) characteristic.onGet(fail);
  }
}
