import { describe, expect, it } from 'vitest';
import { validateKeyUpdate } from '../../../../src/core/keys/validateKeyUpdate.js';

describe('validateKeyUpdate', () => {
  it('keeps the changed fields, null clearing an optional one', () => {
    expect(validateKeyUpdate({ id: 'k1', until: '2026-12-24T10:00', notes: null })).toEqual({
      ok: true,
      update: { until: '2026-12-24T10:00', notes: null },
    });
  });

  it('names a field that an update does not take', () => {
    const result = validateKeyUpdate({ credentials: { doorcode: true } });
    expect(result).toMatchObject({ ok: false, code: 'KEY_REQUEST_INVALID' });
    expect(!result.ok && result.errors[0]).toMatch(/^credentials: not a field of an update; use name, doors/);
  });

  it('refuses an update that changes nothing, or is no object', () => {
    expect(validateKeyUpdate({ id: 'k1' })).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/no change/)],
    });
    expect(validateKeyUpdate('tomorrow')).toMatchObject({
      ok: false,
      errors: ['(update): must be an object of changes'],
    });
  });

  it('checks each change by the key request rules, naming the field', () => {
    const result = validateKeyUpdate({
      persons: [{ name: 'Ann', email: 'not-an-email' }],
      hours: { from: '25:00', to: '10:00' },
    });
    expect(result.ok).toBe(false);
    const errors = !result.ok ? result.errors.join('\n') : '';
    expect(errors).toMatch(/persons\[0\]\.email/);
    expect(errors).toMatch(/hours/);
  });
});
