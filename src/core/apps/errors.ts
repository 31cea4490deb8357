/**
 * Errors of applications and access keys (issue 12). An AppError is a HubError, so every front end that prints
 * a HubError's code handles it; a validation error also names the field (`field`), which the HTTP API returns.
 */
import { HubError } from '../errors.js';

/** The stable codes of applications and access keys (docs/api.md lists what each means). */
export type AppErrorCode =
  | 'APP_INVALID'
  | 'APP_NAME_TAKEN'
  | 'APP_NOT_FOUND'
  | 'ACCESS_KEY_LIMIT'
  | 'ACCESS_KEY_NAME_TAKEN'
  | 'ACCESS_KEY_NOT_FOUND';

export const APP_ERROR_CODES: readonly AppErrorCode[] = [
  'APP_INVALID',
  'APP_NAME_TAKEN',
  'APP_NOT_FOUND',
  'ACCESS_KEY_LIMIT',
  'ACCESS_KEY_NAME_TAKEN',
  'ACCESS_KEY_NOT_FOUND',
];

export class AppError extends HubError {
  declare readonly code: AppErrorCode;
  /** The input field at fault (`name`, `group`, `locks[1]`, `expiresAt`, ...), for APP_INVALID and the *_TAKEN codes. */
  readonly field?: string;

  constructor(code: AppErrorCode, message: string, details: { field?: string } = {}) {
    super(code, message);
    this.name = 'AppError';
    this.field = details.field;
  }
}

/** APP_INVALID for one field: "<field>: <what is wrong>". */
export function invalid(field: string, problem: string): AppError {
  return new AppError('APP_INVALID', `${field}: ${problem}`, { field });
}
