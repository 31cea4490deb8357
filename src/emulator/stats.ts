/** Request statistics per route, and a log of recent requests in emulated time. */
export interface RequestLogEntry {
  /** Emulated time the request arrived, epoch milliseconds (the moment a rate limit counts it). */
  t: number;
  method: string;
  route: string;
  /** The path below /api/{version}, ids included (e.g. /my/lock/101/operation/pull). */
  path: string;
  /** The HTTP status answered; 0 when the connection was closed without an answer (a `drop` fault). */
  status: number;
}

export interface RouteStats {
  count: number;
  statuses: Record<string, number>;
}

const LOG_LIMIT = 200_000;

export class Stats {
  private byRoute = new Map<string, RouteStats>();
  private log: RequestLogEntry[] = [];
  private total = 0;
  private startedAt: number;

  constructor(readonly now: () => number) {
    this.startedAt = now();
  }

  record(method: string, route: string, status: number, path = route, at = this.now()): void {
    const key = `${method} ${route}`;
    const entry = this.byRoute.get(key) ?? { count: 0, statuses: {} };
    entry.count++;
    entry.statuses[status] = (entry.statuses[status] ?? 0) + 1;
    this.byRoute.set(key, entry);
    this.total++;
    this.log.push({ t: at, method, route, path, status });
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
  }

  summary() {
    const statuses: Record<string, number> = {};
    for (const entry of this.byRoute.values()) {
      for (const [status, count] of Object.entries(entry.statuses))
        statuses[status] = (statuses[status] ?? 0) + count;
    }
    return {
      total: this.total,
      since: new Date(this.startedAt).toISOString(),
      now: new Date(this.now()).toISOString(),
      statuses,
      byRoute: Object.fromEntries(this.byRoute),
    };
  }

  requests(since = 0): RequestLogEntry[] {
    return this.log.filter((entry) => entry.t >= since);
  }

  reset(): void {
    this.byRoute = new Map();
    this.log = [];
    this.total = 0;
    this.startedAt = this.now();
  }
}
