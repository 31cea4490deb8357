import { describe, expect, it } from 'vitest';
import { pinProblem } from '../../../../src/core/cloud/pinRules.js';
import {
  allocateDoorcode,
  allocateDoorcodes,
  MAX_SUBSTITUTIONS,
  substituteDoorcode,
} from '../../../../src/core/keys/doorcodes.js';
import type { RandomInt } from '../../../../src/core/keys/doorcodes.js';
import { KeyError } from '../../../../src/core/keys/errors.js';

const front = { lockId: 101, name: 'Front Door' };
const garden = { lockId: 102, name: 'Garden Gate' };

/** A source that plays the given digits in turn (then repeats them). */
function digits(sequence: string): RandomInt {
  let next = 0;
  return () => Number(sequence[next++ % sequence.length]);
}

function thrown(run: () => unknown): KeyError {
  try {
    run();
  } catch (error) {
    if (error instanceof KeyError) return error;
    throw error;
  }
  throw new Error('expected a KeyError');
}

describe('allocateDoorcode: random', () => {
  it('draws 6 digits by default, valid under the PIN rules, with crypto randomness', () => {
    const allocation = allocateDoorcode(undefined, [front, garden]);
    expect(allocation.code).toMatch(/^\d{6}$/);
    expect(pinProblem(allocation.code)).toBeUndefined();
    expect(allocation.policy).toBe('random');
    expect(allocation.warning).toBeUndefined();
  });

  it('takes the length asked for', () => {
    expect(allocateDoorcode({ length: 8 }, [front]).code).toMatch(/^\d{8}$/);
    expect(allocateDoorcode({ policy: 'random', length: 5 }, [front]).code).toMatch(/^\d{5}$/);
  });

  it('refuses a length outside 5-8 with PIN_INVALID', () => {
    const error = thrown(() => allocateDoorcode({ length: 4 }, [front]));
    expect(error.code).toBe('PIN_INVALID');
    expect(error.message).toBe('A doorcode length must be 5 to 8 digits, not 4.');
  });

  it('skips codes that break the PIN rules or are taken on any door', () => {
    // 123456 is a straight run, 111111 has one digit, 482913 is taken on the garden gate: 555123 is next.
    const random = digits('123456' + '111111' + '482913' + '555123');
    const allocation = allocateDoorcode(undefined, [front, { ...garden, existingCodes: ['482913'] }], random);
    expect(allocation.code).toBe('555123');
  });

  it('gives up with CODE_SPACE_EXHAUSTED rather than looping when no code can be found', () => {
    expect(thrown(() => allocateDoorcode(undefined, [front], () => 7)).code).toBe('CODE_SPACE_EXHAUSTED');
  });
});

describe('allocateDoorcode: preferred', () => {
  it('gives the requested code when it is free on every door', () => {
    expect(allocateDoorcode({ policy: 'preferred', code: '482913' }, [front, garden])).toEqual({
      code: '482913',
      policy: 'preferred',
      requested: '482913',
      refused: [],
      substitutions: 0,
    });
  });

  it('is the policy when a code is given without one', () => {
    expect(allocateDoorcode({ code: '482913' }, [front]).policy).toBe('preferred');
  });

  it('on a collision on any door, gives one random code free on all doors, of the same length, and warns (masked)', () => {
    const doors = [
      { ...front, existingCodes: ['555123'] },
      { ...garden, existingCodes: ['482913'] },
    ];
    const allocation = allocateDoorcode(
      { policy: 'preferred', code: '482913' },
      doors,
      digits('555123' + '736201'),
    );
    expect(allocation.code).toBe('736201');
    expect(allocation.requested).toBe('482913');
    expect(allocation.warning).toEqual({
      code: 'CODE_SUBSTITUTED',
      lockId: 102,
      message:
        'The requested doorcode ••••13 is already in use on Garden Gate (102); a random code was issued on every door of the key instead.',
    });
    expect(JSON.stringify(allocation.warning)).not.toContain('482913');
  });

  it('refuses a requested code that breaks the PIN rules with PIN_INVALID, masked', () => {
    const error = thrown(() => allocateDoorcode({ policy: 'preferred', code: '97531' }, [front]));
    expect(error.code).toBe('PIN_INVALID');
    expect(error.message).not.toContain('97531');
    expect(error.message).toMatch(
      /^The doorcode ••••31 is not valid: the PIN must not be a strictly ascending/,
    );
  });
});

