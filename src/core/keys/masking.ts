/**
 * Doorcodes are secrets: masked (••••13) in logs, events (except a delivery), outputs and errors; shown
 * only in a delivery or when the caller asks to reveal them (--reveal).
 */
import type { CredentialsRequest, Key, KeyRequest } from './model.js';

const MASK = '••••';
/** Digits kept visible: enough for a person to tell two codes apart, too few to open a door. */
const VISIBLE_DIGITS = 2;

/** '482913' -> '••••13'. A code too short to keep anything hidden is masked whole. */
export function maskDoorcode(code: string): string {
  if (code.length <= VISIBLE_DIGITS + 2) return MASK;
  return `${MASK}${code.slice(-VISIBLE_DIGITS)}`;
}

function maskCredentials(credentials: CredentialsRequest | undefined): CredentialsRequest | undefined {
  const doorcode = credentials?.doorcode;
  if (typeof doorcode !== 'object' || doorcode.code === undefined) return credentials;
  return { ...credentials, doorcode: { ...doorcode, code: maskDoorcode(doorcode.code) } };
}

/**
 * A copy of the key with every doorcode masked (the person's code and a requested code), unless `reveal`.
 * The key itself is not changed. (Named apart from util/secrets' maskKey, which masks the PAK.)
 */
export function maskKeyDoorcodes(key: Key, options: { reveal?: boolean } = {}): Key {
  const copy = structuredClone(key);
  if (options.reveal) return copy;
  for (const person of copy.persons) {
    if (person.doorcode !== undefined) person.doorcode = maskDoorcode(person.doorcode);
    person.credentials = maskCredentials(person.credentials) ?? person.credentials;
  }
  return copy;
}

/** A copy of a key request with every requested doorcode masked (for logs and events of a request). */
export function maskKeyRequestDoorcodes(request: KeyRequest): KeyRequest {
  const copy = structuredClone(request);
  if (copy.credentials) copy.credentials = maskCredentials(copy.credentials);
  for (const person of copy.persons) {
    if (person.credentials) person.credentials = maskCredentials(person.credentials);
  }
  return copy;
}

/**
 * Masks every code of `codes` wherever it appears in a text (a log line, an error message, a cloud answer
 * quoted back), for text built before it reached the masking.
 */
export function maskDoorcodesIn(text: string, codes: readonly string[]): string {
  return codes
    .filter((code) => code.length > 0)
    .sort((a, b) => b.length - a.length)
    .reduce((masked, code) => masked.split(code).join(maskDoorcode(code)), text);
}
