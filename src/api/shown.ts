/**
 * How the API shows a key: doorcodes masked by the key service unless revealed, and a smart key's magic link
 * (which opens the door like a code) hidden the same way.
 */
import type { Key } from '../core/index.js';

const HIDDEN_LINK = '••••';

export function shownKey(key: Key, reveal: boolean): Key {
  if (reveal) return key;
  return {
    ...key,
    persons: key.persons.map((person) =>
      person.link === undefined ? person : { ...person, link: HIDDEN_LINK },
    ),
  };
}
