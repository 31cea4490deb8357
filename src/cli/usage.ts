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
  demo: 'tedee-hub demo [--scenario] [--once] [--speed X] [--port-base N] [--folder DIR] [--no-homebridge] [--no-node-red]',
  keys: 'tedee-hub keys issue|list|show|update|replace-code|resend|revoke|reconcile [options]',
  profiles: 'tedee-hub profiles add|list|show|apply|remove [options]',
  apps: 'tedee-hub apps add|list|remove|keys [options] [--data DIR]',
  audit: 'tedee-hub audit [--since ISO] [--app NAME] [--limit N] [--json] [--data DIR]',
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
  demo [--scenario] [--once] [--speed X] [--port-base N] [--folder DIR] [--no-homebridge] [--no-node-red]
                               the demo (npm start): the emulator with a small house, the hub, MQTT on an embedded
                               broker, Homebridge; --scenario: a scripted weekend every front end shows; --once:
                               the scenario, a summary of what each front end saw, and exit. Ports N to N+4
                               (default 47800); everything it writes goes to DIR (default .demo/ in the package)
  keys issue (--name N --person P --doors A,B [credentials] [schedule] | --request FILE)
                               issue a key: one or more persons' access to one or more doors
  keys list [--status S] [--door D] [--person P] [--text T] [--profile P]
  keys show <id> [--reveal]
  keys update <id> [--name N] [--person P]... [--doors A,B] [schedule]   (a value "none" clears a field)
  keys replace-code <id> [--person NAME|INDEX] [--code C] [--policy P] [--length N]
  keys resend <id> [--person NAME|INDEX]
  keys revoke <id>             delete every cloud object of the key
  keys reconcile [<id>] [--repair]
                               compare the store with the cloud; --repair puts the cloud back
  profiles add <name> [--level guest|admin] [--remote on|off] [--days D] [--hours H] [--tz Z]
  profiles list | show <name> | apply <name> | remove <name>
  apps add <name> --group G [--description D] [--locks A,B]
                               an application of the hub's HTTP API; G is owner, general-manager, team,
                               installer, housekeeping or viewer (docs/api.md has the rights of each)
  apps list | remove <name|id> remove deletes the application's access keys with it
  apps keys add <app> --name N [--expires ISO]
                               a new access key (at most two per application); the key is printed once
  apps keys list [<app>]       keys by prefix, state, expiry and last use
  apps keys deactivate|reactivate <app> <key>
  apps keys expire <app> <key> [--at ISO|never]
                               expire now, or at ISO (a later time brings an expired key back), or never
  apps keys remove <app> (<key>... | --all)
  audit [--since ISO] [--app NAME] [--limit N]
                               the HTTP API's audit log, oldest first (the latest N, default 1000)

Key options (keys, profiles):
  --person "Name <email> +phone"  a person (repeat for more); email and phone optional, the phone starts with +
  --doors A,B     lock ids, serial numbers or names, separated by commas
  --smartkey | --doorcode [--code C] [--policy random|preferred|strict] [--length N] | --appkey
                  the credentials each person gets (several may be named); none named: a smart key.
                  --keycard and --fingerprint are refused (UNSUPPORTED_CREDENTIAL): Tedee has no API for them
  --from T, --until T
                  local date-times in the key's zone, YYYY-MM-DDTHH:MM (none: a permanent key)
  --days mon-fri | mon,wed,fri    --hours 09:00-17:00    --tz ZONE (default: the first door's zone)
  --profile NAME  --notes TEXT  --request-id ID (the same id twice makes one key)
  --request FILE  the whole key request as JSON (docs/keys.md); not mixed with the request flags above;
                  --dry-run may be added
  --dry-run       show per door what would be written (local and UTC) or why it would refuse; write nothing
  --best-effort   keep the doors that succeeded instead of rolling the key back
  --role owner|general-manager|team|installer|housekeeping
                  who issues (default owner); installer and housekeeping may only look (ROLE_FORBIDDEN)
  --json          print the key object (id, status, warnings, persons, doors with their status)
  --reveal        keys issue and keys show: doorcodes in clear (masked ••••13 otherwise)
  --data DIR      the hub's data folder with the key store (default ~/.tedee-hub, as run)
  and the cloud options below; progress of work on several doors goes to stderr

Application options (apps, audit):
  --json          print JSON (apps keys add: one line {"id","name","prefix","key","expiresAt"})
  --data DIR      the hub's data folder with the store (default ~/.tedee-hub, as run); these commands
                  need no cloud and may run while a hub uses the folder

Cloud options (locks, lock, unlock, open, watch, keys, profiles):
  --api-url URL   Tedee API URL (or TEDEE_API_URL; default ${DEFAULT_API_URL})
  --key KEY       Personal Access Key (or TEDEE_PAK, which keeps it out of the process list)
  --config FILE   the key and URL of a hub configuration file (as run reads it); --key and
                  --api-url win over it, it wins over TEDEE_PAK and TEDEE_API_URL
  --timeout S     give up after S seconds (default ${DEFAULT_TIMEOUT_S}): the whole command, or for watch
                  the first reading of the locks
  --verbose       also print the hub's own log lines

Other options:
  --help, -h      this help
  --version, -v   the version

Exit status:
  0  done (for lock|unlock|open: confirmed with --wait, else accepted by the Tedee cloud)
  1  error: the Tedee cloud could not be reached in time, rejected the key, or failed otherwise;
     for keys and profiles: the code, the door and the reason (e.g. PIN_DUPLICATE, ROLE_FORBIDDEN);
     for apps and audit: the code and the reason (e.g. ACCESS_KEY_LIMIT, APP_NAME_TAKEN)
  2  wrong arguments
  3  refused: the command was not sent (unknown lock, lock offline, action not allowed)
  4  failed: the command was sent and surely did not happen
  5  timeout: the lock did not confirm in time; the door may still move
  6  unknown: whether the door moved cannot be known; the state read is printed`;
