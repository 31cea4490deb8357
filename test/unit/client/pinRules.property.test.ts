/**
 * The PIN rules for any input: the client's check (client/rules.ts, what the hub offers and accepts from a user)
 * agrees with the emulator's (written apart from Tedee's words) and with a third reading written here, and never
 * throws, whatever the value. The allocator's properties are in core/keys/doorcodes.property.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pinProblem } from '../../../src/client/rules.js';
import { pinRuleBroken } from '../../../src/emulator/pinRules.js';

/** Tedee's rules once more, as plainly as possible: the oracle of this test. */
function acceptedByTedee(pin: string): boolean {
  if (!/^[0-9]{5,8}$/.test(pin)) return false;
  if (new Set(pin).size < 3) return false;
  const steps = [...pin].slice(1).map((digit, i) => Math.sign(Number(digit) - Number(pin[i])));
  return !(steps.every((step) => step > 0) || steps.every((step) => step < 0));
}

/** Mostly digits, with what a user or a script may type among them: spaces, signs, other scripts' digits. */
const pinLike = fc.oneof(
  fc.stringMatching(/^\d{0,10}$/),
  fc.array(fc.constantFrom(...'0123456789 -+.e١٢٣４５\t\n'), { maxLength: 10 }).map((c) => c.join('')),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

describe('PIN rules (property)', () => {
  it('the client, the emulator and the rules as written agree on every string', () => {
    fc.assert(
      fc.property(pinLike, (pin) => {
        const accepted = acceptedByTedee(pin);
        expect(pinProblem(pin) === undefined).toBe(accepted);
        expect(pinRuleBroken(pin) === undefined).toBe(accepted);
      }),
      { numRuns: 3000 },
    );
  });

  it('any value at all: a reason in words, never a throw, never an accepted non-string', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true }),
        (value) => {
          const problem = pinProblem(value);
          if (typeof value !== 'string') expect(problem).toMatch(/^the PIN /);
          else expect(problem === undefined).toBe(acceptedByTedee(value));
        },
      ),
      { numRuns: 500 },
    );
  });
});
