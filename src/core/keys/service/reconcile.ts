/**
 * Reconcile: the store against the cloud, per object of every live key. A PIN deleted in the Tedee app
 * (missing), a PIN whose code or window was changed there (changed), a PIN the cloud removed after the key
 * ended (expired), an app invitation accepted (accepted: recorded, nothing to repair), an access or link
 * deleted (missing). With `repair`, missing objects are written again and changed ones set back; expired
 * ones are not re-created (the key is over) and are recorded `removed`, so that they are read only once.
 * PINs with our tag that the store does not hold are orphans (orphans.ts), deleted by repair. Each read
 * costs a request of the background budget.
 *
 * A key with writes under way, or whose daylight-saving rewrite is due, is skipped: its windows are the
 * rewrite's to set, and the cloud holds the previous offset's fields until it ran (docs/keys.md "Reconcile").
 * A key being reconciled is marked busy, so that its rewrite waits for the repair instead of meeting it at the
 * door. A repair that meets a transient answer (409: the door is busy with another write) reads again and tries
 * once more; still failing, the drift is reported as not repaired yet, for the next reconcile.
 */
import { isTransient, toHubError } from '../../cloud/account.js';
import type { UtcWindow } from '../../cloud/account.js';
import type { DoorCredential, Key } from '../model.js';
import type { DriftReport } from './api.js';
import { cloud, pinAlias, whileBusy } from './deps.js';
import type { ServiceDeps } from './deps.js';
import { DST_TIMER, emitChanged } from './finish.js';
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

/** How a repair ended: written, found set right meanwhile, or a note for the report's detail. */
type RepairOutcome = { done: 'repaired' | 'gone' } | { note: string };

/** Repairs the object; a changed one that meets a transient failure is read again and tried once more. */
async function repairWithRetry(
  deps: ServiceDeps,
  key: Key,
  object: DoorCredential,
  finding: NonNullable<Finding>,
  window: UtcWindow,
): Promise<RepairOutcome> {
  try {
    await repairObject(deps, key, object, finding, window);
    return { done: 'repaired' };
  } catch (first) {
    const error = toHubError(first);
    // A missing object's create is not read again here: its id is gone, and the next reconcile looks for it.
    if (!isTransient(error) || finding.drift !== 'changed')
      return { note: `repair failed: ${error.message}` };
  }
  const again = await inspectObject(deps, key, object, window);
  if (!again) return { done: 'gone' };
  try {
    await repairObject(deps, key, object, again, window);
    return { done: 'repaired' };
  } catch (second) {
    const error = toHubError(second);
    if (!isTransient(error)) return { note: `repair failed: ${error.message}` };
    return {
      note: `not repaired yet (${error.code}: the door did not take the write); the next reconcile tries again`,
    };
  }
}

/** True when the key's windows belong to a write under way or a daylight-saving rewrite that is due. */
function rewriteOwnsWindows(deps: ServiceDeps, key: Key, at: number): boolean {
  if (deps.busy.has(key.id)) return true;
  return deps.store
    .listTimers(key.id)
    .some((timer) => timer.kind === DST_TIMER && Date.parse(timer.dueAt) <= at);
}

async function reconcileKey(deps: ServiceDeps, key: Key, repair: boolean): Promise<DriftReport[]> {
  const at = deps.context.clock.now();
  const status = liveStatus(key, at);
  const reports: DriftReport[] = [];
  // The fields the store wrote for the offset in force now: no rewrite is due, so the compile at `at` gives them.
  const window = currentWindow(deps, key, at);
  let repaired = false;
  let recorded = false;
  for (const object of key.objects) {
    if (object.status !== 'set' || object.cloudId === undefined) continue;
    let finding = await inspectObject(deps, key, object, window);
    if (!finding) continue;
    if (status === 'expired' && finding.drift === 'missing') {
      finding = {
        drift: 'expired',
        detail: `${finding.detail} (the key ended; the cloud removes expired PINs)`,
      };
      // Recorded, as an accepted invitation is: the store keeps ended keys for years, and every later
      // reconcile would read the object again, a request each, to report the same thing.
      object.status = 'removed';
      recorded = true;
    }
    const report: DriftReport = {
      keyId: key.id,
      lockId: object.lockId,
      person: { name: key.persons[object.person]?.name ?? '' },
      kind: object.kind,
      ...finding,
      repaired: false,
    };
    if (finding.drift === 'accepted') repaired = true; // recorded on the key: nothing to write
    if (repair && (finding.drift === 'missing' || finding.drift === 'changed')) {
      const outcome = await repairWithRetry(deps, key, object, finding, window);
      if ('note' in outcome) report.detail += `; ${outcome.note}`;
      else if (outcome.done === 'gone')
        continue; // set right meanwhile: no drift to report
      else {
        report.repaired = true;
        repaired = true;
      }
    }
    reports.push(report);
  }
  if (repaired || recorded) deps.store.saveKey(key);
  if (repaired) emitChanged(deps, key, 'repaired');
  return reports;
}

export async function reconcileKeys(
  deps: ServiceDeps,
  options: { repair?: boolean; keyId?: string } = {},
): Promise<DriftReport[]> {
  const keys = options.keyId
    ? [deps.store.getKey(options.keyId)].filter((k): k is Key => k !== undefined)
    : deps.store.listKeys({ status: ['active', 'scheduled', 'expired'] });
  const reports: DriftReport[] = [];
  for (const listed of keys) {
    const status = liveStatus(listed, deps.context.clock.now());
    if (status === 'revoked' || status === 'failed' || status === 'pending') continue;
    if (rewriteOwnsWindows(deps, listed, deps.context.clock.now())) continue;
    // Read again: the key may have been rewritten while earlier keys were reconciled.
    const key = deps.store.getKey(listed.id);
    if (!key) continue;
    reports.push(...(await whileBusy(deps, key.id, () => reconcileKey(deps, key, options.repair ?? false))));
  }
  if (!options.keyId)
    reports.push(...(await findOrphans(deps, deps.store.listKeys(), options.repair ?? false)));
  return reports;
}
