/** The doorcodes the hub knows are on a lock: those of its other live keys (the cloud lists PINs without codes). */
import type { Key } from '../model.js';
import type { ServiceDeps } from './deps.js';

export function otherCodesOn(deps: ServiceDeps, key: Pick<Key, 'id'>, lockId: number): string[] {
  return deps.store
    .listKeys({ door: lockId, status: ['pending', 'active', 'scheduled'] })
    .filter((other) => other.id !== key.id)
    .flatMap((other) => other.persons.map((person) => person.doorcode ?? ''))
    .filter(Boolean);
}
