/**
 * Between a Key and its row: doorcodes and magic links leave the JSON document and are sealed together in the
 * `secrets` column, bound to the key id, so the document column never holds a plain credential.
 */
import type { Key, Person } from './model.js';
import type { SecretBox } from './secretBox.js';
import { corrupt } from './storeErrors.js';

/** A person's credentials that open a door by themselves. */
interface PersonSecrets {
  doorcode?: string;
  link?: string;
  /** The code a preferred or strict request asked for (credentials.doorcode.code). */
  requestedCode?: string;
}

export interface KeyRow {
  id: string;
  request_id: string | null;
  status: string;
  name: string;
  updated_at: string;
  document: string;
  secrets: string | null;
}

export function keyToRow(key: Key, box: SecretBox): KeyRow {
  const secrets: Record<number, PersonSecrets> = {};
  const persons = key.persons.map((person, index): Person => {
    const { doorcode, link, ...rest } = person;
    const requested = person.credentials.doorcode;
    const requestedCode = typeof requested === 'object' ? requested.code : undefined;
    if (doorcode !== undefined || link !== undefined || requestedCode !== undefined) {
      secrets[index] = { doorcode, link, requestedCode };
    }
    if (typeof requested === 'object' && requestedCode !== undefined) {
      const { code: _sealed, ...policy } = requested;
      return { ...rest, credentials: { ...rest.credentials, doorcode: policy } };
    }
    return rest;
  });
  const hasSecrets = Object.keys(secrets).length > 0;
  return {
    id: key.id,
    request_id: key.requestId ?? null,
    status: key.status,
    name: key.name,
    updated_at: key.updatedAt,
    document: JSON.stringify({ ...key, persons }),
    secrets: hasSecrets ? box.seal(JSON.stringify(secrets), secretContext(key.id)) : null,
  };
}

export function rowToKey(row: KeyRow, box: SecretBox, file: string): Key {
  let key: Key;
  try {
    key = JSON.parse(row.document) as Key;
  } catch (error) {
    throw corrupt(file, `the document of key ${row.id} is not JSON`, error);
  }
  if (row.secrets === null) return key;
  const secrets = JSON.parse(box.open(row.secrets, secretContext(row.id))) as Record<string, PersonSecrets>;
  key.persons = key.persons.map((person, index) => {
    const sealed = secrets[index];
    if (sealed === undefined) return person;
    const requested = person.credentials.doorcode;
    return {
      ...person,
      ...(sealed.doorcode !== undefined && { doorcode: sealed.doorcode }),
      ...(sealed.link !== undefined && { link: sealed.link }),
      ...(sealed.requestedCode !== undefined &&
        typeof requested === 'object' && {
          credentials: { ...person.credentials, doorcode: { ...requested, code: sealed.requestedCode } },
        }),
    };
  });
  return key;
}

function secretContext(keyId: string): string {
  return `key ${keyId}`;
}
