import { checkPersonalAccessKeyList } from '../answers/schemas.js';
import { endpoint } from '../endpoint.js';
import type { Transport } from '../transport.js';
import type { PersonalAccessKey, PersonalAccessKeyCreated, PersonalAccessKeyInput } from '../types.js';

const LIST = endpoint({
  method: 'GET',
  path: '/my/personalaccesskey',
  scope: 'Account.Read',
  answer: checkPersonalAccessKeyList,
});
const CREATE = endpoint({ method: 'POST', path: '/my/personalaccesskey', scope: 'Account.ReadWrite' });
const UPDATE = endpoint({
  method: 'PUT',
  path: '/my/personalaccesskey/{id}',
  scope: 'Account.ReadWrite',
  resource: 'The key',
});
const DELETE = endpoint({
  method: 'DELETE',
  path: '/my/personalaccesskey/{id}',
  scope: 'Account.ReadWrite',
  resource: 'The key',
});

export function personalAccessKeyEndpoints(transport: Transport) {
  return {
    /** The account's keys, each shown by its prefix only. */
    listPersonalAccessKeys: () => transport.call<PersonalAccessKey[]>(LIST),
    /** Creates a key; the answer holds the whole key, which cannot be read again. */
    createPersonalAccessKey: (input: PersonalAccessKeyInput) =>
      transport.call<PersonalAccessKeyCreated>(CREATE, { body: input }),
    updatePersonalAccessKey: (id: string, input: PersonalAccessKeyInput) =>
      transport.call<void>(UPDATE, { params: { id }, body: input }),
    /** Revokes a key: later calls with it get AUTH_INVALID. */
    deletePersonalAccessKey: (id: string) => transport.call<void>(DELETE, { params: { id } }),
  };
}
