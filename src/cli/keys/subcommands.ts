/**
 * `tedee-hub keys <sub>` and `tedee-hub profiles <sub>`: dispatch to the subcommand, its own usage line on
 * wrong arguments (exit 2), and a failure as one line with its code (exit 1) in the subcommand's words.
 */
import { UsageError } from '../args.js';
import type { CliIo } from '../io.js';
import { HELP_POINTER } from '../usage.js';
import { describeKeyError } from './keyErrors.js';

/** A subcommand; `codes` collects the doorcodes it was given, to mask them in an error line. */
export type Subcommand = (argv: string[], io: CliIo, codes: string[]) => Promise<number>;

export interface SubcommandSet {
  command: string;
  subcommands: Record<string, { run: Subcommand; usage: string }>;
}

export async function runSubcommand(set: SubcommandSet, argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const names = Object.keys(set.subcommands);
  // Own names only: "constructor" or "__proto__" must not find Object's own.
  const entry = sub !== undefined && Object.hasOwn(set.subcommands, sub) ? set.subcommands[sub] : undefined;
  if (!entry) {
    const got =
      sub === undefined
        ? 'a subcommand is needed'
        : sub.startsWith('-')
          ? `a subcommand is needed before the options (tedee-hub ${set.command} <subcommand> [options])`
          : `unknown subcommand "${sub}"`;
    io.err(`tedee-hub ${set.command}: ${got}; the subcommands are ${names.join(', ')}.`);
    io.err(HELP_POINTER);
    return 2;
  }
  const codes: string[] = [];
  try {
    return await entry.run(rest, io, codes);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`tedee-hub ${set.command} ${sub}: ${error.message}`);
      io.err(`Usage: ${entry.usage}`);
      io.err(HELP_POINTER);
      return 2;
    }
    io.err(`tedee-hub ${set.command} ${sub}: ${describeKeyError(error, codes)}`);
    return 1;
  }
}
