/** The key service's `keyChanged` event: the key as it is now, doorcodes masked. */
import type { KeyChange } from '../../hub/events.js';
import { maskKeyDoorcodes } from '../masking.js';
import type { Key } from '../model.js';
import type { ServiceDeps } from './deps.js';

export function emitChanged(deps: ServiceDeps, key: Key, change: KeyChange): void {
  deps.context.bus.emit('keyChanged', { key: maskKeyDoorcodes(key), change });
}
