import { badRequest } from './apiError.js';

/** Reading request bodies with 400 answers that name the field and what it must be. */
export type Fields = Record<string, unknown>;

export function asObject(body: unknown, what = 'The request body'): Fields {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest(`${what} must be a JSON object.`);
  return body as Fields;
}

export function text(fields: Fields, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || value.trim() === '')
    throw badRequest(`${name} is required and must be a non-empty string.`);
  return value;
}

export function optionalText(fields: Fields, name: string): string | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw badRequest(`${name} must be a string.`);
  return value;
}

export function integer(fields: Fields, name: string, allowed?: readonly number[]): number {
  const value = fields[name];
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw badRequest(`${name} is required and must be an integer.`);
  if (allowed && !allowed.includes(value)) throw badRequest(`${name} must be one of ${allowed.join(', ')}.`);
  return value;
}

export function optionalBoolean(fields: Fields, name: string, fallback: boolean): boolean {
  const value = fields[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw badRequest(`${name} must be true or false.`);
  return value;
}

/** An ISO date-time or null; dates sent to Tedee must be UTC. */
export function optionalDate(fields: Fields, name: string): string | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !Number.isFinite(Date.parse(value)))
    throw badRequest(`${name} must be an ISO date-time or null.`);
  return value;
}

/** A time of day: a bare "HH:MM:SS(.sss)Z" or a full ISO date-time whose date part is ignored. */
export function optionalTimeOfDay(fields: Fields, name: string): string | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  const bare = typeof value === 'string' && /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?$/.test(value);
  if (typeof value !== 'string' || (!bare && !Number.isFinite(Date.parse(value)))) {
    throw badRequest(`${name} must be a time of day (ISO date-time or HH:MM:SS) or null.`);
  }
  return value;
}

export function optionalWeekDays(fields: Fields, name = 'weekDays'): number | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 127) {
    throw badRequest(`${name} must be a week-day bitmask from 0 to 127 (Mon=1 ... Sun=64) or null.`);
  }
  return value;
}

/** The five time-window fields shared by PINs and accesses, checked together. */
export function timeWindow(fields: Fields) {
  const window = {
    startDate: optionalDate(fields, 'startDate'),
    endDate: optionalDate(fields, 'endDate'),
    dayStartTime: optionalTimeOfDay(fields, 'dayStartTime'),
    dayEndTime: optionalTimeOfDay(fields, 'dayEndTime'),
    weekDays: optionalWeekDays(fields),
  };
  return window;
}

/** Why a time window is inconsistent, or undefined. */
export function windowProblem(window: ReturnType<typeof timeWindow>): string | undefined {
  if (window.startDate && window.endDate && Date.parse(window.startDate) >= Date.parse(window.endDate)) {
    return 'startDate must be before endDate';
  }
  if ((window.dayStartTime === null) !== (window.dayEndTime === null)) {
    return 'dayStartTime and dayEndTime must be given together';
  }
  return undefined;
}
