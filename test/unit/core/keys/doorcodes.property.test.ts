import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pinProblem } from '../../../../src/core/cloud/pinRules.js';
import { allocateDoorcode, substituteDoorcode } from '../../../../src/core/keys/doorcodes.js';
import type { DoorCodes, RandomInt } from '../../../../src/core/keys/doorcodes.js';
// The emulator's copy of the rules, written apart from the client's: what the (emulated) cloud accepts.
import { pinRuleBroken } from '../../../../src/emulator/pinRules.js';

/** A deterministic source from fast-check's integers, so a failure shrinks and replays. */
function sourceFrom(values: number[]): RandomInt {
  let next = 0;
  return (maxExclusive) => (values.length === 0 ? 0 : values[next++ % values.length]! % maxExclusive);
}

const anyCode = fc.stringMatching(/^\d{5,8}$/);
const validCode = anyCode.filter((code) => pinProblem(code) === undefined);
const doorsArb = fc.array(
  fc.record({
    lockId: fc.integer({ min: 1, max: 1_000_000 }),
    existingCodes: fc.array(anyCode, { maxLength: 30 }),
  }),
  { minLength: 1, maxLength: 8 },
);
const randomArb = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 64 });

/** Valid under the client's rules and accepted by the emulated cloud. */
function expectValid(code: string): void {
  expect(pinProblem(code)).toBeUndefined();
  expect(pinRuleBroken(code)).toBeUndefined();
}

function freeEverywhere(code: string, doors: DoorCodes[]): boolean {
  return doors.every((door) => !door.existingCodes?.includes(code));
}

describe('doorcode allocation, for any doors and codes already on them', () => {
  it('random: always valid under the PIN rules, of the asked length, free on every door', () => {
    fc.assert(
      fc.property(doorsArb, fc.integer({ min: 5, max: 8 }), randomArb, (doors, length, values) => {
        // A source of few values may yield no valid code at all; the allocator then refuses instead of looping.
        try {
          const { code } = allocateDoorcode({ length }, doors, sourceFrom(values));
          expectValid(code);
          expect(code).toHaveLength(length);
          expect(freeEverywhere(code, doors)).toBe(true);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('CODE_SPACE_EXHAUSTED');
        }
      }),
    );
  });

  it('random with crypto randomness: valid and free on every door', () => {
    fc.assert(
      fc.property(doorsArb, fc.integer({ min: 5, max: 8 }), (doors, length) => {
        const { code } = allocateDoorcode({ length }, doors);
        expectValid(code);
        expect(freeEverywhere(code, doors)).toBe(true);
      }),
    );
  });

  it('preferred: the requested code when free everywhere, else a valid code free everywhere with a warning', () => {
    fc.assert(
      fc.property(doorsArb, validCode, fc.boolean(), (doors, requested, plantIt) => {
        const planted = plantIt
          ? doors.map((door, i) =>
              i === 0 ? { ...door, existingCodes: [...door.existingCodes, requested] } : door,
            )
          : doors;
        const allocation = allocateDoorcode({ policy: 'preferred', code: requested }, planted);
        expectValid(allocation.code);
        expect(freeEverywhere(allocation.code, planted)).toBe(true);
        if (freeEverywhere(requested, planted)) {
          expect(allocation.code).toBe(requested);
          expect(allocation.warning).toBeUndefined();
        } else {
          expect(allocation.code).not.toBe(requested);
          expect(allocation.code).toHaveLength(requested.length);
          expect(allocation.warning?.code).toBe('CODE_SUBSTITUTED');
        }
      }),
    );
  });

  it('substitutes after 406s: each code valid, free everywhere, never one refused before', () => {
    fc.assert(
      fc.property(doorsArb, validCode, fc.integer({ min: 1, max: 5 }), (doors, requested, collisions) => {
        let allocation = allocateDoorcode({ code: requested }, doors);
        for (let i = 0; i < collisions; i++) {
          allocation = substituteDoorcode(allocation, doors[i % doors.length]!, doors);
          expectValid(allocation.code);
          expect(freeEverywhere(allocation.code, doors)).toBe(true);
          expect(allocation.refused).not.toContain(allocation.code);
          expect(allocation.warning?.code).toBe('CODE_SUBSTITUTED');
        }
      }),
    );
  });
});
