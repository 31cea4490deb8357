/** The one log line per command from HomeKit, for every outcome the hub reports. */
import { describe, expect, it } from 'vitest';
import type { CommandResult, LockAction } from '../../../src/core/index.js';
import { logOutcome } from '../../../src/homebridge/outcomeLog.js';
import { recordingLog } from '../../helpers/homebridgeApi.js';

const result = (action: LockAction, rest: Omit<CommandResult, 'command'>): CommandResult => ({
  command: { id: 'c1', lockId: 101, action, requestedAt: '2026-11-30T12:00:00.000Z' },
  ...rest,
});

function linesFor(outcome: CommandResult) {
  const log = recordingLog();
  logOutcome(log, 'Front Door', outcome);
  return log.lines;
}

describe('logOutcome', () => {
  it('confirmed: one info line saying what happened', () => {
    expect(linesFor(result('unlock', { outcome: 'confirmed' }))).toEqual([
      { level: 'info', message: 'Front Door unlocked from HomeKit' },
    ]);
    expect(linesFor(result('lock', { outcome: 'confirmed' }))[0]?.message).toBe(
      'Front Door locked from HomeKit',
    );
    expect(linesFor(result('open', { outcome: 'confirmed' }))[0]?.message).toBe(
      'Front Door opened from HomeKit',
    );
  });

  it("failed and timeout: one warning with the hub's code and reason", () => {
    expect(
      linesFor(
        result('lock', { outcome: 'failed', code: 'LOCK_OFFLINE', reason: 'the lock is not connected' }),
      ),
    ).toEqual([
      { level: 'warn', message: 'Locking Front Door failed (LOCK_OFFLINE): the lock is not connected' },
    ]);
    expect(
      linesFor(result('unlock', { outcome: 'timeout', code: 'TIMEOUT', reason: 'no answer in 30 s' })),
    ).toEqual([{ level: 'warn', message: 'Unlocking Front Door timeout (TIMEOUT): no answer in 30 s' }]);
  });

  it('unknown: one warning that the door may have moved, that nothing is repeated and the state will be read', () => {
    expect(
      linesFor(result('open', { outcome: 'unknown', code: 'NETWORK', reason: 'the answer was lost' })),
    ).toEqual([
      {
        level: 'warn',
        message:
          'Opening Front Door: outcome unknown (NETWORK): the answer was lost. The door may have moved; ' +
          'the command is not repeated and the state will be read.',
      },
    ]);
  });
});
