/**
 * Tedee's keypad PIN rules for the core. The rule lives once, in client/rules.ts, where the emulator and the
 * client read it; only core/cloud/ may import client/, so the key domain reads it through here (docs/keys.md).
 */
export { PIN_MAX_LENGTH, PIN_MIN_DISTINCT_DIGITS, PIN_MIN_LENGTH, pinProblem } from '../../client/rules.js';
