/** The key store's records besides keys and profiles (model.ts): journal entries, timers, deliveries. */
import type { DoorCredential, KeyStatus } from './model.js';

export type JournalAction = 'create' | 'delete' | 'update';
export type JournalState = 'intended' | 'done' | 'undone';

/** One cloud write, recorded before it is sent (issue 10 "Issuing, never half-done"). */
export interface JournalEntry {
  id: number;
  keyId: string;
  /** The door; absent for a write that concerns no single door (a smart key's access link). */
  lockId?: number;
  kind: DoorCredential['kind'];
  /** Index into Key.persons. */
  person?: number;
  action: JournalAction;
  /** The cloud object's id once known (after a create answers, or the object a delete/update targets). */
  cloudId?: string | number;
  state: JournalState;
  /** Whatever recovery needs to redo or undo the write (never a plain doorcode). */
  detail?: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export type JournalIntent = Pick<
  JournalEntry,
  'keyId' | 'lockId' | 'kind' | 'person' | 'action' | 'cloudId' | 'detail'
>;

/** A persistent timer (a daylight-saving recompile, an expiry, a retry deadline). One per key and kind. */
export interface StoredTimer {
  keyId: string;
  kind: string;
  /** ISO time. */
  dueAt: string;
  detail?: Record<string, unknown>;
}

export type DeliveryState = 'pending' | 'sent' | 'failed';

export interface StoredDelivery {
  id: number;
  keyId: string;
  person: number;
  /** 'event', 'smtp', 'webhook'. */
  channel: string;
  state: DeliveryState;
  attempts: number;
  /** ISO time of the next try while pending. */
  nextRetryAt?: string;
  lastError?: string;
  createdAt: string;
  updatedAt: string;
}

/** The outcome of one delivery attempt: sent, or failed with a next try (or none: given up). */
export type DeliveryAttempt = { ok: true } | { ok: false; error: string; nextRetryAt?: string };

export interface KeyFilter {
  status?: KeyStatus | KeyStatus[];
  /** A lock id. */
  door?: number;
  /** Part of a person's name, email or phone (case-insensitive). */
  person?: string;
  /** Part of the key's name, notes or a person (case-insensitive). */
  text?: string;
  profile?: string;
}
