/**
 * The clocks a Node-RED runtime's settings give the package (docs/node-red.md): `tedeeClock` for the schedule
 * node, `tedeeHubClock` for the account's hub, each the system clock when unset or incomplete, and neither
 * taken for the other (a schedule on a manual clock must not stop the hub's polls).
 */
import { describe, expect, it } from 'vitest';
import { clockSetting, hubClockSetting } from '../../../src/node-red/clockSetting.js';
import type { NodeRedApi } from '../../../src/node-red/red.js';
import { scaledClock, systemClock } from '../../../src/util/clock.js';
import { ManualClock } from '../../helpers/manualClock.js';

const runtime = (settings: object) => ({ settings }) as unknown as NodeRedApi;

describe('clock settings', () => {
  it('gives the hub tedeeHubClock and the schedule tedeeClock, never one for the other', () => {
    const schedule = new ManualClock();
    const hub = scaledClock(10);
    const red = runtime({ tedeeClock: schedule, tedeeHubClock: hub });
    expect(clockSetting(red)).toBe(schedule);
    expect(hubClockSetting(red)).toBe(hub);
    expect(hubClockSetting(runtime({ tedeeClock: schedule }))).toBe(systemClock);
    expect(clockSetting(runtime({ tedeeHubClock: hub }))).toBe(systemClock);
  });

  it('takes the system clock for a clock that lacks now, setTimeout or clearTimeout', () => {
    for (const broken of [{}, { now: () => 0 }, { now: () => 0, setTimeout: () => 1 }, 'fast', 10])
      expect(hubClockSetting(runtime({ tedeeHubClock: broken }))).toBe(systemClock);
  });
});
