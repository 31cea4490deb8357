/**
 * A lock's activity log (GET /my/deviceactivity, scope DeviceActivity.Read) as domain entries. The log carries
 * no PIN id: the cloud writes the PIN's alias as the entry's user name, and the access link's name for a link,
 * so both come from the entry itself at no extra request (docs/hub.md "Activity feed").
 */
import type { Activity, TedeeClient } from '../../client/index.js';
import { activityTimeMs } from '../../client/index.js';
import type { ActivityEntry } from '../activity/types.js';
import { activityEventType } from './activityEvents.js';
import { translated } from './translate.js';

export class ActivityCalls {
  constructor(private readonly client: TedeeClient) {}

  /** The newest `count` entries (one request), oldest first. */
  newest(lockId: number, count: number): Promise<ActivityEntry[]> {
    return translated(async () =>
      toEntries(await this.client.listActivity({ deviceId: lockId, elements: count })),
    );
  }

  /** Every entry dated after `sinceMs`, oldest first: one request unless more than a page is that new. */
  since(lockId: number, sinceMs: number): Promise<ActivityEntry[]> {
    return translated(async () =>
      toEntries(await this.client.listActivitySince(lockId, new Date(sinceMs).toISOString())),
    );
  }
}

function toEntries(page: Activity[]): ActivityEntry[] {
  return page.map(toEntry).sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id - b.id);
}

export function toEntry(wire: Activity): ActivityEntry {
  const type = activityEventType(wire.event);
  const author = (wire.userName ?? wire.username ?? '').trim() || undefined;
  const entry: ActivityEntry = {
    id: wire.id,
    lockId: wire.deviceId,
    at: new Date(activityTimeMs(wire.date)).toISOString(),
    event: type.name,
    action: type.action,
    method: type.method,
  };
  if (author === undefined) return entry;
  if (type.method === 'keypad') return { ...entry, pinAlias: author };
  if (type.method === 'link') return { ...entry, linkName: author };
  return { ...entry, user: { name: author } };
}
