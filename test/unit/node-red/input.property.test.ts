/**
 * Node-RED message overrides for any message a flow can build (function nodes make anything: numbers, lists,
 * BigInt, Buffers, circular objects, huge text): the `tedee-key` and `tedee-lock` nodes read a valid command or
 * throw a NodeInputError with a stable code whose message starts with the field of the message at fault; never
 * another error, never an echo of a huge value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NodeInputError } from '../../../src/node-red/inputError.js';
import { KEY_ACTIONS, readAction, readCommand } from '../../../src/node-red/keyInput.js';
import { LOCK_NODE_ACTIONS, readLockAction, readLockReference } from '../../../src/node-red/lockInput.js';
import { readScheduleCommand } from '../../../src/node-red/scheduleMessages.js';

const circular = (): object => {
  const object: Record<string, unknown> = { action: 'issue' };
  object.self = object;
  return object;
};
/** What a function node may put in a message property. */
const anyValue = fc.oneof(
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withTypedArray: true,
    maxDepth: 2,
  }),
  fc.constantFrom(
    'lock',
    ' UNLOCK ',
    'Open',
    'status',
    'issue',
    'revoke',
    'list',
    '__proto__',
    'constructor',
    'toString',
  ),
  fc.constant(Buffer.from('lock')),
  fc.constant(10n ** 30n),
  fc.constant('x'.repeat(200_000)),
  fc.constant(NaN),
  fc.constant(-1),
  fc.constant(1.5),
  fc.constant(undefined),
  fc.constant(null),
);
const withCircular = fc.oneof(
  anyValue,
  fc.constant(null).map(() => circular()),
);
/** Payloads near a key command: the fields it reads, with any values. */
const keyPayload = fc.oneof(
  withCircular,
  fc.dictionary(
    fc.constantFrom(
      'id',
      'person',
      'doorcode',
      'name',
      'persons',
      'doors',
      'credentials',
      'status',
      'door',
      'text',
      'profile',
      '__proto__',
      'from',
      'until',
    ),
    withCircular,
    { maxKeys: 5 },
  ),
);

function expectNamedError(error: unknown, fields: RegExp): void {
  if (!(error instanceof NodeInputError)) throw error;
  expect(error.code).toMatch(/^[A-Z_]+$/);
  expect(error.message).toMatch(fields);
  expect(error.message.length).toBeLessThan(2000);
}

describe('tedee-lock input (property)', () => {
  it('an action of the list, or INVALID_ACTION naming msg.action or msg.payload', () => {
    fc.assert(
      fc.property(fc.option(withCircular, { nil: undefined }), withCircular, (action, payload) => {
        const msg = { ...(action === undefined ? {} : { action }), payload };
        try {
          expect(LOCK_NODE_ACTIONS).toContain(readLockAction(msg));
        } catch (error) {
          expectNamedError(
            error,
            action === undefined || action === null ? /^msg\.payload: / : /^msg\.action: /,
          );
          expect((error as NodeInputError).code).toBe('INVALID_ACTION');
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('a lock reference (text, or a whole id), or INVALID_LOCK naming msg.lock', () => {
    fc.assert(
      fc.property(
        withCircular,
        fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
        (lock, chosen) => {
          try {
            const reference = readLockReference({ lock }, chosen);
            if (typeof reference === 'number')
              expect(Number.isSafeInteger(reference) && reference > 0).toBe(true);
            else expect(reference.trim()).toBe(reference);
            expect(reference === '').toBe(false);
          } catch (error) {
            expectNamedError(error, /^msg\.lock: /);
            expect((error as NodeInputError).code).toBe('INVALID_LOCK');
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('tedee-key input (property)', () => {
  it('an action of the list, or INVALID_ACTION naming msg.action or the setting', () => {
    fc.assert(
      fc.property(
        fc.option(withCircular, { nil: undefined }),
        fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
        (action, configured) => {
          const msg = action === undefined ? {} : { action };
          try {
            expect(KEY_ACTIONS).toContain(readAction(msg, configured));
          } catch (error) {
            expectNamedError(error, /^(msg\.action|action): /);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("each action's arguments, or an error naming the field of msg.payload", () => {
    fc.assert(
      fc.property(fc.constantFrom(...KEY_ACTIONS), keyPayload, (action, payload) => {
        try {
          const command = readCommand(action, payload, {});
          expect(command.action).toBe(action);
          if ('id' in command) expect(command.id).toMatch(/^\S(.*\S)?$/);
        } catch (error) {
          expectNamedError(error, /^msg\.payload\b/);
        }
      }),
      { numRuns: 1500 },
    );
  });
});

describe('tedee-schedule input (property)', () => {
  it('"check" in any case, or INVALID_INPUT naming msg.payload', () => {
    fc.assert(
      fc.property(withCircular, (payload) => {
        try {
          expect(readScheduleCommand({ payload })).toBe('check');
        } catch (error) {
          expectNamedError(error, /^msg\.payload: /);
          expect((error as NodeInputError).code).toBe('INVALID_INPUT');
        }
      }),
      { numRuns: 1000 },
    );
  });
});
