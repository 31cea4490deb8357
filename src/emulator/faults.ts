/**
 * Fault injection: rules that slow, fail or drop matching requests. A rule applies to every request it
 * matches, with probability `rate`, at most `count` times.
 */
import type { SeededRandom } from './random.js';

export interface FaultRule {
  /** Only requests with this method (any when omitted). */
  method?: string;
  /** A regular expression matched, case-insensitively, against the path below /api/{version}. */
  path?: string;
  /** Extra latency in real milliseconds. */
  latencyMs?: number;
  /** Answer with this status instead of handling the request (e.g. 500, 503, 429, 408, 409, 428). */
  status?: number;
  /** With status 429: the Retry-After in seconds (default 60). */
  retryAfterSeconds?: number;
  /** Close the connection without an answer: before handling, or after handling (the effect happens). */
  drop?: 'before' | 'after';
  /**
   * Answer something other than the envelope: `html`, a gateway's HTML error page instead of handling the
   * request (status `status`, default 502); `truncated`, handle the request (the effect happens) and send
   * only the first half of the answer's JSON, with a Content-Length that matches the cut body.
   */
  body?: 'html' | 'truncated';
  /** Probability from 0 to 1 (default 1). */
  rate?: number;
  /** How many times the rule may still fire (default unlimited). */
  count?: number;
}

export interface FaultDecision {
  latencyMs: number;
  status?: number;
  retryAfterSeconds?: number;
  drop?: 'before' | 'after';
  body?: 'html' | 'truncated';
}

const STATUSES = [400, 403, 404, 408, 409, 412, 428, 429, 500, 502, 503, 504];

/** Why a rule is not valid, or undefined. */
export function faultRuleProblem(rule: unknown, index: number): string | undefined {
  if (typeof rule !== 'object' || rule === null) return `rules[${index}] must be an object`;
  const { path, latencyMs, status, drop, body, rate, count, method } = rule as FaultRule;
  if (path !== undefined) {
    try {
      new RegExp(path);
    } catch {
      return `rules[${index}].path must be a regular expression`;
    }
  }
  if (method !== undefined && typeof method !== 'string') return `rules[${index}].method must be a string`;
  if (latencyMs !== undefined && !(typeof latencyMs === 'number' && latencyMs >= 0))
    return `rules[${index}].latencyMs must be >= 0`;
  if (status !== undefined && !STATUSES.includes(status))
    return `rules[${index}].status must be one of ${STATUSES.join(', ')}`;
  if (drop !== undefined && drop !== 'before' && drop !== 'after')
    return `rules[${index}].drop must be "before" or "after"`;
  if (body !== undefined && body !== 'html' && body !== 'truncated')
    return `rules[${index}].body must be "html" or "truncated"`;
  if (rate !== undefined && !(typeof rate === 'number' && rate >= 0 && rate <= 1))
    return `rules[${index}].rate must be from 0 to 1`;
  if (count !== undefined && !(Number.isInteger(count) && count >= 0))
    return `rules[${index}].count must be a whole number`;
  return undefined;
}

export class Faults {
  private rules: FaultRule[] = [];

  constructor(private readonly random: () => SeededRandom) {}

  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ ...rule }));
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  clear(): void {
    this.rules = [];
  }

  decide(method: string, path: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.path && !new RegExp(rule.path, 'i').test(path)) continue;
      if (rule.count !== undefined && rule.count <= 0) continue;
      if (rule.rate !== undefined && this.random().next() >= rule.rate) continue;
      if (rule.count !== undefined) rule.count--;
      decision.latencyMs += rule.latencyMs ?? 0;
      decision.status ??= rule.status;
      decision.retryAfterSeconds ??= rule.retryAfterSeconds;
      decision.drop ??= rule.drop;
      decision.body ??= rule.body;
    }
    return decision;
  }
}
