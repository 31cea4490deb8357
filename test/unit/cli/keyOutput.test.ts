import { describe, expect, it } from 'vitest';
import { describeKeyError } from '../../../src/cli/keys/keyErrors.js';
import { describeKey, describePlan, keysTable, keyView, planView } from '../../../src/cli/keys/keyOutput.js';
import { HubError } from '../../../src/core/errors.js';
import { KeyError } from '../../../src/core/keys/errors.js';
import type { Key } from '../../../src/core/keys/model.js';
import type { IssuePlan } from '../../../src/core/keys/service/api.js';
import { StoreError } from '../../../src/core/keys/storeErrors.js';

const names = new Map([
  [101, 'Front Door'],
  [102, 'Back Door'],
]);

function key(): Key {
  return {
    id: 'k_1',
    name: 'Stay 4411',
    persons: [
      {
        name: 'Ann Smith',
        email: 'ann@example.com',
        doorcode: '482913',
        credentials: { doorcode: { policy: 'preferred', code: '482913' } },
      },
    ],
    doors: [101, 102],
    schedule: {
      timeZone: 'Europe/Warsaw',
      from: '2027-01-11T15:00',
      until: '2027-01-14T11:00',
      days: ['mon', 'tue'],
      hours: { from: '09:00', to: '17:00' },
    },
    createdBy: { issuer: 'cli', role: 'owner' },
    createdAt: '2027-01-01T10:00:00.000Z',
    updatedAt: '2027-01-01T10:00:00.000Z',
    status: 'pending',
    bestEffort: false,
    objects: [
      { lockId: 101, kind: 'doorcode', person: 0, status: 'set', cloudId: 7 },
      {
        lockId: 102,
        kind: 'doorcode',
        person: 0,
        status: 'waiting',
        code: 'LOCK_OFFLINE',
        reason: 'the lock is disconnected',
      },
    ],
    warnings: [{ code: 'DOOR_OFFLINE', message: 'Back Door is offline', lockId: 102 }],
  };
}

describe('the --json key object', () => {
  it('has id, status, warnings, persons with the doorcode masked, and each door with its status', () => {
    const view = keyView(key(), names);
    expect(view).toMatchObject({ id: 'k_1', status: 'pending', warnings: [{ code: 'DOOR_OFFLINE' }] });
    expect(view.persons[0]).toMatchObject({
      name: 'Ann Smith',
      doorcode: '••••13',
      credentials: { doorcode: { code: '••••13' } },
    });
    expect(view.doors).toEqual([
      {
        lockId: 101,
        name: 'Front Door',
        status: 'set',
        credentials: [{ kind: 'doorcode', person: 'Ann Smith', status: 'set' }],
      },
      {
        lockId: 102,
        name: 'Back Door',
        status: 'waiting',
        code: 'LOCK_OFFLINE',
        reason: 'the lock is disconnected',
        credentials: [
          {
            kind: 'doorcode',
            person: 'Ann Smith',
            status: 'waiting',
            code: 'LOCK_OFFLINE',
            reason: 'the lock is disconnected',
          },
        ],
      },
    ]);
    expect(JSON.stringify(view)).not.toContain('482913');
  });

  it('shows the code with reveal, and never changes the key it was given', () => {
    const original = key();
    expect(keyView(original, names, { reveal: true }).persons[0]!.doorcode).toBe('482913');
    keyView(original, names);
    expect(original.persons[0]!.doorcode).toBe('482913');
  });

  it('gives a door the status of its least finished credential, and "none" before any write', () => {
    const mixed = key();
    mixed.objects = [
      { lockId: 101, kind: 'doorcode', person: 0, status: 'set' },
      {
        lockId: 101,
        kind: 'appkey',
        person: 0,
        status: 'failed',
        code: 'SCOPE_MISSING',
        reason: 'no DeviceShare.ReadWrite',
      },
    ];
    const view = keyView(mixed, names);
    expect(view.doors.map((door) => [door.lockId, door.status, door.code])).toEqual([
      [101, 'failed', 'SCOPE_MISSING'],
      [102, 'none', undefined],
    ]);
  });
});

describe('text output', () => {
  it('lists keys in a table and shows one key, masked', () => {
    const lines = keysTable([key()], names);
    expect(lines[0]).toMatch(/^ID\s+NAME\s+STATUS\s+DOORS\s+PERSONS\s+VALID$/);
    expect(lines[1]).toContain('Front Door, Back Door');
    const shown = describeKey(keyView(key(), names)).join('\n');
    expect(shown).toContain('Ann Smith <ann@example.com>: doorcode, doorcode ••••13');
    expect(shown).toContain('door:     Back Door [102] waiting (LOCK_OFFLINE: the lock is disconnected)');
    expect(shown).toContain('warning:  DOOR_OFFLINE: Back Door is offline');
    expect(shown).not.toContain('482913');
  });

  it('escapes control characters in names before measuring the columns', () => {
    const odd = key();
    odd.name = 'Stay\u001b[2J';
    expect(keysTable([odd], names)[1]).toContain('Stay\\u001b[2J');
  });

  it('shows a dry run per door, masking a code that appears in what would be written', () => {
    const plan: IssuePlan = {
      dryRun: true,
      key: key(),
      doors: [
        {
          lockId: 101,
          lockName: 'Front Door',
          ok: true,
          writes: [
            {
              kind: 'doorcode',
              person: 'Ann Smith',
              local: 'code 482913, Mon 09:00-17:00',
              utc: { dayStartTime: '08:00' },
            },
          ],
        },
        {
          lockId: 102,
          lockName: 'Back Door',
          ok: false,
          writes: [],
          code: 'PIN_LIMIT',
          reason: 'the lock holds no more PINs',
        },
      ],
    };
    const lines = describePlan(plan);
    expect(lines.join('\n')).not.toContain('482913');
    expect(lines).toContain('    code ••••13, Mon 09:00-17:00');
    expect(lines).toContain('  Back Door [102]: would refuse (PIN_LIMIT): the lock holds no more PINs');
    expect(JSON.stringify(planView(plan, names))).not.toContain('482913');
    expect(JSON.stringify(planView(plan, names, { reveal: true }))).toContain('482913');
  });
});

describe('an error as one line', () => {
  it('names the code, the door, the credential and the reason', () => {
    const error = new KeyError('PIN_DUPLICATE', 'The code is already on the lock.', {
      door: { lockId: 101, name: 'Front Door' },
      credential: 'doorcode',
      reason: 'HTTP 406',
    });
    expect(describeKeyError(error)).toBe(
      'PIN_DUPLICATE: Front Door (101), doorcode: The code is already on the lock (HTTP 406)',
    );
  });

  it('masks the codes it is given, and shows a plain HubError with its code', () => {
    const error = new KeyError('PIN_DUPLICATE', 'Code 482913 exists on door 101.', {
      door: { lockId: 101 },
      credential: 'doorcode',
    });
    expect(describeKeyError(error, ['482913'])).toBe(
      'PIN_DUPLICATE: doorcode: Code ••••13 exists on door 101',
    );
    expect(describeKeyError(new HubError('LOCK_OFFLINE', 'Back Door is offline.'))).toBe(
      'LOCK_OFFLINE: Back Door is offline',
    );
  });
});

describe('a store error as one line', () => {
  it('shows its code', () => {
    expect(
      describeKeyError(new StoreError('STORE_LOCKED', 'The key store is in use by another process.')),
    ).toBe('STORE_LOCKED: The key store is in use by another process');
  });
});
