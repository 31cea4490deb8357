import { readFileSync, statSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Key } from '../../../../src/core/keys/model.js';
import { KeyStore } from '../../../../src/core/keys/store.js';
import { StoreError } from '../../../../src/core/keys/storeErrors.js';
import { sampleKey, tempDataDir } from '../../../helpers/keyFixtures.js';

let dir: string;
let cleanup: () => void;
let store: KeyStore;
let clock: Date;

beforeEach(() => {
  ({ dir, cleanup } = tempDataDir());
  clock = new Date('2027-01-01T10:00:00.000Z');
  store = KeyStore.open({ dataDir: dir, now: () => clock });
});

afterEach(() => {
  store.close();
  cleanup();
});

function storeErrorOf(work: () => unknown): StoreError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error('expected a StoreError, nothing was thrown');
}

describe('KeyStore keys', () => {
  it('round-trips a key, secrets included', () => {
    const key = sampleKey();
    store.saveKey(key);
    expect(store.getKey('key-1')).toEqual(key);
    expect(store.getKey('nope')).toBeUndefined();
  });

  it('never writes a plain doorcode, requested code or link to keys.db or its WAL', () => {
    store.saveKey(sampleKey());
    const raw = new DatabaseSync(join(dir, 'keys.db'), { readOnly: true });
    const row = raw.prepare('SELECT document, secrets FROM keys').get() as {
      document: string;
      secrets: string;
    };
    raw.close();
    for (const secret of ['824613', '918273', 'secret-link-token']) {
      expect(row.document).not.toContain(secret);
      expect(row.secrets).not.toContain(secret);
      for (const file of ['keys.db', 'keys.db-wal']) {
        if (existsSync(join(dir, file))) expect(readFileSync(join(dir, file)).includes(secret)).toBe(false);
      }
    }
    expect(row.secrets).toMatch(/^v1:/);
    // The document keeps the policy, only the code left it.
    const document = JSON.parse(row.document) as Key;
    expect(document.persons[0]?.credentials).toEqual({ doorcode: { policy: 'preferred' } });
  });

  it('creates keys.db, its WAL and SHM, and keys.secret with mode 0600', () => {
    store.saveKey(sampleKey());
    for (const file of ['keys.db', 'keys.db-wal', 'keys.db-shm', 'keys.secret']) {
      expect(statSync(join(dir, file)).mode & 0o777, file).toBe(0o600);
    }
  });

  it('creates a missing data folder with mode 0700', () => {
    const nested = join(dir, 'new', 'data');
    KeyStore.open({ dataDir: nested }).close();
    expect(statSync(nested).mode & 0o777).toBe(0o700);
  });

  it('finds a key by request id, and refuses the same request id on another key', () => {
    store.saveKey(sampleKey());
    expect(store.findByRequestId('booking-4711')?.id).toBe('key-1');
    expect(store.findByRequestId('other')).toBeUndefined();
    const error = storeErrorOf(() => store.saveKey(sampleKey({ id: 'key-2' })));
    expect(error.code).toBe('STORE_CONFLICT');
    expect(error.message).toContain('booking-4711');
    expect(store.getKey('key-2')).toBeUndefined();
    // Saving the same key again (an update) keeps its request id.
    store.saveKey(sampleKey({ status: 'active', updatedAt: '2027-01-02T00:00:00.000Z' }));
    expect(store.findByRequestId('booking-4711')?.status).toBe('active');
  });

  it('lists keys by status, door, person, text and profile', () => {
    store.saveKey(sampleKey());
    store.saveKey(
      sampleKey({
        id: 'key-2',
        requestId: undefined,
        name: 'Cleaner',
        persons: [{ name: 'Carla Diaz', email: 'carla@clean.example', credentials: { appkey: true } }],
        doors: [202, 303],
        notes: undefined,
        profile: 'housekeeping',
        status: 'active',
        updatedAt: '2027-01-02T00:00:00.000Z',
      }),
    );
    const ids = (filter: Parameters<KeyStore['listKeys']>[0]): string[] =>
      store.listKeys(filter).map((k) => k.id);
    expect(ids({})).toEqual(['key-2', 'key-1']);
    expect(ids({ status: 'active' })).toEqual(['key-2']);
    expect(ids({ status: ['active', 'pending'] })).toEqual(['key-2', 'key-1']);
    expect(ids({ status: [] })).toEqual([]);
    expect(ids({ door: 101 })).toEqual(['key-1']);
    expect(ids({ door: 202 })).toEqual(['key-2', 'key-1']);
    expect(ids({ person: 'carla' })).toEqual(['key-2']);
    expect(ids({ person: '+49151' })).toEqual(['key-1']);
    expect(ids({ text: 'dog' })).toEqual(['key-1']);
    expect(ids({ text: 'CLEAN' })).toEqual(['key-2']);
    expect(ids({ text: 'ben' })).toEqual(['key-1']);
    expect(ids({ text: '%' })).toEqual([]);
    expect(ids({ profile: 'housekeeping' })).toEqual(['key-2']);
    expect(ids({ door: 202, status: 'pending' })).toEqual(['key-1']);
    // Replacing a key replaces its lookups.
    store.saveKey(sampleKey({ doors: [404] }));
    expect(ids({ door: 101 })).toEqual([]);
    expect(ids({ door: 404 })).toEqual(['key-1']);
    expect(store.deleteKey('key-1')).toBe(true);
    expect(ids({ door: 404 })).toEqual([]);
  });
});

