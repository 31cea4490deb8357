/**
 * Rules of the wire contract that more than one side checks: the keypad PIN format (tedee-api.md section 7).
 * The emulator enforces them, the hub checks codes before it sends them.
 */

export const PIN_MIN_LENGTH = 5;
export const PIN_MAX_LENGTH = 8;
export const PIN_MIN_DISTINCT_DIGITS = 3;

/**
 * Tedee: "cannot be a strictly ascending or descending sequence (e.g. 12345 or 54321)". Strictly ascending is a
 * property of the order, not of the step, so 13579 is refused too: the cloud may refuse it, and a code the hub
 * offers must never fail at a guest's door (the emulator reads the words the same way; docs/emulator.md).
 */
function isStrictlyMonotonic(pin: string): boolean {
  const ascending = [...pin].every((digit, i) => i === 0 || digit > pin[i - 1]!);
  const descending = [...pin].every((digit, i) => i === 0 || digit < pin[i - 1]!);
  return ascending || descending;
}

/** Why a PIN breaks Tedee's rules, or undefined when it is valid. */
export function pinProblem(pin: unknown): string | undefined {
  if (typeof pin !== 'string' || pin.trim() === '') return 'the PIN must not be empty';
  if (!/^\d+$/.test(pin)) return 'the PIN may contain digits 0-9 only';
  if (pin.length < PIN_MIN_LENGTH || pin.length > PIN_MAX_LENGTH) {
    return `the PIN must have ${PIN_MIN_LENGTH} to ${PIN_MAX_LENGTH} digits`;
  }
  if (new Set(pin).size < PIN_MIN_DISTINCT_DIGITS)
    return `the PIN needs at least ${PIN_MIN_DISTINCT_DIGITS} different digits`;
  if (isStrictlyMonotonic(pin))
    return 'the PIN must not be a strictly ascending or descending sequence such as 12345, 13579 or 54321';
  return undefined;
}
