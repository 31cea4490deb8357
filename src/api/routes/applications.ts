/**
 * Applications and their access keys, for owners (applications.manage). A key's secret is in the answer that
 * created it and nowhere else; that answer is marked `Cache-Control: no-store`.
 */
import { ApiError } from '../errors.js';
import type { ApiRoute } from '../route.js';
import { listOf } from '../route.js';
import { ACCESS_KEY_CHANGES, ACCESS_KEY_INPUT, APPLICATION_CHANGES, APPLICATION_INPUT } from '../schemas.js';

const APP = '/api/v1/applications/{id}';
const NOT_FOUND = { description: 'No such application or key', schema: 'Error' };
const base = { tag: 'applications', right: 'applications.manage' } as const;

export const applicationRoutes: ApiRoute[] = [
  {
    ...base,
    method: 'GET',
    path: '/api/v1/applications',
    operationId: 'listApplications',
    summary: 'The applications',
    responses: { 200: { description: 'The applications', schema: listOf('applications', 'Application') } },
    handler: ({ deps }) => ({ body: { applications: deps.apps.listApplications() } }),
  },
  {
    ...base,
    method: 'POST',
    path: '/api/v1/applications',
    operationId: 'addApplication',
    summary:
      'Adds an application: a unique name, a group that gives its rights, optionally limited to some locks',
    body: APPLICATION_INPUT,
    bodyName: 'ApplicationInput',
    bodyCode: 'APP_INVALID',
    responses: {
      201: { description: 'The application', schema: 'Application' },
      409: { description: 'APP_NAME_TAKEN', schema: 'Error' },
    },
    handler: ({ deps, body }) => {
      const application = deps.apps.addApplication(body);
      return { status: 201, body: application, created: application.id };
    },
  },
  {
    ...base,
    method: 'GET',
    path: APP,
    operationId: 'getApplication',
    summary: 'One application, by id or name',
    responses: { 200: { description: 'The application', schema: 'Application' }, 404: NOT_FOUND },
    handler: ({ deps, params }) => ({ body: deps.apps.getApplication(params.id!) }),
  },
  {
    ...base,
    method: 'PATCH',
    path: APP,
    operationId: 'updateApplication',
    summary: 'Changes name, description, group or locks',
    body: APPLICATION_CHANGES,
    bodyName: 'ApplicationChanges',
    bodyCode: 'APP_INVALID',
    responses: { 200: { description: 'The application', schema: 'Application' }, 404: NOT_FOUND },
    handler: ({ deps, params, body }) => ({ body: deps.apps.updateApplication(params.id!, body) }),
  },
  {
    ...base,
    method: 'DELETE',
    path: APP,
    operationId: 'deleteApplication',
    summary: 'Deletes the application and every one of its access keys',
    responses: {
      200: {
        description: 'How many keys went with it',
        schema: { type: 'object', properties: { removedKeys: { type: 'integer' } } },
      },
      404: NOT_FOUND,
    },
    handler: ({ deps, params }) => ({ body: deps.apps.removeApplication(params.id!) }),
  },
  {
    ...base,
    method: 'GET',
    path: `${APP}/access-keys`,
    operationId: 'listAccessKeys',
    summary: "The application's access keys (prefix only, never the secret)",
    responses: {
      200: { description: 'The keys', schema: listOf('accessKeys', 'AccessKey') },
      404: NOT_FOUND,
    },
    handler: ({ deps, params }) => {
      const application = deps.apps.getApplication(params.id!);
      return { body: { accessKeys: deps.apps.listAccessKeys(application.id) } };
    },
  },
  {
    ...base,
    method: 'POST',
    path: `${APP}/access-keys`,
    operationId: 'addAccessKey',
    summary: 'Creates an access key (at most two per application); the answer holds the full key, once',
    body: ACCESS_KEY_INPUT,
    bodyName: 'AccessKeyInput',
    bodyCode: 'APP_INVALID',
    responses: {
      201: { description: 'The key, with `key` shown this once', schema: 'AccessKey' },
      404: NOT_FOUND,
      409: { description: 'ACCESS_KEY_LIMIT, ACCESS_KEY_NAME_TAKEN', schema: 'Error' },
    },
    handler: ({ deps, params, body, reply }) => {
      reply.header('cache-control', 'no-store');
      const key = deps.apps.addAccessKey(params.id!, body);
      return { status: 201, body: key, created: key.id };
    },
  },
  {
    ...base,
    method: 'DELETE',
    path: `${APP}/access-keys`,
    operationId: 'deleteAccessKeys',
    summary: 'Deletes every access key of the application',
    responses: {
      200: {
        description: 'How many went',
        schema: { type: 'object', properties: { removed: { type: 'integer' } } },
      },
      404: NOT_FOUND,
    },
    handler: ({ deps, params }) => ({ body: { removed: deps.apps.removeAccessKeys(params.id!) } }),
  },
  {
    ...base,
    method: 'PATCH',
    path: `${APP}/access-keys/{keyId}`,
    operationId: 'updateAccessKey',
    summary: 'Deactivates or reactivates a key, or gives it a new expiry (null: none)',
    body: ACCESS_KEY_CHANGES,
    bodyName: 'AccessKeyChanges',
    bodyCode: 'APP_INVALID',
    responses: { 200: { description: 'The key', schema: 'AccessKey' }, 404: NOT_FOUND },
    handler: ({ deps, params, body }) => ({
      body: deps.apps.updateAccessKey(params.id!, params.keyId!, body),
    }),
  },
  {
    ...base,
    method: 'DELETE',
    path: `${APP}/access-keys/{keyId}`,
    operationId: 'deleteAccessKey',
    summary: 'Deletes one access key',
    responses: { 204: { description: 'Deleted' }, 404: NOT_FOUND },
    handler: ({ deps, params }) => {
      if (deps.apps.removeAccessKeys(params.id!, [params.keyId!]) === 0)
        throw new ApiError(404, 'ACCESS_KEY_NOT_FOUND', `No access key ${params.keyId} in this application.`);
      return { status: 204 };
    },
  },
];