describe('KeyStore profiles', () => {
  it('saves, replaces, lists and removes profiles by name', () => {
    store.saveProfile({ name: 'guest', accessLevel: 'guest', remoteAccess: false });
    store.saveProfile({ name: 'admin', accessLevel: 'admin', remoteAccess: true, days: ['mon'] });
    store.saveProfile({ name: 'guest', accessLevel: 'guest', remoteAccess: true });
    expect(store.getProfile('guest')?.remoteAccess).toBe(true);
    expect(store.listProfiles().map((p) => p.name)).toEqual(['admin', 'guest']);
    expect(store.deleteProfile('guest')).toBe(true);
    expect(store.deleteProfile('guest')).toBe(false);
    expect(store.getProfile('guest')).toBeUndefined();
  });
});

describe('KeyStore journal', () => {
  it('records an intent before the write, its cloud id, and lists what is unfinished', () => {
    store.saveKey(sampleKey());
    const pin = store.recordIntent({
      keyId: 'key-1',
      lockId: 101,
      kind: 'doorcode',
      person: 0,
      action: 'create',
    });
    const link = store.recordIntent({ keyId: 'key-1', kind: 'smartkey', person: 1, action: 'create' });
    expect(pin).toMatchObject({ state: 'intended', lockId: 101, action: 'create' });
    expect(link.lockId).toBeUndefined();
    store.setJournalCloudId(pin.id, 5531);
    store.setJournalCloudId(link.id, 'a1b2-uuid');
    expect(store.listUnfinishedJournal().map((e) => e.cloudId)).toEqual([5531, 'a1b2-uuid']);
    store.finishJournal(pin.id, 'done');
    store.finishJournal(link.id, 'undone');
    expect(store.listUnfinishedJournal()).toEqual([]);
    expect(store.listJournal('key-1').map((e) => e.state)).toEqual(['done', 'undone']);
    expect(storeErrorOf(() => store.finishJournal(999, 'done')).code).toBe('STORE_CONFLICT');
  });

  it('keeps nothing of a transaction that throws', () => {
    expect(() =>
      store.transaction(() => {
        store.saveKey(sampleKey());
        store.recordIntent({ keyId: 'key-1', lockId: 101, kind: 'doorcode', action: 'create' });
        throw new Error('cloud refused');
      }),
    ).toThrow('cloud refused');
    expect(store.getKey('key-1')).toBeUndefined();
    expect(store.listUnfinishedJournal()).toEqual([]);
  });
});

describe('KeyStore nested transactions', () => {
  it('rolls back an inner step that throws and keeps the outer one', () => {
    store.transaction(() => {
      store.saveKey(sampleKey());
      expect(() =>
        store.transaction(() => {
          store.recordIntent({ keyId: 'key-1', lockId: 101, kind: 'doorcode', action: 'create' });
          throw new Error('inner failed');
        }),
      ).toThrow('inner failed');
    });
    expect(store.getKey('key-1')?.id).toBe('key-1');
    expect(store.listJournal('key-1')).toEqual([]);
  });

  it('refuses asynchronous work and keeps nothing of it', () => {
    expect(() => store.transaction(() => Promise.resolve(store.saveKey(sampleKey())))).toThrow(/synchronous/);
    expect(store.getKey('key-1')).toBeUndefined();
  });

  it('refuses a timer or delivery for a key it does not have', () => {
    expect(
      storeErrorOf(() => store.setTimer({ keyId: 'ghost', kind: 'x', dueAt: '2027-01-01T00:00:00Z' })).code,
    ).toBe('STORE_CONFLICT');
  });
});

