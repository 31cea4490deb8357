export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Returns a number in [0, 1); defaults to Math.random. */
  random?: () => number;
}

/**
 * Exponential backoff with "equal jitter": half of the exponential step is fixed, the other half random,
 * so retries from many clients spread out without ever retrying immediately.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  const step = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(step / 2 + (random() * step) / 2);
}
