/**
 * How long to wait before the next poll, so that the hub never earns a 429 in steady state and always
 * leaves the command reserve alone. Pure: every input is passed in.
 */
import type { BudgetStatus } from '../cloud/account.js';

const HOUR_MS = 3_600_000;
/** Part of the background budget kept for retries and one-off reads (discovery, capability check). */
const HEADROOM = 0.1;
/** Below this share of the background budget left, the interval stretches. */
const LOW_WATER = 0.15;
/** When running low, the rest is spread over this much time. */
const SPREAD_MS = 15 * 60_000;

export interface PollPlanInput {
  configuredMs: number;
  budget: BudgetStatus;
  /** Full-refresh pages (GET /my/lock) planned per hour. */
  refreshPagesPerHour: number;
  /** Time until the budget admits a background request at all. */
  waitForBackgroundMs: number;
}

/** The smallest interval the background budget sustains for a whole hour. */
export function sustainableIntervalMs(
  budget: Pick<BudgetStatus, 'limitPerHour' | 'reserveForCommands'>,
  refreshPagesPerHour: number,
): number {
  const background = budget.limitPerHour - budget.reserveForCommands;
  const forPolls = Math.max(1, background * (1 - HEADROOM) - refreshPagesPerHour);
  return Math.ceil(HOUR_MS / forPolls);
}

export function nextPollDelayMs(input: PollPlanInput): number {
  const { budget } = input;
  let delay = Math.max(input.configuredMs, sustainableIntervalMs(budget, input.refreshPagesPerHour));
  const background = budget.limitPerHour - budget.reserveForCommands;
  if (budget.remainingForBackground < background * LOW_WATER) {
    delay = Math.max(delay, SPREAD_MS / Math.max(1, budget.remainingForBackground));
  }
  return Math.max(delay, input.waitForBackgroundMs);
}
