import { DEFAULT_API_URL } from '../core/index.js';

/** Seconds a cloud command waits in all, unless --timeout says otherwise. */
export const DEFAULT_TIMEOUT_S = 30;

/** Each command's own usage line, printed with an argument error (the whole help is one --help away). */
export const COMMAND_USAGE: Record<string, string> = {
  emulator: 'tedee-hub emulator [--port N] [--locks N] [--seed S] [--speed X]',
  locks: 'tedee-hub locks [--json] [cloud options]',
  lock: 'tedee-hub lock <lock> [--wait] [cloud options]',
  unlock: 'tedee-hub unlock <lock> [--wait] [cloud options]',
  open: 'tedee-hub open <lock> [--wait] [cloud options]',
  watch: 'tedee-hub watch [--json] [--interval S] [cloud options]',
  'check-config': 'tedee-hub check-config <file>',
  run: 'tedee-hub run --config <file> [--log-format text|json]',
  demo: 'tedee-hub demo [--once] [--speed X]',
};

export const HELP_POINTER = 'Run "tedee-hub --help" for every command and option.';

export const USAGE = `Usage: tedee-hub <command> [options]

Commands:
  emulator [--port N] [--locks N] [--seed S] [--speed X]
                               run the local Tedee cloud emulator; prints {"url", "key"} as one JSON line
  locks [--json]               list the locks of the account
  lock|unlock|open <lock> [--wait]
                               operate a lock, named by id, serial number or name; --wait: until it confirms
  watch [--json] [--interval S]
                               print one line per hub event until Ctrl-C
  check-config <file>          validate a configuration file; prints "ok" (and any warnings) or each problem
  run --config <file> [--log-format text|json]
                               run the hub and the MQTT mirror from a configuration file
                               (TEDEE_PAK and TEDEE_API_URL fill in a key or URL the file leaves out)
  demo [--once] [--speed X]    the demo: emulator, hub and MQTT mirror on embedded defaults

Cloud options (locks, lock, unlock, open, watch):
  --api-url URL   Tedee API URL (or TEDEE_API_URL; default ${DEFAULT_API_URL})
  --key KEY       Personal Access Key (or TEDEE_PAK, which keeps it out of the process list)
  --timeout S     give up after S seconds (default ${DEFAULT_TIMEOUT_S}): the whole command, or for watch
                  the first reading of the locks
  --verbose       also print the hub's own log lines

Other options:
  --help, -h      this help
  --version, -v   the version

Exit status:
  0  done (for lock|unlock|open: confirmed with --wait, else accepted by the Tedee cloud)
  1  error: the Tedee cloud could not be reached in time, rejected the key, or failed otherwise
  2  wrong arguments
  3  refused: the command was not sent (unknown lock, lock offline, action not allowed)
  4  failed: the command was sent and surely did not happen
  5  timeout: the lock did not confirm in time; the door may still move
  6  unknown: whether the door moved cannot be known; the state read is printed`;
