/**
 * Delivering with retries, for the key service. A failed attempt that may succeed later (network, timeout,
 * 5xx) is retried with backoff; one that will not (authentication, a 4xx, a bad template) stops at once.
 * It never throws and never touches the key: the caller reports the result (a DELIVERY_FAILED warning on
 * the key) and the credentials stay issued.
 */
import { backoffDelay } from '../../../util/backoff.js';
import type { Clock } from '../../../util/clock.js';
import { sleep } from '../../../util/clock.js';
import { errorMessage } from '../../../util/errors.js';
import type { Delivery, DeliveryAttempt, DeliveryChannel } from './types.js';
import { DeliveryError } from './types.js';

export interface RetryOptions {
  clock: Clock;
  /** Attempts in all, first included (default 4). */
  attempts?: number;
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
  /** Told after every attempt, for logs and events (the attempt holds no secret). */
  onAttempt?: (attempt: DeliveryAttempt) => void;
}

export interface DeliveryReport {
  channel: DeliveryAttempt['channel'];
  ok: boolean;
  attempts: DeliveryAttempt[];
}

export const RETRY_DEFAULTS = { attempts: 4, baseMs: 2_000, maxMs: 60_000 };

export async function deliverWithRetry(
  channel: DeliveryChannel,
  delivery: Delivery,
  options: RetryOptions,
): Promise<DeliveryReport> {
  const { clock, onAttempt } = options;
  const attempts = Math.max(1, options.attempts ?? RETRY_DEFAULTS.attempts);
  const backoff = {
    baseMs: options.baseMs ?? RETRY_DEFAULTS.baseMs,
    maxMs: options.maxMs ?? RETRY_DEFAULTS.maxMs,
    random: options.random,
  };
  const results: DeliveryAttempt[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const result = await attemptOnce(channel, delivery, attempt, clock);
    results.push(result);
    onAttempt?.(result);
    if (result.ok || !result.retryable || attempt === attempts) break;
    await sleep(clock, backoffDelay(attempt - 1, backoff));
  }
  return { channel: channel.name, ok: results.at(-1)?.ok ?? false, attempts: results };
}

async function attemptOnce(
  channel: DeliveryChannel,
  delivery: Delivery,
  attempt: number,
  clock: Clock,
): Promise<DeliveryAttempt> {
  const base = { channel: channel.name, attempt };
  try {
    await channel.send(delivery);
    return { ...base, ok: true, at: new Date(clock.now()).toISOString() };
  } catch (error) {
    const known = error instanceof DeliveryError;
    return {
      ...base,
      ok: false,
      at: new Date(clock.now()).toISOString(),
      code: known ? error.code : 'DELIVERY_FAILED',
      // A channel's own errors are written without secrets; anything else is a bug, shown by its message only.
      reason: errorMessage(error),
      retryable: known ? error.retryable : false,
    };
  }
}
