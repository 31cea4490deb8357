import { ApiError } from './apiError.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Reply {
  status: number;
  result?: unknown;
  headers?: Record<string, string>;
  /** For an error answer: the message that goes into `errorMessages`. */
  errorMessage?: string;
}

export interface Route<C> {
  method: HttpMethod;
  /** Template such as /my/lock/{id}; literal segments match case-insensitively. */
  path: string;
  handle(context: C): Reply | Promise<Reply>;
}

export interface Match<R> {
  route: R;
  params: Record<string, string>;
}

function decodeParameter(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ApiError(400, `The path segment "${value}" is not valid percent-encoding.`);
  }
}

function segments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/**
 * Matches request paths against route templates. Resource names are case-insensitive, ids keep their case
 * (tedee-api.md section 2). Literal segments win over parameters, so /my/lock/sync is not lock "sync".
 */
export class Router<R extends Route<never>> {
  private readonly routes: { route: R; parts: string[] }[] = [];

  add(...routes: R[]): this {
    for (const route of routes) this.routes.push({ route, parts: segments(route.path) });
    return this;
  }

  match(method: string, path: string): Match<R> | undefined {
    const actual = segments(path);
    let best: { match: Match<R>; literals: number } | undefined;
    for (const { route, parts } of this.routes) {
      if (route.method !== method || parts.length !== actual.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      const fits = parts.every((part, index) => {
        const value = actual[index]!;
        if (part.startsWith('{')) {
          params[part.slice(1, -1)] = decodeParameter(value);
          return true;
        }
        literals++;
        return part.toLowerCase() === value.toLowerCase();
      });
      if (fits && (!best || literals > best.literals)) best = { match: { route, params }, literals };
    }
    return best?.match;
  }

  /** Whether any route has this path with another method (for 405). */
  hasPath(path: string): boolean {
    return ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].some((method) => this.match(method, path) !== undefined);
  }
}
