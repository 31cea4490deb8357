import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Key } from '../../src/core/keys/model.js';

/** A temp data folder, removed by the returned cleanup. */
export function tempDataDir(prefix = 'keys-store-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A complete key: two persons (one with a doorcode and a requested code, one with a magic link), two doors. */
export function sampleKey(overrides: Partial<Key> = {}): Key {
  return {
    id: 'key-1',
    name: 'Apartment 3, Smith family',
    persons: [
      {
        name: 'Anna Smith',
        email: 'anna@example.com',
        phone: '+4915112345678',
        doorcode: '824613',
        credentials: { doorcode: { policy: 'preferred', code: '918273' } },
      },
      {
        name: 'Ben Smith',
        link: 'https://link.tedee.com/secret-link-token',
        credentials: { smartkey: true },
      },
    ],
    doors: [101, 202],
    schedule: { timeZone: 'Europe/Berlin', from: '2027-01-11T15:00', until: '2027-01-18T11:00' },
    notes: 'Late arrival, dog allowed',
    requestId: 'booking-4711',
    createdBy: { issuer: 'frontdesk', role: 'team' },
    createdAt: '2027-01-01T10:00:00.000Z',
    updatedAt: '2027-01-01T10:00:00.000Z',
    status: 'pending',
    bestEffort: false,
    objects: [{ lockId: 101, kind: 'doorcode', person: 0, status: 'setting' }],
    warnings: [],
    ...overrides,
  };
}