describe('allocateDoorcode: strict', () => {
  it('gives the code on every door', () => {
    expect(allocateDoorcode({ policy: 'strict', code: '482913' }, [front, garden]).code).toBe('482913');
  });

  it('fails with PIN_DUPLICATE naming the door, the credential and the reason, the code masked', () => {
    const error = thrown(() =>
      allocateDoorcode({ policy: 'strict', code: '482913' }, [
        front,
        { ...garden, existingCodes: ['482913'] },
      ]),
    );
    expect(error).toMatchObject({
      code: 'PIN_DUPLICATE',
      door: { lockId: 102, name: 'Garden Gate' },
      credential: 'doorcode',
      reason: 'the code is already in use',
    });
    expect(error.message).toBe(
      'The doorcode ••••13 is already in use on Garden Gate (102), and policy strict allows no other code.',
    );
  });

  it('needs a code', () => {
    expect(thrown(() => allocateDoorcode({ policy: 'strict' }, [front])).code).toBe('KEY_REQUEST_INVALID');
  });
});

describe('substituteDoorcode: after the cloud answered 406 on a door', () => {
  it('preferred: a random code, never the refused one, and the substitution recorded once', () => {
    const first = allocateDoorcode({ code: '482913' }, [front, garden]);
    const second = substituteDoorcode(first, garden, [front, garden], digits('482913' + '736201'));
    expect(second).toMatchObject({
      code: '736201',
      requested: '482913',
      refused: ['482913'],
      substitutions: 1,
    });
    expect(second.warning).toMatchObject({ code: 'CODE_SUBSTITUTED', lockId: 102 });
    expect(second.warning?.message).toContain('already exists on Garden Gate (102)');

    // The new code collides on the front door too: another one, the first warning kept.
    const third = substituteDoorcode(second, front, [front, garden], digits('736201' + '482913' + '640218'));
    expect(third).toMatchObject({ code: '640218', refused: ['482913', '736201'], substitutions: 2 });
    expect(third.warning).toEqual(second.warning);
  });

  it('random: another random code, without a warning (nobody asked for the first)', () => {
    const first = allocateDoorcode(undefined, [front], digits('555123'));
    const second = substituteDoorcode(first, front, [front], digits('555123' + '736201'));
    expect(second).toMatchObject({ code: '736201', policy: 'random', substitutions: 1 });
    expect(second.warning).toBeUndefined();
  });

  it('strict: PIN_DUPLICATE naming the door', () => {
    const first = allocateDoorcode({ policy: 'strict', code: '482913' }, [front, garden]);
    const error = thrown(() => substituteDoorcode(first, garden, [front, garden]));
    expect(error).toMatchObject({ code: 'PIN_DUPLICATE', door: { lockId: 102, name: 'Garden Gate' } });
    expect(error.message).toBe(
      'The doorcode ••••13 already exists on Garden Gate (102), and policy strict allows no other code.',
    );
  });

  it(`gives up with PIN_DUPLICATE after ${MAX_SUBSTITUTIONS} substitutions`, () => {
    let allocation = allocateDoorcode(undefined, [front]);
    for (let i = 0; i < MAX_SUBSTITUTIONS; i++) allocation = substituteDoorcode(allocation, front, [front]);
    expect(new Set([...allocation.refused, allocation.code]).size).toBe(MAX_SUBSTITUTIONS + 1);
    const error = thrown(() => substituteDoorcode(allocation, front, [front]));
    expect(error.code).toBe('PIN_DUPLICATE');
    expect(error.message).toBe(
      `The Tedee cloud refused ${MAX_SUBSTITUTIONS + 1} doorcodes as duplicates, the last on Front Door (101); giving up.`,
    );
  });
});

describe('allocateDoorcodes: several persons of one key', () => {
  it('never gives two persons the same code', () => {
    const [ann, bob] = allocateDoorcodes(
      [undefined, { code: '555123' }],
      [front],
      digits('555123' + '736201'),
    );
    expect(ann?.code).toBe('555123');
    expect(bob).toMatchObject({ code: '736201', warning: { code: 'CODE_SUBSTITUTED' } });
  });
});
