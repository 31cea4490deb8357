/**
 * `GET /api/v1/me`: who calls and what its group may do, so that a client (the Keys page) offers only what the
 * caller may do. Its right is `locks.read`, which every group has: any valid key may ask. Nothing secret in it:
 * the access key by its prefix only.
 */
import { rightsOf } from '../../core/index.js';
import type { ApiRoute } from '../route.js';

const ME = {
  type: 'object',
  properties: {
    application: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        group: { type: 'string' },
        locks: { type: 'array', items: { type: 'string' }, description: 'Absent: every lock' },
      },
    },
    accessKey: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        prefix: { type: 'string' },
        expiresAt: { type: ['string', 'null'] },
      },
    },
    rights: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const meRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/api/v1/me',
    operationId: 'me',
    summary:
      "The caller: its application (name, group, locks), its access key's prefix and expiry, the group's rights",
    tag: 'system',
    right: 'locks.read',
    responses: { 200: { description: 'The caller', schema: ME } },
    handler: ({ caller: { application, accessKey } }) => ({
      body: {
        application: {
          id: application.id,
          name: application.name,
          group: application.group,
          ...(application.locks ? { locks: application.locks } : {}),
        },
        accessKey: {
          id: accessKey.id,
          name: accessKey.name,
          prefix: accessKey.prefix,
          expiresAt: accessKey.expiresAt,
        },
        rights: rightsOf(application.group),
      },
    }),
  },
];
