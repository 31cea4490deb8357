/**
 * The rules of a key request that a JSON schema cannot say: a known IANA zone, a real date, `until` after
 * `from`, the PIN rules, an email for an app key, one code per person, and keycard/fingerprint refused.
 * They read the input defensively, so they also run when the schema found problems elsewhere: a keycard is
 * reported even beside a bad email.
 */
import { DateTime } from 'luxon';
import { PIN_MAX_LENGTH, PIN_MIN_LENGTH, pinProblem } from '../cloud/pinRules.js';
import { UNSUPPORTED_CREDENTIALS } from './credentials.js';
import { isTimeZone } from './schedule/timeZones.js';
import type { KeyErrorCode } from './errors.js';

export interface Problem {
  path: string;
  message: string;
  code: KeyErrorCode;
}

type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const invalid = (path: string, message: string): Problem => ({ path, message, code: 'KEY_REQUEST_INVALID' });

export function timeZoneProblems(input: Loose): Problem[] {
  const zone = input.timeZone;
  if (typeof zone !== 'string' || zone === '' || isTimeZone(zone)) return [];
  return [
    invalid(
      'timeZone',
      `"${zone}" is not a known IANA time zone (such as Europe/Warsaw or America/New_York)`,
    ),
  ];
}

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** A local date-time as comparable text (seconds added), or undefined when it is not a real one. */
function localTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || !LOCAL.test(value)) return undefined;
  const parsed = DateTime.fromISO(value, { zone: 'UTC' });
  return parsed.isValid ? parsed.toFormat("yyyy-MM-dd'T'HH:mm:ss") : undefined;
}

export function periodProblems(input: Loose): Problem[] {
  const problems: Problem[] = [];
  for (const field of ['from', 'until'] as const) {
    const value = input[field];
    if (typeof value === 'string' && LOCAL.test(value) && localTime(value) === undefined)
      problems.push(invalid(field, `${value} is not a real date and time`));
  }
  const from = localTime(input.from);
  const until = localTime(input.until);
  if (from !== undefined && until !== undefined && until <= from)
    problems.push(invalid('until', `must be after from (${String(input.from)})`));
  return problems;
}

export function hoursProblems(hours: unknown, path: string): Problem[] {
  if (!isObject(hours) || typeof hours.from !== 'string' || hours.from !== hours.to) return [];
  return [invalid(`${path}.to`, 'must differ from hours.from (leave hours out for the whole day)')];
}

/** keycard/fingerprint, and a doorcode's policy, code and length, in one credentials block. */
export function credentialProblems(credentials: unknown, path: string): Problem[] {
  if (!isObject(credentials)) return [];
  const problems: Problem[] = [];
  for (const kind of UNSUPPORTED_CREDENTIALS) {
    if (credentials[kind] === true)
      problems.push({
        path: `${path}.${kind}`,
        code: 'UNSUPPORTED_CREDENTIAL',
        message: `the Tedee cloud has no API for ${kind}s, so the hub cannot issue one; use doorcode, smartkey or appkey`,
      });
  }
  const doorcode = credentials.doorcode;
  if (!isObject(doorcode)) return problems;
  const at = `${path}.doorcode`;
  const { policy, code, length } = doorcode;
  // Digits and length are the schema's to report; the rest of the PIN rules are checked here.
  if (typeof code === 'string' && new RegExp(`^\\d{${PIN_MIN_LENGTH},${PIN_MAX_LENGTH}}$`).test(code)) {
    const problem = pinProblem(code);
    if (problem)
      problems.push({ path: `${at}.code`, message: problem.replace(/^the PIN /, ''), code: 'PIN_INVALID' });
  }
  if ((policy === 'preferred' || policy === 'strict') && code === undefined)
    problems.push(invalid(`${at}.code`, `is required with policy ${policy}`));
  if (policy === 'random' && code !== undefined)
    problems.push(invalid(`${at}.code`, 'is not allowed with policy random; use policy preferred or strict'));
  if (length !== undefined && code !== undefined)
    problems.push(
      invalid(`${at}.length`, 'sets the length of a random code only; a given code has its own length'),
    );
  return problems;
}

function givenCode(credentials: unknown): string | undefined {
  if (!isObject(credentials) || !isObject(credentials.doorcode)) return undefined;
  const code = credentials.doorcode.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Per person: an email when they get an app key, and their own doorcode: the same given code for two
 * persons of one key always collides on every door, so it is refused here rather than at the first door.
 */
export function personProblems(input: Loose): Problem[] {
  if (!Array.isArray(input.persons)) return [];
  const problems: Problem[] = [];
  const owners = new Map<string, number>();
  const inheritors: number[] = [];
  input.persons.forEach((person: unknown, index) => {
    if (!isObject(person)) return;
    const own = person.credentials;
    const credentials = own ?? input.credentials;
    if (isObject(credentials) && credentials.appkey !== undefined && credentials.appkey !== false) {
      if (person.email === undefined)
        problems.push(
          invalid(
            `persons[${index}].email`,
            'is required for an appkey (the Tedee app invitation goes to an email address)',
          ),
        );
    }
    const code = givenCode(credentials);
    if (code === undefined) return;
    if (own === undefined) inheritors.push(index);
    const first = owners.get(code);
    if (first === undefined) owners.set(code, index);
    else if (own !== undefined)
      problems.push(
        invalid(
          `persons[${index}].credentials.doorcode.code`,
          `is the code of persons[${first}]; each person needs their own code`,
        ),
      );
  });
  if (inheritors.length > 1)
    problems.push(
      invalid(
        'credentials.doorcode.code',
        `would be the code of ${inheritors.length} persons; give each person their own code in persons[i].credentials`,
      ),
    );
  return problems;
}

/** Every rule above, for a key request. */
export function keyRequestRuleProblems(input: Loose): Problem[] {
  const persons = Array.isArray(input.persons) ? input.persons : [];
  return [
    ...timeZoneProblems(input),
    ...periodProblems(input),
    ...hoursProblems(input.hours, 'hours'),
    ...credentialProblems(input.credentials, 'credentials'),
    ...persons.flatMap((person: unknown, index) =>
      isObject(person) ? credentialProblems(person.credentials, `persons[${index}].credentials`) : [],
    ),
    ...personProblems(input),
  ];
}
