/** Rows of the journal, timers and deliveries tables as the store's records (storeTypes.ts), and SQL value helpers. */
import type { DoorCredential } from './model.js';
import type {
  DeliveryState,
  JournalAction,
  JournalEntry,
  JournalState,
  StoredDelivery,
  StoredTimer,
} from './storeTypes.js';

/** A row as node:sqlite returns it. */
export type Row = Record<string, string | number | bigint | null | Uint8Array>;

export function toJournalEntry(row: Row): JournalEntry {
  return {
    id: Number(row.id),
    keyId: String(row.key_id),
    ...(row.lock_id !== null && { lockId: Number(row.lock_id) }),
    kind: String(row.kind) as DoorCredential['kind'],
    ...(row.person !== null && { person: Number(row.person) }),
    action: String(row.action) as JournalAction,
    ...(row.cloud_id !== null && { cloudId: JSON.parse(String(row.cloud_id)) as string | number }),
    state: String(row.state) as JournalState,
    ...(row.detail !== null && { detail: JSON.parse(String(row.detail)) as Record<string, unknown> }),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

export function toTimer(row: Row): StoredTimer {
  return {
    keyId: String(row.key_id),
    kind: String(row.kind),
    dueAt: new Date(Number(row.due_at)).toISOString(),
    ...(row.detail !== null && { detail: JSON.parse(String(row.detail)) as Record<string, unknown> }),
  };
}

export function toDelivery(row: Row): StoredDelivery {
  return {
    id: Number(row.id),
    keyId: String(row.key_id),
    person: Number(row.person),
    channel: String(row.channel),
    state: String(row.state) as DeliveryState,
    attempts: Number(row.attempts),
    ...(row.next_retry_at !== null && { nextRetryAt: new Date(Number(row.next_retry_at)).toISOString() }),
    ...(row.last_error !== null && { lastError: String(row.last_error) }),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}
/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped (ESCAPE '\\'). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

export function epochMs(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new TypeError(`${field} must be an ISO date-time, got ${JSON.stringify(iso)}`);
  return ms;
}
