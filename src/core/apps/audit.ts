/**
 * The audit log of the hub's API (issue 12): time, application, key prefix, operation, target, outcome and code
 * of each call, kept in the store. Only the prefix of an access key is ever written: a whole key that a caller
 * puts in an entry by mistake is cut down to its prefix here.
 */
import type { AppTables, AuditRow } from '../keys/storeApps.js';
import type { AuditEntry, AuditFilter } from './api.js';
import { invalid } from './errors.js';
import { checkTime } from './validate.js';

const OUTCOMES: readonly AuditEntry['outcome'][] = ['ok', 'refused', 'failed'];
/** What `list` returns when no limit is given, and the most it returns. */
export const AUDIT_DEFAULT_LIMIT = 1000;
export const AUDIT_MAX_LIMIT = 10_000;
const MAX_TEXT = 200;
const WHOLE_KEY = /tdk_([a-z2-7]{8})[a-z2-7]*_[a-z2-7]+/g;

/** A text field as stored: at most MAX_TEXT characters, any whole access key reduced to its prefix. */
function stored(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  return value.replace(WHOLE_KEY, '$1').slice(0, MAX_TEXT);
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    at: new Date(row.at).toISOString(),
    ...(row.application !== null && { application: row.application }),
    ...(row.keyPrefix !== null && { keyPrefix: row.keyPrefix }),
    operation: row.operation,
    ...(row.target !== null && { target: row.target }),
    outcome: row.outcome as AuditEntry['outcome'],
    ...(row.code !== null && { code: row.code }),
  };
}

export function auditLog(
  tables: AppTables,
  now: () => number,
): {
  write(entry: Omit<AuditEntry, 'at'> & { at?: string }): void;
  list(filter?: AuditFilter): AuditEntry[];
} {
  return {
    write(entry) {
      if (typeof entry.operation !== 'string' || entry.operation === '')
        throw invalid('operation', 'must name the operation, e.g. "keys.create"');
      if (!OUTCOMES.includes(entry.outcome))
        throw invalid('outcome', `must be one of ${OUTCOMES.join(', ')}`);
      const at = entry.at === undefined ? now() : Date.parse(checkTime(entry.at, 'at'));
      tables.insertAudit({
        at,
        application: stored(entry.application),
        keyPrefix: stored(entry.keyPrefix)?.slice(0, 8) ?? null,
        operation: stored(entry.operation)!,
        target: stored(entry.target),
        outcome: entry.outcome,
        code: stored(entry.code),
      });
    },
    list(filter = {}) {
      const limit = filter.limit ?? AUDIT_DEFAULT_LIMIT;
      if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_MAX_LIMIT)
        throw invalid('limit', `must be a whole number from 1 to ${AUDIT_MAX_LIMIT}`);
      const since = filter.since === undefined ? undefined : Date.parse(checkTime(filter.since, 'since'));
      return tables.listAudit({ since, application: filter.application, limit }).map(toEntry);
    },
  };
}
