/**
 * The clock the schedule node waits on. Node-RED's settings may carry one as `tedeeClock` (an object with
 * `now`, `setTimeout` and `clearTimeout`, src/util/clock.ts): tests and demos run a scaled or manual clock
 * through it, so hours of schedule pass without waiting. Without it, the system clock.
 */
import type { Clock } from '../util/clock.js';
import { systemClock } from '../util/clock.js';
import type { NodeRedApi } from './red.js';

export function clockSetting(RED: NodeRedApi): Clock {
  return usableClock((RED.settings as { tedeeClock?: Partial<Clock> }).tedeeClock);
}

/**
 * The clock of the account's hub (its polls, request budget, activity feed, key service): `tedeeHubClock` in
 * Node-RED's settings, else the system clock. Its own setting, not `tedeeClock`: a schedule tested on a manual
 * clock must not stop the hub's polls, and a hub run fast (a demo, a test of polls at the 10 s minimum) must
 * not move the schedule's 09:00. Emulator-backed tests give it the emulator's scaled clock.
 */
export function hubClockSetting(RED: NodeRedApi): Clock {
  return usableClock((RED.settings as { tedeeHubClock?: Partial<Clock> }).tedeeHubClock);
}

function usableClock(candidate: Partial<Clock> | undefined): Clock {
  const usable =
    typeof candidate?.now === 'function' &&
    typeof candidate.setTimeout === 'function' &&
    typeof candidate.clearTimeout === 'function';
  return usable ? (candidate as Clock) : systemClock;
}
