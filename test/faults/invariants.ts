/**
 * The invariants every fault scenario must keep, checked from what the hub reported and what the emulator
 * saw (its request log), never from the hub's insides:
 *
 * - every command ended (issued = finished) in confirmed, failed, timeout or unknown with a code, or was
 *   refused locally with a code; every key issuance settled with a status or a code;
 * - no pull was sent more often than the hub was asked to open that door;
 * - a lock became unavailable only when the emulator had it offline, or after the configured number of
 *   failed polls (at least that many failed lock reads at the emulator, spread over at least the backoff
 *   those polls take);
 * - the requests in every sliding hour of the scaled clock stayed within requestBudgetPerHour.
 */
import { expect } from 'vitest';
import type { HubEvents } from '../../src/core/index.js';
import type { RequestLogEntry } from '../../src/emulator/stats.js';
import { backoffMinimum } from './convergence.js';
import type { FaultWorld } from './harness.js';

const HOUR = 3_600_000;
const ENDED = ['confirmed', 'failed', 'timeout', 'unknown', 'refused'];

export interface InvariantOptions {
  /** Whether the cloud may make locks unavailable: never, allowed (after N failures), or required. */
  cloudUnavailable: 'never' | 'allowed' | 'required';
  /** The hub's requests cannot reach the emulator during the fault (DNS, emulator down): no failed reads logged. */
  unreachable?: boolean;
  /** Locks the emulator took offline during the scenario. */
  offlineLocks?: number[];
  /** The scenario injects 429s; otherwise none may be seen. */
  injects429?: boolean;
}

export function isLockRead(entry: RequestLogEntry): boolean {
  return entry.method === 'GET' && (entry.route === '/my/lock/sync' || entry.route === '/my/lock');
}

export function checkCommands(world: FaultWorld): void {
  const { sent } = world.commands;
  expect(sent.length, 'commands issued').toBeGreaterThan(0);
  const ended = sent.filter((command) => command.outcome !== undefined);
  expect(ended.length, 'commands finished = commands issued').toBe(sent.length);
  for (const command of sent) {
    expect(ENDED, JSON.stringify(command)).toContain(command.outcome);
    if (command.outcome !== 'confirmed') expect(command.code, JSON.stringify(command)).toMatch(/^[A-Z_]+$/);
  }
  const issued = world.keys.issued;
  expect(issued.length, 'keys issued').toBeGreaterThan(0);
  for (const issuance of issued) {
    expect(issuance.status, JSON.stringify(issuance)).toBeDefined();
    if (issuance.status === 'error') expect(issuance.code, JSON.stringify(issuance)).toMatch(/^[A-Z_]+$/);
  }
}

export function checkPulls(world: FaultWorld, log: RequestLogEntry[]): void {
  const opens = new Map<number, number>();
  for (const command of world.commands.sent) {
    if (command.action !== 'open' || command.joined || command.outcome === 'refused') continue;
    opens.set(command.lockId, (opens.get(command.lockId) ?? 0) + 1);
  }
  const pulls = new Map<number, number>();
  for (const entry of log) {
    const match = /^\/my\/lock\/(\d+)\/operation\/pull$/i.exec(entry.path);
    if (entry.method === 'POST' && match) pulls.set(Number(match[1]), (pulls.get(Number(match[1])) ?? 0) + 1);
  }
  for (const [lockId, count] of pulls) {
    expect(count, `pulls sent to lock ${lockId}`).toBeLessThanOrEqual(opens.get(lockId) ?? 0);
  }
}

