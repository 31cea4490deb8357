/**
 * Fills a key store with keys as years of use leave them: expired keys whose cloud objects are gone. They cost
 * the cloud nothing, and make the store as large as a busy host's (lists, reconcile and memory read them all).
 */
import type { Key } from '../../dist/core/keys/model.js';
import type { KeyStore } from '../../dist/core/keys/store.js';

export function fillStore(store: KeyStore, count: number, doors: number[]): void {
  const at = '2026-01-01T10:00:00.000Z';
  for (let i = 0; i < count; i++) {
    const key: Key = {
      id: `bench-${i}`,
      name: `Guest stay ${i}`,
      persons: [{ name: `Guest ${i}`, email: `guest${i}@example.com`, credentials: { doorcode: true } }],
      doors: [doors[i % doors.length]!],
      schedule: { timeZone: 'Europe/Berlin', from: '2026-01-01T15:00', until: '2026-01-08T11:00' },
      createdBy: { issuer: 'bench', role: 'owner' },
      createdAt: at,
      updatedAt: at,
      status: 'expired',
      bestEffort: false,
      objects: [],
      warnings: [],
    } as unknown as Key;
    store.saveKey(key);
  }
}
