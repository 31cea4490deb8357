/**
 * A schedule's access windows as the door sees them: the compiled Tedee fields read instant by instant, from
 * one compilation to the next at each `validUntil` (the hub rewrites the key there), with windows that touch
 * across a rewrite merged. So a window that contains a daylight-saving change is one window, one that the
 * change skips does not open, and one in the repeated hour opens twice, exactly as the compiler decides
 * (docs/keys.md "How local hours compile"). Used by whatever tells a flow when access opens and closes.
 */
import type { LocalSchedule } from '../model.js';
import { compileSchedule } from './compile.js';
import { openingIntervals } from './openings.js';
import { MS_PER_DAY } from './tedeeFields.js';

/** One access window, ms instants; null = it has no bound within the horizon (an always-open schedule). */
export interface AccessWindow {
  from: number | null;
  to: number | null;
}

export interface WindowState {
  /** Whether the door opens at the instant. */
  inside: boolean;
  /** The window open at the instant, else the next one; undefined = none within the horizon. */
  window?: AccessWindow;
}

/** How far windows are looked for on either side of an instant. */
export const WINDOW_HORIZON = 800 * MS_PER_DAY;
const FIRST_SPAN = 8 * MS_PER_DAY;

/** The merged opening intervals of the schedule within [from, to), compiled again at each offset change. */
export function scheduleIntervals(schedule: LocalSchedule, from: number, to: number): [number, number][] {
  const intervals: [number, number][] = [];
  for (let at = from; at < to;) {
    const compiled = compileSchedule(schedule, new Date(at));
    const until = compiled.validUntil === undefined ? to : Math.min(to, Date.parse(compiled.validUntil));
    // A compilation always holds for a while after `at`; the guard only keeps a bad validUntil from looping.
    const end = until > at ? until : to;
    for (const [start, stop] of openingIntervals(compiled, at, end)) {
      const last = intervals.at(-1);
      if (last && start <= last[1]) last[1] = Math.max(last[1], stop);
      else intervals.push([start, stop]);
    }
    at = end;
  }
  return intervals;
}

/** Whether the schedule opens at `at`, and the window open then or the next one. */
export function windowAt(schedule: LocalSchedule, at: number): WindowState {
  for (let span = FIRST_SPAN; ; span *= 2) {
    const low = at - span;
    const high = at + span + 1;
    const last = span >= WINDOW_HORIZON;
    const intervals = scheduleIntervals(schedule, low, high);
    const found = intervals.find(([, stop]) => stop > at);
    if (!found) {
      if (last) return { inside: false };
      continue;
    }
    const [start, stop] = found;
    // A window cut by the search range may go on beyond it: look further, up to the horizon.
    const cut = (start <= low || stop >= high) && !last;
    if (cut) continue;
    return {
      inside: start <= at,
      window: { from: start <= low ? null : start, to: stop >= high ? null : stop },
    };
  }
}

/** The last window that ended in (after, at], with its true start; undefined when none did. */
export function lastWindowEnded(
  schedule: LocalSchedule,
  after: number,
  at: number,
): AccessWindow | undefined {
  const low = Math.max(after, at - WINDOW_HORIZON);
  const ended = scheduleIntervals(schedule, low, at + 1).filter(([, stop]) => stop <= at);
  const last = ended.at(-1);
  if (!last) return undefined;
  // Its start may lie before `after`: read it where it opened.
  return { from: windowAt(schedule, last[1] - 1).window?.from ?? null, to: last[1] };
}
