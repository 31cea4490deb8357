/** Argument parsing for the CLI: node's parseArgs, with errors that say what is allowed. */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { DEFAULT_API_URL } from '../core/index.js';
import { loadConfigFile } from './configFile.js';
import type { CliIo } from './io.js';
import { DEFAULT_TIMEOUT_S } from './usage.js';

/** Wrong arguments: the CLI prints the message, the command's usage line and a pointer to --help; exit 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node's parseArgs messages, shortened to what the user typed wrong. */
function usageMessage(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-{1,2}[^' ]*)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return message.includes('does not take') ? `${option} takes no value` : `${option} needs a value`;
  return message;
}

/**
 * `--locks -1` as `--locks=-1`: parseArgs takes a value starting with a dash for an option and says "--locks
 * needs a value"; a negative number is a value (no option is a digit), which the option's own check then
 * names with what is allowed.
 */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // After "--" every argument is a positional, as parseArgs reads it.
    if (arg === '--') return [...joined, ...argv.slice(i)];
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name && options[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

export function parse<T extends Options>(
  argv: string[],
  options: T,
  positionals: { min: number; max: number; names: string },
) {
  let parsed;
  try {
    const args = joinNegativeValues(argv, options);
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true } as const);
  } catch (error) {
    throw new UsageError(usageMessage(error));
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
  if (raw.trim() === '' || !whole || value < range.min || value > range.max) {
    const kind = range.fractions ? 'a number' : 'a whole number';
    throw new UsageError(`--${name} must be ${kind} from ${range.min} to ${range.max}, got "${raw}"`);
  }
  return value;
}

export const CLOUD_OPTIONS = {
  'api-url': { type: 'string' },
  key: { type: 'string' },
  config: { type: 'string' },
  timeout: { type: 'string' },
  verbose: { type: 'boolean' },
} as const satisfies Options;

export interface CloudArgs {
  personalAccessKey: string;
  apiUrl: string;
  /** Seconds the command may wait in all (--timeout). */
  timeout: number;
  /** Print the hub's own log lines too (--verbose). */
  verbose: boolean;
}

/**
 * The key and URL of a hub configuration file (`--config`, as `tedee-hub run` reads it): a key that stays out
 * of the process list and the shell's history, and the same file the daemon runs on.
 */
async function fromConfigFile(path: string | undefined, io: CliIo) {
  if (path === undefined) return undefined;
  const loaded = await loadConfigFile(path, io.env);
  if (!loaded.ok) throw new UsageError(`--config: ${loaded.errors.join('; ')}`);
  return { personalAccessKey: loaded.config.personalAccessKey, apiUrl: loaded.config.apiUrl };
}

/**
 * The key and URL from --key/--api-url, else the --config file, else TEDEE_PAK/TEDEE_API_URL; and --timeout
 * and --verbose.
 */
export async function cloudArgs(values: Record<string, unknown>, io: CliIo): Promise<CloudArgs> {
  const file = await fromConfigFile(values.config as string | undefined, io);
  const personalAccessKey = (values.key as string | undefined) || file?.personalAccessKey || io.env.TEDEE_PAK;
  if (!personalAccessKey)
    throw new UsageError('a Personal Access Key is needed: set TEDEE_PAK (or pass --key or --config)');
  const apiUrl =
    (values['api-url'] as string | undefined) || file?.apiUrl || io.env.TEDEE_API_URL || DEFAULT_API_URL;
  if (!/^https?:\/\/\S+$/.test(apiUrl))
    throw new UsageError(`--api-url (or TEDEE_API_URL) must be an http(s) URL, got "${apiUrl}"`);
  const timeout = numericOption(values.timeout as string | undefined, 'timeout', {
    min: 1,
    max: 3600,
    fallback: DEFAULT_TIMEOUT_S,
  });
  return { personalAccessKey, apiUrl, timeout, verbose: values.verbose === true };
}
