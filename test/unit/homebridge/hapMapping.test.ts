import { describe, expect, it } from 'vitest';
import { HomebridgeAPI } from '../../../node_modules/homebridge/dist/api.js';
import {
  CHARGING,
  CONTACT,
  CURRENT,
  DOOR_LOCK_CATEGORY,
  HAP_STATUS,
  TARGET,
  contactState,
  currentState,
  firmwareRevision,
  homeKitName,
  isLowBattery,
  latchState,
  targetForState,
} from '../../../src/homebridge/hapMapping.js';

const { hap } = new HomebridgeAPI();

describe('the HomeKit numbers', () => {
  it('match HAP-NodeJS', () => {
    const { Characteristic } = hap;
    expect(CURRENT).toEqual({
      UNSECURED: Characteristic.LockCurrentState.UNSECURED,
      SECURED: Characteristic.LockCurrentState.SECURED,
      JAMMED: Characteristic.LockCurrentState.JAMMED,
      UNKNOWN: Characteristic.LockCurrentState.UNKNOWN,
    });
    expect(TARGET).toEqual({
      UNSECURED: Characteristic.LockTargetState.UNSECURED,
      SECURED: Characteristic.LockTargetState.SECURED,
    });
    expect(CONTACT).toEqual({
      DETECTED: Characteristic.ContactSensorState.CONTACT_DETECTED,
      NOT_DETECTED: Characteristic.ContactSensorState.CONTACT_NOT_DETECTED,
    });
    expect(CHARGING).toEqual({
      NOT_CHARGING: Characteristic.ChargingState.NOT_CHARGING,
      CHARGING: Characteristic.ChargingState.CHARGING,
    });
    // HAPStatus and Categories are const enums in the typings: read the objects HAP-NodeJS has at run time.
    const runtime = hap as unknown as {
      HAPStatus: Record<string, number>;
      Categories: Record<string, number>;
    };
    expect(HAP_STATUS).toEqual({
      SERVICE_COMMUNICATION_FAILURE: runtime.HAPStatus.SERVICE_COMMUNICATION_FAILURE,
      NOT_ALLOWED_IN_CURRENT_STATE: runtime.HAPStatus.NOT_ALLOWED_IN_CURRENT_STATE,
    });
    expect(DOOR_LOCK_CATEGORY).toBe(runtime.Categories.DOOR_LOCK);
  });
});

describe('LockCurrentState and LockTargetState', () => {
  it.each([
    ['locked', CURRENT.SECURED, TARGET.SECURED],
    ['unlocked', CURRENT.UNSECURED, TARGET.UNSECURED],
    ['opening', CURRENT.UNSECURED, TARGET.UNSECURED],
    ['open', CURRENT.UNSECURED, TARGET.UNSECURED],
    ['semi_locked', CURRENT.UNSECURED, TARGET.UNSECURED],
    ['jammed', CURRENT.JAMMED, undefined],
    ['unknown', CURRENT.UNKNOWN, undefined],
  ] as const)('%s is current %i, target %s', (state, current, target) => {
    expect(currentState(state, CURRENT.SECURED)).toBe(current);
    expect(targetForState(state)).toBe(target);
  });

  it('locking and unlocking keep the previous current value and move the target', () => {
    expect(currentState('locking', CURRENT.UNSECURED)).toBe(CURRENT.UNSECURED);
    expect(targetForState('locking')).toBe(TARGET.SECURED);
    expect(currentState('unlocking', CURRENT.SECURED)).toBe(CURRENT.SECURED);
    expect(targetForState('unlocking')).toBe(TARGET.UNSECURED);
  });

  it('the latch tile is unsecured only while the spring is pulled', () => {
    expect(latchState('opening')).toBe(CURRENT.UNSECURED);
    expect(latchState('open')).toBe(CURRENT.UNSECURED);
    expect(latchState('unlocked')).toBe(CURRENT.SECURED);
    expect(latchState('locked')).toBe(CURRENT.SECURED);
  });
});

describe('door, battery, names and firmware', () => {
  it('maps the door sensor', () => {
    expect(contactState('closed')).toBe(CONTACT.DETECTED);
    expect(contactState('open')).toBe(CONTACT.NOT_DETECTED);
    expect(contactState(null)).toBeUndefined();
  });

  it('reports low battery only for a known level under the threshold', () => {
    expect(isLowBattery(19, 20)).toBe(true);
    expect(isLowBattery(20, 20)).toBe(false);
    expect(isLowBattery(null, 20)).toBe(false);
  });

  it('makes names HomeKit accepts', () => {
    expect(homeKitName('Front Door')).toBe('Front Door');
    expect(homeKitName('🚪 Front Door!')).toBe('Front Door');
    expect(homeKitName("O'Brien's Door")).toBe("O'Brien's Door");
    expect(homeKitName('***')).toBe('Tedee Lock');
  });

  it('keeps the numeric part of the firmware version', () => {
    expect(firmwareRevision('2.6.12345')).toBe('2.6.12345');
    expect(firmwareRevision('2.6.123-beta')).toBe('2.6.123');
    expect(firmwareRevision(null)).toBe('0.0.0');
  });
});
