import type { Key } from '../../src/core/keys/model.js';

/** A key as the issuance service hands it to delivery: one guest with a doorcode and a magic link. */
export function sampleKey(overrides: Partial<Key> = {}): Key {
  return {
    id: 'key-1',
    name: 'Apartment 3, stay 11-14 Jan',
    persons: [
      {
        name: 'Anna Kowalska',
        email: 'anna@example.com',
        phone: '+48 600 100 200',
        doorcode: '384756',
        link: 'https://links.example/k/AbC123',
        credentials: { doorcode: true, smartkey: true },
      },
    ],
    doors: [101, 102],
    schedule: {
      timeZone: 'Europe/Warsaw',
      from: '2027-01-11T15:00',
      until: '2027-01-14T11:00',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      hours: { from: '09:00', to: '17:00' },
    },
    createdBy: { issuer: 'cli', role: 'owner' },
    createdAt: '2027-01-01T10:00:00.000Z',
    updatedAt: '2027-01-01T10:00:00.000Z',
    status: 'active',
    bestEffort: false,
    objects: [],
    warnings: [],
    ...overrides,
  };
}

export const sampleDoorNames = new Map([
  [101, 'Front door'],
  [102, 'Apartment 3'],
]);
