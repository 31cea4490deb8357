/**
 * The rights of each application group (issue 12): one table, read by the HTTP API's routes (each names the right
 * it needs; a 403 names the one missing) and written out in docs/api.md "Rights". Changing a row here changes
 * who may do what, so the doc and test/unit/core/apps/rights.test.ts change with it.
 */
import type { AppGroup, AppRight } from './api.js';

const READ: readonly AppRight[] = ['locks.read', 'keys.read', 'profiles.read', 'events.read'];
const OPERATE: readonly AppRight[] = [...READ, 'locks.operate'];
/**
 * Issuing groups also see doorcodes in clear (`keys.reveal`): whoever may issue a key may choose its code
 * (policy `strict`), so hiding codes from them protects nothing, and a booking system must hand the code it
 * issued to the guest. Groups that cannot issue never see a code.
 */
const ISSUE: readonly AppRight[] = [...OPERATE, 'keys.write', 'keys.reveal', 'profiles.write'];

const RIGHTS: Readonly<Record<AppGroup, readonly AppRight[]>> = {
  owner: [...ISSUE, 'applications.manage', 'audit.read'],
  'general-manager': ISSUE,
  team: ISSUE,
  installer: OPERATE,
  housekeeping: OPERATE,
  viewer: READ,
};

/** Every right of `group`, in a stable order. */
export function rightsOf(group: AppGroup): AppRight[] {
  return [...RIGHTS[group]];
}

export function hasRight(group: AppGroup, right: AppRight): boolean {
  return RIGHTS[group].includes(right);
}
