import axios from 'axios';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { backoffDelay } from '../util/backoff.js';
import type { Clock } from '../util/clock.js';
import { sleep, systemClock } from '../util/clock.js';
import { keyPrefix } from '../util/secrets.js';
import type { Priority } from './budget.js';
import { RequestBudget } from './budget.js';
import type { EndpointSpec } from './endpoint.js';
import { describe } from './endpoint.js';
import { bodyProblem, formatBytes, isTooLarge } from './answers/body.js';
import { unwrapEnvelope } from './envelope.js';
import { TedeeError } from './errors.js';
import { errorForStatus } from './statusErrors.js';

export const DEFAULT_API_URL = 'https://api.tedee.com';
export const DEFAULT_API_VERSION = 'v37';
/** Deadline of one attempt, from connecting to the last byte of the answer (docs/client.md). */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** The largest answer body accepted: a wide margin over the largest real answer (docs/client.md). */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export interface TransportOptions {
  personalAccessKey: string;
  apiUrl?: string;
  apiVersion?: string;
  /**
   * Overall deadline of one attempt in real milliseconds: connecting, the headers and the whole body
   * (default DEFAULT_TIMEOUT_MS, 10 s). An answer that keeps trickling in still ends here.
   */
  timeoutMs?: number;
  /** The largest answer body accepted, in bytes (default DEFAULT_MAX_RESPONSE_BYTES, 8 MiB). */
  maxResponseBytes?: number;
  /** Extra attempts for a retryable failure (default 2). */
  retries?: number;
  /** Shared budget; pass the same instance to clients of the same account. */
  budget?: RequestBudget;
  limitPerHour?: number;
  reserveForCommands?: number;
  clock?: Clock;
  random?: () => number;
  /** Called after every attempt, for debug logs and statistics. Never receives the key. */
  onAttempt?: (attempt: AttemptInfo) => void;
}

export interface AttemptInfo {
  endpoint: string;
  attempt: number;
  status?: number;
  errorCode?: string;
  durationMs: number;
}

export type QueryValue = string | number | boolean | undefined | null | (string | number)[];

export interface CallOptions {
  params?: Record<string, string | number>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Overrides the endpoint's own priority, e.g. a sync that follows a command. */
  priority?: Priority;
}

/** The marker a 304 answer turns into. */
export const NOT_MODIFIED = Symbol('not modified');

/** Connection errors that prove the request never left this machine. */
/** The INVALID_RESPONSE detail for a 2xx body that is not in Tedee's envelope. */
const NOT_ENVELOPED = "the body is not in Tedee's envelope {result, success, errorMessages, statusCode}";

const UNSENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

function positive(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!(Number.isFinite(value) && value > 0)) throw new TypeError(`${name} must be a number above 0`);
  return value;
}

function expandPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(value));
  });
}

function retryAfterMs(response: AxiosResponse): number {
  const header = response.headers['retry-after'] as string | undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = header ? Date.parse(header) : NaN;
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : 60_000;
}

/** The one place that talks HTTP to the Tedee cloud. */
export class Transport {
  readonly budget: RequestBudget;
  readonly keyPrefix: string;
  private readonly http: AxiosInstance;
  private readonly clock: Clock;
  private readonly retries: number;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly random: () => number;
  private readonly onAttempt?: (attempt: AttemptInfo) => void;
  // Kept in a closure-like private field so that no enumeration or inspection of the transport shows it.
  readonly #authorization: string;

  constructor(options: TransportOptions) {
    if (!options.personalAccessKey) throw new TypeError('personalAccessKey is required');
    this.clock = options.clock ?? systemClock;
    this.keyPrefix = keyPrefix(options.personalAccessKey);
    this.#authorization = `PersonalKey ${options.personalAccessKey}`;
    this.retries = options.retries ?? 2;
    this.timeoutMs = positive(options.timeoutMs, 'timeoutMs') ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes =
      positive(options.maxResponseBytes, 'maxResponseBytes') ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.random = options.random ?? Math.random;
    this.onAttempt = options.onAttempt;
    this.budget =
      options.budget ??
      new RequestBudget({
        clock: this.clock,
        limitPerHour: options.limitPerHour,
        reserveForCommands: options.reserveForCommands,
      });
    const apiUrl = (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, '');
    this.http = axios.create({
      baseURL: `${apiUrl}/api/${options.apiVersion ?? DEFAULT_API_VERSION}`,
      // The deadline is an abort signal per attempt (see attempt()); axios's own timeout is only an idle
      // timeout, which an answer dripping one byte at a time never triggers.
      maxContentLength: this.maxResponseBytes,
      maxBodyLength: this.maxResponseBytes,
      validateStatus: () => true,
      paramsSerializer: { indexes: null },
      transitional: { clarifyTimeoutError: true },
      headers: { Accept: 'application/json' },
      maxRedirects: 0,
    });
  }

