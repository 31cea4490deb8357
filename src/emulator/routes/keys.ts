import { asObject, text } from '../http/body.js';
import type { ApiRoute } from '../http/context.js';

const READ = ['Account.Read', 'Account.ReadWrite'] as const;
const WRITE = ['Account.ReadWrite'] as const;

function keyInput(body: unknown) {
  const fields = asObject(body);
  return { name: text(fields, 'name'), validTo: text(fields, 'validTo'), scopes: fields.scopes as string[] };
}

export const keyRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/my/personalaccesskey',
    scopes: READ,
    handle: ({ world }) => ({ status: 200, result: world.keys.list() }),
  },
  {
    method: 'POST',
    path: '/my/personalaccesskey',
    scopes: WRITE,
    handle: ({ world, body }) => {
      const { record, key } = world.keys.create(keyInput(body));
      return { status: 201, result: { id: record.id, key } };
    },
  },
  {
    method: 'PUT',
    path: '/my/personalaccesskey/{id}',
    scopes: WRITE,
    handle: ({ world, params, body }) => {
      world.keys.update(params.id!, keyInput(body));
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    path: '/my/personalaccesskey/{id}',
    scopes: WRITE,
    handle: ({ world, params }) => {
      world.keys.delete(params.id!);
      return { status: 204 };
    },
  },
];
