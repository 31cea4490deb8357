import type { AccessCreated, AccessDetails } from '../../client/types.js';
import type { Grant, PrincipalInput } from '../accessRules.js';
import { AccessRejection, ownerEntry, prepareAccess, readGrant } from '../accessRules.js';
import { badRequest, forbidden, notFound } from '../http/apiError.js';
import { asObject } from '../http/body.js';
import type { ApiContext, ApiRoute } from '../http/context.js';
import type { AccessRecord, LockRecord } from '../records.js';

const READ = ['DeviceShare.Read', 'DeviceShare.ReadWrite'] as const;
const WRITE = ['DeviceShare.ReadWrite'] as const;

function managedLock(context: ApiContext): LockRecord {
  const lock = context.world.lock(context.params.deviceId!);
  if (lock.accessLevel < 1) throw forbidden('Only the owner or an admin may manage access to this device.');
  return lock;
}

function toDetails(access: AccessRecord): AccessDetails {
  return { ...access };
}

function created(access: AccessRecord): AccessCreated {
  return {
    id: access.id,
    principalType: access.principalType,
    principalId: access.principalId,
    userEmail: access.userEmail,
    displayName: access.principalName,
    success: true,
    error: null,
  };
}

function rejected(principal: PrincipalInput, rejection: AccessRejection): AccessCreated {
  return {
    id: '',
    principalType: principal.principalType,
    principalId: typeof principal.principalId === 'string' ? principal.principalId : null,
    userEmail: typeof principal.userEmail === 'string' ? principal.userEmail : null,
    displayName: null,
    success: false,
    error: { code: rejection.code, message: rejection.message },
  };
}

interface Prepared {
  outcome: AccessCreated;
  /** The access to store; none when it was rejected. */
  access?: AccessRecord;
}

function tryPrepare(
  context: ApiContext,
  lock: LockRecord,
  principal: PrincipalInput,
  grant: () => Grant,
  pending: AccessRecord[] = [],
): Prepared {
  try {
    const access = prepareAccess(context.world, lock, principal, grant(), pending);
    return { outcome: created(access), access };
  } catch (error) {
    if (error instanceof AccessRejection) return { outcome: rejected(principal, error) };
    throw error;
  }
}

/**
 * An access change travels to a reachable lock (device latency, 408 / 409 on request); for a lock that is
 * offline the cloud keeps it at once and the lock gets it when it is back.
 */
async function toLock(context: ApiContext, lock: LockRecord, apply: () => void): Promise<void> {
  if (context.world.isConnected(lock) !== true) apply();
  else await context.device.write(lock, apply, false);
}

function principalOf(fields: Record<string, unknown>): PrincipalInput {
  return {
    principalType: Number(fields.principalType),
    userEmail: fields.userEmail,
    principalId: fields.principalId,
  };
}

function findAccess(context: ApiContext, lock: LockRecord): { list: AccessRecord[]; access: AccessRecord } {
  if (context.params.accessId === ownerEntry(context.world, lock).id)
    throw forbidden("The owner's access cannot be changed.");
  const list = context.world.accessList(lock.id);
  const access = list.find((candidate) => candidate.id === context.params.accessId);
  if (!access) throw notFound(`Access ${context.params.accessId} not found.`);
  return { list, access };
}

export const accessRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/my/device/{deviceId}/access',
    scopes: READ,
    handle: (context) => {
      const lock = context.world.lock(context.params.deviceId!);
      const { query } = context;
      const text = query.get('Filters.Text')?.toLowerCase();
      const principalType = query.int('Filters.PrincipalType');
      const principalId = query.get('Filters.PrincipalId');
      const all = [
        ownerEntry(context.world, lock),
        ...(lock.accessLevel >= 1 ? context.world.accessList(lock.id) : []),
      ];
      const result = all.filter(
        (access) =>
          (principalType === undefined || access.principalType === principalType) &&
          (principalId === undefined || access.principalId === principalId) &&
          (!text || `${access.principalName ?? ''} ${access.userEmail ?? ''}`.toLowerCase().includes(text)),
      );
      return { status: 200, result: result.map(toDetails) };
    },
  },
  {
    method: 'POST',
    path: '/my/device/{deviceId}/access',
    scopes: WRITE,
    handle: async (context) => {
      const lock = managedLock(context);
      const fields = asObject(context.body);
      const { outcome, access } = tryPrepare(context, lock, principalOf(fields), () =>
        readGrant(fields, lock),
      );
      if (!access) throw badRequest(outcome.error!.message, outcome);
      await toLock(context, lock, () => context.world.accessList(lock.id).push(access));
      return { status: 201, result: outcome };
    },
  },
  {
    method: 'PUT',
    path: '/my/device/{deviceId}/access/{accessId}',
    scopes: WRITE,
    handle: async (context) => {
      const lock = managedLock(context);
      const { access } = findAccess(context, lock);
      let grant: Grant;
      try {
        grant = readGrant(asObject(context.body), lock);
      } catch (error) {
        if (error instanceof AccessRejection)
          throw badRequest(error.message, { error: { code: error.code, message: error.message } });
        throw error;
      }
      await toLock(context, lock, () => Object.assign(access, grant));
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    path: '/my/device/{deviceId}/access/{accessId}',
    scopes: WRITE,
    handle: async (context) => {
      const lock = managedLock(context);
      const { list, access } = findAccess(context, lock);
      await toLock(context, lock, () => {
        if (list.includes(access)) list.splice(list.indexOf(access), 1);
      });
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    path: '/my/device/{deviceId}/access/{accessId}/copy-to',
    scopes: WRITE,
    handle: async (context) => {
      const lock = managedLock(context);
      const { access } = findAccess(context, lock);
      const principals = asObject(context.body).principals;
      if (!Array.isArray(principals) || principals.length === 0)
        throw badRequest('principals must be a non-empty list.');
      const { accessLevel, remoteAccessDisabled, startDate, endDate, dayStartTime, dayEndTime, weekDays } =
        access;
      const grant: Grant = {
        accessLevel,
        remoteAccessDisabled,
        startDate,
        endDate,
        dayStartTime,
        dayEndTime,
        weekDays,
      };
      const accepted: AccessRecord[] = [];
      const results = principals.map((principal) => {
        const prepared = tryPrepare(
          context,
          lock,
          principalOf(asObject(principal, 'Each principal')),
          () => grant,
          accepted,
        );
        if (prepared.access) accepted.push(prepared.access);
        return prepared.outcome;
      });
      if (accepted.length > 0)
        await toLock(context, lock, () => context.world.accessList(lock.id).push(...accepted));
      return { status: 201, result: { principals: results } };
    },
  },
];
