import { describe, expect, it } from 'vitest';
import { jammed, planCommand } from '../../../src/emulator/lockMachine.js';

const timing = { moveMs: 2000, pullingMs: 1000 };
const settings = { pullSpringEnabled: true, pullSpringDuration: 5, autoPullSpringEnabled: false };
const states = (plan: ReturnType<typeof planCommand>) => plan.steps.map((step) => step.state);
const completesAt = (plan: ReturnType<typeof planCommand>) =>
  plan.steps.find((step) => step.completes)?.state;

describe('the lock state machine', () => {
  it('locks from unlocked or semi-locked through locking', () => {
    for (const from of [2, 3]) {
      const plan = planCommand(from, { kind: 'lock' }, settings, timing);
      expect(states(plan)).toEqual([5, 6]);
      expect(plan).toMatchObject({ result: 0, event: 32, operationType: 0 });
      expect(plan.steps[1]!.atMs).toBe(2000);
    }
  });

  it('unlocks from locked through unlocking, and pulls after it only with auto pull in modes 0 and 4', () => {
    expect(states(planCommand(6, { kind: 'unlock', mode: 0 }, settings, timing))).toEqual([4, 2]);
    const auto = { ...settings, autoPullSpringEnabled: true };
    const withPull = planCommand(6, { kind: 'unlock', mode: 0 }, auto, timing);
    expect(states(withPull)).toEqual([4, 2, 8, 7, 2]);
    expect(completesAt(withPull)).toBe(7);
    expect(withPull.steps.at(-1)!.atMs).toBe(2000 + 1000 + 5000);
    expect(states(planCommand(6, { kind: 'unlock', mode: 4 }, auto, timing))).toEqual([4, 2, 8, 7, 2]);
    expect(states(planCommand(6, { kind: 'unlock', mode: 3 }, auto, timing))).toEqual([4, 2]);
  });

  it('mode 4 pulls an unlocked lock, the default mode does nothing', () => {
    expect(states(planCommand(2, { kind: 'unlock', mode: 4 }, settings, timing))).toEqual([8, 7, 2]);
    expect(planCommand(2, { kind: 'unlock', mode: 0 }, settings, timing)).toMatchObject({
      steps: [],
      result: 0,
    });
  });

  it('force mode drives an unknown lock to unlocked', () => {
    expect(states(planCommand(9, { kind: 'unlock', mode: 2 }, settings, timing))).toEqual([4, 2]);
    expect(planCommand(9, { kind: 'unlock', mode: 0 }, settings, timing).result).toBe(1);
  });

  it('pulls only an unlocked lock with pull spring enabled, holding for pullSpringDuration', () => {
    const plan = planCommand(2, { kind: 'pull' }, settings, timing);
    expect(states(plan)).toEqual([8, 7, 2]);
    expect(plan.steps.map((step) => step.atMs)).toEqual([0, 1000, 6000]);
    expect(plan).toMatchObject({ event: 51, operationType: 2 });
    expect(planCommand(6, { kind: 'pull' }, settings, timing)).toMatchObject({ steps: [], result: 1 });
    expect(planCommand(2, { kind: 'pull' }, { ...settings, pullSpringEnabled: false }, timing)).toMatchObject(
      { steps: [], result: 1 },
    );
  });

  it('an uncalibrated lock accepts every command and does nothing', () => {
    for (const command of [
      { kind: 'lock' as const },
      { kind: 'unlock' as const, mode: 0 },
      { kind: 'pull' as const },
    ]) {
      expect(planCommand(0, command, settings, timing)).toMatchObject({ steps: [], result: 0 });
    }
  });

  it('calibrating and updating locks refuse commands', () => {
    expect(planCommand(1, { kind: 'lock' }, settings, timing).result).toBe(1);
    expect(planCommand(18, { kind: 'lock' }, settings, timing).result).toBe(1);
  });

  it('a jammed movement ends semi-locked with a failed result and event 40', () => {
    const plan = jammed(planCommand(2, { kind: 'lock' }, settings, timing), timing);
    expect(states(plan)).toEqual([5, 3]);
    expect(plan).toMatchObject({ result: 1, event: 40 });
  });
});
