/**
 * Reconcile: the store against the cloud, per object of every live key. A PIN deleted in the Tedee app
 * (missing), a PIN whose code or window was changed there (changed), a PIN the cloud removed after the key
 * ended (expired), an app invitation accepted (accepted: recorded, nothing to repair), an access or link
 * deleted (missing). With `repair`, missing objects are written again and changed ones set back; expired
 * ones are not re-created (the key is over). PINs with our tag that the store does not hold are orphans
 * (orphans.ts), deleted by repair. Each read costs a request of the background budget.
 */
import { toHubError } from '../../cloud/account.js';
import type { UtcWindow } from '../../cloud/account.js';
import type { DoorCredential, Key } from '../model.js';
import type { DriftReport } from './api.js';
import { cloud, pinAlias } from './deps.js';
import type { ServiceDeps } from './deps.js';
import { emitChanged } from './finish.js';
import { findOrphans } from './orphans.js';
import { createObject, updateObject } from './objects.js';
import { liveStatus } from './status.js';
import { currentWindow } from './write.js';

const FIELDS = ['startDate', 'endDate', 'dayStartTime', 'dayEndTime', 'weekDays'] as const;

function sameWindow(a: UtcWindow, b: UtcWindow): boolean {
  const norm = (v: unknown) =>
    typeof v === 'string' && /T/.test(v) ? new Date(v).toISOString() : (v ?? null);
  return FIELDS.every((field) => norm(a[field]) === norm(b[field]));
}

type Finding = Pick<DriftReport, 'drift' | 'detail'> | undefined;

async function inspectObject(
  deps: ServiceDeps,
  key: Key,
  object: DoorCredential,
  window: UtcWindow,
): Promise<Finding> {
  const id = object.cloudId!;
  try {
    if (object.kind === 'doorcode') {
      const pin = await cloud(deps, (a) => a.pins.get(object.lockId, Number(id)));
      const code = key.persons[object.person]?.doorcode;
      if (pin.code !== code || pin.alias !== pinAlias(key, object.person))
        return { drift: 'changed', detail: `PIN ${id}: its code or name was changed in the Tedee app` };
      if (!sameWindow(pin.window, window))
        return { drift: 'changed', detail: `PIN ${id}: its window was changed in the Tedee app` };
      return undefined;
    }
    if (object.kind === 'appkey') {
      const email = key.persons[object.person]?.email ?? '';
      const found = (await cloud(deps, (a) => a.access.list(object.lockId, email))).find((x) => x.id === id);
      if (!found) return { drift: 'missing', detail: `access ${id} for ${email} is gone` };
      if (object.pending && !found.pending) {
        object.pending = false;
        return { drift: 'accepted', detail: `${email} accepted the invitation` };
      }
      return undefined;
    }
    await cloud(deps, async (a) => a.links.get(await a.organization.organizationId(), String(id)));
    return undefined;
  } catch (caught) {
    const error = toHubError(caught);
    if (error.code !== 'NOT_FOUND') throw error;
    return { drift: 'missing', detail: `${object.kind} ${id} is not in the cloud any more` };
  }
}

async function repairObject(
  deps: ServiceDeps,
  key: Key,
  object: DoorCredential,
  finding: NonNullable<Finding>,
  window: UtcWindow,
) {
  if (finding.drift === 'changed') await updateObject(deps, key, object, window);
  else if (finding.drift === 'missing') {
    object.cloudId = undefined;
    await createObject(deps, key, object, window, false);
  }
}

export async function reconcileKeys(
  deps: ServiceDeps,
  options: { repair?: boolean; keyId?: string } = {},
): Promise<DriftReport[]> {
  const now = deps.context.clock.now();
  const keys = options.keyId
    ? [deps.store.getKey(options.keyId)].filter((k): k is Key => k !== undefined)
    : deps.store.listKeys({ status: ['active', 'scheduled', 'expired'] });
  const reports: DriftReport[] = [];
  for (const key of keys) {
    const status = liveStatus(key, now);
    if (status === 'revoked' || status === 'failed' || status === 'pending') continue;
    const window = currentWindow(deps, key);
    let repaired = false;
    for (const object of key.objects) {
      if (object.status !== 'set' || object.cloudId === undefined) continue;
      let finding = await inspectObject(deps, key, object, window);
      if (!finding) continue;
      if (status === 'expired' && finding.drift === 'missing')
        finding = {
          drift: 'expired',
          detail: `${finding.detail} (the key ended; the cloud removes expired PINs)`,
        };
      const report: DriftReport = {
        keyId: key.id,
        lockId: object.lockId,
        person: { name: key.persons[object.person]?.name ?? '' },
        kind: object.kind,
        ...finding,
        repaired: false,
      };
      if (finding.drift === 'accepted') repaired = true; // recorded on the key: nothing to write
      if (options.repair && (finding.drift === 'missing' || finding.drift === 'changed')) {
        try {
          await repairObject(deps, key, object, finding, window);
          report.repaired = true;
          repaired = true;
        } catch (error) {
          report.detail += `; repair failed: ${toHubError(error).message}`;
        }
      }
      reports.push(report);
    }
    if (repaired) {
      deps.store.saveKey(key);
      emitChanged(deps, key, 'repaired');
    }
  }
  if (!options.keyId)
    reports.push(...(await findOrphans(deps, deps.store.listKeys(), options.repair ?? false)));
  return reports;
}
