/**
 * The values of the key flags, one parser each (pure): `--person "Name <email> +phone"`, `--doors A,B`,
 * `--days mon-fri`, `--hours 09:00-17:00`. Each throws a UsageError that names its flag and what is allowed.
 */
import type { DailyHours, PersonRequest, Weekday } from '../../core/keys/model.js';
import { WEEKDAYS } from '../../core/keys/model.js';
import { UsageError } from '../args.js';

/** A phone number is the last word when it starts with "+" (E.164), so a name such as "Room 12" stays a name. */
const PHONE = /(?:^|\s)(\+[\d\s().-]*\d)\s*$/;

/** "Ann Smith <ann@example.com> +48600100200" -> {name, email, phone}; email and phone are optional. */
export function parsePerson(raw: string): PersonRequest {
  let rest = raw.trim();
  let email: string | undefined;
  const bracket = /<([^<>]*)>/.exec(rest);
  if (bracket) {
    email = bracket[1]!.trim();
    rest = (rest.slice(0, bracket.index) + ' ' + rest.slice(bracket.index + bracket[0].length)).trim();
    if (email === '') throw new UsageError(`--person "${raw}": the email between < and > is empty`);
  }
  if (/[<>]/.test(rest)) throw new UsageError(`--person "${raw}": put the email between < and >, once`);
  let phone: string | undefined;
  const phoneMatch = PHONE.exec(rest);
  if (phoneMatch) {
    phone = phoneMatch[1]!.replace(/[\s().-]/g, '');
    rest = rest.slice(0, phoneMatch.index).trim();
  }
  const name = rest.replace(/\s+/g, ' ');
  if (name === '')
    throw new UsageError(`--person "${raw}" needs a name: "Name <email> +phone" (email and phone optional)`);
  return { name, ...(email !== undefined && { email }), ...(phone !== undefined && { phone }) };
}

/** "101,Front Door,20420103-000002" -> [101, "Front Door", "20420103-000002"]: digits only = a lock id. */
export function parseDoors(raw: string, flag = '--doors'): (string | number)[] {
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.some((part) => part === ''))
    throw new UsageError(`${flag} takes lock ids, serial numbers or names separated by commas, got "${raw}"`);
  return parts.map((part) => (/^\d{1,15}$/.test(part) ? Number(part) : part));
}

function daysError(raw: string): UsageError {
  return new UsageError(
    `--days takes days mon..sun as a range (mon-fri) or a list (mon,wed,fri), got "${raw}"`,
  );
}

function weekday(word: string, raw: string): number {
  const index = WEEKDAYS.indexOf(word.toLowerCase() as Weekday);
  if (index < 0) throw daysError(raw);
  return index;
}

/** "mon-fri", "mon,wed,fri", "mon-wed,sat", "fri-mon" (a range may wrap over Sunday) -> days in week order. */
export function parseDays(raw: string): Weekday[] {
  const days = new Set<number>();
  for (const part of raw.split(',').map((piece) => piece.trim())) {
    const [first, last, extra] = part.split('-').map((piece) => piece.trim());
    if (!first || extra !== undefined || last === '') throw daysError(raw);
    const start = weekday(first, raw);
    const end = last === undefined ? start : weekday(last, raw);
    for (let day = start; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === end) break;
    }
  }
  return WEEKDAYS.filter((_, index) => days.has(index));
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "09:00-17:00" -> {from, to}; "22:00-06:00" is a window across midnight. */
export function parseHours(raw: string): DailyHours {
  const [from, to, extra] = raw.split('-').map((piece) => piece.trim());
  if (!from || !to || extra !== undefined || !TIME.test(from) || !TIME.test(to) || from === to)
    throw new UsageError(`--hours takes HH:MM-HH:MM in 24 h time (e.g. 09:00-17:00), got "${raw}"`);
  return { from, to };
}

/** A whole number within [min, max], or undefined when the flag is absent. */
export function optionalInteger(raw: string | undefined, flag: string, min: number, max: number) {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}

/** One of `allowed`, or undefined when absent. */
export function oneOf<T extends string>(raw: string | undefined, flag: string, allowed: readonly T[]) {
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw))
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}
