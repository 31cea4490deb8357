import { describe, expect, it } from 'vitest';
import { pinProblem } from '../../../src/client/rules.js';

describe("Tedee's PIN rules", () => {
  it.each(['918273', '19283', '12121213', '90817263', '13579'])('accepts %s', (pin) => {
    expect(pinProblem(pin)).toBeUndefined();
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['1234', '5 to 8 digits'],
    ['123456789', '5 to 8 digits'],
    ['12a45', 'digits 0-9'],
    ['11111', '3 different'],
    ['12121', '3 different'],
    ['12345', 'straight run'],
    ['54321', 'straight run'],
    ['23456789', 'straight run'],
    ['98765', 'straight run'],
  ])('refuses "%s" (%s)', (pin, reason) => {
    const problem = pinProblem(pin);
    expect(problem).toBeDefined();
    expect(problem).toContain(reason);
  });

  it('refuses a value that is not a string', () => {
    expect(pinProblem(12345)).toContain('empty');
  });
});
