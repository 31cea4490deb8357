/**
 * The keypad PIN rules as the Tedee docs state them (endpoints/lockpin/create.rst, revised 2026-05-21):
 *
 *   - pin cannot be null, empty, or whitespace
 *   - pin length must be between 5 and 8 digits
 *   - pin can contain only numeric characters (0-9)
 *   - pin must contain at least 3 different digits
 *   - pin cannot be a strictly ascending or descending sequence (e.g. 12345 or 54321)
 *
 * Written here from those words, on purpose apart from the client's own check (src/client/rules.ts): the
 * emulator stands for the cloud, so a mistake shared by both could never show in a test.
 */

const MIN_DIGITS = 5;
const MAX_DIGITS = 8;
const MIN_DIFFERENT_DIGITS = 3;

/**
 * Each digit above the one before it (or each below). "Strictly ascending" is a property of the order, not of
 * the step: 13579 is strictly ascending just as 12345 is, and the cloud may refuse it. See docs/emulator.md.
 */
function isStrictlyMonotonic(pin: string): boolean {
  const digits = [...pin].map(Number);
  const pairs = digits.slice(1).map((digit, index) => digit - digits[index]!);
  return pairs.every((step) => step > 0) || pairs.every((step) => step < 0);
}

/** Which rule a PIN breaks, worded for an error message, or undefined when the cloud accepts it. */
export function pinRuleBroken(pin: unknown): string | undefined {
  if (pin === undefined || pin === null) return 'pin is required';
  if (typeof pin !== 'string') return 'pin must be a string of digits';
  if (pin.trim() === '') return 'pin cannot be empty or whitespace';
  if (pin.length < MIN_DIGITS || pin.length > MAX_DIGITS)
    return `pin must have ${MIN_DIGITS} to ${MAX_DIGITS} digits`;
  if (!/^[0-9]+$/.test(pin)) return 'pin can contain only the digits 0-9';
  if (new Set(pin).size < MIN_DIFFERENT_DIGITS)
    return `pin must contain at least ${MIN_DIFFERENT_DIGITS} different digits`;
  if (isStrictlyMonotonic(pin))
    return 'pin cannot be a strictly ascending or descending sequence (such as 12345, 13579 or 54321)';
  return undefined;
}
