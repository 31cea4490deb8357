/**
 * The `tedee-events` node's settings, checked with messages that name the field: `locks` (serial numbers; an
 * array from the editor, or text separated by commas from a flow written by hand; empty: every lock) and
 * `interval` (seconds between reads of the activity log; empty: the hub's default).
 */
import { ACTIVITY_DEFAULTS } from '../core/index.js';

export interface EventsNodeConfig {
  id: string;
  name?: string;
  account?: string;
  locks?: string[] | string;
  interval?: string | number;
}

export type EventsSettings = { ok: true; locks: string[]; interval?: number } | { ok: false; error: string };

export function readEventsSettings(config: EventsNodeConfig): EventsSettings {
  const locks = readLocks(config.locks);
  if (locks === undefined)
    return { ok: false, error: 'locks: must be a list of serial numbers (or empty for every lock)' };
  const raw = typeof config.interval === 'string' ? config.interval.trim() : config.interval;
  if (raw === undefined || raw === '') return { ok: true, locks };
  const interval = Number(raw);
  if (!Number.isFinite(interval) || interval < ACTIVITY_DEFAULTS.minInterval)
    return {
      ok: false,
      error: `interval: ${JSON.stringify(raw)} is not a number of seconds of at least ${ACTIVITY_DEFAULTS.minInterval}; leave it empty for ${ACTIVITY_DEFAULTS.interval}`,
    };
  return { ok: true, locks, interval };
}

function readLocks(value: unknown): string[] | undefined {
  if (value === undefined || value === null || value === '') return [];
  const list = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string' || typeof item === 'number'))
    return undefined;
  return list.map((item) => String(item).trim()).filter((item) => item !== '');
}
