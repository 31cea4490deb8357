/** Profiles: reusable permission sets of the key service. */
import type { ApiRoute } from '../route.js';
import { listOf } from '../route.js';
import { PROFILE_SCHEMA } from '../schemas.js';
import { issuerRole } from '../rights.js';

export const profileRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/api/v1/profiles',
    operationId: 'listProfiles',
    summary: 'The profiles',
    tag: 'profiles',
    right: 'profiles.read',
    responses: { 200: { description: 'The profiles', schema: listOf('profiles', 'Profile') } },
    handler: ({ deps }) => ({ body: { profiles: deps.keys().profiles.list() } }),
  },
  {
    method: 'POST',
    path: '/api/v1/profiles',
    operationId: 'addProfile',
    summary: 'Adds a profile (access level, remote access, weekdays, hours, time zone)',
    tag: 'profiles',
    right: 'profiles.write',
    body: PROFILE_SCHEMA,
    bodyName: 'Profile',
    bodyCode: 'PROFILE_INVALID',
    responses: { 201: { description: 'The profile', schema: 'Profile' } },
    handler: ({ deps, caller, body }) => ({
      status: 201,
      body: deps.keys().profiles.add(body, {
        issuer: `app:${caller.application.name}`,
        role: issuerRole(caller.application),
      }),
    }),
  },
];
