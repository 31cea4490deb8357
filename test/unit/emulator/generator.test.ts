import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../../src/emulator/generator.js';

describe('the seeded world', () => {
  it('stays the world a seed has always built, so that tests and demos written against it keep their locks', () => {
    const { locks } = generateWorld({ locks: 6, seed: 1, now: 0 });
    const fingerprint = locks.map((lock) => [
      lock.type,
      lock.state,
      lock.batteryLevel,
      lock.keypadId !== null,
      lock.doorSensorId !== null,
      lock.firmware,
      lock.deviceSettings.pullSpringEnabled,
      lock.deviceSettings.pullSpringDuration,
    ]);
    // Recorded from the generator before the lock held its own copy of the settings (commit f764d90).
    expect(fingerprint).toEqual([
      [2, 6, 87, true, true, '2.6.16329', true, 3],
      [2, 6, 95, true, false, '2.6.19662', true, 3],
      [2, 6, 27, true, false, '2.6.18211', true, 5],
      [2, 6, 61, false, false, '2.6.17623', true, 2],
      [2, 6, 51, false, false, '2.6.18716', true, 3],
      [2, 6, 63, false, true, '2.6.16425', false, 2],
    ]);
  });

  it('gives each lock a copy of its settings of its own to act on', () => {
    const [lock] = generateWorld({ locks: 1, seed: 1, now: 0 }).locks;
    expect(lock!.settingsOnLock).toEqual(lock!.deviceSettings);
    expect(lock!.settingsOnLock).not.toBe(lock!.deviceSettings);
  });
});
