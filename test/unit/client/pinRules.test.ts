import { describe, expect, it } from 'vitest';
import { pinProblem } from '../../../src/client/rules.js';

describe("Tedee's PIN rules", () => {
  it.each(['918273', '19283', '12121213', '90817263', '13573'])('accepts %s', (pin) => {
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
    ['12345', 'strictly ascending'],
    ['54321', 'strictly ascending'],
    ['23456789', 'strictly ascending'],
    ['98765', 'strictly ascending'],
    ['13579', 'strictly ascending'],
    ['97531', 'strictly ascending'],
    ['24789', 'strictly ascending'],
  ])('refuses "%s" (%s)', (pin, reason) => {
    const problem = pinProblem(pin);
    expect(problem).toBeDefined();
    expect(problem).toContain(reason);
  });

  it('refuses a value that is not a string', () => {
    expect(pinProblem(12345)).toContain('empty');
  });
});
