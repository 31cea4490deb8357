/**
 * Errors of the key domain. One error model for the hub: a KeyError is a HubError (so every front end that
 * prints a HubError's code, and every `catch (e instanceof HubError)`, handles it), with a key code from the
 * list below and, where they apply, the door, the credential and the reason (docs/keys.md).
 */
import { HubError } from '../errors.js';
import type { HubErrorCode, HubErrorDetails } from '../errors.js';
import type { CredentialKind } from './model.js';

/** The stable codes of the key domain (docs/keys.md lists what each means). */
export type KeyErrorCode =
  | 'KEY_REQUEST_INVALID'
  | 'UNSUPPORTED_CREDENTIAL'
  | 'ROLE_FORBIDDEN'
  | 'NO_ORGANIZATION'
  | 'PIN_DUPLICATE'
  | 'PIN_INVALID'
  | 'PIN_LIMIT'
  | 'CODE_SPACE_EXHAUSTED'
  | 'PROFILE_INVALID'
  | 'KEY_NOT_FOUND'
  | 'PROFILE_NOT_FOUND'
  | 'UNKNOWN_DOOR'
  | 'SCHEDULE_INVALID'
  | 'SCHEDULE_INEXPRESSIBLE'
  | 'KEY_DEADLINE'
  | 'KEY_STATE';

export const KEY_ERROR_CODES: readonly KeyErrorCode[] = [
  'KEY_REQUEST_INVALID',
  'UNSUPPORTED_CREDENTIAL',
  'ROLE_FORBIDDEN',
  'NO_ORGANIZATION',
  'PIN_DUPLICATE',
  'PIN_INVALID',
  'PIN_LIMIT',
  'CODE_SPACE_EXHAUSTED',
  'PROFILE_INVALID',
  'KEY_NOT_FOUND',
  'PROFILE_NOT_FOUND',
  'UNKNOWN_DOOR',
  'SCHEDULE_INVALID',
  'SCHEDULE_INEXPRESSIBLE',
  'KEY_DEADLINE',
  'KEY_STATE',
];

/** A door as an error names it: the lock id always, its name when known. */
export interface ErrorDoor {
  lockId: number;
  name?: string;
}

export interface KeyErrorDetails extends HubErrorDetails {
  door?: ErrorDoor;
  credential?: CredentialKind;
  /** Why, in the cloud's or the rule's words. */
  reason?: string;
  /** Every problem found, as "path: message" (request validation). */
  problems?: string[];
}

export class KeyError extends HubError {
  /** A key code, or the cloud's (SCOPE_MISSING, ACCESS_REJECTED, ...) when a write failed for a door. */
  declare readonly code: HubErrorCode;
  readonly door?: ErrorDoor;
  readonly credential?: CredentialKind;
  readonly reason?: string;
  readonly problems: string[];

  constructor(code: HubErrorCode, message: string, details: KeyErrorDetails = {}) {
    super(code, message, details);
    this.name = 'KeyError';
    this.door = details.door;
    this.credential = details.credential;
    this.reason = details.reason;
    this.problems = details.problems ?? [];
  }
}

/** "Front Door (102)" or "door 102": how messages name a door. */
export function describeDoor(door: ErrorDoor): string {
  return door.name ? `${door.name} (${door.lockId})` : `door ${door.lockId}`;
}