describe('KeyStore timers and deliveries', () => {
  it('lists every timer missed during downtime as due, and replaces a timer of the same kind', () => {
    store.saveKey(sampleKey());
    store.saveKey(sampleKey({ id: 'key-2', requestId: 'r2' }));
    store.setTimer({
      keyId: 'key-1',
      kind: 'dst-recompile',
      dueAt: '2027-03-28T01:00:00Z',
      detail: { zone: 'x' },
    });
    store.setTimer({ keyId: 'key-2', kind: 'dst-recompile', dueAt: '2027-03-28T00:30:00+00:00' });
    store.setTimer({ keyId: 'key-1', kind: 'expire', dueAt: '2027-06-01T00:00:00Z' });
    expect(store.listDueTimers()).toEqual([]);
    // The hub was down over the change: both recompiles are due at start-up, oldest first.
    clock = new Date('2027-04-02T00:00:00Z');
    expect(store.listDueTimers().map((t) => [t.keyId, t.dueAt])).toEqual([
      ['key-2', '2027-03-28T00:30:00.000Z'],
      ['key-1', '2027-03-28T01:00:00.000Z'],
    ]);
    store.setTimer({ keyId: 'key-1', kind: 'dst-recompile', dueAt: '2027-10-31T01:00:00Z' });
    expect(store.listDueTimers().map((t) => t.keyId)).toEqual(['key-2']);
    expect(store.removeTimer('key-2', 'dst-recompile')).toBe(true);
    expect(store.listTimers('key-1').map((t) => t.kind)).toEqual(['expire', 'dst-recompile']);
    expect(() => store.setTimer({ keyId: 'key-1', kind: 'x', dueAt: 'tomorrow' })).toThrow(/dueAt/);
  });

  it('counts delivery attempts and schedules retries until sent or given up', () => {
    store.saveKey(sampleKey());
    const email = store.addDelivery({ keyId: 'key-1', person: 0, channel: 'smtp' });
    const hook = store.addDelivery({ keyId: 'key-1', person: 1, channel: 'webhook' });
    expect(store.listDueDeliveries().map((d) => d.id)).toEqual([email.id, hook.id]);
    store.recordDeliveryAttempt(email.id, {
      ok: false,
      error: 'ECONNREFUSED',
      nextRetryAt: '2027-01-01T10:05:00Z',
    });
    store.recordDeliveryAttempt(hook.id, { ok: true });
    expect(store.listDueDeliveries()).toEqual([]);
    clock = new Date('2027-01-01T10:05:00Z');
    expect(store.listDueDeliveries().map((d) => [d.id, d.attempts, d.lastError])).toEqual([
      [email.id, 1, 'ECONNREFUSED'],
    ]);
    const gaveUp = store.recordDeliveryAttempt(email.id, { ok: false, error: 'ECONNREFUSED' });
    expect(gaveUp).toMatchObject({ state: 'failed', attempts: 2 });
    expect(store.listDeliveries('key-1').map((d) => d.state)).toEqual(['failed', 'sent']);
  });
});

describe('KeyStore secret', () => {
  it('refuses a keys.secret that is not the one keys.db was sealed with', () => {
    store.saveKey(sampleKey());
    store.close();
    writeFileSync(join(dir, 'keys.secret'), Buffer.alloc(32, 7));
    const error = storeErrorOf(() => KeyStore.open({ dataDir: dir }));
    expect(error.code).toBe('STORE_SECRET');
    expect(error.message).toMatch(/Restore keys.secret/);
  });

  it('refuses to start without keys.secret once keys.db has one, and does not make a new one', () => {
    store.saveKey(sampleKey());
    store.close();
    rmSync(join(dir, 'keys.secret'));
    const error = storeErrorOf(() => KeyStore.open({ dataDir: dir }));
    expect(error.code).toBe('STORE_SECRET');
    expect(error.message).toContain('missing');
    expect(existsSync(join(dir, 'keys.secret'))).toBe(false);
  });

  it('reopens with the same secret and reads the doorcodes back', () => {
    store.saveKey(sampleKey());
    store.close();
    store = KeyStore.open({ dataDir: dir });
    expect(store.getKey('key-1')?.persons[0]?.doorcode).toBe('824613');
    expect(store.verify()).toEqual([]);
  });

  it('says the store is closed instead of crashing', () => {
    store.close();
    expect(storeErrorOf(() => store.getKey('key-1')).code).toBe('STORE_CLOSED');
  });
});
