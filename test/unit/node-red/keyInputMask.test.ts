import { describe, expect, it } from 'vitest';
import { maskPayloadDoorcodes } from '../../../src/node-red/keyInputMask.js';

describe('maskPayloadDoorcodes', () => {
  it('masks a requested code in a key request, per person, in an update and in a replace-code', () => {
    const request = {
      name: 'Stay',
      persons: [{ name: 'Ann', credentials: { doorcode: { policy: 'strict', code: '58207316' } } }],
      credentials: { doorcode: { policy: 'preferred', code: '482913' }, smartkey: true },
    };
    expect(maskPayloadDoorcodes(request)).toEqual({
      name: 'Stay',
      persons: [{ name: 'Ann', credentials: { doorcode: { policy: 'strict', code: '••••16' } } }],
      credentials: { doorcode: { policy: 'preferred', code: '••••13' }, smartkey: true },
    });
    expect(
      maskPayloadDoorcodes({ id: 'k_1', person: 0, doorcode: { policy: 'strict', code: '7391' } }),
    ).toEqual({
      id: 'k_1',
      person: 0,
      doorcode: { policy: 'strict', code: '••••' },
    });
    expect(maskPayloadDoorcodes([{ doorcode: '482913' }])).toEqual([{ doorcode: '••••13' }]);
    // The input is not changed: the flow may still hold it.
    expect(request.persons[0]!.credentials.doorcode.code).toBe('58207316');
  });

  it('leaves everything else as it is, and a __proto__ field stays a field', () => {
    expect(maskPayloadDoorcodes('issue')).toBe('issue');
    expect(maskPayloadDoorcodes({ credentials: { doorcode: true } })).toEqual({
      credentials: { doorcode: true },
    });
    const hostile = JSON.parse('{"__proto__": {"doorcode": "482913"}, "n": 1}') as object;
    const masked = maskPayloadDoorcodes(hostile) as Record<string, unknown>;
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(masked, '__proto__')?.value).toEqual({ doorcode: '••••13' });
  });
});
