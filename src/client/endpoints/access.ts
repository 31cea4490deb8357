import { checkAccessCreated, checkAccessList } from '../answers/schemas.js';
import { endpointGroup } from '../endpoint.js';
import { AccessRejectedError } from '../errors.js';
import type { Transport } from '../transport.js';
import type {
  AccessCopyResult,
  AccessCreate,
  AccessCreated,
  AccessDetails,
  AccessListQuery,
  AccessUpdate,
  Principal,
} from '../types.js';

const access = endpointGroup('/my/device/{deviceId}/access', {
  errorContext: 'access',
  resource: 'The device access',
});

const LIST = { ...access('GET', '', 'DeviceShare.Read'), answer: checkAccessList };
const CREATE = {
  ...access('POST', '', 'DeviceShare.ReadWrite'),
  answer: checkAccessCreated,
  bareAnswer: true,
};
const UPDATE = access('PUT', '/{accessId}', 'DeviceShare.ReadWrite');
const DELETE = access('DELETE', '/{accessId}', 'DeviceShare.ReadWrite');
const COPY = { ...access('POST', '/{accessId}/copy-to', 'DeviceShare.ReadWrite'), bareAnswer: true };

export function accessEndpoints(transport: Transport) {
  return {
    listAccess: (deviceId: number, query: AccessListQuery = {}) =>
      transport.call<AccessDetails[]>(LIST, {
        params: { deviceId },
        query: {
          'Filters.PrincipalId': query.principalId,
          'Filters.PrincipalType': query.principalType,
          'Filters.Text': query.text,
        },
      }),
    /** Grants access; throws ACCESS_REJECTED with the validation code (1000-1010) when Tedee refuses it. */
    async createAccess(deviceId: number, access: AccessCreate): Promise<AccessCreated> {
      const created = await transport.call<AccessCreated>(CREATE, { params: { deviceId }, body: access });
      if (created.success === false && created.error) {
        throw new AccessRejectedError(created.error.code, created.error.message, {
          endpoint: 'POST /my/device/{deviceId}/access',
        });
      }
      return created;
    },
    updateAccess: (deviceId: number, accessId: string, update: AccessUpdate) =>
      transport.call<void>(UPDATE, { params: { deviceId, accessId }, body: update }),
    deleteAccess: (deviceId: number, accessId: string) =>
      transport.call<void>(DELETE, { params: { deviceId, accessId } }),
    /** Copies one access to other principals; each principal's result carries its own success or error. */
    copyAccess: (deviceId: number, accessId: string, principals: Principal[]) =>
      transport.call<AccessCopyResult>(COPY, { params: { deviceId, accessId }, body: { principals } }),
  };
}
