/**
 * When a zone's UTC offset next changes (daylight saving, or a change of the zone's rules), found with Luxon's
 * zone data: Luxon has no transition list, so this steps forward and then bisects to the exact millisecond.
 */
import { IANAZone } from 'luxon';
import { MS_PER_DAY } from './tedeeFields.js';

/** Daily steps for the first 400 days (every DST zone changes within a year), weekly ones after. */
const DAILY_SPAN = 400 * MS_PER_DAY;
const WEEK = 7 * MS_PER_DAY;
/** How far ahead an unbounded schedule looks for a change. */
export const LOOK_AHEAD = 5 * 366 * MS_PER_DAY;

/** The first instant after `after` (and before `before`) at which the zone's offset differs, or undefined. */
export function nextOffsetChange(
  timeZone: string,
  after: number,
  before = after + LOOK_AHEAD,
): number | undefined {
  const zone = IANAZone.create(timeZone);
  const offset = zone.offset(after);
  let low = after;
  while (low < before) {
    const high = Math.min(before, low + (low - after < DAILY_SPAN ? MS_PER_DAY : WEEK));
    if (zone.offset(high) !== offset) return bisect(zone, low, high, offset);
    low = high;
  }
  return undefined;
}

/** The first ms in (low, high] whose offset is not `offset`, given that high's is not. */
function bisect(zone: IANAZone, low: number, high: number, offset: number): number {
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zone.offset(middle) === offset) low = middle;
    else high = middle;
  }
  return high;
}
