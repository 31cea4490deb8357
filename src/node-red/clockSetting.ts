/**
 * The clock the schedule node waits on. Node-RED's settings may carry one as `tedeeClock` (an object with
 * `now`, `setTimeout` and `clearTimeout`, src/util/clock.ts): tests and demos run a scaled or manual clock
 * through it, so hours of schedule pass without waiting. Without it, the system clock.
 */
import type { Clock } from '../util/clock.js';
import { systemClock } from '../util/clock.js';
import type { NodeRedApi } from './red.js';

export function clockSetting(RED: NodeRedApi): Clock {
  const candidate = (RED.settings as { tedeeClock?: Partial<Clock> }).tedeeClock;
  const usable =
    typeof candidate?.now === 'function' &&
    typeof candidate.setTimeout === 'function' &&
    typeof candidate.clearTimeout === 'function';
  return usable ? (candidate as Clock) : systemClock;
}
