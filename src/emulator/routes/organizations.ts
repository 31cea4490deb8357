import { ApiError, badRequest, notFound } from '../http/apiError.js';
import type { Fields } from '../http/body.js';
import { asObject, optionalText, text, timeWindow, windowProblem } from '../http/body.js';
import type { ApiContext, ApiRoute } from '../http/context.js';
import type { AccessLinkRecord, RepeatEventRecord } from '../records.js';
import type { World } from '../world.js';

const LINK_READ = ['AccessLink.Read', 'AccessLink.ReadWrite'] as const;
const LINK_WRITE = ['AccessLink.ReadWrite'] as const;

export function organization(context: ApiContext) {
  const { world } = context;
  if (Number(context.params.organizationId) !== world.organization.id) {
    throw notFound(`Organization ${context.params.organizationId} not found.`);
  }
  return world.organization;
}

function link(context: ApiContext): AccessLinkRecord {
  organization(context);
  const found = context.world.accessLinks.get(context.params.accessLinkId!);
  if (!found) throw notFound(`Access link ${context.params.accessLinkId} not found.`);
  return found;
}

function devices(world: World, record: AccessLinkRecord) {
  return record.deviceIds.map((id, index) => {
    const lock = world.locks.get(id);
    return {
      id,
      name: lock?.name ?? `Device ${id}`,
      timeZone: lock?.timeZone ?? 'UTC',
      order: index + 1,
      deviceType: lock?.type ?? 2,
    };
  });
}

function toLink(world: World, record: AccessLinkRecord) {
  return {
    id: record.id,
    name: record.name,
    description: record.description,
    repeatEvent: record.repeatEvent,
    devices: devices(world, record),
  };
}

/** organizationaccesslink/create.rst and update.rst: at least one device, distinct, in the organization. */
function readDeviceIds(context: ApiContext, value: unknown, name: string): number[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((id) => Number.isInteger(id))) {
    throw badRequest(`${name} must be a non-empty list of device ids.`);
  }
  const ids = value as number[];
  if (new Set(ids).size !== ids.length) throw badRequest(`${name} must not name a device twice.`);
  const org = organization(context);
  const outside = ids.filter((id) => context.world.locks.get(id)?.organizationId !== org.id);
  if (outside.length > 0) throw badRequest(`Devices ${outside.join(', ')} are not in the organization.`);
  return ids;
}

const MAX_DESCRIPTION = 72;

function readDescription(fields: Fields): string | null {
  const description = optionalText(fields, 'description');
  if (description !== null && description.length > MAX_DESCRIPTION)
    throw badRequest(`description must be at most ${MAX_DESCRIPTION} characters.`);
  return description;
}

/** The link's schedule: the same five UTC fields as a PIN's, checked the same way; null is no schedule. */
function readRepeatEvent(value: unknown): RepeatEventRecord | null {
  if (value === undefined || value === null) return null;
  const fields = asObject(value, 'repeatEvent');
  try {
    const window = timeWindow(fields);
    const problem = windowProblem(window);
    if (problem) throw badRequest(problem);
    return window;
  } catch (error) {
    if (error instanceof ApiError) throw badRequest(`repeatEvent.${error.message}`);
    throw error;
  }
}

function createLink(context: ApiContext) {
  const org = organization(context);
  const fields = asObject(context.body);
  const name = text(fields, 'name');
  const deviceIds = readDeviceIds(context, fields.deviceIds, 'deviceIds');
  const repeatEvent = readRepeatEvent(fields.repeatEvent);
  const id = context.world.random.uuid();
  const record: AccessLinkRecord = {
    id,
    organizationId: org.id,
    name,
    description: readDescription(fields),
    deviceIds,
    repeatEvent,
    url: `${context.baseUrl}/link/${context.world.random.token(48)}`,
  };
  context.world.accessLinks.set(id, record);
  return { status: 201, result: { id, url: record.url } };
}

/**
 * Every field optional; a field left out keeps its value. The docs' table spells the devices `devicesIds`
 * while create and the notes say `deviceIds`: both are read (docs/emulator.md).
 */
