import { describe, expect, it } from 'vitest';
import {
  maskDoorcode,
  maskDoorcodesIn,
  maskKeyDoorcodes,
  maskKeyRequestDoorcodes,
} from '../../../../src/core/keys/masking.js';
import type { Key, KeyRequest } from '../../../../src/core/keys/model.js';

const key: Key = {
  id: 'key-1',
  name: 'Stay 4411',
  persons: [
    {
      name: 'Ann Smith',
      email: 'ann@example.com',
      doorcode: '482913',
      credentials: { doorcode: { policy: 'preferred', code: '482913' }, smartkey: true },
    },
    { name: 'Bob', doorcode: '73620158', credentials: { doorcode: true } },
    { name: 'Cid', credentials: { smartkey: true } },
  ],
  doors: [101, 102],
  schedule: { timeZone: 'Europe/Warsaw' },
  createdBy: { issuer: 'cli', role: 'owner' },
  createdAt: '2027-01-01T00:00:00Z',
  updatedAt: '2027-01-01T00:00:00Z',
  status: 'active',
  bestEffort: false,
  objects: [{ lockId: 101, kind: 'doorcode', person: 0, status: 'set', cloudId: 7 }],
  warnings: [],
};

describe('maskDoorcode', () => {
  it('keeps the last two digits', () => {
    expect(maskDoorcode('482913')).toBe('••••13');
    expect(maskDoorcode('73620158')).toBe('••••58');
    expect(maskDoorcode('48291')).toBe('••••91');
  });

  it('masks a code too short to hide anything whole', () => {
    expect(maskDoorcode('4829')).toBe('••••');
    expect(maskDoorcode('')).toBe('••••');
  });
});

describe('maskKeyDoorcodes', () => {
  it('masks every doorcode of a key, the requested ones too, and leaves the key unchanged', () => {
    const before = structuredClone(key);
    const masked = maskKeyDoorcodes(key);
    expect(masked.persons.map((person) => person.doorcode)).toEqual(['••••13', '••••58', undefined]);
    expect(masked.persons[0]?.credentials.doorcode).toEqual({ policy: 'preferred', code: '••••13' });
    expect(masked.persons[1]?.credentials.doorcode).toBe(true);
    expect(JSON.stringify(masked)).not.toMatch(/482913|73620158/);
    expect(key).toEqual(before);
    expect({ ...masked, persons: key.persons }).toEqual(key);
  });

  it('shows them when revealed, still as a copy', () => {
    const revealed = maskKeyDoorcodes(key, { reveal: true });
    expect(revealed).toEqual(key);
    expect(revealed).not.toBe(key);
  });
});

describe('maskKeyRequestDoorcodes', () => {
  it("masks the key's and each person's requested code", () => {
    const request: KeyRequest = {
      name: 'Stay',
      persons: [{ name: 'Ann', credentials: { doorcode: { code: '736201' } } }, { name: 'Bob' }],
      doors: [101],
      credentials: { doorcode: { policy: 'strict', code: '482913' } },
    };
    const masked = maskKeyRequestDoorcodes(request);
    expect(masked.credentials?.doorcode).toEqual({ policy: 'strict', code: '••••13' });
    expect(masked.persons[0]?.credentials?.doorcode).toEqual({ code: '••••01' });
    expect(request.credentials?.doorcode).toEqual({ policy: 'strict', code: '482913' });
  });
});

describe('maskDoorcodesIn', () => {
  it('masks the given codes wherever they appear in a text', () => {
    expect(maskDoorcodesIn('PIN 482913 refused on 101; 482913 again, 736201 ok', ['482913', '736201'])).toBe(
      'PIN ••••13 refused on 101; ••••13 again, ••••01 ok',
    );
    expect(maskDoorcodesIn('nothing here', [''])).toBe('nothing here');
  });
});
