import { badRequest } from './apiError.js';

/** Query parameters with case-insensitive names, as the Tedee API reads them. */
export class Query {
  private readonly values = new Map<string, string[]>();

  constructor(search: URLSearchParams) {
    for (const [name, value] of search) {
      const key = name.toLowerCase();
      this.values.set(key, [...(this.values.get(key) ?? []), value]);
    }
  }

  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase())?.[0];
  }

  getAll(name: string): string[] {
    return this.values.get(name.toLowerCase()) ?? [];
  }

  int(name: string): number | undefined {
    const raw = this.get(name);
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value))
      throw badRequest(`Query parameter ${name} must be an integer, got "${raw}".`);
    return value;
  }

  ints(name: string): number[] {
    return this.getAll(name).map((raw) => {
      const value = Number(raw);
      if (!Number.isInteger(value))
        throw badRequest(`Query parameter ${name} must be integers, got "${raw}".`);
      return value;
    });
  }

  bool(name: string): boolean | undefined {
    const raw = this.get(name)?.toLowerCase();
    if (raw === undefined || raw === '') return undefined;
    if (raw !== 'true' && raw !== 'false')
      throw badRequest(`Query parameter ${name} must be true or false, got "${raw}".`);
    return raw === 'true';
  }
}
