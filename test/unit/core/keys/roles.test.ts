import { describe, expect, it } from 'vitest';
import { KeyError } from '../../../../src/core/keys/errors.js';
import { ISSUER_ROLES } from '../../../../src/core/keys/model.js';
import { checkIssuerRole, mayTake } from '../../../../src/core/keys/roles.js';
import type { KeyAction } from '../../../../src/core/keys/roles.js';

const changing: KeyAction[] = [
  'create',
  'update',
  'revoke',
  'replace-code',
  'resend',
  'apply-profile',
  'manage-profiles',
];

function refusal(run: () => void): KeyError {
  try {
    run();
  } catch (error) {
    if (error instanceof KeyError) return error;
    throw error;
  }
  throw new Error('expected ROLE_FORBIDDEN');
}

describe('checkIssuerRole', () => {
  it.each(['owner', 'general-manager', 'team'])('lets %s take every action', (role) => {
    for (const action of [...changing, 'view', 'reconcile'] as KeyAction[])
      expect(() => checkIssuerRole(role, action)).not.toThrow();
  });

  it.each(['installer', 'housekeeping'])(
    'refuses %s creating, updating and revoking keys with ROLE_FORBIDDEN',
    (role) => {
      for (const action of changing) {
        const error = refusal(() => checkIssuerRole(role, action));
        expect(error.code).toBe('ROLE_FORBIDDEN');
        expect(error.reason).toBe(`${role} does not issue keys`);
      }
      expect(refusal(() => checkIssuerRole(role, 'create')).message).toBe(
        `The role ${role} may not create keys; only owner, general-manager, team may.`,
      );
    },
  );

  it.each(['installer', 'housekeeping'])('lets %s view and reconcile', (role) => {
    expect(() => checkIssuerRole(role, 'view')).not.toThrow();
    expect(() => checkIssuerRole(role, 'reconcile')).not.toThrow();
  });

  it('refuses an unknown role any change, naming the known ones', () => {
    const error = refusal(() => checkIssuerRole('admin', 'revoke'));
    expect(error.code).toBe('ROLE_FORBIDDEN');
    expect(error.message).toBe(
      'The unknown role "admin" may not revoke keys; only owner, general-manager, team may.',
    );
    expect(error.reason).toBe('unknown role (known: owner, general-manager, team, installer, housekeeping)');
  });

  it('agrees with mayTake for every role and action', () => {
    for (const role of ISSUER_ROLES)
      for (const action of changing)
        expect(mayTake(role, action)).toBe(['owner', 'general-manager', 'team'].includes(role));
  });
});
