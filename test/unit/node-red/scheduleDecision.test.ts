/**
 * What a schedule node announces when it looks, given the last transition it announced: at most one message,
 * bringing the flow to the schedule's state (docs/node-red.md "tedee-schedule").
 */
import { describe, expect, it } from 'vitest';
import type { LocalSchedule } from '../../../src/core/keys/model.js';
import { windowAt } from '../../../src/core/keys/schedule/index.js';
import { decide } from '../../../src/node-red/scheduleDecision.js';
import type { AnnouncedTransition } from '../../../src/node-red/scheduleRecord.js';

const schedule: LocalSchedule = {
  timeZone: 'Europe/Warsaw',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  hours: { from: '09:00', to: '15:00' },
};
const at = (iso: string) => Date.parse(iso);
const monday = { from: at('2026-11-30T08:00:00Z'), to: at('2026-11-30T14:00:00Z') };
const tuesday = { from: at('2026-12-01T08:00:00Z'), to: at('2026-12-01T14:00:00Z') };

function decideAt(iso: string, last: AnnouncedTransition | undefined) {
  return decide(schedule, windowAt(schedule, at(iso)), last, at(iso));
}

describe('decide', () => {
  it('takes the state as a baseline on the first look, announcing nothing', () => {
    expect(decideAt('2026-11-30T10:00:00Z', undefined)).toEqual({
      kind: 'baseline',
      transition: { event: 'open', ...monday, at: at('2026-11-30T10:00:00Z') },
    });
    expect(decideAt('2026-11-30T07:00:00Z', undefined)).toEqual({
      kind: 'baseline',
      transition: { event: 'close', from: null, to: null, at: at('2026-11-30T07:00:00Z') },
    });
  });

  it('announces nothing inside a window whose opening it announced', () => {
    const last = { event: 'open' as const, ...monday, at: monday.from };
    expect(decideAt('2026-11-30T12:00:00Z', last)).toEqual({ kind: 'nothing' });
  });

  it("opens the current window when the last one's close was missed too: one message, not two", () => {
    const last = { event: 'open' as const, ...monday, at: monday.from };
    expect(decideAt('2026-12-01T10:00:00Z', last)).toEqual({
      kind: 'announce',
      announcement: { event: 'open', window: tuesday, edge: tuesday.from },
    });
  });

  it('closes the last window that ended after an announced open, even when others passed', () => {
    const last = { event: 'open' as const, ...monday, at: monday.from };
    expect(decideAt('2026-12-01T20:00:00Z', last)).toEqual({
      kind: 'announce',
      announcement: { event: 'close', window: tuesday, edge: tuesday.to },
    });
  });

  it('closes a whole window missed after an announced close, and nothing when none was', () => {
    const last = { event: 'close' as const, ...monday, at: monday.to };
    expect(decideAt('2026-12-01T20:00:00Z', last)).toEqual({
      kind: 'announce',
      announcement: { event: 'close', window: tuesday, edge: tuesday.to },
    });
    expect(decideAt('2026-12-01T07:00:00Z', last)).toEqual({ kind: 'nothing' });
  });
});
