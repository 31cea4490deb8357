/**
 * Rules of the wire contract that more than one side checks: the keypad PIN format (tedee-api.md section 7).
 * The emulator enforces them, the hub checks codes before it sends them.
 */

export const PIN_MIN_LENGTH = 5;
export const PIN_MAX_LENGTH = 8;
export const PIN_MIN_DISTINCT_DIGITS = 3;

function isStraightRun(pin: string): boolean {
  const step = pin.charCodeAt(1) - pin.charCodeAt(0);
  if (step !== 1 && step !== -1) return false;
  for (let i = 2; i < pin.length; i++) {
    if (pin.charCodeAt(i) - pin.charCodeAt(i - 1) !== step) return false;
  }
  return true;
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
  if (isStraightRun(pin)) return 'the PIN must not be a straight run such as 12345 or 54321';
  return undefined;
}
