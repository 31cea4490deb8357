/**
 * How often the activity feed may read, so that it never takes the state engine's or the commands' requests:
 * one request per followed lock per round, at most BUDGET_SHARE of the background budget over an hour, and no
 * round at all while the background budget is low or the cloud's Retry-After runs. Pure: inputs are passed in.
 */
import type { BudgetStatus } from '../cloud/account.js';

const HOUR_MS = 3_600_000;

export const ACTIVITY_DEFAULTS = {
  /** Seconds between reads of the log. */
  interval: 60,
  minInterval: 10,
  /** Share of the background budget (limit minus command reserve) the feed may spend per hour. */
  budgetShare: 0.25,
  /** Below this share of the background budget left, rounds wait: the state engine comes first. */
  lowWater: 0.3,
  /** How far back each read looks for entries that reach the cloud late (a lock that was offline). */
  lookBackMs: 10 * 60_000,
  /** Entries read to start from "now" on a lock the feed has never followed. */
  baselineEntries: 20,
  /** Longest wait after failed rounds. */
  maxBackoffMs: 10 * 60_000,
} as const;

/** The feed's share of the background budget, in reads per hour: a hard cap on all its reads. */
export function activityReadsPerHour(
  budget: Pick<BudgetStatus, 'limitPerHour' | 'reserveForCommands'>,
): number {
  const background = Math.max(1, budget.limitPerHour - budget.reserveForCommands);
  return Math.max(1, Math.floor(background * ACTIVITY_DEFAULTS.budgetShare));
}

/** The interval a round of `lockCount` reads may repeat at: the one asked for, stretched to fit the budget. */
export function activityIntervalMs(
  requestedSeconds: number,
  lockCount: number,
  budget: Pick<BudgetStatus, 'limitPerHour' | 'reserveForCommands'>,
): number {
  const requested = Math.max(ACTIVITY_DEFAULTS.minInterval, requestedSeconds) * 1000;
  const perHour = activityReadsPerHour(budget);
  return Math.max(requested, Math.ceil((Math.max(1, lockCount) * HOUR_MS) / perHour));
}

/** Whether a read may go now: enough background budget left and no Retry-After running. */
export function activityReadAllowed(budget: BudgetStatus, backgroundWaitMs: number): boolean {
  const background = budget.limitPerHour - budget.reserveForCommands;
  return backgroundWaitMs === 0 && budget.remainingForBackground >= background * ACTIVITY_DEFAULTS.lowWater;
}