  /** Sends one endpoint call and returns its unwrapped `result` (or NOT_MODIFIED on 304). */
  async call<T>(spec: EndpointSpec, options: CallOptions = {}): Promise<T> {
    const url = expandPath(spec.path, options.params);
    const priority = options.priority ?? (spec.command ? 'command' : 'background');
    for (let attempt = 0; ; attempt++) {
      this.budget.take(priority, spec.lockList, describe(spec));
      const outcome = await this.attempt(spec, url, options, attempt);
      if (outcome.ok) return outcome.value as T;
      if (attempt >= this.retries || !this.mayRetry(spec, outcome.error, outcome.unsent)) throw outcome.error;
      await sleep(this.clock, backoffDelay(attempt, { baseMs: 500, maxMs: 8000, random: this.random }));
    }
  }

  private mayRetry(spec: EndpointSpec, error: TedeeError, unsent: boolean): boolean {
    if (spec.retry === 'never') return false;
    if (unsent) return true;
    if (spec.retry === 'unsent-only') return false;
    return error.code === 'NETWORK' || error.code === 'TIMEOUT' || error.code === 'SERVER_ERROR';
  }

  private async attempt(
    spec: EndpointSpec,
    url: string,
    options: CallOptions,
    attempt: number,
  ): Promise<{ ok: true; value: unknown } | { ok: false; error: TedeeError; unsent: boolean }> {
    const started = performance.now();
    const report = (status?: number, errorCode?: string) =>
      this.onAttempt?.({
        endpoint: describe(spec),
        attempt,
        status,
        errorCode,
        durationMs: performance.now() - started,
      });
    let response: AxiosResponse;
    // Real time on purpose: network latency does not follow a scaled clock.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    try {
      response = await this.http.request({
        method: spec.method,
        url,
        params: options.query,
        data: options.body,
        signal: deadline.signal,
        headers: {
          Authorization: this.#authorization,
          ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
      });
    } catch (caught) {
      const unsent =
        !deadline.signal.aborted && UNSENT_CODES.has(String((caught as { code?: unknown }).code));
      const error = deadline.signal.aborted
        ? this.timeoutError(spec)
        : this.networkError(spec, caught, !unsent);
      report(undefined, error.code);
      return { ok: false, error, unsent };
    } finally {
      clearTimeout(timer);
    }
    report(response.status);
    return this.interpret(spec, response);
  }

  private interpret(
    spec: EndpointSpec,
    response: AxiosResponse,
  ): { ok: true; value: unknown } | { ok: false; error: TedeeError; unsent: false } {
    const { status } = response;
    if (status === 304 && spec.notModified) return { ok: true, value: NOT_MODIFIED };
    if (status >= 200 && status < 300) {
      const { result, bare } = unwrapEnvelope(response.data);
      const problem =
        bodyProblem(response.data) ??
        (bare && !spec.bareAnswer ? NOT_ENVELOPED : undefined) ??
        spec.answer?.(result);
      if (problem === undefined) return { ok: true, value: result };
      const error = new TedeeError(
        'INVALID_RESPONSE',
        `The Tedee cloud sent an invalid answer to ${describe(spec)}: ${problem}.`,
        { status, endpoint: describe(spec) },
      );
      return { ok: false, error, unsent: false };
    }
    const unwrapped = unwrapEnvelope(response.data);
    const retryAfter = status === 429 ? retryAfterMs(response) : 0;
    if (status === 429) this.budget.rateLimited(retryAfter);
    const error = errorForStatus({
      status,
      endpoint: describe(spec),
      scope: spec.scope,
      keyPrefix: this.keyPrefix,
      errorContext: spec.errorContext ?? 'default',
      resource: spec.resource ?? 'The resource',
      serverMessages: unwrapped.messages,
      retryAfterMs: retryAfter,
      result: unwrapped.result,
    });
    return { ok: false, error, unsent: false };
  }

  private timeoutError(spec: EndpointSpec): TedeeError {
    return new TedeeError(
      'TIMEOUT',
      `The Tedee cloud did not answer ${describe(spec)} within ${this.timeoutMs / 1000} s.`,
      { endpoint: describe(spec), sent: true },
    );
  }

  /**
   * Axios errors carry the request headers, and with them the key: they are never kept as a cause.
   * Only their code and message (which holds no header) survive.
   */
  private networkError(spec: EndpointSpec, caught: unknown, sent: boolean): TedeeError {
    const raw = (caught as { code?: unknown }).code;
    const code = typeof raw === 'string' ? raw : 'UNKNOWN';
    const reason = caught instanceof Error ? caught.message : String(caught);
    const details = { endpoint: describe(spec), cause: { code, message: reason }, sent };
    if (isTooLarge(caught)) {
      return new TedeeError(
        'INVALID_RESPONSE',
        `The Tedee cloud answered ${describe(spec)} with more than ${formatBytes(this.maxResponseBytes)}; ` +
          'the answer was refused.',
        details,
      );
    }
    if (code === 'ETIMEDOUT' || code === 'ECONNABORTED') {
      return new TedeeError('TIMEOUT', `The Tedee cloud did not answer ${describe(spec)} in time.`, details);
    }
    return new TedeeError(
      'NETWORK',
      `The Tedee cloud could not be reached for ${describe(spec)} (${code}: ${reason}).`,
      details,
    );
  }
}
