/**
 * A failed key command as one line: the code, the door and the credential when the error names them, and the
 * reason, e.g. `PIN_DUPLICATE: Front Door (101), doorcode: the code exists on that lock`. Requested codes
 * are masked in it (the service masks its own; the CLI does not rely on that).
 */
import { HubError } from '../../core/errors.js';
import { describeDoor, KeyError } from '../../core/keys/errors.js';
import { maskDoorcodesIn } from '../../core/keys/masking.js';
import { StoreError } from '../../core/keys/storeErrors.js';
import { errorMessage } from '../../util/errors.js';

export function describeKeyError(error: unknown, codes: readonly string[] = []): string {
  if (error instanceof StoreError)
    return maskDoorcodesIn(`${error.code}: ${error.message.replace(/\.$/, '')}`, codes);
  if (!(error instanceof HubError)) return maskDoorcodesIn(errorMessage(error), codes);
  const message = error.message.replace(/\.$/, '');
  let where = '';
  if (error instanceof KeyError) {
    const parts = [];
    if (error.door && !message.includes(String(error.door.lockId))) parts.push(describeDoor(error.door));
    if (error.credential && !message.includes(error.credential)) parts.push(error.credential);
    if (parts.length > 0) where = `${parts.join(', ')}: `;
    const reason = error.reason && !message.includes(error.reason) ? ` (${error.reason})` : '';
    return maskDoorcodesIn(`${error.code}: ${where}${message}${reason}`, codes);
  }
  return maskDoorcodesIn(`${error.code}: ${message}`, codes);
}
