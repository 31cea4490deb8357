/**
 * Which credentials each person of a key gets, with the defaults filled in: a person's own `credentials`
 * replace the key's; with none named anywhere, a smart key (as the Tedee Portal does).
 */
import type { CredentialKind, CredentialsRequest, DoorcodeRequest, KeyRequest } from './model.js';

/** Tedee has no API for these; they are refused, never dropped (UNSUPPORTED_CREDENTIAL). */
export const UNSUPPORTED_CREDENTIALS = [
  'keycard',
  'fingerprint',
] as const satisfies readonly CredentialKind[];

export const DEFAULT_DOORCODE_LENGTH = 6;

/** Whether a credentials block asks for anything at all (`false` entries ask for nothing). */
export function namesAnyCredential(credentials: CredentialsRequest | undefined): boolean {
  return Object.values(credentials ?? {}).some((value) => value !== false && value !== undefined);
}

/** The credentials person `index` gets: their own, else the key's, else a smart key. */
export function credentialsFor(request: KeyRequest, index: number): CredentialsRequest {
  const own = request.persons[index]?.credentials;
  if (own !== undefined) return namesAnyCredential(own) ? own : { smartkey: true };
  return namesAnyCredential(request.credentials) ? request.credentials! : { smartkey: true };
}

/**
 * A doorcode request with its policy decided: `random` unless a code is given, in which case `preferred`
 * (someone who names a code wants that code; docs/keys.md). Undefined when no doorcode is asked for.
 */
export function doorcodeRequestOf(credentials: CredentialsRequest): DoorcodeRequest | undefined {
  const doorcode = credentials.doorcode;
  if (doorcode === undefined || doorcode === false) return undefined;
  const asked = doorcode === true ? {} : doorcode;
  const policy = asked.policy ?? (asked.code === undefined ? 'random' : 'preferred');
  return { ...asked, policy };
}
