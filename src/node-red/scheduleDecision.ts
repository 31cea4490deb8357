/**
 * What a `tedee-schedule` node announces when it looks at the clock (at start, when its timer fires, when a
 * key changes): compared with the last transition it announced, at most one message, bringing the flow to
 * the state the schedule is in now (docs/node-red.md "tedee-schedule"):
 *
 * - inside a window whose opening was announced: nothing (a redeploy or a restart inside the window);
 * - inside a window whose opening was not: `open` for it;
 * - outside, after an announced `open`: `close` for the window that ended since (or the announced one);
 * - outside, after an announced `close`, when a whole window began and ended since: one `close` for the last
 *   such window, so the flow learns it was missed and stays in the closed state;
 * - nothing announced yet (first deploy): nothing; the current state becomes the baseline.
 */
import type { LocalSchedule } from '../core/keys/model.js';
import type { AccessWindow, WindowState } from '../core/keys/schedule/index.js';
import { lastWindowEnded } from '../core/keys/schedule/index.js';
import type { AnnouncedTransition } from './scheduleRecord.js';

export interface Announcement {
  event: 'open' | 'close';
  window: AccessWindow;
  /** The instant of the transition: the window's start for open, its end for close. */
  edge: number | null;
}

export type Decision =
  | { kind: 'announce'; announcement: Announcement }
  | { kind: 'baseline'; transition: AnnouncedTransition }
  | { kind: 'nothing' };

export function decide(
  schedule: LocalSchedule,
  state: WindowState,
  last: AnnouncedTransition | undefined,
  now: number,
): Decision {
  const current = state.inside ? state.window : undefined;
  if (!last) {
    // Outside, the baseline names no window: what ends after `at` is what a later look compares with.
    const window = current ?? { from: null, to: null };
    return {
      kind: 'baseline',
      transition: { event: current ? 'open' : 'close', from: window.from, to: window.to, at: now },
    };
  }
  if (current) {
    if (last.event === 'open' && last.from === current.from) return { kind: 'nothing' };
    return { kind: 'announce', announcement: { event: 'open', window: current, edge: current.from } };
  }
  if (last.event === 'open') {
    const window = lastWindowEnded(schedule, last.at, now) ?? { from: last.from, to: last.to };
    return { kind: 'announce', announcement: { event: 'close', window, edge: window.to } };
  }
  // A window that began after the announced close and has ended too.
  const missed = lastWindowEnded(schedule, last.to ?? last.at, now);
  if (missed) return { kind: 'announce', announcement: { event: 'close', window: missed, edge: missed.to } };
  return { kind: 'nothing' };
}
