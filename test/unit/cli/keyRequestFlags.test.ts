import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/args.js';
import { parseDays, parseDoors, parseHours, parsePerson } from '../../../src/cli/keys/flagValues.js';
import {
  KEY_REQUEST_OPTIONS,
  keyRequestFromFlags,
  problemWithFlag,
  requestFlagsGiven,
  roleFromFlags,
} from '../../../src/cli/keys/keyRequestFlags.js';
import { keyUpdateFromFlags } from '../../../src/cli/commands/keysIssue.js';
import { profileFromFlags } from '../../../src/cli/commands/profiles.js';
import { validateKeyRequest } from '../../../src/core/keys/validateKeyRequest.js';

const flags = (...args: string[]) =>
  parseArgs({ args, options: { ...KEY_REQUEST_OPTIONS, role: { type: 'string' } }, strict: true }).values;

const usage = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('--person "Name <email> +phone"', () => {
  it('reads the name, the email in <> and the phone, each optional but the name', () => {
    expect(parsePerson('Ann Smith <ann@example.com> +48600100200')).toEqual({
      name: 'Ann Smith',
      email: 'ann@example.com',
      phone: '+48600100200',
    });
    expect(parsePerson('Ann Smith')).toEqual({ name: 'Ann Smith' });
    expect(parsePerson('  Bob   Lee  <bob@example.com>')).toEqual({
      name: 'Bob Lee',
      email: 'bob@example.com',
    });
    expect(parsePerson('Cleaner +48 600 100 200')).toEqual({ name: 'Cleaner', phone: '+48600100200' });
    // Digits without "+" belong to the name.
    expect(parsePerson('Room 12')).toEqual({ name: 'Room 12' });
  });

  it('refuses a person without a name, an empty or a second email, naming --person', () => {
    expect(usage(() => parsePerson('<ann@example.com>'))).toMatch(
      /^--person "<ann@example.com>" needs a name/,
    );
    expect(usage(() => parsePerson('Ann <>'))).toMatch(/^--person .*empty/);
    expect(usage(() => parsePerson('Ann <a@example.com> <b@example.com>'))).toMatch(/^--person .*once/);
  });
});

describe('--doors, --days, --hours', () => {
  it('reads doors as ids (digits), serials and names', () => {
    expect(parseDoors('101, Front Door,20420103-000002')).toEqual([101, 'Front Door', '20420103-000002']);
    expect(usage(() => parseDoors('101,,102'))).toMatch(/^--doors takes/);
  });

  it('reads ranges, lists and ranges that wrap over Sunday, in week order', () => {
    expect(parseDays('mon-fri')).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(parseDays('fri,mon,WED')).toEqual(['mon', 'wed', 'fri']);
    expect(parseDays('fri-mon')).toEqual(['mon', 'fri', 'sat', 'sun']);
    expect(parseDays('mon-tue,sat')).toEqual(['mon', 'tue', 'sat']);
    for (const bad of ['monday', 'mon-', 'mon-tue-wed', '', 'x'])
      expect(usage(() => parseDays(bad))).toMatch(/^--days takes days mon..sun/);
  });

  it('reads hours as HH:MM-HH:MM, across midnight too', () => {
    expect(parseHours('09:00-17:00')).toEqual({ from: '09:00', to: '17:00' });
    expect(parseHours('22:00-06:00')).toEqual({ from: '22:00', to: '06:00' });
    for (const bad of ['9-17', '09:00', '24:00-01:00', '09:00-09:00'])
      expect(usage(() => parseHours(bad))).toMatch(/^--hours takes HH:MM-HH:MM/);
  });
});

