import { badRequest, notFound } from '../http/apiError.js';
import { asObject, optionalText, text } from '../http/body.js';
import type { ApiContext, ApiRoute } from '../http/context.js';
import type { AccessLinkRecord } from '../records.js';
import type { World } from '../world.js';

const LINK_READ = ['AccessLink.Read', 'AccessLink.ReadWrite'] as const;
const LINK_WRITE = ['AccessLink.ReadWrite'] as const;

function organization(context: ApiContext) {
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

function createLink(context: ApiContext) {
  const org = organization(context);
  const fields = asObject(context.body);
  const name = text(fields, 'name');
  const deviceIds = fields.deviceIds;
  if (!Array.isArray(deviceIds) || deviceIds.length === 0 || !deviceIds.every((id) => Number.isInteger(id))) {
    throw badRequest('deviceIds must be a non-empty list of device ids.');
  }
  const outside = (deviceIds as number[]).filter(
    (id) => context.world.locks.get(id)?.organizationId !== org.id,
  );
  if (outside.length > 0) throw badRequest(`Devices ${outside.join(', ')} are not in the organization.`);
  const repeatEvent =
    fields.repeatEvent === undefined || fields.repeatEvent === null
      ? null
      : asObject(fields.repeatEvent, 'repeatEvent');
  const id = context.world.random.uuid();
  const record: AccessLinkRecord = {
    id,
    organizationId: org.id,
    name,
    description: optionalText(fields, 'description'),
    deviceIds: deviceIds as number[],
    repeatEvent,
    url: `${context.baseUrl}/link/${context.world.random.token(48)}`,
  };
  context.world.accessLinks.set(id, record);
  return { status: 201, result: { id, url: record.url } };
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
    method: 'DELETE',
    path: '/organization/{organizationId}/accesslink/{accessLinkId}',
    scopes: LINK_WRITE,
    handle: (context) => {
      context.world.accessLinks.delete(link(context).id);
      return { status: 204 };
    },
  },
];
