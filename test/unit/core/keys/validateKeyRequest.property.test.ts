import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateKeyRequest, validateProfile } from '../../../../src/core/keys/validateKeyRequest.js';

describe('validation never crashes, whatever a front end sends', () => {
  it('answers any JSON-like value with a result, and every error names a path', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
        }),
        (input) => {
          for (const result of [validateKeyRequest(input), validateProfile(input)]) {
            if (!result.ok) for (const error of result.errors) expect(error).toMatch(/.: \S/);
          }
        },
      ),
    );
  });

  it('refuses a value that is not plain data (a function in a Node-RED message) instead of throwing', () => {
    const input = { name: 'Stay', persons: [{ name: 'Ann', toString: () => 'Ann' }], doors: [101] };
    expect(validateKeyRequest(input)).toEqual({
      ok: false,
      code: 'KEY_REQUEST_INVALID',
      errors: ['(request): must be plain JSON data (objects, lists, text, numbers, true/false, null)'],
    });
  });
});
