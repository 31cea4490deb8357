import type { PersonalAccessKey } from '../client/types.js';
import { SCOPES } from '../client/types.js';
import type { Clock } from '../util/clock.js';
import { ApiError, badRequest, notFound } from './http/apiError.js';
import type { SeededRandom } from './random.js';

const FIVE_YEARS_MS = 5 * 365.25 * 24 * 3_600_000;

export interface KeyRecord {
  id: string;
  name: string;
  prefix: string;
  secret: string;
  scopes: Set<string>;
  validTo: number;
  deleted: boolean;
}

export interface NewKey {
  name?: string;
  scopes?: string[];
  /** ISO date; defaults to one year ahead. */
  validTo?: string;
}

function checkScopes(scopes: unknown): Set<string> {
  if (!Array.isArray(scopes)) throw badRequest('scopes must be a list of scope names');
  const unknown = scopes.filter((scope) => !(SCOPES as readonly unknown[]).includes(scope));
  if (unknown.length > 0)
    throw badRequest(`Unknown scopes: ${unknown.join(', ')}. Allowed: ${SCOPES.join(', ')}`);
  return new Set(scopes as string[]);
}

/** The account's Personal Access Keys: issued once, listed by prefix, refused once expired or deleted. */
export class KeyStore {
  private readonly keys = new Map<string, KeyRecord>();

  constructor(
    private readonly clock: Clock,
    private readonly random: SeededRandom,
  ) {}

  /** Creates a key and returns it whole: the only time the secret is shown. */
  create(input: NewKey): { record: KeyRecord; key: string } {
    const scopes = checkScopes(input.scopes ?? [...SCOPES]);
    const validTo = this.validTo(input.validTo);
    const record: KeyRecord = {
      id: this.random.uuid(),
      name: input.name ?? 'Emulator key',
      prefix: this.random.token(6),
      secret: this.random.token(43),
      scopes,
      validTo,
      deleted: false,
    };
    this.keys.set(record.id, record);
    return { record, key: `${record.prefix}.${record.secret}` };
  }

  private validTo(input: string | undefined): number {
    if (input === undefined) return this.clock.now() + 365 * 24 * 3_600_000;
    const validTo = Date.parse(input);
    if (!Number.isFinite(validTo)) throw badRequest('validTo must be an ISO date');
    if (validTo > this.clock.now() + FIVE_YEARS_MS) throw badRequest('validTo may be at most 5 years ahead');
    return validTo;
  }

  /** The key named by an `Authorization: PersonalKey <key>` header, or a 401. */
  authenticate(header: string | undefined): KeyRecord {
    const match = /^PersonalKey\s+(\S+)$/i.exec(header?.trim() ?? '');
    if (!match)
      throw new ApiError(401, 'Missing or malformed Authorization header; expected "PersonalKey <key>".');
    const token = match[1]!;
    const dot = token.indexOf('.');
    const [prefix, secret] = dot < 0 ? [token, ''] : [token.slice(0, dot), token.slice(dot + 1)];
    const record = [...this.keys.values()].find((key) => key.prefix === prefix && key.secret === secret);
    if (!record) throw new ApiError(401, 'Unknown personal access key.');
    if (record.deleted) throw new ApiError(401, 'The personal access key was revoked.');
    if (record.validTo <= this.clock.now()) throw new ApiError(401, 'The personal access key has expired.');
    return record;
  }

  list(): PersonalAccessKey[] {
    return [...this.keys.values()]
      .filter((key) => !key.deleted)
      .map((key) => ({
        id: key.id,
        name: key.name,
        prefix: key.prefix,
        scopes: [...key.scopes],
        validTo: new Date(key.validTo).toISOString(),
      }));
  }

  update(id: string, input: NewKey): void {
    const record = this.find(id);
    if (input.scopes) record.scopes = checkScopes(input.scopes);
    if (input.name !== undefined) record.name = input.name;
    if (input.validTo !== undefined) record.validTo = this.validTo(input.validTo);
  }

  delete(id: string): void {
    this.find(id).deleted = true;
  }

  private find(id: string): KeyRecord {
    const record = this.keys.get(id);
    if (!record || record.deleted) throw notFound(`Personal access key ${id} not found.`);
    return record;
  }
}
