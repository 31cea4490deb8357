/**
 * The check every key fault scenario ends with: the cloud (the emulator's own records, read directly) and the
 * key store agree. Every PIN, access and link in the emulator is an object a live key holds as `set`, every such
 * object is in the emulator, no key is `active` (or scheduled) with an object that is not `set`, and no journal
 * entry is left `intended`.
 */
import { expect } from 'vitest';
import type { Key } from '../../src/core/keys/model.js';
import type { KeyStore } from '../../src/core/keys/store.js';
import type { EmulatorFixture } from './emulator.js';
import { cloudState } from './keyService.js';

const LIVE = new Set(['active', 'scheduled', 'expired']);

/** "pin:<lock>:<id>", "appkey:<lock>:<id>", "smartkey:<id>" for every object in the emulator. */
export function cloudObjects(env: EmulatorFixture, doors: number[]): string[] {
  const state = cloudState(env, doors);
  return [
    ...doors.flatMap((lock) => state.pins[lock]!.map((pin) => `doorcode:${lock}:${pin.id}`)),
    ...doors.flatMap((lock) => state.access[lock]!.map((access) => `appkey:${lock}:${access.id}`)),
    ...state.links.map((link) => `smartkey:${link.id}`),
  ].sort();
}

/** The same names for the objects the store says are in the cloud (`set` objects of live keys). */
export function storeObjects(keys: Key[]): string[] {
  return keys
    .filter((key) => LIVE.has(key.status))
    .flatMap((key) => key.objects.filter((object) => object.status === 'set'))
    .map((object) =>
      object.kind === 'smartkey'
        ? `smartkey:${object.cloudId}`
        : `${object.kind}:${object.lockId}:${object.cloudId}`,
    )
    .sort();
}

export function expectCloudMatchesStore(env: EmulatorFixture, store: KeyStore, doors: number[]): void {
  const keys = store.listKeys({});
  expect(cloudObjects(env, doors), 'the cloud holds exactly what the store says').toEqual(storeObjects(keys));
  for (const key of keys) {
    if (key.status !== 'active' && key.status !== 'scheduled') continue;
    expect(
      key.objects.map((object) => object.status),
      `key ${key.id} is ${key.status}, so every object is set`,
    ).toEqual(key.objects.map(() => 'set'));
  }
  expect(store.listUnfinishedJournal(), 'no journal entry left intended').toEqual([]);
}
