/** The `tedee-hub` command: dispatch, usage on wrong arguments (exit 2), errors (exit 1). */
import { errorMessage } from '../util/errors.js';
import { UsageError } from './args.js';
import { checkConfigCommand } from './commands/checkConfig.js';
import { demoCommand } from './commands/demo.js';
import { emulatorCommand } from './commands/emulator.js';
import { locksCommand } from './commands/locks.js';
import { operateCommand } from './commands/operate.js';
import { runCommand } from './commands/run.js';
import { watchCommand } from './commands/watch.js';
import type { CliIo } from './io.js';
import { USAGE } from './usage.js';

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  emulator: emulatorCommand,
  locks: locksCommand,
  lock: (argv, io) => operateCommand('lock', argv, io),
  unlock: (argv, io) => operateCommand('unlock', argv, io),
  open: (argv, io) => operateCommand('open', argv, io),
  watch: watchCommand,
  'check-config': checkConfigCommand,
  demo: demoCommand,
  run: runCommand,
};

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`tedee-hub: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`tedee-hub ${name}: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`tedee-hub ${name}: ${errorMessage(error)}`);
    return 1;
  }
}
