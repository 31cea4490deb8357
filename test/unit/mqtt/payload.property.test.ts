/**
 * Command payloads from anyone on the broker, for any bytes: a command or a refusal with a stable code and a
 * reason naming the field and what is allowed; never a throw, never the payload (it may carry a code) repeated.
 * The rules that follow (commandRules.ts) hold for any code a requester sends.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MqttConfig } from '../../../src/config/index.js';
import type { Lock } from '../../../src/core/index.js';
import { CodeLockout } from '../../../src/mqtt/codeLockout.js';
import { refusal } from '../../../src/mqtt/commandRules.js';
import { MAX_COMMAND_BYTES, parseCommand } from '../../../src/mqtt/payload.js';
import { MemoryLogger } from '../../../src/util/logger.js';

const actionText = fc.constantFrom('LOCK', 'unlock', ' Open ', 'OPEN\n', 'close', '', 'lockk', 'ÖFFNEN');
const jsonValue = fc.jsonValue({ maxDepth: 3 });
/** JSON objects near the contract: the three fields with any value, plus stray ones. */
const commandObject = fc.dictionary(
  fc.oneof(
    fc.constantFrom('action', 'code', 'transaction', '__proto__', 'constructor', 'Action'),
    fc.string(),
  ),
  fc.oneof(actionText, jsonValue),
  { maxKeys: 4 },
);
const payload = fc.oneof(
  actionText.map((text) => Buffer.from(text)),
  commandObject.map((object) => Buffer.from(JSON.stringify(object))),
  jsonValue.map((value) => Buffer.from(JSON.stringify(value))),
  fc.string({ unit: 'binary', maxLength: 64 }).map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  fc.integer({ min: MAX_COMMAND_BYTES - 2, max: MAX_COMMAND_BYTES + 2 }).map((n) => Buffer.alloc(n, ' ')),
);

describe('parseCommand for any bytes (property)', () => {
  it('a command of the allowed actions, or a coded refusal that says what is allowed', () => {
    fc.assert(
      fc.property(payload, (bytes) => {
        const parsed = parseCommand(bytes);
        if (parsed.ok) {
          expect(['lock', 'unlock', 'open']).toContain(parsed.command.action);
          if (parsed.command.code !== undefined) expect(typeof parsed.command.code).toBe('string');
          expect(bytes.length).toBeLessThanOrEqual(MAX_COMMAND_BYTES);
        } else {
          expect(['INVALID_COMMAND', 'COMMAND_TOO_LARGE']).toContain(parsed.code);
          expect(parsed.reason.length).toBeGreaterThan(0);
          expect(parsed.reason.length).toBeLessThan(300);
          if (parsed.code === 'COMMAND_TOO_LARGE') expect(bytes.length).toBeGreaterThan(MAX_COMMAND_BYTES);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads back every well-formed command, and never repeats a code in a refusal', () => {
    const code = fc.stringMatching(/^[A-Za-z0-9]{6,12}$/);
    fc.assert(
      fc.property(
        fc.constantFrom('lock', 'unlock', 'open'),
        code,
        fc.option(fc.oneof(fc.string({ maxLength: 20 }), fc.integer()), { nil: undefined }),
        fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
        (action, secret, transaction, stray) => {
          const body = {
            action: action.toUpperCase(),
            code: secret,
            transaction,
            ...(stray ? { [stray]: 1 } : {}),
          };
          const parsed = parseCommand(Buffer.from(JSON.stringify(body)));
          if (stray && !['action', 'code', 'transaction'].includes(stray)) {
            expect(parsed).toMatchObject({ ok: false, code: 'INVALID_COMMAND' });
            if (!parsed.ok)
              expect(parsed.reason).toMatch(/unknown field .*allowed: action, code, transaction/);
            if (!parsed.ok && !stray.includes(secret)) expect(parsed.reason).not.toContain(secret);
          } else if (parsed.ok) {
            expect(parsed.command).toEqual({
              action,
              code: secret,
              ...(transaction === undefined ? {} : { transaction }),
            });
          }
          const wrong = parseCommand(Buffer.from(JSON.stringify({ action: 'unlock', code: { secret } })));
          expect(wrong).toEqual({
            ok: false,
            code: 'INVALID_COMMAND',
            reason: '"code" must be a string or a number',
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});

function commands(code: string | undefined): MqttConfig['commands'] {
  return { enabled: true, actions: ['lock', 'unlock'], locks: [], ...(code === undefined ? {} : { code }) };
}

describe('command rules for any code sent (property)', () => {
  const lock = { serialNumber: 'S-1', name: 'Front door' } as Lock;

  it('passes only the right code for an allowed action; five wrong codes lock that requester out', () => {
    fc.assert(
      fc.property(
        fc.option(fc.stringMatching(/^[A-Za-z0-9]{4,16}$/), { nil: undefined }),
        fc.array(
          fc.tuple(
            fc.option(fc.string({ unit: 'grapheme', maxLength: 16 }), { nil: undefined }),
            fc.constantFrom('lock' as const, 'unlock' as const, 'open' as const),
          ),
          { maxLength: 8 },
        ),
        (configured, attempts) => {
          const deps = {
            commands: commands(configured),
            lockout: new CodeLockout(undefined, () => 0),
            logger: new MemoryLogger(),
          };
          let wrong = 0;
          for (const [sent, action] of attempts) {
            const refused = refusal(deps, lock, action, sent, 'client-1');
            if (action === 'open') {
              expect(refused?.code).toBe('ACTION_NOT_ALLOWED');
              continue;
            }
            if (configured === undefined) expect(refused).toBeUndefined();
            else if (wrong >= 5) expect(refused?.code).toBe('CODE_LOCKED_OUT');
            else if (sent === undefined) expect(refused?.code).toBe('CODE_REQUIRED');
            else if (sent === configured) expect(refused).toBeUndefined();
            else {
              expect(refused?.code).toBe('CODE_WRONG');
              wrong++;
            }
            if (sent === configured && wrong < 5) wrong = 0;
          }
          expect(deps.logger.text()).not.toContain(configured ?? '\u0000');
        },
      ),
      { numRuns: 500 },
    );
  });
});
