/**
 * The one state mapping (DESIGN.md's table) for any device state the cloud may send, as every front end reads
 * it: the core lock model, the HomeKit values and the MQTT state message. Nothing is ever shown as unlocked
 * unless the lock said unlocked (2), semi-locked (3) or pulled (7/8); unknown stays unknown everywhere.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapBattery, mapStatus } from '../../../src/core/cloud/mapping.js';
import type { Lock, LockState, LockStatus } from '../../../src/core/index.js';
import {
  CURRENT,
  TARGET,
  contactState,
  currentState,
  firmwareRevision,
  homeKitName,
  latchState,
  targetForState,
} from '../../../src/homebridge/hapMapping.js';
import { haState, statePayload } from '../../../src/mqtt/payload.js';

/** Numbers as a JSON answer can carry them: the documented codes, others, negatives, fractions, huge. */
const wireNumber = fc.oneof(
  fc.integer({ min: 0, max: 20 }),
  fc.constantFrom(255, -1, -0, 256, 1e15, 0.5, 2.5, Number.MAX_SAFE_INTEGER),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const deviceState = fc.record(
  {
    state: wireNumber,
    doorState: wireNumber,
    isCharging: fc.oneof(fc.boolean(), fc.constant(null)),
    batteryLevel: fc.oneof(wireNumber, fc.constant(null)),
    stateChangeResult: wireNumber,
    lastStateChangedDate: fc.oneof(
      fc.constant(null),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    ),
  },
  { requiredKeys: [] },
);
const wireLock = fc.record({
  isConnected: fc.oneof(fc.boolean(), fc.constant(null)),
  deviceState: fc.oneof(deviceState, fc.constant(null), fc.constant(undefined)),
});
const ALL_STATES: LockState[] = [
  'locked',
  'unlocked',
  'locking',
  'unlocking',
  'opening',
  'open',
  'semi_locked',
  'jammed',
  'unknown',
];
const previousStatus: fc.Arbitrary<LockStatus> = fc.record({
  state: fc.constantFrom(...ALL_STATES),
  connected: fc.boolean(),
  battery: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(null)),
  charging: fc.oneof(fc.boolean(), fc.constant(null)),
  door: fc.constantFrom('open' as const, 'closed' as const, null),
  jammed: fc.boolean(),
  lastChanged: fc.constant(null),
});

/** The Tedee states that mean the bolt or latch is not secured (DESIGN.md). */
const NOT_SECURED_CODES = [2, 3, 7, 8];

function lockWith(status: LockStatus): Lock {
  return { status, available: status.connected, name: 'Door', serialNumber: 'S1' } as Lock;
}

describe('state mapping for any device state (property)', () => {
  it('core, HomeKit and MQTT agree, and nothing reads unlocked that the lock did not report', () => {
    fc.assert(
      fc.property(wireLock, fc.option(previousStatus, { nil: undefined }), (wire, previous) => {
        // Fields may be missing, as in a hostile answer: wider than the wire type on purpose.
        const status = mapStatus(wire as Parameters<typeof mapStatus>[0], previous);
        const device = wire.deviceState;
        expect(ALL_STATES).toContain(status.state);
        if (!device) {
          expect(status.connected).toBe(false);
          expect(status.state).toBe(previous?.state ?? 'unknown');
        } else {
          expect(status.connected).toBe(wire.isConnected === true);
          if (['unlocked', 'semi_locked', 'open', 'opening'].includes(status.state))
            expect(NOT_SECURED_CODES).toContain(device.state);
          if (
            !NOT_SECURED_CODES.includes(device.state as number) &&
            ![4, 5, 6].includes(device.state as number)
          )
            expect(status.state).toBe('unknown');
          expect(status.jammed).toBe(status.state === 'jammed');
        }
        if (status.battery !== null) {
          expect(Number.isInteger(status.battery)).toBe(true);
          expect(status.battery).toBeGreaterThanOrEqual(0);
          expect(status.battery).toBeLessThanOrEqual(100);
        }
        // HomeKit: UNSECURED only for a state that is not secured; unknown is UNKNOWN, never UNSECURED.
        for (const shown of [CURRENT.SECURED, CURRENT.UNSECURED, CURRENT.UNKNOWN]) {
          const current = currentState(status.state, shown);
          if (status.state === 'unknown') expect(current).toBe(CURRENT.UNKNOWN);
          if (current === CURRENT.UNSECURED && !['locking', 'unlocking'].includes(status.state))
            expect(['unlocked', 'semi_locked', 'open', 'opening']).toContain(status.state);
        }
        const target = targetForState(status.state);
        if (target !== undefined) expect([TARGET.SECURED, TARGET.UNSECURED]).toContain(target);
        expect([CURRENT.SECURED, CURRENT.UNSECURED]).toContain(latchState(status.state));
        const contact = contactState(status.door);
        expect(contact === undefined).toBe(status.door === null);
        // MQTT: JSON that reads back the same, null for unknown, never UNLOCKED for a state not unsecured.
        const payload = statePayload(lockWith(status));
        expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
        expect(payload.state === null).toBe(status.state === 'unknown');
        if (payload.state === 'UNLOCKED') expect(['unlocked', 'semi_locked']).toContain(status.state);
        expect(haState(status.state)).toBe(payload.state);
      }),
      { numRuns: 2000 },
    );
  });

  it('battery: a whole percentage or unknown, for any number or none', () => {
    fc.assert(
      fc.property(
        fc.oneof(wireNumber, fc.constant(null), fc.constant(undefined), fc.constant(NaN)),
        (level) => {
          const battery = mapBattery(level);
          if (typeof level !== 'number' || !(level >= 0 && level <= 100)) expect(battery).toBeNull();
          else {
            expect(battery === Math.round(level)).toBe(true);
            expect(Object.is(battery, -0)).toBe(false);
          }
        },
      ),
    );
  });

  it('names and firmware from the cloud always become values HomeKit accepts', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        (name, firmware) => {
          const shown = homeKitName(name);
          expect(shown).toMatch(/^[\p{L}\p{N}](.*[\p{L}\p{N}])?$/u);
          expect(shown).not.toMatch(/\s\s/);
          expect(firmwareRevision(firmware)).toMatch(/^\d+(\.\d+){0,2}$/);
          expect(firmwareRevision(null)).toBe('0.0.0');
        },
      ),
      { numRuns: 1000 },
    );
  });
});
