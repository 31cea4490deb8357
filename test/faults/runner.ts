/**
 * Runs one fault scenario on a fresh world: load first, then the fault for a stretch of emulated time,
 * then recovery, then the invariants. Scenarios are rows of a table (scenarios.ts); this is the one place
 * that checks them, so every row is held to the same rules.
 */
import { expect } from 'vitest';
import type { HealthState } from '../../src/core/index.js';
import type { Convergence } from './convergence.js';
import { checkConvergence, settle } from './convergence.js';
import type { FaultWorld, WorldOptions } from './harness.js';
import { startWorld } from './harness.js';
import type { BudgetFigures, InvariantOptions } from './invariants.js';
import { checkBudget, checkCommands, checkPulls, checkUnavailability } from './invariants.js';
import { waitFor } from '../helpers/wait.js';

export interface Scenario extends InvariantOptions {
  name: string;
  world?: WorldOptions;
  /** Emulated ms of load before the fault (default: until three commands ended and a key was issued). */
  warmMs?: number;
  /** Starts the fault through the emulator's control API (or the name's DNS entry). */
  inject(world: FaultWorld): Promise<void>;
  /** Emulated ms the fault lasts at least. */
  faultMs: number;
  /** ... and until this holds (e.g. the hub noticed). */
  until?(world: FaultWorld): boolean | Promise<boolean>;
  recover(world: FaultWorld): Promise<void>;
  /** Health the hub must be in at the end (default ok). */
  health?: HealthState;
  /** Assertions of this scenario's own. */
  check?(world: FaultWorld, marks: Marks): void | Promise<void>;
}

export interface Marks {
  faultAt: number;
  recoveredAt: number;
}

export interface Figures extends BudgetFigures {
  scenario: string;
  commands: number;
  /** Pulls the emulator saw (each one open command's at most). */
  pulls: number;
  outcomes: Record<string, number>;
  keys: Record<string, number>;
  unavailableLocks: number;
  convergence: Convergence;
}

/** Process-level failures seen while the suite runs (the test file registers the listeners). */
export const processFailures: string[] = [];

function tally(values: (string | undefined)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value ?? 'pending'] = (counts[value ?? 'pending'] ?? 0) + 1;
  return counts;
}

export async function runScenario(scenario: Scenario): Promise<Figures> {
  const world = await startWorld(scenario.world);
  try {
    // Load first: commands have ended and a key was issued before anything breaks.
    const startedAt = world.clock.now();
    await waitFor(
      () =>
        world.commands.sent.filter((c) => c.outcome).length >= 3 &&
        world.keys.issued.some((k) => k.status) &&
        world.clock.now() - startedAt >= (scenario.warmMs ?? 0),
      20_000,
      'the load to run before the fault',
    );
    const faultAt = world.clock.now();
    await scenario.inject(world);
    await waitFor(
      async () =>
        world.clock.now() - faultAt >= scenario.faultMs && ((await scenario.until?.(world)) ?? true),
      30_000,
      `${scenario.name}: the fault to last`,
    );
    // The load stops while the fault lasts, so that the locks come to rest: then recovery, and the hub must
    // agree with the emulator after at most one answered poll.
    await settle(world);
    const recoveredAt = world.clock.now();
    await scenario.recover(world);
    const convergence = await checkConvergence(world);
    // The load again: commands work after recovery.
    world.commands.start();
    world.keys.start();
    await waitFor(
      () => world.commands.sent.some((c) => c.at > recoveredAt && c.outcome === 'confirmed'),
      20_000,
      'a command confirmed after recovery',
    );
    await settle(world);
    const log = await world.requests();
    checkCommands(world);
    checkPulls(world, log);
    const unavailableLocks = checkUnavailability(world, log, scenario);
    const budget = checkBudget(world, log, scenario);
    await waitFor(
      () => world.hub.health.state === (scenario.health ?? 'ok'),
      10_000,
      'the health after recovery',
    );
    await scenario.check?.(world, { faultAt, recoveredAt });
    expect(processFailures).toEqual([]);
    return {
      scenario: scenario.name,
      ...budget,
      commands: world.commands.sent.length,
      pulls: log.filter((entry) => entry.method === 'POST' && entry.path.endsWith('/operation/pull')).length,
      outcomes: tally(world.commands.sent.map((c) => (c.code ? `${c.outcome}:${c.code}` : c.outcome))),
      keys: tally(world.keys.issued.map((k) => (k.code ? `${k.status}:${k.code}` : k.status))),
      unavailableLocks,
      convergence,
    };
  } finally {
    await world.close();
  }
}

/** One line of figures for the test output (docs/faults.md quotes them). */
export function figureLine(figures: Figures): string {
  return (
    `[faults] ${figures.scenario}: ${figures.requests} requests in ${figures.scaledHours.toFixed(2)} scaled h ` +
    `(${figures.perScaledHour}/h, max ${figures.maxPerSlidingHour} in a sliding hour, longest stall ${figures.stallMs} ms), ` +
    `${figures.commands} commands ${JSON.stringify(figures.outcomes)}, ${figures.pulls} pulls, keys ${JSON.stringify(figures.keys)}, ` +
    `${figures.unavailableLocks} cloud-caused unavailable, converged in ${figures.convergence.ms / 1000} s ` +
    `after ${figures.convergence.polls} poll(s)`
  );
}
