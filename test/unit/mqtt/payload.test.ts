import { describe, expect, it } from 'vitest';
import { haState, parseCommand } from '../../../src/mqtt/payload.js';

describe('haState', () => {
  it.each([
    ['locked', 'LOCKED'],
    ['unlocked', 'UNLOCKED'],
    ['semi_locked', 'UNLOCKED'],
    ['jammed', 'JAMMED'],
    ['locking', 'LOCKING'],
    ['unlocking', 'UNLOCKING'],
    ['opening', 'OPENING'],
    ['open', 'OPEN'],
    ['unknown', null],
  ] as const)('%s is %s', (state, expected) => {
    expect(haState(state)).toBe(expected);
  });
});

describe('parseCommand', () => {
  const parse = (text: string) => parseCommand(Buffer.from(text));

  it('reads the plain actions in any case, with whitespace', () => {
    expect(parse('LOCK')).toEqual({ ok: true, command: { action: 'lock' } });
    expect(parse(' unlock\n')).toEqual({ ok: true, command: { action: 'unlock' } });
    expect(parse('Open')).toEqual({ ok: true, command: { action: 'open' } });
  });

  it('reads JSON with action, code and transaction', () => {
    expect(parse('{"action":"UNLOCK","code":"1234","transaction":7}')).toEqual({
      ok: true,
      command: { action: 'unlock', code: '1234', transaction: 7 },
    });
    expect(parse('{"action":"lock","code":4821}')).toEqual({
      ok: true,
      command: { action: 'lock', code: '4821' },
    });
  });

  it.each([
    ['', 'empty'],
    ['DANCE', 'unknown action'],
    ['{"action":', 'not valid JSON'],
    ['null', 'unknown action'],
    ['[1]', 'must be an object'],
    ['{"action":"FLY"}', 'must be LOCK, UNLOCK or OPEN'],
    ['{"action":"LOCK","code":{}}', '"code" must be a string or a number'],
    ['{"action":"LOCK","transaction":[]}', '"transaction" must be a string or a number'],
    ['{"action":"LOCK","extra":1}', 'unknown field "extra"'],
  ])('refuses %j (%s)', (text, reason) => {
    const parsed = parse(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });

  it.each(['__proto__', 'constructor', 'toString', '{"action":"__proto__"}', '{"action":"hasOwnProperty"}'])(
    "refuses %j: a name of Object's own is no action",
    (text) => {
      expect(parse(text)).toMatchObject({ ok: false, code: 'INVALID_COMMAND' });
    },
  );

  it('refuses binary and oversized payloads', () => {
    expect(parseCommand(Buffer.from([0x4c, 0x00, 0x4b]))).toEqual({
      ok: false,
      reason: 'the payload is not text',
      code: 'INVALID_COMMAND',
    });
    expect(parseCommand(Buffer.from([0xc3, 0x28]))).toEqual({
      ok: false,
      reason: 'the payload is not text',
      code: 'INVALID_COMMAND',
    });
    expect(parseCommand(Buffer.alloc(2000, 'a'))).toMatchObject({
      ok: false,
      code: 'COMMAND_TOO_LARGE',
      reason: expect.stringContaining('1024') as string,
    });
  });
});
