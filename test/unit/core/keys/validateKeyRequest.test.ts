import { describe, expect, it } from 'vitest';
import { credentialsFor, doorcodeRequestOf } from '../../../../src/core/keys/credentials.js';
import { KeyError } from '../../../../src/core/keys/errors.js';
import { KEY_REQUEST_SCHEMA } from '../../../../src/core/keys/keyRequest.schema.js';
import {
  validateKeyRequest,
  validateProfile,
  validationError,
} from '../../../../src/core/keys/validateKeyRequest.js';
import { HubError } from '../../../../src/core/errors.js';

/** The example of issue 10, verbatim. */
const example = {
  name: 'Stay 4411',
  persons: [{ name: 'Ann Smith', email: 'ann@example.com', phone: '+48600100200' }],
  doors: ['Front Door', 102],
  credentials: { doorcode: { policy: 'preferred', code: '482913' }, smartkey: true },
  from: '2027-01-11T15:00',
  until: '2027-01-14T11:00',
  days: ['mon', 'tue'],
  hours: { from: '09:00', to: '17:00' },
  timeZone: 'Europe/Warsaw',
  profile: 'Cleaning',
  requestId: 'booking-4411',
  dryRun: false,
  bestEffort: false,
};

function errorsOf(input: unknown): string[] {
  const result = validateKeyRequest(input);
  if (result.ok) throw new Error('expected the request to be refused');
  return result.errors;
}

const minimal = { name: 'Stay', persons: [{ name: 'Ann' }], doors: [102] };

