/** The rights table of docs/api.md, row by row: a change here is a change of who may do what. */
import { describe, expect, it } from 'vitest';

import { APP_GROUPS } from '../../../../src/core/apps/api.js';
import type { AppRight } from '../../../../src/core/apps/api.js';
import { hasRight, rightsOf } from '../../../../src/core/apps/rights.js';

const READ: AppRight[] = ['locks.read', 'keys.read', 'profiles.read', 'events.read'];
const OPERATE: AppRight[] = [...READ, 'locks.operate'];
const ISSUE: AppRight[] = [...OPERATE, 'keys.write', 'keys.reveal', 'profiles.write'];

describe('rights of each group', () => {
  it('matches the table in docs/api.md', () => {
    const table = Object.fromEntries(APP_GROUPS.map((group) => [group, rightsOf(group).sort()]));
    expect(table).toEqual({
      owner: [...ISSUE, 'applications.manage', 'audit.read'].sort(),
      'general-manager': [...ISSUE].sort(),
      team: [...ISSUE].sort(),
      installer: [...OPERATE].sort(),
      housekeeping: [...OPERATE].sort(),
      viewer: [...READ].sort(),
    });
  });

  it('gives applications and the audit log to owners only, key creation to issuing groups only', () => {
    for (const group of APP_GROUPS) {
      expect(hasRight(group, 'applications.manage')).toBe(group === 'owner');
      expect(hasRight(group, 'audit.read')).toBe(group === 'owner');
      expect(hasRight(group, 'keys.write')).toBe(['owner', 'general-manager', 'team'].includes(group));
      expect(hasRight(group, 'locks.operate')).toBe(group !== 'viewer');
      expect(hasRight(group, 'locks.read')).toBe(true);
    }
  });

  it('hands out a copy: changing it changes nothing', () => {
    rightsOf('viewer').push('keys.write');
    expect(hasRight('viewer', 'keys.write')).toBe(false);
  });
});
