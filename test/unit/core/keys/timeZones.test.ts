import { describe, expect, it } from 'vitest';
import { isTimeZone } from '../../../../src/core/keys/schedule/timeZones.js';
import { timeStatus } from '../../../../src/core/keys/service/status.js';
import type { Key } from '../../../../src/core/keys/model.js';

describe('isTimeZone', () => {
  it('knows IANA zones in any case, and refuses other names every time', () => {
    expect(isTimeZone('Europe/Warsaw')).toBe(true);
    expect(isTimeZone('europe/warsaw')).toBe(true);
    expect(isTimeZone('America/New_York')).toBe(true);
    for (let i = 0; i < 2; i++) {
      expect(isTimeZone('Europe/Atlantis')).toBe(false);
      expect(isTimeZone('')).toBe(false);
    }
  });
});

describe('timeStatus', () => {
  const key = (from: string, until: string) =>
    ({ schedule: { timeZone: 'Europe/Warsaw', from, until } }) as unknown as Key;
  const at = (iso: string) => Date.parse(iso);

  it('follows a schedule that changed, not the bounds of the one seen before', () => {
    const stay = key('2026-12-01T15:00', '2026-12-05T11:00');
    expect(timeStatus(stay, at('2026-12-01T13:59:00Z'))).toBe('scheduled');
    expect(timeStatus(stay, at('2026-12-01T14:00:00Z'))).toBe('active');
    expect(timeStatus(stay, at('2026-12-05T10:00:00Z'))).toBe('expired');
    const extended = key('2026-12-01T15:00', '2026-12-06T11:00');
    expect(timeStatus(extended, at('2026-12-05T10:00:00Z'))).toBe('active');
    expect(timeStatus(stay, at('2026-12-05T10:00:00Z'))).toBe('expired');
  });
});
