import { describe, expect, it } from 'vitest';
import { describeEnding, exitStatus } from '../../../src/cli/commands/outcome.js';
import { printable } from '../../../src/util/printable.js';

describe('describeEnding', () => {
  it('prints the outcome, its code, the reason and, when the door may have moved, the state read', () => {
    expect(
      describeEnding('unlock', 'Front Door', {
        outcome: 'unknown',
        code: 'TIMEOUT',
        reason: 'the Tedee cloud did not answer the unlock request.',
        state: 'locked',
      }),
    ).toBe(
      'unlock: Front Door unknown (TIMEOUT): the Tedee cloud did not answer the unlock request; the door may have moved, state read: locked',
    );
    expect(describeEnding('lock', 'Garage', { outcome: 'failed', code: 'DEVICE_BUSY', reason: 'busy' })).toBe(
      'lock: Garage failed (DEVICE_BUSY): busy',
    );
  });

  it.each([
    ['refused', 3],
    ['failed', 4],
    ['timeout', 5],
    ['unknown', 6],
  ] as const)('%s exits %i', (outcome, status) => {
    expect(exitStatus(outcome)).toBe(status);
  });
});

describe('printable', () => {
  it('escapes C0, C1, DEL, line separators and bidi overrides as \\uXXXX, and leaves other text alone', () => {
    expect(printable('a\u001b[2Jb\u0007\n\t\u007f\u009b\u2028\u202e\u2066é€ 🔒')).toBe(
      'a\\u001b[2Jb\\u0007\\u000a\\u0009\\u007f\\u009b\\u2028\\u202e\\u2066é€ 🔒',
    );
  });
});
