/**
 * Orphans: PINs and access links in the cloud that carry one of our keys' alias tags (` #<last 6 of the key
 * id>`) but are not an object the store records for that key (and door) (a write the journal could not settle,
 * a key rolled back while its door was unreachable). Only tags of keys in the store count, so a PIN or link
 * someone named "#abc123" by hand is never touched. Repair deletes them. One PIN list read per door of the
 * store's keys, and one link list read when a stored key has a smart key.
 */
import { toHubError } from '../../cloud/account.js';
import type { DoorCredential, Key } from '../model.js';
import type { DriftReport } from './api.js';
import { aliasTag, cloud } from './deps.js';
import type { ServiceDeps } from './deps.js';

export async function findOrphans(
  deps: ServiceDeps,
  keys: readonly Key[],
  repair: boolean,
): Promise<DriftReport[]> {
  const byTag = new Map(keys.map((key) => [aliasTag(key.id), key]));
  const busy = new Set([...deps.busy].map(aliasTag));
  const lockIds = [...new Set(keys.flatMap((key) => key.doors))];
  const reports: DriftReport[] = [];
  for (const lockId of lockIds) {
    let pins;
    try {
      const list = await cloud(deps, (a) => a.pins.list(lockId));
      if (!list.changed) continue;
      pins = list.pins;
    } catch {
      continue; // an offline door is looked at next time
    }
    for (const pin of pins) {
      const key = byTag.get(pin.alias.split(' ').at(-1) ?? '');
      if (!key || busy.has(aliasTag(key.id)) || holds(key, 'doorcode', pin.id, lockId)) continue;
      reports.push(
        await orphan(key, lockId, 'doorcode', `PIN ${pin.id}`, repair, () =>
          cloud(deps, (a) => a.pins.remove(lockId, pin.id)),
        ),
      );
    }
  }
  reports.push(...(await findOrphanLinks(deps, keys, byTag, busy, repair)));
  return reports;
}

/** Whether the store holds the cloud object for the key (and door): not removed, not failed. */
function holds(key: Key, kind: DoorCredential['kind'], cloudId: string | number, lockId?: number): boolean {
  return key.objects.some(
    (o) =>
      o.kind === kind &&
      (lockId === undefined || o.lockId === lockId) &&
      o.status !== 'removed' &&
      o.status !== 'failed' &&
      String(o.cloudId) === String(cloudId),
  );
}

async function orphan(
  key: Key,
  lockId: number,
  kind: DoorCredential['kind'],
  what: string,
  repair: boolean,
  remove: () => Promise<unknown>,
): Promise<DriftReport> {
  const report: DriftReport = {
    keyId: key.id,
    lockId,
    kind,
    drift: 'orphan',
    repaired: false,
    detail: `${what} carries key ${key.id}'s tag but the store does not hold it`,
  };
  if (repair) {
    try {
      await remove();
      report.repaired = true;
    } catch (error) {
      report.detail += `; delete failed: ${toHubError(error).message}`;
    }
  }
  return report;
}

/** Access links named with a stored key's tag that the key does not hold (a create whose answer was lost). */
async function findOrphanLinks(
  deps: ServiceDeps,
  keys: readonly Key[],
  byTag: Map<string, Key>,
  busy: Set<string>,
  repair: boolean,
): Promise<DriftReport[]> {
  if (!keys.some((key) => key.objects.some((o) => o.kind === 'smartkey'))) return [];
  let organizationId: number;
  let links;
  try {
    organizationId = await cloud(deps, (a) => a.organization.organizationId());
    links = await cloud(deps, (a) => a.links.list(organizationId));
  } catch {
    return []; // looked at next time
  }
  const reports: DriftReport[] = [];
  for (const link of links) {
    const key = byTag.get(link.name.split(' ').at(-1) ?? '');
    if (!key || busy.has(aliasTag(key.id)) || holds(key, 'smartkey', link.id)) continue;
    reports.push(
      await orphan(key, link.lockIds[0] ?? key.doors[0]!, 'smartkey', `Access link ${link.id}`, repair, () =>
        cloud(deps, (a) => a.links.remove(organizationId, link.id)),
      ),
    );
  }
  return reports;
}