describe('keys issue flags -> KeyRequest', () => {
  it('builds the request of the issue example, which the one schema accepts', () => {
    const request = keyRequestFromFlags(
      flags(
        '--name',
        'Stay 4411',
        '--person',
        'Ann Smith <ann@example.com> +48600100200',
        '--doors',
        'Front Door,102',
        '--doorcode',
        '--policy',
        'preferred',
        '--code',
        '482913',
        '--smartkey',
        '--from',
        '2027-01-11T15:00',
        '--until',
        '2027-01-14T11:00',
        '--days',
        'mon-tue',
        '--hours',
        '09:00-17:00',
        '--tz',
        'Europe/Warsaw',
        '--profile',
        'Cleaning',
        '--request-id',
        'booking-4411',
      ),
    );
    expect(request).toEqual({
      name: 'Stay 4411',
      persons: [{ name: 'Ann Smith', email: 'ann@example.com', phone: '+48600100200' }],
      doors: ['Front Door', 102],
      credentials: { smartkey: true, doorcode: { policy: 'preferred', code: '482913' } },
      from: '2027-01-11T15:00',
      until: '2027-01-14T11:00',
      days: ['mon', 'tue'],
      hours: { from: '09:00', to: '17:00' },
      timeZone: 'Europe/Warsaw',
      profile: 'Cleaning',
      requestId: 'booking-4411',
    });
    expect(validateKeyRequest(request).ok).toBe(true);
  });

  it('names no credentials when none is given (the service then gives a smart key), repeats --person', () => {
    const request = keyRequestFromFlags(
      flags('--name', 'K', '--person', 'A', '--person', 'B', '--doors', '101', '--dry-run', '--best-effort'),
    );
    expect(request).toEqual({
      name: 'K',
      persons: [{ name: 'A' }, { name: 'B' }],
      doors: [101],
      dryRun: true,
      bestEffort: true,
    });
  });

  it('passes --keycard and --fingerprint on, so that the service refuses them (UNSUPPORTED_CREDENTIAL)', () => {
    const request = keyRequestFromFlags(
      flags('--name', 'K', '--person', 'A', '--doors', '101', '--keycard', '--fingerprint'),
    );
    expect(request.credentials).toEqual({ keycard: true, fingerprint: true });
    const result = validateKeyRequest(request);
    expect(result.ok === false && result.code).toBe('UNSUPPORTED_CREDENTIAL');
  });

  it('refuses a missing field or a doorcode option without --doorcode, naming the flag', () => {
    expect(usage(() => keyRequestFromFlags(flags('--person', 'A', '--doors', '1')))).toMatch(
      /^--name is required/,
    );
    expect(usage(() => keyRequestFromFlags(flags('--name', 'K', '--doors', '1')))).toMatch(
      /^--person .* is required/,
    );
    expect(usage(() => keyRequestFromFlags(flags('--name', 'K', '--person', 'A')))).toMatch(
      /^--doors is required/,
    );
    const base = ['--name', 'K', '--person', 'A', '--doors', '1'];
    expect(usage(() => keyRequestFromFlags(flags(...base, '--code', '482913')))).toBe(
      '--code needs --doorcode',
    );
    expect(usage(() => keyRequestFromFlags(flags(...base, '--doorcode', '--policy', 'lucky')))).toBe(
      '--policy must be one of random, preferred, strict, got "lucky"',
    );
    expect(usage(() => keyRequestFromFlags(flags(...base, '--doorcode', '--policy', 'strict')))).toBe(
      '--policy strict needs --code',
    );
    expect(usage(() => keyRequestFromFlags(flags(...base, '--doorcode', '--length', '9')))).toBe(
      '--length must be a whole number from 5 to 8, got "9"',
    );
    // A bad code is refused without echoing it (a doorcode is a secret).
    expect(usage(() => keyRequestFromFlags(flags(...base, '--doorcode', '--code', '12ab56')))).toBe(
      '--code must be 5 to 8 digits',
    );
  });

  it('reads --role, default owner, and refuses an unknown one', () => {
    expect(roleFromFlags(flags())).toBe('owner');
    expect(roleFromFlags(flags('--role', 'housekeeping'))).toBe('housekeeping');
    expect(usage(() => roleFromFlags(flags('--role', 'boss')))).toMatch(
      /^--role must be one of owner, general-manager, team, installer, housekeeping/,
    );
  });

  it('names the flags given, to refuse mixing them with --request FILE (--dry-run may preview a file)', () => {
    expect(requestFlagsGiven(flags('--name', 'K', '--doorcode', '--dry-run'))).toEqual([
      '--name',
      '--doorcode',
    ]);
  });

  it('turns a validation path into the flag that set it', () => {
    expect(problemWithFlag('persons[0].email: must be an email address')).toBe(
      '--person (persons[0].email): must be an email address',
    );
    expect(problemWithFlag('timeZone: "Mars/X" is not a known IANA time zone')).toBe(
      '--tz (timeZone): "Mars/X" is not a known IANA time zone',
    );
    expect(problemWithFlag('credentials.doorcode.code: needs at least 3 different digits')).toMatch(
      /^--code \(credentials/,
    );
    expect(problemWithFlag('from: must be a local date-time')).toBe(
      '--from (from): must be a local date-time',
    );
  });
});

describe('keys update and profiles add flags', () => {
  it('reads the changes given, "none" clearing an optional field, and needs at least one', () => {
    const values = parseArgs({
      args: ['--doors', '101,102', '--until', 'none', '--days', 'sat-sun', '--hours', 'none'],
      options: {
        doors: { type: 'string' },
        until: { type: 'string' },
        days: { type: 'string' },
        hours: { type: 'string' },
      },
    }).values;
    expect(keyUpdateFromFlags(values)).toEqual({
      doors: [101, 102],
      until: null,
      days: ['sat', 'sun'],
      hours: null,
    });
    expect(usage(() => keyUpdateFromFlags({}))).toMatch(/^name at least one change/);
  });

  it('builds a profile with the defaults filled in, and names a bad flag', () => {
    expect(
      profileFromFlags('Cleaning', { days: 'mon-fri', hours: '09:00-12:00', tz: 'Europe/Warsaw' }),
    ).toEqual({
      name: 'Cleaning',
      accessLevel: 'guest',
      remoteAccess: true,
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      hours: { from: '09:00', to: '12:00' },
      timeZone: 'Europe/Warsaw',
    });
    expect(profileFromFlags('Staff', { level: 'admin', remote: 'off' })).toMatchObject({
      accessLevel: 'admin',
      remoteAccess: false,
    });
    expect(usage(() => profileFromFlags('X', { level: 'root' }))).toMatch(
      /^--level must be one of guest, admin/,
    );
    expect(usage(() => profileFromFlags('X', { tz: 'Mars/X' }))).toMatch(/^--tz \(timeZone\)/);
  });
});
