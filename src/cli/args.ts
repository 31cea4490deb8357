/** Argument parsing for the CLI: node's parseArgs, with errors that say what is allowed. */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './io.js';

/** Wrong arguments: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<T extends Options>(
  argv: string[],
  options: T,
  positionals: { min: number; max: number; names: string },
) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true } as const);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min || count > positionals.max) {
    throw new UsageError(
      positionals.max === 0
        ? `unexpected argument "${parsed.positionals[0]}"`
        : `expected ${positionals.names}`,
    );
  }
  return parsed;
}

/** A numeric option within [min, max] (whole numbers only unless `fractions`), or `fallback` when absent. */
export function numericOption(
  raw: string | undefined,
  name: string,
  range: { min: number; max: number; fallback: number; fractions?: boolean },
): number {
  if (raw === undefined) return range.fallback;
  const value = Number(raw);
  const whole = range.fractions ? Number.isFinite(value) : Number.isInteger(value);
  if (!whole || value < range.min || value > range.max) {
    const kind = range.fractions ? 'a number' : 'a whole number';
    throw new UsageError(`--${name} must be ${kind} from ${range.min} to ${range.max}, got "${raw}"`);
  }
  return value;
}

export const CLOUD_OPTIONS = {
  'api-url': { type: 'string' },
  key: { type: 'string' },
} as const satisfies Options;

export interface CloudArgs {
  personalAccessKey: string;
  apiUrl?: string;
}

/** The key and URL from --key/--api-url or TEDEE_PAK/TEDEE_API_URL. */
export function cloudArgs(values: Record<string, unknown>, io: CliIo): CloudArgs {
  const personalAccessKey = (values.key as string | undefined) ?? io.env.TEDEE_PAK;
  if (!personalAccessKey)
    throw new UsageError('a Personal Access Key is needed: set TEDEE_PAK (or pass --key)');
  const apiUrl = (values['api-url'] as string | undefined) ?? io.env.TEDEE_API_URL;
  if (apiUrl !== undefined && !/^https?:\/\/\S+$/.test(apiUrl))
    throw new UsageError(`--api-url must be an http(s) URL, got "${apiUrl}"`);
  return { personalAccessKey, apiUrl };
}