function updateLink(context: ApiContext) {
  const record = link(context);
  const fields = asObject(context.body);
  const name = fields.name === undefined ? record.name : text(fields, 'name');
  const description = fields.description === undefined ? record.description : readDescription(fields);
  const devicesField = fields.deviceIds !== undefined ? 'deviceIds' : 'devicesIds';
  const deviceIds =
    fields[devicesField] === undefined
      ? record.deviceIds
      : readDeviceIds(context, fields[devicesField], devicesField);
  const repeatEvent =
    fields.repeatEvent === undefined ? record.repeatEvent : readRepeatEvent(fields.repeatEvent);
  Object.assign(record, { name, description, deviceIds, repeatEvent });
  return { status: 200, result: undefined };
}

/** The organization's locks, which createLink accepts (organizationaccesslink/get-assignable-devices.rst). */
function assignableDevices(context: ApiContext) {
  const org = organization(context);
  const { query } = context;
  const page = query.int('page') ?? 1;
  const itemsPerPage = query.int('itemsPerPage') ?? 100;
  if (page < 1) throw badRequest('page must be 1 or more.');
  if (itemsPerPage < 1 || itemsPerPage > 100) throw badRequest('itemsPerPage must be from 1 to 100.');
  const nameFilter = query.get('filters.DeviceName')?.toLowerCase();
  const idFilter = query.int('filters.DeviceId');
  const devices = [...context.world.locks.values()]
    .filter((lock) => lock.organizationId === org.id)
    .filter(
      (lock) =>
        (!nameFilter || lock.name.toLowerCase().includes(nameFilter)) &&
        (idFilter === undefined || lock.id === idFilter),
    )
    .slice((page - 1) * itemsPerPage, page * itemsPerPage)
    .map((lock) => ({
      deviceId: lock.id,
      name: lock.name,
      type: lock.type,
      timeZone: lock.timeZone,
      softwareVersions: [{ softwareType: 0, version: lock.firmware }],
    }));
  return { status: 200, result: { accessLinkDevices: devices, page, itemsPerPage } };
}

export const organizationRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/organization',
    scopes: ['Organization.Read', 'Organization.ReadWrite'],
    handle: ({ world }) => {
      const org = world.organization;
      const locks = [...world.locks.values()].filter((lock) => lock.organizationId === org.id);
      const bridges = new Set(locks.map((lock) => lock.bridgeId).filter((id) => id !== null));
      return {
        status: 200,
        result: {
          organizations: [
            {
              id: org.id,
              name: org.name,
              ownerName: world.owner.name,
              description: null,
              logo: null,
              color: '#2b6cb0',
              initials: org.name.slice(0, 2).toUpperCase(),
              slug: org.slug,
              bridgesCount: bridges.size,
              locksCount: locks.length,
              organizationRole: 1,
            },
          ],
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/organization/{organizationId}/accesslink',
    scopes: LINK_WRITE,
    handle: createLink,
  },
  {
    method: 'GET',
    path: '/organization/{organizationId}/accesslink',
    scopes: LINK_READ,
    handle: (context) => {
      const org = organization(context);
      const items = [...context.world.accessLinks.values()].filter(
        (record) => record.organizationId === org.id,
      );
      return {
        status: 200,
        result: {
          items: items.map((record) => toLink(context.world, record)),
          page: 1,
          itemsPerPage: items.length,
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/organization/{organizationId}/accesslink/{accessLinkId}',
    scopes: LINK_READ,
    handle: (context) => {
      const record = link(context);
      return {
        status: 200,
        result: { accessLink: toLink(context.world, record), accessLinkUrl: record.url },
      };
    },
  },
  {
    method: 'GET',
    path: '/organization/{organizationId}/accesslink/{accessLinkId}/url',
    scopes: LINK_READ,
    handle: (context) => ({ status: 200, result: { url: link(context).url } }),
  },
  {
    method: 'PATCH',
    path: '/organization/{organizationId}/accesslink/{accessLinkId}',
    scopes: LINK_WRITE,
    handle: updateLink,
  },
  {
    method: 'GET',
    path: '/organization/{organizationId}/accesslink/device/assignable',
    scopes: LINK_READ,
    handle: assignableDevices,
  },
  {
    method: 'DELETE',
    path: '/organization/{organizationId}/accesslink/{accessLinkId}',
    scopes: LINK_WRITE,
    handle: (context) => {
      context.world.accessLinks.delete(link(context).id);
      return { status: 204 };
    },
  },
];
