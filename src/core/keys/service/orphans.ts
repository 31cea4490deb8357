/**
 * Orphans: PINs in the cloud that carry one of our keys' alias tags (` #<last 6 of the key id>`) but are not
 * an object the store records for that key and door (a write the journal could not settle, a key rolled back
 * while its door was unreachable). Only tags of keys in the store count, so a PIN someone named "#abc123"
 * by hand is never touched. Repair deletes them. One PIN list read per door of the store's keys.
 */
import { toHubError } from '../../cloud/account.js';
import type { Key } from '../model.js';
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
      if (!key || busy.has(aliasTag(key.id))) continue;
      const known = key.objects.some(
        (o) =>
          o.kind === 'doorcode' &&
          o.lockId === lockId &&
          o.status !== 'removed' &&
          o.status !== 'failed' &&
          String(o.cloudId) === String(pin.id),
      );
      if (known) continue;
      const report: DriftReport = {
        keyId: key.id,
        lockId,
        kind: 'doorcode',
        drift: 'orphan',
        repaired: false,
        detail: `PIN ${pin.id} carries key ${key.id}'s tag but the store does not hold it`,
      };
      if (repair) {
        try {
          await cloud(deps, (a) => a.pins.remove(lockId, pin.id));
          report.repaired = true;
        } catch (error) {
          report.detail += `; delete failed: ${toHubError(error).message}`;
        }
      }
      reports.push(report);
    }
  }
  return reports;
}
