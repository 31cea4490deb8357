export const USAGE = `Usage: tedee-hub <command> [options]

Commands:
  emulator [--port N] [--locks N] [--seed S] [--speed X]
                               run the local Tedee cloud emulator; prints {"url", "key"} as one JSON line
  locks [--json]               list the locks of the account
  lock|unlock|open <lock> [--wait]
                               operate a lock, named by id, serial number or name
  watch [--json] [--interval S]
                               print one line per hub event until Ctrl-C
  check-config <file>          validate a configuration file; prints "ok" or each problem
  run --config <file> [--log-format text|json]
                               run the hub and the MQTT mirror from a configuration file
  demo [--once]                the demo: emulator, hub and MQTT mirror on embedded defaults

Cloud options (locks, lock, unlock, open, watch):
  --api-url URL   Tedee API URL (or TEDEE_API_URL; default https://api.tedee.com)
  --key KEY       Personal Access Key (or TEDEE_PAK, which keeps it out of the process list)`;
