/** The `tedee-hub` command: dispatch, --help and --version, usage on wrong arguments (exit 2), errors (exit 1). */
import { VERSION } from '../runtime/version.js';
import { errorMessage } from '../util/errors.js';
import { printable } from '../util/printable.js';
import { UsageError } from './args.js';
import { checkConfigCommand } from './commands/checkConfig.js';
import { demoCommand } from './commands/demo.js';
import { emulatorCommand } from './commands/emulator.js';
import { locksCommand } from './commands/locks.js';
import { operateCommand } from './commands/operate.js';
import { runCommand } from './commands/run.js';
import { watchCommand } from './commands/watch.js';
import type { CliIo } from './io.js';
import { COMMAND_USAGE, HELP_POINTER, USAGE } from './usage.js';

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  emulator: emulatorCommand,
  locks: locksCommand,
  lock: (argv, io) => operateCommand('lock', argv, io),
  unlock: (argv, io) => operateCommand('unlock', argv, io),
  open: (argv, io) => operateCommand('open', argv, io),
  watch: watchCommand,
  'check-config': checkConfigCommand,
  run: runCommand,
  demo: demoCommand,
  // Loaded when used: the key commands bring the key store (node:sqlite, experimental on Node 22, where
  // loading it prints a warning) and the request schema, which no other command needs.
  keys: async (argv, io) => (await import('./commands/keys.js')).keysCommand(argv, io),
  profiles: async (argv, io) => (await import('./commands/profiles.js')).profilesCommand(argv, io),
  // The applications and the audit log of the HTTP API live in the same store.
  apps: async (argv, io) => (await import('./commands/apps.js')).appsCommand(argv, io),
  audit: async (argv, io) => (await import('./commands/audit.js')).auditCommand(argv, io),
};

const HELP = ['--help', '-h', 'help'];
const VERSION_FLAGS = ['--version', '-v'];

/**
 * The io every command writes through: each call is one line, and any control character in it (a lock name
 * from the cloud, an argument) is shown escaped. Text of several lines is written line by line.
 */
function safeIo(io: CliIo): CliIo {
  return { ...io, out: (line) => io.out(printable(line)), err: (line) => io.err(printable(line)) };
}

function lines(text: string): string[] {
  return text.split('\n');
}

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(argv: string[], rawIo: CliIo): Promise<number> {
  const io = safeIo(rawIo);
  const [name, ...rest] = argv;
  if (name === undefined || HELP.includes(name)) {
    lines(USAGE).forEach(name === undefined ? io.err : io.out);
    return name === undefined ? 2 : 0;
  }
  if (VERSION_FLAGS.includes(name)) {
    io.out(`tedee-hub ${VERSION}`);
    return 0;
  }
  // Own names only: "constructor" or "__proto__" must not find Object's own and run it as a command.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`tedee-hub: unknown command "${name}"; the commands are ${Object.keys(COMMANDS).join(', ')}.`);
    io.err(HELP_POINTER);
    return 2;
  }
  const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (options.some((arg) => arg === '--help' || arg === '-h')) {
    lines(USAGE).forEach(io.out);
    return 0;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`tedee-hub ${name}: ${error.message}`);
      io.err(`Usage: ${COMMAND_USAGE[name]}`);
      io.err(HELP_POINTER);
      return 2;
    }
    io.err(`tedee-hub ${name}: ${errorMessage(error)}`);
    return 1;
  }
}
