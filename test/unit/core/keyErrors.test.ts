/** The translation of key call errors: every validation code has a meaning, and transient is exactly 408/409/428/5xx-like. */
import { describe, expect, it } from 'vitest';
import { AccessRejectedError, TedeeError } from '../../../src/client/index.js';
import { ACCESS_VALIDATION_REASONS, isTransient, maskDoorcode } from '../../../src/core/cloud/account.js';
import { keyError } from '../../../src/core/cloud/keyErrors.js';
import { HubError } from '../../../src/core/errors.js';

describe('keyError', () => {
  it('gives each validation code 1000-1010 its meaning and keeps the code', () => {
    for (let code = 1000; code <= 1010; code++) {
      const error = keyError(new AccessRejectedError(code, 'raw', { status: 400 }), { action: 'Granting' });
      expect(error).toMatchObject({ code: 'ACCESS_REJECTED', validationCode: code, status: 400 });
      expect(error.message).toBe(
        `Granting: The Tedee cloud refused the access (${code}): ${ACCESS_VALIDATION_REASONS[code]}.`,
      );
    }
    expect(ACCESS_VALIDATION_REASONS[1001]).toContain('above your own');
  });

  it('renames 428 to LOCK_OFFLINE and masks the doorcode wherever the cloud repeats it', () => {
    const offline = keyError(new TedeeError('DEVICE_OFFLINE', 'gone', { status: 428 }), {
      action: 'Creating',
    });
    expect(offline).toMatchObject({ code: 'LOCK_OFFLINE', status: 428 });
    const echoed = new TedeeError('PIN_INVALID', 'PIN 12345 is a run; 12345 refused', { status: 400 });
    const masked = keyError(echoed, { action: 'Creating', code: '12345' });
    expect(masked.message).not.toContain('12345');
    expect(masked.message).toContain(maskDoorcode('12345'));
  });
});

describe('isTransient', () => {
  const hub = (code: HubError['code']) => new HubError(code, 'x');

  it('is true for a lock or cloud that was not ready, false for a request that was wrong', () => {
    for (const code of [
      'LOCK_OFFLINE',
      'DEVICE_TIMEOUT',
      'DEVICE_BUSY',
      'SERVER_ERROR',
      'NETWORK',
      'TIMEOUT',
      'RATE_LIMITED',
      'BUDGET_EXHAUSTED',
    ] as const)
      expect(isTransient(hub(code)), code).toBe(true);
    for (const code of [
      'PIN_INVALID',
      'PIN_DUPLICATE',
      'PIN_LIMIT',
      'SCOPE_MISSING',
      'ACCESS_REJECTED',
      'NOT_FOUND',
      'BAD_REQUEST',
      'AUTH_INVALID',
      'INVALID_RESPONSE',
      'NO_ORGANIZATION',
    ] as const)
      expect(isTransient(hub(code)), code).toBe(false);
    expect(isTransient(new Error('DEVICE_BUSY'))).toBe(false);
  });
});

describe('maskDoorcode', () => {
  it('shows the last two digits only', () => {
    expect(maskDoorcode('482956')).toBe('••••56');
    expect(maskDoorcode('12345')).toBe('•••45');
  });
});