export function checkUnavailability(
  world: FaultWorld,
  log: RequestLogEntry[],
  options: InvariantOptions,
): number {
  const threshold = world.settings.unavailableAfterFailures ?? 3;
  const minimumSpan = backoffMinimum(threshold, (world.settings.pollInterval ?? 10) * 1000);
  const reads = log.filter(isLockRead);
  let cloudCaused = 0;
  for (const { event, payload, at } of world.events) {
    if (event !== 'availabilityChanged') continue;
    const change = payload as HubEvents['availabilityChanged'];
    if (change.available) continue;
    if (!change.lock.status.connected) {
      expect(options.offlineLocks ?? [], `lock ${change.lock.id} reported offline`).toContain(change.lock.id);
      continue;
    }
    cloudCaused++;
    const before = reads.filter((entry) => entry.t <= at);
    const lastOk = before.findLast((entry) => entry.status === 200);
    const failedSince = before.filter((entry) => entry.t > (lastOk?.t ?? -Infinity));
    const span = at - (lastOk?.t ?? 0);
    const where = `lock ${change.lock.id} unavailable (${change.reason})`;
    expect(span, `${where}: time since the last answered lock read`).toBeGreaterThanOrEqual(minimumSpan);
    if (!options.unreachable)
      expect(failedSince.length, `${where}: failed lock reads before`).toBeGreaterThanOrEqual(threshold);
  }
  if (options.cloudUnavailable === 'never')
    expect(cloudCaused, 'locks made unavailable by the cloud').toBe(0);
  if (options.cloudUnavailable === 'required')
    expect(cloudCaused, 'locks made unavailable by the cloud').toBeGreaterThan(0);
  return cloudCaused;
}

export interface BudgetFigures {
  requests: number;
  scaledHours: number;
  perScaledHour: number;
  maxPerSlidingHour: number;
  /** The event loop's longest stall during the run, real ms (the allowance for arrival lag follows from it). */
  stallMs: number;
}

/** The largest number of requests whose arrival times fall within any window of `windowMs`. */
export function maxInSlidingWindow(times: number[], windowMs: number): number {
  let max = 0;
  for (let end = 0, start = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

/**
 * The hub counts a request when it sends it, the emulator when it arrives. On a scaled clock the real
 * milliseconds in between are scaled too (a 200 ms stall of a loaded machine is 2 minutes at 600x), so a
 * window of arrivals can hold requests sent over more than an hour. If no request arrives later than
 * `lagMs` (scaled) after it was sent, every window of HOUR - lagMs of arrivals holds only requests sent
 * within one hour: that count is what the budget bounds, exactly, whatever the machine's load. The lag is
 * bounded from the event loop's longest stall measured during the run (harness.ts), counted for each of the
 * few turns a request takes from the hub to the emulator's handler, plus a floor for the sockets themselves.
 */
export function arrivalLagMs(world: Pick<FaultWorld, 'maxStallMs' | 'speed'>): number {
  const TURNS = 3;
  const FLOOR_MS = 30;
  return Math.min((TURNS * world.maxStallMs() + FLOOR_MS) * world.speed, HOUR / 4);
}

export function checkBudget(
  world: FaultWorld,
  log: RequestLogEntry[],
  options: InvariantOptions,
): BudgetFigures {
  const times = log.map((entry) => entry.t).sort((a, b) => a - b);
  const maxPerSlidingHour = maxInSlidingWindow(times, HOUR);
  const budget = world.settings.requestBudgetPerHour ?? 600;
  const lag = arrivalLagMs(world);
  expect(
    maxInSlidingWindow(times, HOUR - lag),
    `requests arrived within ${((HOUR - lag) / 60_000).toFixed(1)} scaled minutes (an hour less the longest lag)`,
  ).toBeLessThanOrEqual(budget);
  expect(maxPerSlidingHour, "requests in a sliding hour, Tedee's limit").toBeLessThan(700);
  if (!options.injects429)
    expect(
      log.filter((entry) => entry.status === 429),
      '429 answers',
    ).toEqual([]);
  const scaledHours = (times.at(-1)! - times[0]!) / HOUR;
  return {
    requests: times.length,
    scaledHours,
    perScaledHour: Math.round(times.length / Math.max(scaledHours, 1 / 60)),
    maxPerSlidingHour,
    stallMs: Math.round(world.maxStallMs()),
  };
}
