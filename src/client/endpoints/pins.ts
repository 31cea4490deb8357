import { checkCreatedPin, checkPin, checkPinList } from '../answers/schemas.js';
import { endpointGroup } from '../endpoint.js';
import type { Transport } from '../transport.js';
import { NOT_MODIFIED } from '../transport.js';
import type { Pin, PinInput, PinList, PinListResult } from '../types.js';

const pin = endpointGroup('/my/lock/{id}/pin', { errorContext: 'pin', resource: 'The PIN' });

const LIST = { ...pin('GET', '', 'Device.Read'), notModified: true, answer: checkPinList };
const GET = { ...pin('GET', '/{pinId}', 'Device.Read'), answer: checkPin };
const CREATE = { ...pin('POST', '', 'Device.ReadWrite'), answer: checkCreatedPin };
const UPDATE = pin('PUT', '/{pinId}', 'Device.ReadWrite');
const DELETE = pin('DELETE', '/{pinId}', 'Device.ReadWrite');

export function pinEndpoints(transport: Transport) {
  return {
    /** The PIN list (ids and aliases). With the last `listVersion` seen, `notModified` when nothing changed. */
    async listPins(lockId: number, listVersion?: number): Promise<PinListResult> {
      const answer = await transport.call<PinList | typeof NOT_MODIFIED>(LIST, {
        params: { id: lockId },
        query: { listVersion },
      });
      if (answer === NOT_MODIFIED) return { notModified: true, listVersion: listVersion ?? 0 };
      return { notModified: false, ...answer };
    },
    /** One PIN with its code: the only call that returns the code. */
    getPin: (lockId: number, pinId: number) => transport.call<Pin>(GET, { params: { id: lockId, pinId } }),
    createPin: (lockId: number, input: PinInput) =>
      transport.call<{ id: number }>(CREATE, { params: { id: lockId }, body: input }),
    /** Replaces the whole PIN: send every field, or the time window is cleared. */
    updatePin: (lockId: number, pinId: number, input: PinInput) =>
      transport.call<void>(UPDATE, { params: { id: lockId, pinId }, body: input }),
    deletePin: (lockId: number, pinId: number) =>
      transport.call<void>(DELETE, { params: { id: lockId, pinId } }),
  };
}
