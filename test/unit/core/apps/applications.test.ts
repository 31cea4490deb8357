/**
 * Applications and access keys over a real store in a temporary folder, with a manual clock for expiry: names,
 * the two-key limit, the secret shown once and hashed at rest, states, last use, bulk and cascade deletes.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ApplicationsApi, CreatedAccessKey } from '../../../../src/core/apps/api.js';
import { openApplications } from '../../../../src/core/apps/applications.js';
import { AppError } from '../../../../src/core/apps/errors.js';
import { HubError } from '../../../../src/core/errors.js';
import { KeyStore } from '../../../../src/core/keys/store.js';
import { tempDataDir } from '../../../helpers/keyFixtures.js';
import { ManualClock } from '../../../helpers/manualClock.js';

let dir: string;
let cleanup: () => void;
let store: KeyStore;
let clock: ManualClock;
let apps: ApplicationsApi;

beforeEach(() => {
  ({ dir, cleanup } = tempDataDir('apps-'));
  store = KeyStore.open({ dataDir: dir });
  clock = new ManualClock(Date.parse('2027-03-01T10:00:00Z'));
  apps = openApplications(store, clock);
});

afterEach(() => {
  store.close();
  cleanup();
});

function appErrorOf(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect(error).toBeInstanceOf(HubError);
    return error as AppError;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

const HOUR = 3_600_000;

describe('applications', () => {
  it('adds, lists, gets by id or name (any case), updates, and keeps names unique', () => {
    const booking = apps.addApplication({
      name: 'Booking',
      group: 'team',
      description: 'PMS',
      locks: ['101', '101', 'SN-2'],
    });
    expect(booking).toMatchObject({
      name: 'Booking',
      group: 'team',
      description: 'PMS',
      locks: ['101', 'SN-2'],
    });
    expect(booking.createdAt).toBe('2027-03-01T10:00:00.000Z');
    expect(apps.getApplication('booking').id).toBe(booking.id);
    expect(apps.getApplication(booking.id).name).toBe('Booking');
    const taken = appErrorOf(() => apps.addApplication({ name: 'BOOKING', group: 'viewer' }));
    expect(taken).toMatchObject({ code: 'APP_NAME_TAKEN', field: 'name' });
    apps.addApplication({ name: 'Admin', group: 'owner' });
    expect(appErrorOf(() => apps.updateApplication('Admin', { name: 'booking' })).code).toBe(
      'APP_NAME_TAKEN',
    );
    const updated = apps.updateApplication('Booking', {
      group: 'housekeeping',
      locks: null,
      description: null,
    });
    expect(updated).toEqual({
      id: booking.id,
      name: 'Booking',
      group: 'housekeeping',
      createdAt: booking.createdAt,
    });
    expect(apps.listApplications().map((app) => app.name)).toEqual(['Admin', 'Booking']);
    expect(appErrorOf(() => apps.getApplication('nope')).code).toBe('APP_NOT_FOUND');
    expect(appErrorOf(() => apps.updateApplication('Booking', { id: 'x' }))).toMatchObject({
      code: 'APP_INVALID',
      field: 'id',
    });
  });

  it('refuses bad input with APP_INVALID naming the field and what is allowed', () => {
    const cases: [unknown, string, RegExp][] = [
      [null, 'application', /must be an object/],
      [{ group: 'owner' }, 'name', /is required/],
      [{ name: '', group: 'owner' }, 'name', /1 to 64 letters/],
      [{ name: '-rm', group: 'owner' }, 'name', /starting with a letter or digit/],
      [{ name: 'x'.repeat(65), group: 'owner' }, 'name', /1 to 64/],
      [{ name: 'A' }, 'group', /one of owner, general-manager, team, installer, housekeeping, viewer/],
      [{ name: 'A', group: 'admin' }, 'group', /got "admin"/],
      [{ name: 'A', group: 'owner', locks: [] }, 'locks', /1 to 100/],
      [{ name: 'A', group: 'owner', locks: ['101', {}] }, 'locks[1]', /lock id or serial number/],
      [{ name: 'A', group: 'owner', description: 5 }, 'description', /at most 500/],
      [
        { name: 'A', group: 'owner', colour: 'red' },
        'colour',
        /the fields are name, description, group, locks/,
      ],
    ];
    for (const [input, field, message] of cases) {
      const error = appErrorOf(() => apps.addApplication(input));
      expect(error.code).toBe('APP_INVALID');
      expect(error.field).toBe(field);
      expect(error.message).toMatch(new RegExp(`^${field.replace(/[[\]]/g, '\\$&')}: `));
      expect(error.message).toMatch(message);
    }
    expect(apps.listApplications()).toEqual([]);
  });
});

describe('access keys', () => {
  let created: CreatedAccessKey;

  beforeEach(() => {
    apps.addApplication({ name: 'Booking', group: 'general-manager' });
    created = apps.addAccessKey('Booking', { name: 'primary', expiresAt: '2027-03-02T10:00:00+00:00' });
  });

  it('shows the whole key once, then only the 8-character prefix of its public part', () => {
    expect(created.key).toMatch(/^tdk_[a-z2-7]{16}_[a-z2-7]{52}$/);
    expect(created.prefix).toBe(created.key.slice(4, 12));
    expect(created).toMatchObject({
      name: 'primary',
      applicationName: 'Booking',
      state: 'active',
      lastUsedAt: null,
    });
    expect(created.expiresAt).toBe('2027-03-02T10:00:00.000Z');
    const listed = apps.listAccessKeys('Booking');
    expect(listed).toEqual([{ ...created, key: undefined }].map(({ key: _key, ...info }) => info));
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(21));
    expect(JSON.stringify(apps.listAccessKeys())).not.toContain(created.key.slice(12, 21));
  });

  it('keeps a hash of the secret, never the secret, in the database files', () => {
    const secret = created.key.split('_')[2]!;
    store.close();
    store = KeyStore.open({ dataDir: dir });
    apps = openApplications(store, clock);
    expect(apps.authenticate(created.key).ok).toBe(true);
    store.close();
    const files = readdirSync(dir).filter((name) => name.startsWith('keys.db'));
    expect(files).toContain('keys.db');
    for (const file of files) {
      const bytes = readFileSync(join(dir, file));
      expect(bytes.includes(secret), file).toBe(false);
      expect(bytes.includes(created.key), file).toBe(false);
    }
    store = KeyStore.open({ dataDir: dir });
  });

  it('holds at most two keys per application and says to delete or rotate one', () => {
    apps.addAccessKey('Booking', { name: 'secondary' });
    const error = appErrorOf(() => apps.addAccessKey('Booking', { name: 'third' }));
    expect(error.code).toBe('ACCESS_KEY_LIMIT');
    expect(error.message).toMatch(/primary, secondary/);
    expect(error.message).toMatch(/Delete or rotate one/);
    expect(apps.listAccessKeys('Booking')).toHaveLength(2);
    // Another application has its own two.
    apps.addApplication({ name: 'Cleaning', group: 'housekeeping' });
    apps.addAccessKey('Cleaning', { name: 'primary' });
    expect(apps.listAccessKeys()).toHaveLength(3);
  });

  it('keeps key names unique per application, whatever their case', () => {
    const error = appErrorOf(() => apps.addAccessKey('Booking', { name: 'PRIMARY' }));
    expect(error).toMatchObject({ code: 'ACCESS_KEY_NAME_TAKEN', field: 'name' });
  });

  it('refuses bad key input naming the field', () => {
    expect(
      appErrorOf(() => apps.addAccessKey('Booking', { name: 'k', expiresAt: 'tomorrow' })),
    ).toMatchObject({
      code: 'APP_INVALID',
      field: 'expiresAt',
    });
    expect(
      appErrorOf(() => apps.addAccessKey('Booking', { name: 'k', expiresAt: '2027-03-05T10:00' })).field,
    ).toBe('expiresAt');
    expect(
      appErrorOf(() => apps.addAccessKey('Booking', { name: 'k', expiresAt: '2027-02-01T00:00:00Z' }))
        .message,
    ).toMatch(/in the future/);
    expect(appErrorOf(() => apps.addAccessKey('Nope', { name: 'k' })).code).toBe('APP_NOT_FOUND');
    const moving = appErrorOf(() => apps.updateAccessKey('Booking', 'primary', { applicationId: 'other' }));
    expect(moving).toMatchObject({ code: 'APP_INVALID', field: 'applicationId' });
    expect(moving.message).toMatch(/belongs to its application for good/);
    expect(appErrorOf(() => apps.updateAccessKey('Booking', 'primary', { active: 'yes' })).field).toBe(
      'active',
    );
    expect(appErrorOf(() => apps.updateAccessKey('Booking', 'nope', { active: true })).code).toBe(
      'ACCESS_KEY_NOT_FOUND',
    );
  });

  it('authenticates the key and records its last use; a wrong secret or an unknown key is AUTH_UNKNOWN', () => {
    clock.advance(HOUR);
    const result = apps.authenticate(created.key);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.application.name).toBe('Booking');
    expect(result.accessKey.lastUsedAt).toBe('2027-03-01T11:00:00.000Z');
    expect(apps.listAccessKeys('Booking')[0]!.lastUsedAt).toBe('2027-03-01T11:00:00.000Z');
    const wrongSecret = created.key.slice(0, -1) + (created.key.endsWith('a') ? 'b' : 'a');
    expect(apps.authenticate(wrongSecret)).toMatchObject({ ok: false, code: 'AUTH_UNKNOWN' });
    expect(apps.authenticate('tdk_nothing')).toMatchObject({ ok: false, code: 'AUTH_UNKNOWN' });
    expect(apps.authenticate(undefined)).toMatchObject({ ok: false, code: 'AUTH_MISSING' });
    expect(apps.authenticate('  ')).toMatchObject({ ok: false, code: 'AUTH_MISSING' });
    const refused = apps.authenticate(wrongSecret);
    expect(refused.ok || refused.message).not.toContain(created.prefix);
  });

  it('deactivates (AUTH_INACTIVE) and reactivates a key', () => {
    const off = apps.updateAccessKey('Booking', 'primary', { active: false });
    expect(off.state).toBe('inactive');
    const refused = apps.authenticate(created.key);
    expect(refused).toMatchObject({ ok: false, code: 'AUTH_INACTIVE' });
    expect(refused.ok || refused.message).toMatch(/deactivated/);
    expect(refused.ok || refused.message).not.toContain(created.key.slice(12));
    expect(apps.updateAccessKey('Booking', created.id, { active: true }).state).toBe('active');
    expect(apps.authenticate(created.key).ok).toBe(true);
  });

  it('expires a key at its expiry, and an expired key works again once the expiry moves to the future', () => {
    clock.advance(24 * HOUR - 1);
    expect(apps.authenticate(created.key).ok).toBe(true);
    clock.advance(1);
    expect(apps.listAccessKeys('Booking')[0]!.state).toBe('expired');
    const refused = apps.authenticate(created.key);
    expect(refused).toMatchObject({ ok: false, code: 'AUTH_EXPIRED' });
    expect(refused.ok || refused.message).toMatch(/expired at 2027-03-02T10:00:00.000Z/);
    const extended = apps.updateAccessKey('Booking', 'primary', { expiresAt: '2027-03-09T10:00:00Z' });
    expect(extended).toMatchObject({ state: 'active', expiresAt: '2027-03-09T10:00:00.000Z' });
    expect(apps.authenticate(created.key).ok).toBe(true);
    expect(apps.updateAccessKey('Booking', 'primary', { expiresAt: null }).expiresAt).toBeNull();
    clock.advance(1000 * 24 * HOUR);
    expect(apps.authenticate(created.key).ok).toBe(true);
    // Deactivation is reported before expiry.
    apps.updateAccessKey('Booking', 'primary', { active: false, expiresAt: '2027-01-01T00:00:00Z' });
    expect(apps.authenticate(created.key)).toMatchObject({ code: 'AUTH_INACTIVE' });
  });

  it('deletes keys one by one, several at once (all or none), or all', () => {
    const second = apps.addAccessKey('Booking', { name: 'secondary' });
    expect(appErrorOf(() => apps.removeAccessKeys('Booking', ['primary', 'missing'])).code).toBe(
      'ACCESS_KEY_NOT_FOUND',
    );
    expect(apps.listAccessKeys('Booking')).toHaveLength(2);
    expect(apps.removeAccessKeys('Booking', ['primary', second.id])).toBe(2);
    expect(apps.authenticate(created.key)).toMatchObject({ code: 'AUTH_UNKNOWN' });
    apps.addAccessKey('Booking', { name: 'a' });
    apps.addAccessKey('Booking', { name: 'b' });
    expect(apps.removeAccessKeys('Booking')).toBe(2);
    expect(apps.listAccessKeys('Booking')).toEqual([]);
  });

  it('deletes an application with its keys', () => {
    apps.addAccessKey('Booking', { name: 'secondary' });
    expect(apps.removeApplication('booking')).toEqual({ removedKeys: 2 });
    expect(apps.listAccessKeys()).toEqual([]);
    expect(apps.authenticate(created.key)).toMatchObject({ code: 'AUTH_UNKNOWN' });
    expect(store.verify()).toEqual([]);
  });

  it('never lets a key move to another application, even by writing its row', () => {
    const other = apps.addApplication({ name: 'Other', group: 'viewer' });
    // The store offers no such update; a trigger refuses it even through SQL of one's own.
    const db = new DatabaseSync(join(dir, 'keys.db'));
    try {
      expect(() =>
        db.prepare('UPDATE access_keys SET application_id = ? WHERE id = ?').run(other.id, created.id),
      ).toThrow(/cannot move to another application/);
    } finally {
      db.close();
    }
    expect(apps.listAccessKeys('Booking').map((key) => key.id)).toEqual([created.id]);
  });
});

describe('audit log', () => {
  it('writes and lists entries, filtered by time and application, oldest first, keys cut to their prefix', () => {
    apps.audit.write({
      application: 'Booking',
      keyPrefix: 'abcdefgh',
      operation: 'locks.unlock',
      target: '101',
      outcome: 'ok',
    });
    clock.advance(HOUR);
    apps.audit.write({
      application: 'Cleaning',
      keyPrefix: 'tdk_abcdefghijklmnop_' + 'a'.repeat(52),
      operation: 'keys.create',
      target: 'tdk_qrstuvwxyz234567_' + 'b'.repeat(52),
      outcome: 'refused',
      code: 'FORBIDDEN',
    });
    const all = apps.audit.list();
    expect(all.map((entry) => entry.operation)).toEqual(['locks.unlock', 'keys.create']);
    expect(all[0]).toEqual({
      at: '2027-03-01T10:00:00.000Z',
      application: 'Booking',
      keyPrefix: 'abcdefgh',
      operation: 'locks.unlock',
      target: '101',
      outcome: 'ok',
    });
    expect(JSON.stringify(all)).not.toMatch(/aaaaaaaa|bbbbbbbb/);
    expect(all[1]).toMatchObject({ keyPrefix: 'abcdefgh', target: 'qrstuvwx', code: 'FORBIDDEN' });
    expect(apps.audit.list({ since: '2027-03-01T10:30:00Z' }).map((e) => e.application)).toEqual([
      'Cleaning',
    ]);
    expect(apps.audit.list({ application: 'booking' })).toHaveLength(1);
    expect(apps.audit.list({ limit: 1 }).map((e) => e.operation)).toEqual(['keys.create']);
    expect(appErrorOf(() => apps.audit.list({ since: 'yesterday' })).field).toBe('since');
    expect(appErrorOf(() => apps.audit.write({ operation: 'x', outcome: 'maybe' as 'ok' })).field).toBe(
      'outcome',
    );
  });
});
