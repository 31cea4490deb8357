import type { Priority } from '../budget.js';
import { checkOperationAccepted, checkOperationStatus } from '../answers/schemas.js';
import { endpoint } from '../endpoint.js';
import type { Transport } from '../transport.js';
import type { OperationAccepted, OperationStatus, UnlockModeValue } from '../types.js';

const operation = (name: string, retry: 'unsent-only' | 'never') =>
  endpoint({
    method: 'POST',
    path: `/my/lock/{id}/operation/${name}`,
    scope: 'Lock.Operate',
    resource: 'The lock',
    command: true,
    retry,
    answer: checkOperationAccepted,
  });

const LOCK = operation('lock', 'unsent-only');
const UNLOCK = operation('unlock', 'unsent-only');
// A pull that is sent twice opens the door twice: it is never retried, not even when the answer is lost.
const PULL = operation('pull', 'never');
const OPERATION_STATUS = endpoint({
  method: 'GET',
  path: '/my/device/operation/{operationId}',
  scope: 'Device.Read',
  resource: 'The operation',
  command: true,
  answer: checkOperationStatus,
});

export function operationEndpoints(transport: Transport) {
  return {
    lock: (id: number) => transport.call<OperationAccepted>(LOCK, { params: { id } }),
    /** Unlock; `mode` 0 default, 2 force, 3 without auto pull, 4 unlock or pull. */
    unlock: (id: number, mode?: UnlockModeValue) =>
      transport.call<OperationAccepted>(UNLOCK, { params: { id }, query: { mode } }),
    /** Pull spring (open the door). Sent at most once. */
    pull: (id: number) => transport.call<OperationAccepted>(PULL, { params: { id } }),
    getOperation: (operationId: string, priority?: Priority) =>
      transport.call<OperationStatus>(OPERATION_STATUS, { params: { operationId }, priority }),
  };
}