describe('validateKeyRequest', () => {
  it('accepts the example request of the issue, unchanged', () => {
    expect(validateKeyRequest(example)).toEqual({ ok: true, request: example });
  });

  it('accepts a minimal request (a name, a person, a door)', () => {
    expect(validateKeyRequest(minimal)).toEqual({ ok: true, request: minimal });
  });

  it('does not change the input', () => {
    const input = structuredClone(example);
    validateKeyRequest(input);
    expect(input).toEqual(example);
  });

  it.each([
    [{ ...minimal, persons: [{ name: 'Ann', email: 'ann' }] }, 'persons[0].email: must be an email address'],
    [{ ...minimal, doors: [] }, 'doors: must have at least one door'],
    [{ ...minimal, persons: [] }, 'persons: must have at least one person'],
    [{ ...minimal, hours: { from: '9:00', to: '17:00' } }, 'hours.from: must be HH:mm (00:00 to 23:59)'],
    [{ ...minimal, hours: { from: '09:00', to: '24:00' } }, 'hours.to: must be HH:mm (00:00 to 23:59)'],
    [
      { ...minimal, days: ['mon', 'tue', 'xyz'] },
      'days[2]: must be one of mon, tue, wed, thu, fri, sat, sun',
    ],
    [{ ...minimal, days: ['mon', 'mon'] }, 'days: must not name a day twice'],
    [
      { ...minimal, timeZone: 'Europe/Warsow' },
      'timeZone: "Europe/Warsow" is not a known IANA time zone (such as Europe/Warsaw or America/New_York)',
    ],
    [{ ...minimal, doors: [102, 102] }, 'doors: must not name the same door twice'],
    [{ ...minimal, doors: [0] }, 'doors[0]: must be a lock id (1 or more), serial number or name'],
    [{ ...minimal, doors: [{}] }, 'doors[0]: must be a lock id, serial number or name'],
    [{ ...minimal, persons: [{}] }, 'persons[0].name: is required'],
    [
      { ...minimal, persons: [{ name: 'Ann', phone: 'call me' }] },
      expect.stringMatching(/^persons\[0\]\.phone: must be a phone number/),
    ],
    [{ ...minimal, name: '' }, 'name: must not be empty'],
    [{ ...minimal, dryRun: 'yes' }, 'dryRun: must be a boolean, not a string'],
    [
      { ...minimal, door: [1] },
      expect.stringMatching(/^door: is not a known field \(allowed: name, persons, doors, /),
    ],
    [
      { ...minimal, credentials: { pin: true } },
      expect.stringMatching(/^credentials\.pin: is not a known field \(allowed: smartkey, doorcode, appkey/),
    ],
    [
      { ...minimal, credentials: { doorcode: { policy: 'any' } } },
      'credentials.doorcode.policy: must be one of random, preferred, strict',
    ],
    [
      { ...minimal, credentials: { doorcode: { length: 4 } } },
      'credentials.doorcode.length: must be at least 5',
    ],
    [
      { ...minimal, credentials: { doorcode: 'yes' } },
      'credentials.doorcode: must be a boolean or an object, not a string',
    ],
    [
      { ...minimal, requestId: 'booking 4411' },
      'requestId: must be 1 to 200 printable characters without spaces',
    ],
  ])('names the field and what is allowed: %j', (input, error) => {
    expect(errorsOf(input)).toEqual([error]);
  });

  describe('the access period', () => {
    it('takes local date-times without offset, with or without seconds', () => {
      expect(
        validateKeyRequest({ ...minimal, from: '2027-01-11T15:00', until: '2027-01-14T11:00:30' }).ok,
      ).toBe(true);
    });

    it.each(['2027-01-11T15:00Z', '2027-01-11T15:00+01:00', '2027-01-11', '11.01.2027 15:00'])(
      'refuses %s',
      (from) => {
        expect(errorsOf({ ...minimal, from })).toEqual([
          "from: must be a local date-time without offset, YYYY-MM-DDTHH:mm (e.g. 2027-01-11T15:00), in the key's time zone",
        ]);
      },
    );

    it('refuses a date that does not exist', () => {
      expect(errorsOf({ ...minimal, until: '2027-02-30T11:00' })).toEqual([
        'until: 2027-02-30T11:00 is not a real date and time',
      ]);
    });

    it('needs until after from', () => {
      expect(errorsOf({ ...minimal, from: '2027-01-11T15:00', until: '2027-01-11T15:00' })).toEqual([
        'until: must be after from (2027-01-11T15:00)',
      ]);
      expect(errorsOf({ ...minimal, from: '2027-01-11T15:00:30', until: '2027-01-11T15:00' })).toEqual([
        'until: must be after from (2027-01-11T15:00:30)',
      ]);
    });

    it('takes hours across midnight but not an empty window', () => {
      expect(validateKeyRequest({ ...minimal, hours: { from: '22:00', to: '06:00' } }).ok).toBe(true);
      expect(errorsOf({ ...minimal, hours: { from: '10:00', to: '10:00' } })).toEqual([
        'hours.to: must differ from hours.from (leave hours out for the whole day)',
      ]);
    });
  });

  describe('credentials', () => {
    it.each(['keycard', 'fingerprint'])(
      'refuses %s with UNSUPPORTED_CREDENTIAL, saying the cloud has no API',
      (kind) => {
        const result = validateKeyRequest({ ...minimal, credentials: { smartkey: true, [kind]: true } });
        expect(result).toEqual({
          ok: false,
          code: 'UNSUPPORTED_CREDENTIAL',
          errors: [
            `credentials.${kind}: the Tedee cloud has no API for ${kind}s, so the hub cannot issue one; use doorcode, smartkey or appkey`,
          ],
        });
      },
    );

    it('refuses a keycard of one person even beside other problems, and names the person', () => {
      const result = validateKeyRequest({
        ...minimal,
        persons: [{ name: 'Ann', email: 'ann', credentials: { keycard: true } }],
      });
      expect(result).toMatchObject({ ok: false, code: 'UNSUPPORTED_CREDENTIAL' });
      expect(!result.ok && result.errors).toEqual([
        'persons[0].email: must be an email address',
        expect.stringMatching(/^persons\[0\]\.credentials\.keycard: the Tedee cloud has no API for keycards/),
      ]);
    });

    it('takes keycard: false as asking for nothing', () => {
      expect(validateKeyRequest({ ...minimal, credentials: { keycard: false, smartkey: true } }).ok).toBe(
        true,
      );
    });

    it('checks a given code against the PIN rules, with code PIN_INVALID when that is all', () => {
      expect(validateKeyRequest({ ...minimal, credentials: { doorcode: { code: '12345' } } })).toEqual({
        ok: false,
        code: 'PIN_INVALID',
        errors: [
          'credentials.doorcode.code: must not be a strictly ascending or descending sequence such as 12345, 13579 or 54321',
        ],
      });
      expect(errorsOf({ ...minimal, credentials: { doorcode: { code: '11112' } } })).toEqual([
        'credentials.doorcode.code: needs at least 3 different digits',
      ]);
      expect(errorsOf({ ...minimal, credentials: { doorcode: { code: '4829' } } })).toEqual([
        'credentials.doorcode.code: must be 5 to 8 digits',
      ]);
    });

    it('needs a code for preferred and strict, none for random, and a length only for random', () => {
      expect(errorsOf({ ...minimal, credentials: { doorcode: { policy: 'strict' } } })).toEqual([
        'credentials.doorcode.code: is required with policy strict',
      ]);
      expect(
        errorsOf({ ...minimal, credentials: { doorcode: { policy: 'random', code: '482913' } } }),
      ).toEqual([
        'credentials.doorcode.code: is not allowed with policy random; use policy preferred or strict',
      ]);
      expect(errorsOf({ ...minimal, credentials: { doorcode: { code: '482913', length: 8 } } })).toEqual([
        'credentials.doorcode.length: sets the length of a random code only; a given code has its own length',
      ]);
    });

    it('needs an email for an app key', () => {
      expect(errorsOf({ ...minimal, credentials: { appkey: true } })).toEqual([
        'persons[0].email: is required for an appkey (the Tedee app invitation goes to an email address)',
      ]);
      expect(
        validateKeyRequest({
          ...minimal,
          persons: [{ name: 'Ann', email: 'ann@example.com' }],
          credentials: { appkey: true },
        }).ok,
      ).toBe(true);
    });

    it('refuses one given code for two persons', () => {
      const two = [{ name: 'Ann' }, { name: 'Bob' }];
      expect(errorsOf({ ...minimal, persons: two, credentials: { doorcode: { code: '482913' } } })).toEqual([
        'credentials.doorcode.code: would be the code of 2 persons; give each person their own code in persons[i].credentials',
      ]);
      expect(
        errorsOf({
          ...minimal,
          persons: [{ name: 'Ann' }, { name: 'Bob', credentials: { doorcode: { code: '482913' } } }],
          credentials: { doorcode: { code: '482913' } },
        }),
      ).toEqual([
        'persons[1].credentials.doorcode.code: is the code of persons[0]; each person needs their own code',
      ]);
    });

    it("lets a person's own credentials replace the key's", () => {
      const request = {
        ...minimal,
        persons: [{ name: 'Ann', email: 'ann@example.com', credentials: { appkey: true } }, { name: 'Bob' }],
        credentials: { doorcode: { code: '482913', policy: 'strict' as const } },
      };
      expect(validateKeyRequest(request).ok).toBe(true);
      expect(credentialsFor(request, 0)).toEqual({ appkey: true });
      expect(credentialsFor(request, 1)).toEqual({ doorcode: { code: '482913', policy: 'strict' } });
    });

    it('gives a smart key when no credential is named, as the Portal does', () => {
      expect(credentialsFor(minimal, 0)).toEqual({ smartkey: true });
      expect(credentialsFor({ ...minimal, credentials: { doorcode: false } }, 0)).toEqual({ smartkey: true });
    });

    it('decides the doorcode policy: random without a code, preferred with one', () => {
      expect(doorcodeRequestOf({ doorcode: true })).toEqual({ policy: 'random' });
      expect(doorcodeRequestOf({ doorcode: { code: '482913' } })).toEqual({
        policy: 'preferred',
        code: '482913',
      });
      expect(doorcodeRequestOf({ doorcode: { policy: 'strict', code: '482913' } })).toEqual({
        policy: 'strict',
        code: '482913',
      });
      expect(doorcodeRequestOf({ smartkey: true })).toBeUndefined();
    });
  });

  it('refuses what is not an object', () => {
    expect(errorsOf(null)).toEqual(['(request): must be an object, not null']);
    expect(errorsOf([])).toEqual(['(request): must be an object, not a list']);
    expect(errorsOf('{}')).toEqual(['(request): must be an object, not a string']);
  });

  it('turns a refusal into a KeyError (a HubError) with every problem', () => {
    const result = validateKeyRequest({ ...minimal, doors: [] });
    if (result.ok) throw new Error('expected a refusal');
    const error = validationError(result);
    expect(error).toBeInstanceOf(KeyError);
    expect(error).toBeInstanceOf(HubError);
    expect(error.code).toBe('KEY_REQUEST_INVALID');
    expect(error.problems).toEqual(['doors: must have at least one door']);
    expect(error.message).toBe('The key request is not valid: doors: must have at least one door');
  });

  it('is one schema that can be published as JSON', () => {
    expect(JSON.parse(JSON.stringify(KEY_REQUEST_SCHEMA))).toEqual(KEY_REQUEST_SCHEMA);
  });
});

describe('validateProfile', () => {
  it('accepts a profile and fills in guest level and remote access', () => {
    expect(
      validateProfile({
        name: 'Cleaning',
        days: ['mon', 'fri'],
        hours: { from: '09:00', to: '13:00' },
        timeZone: 'Europe/Warsaw',
      }),
    ).toEqual({
      ok: true,
      profile: {
        name: 'Cleaning',
        accessLevel: 'guest',
        remoteAccess: true,
        days: ['mon', 'fri'],
        hours: { from: '09:00', to: '13:00' },
        timeZone: 'Europe/Warsaw',
      },
    });
  });

  it('names each bad field, with code PROFILE_INVALID', () => {
    expect(
      validateProfile({
        name: 'Cleaning',
        accessLevel: 'owner',
        remoteAccess: 'no',
        days: ['someday'],
        timeZone: 'Mars/Olympus',
      }),
    ).toEqual({
      ok: false,
      code: 'PROFILE_INVALID',
      errors: [
        'accessLevel: must be one of guest, admin',
        'remoteAccess: must be a boolean, not a string',
        'days[0]: must be one of mon, tue, wed, thu, fri, sat, sun',
        'timeZone: "Mars/Olympus" is not a known IANA time zone (such as Europe/Warsaw or America/New_York)',
      ],
    });
    expect(validateProfile({})).toEqual({
      ok: false,
      code: 'PROFILE_INVALID',
      errors: ['name: is required'],
    });
  });
});
